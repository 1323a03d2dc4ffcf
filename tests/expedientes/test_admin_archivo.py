"""Activity 6 in the admin, through its views with the Django test client: the case
file's index, the hoja de control (working copy and issued record), archiving a
case, corrections of issued records, the TRD as snippets and the transfers' FUID
in PDF, CSV and XLSX; and the refusals (another role, an archived case, a
municipal account)."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from django.forms.models import model_to_dict
from django.utils import timezone

from expedientes.constants import EstadoSolicitud, MotivoRechazo, TipoDocumento
from expedientes.models import (
    ArchivoExpediente,
    Documento,
    EventoSolicitud,
    Municipio,
    SerieDocumental,
    Solicitud,
)
from expedientes.services import sesion_registrar, solicitud_rechazar
from tests.casos import (
    archivar,
    llevar_a,
    pdf,
    radicada_el,
    radicar,
    serie_trd,
    sesion,
)
from tests.factories import SolicitudFactory
from tests.planes.casos import con_plan
from tests.utils import tabla_fuid_csv, texto_visible

pytestmark = pytest.mark.django_db


def caso_url(solicitud):
    return f"/admin/solicitudes/inspect/{solicitud.pk}/"


def accion_url(solicitud, accion):
    return f"/admin/solicitudes/{accion}/{solicitud.pk}/"


def hoja_url(solicitud):
    return f"/admin/solicitudes/hoja-de-control/{solicitud.pk}/"


TRANSFERENCIAS = "/admin/solicitudes/transferencias/"


def texto_pdf(contenido: bytes) -> str:
    assert contenido.startswith(b"%PDF")
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(contenido)).pages)


def contenido(respuesta) -> bytes:
    if respuesta.streaming:
        return b"".join(respuesta.streaming_content)
    return respuesta.content


def foto(caso):
    caso.refresh_from_db()
    return (
        model_to_dict(caso),
        EventoSolicitud.objects.filter(solicitud=caso).count(),
        Documento.objects.filter(solicitud=caso).count(),
        ArchivoExpediente.objects.filter(solicitud=caso).count(),
    )


def datos_archivo_post(caso, **cambios):
    return {
        "actividad": caso.actividad_actual,
        "serie": serie_trd().pk,
        "caja": "3",
        "carpeta": "12",
        "tomo": "",
        "otro": "",
        "soporte": "hibrido",
        "frecuencia_consulta": "media",
        "notas": "Expediente completo <b>& revisado</b>.",
        "confirmar": "on",
        **cambios,
    }


@pytest.fixture
def caso_con_acuerdo(
    client, usuario_municipal, personal, django_capture_on_commit_callbacks
):
    """A case at activity 6 whose activity 5 was completed in the admin with the
    municipal Acuerdo (number, date, plan type, PDF)."""
    with django_capture_on_commit_callbacks(execute=True):
        # Filed before the Acuerdo of 20/11/2026 was adopted.
        caso = radicada_el(radicar(usuario_municipal), datetime.date(2026, 11, 3))
        caso = llevar_a(caso, 5, personal)
        sesion_registrar(
            solicitud=caso, actor=personal["profesional"], actividad=5, sesion=sesion()
        )
    client.force_login(personal["profesional"])
    html = client.get(caso_url(caso)).content.decode()
    assert 'name="acuerdo_tipo_plan"' in html
    with django_capture_on_commit_callbacks(execute=True):
        respuesta = client.post(
            accion_url(caso, "completar"),
            {
                "actividad": 5,
                "acuerdo_numero": "012",
                "acuerdo_fecha": "2026-11-20",
                "acuerdo_tipo_plan": "PBOT",
                "acuerdo_pdf": pdf("acuerdo.pdf", "Acuerdo 012 de 2026"),
            },
        )
    assert respuesta.status_code == 302, texto_visible(respuesta.content)
    caso.refresh_from_db()
    assert caso.actividad_actual == 6
    client.logout()
    return caso


def test_el_grupo_de_archivo_archiva_desde_el_admin_y_el_caso_queda_cerrado(
    client, caso_con_acuerdo, personal, django_capture_on_commit_callbacks
):
    caso = caso_con_acuerdo
    client.force_login(personal["archivo"])
    html = client.get(caso_url(caso)).content.decode()
    texto = texto_visible(html)
    # The index: every document with its folios, and the working copy to print.
    assert "Expediente" in texto and "Tipo documental" in texto
    assert "Oficio de solicitud" in texto and "Acuerdo municipal de adopción" in texto
    assert re.search(r"\b1–1\b", texto)
    assert hoja_url(caso) in html and "Imprimir hoja de control" in texto
    # The archive form, with the confirmation that archiving is final.
    assert "Archivar el expediente" in texto
    assert f'action="{accion_url(caso, "archivar")}"' in html
    assert 'name="confirmar"' in html and "archivar es definitivo" in texto

    # Without the confirmation: a Spanish error, the form kept, nothing changed.
    antes = foto(caso)
    respuesta = client.post(
        accion_url(caso, "archivar"), datos_archivo_post(caso, confirmar="")
    )
    assert respuesta.status_code == 200
    assert "Confirme que desea archivar el expediente" in texto_visible(
        respuesta.content
    )
    assert 'value="12"' in respuesta.content.decode()
    # No unit of conservation: the service's own words.
    respuesta = client.post(
        accion_url(caso, "archivar"), datos_archivo_post(caso, caja="", carpeta="")
    )
    assert respuesta.status_code == 409
    assert "Registre la unidad de conservación" in texto_visible(respuesta.content)
    assert foto(caso) == antes

    with django_capture_on_commit_callbacks(execute=True):
        respuesta = client.post(accion_url(caso, "archivar"), datos_archivo_post(caso))
    assert respuesta.status_code == 302
    caso.refresh_from_db()
    assert caso.estado == EstadoSolicitud.ARCHIVADA
    archivo = caso.archivo
    assert archivo.unidad_conservacion == "Caja 3 · Carpeta 12"
    assert archivo.frecuencia_consulta == "media"
    municipio = Municipio.objects.get(pk=caso.municipio_id)
    assert municipio.tipo_plan == "PBOT"
    assert municipio.fecha_adopcion == datetime.date(2026, 11, 20)

    respuesta = client.get(caso_url(caso))
    html = respuesta.content.decode()
    texto = texto_visible(html)
    assert "Expediente archivado" in texto
    assert "1430.07.02" in texto and "Caja 3 · Carpeta 12" in texto
    assert "Híbrido" in texto and "Media" in texto
    assert archivo.retencion_gestion_hasta.strftime("%d/%m/%Y") in texto
    assert archivo.retencion_central_hasta.strftime("%d/%m/%Y") in texto
    assert "Acuerdo 012 del 20/11/2026" in texto and "PBOT" in texto
    assert "&lt;b&gt;&amp; revisado&lt;/b&gt;" in html  # the notes, escaped
    acuerdo = Documento.objects.get(
        solicitud=caso, tipo=TipoDocumento.ACUERDO_MUNICIPAL
    )
    assert f"/admin/solicitudes/documento/{caso.pk}/{acuerdo.pk}/" in html
    # No action at all on an archived case: no forms, no print, no corrections.
    assert "Lo que puede hacer" not in texto
    assert "<form" not in html.split('id="expediente"')[1].split("</section>")[0]
    assert "Imprimir hoja de control" not in texto and "Corregir" not in texto
    assert 'action="/admin/solicitudes/' not in html

    # The issued hoja de control downloads as a PDF with every document.
    hoja = Documento.objects.get(solicitud=caso, tipo=TipoDocumento.HOJA_CONTROL)
    url = f"/admin/solicitudes/documento/{caso.pk}/{hoja.pk}/"
    assert url in html and "Descargar la hoja de control expedida" in texto
    leida = texto_pdf(contenido(client.get(url)))
    assert caso.radicado in leida
    assert "Oficio de solicitud" in leida and "Acuerdo municipal" in leida
    assert hoja.codigo_verificacion in leida


def test_la_copia_de_trabajo_de_la_hoja_de_control_se_imprime_en_cualquier_momento(
    client, usuario_municipal, personal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        caso = llevar_a(radicar(usuario_municipal), 3, personal)
    client.force_login(personal["archivo"])
    respuesta = client.get(hoja_url(caso))
    assert respuesta.status_code == 200
    assert respuesta["Content-Type"] == "application/pdf"
    assert respuesta["Content-Disposition"].startswith("inline;")
    leida = texto_pdf(respuesta.content)
    assert caso.radicado in leida
    assert "Oficio de solicitud" in leida and "Registro interno" in leida
    # A working copy is not a record: nothing was stored.
    assert not Documento.objects.filter(
        solicitud=caso, tipo=TipoDocumento.HOJA_CONTROL
    ).exists()

    # Municipal accounts and anonymous visitors get nothing.
    client.force_login(usuario_municipal)
    assert client.get(hoja_url(caso)).status_code in (302, 403)
    client.logout()
    respuesta = client.get(hoja_url(caso))
    assert respuesta.status_code == 302 and "/login/" in respuesta["Location"]


def test_el_secretario_corrige_el_oficio_de_respuesta_y_el_indice_lo_muestra(
    client, usuario_municipal, personal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        caso = llevar_a(radicar(usuario_municipal), 4, personal)
    oficio = Documento.objects.get(solicitud=caso, tipo=TipoDocumento.OFICIO_RESPUESTA)
    url = f"/admin/solicitudes/corregir/{caso.pk}/{oficio.pk}/"

    # Only the group that issued it sees "Corregir" next to it.
    client.force_login(personal["profesional"])
    assert url not in client.get(caso_url(caso)).content.decode()
    client.force_login(personal["secretario"])
    html = client.get(caso_url(caso)).content.decode()
    assert url in html and "Corregir" in texto_visible(html)

    # Another role posting it is refused in Spanish; nothing changes.
    antes = foto(caso)
    client.force_login(personal["despacho"])
    respuesta = client.post(url, {"motivo": "Fecha equivocada."})
    assert respuesta.status_code == 403
    assert "Su rol no permite esta acción" in texto_visible(respuesta.content)
    assert foto(caso) == antes

    client.force_login(personal["secretario"])
    respuesta = client.post(url, {"motivo": ""})
    assert respuesta.status_code == 200
    assert "Escriba qué se corrige." in texto_visible(respuesta.content)
    assert foto(caso) == antes

    with django_capture_on_commit_callbacks(execute=True):
        respuesta = client.post(
            url, {"motivo": "Decía «seis meses»; la duración es de cuatro meses."}
        )
    assert respuesta.status_code == 302
    nuevo = Documento.objects.get(reemplaza=oficio)
    assert nuevo.codigo_verificacion != oficio.codigo_verificacion
    html = client.get(caso_url(caso)).content.decode()
    texto = texto_visible(html)
    assert f"reemplazado por el {nuevo.codigo_verificacion}" in texto
    assert f"corrige el {oficio.codigo_verificacion}" in texto
    assert "Reemplazado" in texto
    assert "expediente-fila--reemplazado" in html
    # The superseded record has no "Corregir" any more.
    assert url not in html
    # Correcting it again is refused.
    respuesta = client.post(url, {"motivo": "Otra vez."})
    assert respuesta.status_code == 409
    assert "ya fue corregido" in texto_visible(respuesta.content)


def test_otro_rol_no_archiva_y_un_caso_archivado_rechaza_toda_accion(
    client, usuario_municipal, personal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        caso = llevar_a(radicar(usuario_municipal), 6, personal)
    antes = foto(caso)
    client.force_login(personal["secretario"])
    assert 'name="confirmar"' not in client.get(caso_url(caso)).content.decode()
    respuesta = client.post(accion_url(caso, "archivar"), datos_archivo_post(caso))
    assert respuesta.status_code == 403
    assert "Su rol no permite esta acción" in texto_visible(respuesta.content)
    assert foto(caso) == antes

    with django_capture_on_commit_callbacks(execute=True):
        archivar(caso, personal)
    antes = foto(caso)
    oficio = Documento.objects.get(solicitud=caso, tipo=TipoDocumento.OFICIO_RESPUESTA)
    intentos = [
        (personal["archivo"], accion_url(caso, "archivar"), datos_archivo_post(caso)),
        (
            personal["archivo"],
            accion_url(caso, "suspender"),
            {"actividad": 6, "motivo": "Falta un plano."},
        ),
        (
            personal["archivo"],
            accion_url(caso, "completar"),
            {"actividad": 6, "observaciones": "x"},
        ),
        (
            personal["secretario"],
            f"/admin/solicitudes/corregir/{caso.pk}/{oficio.pk}/",
            {"motivo": "Fecha equivocada."},
        ),
    ]
    for usuario, url, datos in intentos:
        client.force_login(usuario)
        respuesta = client.post(url, datos)
        assert respuesta.status_code in (403, 409), url
        assert "archivad" in texto_visible(respuesta.content).lower(), url
    assert foto(caso) == antes


def test_un_usuario_municipal_no_ve_nada_del_archivo(
    client, usuario_municipal, personal
):
    caso = radicar(usuario_municipal)
    client.force_login(usuario_municipal)
    for url in (
        caso_url(caso),
        hoja_url(caso),
        TRANSFERENCIAS,
        "/admin/snippets/expedientes/seriedocumental/",
    ):
        respuesta = client.get(url)
        assert respuesta.status_code in (302, 403), url
    respuesta = client.post(TRANSFERENCIAS, {"formato": "pdf"})
    assert respuesta.status_code in (302, 403)
    respuesta = client.post(accion_url(caso, "archivar"), {"actividad": 1})
    assert respuesta.status_code in (302, 403)


def test_la_trd_la_mantiene_seguimiento_y_los_demas_la_consultan(
    client, personal, django_user_model
):
    serie = serie_trd()
    listado = "/admin/snippets/expedientes/seriedocumental/"
    client.force_login(personal["archivo"])
    respuesta = client.get(listado)
    assert respuesta.status_code == 200
    texto = texto_visible(respuesta.content)
    assert "1430.07.02" in texto and "Asistencias técnicas" in texto
    assert "2 + 8 años" in texto and "Conservación total" in texto
    assert "valor por defecto" in texto and "TRD" in texto or "retención" in texto
    assert client.get(listado + "add/").status_code == 200
    respuesta = client.post(
        listado + f"edit/{serie.pk}/",
        {
            **{
                campo: getattr(serie, campo)
                for campo in (
                    "codigo_unidad",
                    "unidad_administrativa",
                    "codigo_dependencia",
                    "dependencia",
                    "codigo_serie",
                    "serie",
                    "codigo_subserie",
                    "subserie",
                    "tipos_documentales",
                    "disposicion_final",
                    "procedimiento",
                )
            },
            "retencion_gestion": 3,
            "retencion_central": 7,
            "digitalizacion": "on",
            "activa": "on",
        },
    )
    assert respuesta.status_code == 302, texto_visible(respuesta.content)
    serie.refresh_from_db()
    assert (serie.retencion_gestion, serie.retencion_central) == (3, 7)

    client.force_login(personal["despacho"])
    assert client.get(listado).status_code == 200
    for url in (listado + "add/", listado + f"edit/{serie.pk}/"):
        respuesta = client.get(url)
        assert respuesta.status_code in (302, 403), url

    # Nobody deletes a series, not even a superuser (retired with "vigente").
    client.force_login(
        django_user_model.objects.create_superuser("jefe", "jefe@example.com", "x")
    )
    respuesta = client.post(listado + f"delete/{serie.pk}/")
    assert respuesta.status_code in (302, 403)
    assert SerieDocumental.objects.filter(pk=serie.pk).exists()


def test_el_listado_de_municipios_muestra_el_plan_y_su_acto_de_adopcion(
    client, personal, municipio
):
    con_plan(municipio, tipo_plan="POT", fecha=datetime.date(2014, 4, 30))
    client.force_login(personal["archivo"])
    respuesta = client.get("/admin/snippets/expedientes/municipio/?q=Bucaramanga")
    texto = texto_visible(respuesta.content)
    assert "Adoptado el" in texto
    assert "Acuerdo 011 de 2014" in texto and "POT" in texto
    assert "30/04/2014" in texto


@pytest.fixture
def archivados(personal):
    """Two archived cases of Bucaramanga and one of Girón: activities 1 to 5 as
    rows (the factory), the archive through its service."""
    archivo = personal["archivo"]
    casos = [
        SolicitudFactory(
            asunto="Revisión del POT 1", archivada=True, archivada_por=archivo
        ),
        SolicitudFactory(
            asunto="Revisión del POT 2",
            archivada=True,
            archivada_por=archivo,
            archivo={"caja": "4"},
        ),
        SolicitudFactory(
            municipio="68307",
            asunto="Revisión del EOT",
            archivada=True,
            archivada_por=archivo,
            archivo={"caja": "5"},
        ),
    ]
    return [Solicitud.objects.get(pk=c.pk) for c in casos]


def test_fuid_de_los_expedientes_elegidos_en_pdf_csv_y_xlsx(
    client, archivados, personal, municipio
):
    uno, dos, giron = archivados
    client.force_login(personal["archivo"])
    # The menu item, for staff.
    inicio = client.get("/admin/").content.decode()
    assert '"label": "Transferencias"' in inicio
    assert "n (TRD)" in inicio  # "Retención (TRD)", JSON-escaped in the menu

    # Default: retention in the archivo de gestión ending within 12 months. The
    # default series keeps files 2 years there: none yet.
    respuesta = client.get(TRANSFERENCIAS)
    assert respuesta.status_code == 200
    texto = texto_visible(respuesta.content)
    assert "Ningún expediente archivado" in texto
    hoy = timezone.localdate()
    assert f'value="{hoy.isoformat()}"' in respuesta.content.decode()

    consulta = (
        f"?retencion=gestion&desde={hoy.isoformat()}"
        f"&hasta={(hoy + datetime.timedelta(days=800)).isoformat()}"
        f"&municipio={municipio.pk}"
    )
    respuesta = client.get(TRANSFERENCIAS + consulta)
    texto = texto_visible(respuesta.content)
    assert uno.radicado in texto and dos.radicado in texto
    assert giron.radicado not in texto
    assert "2 expedientes archivados" in texto

    fuid = {
        "objeto": "primaria",
        "numero_transferencia": "TP-2026/01",
        "entrada_fecha": hoy.isoformat(),
        "entregado_nombre": "Archivo Prueba",
        "entregado_cargo": "Coordinador de seguimiento",
        "recibido_nombre": "Marta Díaz",
        "recibido_cargo": "Archivo central",
        "lugar": "Bucaramanga",
    }
    # No case chosen: said in Spanish, the form kept with the filters.
    respuesta = client.post(TRANSFERENCIAS + consulta, {**fuid, "formato": "pdf"})
    assert respuesta.status_code == 400
    texto = texto_visible(respuesta.content)
    assert "Elija al menos un expediente archivado" in texto
    assert uno.radicado in texto and "Marta Díaz" in respuesta.content.decode()
    # A case outside the list (another municipality's) is not accepted.
    respuesta = client.post(
        TRANSFERENCIAS + consulta,
        {**fuid, "formato": "pdf", "archivos": [giron.archivo.pk]},
    )
    assert respuesta.status_code == 400
    assert "ya no está en la lista" in texto_visible(respuesta.content)

    elegidos = [uno.archivo.pk, dos.archivo.pk]
    respuesta = client.post(
        TRANSFERENCIAS + consulta, {**fuid, "formato": "pdf", "archivos": elegidos}
    )
    assert respuesta.status_code == 200
    assert respuesta["Content-Type"] == "application/pdf"
    assert re.match(
        r'attachment; filename="FUID-TP-2026-01-\d{4}-\d\d-\d\d\.pdf"',
        respuesta["Content-Disposition"],
    )
    leida = texto_pdf(respuesta.content)
    assert uno.radicado in leida and dos.radicado in leida
    assert giron.radicado not in leida
    assert "Marta Díaz" in leida and "TP-2026/01" in leida

    respuesta = client.post(
        TRANSFERENCIAS + consulta, {**fuid, "formato": "csv", "archivos": elegidos}
    )
    assert respuesta["Content-Type"].startswith("text/csv")
    assert respuesta["Content-Disposition"].endswith('.csv"')
    filas = tabla_fuid_csv(respuesta.content)
    assert len(filas) == 3
    cuerpo = "\n".join(",".join(f) for f in filas[1:])
    assert uno.radicado in cuerpo and dos.radicado in cuerpo
    assert giron.radicado not in cuerpo

    respuesta = client.post(
        TRANSFERENCIAS + consulta, {**fuid, "formato": "xlsx", "archivos": elegidos}
    )
    assert respuesta["Content-Disposition"].endswith('.xlsx"')
    libro = load_workbook(io.BytesIO(respuesta.content))
    celdas = [
        str(c) for fila in libro.active.iter_rows(values_only=True) for c in fila if c
    ]
    texto = "\n".join(celdas)
    assert uno.radicado in texto and dos.radicado in texto
    assert giron.radicado not in texto

    # The central archive's retention (2 + 8 years) ends later: a later period.
    respuesta = client.get(
        TRANSFERENCIAS
        + f"?retencion=central&desde={hoy.isoformat()}"
        + f"&hasta={(hoy + datetime.timedelta(days=365 * 11)).isoformat()}"
    )
    texto = texto_visible(respuesta.content)
    assert "3 expedientes archivados" in texto
    # A period that ends before it starts.
    respuesta = client.get(
        TRANSFERENCIAS + "?desde=2030-01-01&hasta=2029-01-01&retencion=gestion"
    )
    assert "anterior a «Desde»" in texto_visible(respuesta.content)


def test_transferencias_solo_para_el_personal(client, usuario_municipal, personal):
    client.logout()
    respuesta = client.get(TRANSFERENCIAS)
    assert respuesta.status_code == 302 and "/login/" in respuesta["Location"]
    client.force_login(usuario_municipal)
    assert client.get(TRANSFERENCIAS).status_code in (302, 403)
    client.force_login(personal["despacho"])
    assert client.get(TRANSFERENCIAS).status_code == 200


def test_una_solicitud_rechazada_se_archiva_desde_el_admin(
    client, usuario_municipal, personal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        caso = solicitud_rechazar(
            solicitud=llevar_a(radicar(usuario_municipal), 3, personal),
            actor=personal["secretario"],
            actividad=3,
            motivo=MotivoRechazo.INCOMPLETA,
            fundamentos="Falta el documento técnico de soporte.",
        )
    client.force_login(personal["archivo"])
    html = client.get(caso_url(caso)).content.decode()
    assert f'action="{accion_url(caso, "archivar")}"' in html
    with django_capture_on_commit_callbacks(execute=True):
        respuesta = client.post(
            accion_url(caso, "archivar"), datos_archivo_post(caso, tomo="1")
        )
    assert respuesta.status_code == 302
    caso.refresh_from_db()
    assert caso.estado == EstadoSolicitud.ARCHIVADA
    texto = texto_visible(client.get(caso_url(caso)).content)
    assert "Caja 3 · Carpeta 12 · Tomo 1" in texto
    assert "No se registró un Acuerdo municipal" in texto


def test_la_pagina_de_un_caso_con_muchos_documentos_no_consulta_uno_por_uno(
    client, usuario_municipal, personal
):
    """The case page lists the case file's index with a correction form where the
    user may: its queries do not grow with the number of documents."""
    caso = llevar_a(radicar(usuario_municipal), 4, personal)
    oficio = caso.documentos.get(tipo=TipoDocumento.OFICIO_RESPUESTA)
    Documento.objects.bulk_create(
        [
            Documento(
                solicitud=caso,
                tipo=TipoDocumento.ANEXO,
                nombre_original=f"anexo-{n}.pdf",
                paginas=1,
                evento=oficio.evento,
                creado_por=personal["secretario"],
            )
            for n in range(300)
        ]
    )
    client.force_login(personal["secretario"])

    def consultas() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as capturadas:
            respuesta = client.get(caso_url(caso))
        assert respuesta.status_code == 200
        return len(capturadas)

    con_300 = consultas()
    Documento.objects.filter(tipo=TipoDocumento.ANEXO).delete()  # test data only
    assert con_300 <= consultas() + 10, con_300
