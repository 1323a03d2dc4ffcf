"""Issue 18: the admin's case page of a long case, built row by row without a
template include and a form per row, still does what each row's markup is for:
each pending commitment's "Marcar cumplido" form posts, with a CSRF token the
site accepts, the commitment's number to its action, which marks it; each
correctable record's "Corregir" form posts to that record's correction; every
file of the index links to a download that answers. The case is
``tests.caso_fijo`` (frozen clock, every branch of the per-row markup)."""

import re

import pytest
import time_machine
from bs4 import BeautifulSoup

from django.test import Client
from django.urls import reverse

from expedientes.models import Compromiso, Documento
from tests.caso_fijo import MOMENTO, caso_fijo

pytestmark = pytest.mark.django_db


@pytest.fixture
def reloj():
    with time_machine.travel(MOMENTO, tick=False):
        yield


@pytest.fixture
def caso(reloj, usuario_municipal, personal, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return caso_fijo(usuario_municipal, personal)


def pagina(cliente, usuario, caso) -> BeautifulSoup:
    cliente.force_login(usuario)
    respuesta = cliente.get(reverse("solicitudes:inspect", args=[caso.pk]))
    assert respuesta.status_code == 200
    return BeautifulSoup(respuesta.content, "html.parser")


def campos(form) -> dict[str, str]:
    return {
        campo["name"]: campo.get("value", "")
        for campo in form.find_all(["input", "textarea"])
        if campo.get("name")
    }


def test_cada_compromiso_pendiente_tiene_su_formulario_y_marcarlo_funciona(
    caso, personal
):
    cliente = Client(enforce_csrf_checks=True)
    usuario = personal["profesional"]
    sopa = pagina(cliente, usuario, caso)
    url = reverse("solicitudes:cumplir_compromiso", args=[caso.pk])
    pendientes = Compromiso.objects.filter(
        sesion__solicitud=caso, cumplido_en__isnull=True
    )
    assert pendientes.count() == 11
    vencidos = {
        c.pk for c in pendientes if c.fecha_limite and c.fecha_limite < MOMENTO.date()
    }
    assert vencidos  # the overdue list repeats their forms
    formularios = [s.find("form") for s in sopa.select("span.compromiso-cumplir")]
    assert len(formularios) == pendientes.count() + len(vencidos)
    por_compromiso: dict[int, list] = {}
    for form in formularios:
        assert form["action"] == url and form["method"] == "post"
        datos = campos(form)
        assert set(datos) == {"csrfmiddlewaretoken", "actividad", "compromiso"}
        assert datos["actividad"] == "5"
        assert form.find("button", type="submit").get_text() == "Marcar cumplido"
        por_compromiso.setdefault(int(datos["compromiso"]), []).append(form)
    assert set(por_compromiso) == {c.pk for c in pendientes}
    for pk, forms in por_compromiso.items():
        assert forms[0].parent["id"] == f"cumplir-{pk}"
        assert len(forms) == (2 if pk in vencidos else 1)
    # Each form as the browser sends it: the token checked, the commitment marked.
    for pk, forms in por_compromiso.items():
        respuesta = cliente.post(url, campos(forms[-1]))
        assert respuesta.status_code == 302, respuesta.content[:500]
        assert Compromiso.objects.get(pk=pk).cumplido_por == usuario
    assert not Compromiso.objects.filter(
        sesion__solicitud=caso, cumplido_en__isnull=True
    ).exists()
    # Marked, they show as fulfilled and have no form left.
    sopa = pagina(cliente, usuario, caso)
    assert not sopa.select("span.compromiso-cumplir")
    assert len(sopa.select(".caso-compromisos .estado")) == 12


def test_un_formulario_sin_token_valido_no_marca_nada(caso, personal):
    cliente = Client(enforce_csrf_checks=True)
    sopa = pagina(cliente, personal["profesional"], caso)
    datos = campos(sopa.select_one("span.compromiso-cumplir form"))
    datos["csrfmiddlewaretoken"] = "x" * 64
    url = reverse("solicitudes:cumplir_compromiso", args=[caso.pk])
    assert cliente.post(url, datos).status_code == 403
    assert not Compromiso.objects.filter(pk=datos["compromiso"]).first().cumplido


def test_cada_documento_del_indice_enlaza_su_descarga(caso, personal):
    cliente = Client()
    sopa = pagina(cliente, personal["secretario"], caso)
    filas = sopa.select("tr.expediente-fila")
    documentos = list(caso.documentos.order_by("creado_en", "pk"))
    assert len(filas) == len(documentos) >= 9
    for fila in filas:
        pk = int(fila["id"].removeprefix("documento-"))
        url = reverse("solicitudes:documento", args=[caso.pk, pk])
        (enlace,) = fila.select("td:nth-of-type(3) > a")
        assert enlace["href"] == url
        respuesta = cliente.get(url)
        assert respuesta.status_code == 200
        assert b"".join(respuesta.streaming_content).startswith(b"%PDF")


def test_corregir_un_registro_desde_su_fila(caso, personal):
    cliente = Client(enforce_csrf_checks=True)
    usuario = personal["secretario"]
    sopa = pagina(cliente, usuario, caso)
    (detalles,) = sopa.select("details.expediente-corregir")
    pk = int(detalles["id"].removeprefix("corregir-"))
    form = detalles.find("form")
    assert form["action"] == reverse("solicitudes:corregir", args=[caso.pk, pk])
    assert form.find("textarea", id=f"id_corregir_{pk}_motivo")
    datos = {**campos(form), "motivo": "El alcance decía urbano y es rural."}
    respuesta = cliente.post(form["action"], datos)
    assert respuesta.status_code == 302, respuesta.content[:500]
    assert Documento.objects.get(pk=pk).reemplazado_por is not None


def test_el_portal_enlaza_cada_archivo_del_municipio(caso, usuario_municipal):
    cliente = Client()
    cliente.force_login(usuario_municipal)
    respuesta = cliente.get(reverse("solicitud_detalle", args=[caso.radicado]))
    assert respuesta.status_code == 200
    sopa = BeautifulSoup(respuesta.content, "html.parser")
    enlaces = [a["href"] for a in sopa.select("li.documento a.boton[download]")]
    para_municipio = caso.documentos.filter(para_municipio=True).exclude(archivo="")
    assert len(enlaces) == para_municipio.count() >= 7
    for documento in para_municipio:
        url = reverse("documento_descargar", args=[caso.radicado, documento.pk])
        assert url in enlaces
        assert cliente.get(url).status_code == 200
    assert re.search(r"Mis solicitudes", respuesta.content.decode())


def test_lo_escrito_por_personas_sale_escapado_en_las_filas(
    caso, personal, usuario_municipal
):
    """The rows built in Python (expedientes/views/filas.py, portal/filas.py)
    escape what people wrote, as the template did."""
    hostil = '<script>alert("x")</script> & «y».pdf'
    escapado = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; «y».pdf"
    anexo = caso.documentos.filter(para_municipio=True, sesion=None).last()
    Documento.objects.filter(pk=anexo.pk).update(nombre_original=hostil)
    personal["profesional"].first_name = "<i>Ana</i>"
    personal["profesional"].save()
    cliente = Client()
    cliente.force_login(personal["profesional"])
    html = cliente.get(reverse("solicitudes:inspect", args=[caso.pk])).content
    html = html.decode()
    assert "<script>alert" not in html and "<i>Ana</i>" not in html
    fila = html[html.index(f'id="documento-{anexo.pk}"') :]
    fila = fila[: fila.index("</tr>")]
    assert escapado in fila and "&lt;i&gt;Ana&lt;/i&gt;" in fila
    cliente.force_login(usuario_municipal)
    html = cliente.get(reverse("solicitud_detalle", args=[caso.radicado])).content
    html = html.decode()
    assert "<script>alert" not in html
    assert html.count(escapado) == 2  # its name, and in its download's label
