"""What the public reads of formal versions: the list, each version, its PDF, and
what changed between two of them."""

import dataclasses
import re
from io import BytesIO

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from django.db import connection
from django.test.utils import CaptureQueriesContext

from procedimientos.models import (
    ActividadProcedimiento,
    Cargo,
    ProcedimientoPage,
)
from tests.factories import VersionProcedimientoFactory, crear_procedimiento
from tests.procedimientos.flujo import aprobar_cambio
from tests.utils import texto_visible

URL = "/procedimientos/es-pe-pr-31/"


def _texto(cliente, url) -> str:
    respuesta = cliente.get(url)
    assert respuesta.status_code == 200, url
    return texto_visible(respuesta.content)


def _pdf(contenido: bytes) -> str:
    paginas = PdfReader(BytesIO(contenido)).pages
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in paginas))


@pytest.fixture
def nueva_version(procedimiento, editora, revisor, secretario):
    """Approve version 3 of the seed with ``cambiar(borrador)``."""

    def aprobar(cambiar, descripcion="Cambios de la versión 3."):
        return aprobar_cambio(
            procedimiento,
            cambiar,
            descripcion=descripcion,
            editora=editora,
            revisor=revisor,
            secretario=secretario,
        )

    return aprobar


def _actividades(borrador) -> list[ActividadProcedimiento]:
    return list(borrador.actividades.all())


# --- the list and each version ------------------------------------------------------


def test_la_lista_de_versiones(publico, procedimiento):
    sopa = BeautifulSoup(publico.get(URL + "versiones/").content, "html.parser")

    filas = [
        texto_visible(str(f)) for f in sopa.select("table.tabla--versiones tbody tr")
    ]
    assert filas[0].startswith("2 vigente 25 de agosto de 2017 Actualización de los")
    assert "PDF oficial" in filas[0]
    assert filas[1].startswith("1 21 de julio de 2015 Actualización del nuevo formato")
    assert "Contenido no conocido" in filas[1]
    enlaces = [a["href"] for a in sopa.select("table.tabla--versiones a")]
    assert enlaces == [
        URL + "version/2/",
        URL + "version/2/pdf/",
        URL + "version/1/",
    ]
    assert sopa.select_one("form.comparar")["action"] == URL + "comparar/"
    migas = [li.get_text(strip=True) for li in sopa.select(".migas li")]
    assert migas == ["Inicio", "Procedimientos", "ES-PE-PR-31", "Versiones"]


def test_el_control_de_cambios_enlaza_cada_version(publico, procedimiento):
    sopa = BeautifulSoup(publico.get(URL).content, "html.parser")

    enlaces = [a["href"] for a in sopa.select("table.tabla--cambios tbody th a")]

    assert enlaces == [URL + "version/1/", URL + "version/2/"]
    assert sopa.find("a", string="Versiones y cambios")["href"] == URL + "versiones/"


def test_la_version_1_dice_que_no_se_conoce_su_contenido(publico, procedimiento):
    texto = _texto(publico, URL + "version/1/")

    assert "Versión 1 — no vigente; la vigente es la 2 ." in texto
    assert "No se conoce el contenido de la versión 1 de ES-PE-PR-31." in texto
    assert (
        "1 21 de julio de 2015 Actualización del nuevo formato EDWIN FERNANDO "
        "MENDOZA BELTRAN Coordinador Grupo de Planificación e Información Territorial "
        "RAMIRO ANDRÉS MORA HERRERA Secretario de Planeación"
    ) in texto
    assert "Objetivo" not in texto  # nothing invented
    respuesta = publico.get(URL + "version/1/pdf/")
    assert respuesta.status_code == 404
    assert "no se conoce su contenido" in texto_visible(respuesta.content)


def test_la_version_vigente_se_lee_igual_que_la_pagina(publico, procedimiento):
    pagina = BeautifulSoup(publico.get(URL).content, "html.parser")
    version = BeautifulSoup(publico.get(URL + "version/2/").content, "html.parser")

    assert "Versión 2 — vigente." in texto_visible(str(version.select_one(".aviso")))
    # The live page of the advisory procedure also links to "Solicitar asesoría"
    # (navigation, not content of the procedure).
    pagina.find("a", href="#solicitar-titulo").decompose()
    assert texto_visible(str(version.article)) == texto_visible(str(pagina.article))
    assert version.find("a", string="Descargar el PDF oficial")["href"] == (
        URL + "version/2/pdf/"
    )
    respuesta = publico.get(URL + "version/2/pdf/")
    assert respuesta["Content-Type"] == "application/pdf"
    assert "ES-PE-PR-31-v2.pdf" in respuesta["Content-Disposition"]
    assert respuesta.content == publico.get(URL + "pdf/").content


@pytest.mark.parametrize(
    "ruta",
    ["version/7/", "version/0/", "version/7/pdf/", "comparar/1/7/", "comparar/0/2/"],
)
def test_una_version_que_no_existe_da_404_en_espanol(publico, procedimiento, ruta):
    respuesta = publico.get(URL + ruta)

    assert respuesta.status_code == 404
    assert "no tiene una versión" in texto_visible(respuesta.content)


def test_renombrar_un_cargo_no_cambia_una_version_aprobada(
    publico, client, procedimiento, editora
):
    """The page in force is the version approved (its frozen snapshot): a role
    renamed since reaches the public with the next formal version, and the
    editor's draft shows it now."""
    Cargo.objects.filter(nombre="Recepcionista").update(nombre="Auxiliar de ventanilla")

    for url in (URL, URL + "version/2/"):
        texto = _texto(publico, url)
        assert "Recepcionista" in texto
        assert "Auxiliar de ventanilla" not in texto
    client.force_login(editora)
    borrador = client.get(f"/admin/pages/{procedimiento.pk}/view_draft/")
    assert "Auxiliar de ventanilla" in texto_visible(borrador.content)


def test_un_procedimiento_nunca_aprobado_dice_sin_aprobar(publico, indice):
    pagina = crear_procedimiento(indice, version=0, fecha_aprobacion=None)

    texto = _texto(publico, pagina.url)
    assert "Versión Sin aprobar Fecha de aprobación Sin aprobar" in texto
    respuesta = publico.get(pagina.url + "pdf/")
    assert "VERSIÓN Sin aprobar FECHA DE APROBACIÓN Sin aprobar" in _pdf(
        respuesta.content
    )
    assert "sin-aprobar.pdf" in respuesta["Content-Disposition"]
    assert "aún no tiene versiones aprobadas" in _texto(
        publico, pagina.url + "versiones/"
    )


# --- compare ------------------------------------------------------------------------


def test_comparar_con_la_version_1_explica_que_no_se_conoce(publico, procedimiento):
    texto = _texto(publico, URL + "comparar/1/2/")

    assert "Qué cambió de la versión 1 a la versión 2" in texto
    assert "No se conoce el contenido de la versión 1" in texto
    assert (
        "Lo que dice el control de cambios Versión Fecha Descripción del cambio Revisó "
        "Aprobó 2 14 de junio de 2017 Actualización de los responsables, puntos de "
        "control y registros"
    ) in texto


def test_comparar_en_orden_y_desde_el_formulario(publico, procedimiento):
    assert publico.get(URL + "comparar/2/1/")["Location"] == URL + "comparar/1/2/"
    assert publico.get(URL + "comparar/?a=2&b=1")["Location"] == URL + "comparar/1/2/"
    assert publico.get(URL + "comparar/?a=x")["Location"] == URL + "versiones/"
    assert "Es la misma versión" in _texto(publico, URL + "comparar/2/2/")


def test_comparar_una_actividad_agregada(publico, nueva_version):
    def agregar(borrador):
        nueva = ActividadProcedimiento(
            tipo="generica",
            nombre="Publicar el concepto técnico",
            descripcion="Publicar el concepto técnico en la sede electrónica.",
            sort_order=6,
        )
        nueva.cargos = [Cargo.objects.get(nombre="Secretario de Planeación")]
        borrador.actividades.add(nueva)

    nueva_version(agregar)

    texto = _texto(publico, URL + "comparar/2/3/")
    assert "Se agregó 1 actividad." in texto
    assert (
        "Nueva Actividad 7: «Publicar el concepto técnico» Publicar el concepto "
        "técnico en la sede electrónica. Área — Cargo Secretario de Planeación"
    ) in texto
    assert "Cambió de lugar" not in texto
    assert "Cambios de la versión 3." in texto  # its change-control row


def test_comparar_una_actividad_eliminada_sin_mover_las_demas(publico, nueva_version):
    def eliminar(borrador):
        actividades = _actividades(borrador)
        borrador.actividades.remove(actividades[1])
        for orden, actividad in enumerate(
            a for a in actividades if a is not actividades[1]
        ):
            actividad.sort_order = orden

    nueva_version(eliminar)

    texto = _texto(publico, URL + "comparar/2/3/")
    assert "Se eliminó 1 actividad." in texto
    assert (
        "Eliminada La actividad 2 de la versión 2: «Recepcionar la solicitud y "
        "registro interno»"
    ) in texto
    # The activities after it have a lower number now, but did not move.
    assert "Cambió de lugar" not in texto
    assert "cambiaron de lugar" not in texto


def test_comparar_un_cargo_cambiado(publico, nueva_version):
    juridico = Cargo.objects.create(nombre="Jefe de la Oficina Jurídica")

    def cambiar_cargo(borrador):
        _actividades(borrador)[2].cargos = [juridico]

    nueva_version(cambiar_cargo)

    texto = _texto(publico, URL + "comparar/2/3/")
    assert "Cambió 1 actividad." in texto
    assert (
        "Actividad 3: «Definir el alcance de la asesoría» Cargo: antes Secretario de "
        "Planeación ; ahora Jefe de la Oficina Jurídica ."
    ) in texto


def test_comparar_actividades_reordenadas(publico, nueva_version):
    def intercambiar(borrador):
        actividades = _actividades(borrador)
        actividades[3].sort_order, actividades[4].sort_order = 4, 3

    nueva_version(intercambiar)

    texto = _texto(publico, URL + "comparar/2/3/")
    assert "1 actividad cambió de lugar." in texto
    assert "Cambió de lugar" in texto
    assert re.search(r"Era la actividad (4|5); ahora es la (5|4)\.", texto)
    assert "Se agregó" not in texto and "Se eliminó" not in texto


def test_comparar_datos_del_encabezado_lado_a_lado(publico, nueva_version):
    def reescribir(borrador):
        borrador.objetivo = "Brinda asesoría técnica a los municipios en su POT."

    nueva_version(reescribir)

    sopa = BeautifulSoup(publico.get(URL + "comparar/2/3/").content, "html.parser")
    cambio = sopa.select_one("#s-datos").find_parent("section").select_one(".cambio")
    assert cambio.h3.get_text() == "Objetivo"
    antes, ahora = cambio.select(".lado-a-lado__texto")
    assert texto_visible(str(antes)).startswith("Brinda asesoría y asistencia técnica")
    assert texto_visible(str(ahora)) == (
        "Brinda asesoría técnica a los municipios en su POT."
    )
    assert [d.get_text() for d in antes.select("del")] == [
        "y asistencia ",
        "la revisión de ",
        "Plan de Ordenamiento Territorial.",
    ]
    assert [i.get_text() for i in ahora.select("ins")] == ["POT."]


def test_el_texto_de_las_versiones_se_muestra_escapado(publico, nueva_version):
    peligroso = "<script>alert('x')</script> A & B < C"

    def ensuciar(borrador):
        borrador.objetivo = peligroso
        _actividades(borrador)[0].nombre = peligroso

    nueva_version(ensuciar, descripcion=peligroso)

    for ruta in ("versiones/", "version/3/", "comparar/2/3/"):
        html = publico.get(URL + ruta).content.decode()
        assert "<script>alert" not in html, ruta
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html, ruta


def test_la_version_anterior_sigue_en_su_url(publico, nueva_version):
    def reescribir(borrador):
        borrador.alcance = "Un alcance nuevo."

    nueva_version(reescribir)

    version_2 = _texto(publico, URL + "version/2/")
    assert "Versión 2 — no vigente; la vigente es la 3 ." in version_2
    assert "Un alcance nuevo." not in version_2
    assert "Inicia desde la recepción de la solicitud" in version_2
    assert "Un alcance nuevo." in _texto(publico, URL + "version/3/")
    assert "Versión 3 — vigente." in _texto(publico, URL + "version/3/")


# --- queries ------------------------------------------------------------------------


def _consultas(cliente, url: str) -> int:
    cliente.get(url)  # warm what every request shares (site root paths)
    with CaptureQueriesContext(connection) as contexto:
        assert cliente.get(url).status_code == 200, url
    return len(contexto.captured_queries)


def _con_versiones(procedimiento, total: int) -> ProcedimientoPage:
    """Versions 1..total as rows, like the seed's (1 unknown, the others known), and
    the page at version ``total``."""
    pagina = ProcedimientoPage.objects.get(pk=procedimiento.pk)
    contenido = pagina.contenido
    existentes = set(pagina.versiones_formales.values_list("numero", flat=True))
    for numero in sorted(set(range(1, total + 1)) - existentes):
        VersionProcedimientoFactory(
            procedimiento=pagina,
            numero=numero,
            contenido=(
                dataclasses.replace(contenido, version=numero).a_json()
                if numero > 1
                else None
            ),
        )
    ProcedimientoPage.objects.filter(pk=pagina.pk).update(version=total)
    return pagina


@pytest.mark.parametrize("ruta", ["versiones/", "comparar/2/3/", "version/3/"])
def test_las_consultas_no_crecen_con_las_versiones(client, procedimiento, indice, ruta):
    otro = crear_procedimiento(indice, codigo="PR-OTRO", slug="pr-otro")
    _con_versiones(procedimiento, 3)
    _con_versiones(otro, 50)

    pocas = _consultas(client, URL + ruta)
    muchas = _consultas(client, otro.url + ruta)

    # Routing to the page costs Wagtail about eight queries; the route itself adds
    # one or two (bench/versiones.py prints them).
    assert pocas == muchas
    assert pocas <= 12
