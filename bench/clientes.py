"""The load's clients, shared by parts 8 (``carga``) and 10 (``aguante``).

CLIENTES asyncio tasks share one ``httpx.AsyncClient`` (connections not kept
alive: gunicorn's sync workers close them anyway); each is a loop that draws its
next request from MEZCLA with its own seeded ``random.Random``: public pages, the
municipality's portal, a filing (the whole form with a PDF and a fresh
``clave_envio``), the staff's cases listing, ``/healthz``. A filing answered 503 or
not answered is sent again after REINTENTO s **with the same ``clave_envio``**, as
a person pressing the button again would. When the time is up the clients stop
sending and every request in flight is waited for, so every filing has an answer
to compare with the database.
"""

from __future__ import annotations

import asyncio
import os
import random
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from bench.comun import HOST

CLIENTES = int(os.environ.get("BENCH_CARGA_CLIENTES", "50"))
#: A filing answered 503 (or not at all) is sent again after this many seconds,
#: until this many tries.
REINTENTO = 1.0
INTENTOS = 30
#: httpx's timeout: 50 clients on 2 sync workers queue; a slow answer is measured.
ESPERA_MAXIMA = 60.0
SEMILLA = "/procedimientos/es-pe-pr-31/"

#: What a client does, with its weight: (name, weight).
MEZCLA = (
    ("public", 35),  # anonymous pages: home, procedure, lookup, search, verification
    ("portal", 25),  # the municipality's list and one of its requests
    ("filing", 15),  # the filing form POSTed, PDF attached
    ("admin", 10),  # the Ventanilla única's cases listing
    ("healthz", 15),  # the baseline's endpoint, also within the mix
)
PUBLICAS = ("/", SEMILLA, "/consulta/", "/buscar/?q=plan", "/verificar/")


@dataclass
class Respuesta:
    fase: str
    tipo: str
    ruta: str
    inicio: float  # seconds since the phase began
    fin: float
    estado: int  # HTTP status; 0 when no answer (the error says why)
    error: str = ""
    ubicacion: str = ""  # Location of a redirect


@dataclass
class Fase:
    nombre: str
    segundos: float
    mezcla: tuple[tuple[str, int], ...]
    respuestas: list[Respuesta] = field(default_factory=list)
    #: clave_envio -> radicados the clients were told (one per confirmation).
    confirmaciones: dict[str, list[str]] = field(
        default_factory=lambda: defaultdict(list)
    )
    reintentos: int = 0
    sin_confirmar: list[str] = field(default_factory=list)


def formulario(token: str, n: str, oficio: bytes) -> tuple[dict, dict]:
    """A filing as the browser sends it; ``n`` makes its content unique (the view
    takes two forms of the same content from one account for one filing)."""
    return (
        {
            "csrfmiddlewaretoken": token,
            "nombre_solicitante": "Laura Rincón",
            "cargo_solicitante": "Secretaria de Planeación municipal",
            "correo_solicitante": "planeacion@bucaramanga.gov.co",
            "telefono_solicitante": "607 633 7000",
            "plan_vigente": "POT",
            "tipo_solicitud": "revision_general",
            "tipo_solicitud_otra": "",
            "asunto": f"Revisión general del POT ({n})",
            "descripcion": "Solicitamos asesoría para la revisión general del POT.",
            "acepta_tratamiento_datos": "on",
            "clave_envio": str(uuid.uuid4()),
        },
        {"oficio": ("oficio.pdf", oficio, "application/pdf")},
    )


def radicado_de(ubicacion: str) -> str | None:
    """The radicado a filing's 302 names: its confirmation page, or its page when
    the same ``clave_envio`` had been filed already (a retry)."""
    partes = ubicacion.strip("/").split("/")
    if len(partes) >= 2 and partes[0] == "solicitudes" and partes[1].count("-") == 2:
        return partes[1]
    return None


async def cliente(
    indice: int,
    http,
    fase: Fase,
    cuenta: dict[str, str],
    admin: str,
    oficio: bytes,
    origen: str,
    t0: float,
    fin: float,
) -> None:
    import httpx

    azar = random.Random(f"{fase.nombre}-{indice}")  # noqa: S311 - a load mix
    nombres = [n for n, _ in fase.mezcla]
    pesos = [p for _, p in fase.mezcla]
    cookie = f"sessionid={cuenta['sesion']}; csrftoken={cuenta['secreto']}"
    mias: list[str] = []
    n = 0

    async def pedir(tipo: str, metodo: str, ruta: str, **kwargs) -> Respuesta:
        inicio = time.monotonic() - t0
        try:
            r = await http.request(metodo, ruta, **kwargs)
            estado, error, ubicacion = r.status_code, "", r.headers.get("location", "")
        except httpx.HTTPError as excepcion:
            estado, error, ubicacion = 0, type(excepcion).__name__, ""
        respuesta = Respuesta(
            fase.nombre,
            tipo,
            ruta,
            inicio,
            time.monotonic() - t0,
            estado,
            error,
            ubicacion,
        )
        fase.respuestas.append(respuesta)
        return respuesta

    while time.monotonic() < fin:
        tipo = azar.choices(nombres, pesos)[0]
        if tipo == "healthz":
            await pedir(tipo, "GET", "/healthz")
        elif tipo == "public":
            await pedir(tipo, "GET", azar.choice(PUBLICAS))
        elif tipo == "portal":
            ruta = (
                f"/solicitudes/{mias[-1]}/"
                if mias and azar.random() < 0.5
                else ("/solicitudes/")
            )
            await pedir(tipo, "GET", ruta, headers={"Cookie": cookie})
        elif tipo == "admin":
            await pedir(tipo, "GET", "/admin/solicitudes/", headers={"Cookie": admin})
        else:
            n += 1
            datos, archivos = formulario(
                cuenta["token"], f"{fase.nombre} {indice}-{n}", oficio
            )
            cabeceras = {"Cookie": cookie, "Origin": origen, "Referer": origen + "/"}
            for intento in range(INTENTOS):
                r = await pedir(
                    tipo,
                    "POST",
                    "/solicitudes/nueva/",
                    data=datos,
                    files=archivos,
                    headers=cabeceras,
                )
                radicado = r.estado == 302 and radicado_de(r.ubicacion)
                if radicado:
                    fase.confirmaciones[datos["clave_envio"]].append(radicado)
                    mias.append(radicado)
                    break
                if r.estado not in (0, 503):
                    break  # unexpected: counted, not retried
                fase.reintentos += intento == 0
                await asyncio.sleep(REINTENTO)
            else:
                fase.sin_confirmar.append(datos["clave_envio"])


async def correr_fase(
    fase: Fase,
    puerto: int,
    cuentas: list[dict],
    admin: str,
    oficio: bytes,
    t0: float | None,
) -> float:
    import httpx

    origen = f"http://{HOST}:{puerto}"
    limites = httpx.Limits(max_connections=CLIENTES + 10, max_keepalive_connections=0)
    async with httpx.AsyncClient(
        base_url=origen,
        timeout=ESPERA_MAXIMA,
        limits=limites,
        follow_redirects=False,
        trust_env=False,
    ) as http:
        t0 = time.monotonic() if t0 is None else t0
        fin = t0 + fase.segundos
        await asyncio.gather(
            *(
                cliente(
                    i,
                    http,
                    fase,
                    cuentas[i % len(cuentas)],
                    admin,
                    oficio,
                    origen,
                    t0,
                    fin,
                )
                for i in range(CLIENTES)
            )
        )
        return time.monotonic() - t0


def percentil(valores: list[float], p: float) -> float:
    if not valores:
        return float("nan")
    ordenados = sorted(valores)
    return ordenados[min(len(ordenados) - 1, round(p / 100 * (len(ordenados) - 1)))]


def estadistica(respuestas: list[Respuesta], segundos: float) -> dict[str, Any]:
    ms = [(r.fin - r.inicio) * 1000 for r in respuestas]
    return {
        "n": len(respuestas),
        "rps": len(respuestas) / segundos if segundos else 0.0,
        "p50_ms": percentil(ms, 50),
        "p95_ms": percentil(ms, 95),
        "p99_ms": percentil(ms, 99),
        "estados": dict(Counter(str(r.estado or r.error) for r in respuestas)),
    }


def esperado(r: Respuesta) -> bool:
    if r.tipo == "filing":
        return r.estado == 302 and bool(radicado_de(r.ubicacion))
    return r.estado == 200
