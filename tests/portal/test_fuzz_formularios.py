"""Bounded fuzzing of the public forms (hypothesis): whatever a client sends, the
answer is never a 5xx, and a refused action leaves no trace.

What is sent: any Unicode (NUL included), lone surrogates written out as the raw
bytes a hostile client would send (``surrogatepass``), very long strings, bytes
that are not UTF-8, numbers and words where a choice or a date is expected, files
where text is expected and text where files are, fields missing, repeated or
unknown, random bytes (with and without the ``%PDF-`` signature, or a real PDF
cut short) uploaded with PDF names; as multipart, urlencoded or a body that is
neither. Each example starts from the valid form and changes some of it, so that
valid-looking input also reaches the services.

The forms: ``/consulta/``, ``/cuenta/ingresar/``, ``/solicitudes/nueva/`` (a
municipal account), a request's ``aportar`` and ``desistir`` (portal/tramite.py)
and ``/verificar/`` (portal/verificacion.py). The client enforces CSRF and sends a
valid token, so every body goes through CsrfViewMiddleware as in production.

Bounded on purpose: ``derandomize`` makes every run (and CI) try the same
examples, and ``EJEMPLOS`` keeps the file near half a minute on one core. Raise it
locally (``FUZZ_EJEMPLOS=500``) to look further.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import quote_from_bytes, urlparse

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Sum
from django.test import Client, override_settings

from expedientes.constants import EstadoSolicitud, TipoDocumento, TipoEvento
from expedientes.models import Contador, Documento, EventoSolicitud, Solicitud
from expedientes.services import solicitud_radicar, solicitud_suspender
from tests.casos import datos_solicitud, llevar_a, radicar
from tests.factories import pdf_de_prueba
from tests.utils import archivos_privados

pytestmark = pytest.mark.django_db

EJEMPLOS = int(os.environ.get("FUZZ_EJEMPLOS", "40"))
AJUSTES = settings(
    max_examples=EJEMPLOS,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=False,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,  # the fixtures are set up once per test
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
#: No rate limit gets in the way of the examples (they are tested elsewhere).
SIN_LIMITES = override_settings(
    PORTAL_LIMITE_CONSULTAS="1000000/m",
    PORTAL_LIMITE_RADICACIONES="1000000/h",
    AXES_FAILURE_LIMIT=1_000_000,
)
CLAVE = "clave-municipal-2026"  # tests/conftest.py: usuario_municipal
PDF = pdf_de_prueba()


# --- What a client may send -----------------------------------------------------------


@dataclass(frozen=True)
class Archivo:
    nombre: str
    contenido: bytes
    tipo: str = "application/pdf"


CARACTERES = st.one_of(
    st.characters(),  # every code point but the surrogates, NUL included
    st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),  # lone surrogates
    st.sampled_from("\x00\r\n\t\"'<>&%;=+\\\u202e\ufeff\u0301"),
)
TEXTO = st.one_of(
    st.text(CARACTERES, max_size=40),
    # Very long: past every max_length, up to about 1 MB of UTF-8.
    st.builds(
        lambda trozo, veces: trozo * veces,
        st.text(CARACTERES, min_size=1, max_size=4),
        st.sampled_from([301, 4_001, 65_537, 250_000]),
    ),
    st.integers(-(2**70), 2**70).map(str),
    st.sampled_from(
        ["", " ", "on", "off", "true", "None", "null", "[]", "{}", "-1", "1e309"]
    ),
)
CONTENIDO_PDF = st.one_of(
    st.binary(max_size=3_000),
    st.binary(max_size=3_000).map(lambda resto: b"%PDF-1.7\n" + resto),
    st.integers(0, len(PDF)).map(lambda n: PDF[:n]),  # a real PDF cut short
    st.tuples(st.integers(0, len(PDF) - 1), st.binary(min_size=1, max_size=64)).map(
        lambda par: PDF[: par[0]] + par[1] + PDF[par[0] + len(par[1]) :]
    ),  # a real PDF with some bytes overwritten
    st.just(PDF),
)
ARCHIVO = st.builds(
    Archivo,
    st.one_of(st.text(CARACTERES, max_size=30).map(lambda n: f"{n}.pdf"), TEXTO),
    CONTENIDO_PDF,
    st.sampled_from(["application/pdf", "application/octet-stream", "text/html"]),
)
VALOR = st.one_of(TEXTO, st.binary(max_size=200), ARCHIVO)
#: What goes in a URL: servers in front cut request lines at a few kB.
EN_URL = st.one_of(
    st.sampled_from(["", ":", "--", "\x00", "%", "/", "..", "?", "#", "%00", "\ud800"]),
    st.text(CARACTERES, max_size=40),
    st.text(CARACTERES, min_size=1, max_size=4).map(lambda trozo: trozo * 1_000),
)
ACCIONES = ["otro", "otro", "falta", "repetido"]


def _bytes(valor: str | bytes) -> bytes:
    return valor if isinstance(valor, bytes) else valor.encode("utf-8", "surrogatepass")


def _en_cabecera(texto: str) -> bytes:
    """A name inside ``Content-Disposition``, escaped as browsers do."""
    return (
        _bytes(texto)
        .replace(b'"', b"%22")
        .replace(b"\r", b"%0D")
        .replace(b"\n", b"%0A")
    )


@dataclass(frozen=True)
class Envio:
    partes: tuple[tuple[str, str | bytes | Archivo], ...]
    codificacion: str  # multipart, urlencoded or crudo
    crudo: bytes = b""

    def cuerpo(self, token: str) -> tuple[bytes, str]:
        partes = [("csrfmiddlewaretoken", token), *self.partes]
        if self.codificacion == "urlencoded":
            return (
                b"&".join(
                    quote_from_bytes(_bytes(nombre)).encode()
                    + b"="
                    + quote_from_bytes(
                        valor.contenido if isinstance(valor, Archivo) else _bytes(valor)
                    ).encode()
                    for nombre, valor in partes
                ),
                "application/x-www-form-urlencoded",
            )
        frontera = b"----fuzz7MA4YWxkTrZu0gW"
        if self.codificacion == "crudo":
            return self.crudo, "multipart/form-data; boundary=" + frontera.decode()
        cuerpo = b""
        for nombre, valor in partes:
            cabecera = b'Content-Disposition: form-data; name="' + _en_cabecera(nombre)
            if isinstance(valor, Archivo):
                cabecera += b'"; filename="' + _en_cabecera(valor.nombre) + b'"\r\n'
                cabecera += f"Content-Type: {valor.tipo}".encode()
                datos = valor.contenido
            else:
                cabecera += b'"'
                datos = _bytes(valor)
            cuerpo += b"--" + frontera + b"\r\n" + cabecera + b"\r\n\r\n" + datos
            cuerpo += b"\r\n"
        cuerpo += b"--" + frontera + b"--\r\n"
        return cuerpo, "multipart/form-data; boundary=" + frontera.decode()


@st.composite
def envios(draw, validos: dict[str, st.SearchStrategy]) -> Envio:
    """The valid form with a few fields (or all of them) changed, left out or
    repeated, plus a few unknown fields, in any order and encoding. Changing few
    fields at a time lets valid-looking forms reach the services too."""
    nombres = list(validos)
    cambiados = draw(
        st.one_of(st.sets(st.sampled_from(nombres), max_size=3), st.just(set(nombres)))
    )
    partes: list[tuple[str, str | bytes | Archivo]] = []
    for nombre, valido in validos.items():
        accion = draw(st.sampled_from(ACCIONES)) if nombre in cambiados else "valido"
        if accion == "falta":
            continue
        valores = [draw(VALOR if accion == "otro" else valido)]
        if accion == "repetido":
            valores += draw(st.lists(st.one_of(valido, VALOR), min_size=1, max_size=3))
        partes += [(nombre, valor) for valor in valores]
    partes += draw(
        st.lists(st.tuples(st.text(CARACTERES, max_size=20), VALOR), max_size=2)
    )
    partes = draw(st.permutations(partes))
    codificacion = draw(
        st.sampled_from(["multipart", "multipart", "multipart", "urlencoded", "crudo"])
    )
    crudo = draw(st.binary(max_size=500)) if codificacion == "crudo" else b""
    return Envio(tuple(partes), codificacion, crudo)


def cliente_con_token(url: str, usuario=None) -> tuple[Client, str]:
    """A client that enforces CSRF, logged in if asked, and the token its form gets."""
    cliente = Client(enforce_csrf_checks=True)
    if usuario is not None:
        cliente.force_login(usuario)
    cliente.get(url)
    return cliente, cliente.cookies["csrftoken"].value


def enviar(cliente: Client, url: str, envio: Envio, token: str):
    cuerpo, tipo = envio.cuerpo(token)
    respuesta = cliente.generic("POST", url, cuerpo, content_type=tipo)
    event(f"{envio.codificacion} -> HTTP {respuesta.status_code}")
    assert respuesta.status_code < 500, (respuesta.status_code, envio)
    return respuesta


def archivo(contenido: bytes = PDF, nombre: str = "acta.pdf") -> Archivo:
    return Archivo(nombre, contenido)


# --- What must not be left behind -----------------------------------------------------


def foto() -> dict[str, object]:
    """Everything a filing or a sending would leave."""
    return {
        "solicitudes": Solicitud.objects.count(),
        "documentos": Documento.objects.count(),
        "eventos": EventoSolicitud.objects.count(),
        "archivos": sorted(archivos_privados()),
        "contadores": Contador.objects.aggregate(n=Sum("ultimo"))["n"] or 0,
    }


def caso_completo(solicitud: Solicitud) -> None:
    """A filed case has its step, its oficio and receipt, and their files."""
    assert solicitud.eventos.filter(actividad=1).exists()
    guardados = set(archivos_privados())
    for tipo in (TipoDocumento.OFICIO_SOLICITUD, TipoDocumento.CONSTANCIA_RADICACION):
        documento = solicitud.documentos.get(tipo=tipo)
        assert documento.archivo.name in guardados, tipo
    assert solicitud.radicado.endswith(f"{Solicitud.objects.count():06d}")


# --- /consulta/ and /cuenta/ingresar/ -------------------------------------------------


@pytest.fixture
def filed(usuario_municipal, version_vigente):
    """A request and its access code, so that valid lookups find something."""
    return solicitud_radicar(
        actor=usuario_municipal,
        municipio=usuario_municipal.municipio,
        datos=datos_solicitud(),
        oficio=SimpleUploadedFile("oficio.pdf", PDF, "application/pdf"),
        acepta_tratamiento_datos=True,
    )


def test_consulta(filed):
    solicitud, codigo = filed
    cliente, token = cliente_con_token("/consulta/")
    antes = foto()

    @AJUSTES
    @given(
        envios(
            {
                "radicado": st.sampled_from([solicitud.radicado, "SP-2026-000999"]),
                "codigo": st.sampled_from([codigo, codigo.lower(), "ABCD-EFGH-JK23"]),
            }
        )
    )
    def consultar(envio):
        respuesta = enviar(cliente, "/consulta/", envio, token)
        assert respuesta.status_code in (200, 400, 403, 413), respuesta.status_code
        assert foto() == antes

    with SIN_LIMITES:
        consultar()


def test_ingresar(usuario_municipal):
    @AJUSTES
    @given(
        envios(
            {
                "username": st.sampled_from(["planeacion.bucaramanga", "nadie"]),
                "password": st.sampled_from([CLAVE, "mala"]),
                "next": st.sampled_from(
                    ["/solicitudes/", "https://otro.example/", "//otro.example/"]
                ),
            }
        )
    )
    def ingresar(envio):
        cliente, token = cliente_con_token("/cuenta/ingresar/")
        respuesta = enviar(cliente, "/cuenta/ingresar/", envio, token)
        assert respuesta.status_code in (200, 302, 400, 403, 413, 429)
        if respuesta.status_code == 302:  # never off the site, whatever ?next says
            assert urlparse(respuesta["Location"]).netloc in ("", "testserver")

    with SIN_LIMITES:
        ingresar()


# --- /solicitudes/nueva/ --------------------------------------------------------------

CAMPOS_SOLICITUD = {
    "nombre_solicitante": st.just("Laura Rincón"),
    "cargo_solicitante": st.just("Secretaria de Planeación municipal"),
    "correo_solicitante": st.just("planeacion@bucaramanga.gov.co"),
    "telefono_solicitante": st.just("607 633 7000"),
    "plan_vigente": st.sampled_from(["POT", "PBOT", "EOT"]),
    "tipo_solicitud": st.just("revision_general"),
    "tipo_solicitud_otra": st.just(""),
    "asunto": st.one_of(st.just("Revisión general del POT"), st.text(max_size=80)),
    "descripcion": st.just("Solicitamos asesoría para la revisión general del POT."),
    "acepta_tratamiento_datos": st.just("on"),
    "clave_envio": st.uuids().map(str),
    "oficio": st.just(archivo(nombre="oficio.pdf")),
    "anexos": st.just(archivo(pdf_de_prueba(texto="Anexo"), "anexo.pdf")),
}


def test_solicitud_nueva(
    usuario_municipal, version_vigente, django_capture_on_commit_callbacks
):
    cliente, token = cliente_con_token("/solicitudes/nueva/", usuario_municipal)
    radicados: set[str] = set()

    @AJUSTES
    @given(envios(CAMPOS_SOLICITUD))
    def radicar_formulario(envio):
        antes = foto()
        with django_capture_on_commit_callbacks(execute=True):
            respuesta = enviar(cliente, "/solicitudes/nueva/", envio, token)
        radicada = re.fullmatch(
            r"/solicitudes/(SP-\d{4}-\d{6})/radicada/", respuesta.get("Location", "")
        )
        nueva = radicada and radicada.group(1) not in radicados
        if nueva:  # accepted: one whole case, the next number
            radicados.add(radicada.group(1))
            assert foto()["solicitudes"] == antes["solicitudes"] + 1
            assert foto()["contadores"] == antes["contadores"] + 1
            caso_completo(Solicitud.objects.get(radicado=radicada.group(1)))
        else:  # refused, or filed before (same key or same content): nothing
            assert respuesta.status_code in (200, 302, 400, 403, 413)
            assert foto() == antes

    with SIN_LIMITES:
        radicar_formulario()


# --- The municipality's actions on its request (portal/tramite.py) --------------------


def test_aportar_documentos(usuario_municipal, personal):
    solicitud = llevar_a(radicar(usuario_municipal), 3, personal)
    url = f"/solicitudes/{solicitud.radicado}/aportar/"
    cliente, token = cliente_con_token(
        f"/solicitudes/{solicitud.radicado}/", usuario_municipal
    )

    @AJUSTES
    @given(
        envios(
            {
                "documentos": st.builds(archivo, st.just(PDF), st.just("acta.pdf")),
                "mensaje": st.just("Enviamos el acta."),
            }
        )
    )
    def aportar(envio):
        solicitud.refresh_from_db()
        if solicitud.estado != EstadoSolicitud.SUSPENDIDA:
            solicitud_suspender(
                solicitud=solicitud,
                actor=personal["secretario"],
                actividad=3,
                motivo="Falta el acta.",
            )
        antes = foto()
        respuesta = enviar(cliente, url, envio, token)
        solicitud.refresh_from_db()
        if solicitud.estado == EstadoSolicitud.EN_TRAMITE:  # accepted
            assert respuesta.status_code == 302
            aportados = solicitud.documentos.filter(
                tipo=TipoDocumento.DOCUMENTO_APORTADO
            )
            guardados = set(archivos_privados())
            assert all(d.archivo.name in guardados for d in aportados)
            assert foto()["solicitudes"] == antes["solicitudes"]
        else:
            assert solicitud.estado == EstadoSolicitud.SUSPENDIDA
            assert respuesta.status_code in (200, 400, 403, 413)
            assert foto() == antes

    with SIN_LIMITES:
        aportar()


def test_desistir(usuario_municipal, version_vigente):
    cliente = Client(enforce_csrf_checks=True)
    cliente.force_login(usuario_municipal)
    actual: list[Solicitud] = []

    @AJUSTES
    @given(envios({"motivo": st.just("El concejo aplazó la revisión.")}))
    def desistir(envio):
        if not actual or actual[-1].estado == EstadoSolicitud.DESISTIDA:
            actual.append(radicar(usuario_municipal))
        solicitud = actual[-1]
        url = f"/solicitudes/{solicitud.radicado}/desistir/"
        cliente.get(url)
        antes = foto()
        respuesta = enviar(cliente, url, envio, cliente.cookies["csrftoken"].value)
        solicitud.refresh_from_db()
        if solicitud.estado == EstadoSolicitud.DESISTIDA:
            assert respuesta.status_code == 302
            assert solicitud.eventos.filter(tipo=TipoEvento.DESISTIDA).count() == 1
            assert foto()["eventos"] == antes["eventos"] + 1
        else:
            assert solicitud.estado == EstadoSolicitud.EN_TRAMITE
            assert respuesta.status_code in (200, 400, 403, 413)
            assert foto() == antes

    with SIN_LIMITES:
        desistir()


# --- /verificar/ ----------------------------------------------------------------------


@pytest.fixture
def constancia(usuario_municipal, version_vigente):
    from expedientes.tasks import procesar_solicitud

    solicitud = radicar(usuario_municipal)
    procesar_solicitud(solicitud.pk)
    return solicitud.documentos.get(tipo=TipoDocumento.CONSTANCIA_RADICACION)


def test_verificar(constancia):
    url = f"/verificar/{constancia.codigo_verificacion}/"
    cliente, token = cliente_con_token(url)
    registro = constancia.archivo.read()
    antes = foto()

    @AJUSTES
    @given(
        envios({"archivo": st.just(archivo(registro, "constancia.pdf"))}),
        EN_URL,
        st.binary(max_size=100),
    )
    @example(
        Envio((("archivo", archivo(registro, "constancia.pdf")),), "multipart"), "", b""
    )
    def verificar(envio, codigo, crudo):
        respuesta = enviar(cliente, url, envio, token)
        assert respuesta.status_code in (200, 400, 403, 413)
        # The code as typed in the form (any text), and as a path (any bytes).
        inicio = cliente.get("/verificar/?codigo=" + quote_from_bytes(_bytes(codigo)))
        # 400: a NUL in the address (portal.middleware.PeticionMalformadaMiddleware).
        assert inicio.status_code in (200, 302, 400), inicio.status_code
        for ruta in (_bytes(codigo), crudo):
            camino = cliente.get("/verificar/" + quote_from_bytes(ruta, safe="") + "/")
            assert camino.status_code in (200, 301, 302, 400, 404), camino.status_code
        assert foto() == antes

    with SIN_LIMITES:
        verificar()
