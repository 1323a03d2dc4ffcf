"""Activity 6 attacked as a hostile user would: other roles and accounts on every
archive URL, ids that do not exist or cannot exist, markup and formulas in what
staff type, a TRD edited after cases were archived under it, and ``/verificar/``
fed odd codes and oversized uploads. Each test says what it once broke, or what
held and must keep holding."""

from __future__ import annotations

import copy
import datetime
import io
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from expedientes.constants import TipoDocumento
from expedientes.models import ArchivoExpediente, Documento, Solicitud
from tests.casos import llevar_a, radicar, serie_trd
from tests.factories import SolicitudFactory
from tests.utils import tabla_fuid_csv, texto_visible

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("limites_vacios")]

TRANSFERENCIAS = "/admin/solicitudes/transferencias/"


def caso_url(solicitud):
    return f"/admin/solicitudes/inspect/{solicitud.pk}/"


def texto_pdf(contenido: bytes) -> str:
    assert contenido.startswith(b"%PDF")
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(contenido)).pages)


def periodo(dias: int = 900) -> str:
    """A query string whose period holds a case archived today (2 years in the
    archivo de gestión under the default series)."""
    hoy = timezone.localdate()
    return f"?retencion=gestion&desde={hoy}&hasta={hoy + datetime.timedelta(dias)}"


@pytest.fixture
def archivado(personal, django_capture_on_commit_callbacks):
    """One archived case whose texts start like formulas and carry markup, with
    its hoja de control rendered. Activities 1 to 5 are rows (the factory): what
    is attacked here is the archive, which runs through its service."""
    with django_capture_on_commit_callbacks(execute=True):
        caso = SolicitudFactory(
            asunto='=HYPERLINK("http://x.example")<b>&',
            archivada=True,
            archivada_por=personal["archivo"],
            archivo={
                "caja": "-1+2",
                "carpeta": "@SUMA",
                "notas": "<script>alert(1)</script> & =1+1",
            },
        )
    return Solicitud.objects.get(pk=caso.pk)


# --- the transfers' FUID -------------------------------------------------------------


@pytest.mark.parametrize(
    "valor", ["99999999999999999999", "9223372036854775808", "-1", "1.5", "abc"]
)
def test_un_expediente_elegido_con_un_id_imposible_es_un_error_en_espanol(
    client, archivado, personal, valor
):
    """An id past 64 bits once reached SQLite and raised OverflowError (a 500)."""
    client.force_login(personal["archivo"])
    respuesta = client.post(
        TRANSFERENCIAS + periodo(),
        {"objeto": "primaria", "formato": "csv", "archivos": [valor]},
    )
    assert respuesta.status_code == 400
    assert "Uno de los expedientes elegidos no es válido." in texto_visible(
        respuesta.content
    )


def test_un_expediente_repetido_sale_una_vez_y_el_csv_no_ejecuta_formulas(
    client, archivado, personal
):
    client.force_login(personal["archivo"])
    pk = archivado.archivo.pk
    respuesta = client.post(
        TRANSFERENCIAS + periodo(),
        {
            "objeto": "primaria",
            "formato": "csv",
            "archivos": [pk] * 50,
            "numero_transferencia": '";\r\nX-Otra: y',
        },
    )
    assert respuesta.status_code == 200
    assert "\r" not in respuesta["Content-Disposition"]
    filas = tabla_fuid_csv(respuesta.content)
    assert len(filas) == 2
    celdas = filas[1]
    assert "'-1+2" in celdas and "'@SUMA" in celdas
    assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in celdas)


def test_el_xlsx_no_guarda_formulas_ni_en_el_encabezado(client, archivado, personal):
    client.force_login(personal["archivo"])
    respuesta = client.post(
        TRANSFERENCIAS + periodo(),
        {
            "objeto": "primaria",
            "formato": "xlsx",
            "archivos": [archivado.archivo.pk],
            "numero_transferencia": "=cmd|' /C calc'!A0",
        },
    )
    assert respuesta.status_code == 200
    libro = load_workbook(io.BytesIO(respuesta.content))
    celdas = [c for fila in libro.active.iter_rows() for c in fila if c.value]
    assert not [c.coordinate for c in celdas if c.data_type == "f"]
    textos = [c.value for c in celdas if isinstance(c.value, str)]
    assert "'-1+2" in textos and "'=cmd|' /C calc'!A0" in textos
    assert not [t for t in textos if t.startswith(("=", "+", "-", "@"))]


@pytest.mark.parametrize(
    "consulta",
    [
        "?desde=2026-13-45",
        "?hasta=abc",
        "?desde=" + "x" * 20000,
        "?retencion=zzz",
        "?serie=abc",
        "?serie=999999999999999999999999",
        "?municipio=-1",
        "?municipio=" + "9" * 3000,
        "?desde=0001-01-01&hasta=9999-12-31",
        "?p=abc",
        "?p=99999999999999999999",
        "?p=-3",
    ],
)
def test_filtros_malformados_dan_un_error_del_formulario(
    client, archivado, personal, consulta
):
    client.force_login(personal["archivo"])
    respuesta = client.get(TRANSFERENCIAS + consulta)
    assert respuesta.status_code == 200
    texto = texto_visible(respuesta.content)
    assert "expediente" in texto
    if "9999-12-31" not in consulta and "p=" not in consulta:
        # "Ingrese una fecha válida", "Escoja una opción válida"
        assert "válid" in texto


# --- the case page after the TRD changes ---------------------------------------------


def test_editar_la_trd_no_cambia_la_retencion_de_un_caso_ya_archivado(
    client, archivado, personal
):
    """The case page printed the dates it was given with the years of the series
    as it is now: "hasta 2028 (50 años)" once the TRD was edited."""
    archivo = archivado.archivo
    gestion, central = archivo.retencion_gestion_hasta, archivo.retencion_central_hasta
    serie = archivo.serie
    serie.retencion_gestion, serie.retencion_central = 50, 40
    serie.save()

    client.force_login(personal["archivo"])
    texto = texto_visible(client.get(caso_url(archivado)).content)
    assert f"En el archivo de gestión hasta {gestion:%d/%m/%Y} (2 años)" in texto
    assert f"En el archivo central hasta {central:%d/%m/%Y} (8 años)" in texto
    assert "50 años" not in texto and "40 años" not in texto
    archivo.refresh_from_db()
    assert archivo.retencion_gestion_hasta == gestion
    # The transfers still find it by the dates it was given.
    respuesta = client.get(TRANSFERENCIAS + periodo())
    assert archivado.radicado in texto_visible(respuesta.content)


def test_un_anio_de_retencion_desde_un_29_de_febrero(client, archivado, personal):
    archivo = archivado.archivo
    ArchivoExpediente.objects.filter(pk=archivo.pk).update(
        fecha_inicial=datetime.date(2028, 2, 1),
        fecha_final=datetime.date(2028, 2, 29),
        retencion_gestion_hasta=datetime.date(2029, 2, 28),
        retencion_central_hasta=datetime.date(2037, 2, 28),
    )
    client.force_login(personal["archivo"])
    texto = texto_visible(client.get(caso_url(archivado)).content)
    assert "hasta 28/02/2029 (1 año)" in texto
    assert "hasta 28/02/2037 (8 años)" in texto


# --- /verificar/ ---------------------------------------------------------------------


def test_verificar_rechaza_sin_leerlo_un_envio_mayor_que_un_registro(
    archivado, settings
):
    """The site-wide body limit admits a whole filing (11 files); the comparison
    form said "too big" only after the CSRF check had received it all."""
    settings.EXPEDIENTES_TAMANO_MAXIMO = 1000
    hoja = archivado.documentos.get(tipo=TipoDocumento.HOJA_CONTROL)
    url = f"/verificar/{hoja.codigo_verificacion}/"
    # No CSRF token: had anything read the body, this would be a 403.
    cliente = Client(enforce_csrf_checks=True)
    grande = SimpleUploadedFile("grande.pdf", b"%PDF-" + b"0" * 200_000)
    respuesta = cliente.post(url, {"archivo": grande})
    assert respuesta.status_code == 413
    texto = texto_visible(respuesta.content)
    assert re.search(
        r"Lo que envió pesa 195,\d KB; el registro que se compara pesa hasta 1000 "
        r"bytes",
        texto,
    )
    assert "Coincide" not in texto

    # Within the margin: read, checked for CSRF, and judged by the form.
    def pequeno():
        return SimpleUploadedFile("c.pdf", b"%PDF-" + b"0" * 2000)

    assert cliente.post(url, {"archivo": pequeno()}).status_code == 403
    respuesta = Client().post(url, {"archivo": pequeno()})
    assert "el máximo es 1000 bytes" in texto_visible(respuesta.content)


# --- the transfers listing, a page at a time -----------------------------------------


def clonar(archivado, n: int) -> list[ArchivoExpediente]:
    """``n`` more archived cases like ``archivado``, one day apart (test data: the
    rows are copied, not walked through the procedure)."""
    modelo = Solicitud.objects.get(pk=archivado.pk)
    casos = []
    for i in range(1, n + 1):
        caso = copy.copy(modelo)
        caso.pk = None
        caso.consecutivo = modelo.consecutivo + i
        caso.radicado = f"SP-{modelo.anio}-{caso.consecutivo:06d}"
        caso.numero_registro = ""
        caso.clave_envio = None
        casos.append(caso)
    casos = Solicitud.objects.bulk_create(casos)
    archivo = archivado.archivo
    copias = []
    for i, caso in enumerate(casos, start=1):
        copia = copy.copy(archivo)
        copia.pk = None
        copia.solicitud = caso
        copia.archivado_en = archivo.archivado_en + datetime.timedelta(days=i)
        copia.retencion_gestion_hasta += datetime.timedelta(days=i)
        copia.retencion_central_hasta += datetime.timedelta(days=i)
        copias.append(copia)
    return ArchivoExpediente.objects.bulk_create(copias)


def consultas_de(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as capturadas:
        respuesta = client.get(url)
    assert respuesta.status_code == 200
    return len(capturadas), respuesta.content.decode()


def test_transferencias_pagina_y_sus_consultas_no_crecen_con_los_casos(
    client, archivado, personal
):
    client.force_login(personal["archivo"])
    una, _html = consultas_de(client, TRANSFERENCIAS + periodo())
    clonar(archivado, 120)
    muchas, html = consultas_de(client, TRANSFERENCIAS + periodo())
    assert muchas <= una + 2, (una, muchas)  # the paginator's count, the page
    texto = texto_visible(html)
    assert "121 expedientes archivados" in texto
    assert "Se muestran del 1 al 100." in texto
    assert html.count('name="archivos"') == 100
    # The page links keep the filters.
    hoy = timezone.localdate()
    assert f"desde={hoy}&amp;hasta={hoy + datetime.timedelta(900)}" in html
    assert "&amp;p=2" in html
    segunda, html = consultas_de(client, TRANSFERENCIAS + periodo() + "&p=2")
    assert segunda <= una + 2
    assert html.count('name="archivos"') == 21
    assert archivado.radicado not in texto_visible(html)  # the first, on page 1


def test_el_fuid_toma_lo_marcado_en_otra_pagina_o_todos_los_del_filtro(
    client, archivado, personal
):
    client.force_login(personal["archivo"])
    copias = clonar(archivado, 120)
    ultimo = copias[-1]
    fuid = {"objeto": "primaria", "formato": "csv"}
    # Ticked on page 2 and refused (no format): shown again on page 1 as hidden,
    # and still chosen.
    respuesta = client.post(
        TRANSFERENCIAS + periodo() + "&p=1",
        {**fuid, "formato": "", "archivos": [ultimo.pk, archivado.archivo.pk]},
    )
    assert respuesta.status_code == 400
    html = respuesta.content.decode()
    assert f'<input type="hidden" name="archivos" value="{ultimo.pk}">' in html
    pk = archivado.archivo.pk
    assert f'value="{pk}" id="archivo-{pk}" checked' in html
    respuesta = client.post(
        TRANSFERENCIAS + periodo() + "&p=2", {**fuid, "archivos": [ultimo.pk]}
    )
    filas = tabla_fuid_csv(respuesta.content)
    assert len(filas) == 2 and ultimo.solicitud.radicado in ",".join(filas[1])
    # Every one the filters match, on every page.
    respuesta = client.post(TRANSFERENCIAS + periodo(), {**fuid, "todos": "on"})
    assert respuesta.status_code == 200
    filas = tabla_fuid_csv(respuesta.content)
    assert len(filas) == 122
    # Nothing ticked and not "todos": said, as before.
    respuesta = client.post(TRANSFERENCIAS + periodo(), fuid)
    assert "Elija al menos un expediente archivado" in texto_visible(respuesta.content)


def test_miles_de_expedientes_inexistentes_en_la_seleccion(client, archivado, personal):
    client.force_login(personal["archivo"])
    ids = [str(n) for n in range(10, 9000)]
    respuesta = client.post(
        TRANSFERENCIAS + periodo(),
        {"objeto": "primaria", "formato": "pdf", "archivos": ids},
    )
    assert respuesta.status_code == 400
    assert "ya no está en la lista" in texto_visible(respuesta.content)
    # Past DATA_UPLOAD_MAX_NUMBER_FIELDS: Django's own 400, in Spanish.
    ids = [str(n) for n in range(10, 10_100)]
    respuesta = client.post(TRANSFERENCIAS, {"archivos": ids})
    assert respuesta.status_code == 400


# --- who may do what, with which ids -------------------------------------------------


def test_las_rutas_del_archivo_con_otro_rol_otra_cuenta_e_ids_imposibles(
    client, usuario_municipal, personal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        caso = llevar_a(radicar(usuario_municipal), 6, personal)
        otro = radicar(usuario_municipal, asunto="Otro caso")
    oficio = caso.documentos.get(tipo=TipoDocumento.OFICIO_RESPUESTA)
    enorme = "9" * 25
    post = {
        "actividad": 6,
        "serie": serie_trd().pk,
        "caja": "1",
        "soporte": "papel",
        "frecuencia_consulta": "baja",
        "confirmar": "on",
    }
    rutas = [
        f"/admin/solicitudes/archivar/{caso.pk}/",
        f"/admin/solicitudes/corregir/{caso.pk}/{oficio.pk}/",
        f"/admin/solicitudes/hoja-de-control/{caso.pk}/",
        TRANSFERENCIAS,
        f"/admin/snippets/expedientes/seriedocumental/edit/{serie_trd().pk}/",
    ]
    antes = (Documento.objects.count(), ArchivoExpediente.objects.count())
    for usuario in (None, usuario_municipal):
        client.logout()
        if usuario:
            client.force_login(usuario)
        for ruta in rutas:
            for metodo in (client.get, client.post):
                respuesta = metodo(ruta, post)
                assert respuesta.status_code in (302, 403), (usuario, ruta)
                if respuesta.status_code == 302:
                    assert "/login/" in respuesta["Location"], ruta

    client.force_login(personal["despacho"])
    assert client.post(rutas[0], post).status_code == 403
    assert client.post(rutas[1], {"motivo": "x"}).status_code == 403
    assert client.get(rutas[0]).status_code == 405  # POST only
    imposibles = [
        f"/admin/solicitudes/archivar/{enorme}/",
        f"/admin/solicitudes/corregir/{caso.pk}/{enorme}/",
        f"/admin/solicitudes/corregir/{otro.pk}/{oficio.pk}/",  # not its case
        f"/admin/solicitudes/hoja-de-control/{enorme}/",
        "/admin/solicitudes/hoja-de-control/0/",
        f"/admin/solicitudes/documento/{caso.pk}/{enorme}/",
        f"/admin/solicitudes/inspect/{enorme}/",
    ]
    client.force_login(personal["archivo"])
    for ruta in imposibles:
        assert client.post(ruta, post).status_code in (404, 405), ruta
        assert client.get(ruta).status_code in (404, 405), ruta
    assert (Documento.objects.count(), ArchivoExpediente.objects.count()) == antes


def test_un_registro_ya_corregido_no_se_corrige_otra_vez(
    client, usuario_municipal, personal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        caso = llevar_a(radicar(usuario_municipal), 4, personal)
    oficio = caso.documentos.get(tipo=TipoDocumento.OFICIO_RESPUESTA)
    url = f"/admin/solicitudes/corregir/{caso.pk}/{oficio.pk}/"
    client.force_login(personal["secretario"])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"motivo": "La fecha."}).status_code == 302
    antes = Documento.objects.filter(solicitud=caso).count()
    respuesta = client.post(url, {"motivo": "Otra vez."})
    assert respuesta.status_code == 409
    assert "ya fue corregido" in texto_visible(respuesta.content)
    assert Documento.objects.filter(solicitud=caso).count() == antes


# --- markup in what staff type -------------------------------------------------------


def test_el_marcado_de_la_trd_y_del_archivo_se_muestra_como_texto(
    client, archivado, personal, usuario_municipal
):
    serie = archivado.archivo.serie
    serie.codigo_serie = "<b>7</b>"
    serie.serie = "Serie <script>alert(1)</script> & co"
    serie.unidad_administrativa = "Unidad <i>&amp;</i>"
    serie.save()
    client.force_login(personal["archivo"])
    for url in (
        caso_url(archivado),
        TRANSFERENCIAS + periodo(),
        "/admin/snippets/expedientes/seriedocumental/",
    ):
        html = client.get(url).content.decode()
        assert "<script>alert(1)" not in html and "<b>7</b>" not in html, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html, url
    html = client.get(caso_url(archivado)).content.decode()
    assert "<script>alert(1)</script> &" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; =1+1" in html  # the notes

    respuesta = client.post(
        TRANSFERENCIAS + periodo(),
        {"objeto": "primaria", "formato": "pdf", "archivos": [archivado.archivo.pk]},
    )
    texto = texto_pdf(respuesta.content)
    assert "<script>alert(1)</script> & co" in texto.replace("\n", " ")
    assert "Unidad <i>&amp;</i>" in texto
    assert "-1+2" in texto and "@SUMA" in texto

    abierto = radicar(usuario_municipal, asunto="Plan <b>&amp;</b> revisión")
    respuesta = client.get(f"/admin/solicitudes/hoja-de-control/{abierto.pk}/")
    texto = texto_pdf(respuesta.content)
    assert "Plan <b>&amp;</b> revisión" in texto


def test_una_serie_en_uso_no_se_borra_ni_siendo_superusuario(
    client, archivado, django_user_model
):
    admin = django_user_model.objects.create_superuser("raiz", "r@x.example", "x")
    client.force_login(admin)
    serie = archivado.archivo.serie
    url = f"/admin/snippets/expedientes/seriedocumental/delete/{serie.pk}/"
    assert client.get(url).status_code in (302, 403)
    assert client.post(url).status_code in (302, 403)
    assert type(serie).objects.filter(pk=serie.pk).exists()


# --- /verificar/ with odd codes ------------------------------------------------------


@pytest.mark.parametrize(
    "codigo",
    [
        "ABCDE-FGH23",
        "a" * 5000,
        "'\"><script>alert(1)</script>",
        "ＡＢＣＤＥ-ＦＧＨ２３",
        "ABCDE-FGH23ß",
        "%E2%80%8B",
        "...",
    ],
)
def test_verificar_un_codigo_raro_no_se_encuentra_y_no_se_refleja(client, db, codigo):
    respuesta = client.get(f"/verificar/{codigo}/")
    assert respuesta.status_code == 404
    html = respuesta.content.decode()
    assert "<script>alert(1)" not in html
    # "Registro no encontrado"; "Página no encontrada" when a "/" leaves the route.
    assert "no encontrad" in texto_visible(html)


def test_verificar_acepta_el_codigo_en_minusculas_y_sin_guion(client, archivado):
    codigo = archivado.documentos.get(
        tipo=TipoDocumento.HOJA_CONTROL
    ).codigo_verificacion
    for escrito in (codigo.lower(), codigo.replace("-", ""), f"%20{codigo}%E2%80%8B"):
        respuesta = client.get(f"/verificar/{escrito}/")
        assert respuesta.status_code == 302
        assert respuesta["Location"] == f"/verificar/{codigo}/"
    texto = texto_visible(client.get(f"/verificar/{codigo}/").content)
    assert "Registro auténtico y vigente." in texto
    for personal in ("Archivo Prueba", "planeacion.bucaramanga", "HYPERLINK"):
        assert personal not in texto


def test_la_copia_de_trabajo_no_adivina_la_serie_entre_varias_vigentes(
    client, usuario_municipal, personal
):
    """It printed the first series in force, whichever: with two, another
    dependency's series as if it were the case's."""
    serie_trd()
    abierto = radicar(usuario_municipal)
    url = f"/admin/solicitudes/hoja-de-control/{abierto.pk}/"
    client.force_login(personal["archivo"])
    assert "Asistencias técnicas" in texto_pdf(client.get(url).content)
    ajena = copy.copy(serie_trd())
    ajena.pk = None
    ajena.codigo_dependencia, ajena.codigo_serie = "0999", "01"
    ajena.dependencia, ajena.serie = "Oficina ajena", "Serie ajena"
    ajena.save()
    texto = texto_pdf(client.get(url).content)
    assert "Serie ajena" not in texto and "Oficina ajena" not in texto
    assert "Asistencias técnicas" not in texto
