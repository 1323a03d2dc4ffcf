"""Random realistic cases for ``manage.py generar_casos N``: over the 87
municipalities, ending in every activity and state (``DESTINOS``), mostly on time
and some due soon or overdue.

``casos_al_azar`` draws the cases (also the plan of the bulk rows of
``rapido.py``); ``generar`` walks them through the services (``pasos.py``).
"""

from __future__ import annotations

import random
from collections.abc import Callable

from ..constants import EstadoSolicitud, TipoPlan, TipoSolicitud
from ..models import Municipio, Solicitud
from .pasos import CasoDemo, Paso, caso_crear
from .personal import personal_asegurar
from .reloj import Calendario

# --- The content of generated cases ---------------------------------------------------

NOMBRES = (
    "Laura Rincón Ardila",
    "Carlos Andrés Ardila Pérez",
    "Yolanda Patricia Gómez Díaz",
    "Javier Mauricio Suárez León",
    "Luz Marina Quintero Rojas",
    "Édgar Alonso Niño Cáceres",
    "Claudia Marcela Prada Ortiz",
    "Hernán Darío Mejía Blanco",
    "Adriana Lucía Vargas Jaimes",
    "Fabio Enrique Camacho Sierra",
)
CARGOS_SOLICITANTE = (
    "Secretario(a) de Planeación municipal",
    "Alcalde(sa) municipal",
    "Jefe(a) de la Oficina Asesora de Planeación",
    "Profesional de ordenamiento territorial",
)
ASUNTOS = {
    TipoSolicitud.REVISION_GENERAL: (
        "Revisión general del {plan} de {municipio}",
        "Acompañamiento a la revisión general del {plan}: diagnóstico y formulación",
        "Revisión general del {plan} por vencimiento de su vigencia de largo plazo",
    ),
    TipoSolicitud.REVISION_EXCEPCIONAL: (
        "Revisión excepcional del {plan}: incorporación de la gestión del riesgo",
        "Revisión excepcional del {plan} para ajustar el perímetro urbano",
        "Revisión excepcional del {plan}: suelo de expansión para vivienda social",
    ),
    TipoSolicitud.MODIFICACION_EXCEPCIONAL: (
        "Modificación excepcional de norma urbanística: alturas en el centro",
        "Modificación excepcional de norma urbanística: usos del suelo comercial",
        "Modificación excepcional de norma urbanística: cesiones en urbanizaciones",
    ),
    TipoSolicitud.OTRA: (
        "Concepto sobre la armonización del {plan} con el POMCA",
        "Asesoría sobre el expediente municipal del {plan}",
    ),
}

# --- generar_casos: N cases over every activity and state -----------------------------

#: Where generated cases end: (activity, state, weight).
DESTINOS = (
    (2, EstadoSolicitud.EN_TRAMITE, 8),
    (3, EstadoSolicitud.EN_TRAMITE, 14),
    (4, EstadoSolicitud.EN_TRAMITE, 12),
    (5, EstadoSolicitud.EN_TRAMITE, 28),
    (6, EstadoSolicitud.EN_TRAMITE, 14),
    (3, EstadoSolicitud.SUSPENDIDA, 4),
    (5, EstadoSolicitud.SUSPENDIDA, 3),
    (3, EstadoSolicitud.RECHAZADA, 6),
    (4, EstadoSolicitud.DESISTIDA, 3),
    (5, EstadoSolicitud.DESISTIDA, 3),
)
#: Internal term of each activity in the seed (the waits are drawn around them).
TERMINO = {2: 2, 3: 10, 4: 10, 5: 120, 6: 10}
PASO_DE_ACTIVIDAD = {2: "registrar", 3: "alcance", 4: "equipo", 5: "apoyo"}


def _espera(rng: random.Random, actividad: int, *, final: bool) -> int:
    """Business days a case spends in an activity: mostly on time; the one it
    is in now is also often due soon or overdue."""
    termino = TERMINO[actividad]
    suerte = rng.random()
    if final and suerte < 0.2:
        return termino + rng.randint(1, 15)  # vencida
    if final and suerte < 0.4:
        return max(1, termino - rng.randint(0, 2))  # vence pronto
    return rng.randint(1, max(1, termino - 3))


def caso_al_azar(rng: random.Random, municipios: list[Municipio]) -> CasoDemo:
    """A realistic case: where it ends, the steps that take it there, and when."""
    pesos = [peso for _actividad, _estado, peso in DESTINOS]
    actividad, estado, _peso = rng.choices(DESTINOS, weights=pesos)[0]
    municipio = rng.choice(municipios)
    tipo = rng.choices(TipoSolicitud.values, weights=(5, 3, 2, 1))[0]
    plan = municipio.tipo_plan or rng.choice(TipoPlan.values)
    pasos: list[tuple[int, str, bool]] = []  # days after filing
    dia = 0
    for numero in range(2, actividad):
        espera = _espera(rng, numero, final=False)
        if numero == 5:
            for _sesion_n in range(rng.randint(1, 4)):
                pasos.append(
                    (dia + rng.randint(1, max(1, espera - 1)), "sesion", False)
                )
            pasos.sort()
        if numero == 3 and rng.random() < 0.1:  # waited for the municipality once
            suspendida = dia + 1
            pasos.append((suspendida, "suspender", False))
            pasos.append((suspendida + rng.randint(1, 10), "reanudar", False))
            dia = pasos[-1][0]
        if numero == 4 and rng.random() < 0.1:  # stepped back once, scope redone
            pasos.append((dia + 1, "devolver", False))
            dia += 1 + rng.randint(1, 4)
            pasos.append((dia, "alcance", False))
        dia += espera
        pasos.append((dia, PASO_DE_ACTIVIDAD[numero], rng.random() < 0.4))
    if estado == EstadoSolicitud.EN_TRAMITE:
        # Business days since it entered the activity it is in: every step in
        # it (sessions, an extension) happened before today.
        espera = _espera(rng, actividad, final=True)
        if actividad == 5 and espera > 1:
            for _sesion_n in range(rng.randint(0, 3)):
                pasos.append((dia + rng.randint(1, espera - 1), "sesion", False))
        if actividad in (3, 4) and espera > 1 and rng.random() < 0.1:
            pasos.append((dia + 1, "prorrogar", False))
    else:
        dia += rng.randint(1, max(1, TERMINO[actividad] - 3))
        accion = {
            EstadoSolicitud.SUSPENDIDA: "suspender",
            EstadoSolicitud.RECHAZADA: "rechazar",
            EstadoSolicitud.DESISTIDA: "desistir",
        }[estado]
        pasos.append((dia, accion, False))
        espera = rng.randint(1, 15)
    pasos.sort(key=lambda p: p[0])
    radicada = -(dia + espera)
    return CasoDemo(
        municipio=municipio.codigo_divipola,
        radicada=radicada,
        tipo_solicitud=tipo,
        asunto=rng.choice(ASUNTOS[tipo]).format(plan=plan, municipio=municipio.nombre),
        descripcion=f"El municipio de {municipio.nombre} solicita la asesoría de "
        f"la Secretaría de Planeación departamental ({plan} vigente).",
        pasos=tuple(
            Paso(radicada + d, accion, con_acuerdo=acuerdo)
            for d, accion, acuerdo in pasos
        ),
        por_municipio=rng.random() < 0.6,
        plan_vigente=plan,
        solicitante=(rng.choice(NOMBRES), rng.choice(CARGOS_SOLICITANTE)),
    )


def casos_al_azar(n: int, rng: random.Random) -> list[CasoDemo]:
    """``n`` cases, oldest filing first (radicado numbers follow filing dates)."""
    municipios = list(Municipio.objects.order_by("codigo_divipola"))
    casos = [caso_al_azar(rng, municipios) for _i in range(n)]
    casos.sort(key=lambda c: c.radicada)
    return casos


def generar(
    n: int,
    *,
    semilla: int | None = None,
    avance: Callable[[int], None] | None = None,
) -> list[Solicitud]:
    """``n`` realistic cases through the services (``manage.py generar_casos``)."""
    rng = random.Random(semilla)  # noqa: S311 - load data, not secrets
    personal = personal_asegurar(con_clave=False)
    calendario = Calendario()
    solicitudes = []
    for caso in casos_al_azar(n, rng):
        solicitud, _codigo = caso_crear(caso, personal, calendario=calendario, rng=rng)
        solicitudes.append(solicitud)
        if avance:
            avance(1)
    return solicitudes
