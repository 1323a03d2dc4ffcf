"""What the public finds around the procedure: home, catalogue, glossary, search,
sitemap, API, errors."""

import re

import pytest
from bs4 import BeautifulSoup

from procedimientos.models import Definicion
from tests import semilla
from tests.utils import texto_visible


def test_la_portada_lleva_al_procedimiento(client, procedimiento):
    sopa = BeautifulSoup(client.get("/").content, "html.parser")
    enlace = sopa.select_one(".catalogo .tarjeta__titulo a")
    assert enlace["href"] == "/procedimientos/es-pe-pr-31/"
    assert enlace.get_text(strip=True) == semilla.TITULO
    assert "ES-PE-PR-31 · versión 2" in texto_visible(str(sopa.select_one(".catalogo")))
    assert "Aprobado el 25 de agosto de 2017" in texto_visible(str(sopa))
    assert sopa.html["lang"] == "es-CO"


def test_el_catalogo_de_procedimientos(client, procedimiento):
    texto = texto_visible(client.get("/procedimientos/").content)
    assert semilla.TITULO in texto


def test_el_glosario_lista_todas_las_definiciones_con_ancla(client, procedimiento):
    Definicion.objects.create(
        termino="TRD", definicion="Tabla de retención documental."
    )
    sopa = BeautifulSoup(client.get("/glosario/").content, "html.parser")
    terminos = [dt.get_text(strip=True) for dt in sopa.select(".definiciones dt")]
    assert terminos == sorted([t for t, _ in semilla.DEFINICIONES] + ["TRD"])
    # The official text verbatim, the editor's note apart (the approved document
    # says CDMS: it means the CDMB).
    cdms = sopa.find(id="def-cdms").dd
    assert cdms.contents[0].strip() == "corporación de la defensa de la meseta."
    assert cdms.select_one(".nota-editorial").get_text(" ", strip=True) == (
        "Nota editorial: [sic] Se refiere a la CDMB, Corporación Autónoma Regional "
        "para la Defensa de la Meseta de Bucaramanga. El documento aprobado dice "
        "«CDMS»."
    )
    # The procedure page links each of its terms to the glossary.
    pagina = BeautifulSoup(
        client.get("/procedimientos/es-pe-pr-31/").content, "html.parser"
    )
    assert pagina.find("a", string="POT")["href"] == "/glosario/#def-pot"
    # The procedure page (its frozen version) and its version 2 show the note too.
    for url in (
        "/procedimientos/es-pe-pr-31/",
        "/procedimientos/es-pe-pr-31/version/2/",
    ):
        pagina = BeautifulSoup(client.get(url).content, "html.parser")
        dd = pagina.find("a", string="CDMS").find_parent("div").dd
        assert dd.contents[0].strip() == "corporación de la defensa de la meseta."
        assert (
            "se refiere a la cdmb"
            in dd.select_one(".nota-editorial").get_text().lower()
        )


@pytest.mark.parametrize(
    "consulta", ["radicación", "ES-PE-PR-31", "interinstitucional", "ordenamiento"]
)
def test_buscar_encuentra_el_procedimiento(client, procedimiento, consulta):
    sopa = BeautifulSoup(client.get("/buscar/", {"q": consulta}).content, "html.parser")
    titulos = [a.get_text(strip=True) for a in sopa.select(".tarjeta__titulo a")]
    assert titulos == [semilla.TITULO]


def test_buscar_encuentra_definiciones(client, procedimiento):
    texto = texto_visible(client.get("/buscar/", {"q": "meseta"}).content)
    assert "CDMS corporación de la defensa de la meseta." in texto


def test_buscar_sin_resultados_lo_dice_en_espanol(client, procedimiento):
    texto = texto_visible(client.get("/buscar/", {"q": "xilófono"}).content)
    assert "No se encontró nada para «xilófono»" in texto


def test_buscar_escapa_la_consulta(client, procedimiento):
    html = client.get("/buscar/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_el_sitemap_incluye_el_procedimiento(client, procedimiento):
    respuesta = client.get("/sitemap.xml")
    assert respuesta.status_code == 200
    assert b"/procedimientos/es-pe-pr-31/</loc>" in respuesta.content
    assert b"/glosario/</loc>" in respuesta.content


def test_el_sitemap_incluye_las_versiones_con_fecha_de_bogota(client, procedimiento):
    """The versions page and each public formal version's own URL; lastmod is the
    day in Bogotá: 02:00 UTC is still the day before there."""
    import datetime
    from urllib.parse import urlsplit

    from procedimientos.models import VersionProcedimiento

    utc = datetime.UTC
    VersionProcedimiento.objects.filter(procedimiento=procedimiento, numero=2).update(
        vigente_desde=datetime.datetime(2017, 8, 26, 2, 0, tzinfo=utc)
    )
    type(procedimiento).objects.filter(pk=procedimiento.pk).update(
        last_published_at=datetime.datetime(2026, 3, 10, 2, 0, tzinfo=utc)
    )
    sopa = BeautifulSoup(client.get("/sitemap.xml").content, "xml")
    fechas = {
        urlsplit(url.loc.get_text()).path: url.lastmod.get_text()
        for url in sopa.find_all("url")
    }
    base = "/procedimientos/es-pe-pr-31/"
    assert fechas[base] == "2026-03-09"
    assert fechas[f"{base}versiones/"] == "2017-08-25"
    assert fechas[f"{base}version/2/"] == "2017-08-25"
    # The seed's version 1 entered into force on its approval date.
    assert fechas[f"{base}version/1/"] == "2015-07-21"
    # Every URL listed answers.
    for direccion in (f"{base}versiones/", f"{base}version/1/", f"{base}version/2/"):
        assert client.get(direccion).status_code == 200


def test_el_sitemap_no_lista_una_version_programada(client, procedimiento):
    from procedimientos.models import VersionProcedimiento

    VersionProcedimiento.objects.create(
        procedimiento=procedimiento, numero=3, fecha_aprobacion="2026-01-01"
    )
    xml = client.get("/sitemap.xml").content.decode()
    assert "/version/2/</loc>" in xml
    assert "/version/3/" not in xml


def test_el_sitemap_usa_la_direccion_publica(client, procedimiento, settings):
    from portal.services import sitio_direccion_asegurar

    settings.WAGTAILADMIN_BASE_URL = "https://asesoria.santander.gov.co"
    assert sitio_direccion_asegurar() is True
    assert sitio_direccion_asegurar() is False  # nothing left to change
    xml = client.get("/sitemap.xml").content.decode()
    assert (
        "<loc>https://asesoria.santander.gov.co/procedimientos/es-pe-pr-31/</loc>"
        in xml
    )
    assert "localhost" not in xml


def test_el_sitio_se_llama_como_la_entidad(inicio, settings):
    from wagtail.models import Site

    from portal.services import sitio_direccion_asegurar

    sitio = Site.objects.get(is_default_site=True)
    assert sitio.site_name == settings.WAGTAIL_SITE_NAME
    assert "localhost" not in str(sitio)
    Site.objects.filter(pk=sitio.pk).update(site_name="")
    assert sitio_direccion_asegurar() is True  # a site set up before: named too
    assert Site.objects.get(pk=sitio.pk).site_name == settings.WAGTAIL_SITE_NAME


def test_la_api_expone_actividades_y_definiciones(client, procedimiento):
    respuesta = client.get(
        "/api/v2/pages/",
        {"type": "procedimientos.ProcedimientoPage", "fields": "*"},
    )
    assert respuesta.status_code == 200
    [item] = respuesta.json()["items"]
    assert item["codigo"] == "ES-PE-PR-31"
    assert item["fecha_aprobacion"] == "2017-08-25"
    actividades = item["actividades"]
    assert [a["descripcion"] for a in actividades] == [
        a["descripcion"] for a in semilla.ACTIVIDADES
    ]
    assert actividades[5]["cargos"] == semilla.ACTIVIDADES[5]["cargos"]
    assert actividades[5]["puntos_de_control"] == semilla.ACTIVIDADES[5]["control"]
    assert [(d["termino"], d["definicion_texto"]) for d in item["definiciones"]] == (
        semilla.DEFINICIONES
    )
    assert item["control_cambios"][1]["aprobaron"][0]["value"] == {
        "nombre": "HECTOR JULIO FUENTES DURAN",
        "cargo": "Secretaria de Planeación",
    }


def test_la_api_no_muestra_borradores(client, procedimiento):
    procedimiento.unpublish()
    respuesta = client.get(
        "/api/v2/pages/", {"type": "procedimientos.ProcedimientoPage"}
    )
    assert respuesta.json()["items"] == []


def test_una_direccion_desconocida_da_un_404_en_espanol(client, inicio):
    respuesta = client.get("/no-existe/")
    assert respuesta.status_code == 404
    texto = texto_visible(respuesta.content)
    assert "Página no encontrada" in texto
    assert "La dirección que buscó no existe" in texto


def test_un_procedimiento_despublicado_desaparece(client, procedimiento):
    procedimiento.unpublish()
    assert client.get("/procedimientos/es-pe-pr-31/").status_code == 404
    assert semilla.TITULO not in texto_visible(client.get("/").content)


def test_la_portada_y_el_procedimiento_llevan_a_solicitar_asesoria(
    client, procedimiento
):
    """A municipality finds how to file: log in, or how to get an account."""
    for url in ("/", "/procedimientos/es-pe-pr-31/"):
        sopa = BeautifulSoup(client.get(url).content, "html.parser")
        seccion = sopa.find("section", class_="solicitar")
        assert seccion is not None, url
        assert seccion.find("a", href="/solicitudes/nueva/").get_text() == (
            "Solicitar asesoría"
        )
        assert "cuenta de su municipio" in texto_visible(str(seccion))
    encabezado = BeautifulSoup(
        client.get("/procedimientos/es-pe-pr-31/").content, "html.parser"
    ).select_one("header .acciones")
    assert encabezado.find("a", href="#solicitar-titulo")


def test_otro_procedimiento_no_invita_a_radicar(client, indice):
    from tests.factories import crear_procedimiento

    pagina = crear_procedimiento(indice)
    html = client.get(pagina.url).content.decode()
    assert "Solicitar asesoría" not in html


def test_el_titulo_de_la_portada_no_repite_la_secretaria(client, procedimiento):
    titulo = BeautifulSoup(client.get("/").content, "html.parser").title.get_text()
    assert titulo.count("Secretaría de Planeación") == 1


def test_el_sitio_y_la_administracion_tienen_el_icono_de_la_entidad(
    client, procedimiento, admin_client
):
    from django.contrib.staticfiles import finders

    for respuesta in (client.get("/"), admin_client.get("/admin/")):
        icono = BeautifulSoup(respuesta.content, "html.parser").find("link", rel="icon")
        assert icono is not None and icono["href"].endswith("img/favicon.svg")
        assert "wagtailadmin/images/favicon" not in respuesta.content.decode()
    assert finders.find("img/favicon.svg")


def test_el_resumen_del_tablero_cuenta_paginas_en_espanol(procedimiento, admin_client):
    texto = texto_visible(admin_client.get("/admin/").content)
    assert re.search(r"\d+ páginas", texto) and " Pages" not in texto
