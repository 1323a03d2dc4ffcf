"""Content-Security-Policy on every response (portal/csp.py, settings/base.py).

Every page names only this site as a source, and whatever runs or styles inline
carries the nonce of its own response's header. The admin differs in one directive
only (script-src, for Wagtail's own inline scripts: portal/csp.py says why). The
browser's side of it is tests/e2e/test_csp.py.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.template import RequestContext, Template
from django.test import Client
from django.urls import include, path

from expedientes.constants import TipoDocumento
from expedientes.models import Documento
from tests.casos import completar, radicar

CABECERA = "Content-Security-Policy"

#: The policy of every page but the admin's, nonce aside.
ESTRICTA = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'self'"],
    "form-action": ["'self'"],
}
ADMIN = {
    **ESTRICTA,
    "script-src": ["'self'", "'unsafe-inline'"],
    "script-src-attr": ["'none'"],
}


def politica(respuesta) -> dict[str, list[str]]:
    """The header's directives, each with its sources."""
    assert CABECERA in respuesta, f"sin {CABECERA}: {respuesta.status_code}"
    directivas = {}
    for directiva in respuesta[CABECERA].split(";"):
        nombre, *fuentes = directiva.split()
        assert nombre not in directivas, f"{nombre} dos veces"
        directivas[nombre] = fuentes
    return directivas


def sin_nonce(directivas: dict[str, list[str]]) -> tuple[dict, set[str]]:
    """The directives without their nonce sources, and the nonces found."""
    nonces = set()
    limpias = {}
    for nombre, fuentes in directivas.items():
        limpias[nombre] = []
        for fuente in fuentes:
            if fuente.startswith("'nonce-"):
                nonces.add(fuente.removeprefix("'nonce-").removesuffix("'"))
            else:
                limpias[nombre].append(fuente)
    return limpias, nonces


class _Inline(HTMLParser):
    """What a page has inline: scripts and styles (with their nonce), event
    handler attributes, style attributes and javascript: links."""

    DATOS = {"application/json", "application/ld+json", "text/template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts, self.estilos, self.manejadores = [], [], []
        self.atributos_style, self.enlaces_js = [], []

    def handle_starttag(self, etiqueta, atributos):
        attrs = dict(atributos)
        if etiqueta == "script" and "src" not in attrs:
            if (attrs.get("type") or "").lower() not in self.DATOS:
                self.scripts.append(attrs.get("nonce"))
        if etiqueta == "style":
            self.estilos.append(attrs.get("nonce"))
        for nombre, valor in atributos:
            if nombre.startswith("on"):
                self.manejadores.append(f"<{etiqueta} {nombre}=…>")
            if nombre == "style":
                self.atributos_style.append(f"<{etiqueta} style={valor!r}>")
            if nombre in ("href", "src", "action") and (
                valor or ""
            ).strip().lower().startswith("javascript:"):
                self.enlaces_js.append(f"<{etiqueta} {nombre}={valor!r}>")


def inline(respuesta) -> _Inline:
    lector = _Inline()
    lector.feed(respuesta.content.decode())
    return lector


def comprobar_pagina(respuesta, esperada=ESTRICTA):
    """The page's header is the policy expected, and each inline script or style
    carries that header's nonce; nothing else is inline."""
    directivas, nonces = sin_nonce(politica(respuesta))
    assert directivas == esperada
    # At most one nonce, and only where a policy with a nonce is expected.
    assert len(nonces) <= 1
    nonce = next(iter(nonces), None)
    con_nonce = {"script-src", "style-src"} if esperada is ESTRICTA else {"style-src"}
    for nombre, fuentes in politica(respuesta).items():
        if any(f.startswith("'nonce-") for f in fuentes):
            assert nombre in con_nonce, f"nonce en {nombre}: {respuesta[CABECERA]}"
    lector = inline(respuesta)
    if esperada is ESTRICTA:
        for script in lector.scripts:
            assert script is not None and script == nonce, (
                f"<script> sin el nonce de la cabecera ({script!r} ≠ {nonce!r})"
            )
    for estilo in lector.estilos:
        assert estilo is not None and estilo == nonce, (
            f"<style> sin el nonce de la cabecera ({estilo!r} ≠ {nonce!r})"
        )
    assert lector.manejadores == []
    assert lector.atributos_style == []
    assert lector.enlaces_js == []
    return lector


# --- Public pages, the portal, error pages -----------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/procedimientos/",
        "/procedimientos/es-pe-pr-31/",
        "/glosario/",
        "/buscar/?q=plan",
        "/consulta/",
        "/verificar/",
        "/cuenta/ingresar/",
        "/sitemap.xml",
    ],
)
def test_las_paginas_publicas_llevan_la_politica_estricta(client, procedimiento, url):
    respuesta = client.get(url)
    assert respuesta.status_code == 200
    comprobar_pagina(respuesta)


def test_las_paginas_del_municipio_llevan_la_politica_estricta(
    client, usuario_municipal, version_vigente
):
    solicitud = radicar(usuario_municipal)
    client.force_login(usuario_municipal)
    for url in (
        "/solicitudes/",
        "/solicitudes/nueva/",
        f"/solicitudes/{solicitud.radicado}/",
    ):
        respuesta = client.get(url)
        assert respuesta.status_code == 200, url
        lector = comprobar_pagina(respuesta)
    # The filing form's script is a file of this site (static/js/solicitudes.js).
    assert (
        b'src="/static/js/solicitudes.js"' in client.get("/solicitudes/nueva/").content
    )
    assert lector.scripts == []


def test_las_paginas_de_error_tambien(inicio):
    cliente = Client(raise_request_exception=False)
    # 404 from the view, 400 from a middleware that answers before the view
    # (portal.middleware.PeticionMalformadaMiddleware), 403 from the CSRF check.
    for url, estado in (("/no-existe/", 404), ("/buscar/?q=%00", 400)):
        respuesta = cliente.get(url)
        assert respuesta.status_code == estado
        comprobar_pagina(respuesta)
    respuesta = Client(enforce_csrf_checks=True).post("/consulta/", {"radicado": "X"})
    assert respuesta.status_code == 403
    comprobar_pagina(respuesta)
    # 413 from the first middleware that reads a request (portal/middleware.py).
    respuesta = Client().generic(
        "POST",
        "/consulta/",
        data=b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(10**12),
    )
    assert respuesta.status_code == 413
    comprobar_pagina(respuesta)


def _falla(request):
    raise RuntimeError("prueba")


def _con_nonce(request):
    """A page with an inline script and style, as a template of ours would write
    them."""
    plantilla = Template(
        '<style nonce="{{ request.csp_nonce }}">p{color:red}</style>'
        '<script nonce="{{ request.csp_nonce }}">document.title = "ok";</script>'
    )
    return HttpResponse(plantilla.render(RequestContext(request)))


urlpatterns = [
    path("prueba-csp/falla/", _falla),
    path("prueba-csp/nonce/", _con_nonce),
    path("", include("portal.urls")),
]
handler500 = "portal.errores.error_del_servidor"


@pytest.mark.urls("tests.portal.test_csp")
def test_el_500_tambien(inicio):
    respuesta = Client(raise_request_exception=False).get("/prueba-csp/falla/")
    assert respuesta.status_code == 500
    comprobar_pagina(respuesta)


@pytest.mark.urls("tests.portal.test_csp")
def test_el_nonce_de_la_cabecera_es_el_de_las_etiquetas(client, db):
    primera = client.get("/prueba-csp/nonce/")
    lector = comprobar_pagina(primera)
    _, (nonce,) = sin_nonce(politica(primera))
    assert lector.scripts == [nonce] and lector.estilos == [nonce]
    assert f"'nonce-{nonce}'" in politica(primera)["script-src"]
    assert f"'nonce-{nonce}'" in politica(primera)["style-src"]
    assert len(nonce) >= 22  # 16 random bytes, base64
    # Each response has its own.
    _, (otro,) = sin_nonce(politica(client.get("/prueba-csp/nonce/")))
    assert otro != nonce


@pytest.mark.urls("tests.portal.test_csp")
def test_una_pagina_de_la_cache_guarda_su_cabecera_con_su_nonce(client, db, settings):
    """The page cache stores the header with the body it was rendered with, so a
    hit never pairs a body with another response's nonce."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "paginas": {
            "BACKEND": "portal.cache.CacheEnDosNiveles",
            "OPTIONS": {"COMPARTIDA": "default", "REVALIDAR": 0},
        },
    }
    caches["paginas"].clear()
    try:
        primera = client.get("/prueba-csp/nonce/")
        segunda = client.get("/prueba-csp/nonce/")
        assert segunda.content == primera.content  # served from the cache
        assert segunda[CABECERA] == primera[CABECERA]
        comprobar_pagina(segunda)
    finally:
        caches["paginas"].clear()
        caches["default"].clear()


def test_healthz_sigue_respondiendo(client, db):
    respuesta = client.get("/healthz")
    assert respuesta.status_code == 200
    assert respuesta.json()["estado"] == "ok"
    assert sin_nonce(politica(respuesta))[0] == ESTRICTA


# --- The admin ----------------------------------------------------------------------


@pytest.fixture
def administrador(django_user_model):
    return django_user_model.objects.create_superuser(
        "admin-csp", "admin@localhost", "clave-de-prueba"
    )


def test_el_admin_solo_relaja_script_src(client, procedimiento, administrador):
    assert sin_nonce(politica(client.get("/admin/login/")))[0] == ADMIN
    client.force_login(administrador)
    for url in (
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{procedimiento.pk}/edit/",
        "/admin/snippets/procedimientos/definicion/",
        "/admin/snippets/expedientes/municipio/",
        "/admin/solicitudes/",
        "/admin/documents/",
    ):
        respuesta = client.get(url)
        assert respuesta.status_code == 200, url
        comprobar_pagina(respuesta, ADMIN)
        # No nonce in script-src: it would make browsers ignore 'unsafe-inline'.
        assert not any(
            f.startswith("'nonce-") for f in politica(respuesta)["script-src"]
        )
        # The cases' styles come from a file, not an inline <style>.
        assert b'href="/static/css/admin.css"' in respuesta.content, url


def test_la_descarga_de_un_documento_no_cambia(client, usuario_municipal, personal):
    solicitud = radicar(usuario_municipal)
    completar(solicitud, personal)
    oficio = Documento.objects.get(
        solicitud=solicitud, tipo=TipoDocumento.OFICIO_SOLICITUD
    )
    client.force_login(personal["profesional"])
    respuesta = client.get(f"/admin/solicitudes/documento/{solicitud.pk}/{oficio.pk}/")
    assert respuesta.status_code == 200
    assert b"".join(respuesta.streaming_content).startswith(b"%PDF")
    assert "attachment" in respuesta["Content-Disposition"]
    assert sin_nonce(politica(respuesta))[0] == ADMIN


# --- Our templates ------------------------------------------------------------------

RAIZ = Path(settings.BASE_DIR)
#: E-mail bodies: a mail client shows them, the site's CSP never applies.
CORREOS = ("correos", "notifications")


def _plantillas():
    carpetas = [RAIZ / "templates", *RAIZ.glob("*/templates")]
    for carpeta in carpetas:
        if ".venv" in carpeta.parts:
            continue
        for plantilla in sorted(carpeta.rglob("*.html")):
            if not any(parte in CORREOS for parte in plantilla.parts):
                yield plantilla


NONCE_EN_PLANTILLA = 'nonce="{{ request.csp_nonce }}"'


def test_ninguna_plantilla_escribe_codigo_en_linea_sin_nonce():
    """A page these templates make cannot hide from the tests above: every inline
    <script> or <style> of ours carries the nonce, none has on…= or style=."""
    problemas = []
    for plantilla in _plantillas():
        texto = plantilla.read_text()
        nombre = plantilla.relative_to(RAIZ)
        for etiqueta in re.finditer(r"<(script|style)\b([^>]*)>", texto):
            atributos = etiqueta.group(2)
            if etiqueta.group(1) == "script" and (
                "src=" in atributos
                or re.search(r'type="application/(ld\+)?json"', atributos)
            ):
                continue
            if NONCE_EN_PLANTILLA not in atributos:
                problemas.append(f"{nombre}: <{etiqueta.group(1)}{atributos}>")
        for atributo in re.finditer(r"\s(on[a-z]+|style)\s*=", texto):
            problemas.append(f"{nombre}: {atributo.group(1)}=")
        if re.search(r"javascript:", texto, re.IGNORECASE):
            problemas.append(f"{nombre}: javascript:")
    assert problemas == []
