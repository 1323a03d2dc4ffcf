"""Activity 6: archiving a case file, its index with folios, corrections of issued
records and the FUID's data (the PDFs are read back in test_archivo_pdf.py)."""

from __future__ import annotations

import datetime

import pytest

from django.core import mail
from django.forms.models import model_to_dict
from django.utils import timezone
from wagtail.models import ModelLogEntry

from expedientes.constants import (
    EstadoSolicitud,
    MotivoRechazo,
    Soporte,
    TipoDocumento,
    TipoEvento,
)
from expedientes.models import (
    ArchivoExpediente,
    Documento,
    EventoSolicitud,
    Notificacion,
)
from expedientes.registros import HojaControl
from expedientes.selectors import indice_expediente
from expedientes.services import (
    DatosFuid,
    DatosResultado,
    SolicitudError,
    actividad_brindar_apoyo_completar,
    documentos_aportar,
    fuid_construir,
    hoja_control_borrador,
    registro_corregir,
    sesion_registrar,
    solicitud_archivar,
    solicitud_desistir,
    solicitud_rechazar,
    solicitud_suspender,
)
from expedientes.services.archivo import archivos_para_fuid
from tests.casos import (
    archivar,
    datos_archivo,
    llevar_a,
    pdf,
    radicada_el,
    radicar,
    serie_trd,
    sesion,
)
from tests.factories import SolicitudFactory

pytestmark = pytest.mark.django_db


def _foto(caso):
    caso.refresh_from_db()
    return (
        model_to_dict(caso),
        EventoSolicitud.objects.filter(solicitud=caso).count(),
        Documento.objects.filter(solicitud=caso).count(),
        Notificacion.objects.filter(solicitud=caso).count(),
        ArchivoExpediente.objects.filter(solicitud=caso).count(),
    )


def test_archivar_cierra_el_caso_con_su_retencion_y_su_hoja_de_control(
    usuario_municipal, personal, django_capture_on_commit_callbacks
):
    caso = llevar_a(radicar(usuario_municipal), 6, personal)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        caso = archivar(caso, personal)

    assert caso.estado == EstadoSolicitud.ARCHIVADA
    assert caso.grupo_actual == ""
    assert caso.vence_el is None
    archivo = caso.archivo
    hoy = timezone.localdate(archivo.archivado_en)
    assert archivo.unidad_conservacion == "Caja 3 · Carpeta 12"
    assert archivo.soporte == Soporte.HIBRIDO
    # The default series: 2 years in the archivo de gestión, then 8 in central.
    assert archivo.retencion_gestion_hasta == hoy.replace(year=hoy.year + 2)
    assert archivo.retencion_central_hasta == hoy.replace(year=hoy.year + 10)
    assert archivo.fecha_inicial <= archivo.fecha_final == hoy

    evento = caso.eventos.get(tipo=TipoEvento.ARCHIVADA)
    assert evento.actor == personal["archivo"]
    assert evento.texto_publico.startswith("Expediente archivado")
    hoja = caso.documentos.get(tipo=TipoDocumento.HOJA_CONTROL)
    assert not hoja.para_municipio and hoja.evento == evento
    snapshot = HojaControl.desde_json(hoja.datos)
    documentos = caso.documentos.exclude(tipo=TipoDocumento.HOJA_CONTROL)
    assert len(snapshot.filas) == documentos.count() >= 6
    # Every record had its PDF before the index was taken: folios are continuous.
    assert all(f.folios for f in snapshot.filas)
    assert snapshot.filas[0].folio_desde == 1
    for anterior, fila in zip(snapshot.filas, snapshot.filas[1:], strict=False):
        assert fila.folio_desde == anterior.folio_hasta + 1
    assert snapshot.total_folios == archivo.folios == snapshot.filas[-1].folio_hasta
    assert snapshot.codigo_serie == "07" and snapshot.expedida
    assert snapshot.comun.codigo_verificacion == hoja.codigo_verificacion

    assert ModelLogEntry.objects.filter(
        action="expedientes.archivar", object_id=str(caso.pk)
    ).exists()
    # The municipality is told; the internal hoja de control is not attached.
    (correo,) = [
        m
        for m in mail.outbox
        if caso.correo_solicitante in m.to and "Archivada" in m.subject
    ]
    assert "archivado" in correo.body
    assert not correo.attachments


def test_archivar_fuera_de_la_actividad_6_se_rechaza_sin_cambiar_nada(personal):
    caso = SolicitudFactory(en_actividad=5)
    antes = _foto(caso)
    with pytest.raises(SolicitudError, match="actividad 5"):
        solicitud_archivar(
            solicitud=caso, actor=personal["archivo"], datos=datos_archivo()
        )
    assert _foto(caso) == antes


@pytest.mark.parametrize("rol", ["despacho", "secretario", "profesional"])
def test_solo_el_grupo_de_archivo_archiva(personal, rol):
    caso = SolicitudFactory(en_actividad=6)
    antes = _foto(caso)
    with pytest.raises(SolicitudError, match="Su rol no permite"):
        solicitud_archivar(solicitud=caso, actor=personal[rol], datos=datos_archivo())
    assert _foto(caso) == antes


@pytest.mark.parametrize(
    ("cambios", "mensaje"),
    [
        ({"caja": "", "carpeta": ""}, "unidad de conservación"),
        ({"soporte": "cinta"}, "soporte"),
        ({"caja": "x" * 21}, "hasta 20"),
        ({"frecuencia_consulta": "siempre"}, "frecuencia"),
    ],
)
def test_datos_de_archivo_invalidos(personal, cambios, mensaje):
    caso = SolicitudFactory(en_actividad=6)
    antes = _foto(caso)
    with pytest.raises(SolicitudError, match=mensaje):
        solicitud_archivar(
            solicitud=caso, actor=personal["archivo"], datos=datos_archivo(**cambios)
        )
    assert _foto(caso) == antes


def test_una_serie_no_vigente_no_se_ofrece(personal):
    caso = SolicitudFactory(en_actividad=6)
    serie = serie_trd()
    serie.activa = False
    serie.save()
    with pytest.raises(SolicitudError, match="serie vigente"):
        solicitud_archivar(
            solicitud=caso, actor=personal["archivo"], datos=datos_archivo()
        )
    assert not ArchivoExpediente.objects.exists()


def test_un_caso_archivado_es_de_solo_lectura(usuario_municipal, personal):
    caso = archivar(radicar(usuario_municipal), personal)
    antes = _foto(caso)
    intentos = [
        lambda: solicitud_suspender(
            solicitud=caso, actor=personal["archivo"], actividad=6, motivo="x"
        ),
        lambda: solicitud_archivar(
            solicitud=caso, actor=personal["archivo"], datos=datos_archivo()
        ),
        lambda: solicitud_desistir(solicitud=caso, actor=usuario_municipal, motivo="x"),
        lambda: documentos_aportar(
            solicitud=caso, actor=usuario_municipal, archivos=[pdf()], mensaje="x"
        ),
        lambda: registro_corregir(
            documento=caso.documentos.filter(tipo=TipoDocumento.REGISTRO_INTERNO)
            .get()
            .pk,
            actor=personal["despacho"],
            motivo="Fecha errada",
        ),
    ]
    for intento in intentos:
        with pytest.raises(SolicitudError, match="archivada|solo lectura|suspendida"):
            intento()
    assert _foto(caso) == antes


def test_una_solicitud_rechazada_o_desistida_tambien_se_archiva(
    usuario_municipal, personal
):
    rechazada = solicitud_rechazar(
        solicitud=llevar_a(radicar(usuario_municipal), 3, personal),
        actor=personal["secretario"],
        actividad=3,
        motivo=MotivoRechazo.INCOMPLETA,
        fundamentos="Falta el documento técnico de soporte.",
    )
    desistida = solicitud_desistir(
        solicitud=radicar(usuario_municipal), actor=usuario_municipal, motivo="Ya no"
    )
    for caso in (rechazada, desistida):
        caso = archivar(caso, personal)
        assert caso.estado == EstadoSolicitud.ARCHIVADA
        assert caso.documentos.filter(tipo=TipoDocumento.HOJA_CONTROL).count() == 1


def _con_acuerdo(caso, personal, numero, fecha, tipo_plan=""):
    llevar_a(caso, 5, personal)
    sesion_registrar(
        solicitud=caso, actor=personal["profesional"], actividad=5, sesion=sesion()
    )
    actividad_brindar_apoyo_completar(
        solicitud=caso,
        actor=personal["profesional"],
        actividad=5,
        resultado=DatosResultado(
            acuerdo_numero=numero,
            acuerdo_fecha=fecha,
            acuerdo_pdf=pdf("acuerdo.pdf", "Acuerdo"),
            acuerdo_tipo_plan=tipo_plan,
        ),
    )
    return caso


def test_el_acuerdo_actualiza_el_registro_del_municipio(usuario_municipal, personal):
    municipio = usuario_municipal.municipio
    assert municipio.acto_adopcion == ""
    # Each Acuerdo adopted after its request was filed.
    reciente = _con_acuerdo(
        radicada_el(radicar(usuario_municipal), datetime.date(2026, 2, 2)),
        personal,
        "011",
        datetime.date(2026, 3, 14),
        "PBOT",
    )
    antiguo = _con_acuerdo(
        radicada_el(radicar(usuario_municipal), datetime.date(2019, 2, 4)),
        personal,
        "007",
        datetime.date(2019, 5, 2),
    )

    reciente = archivar(reciente, personal)
    municipio.refresh_from_db()
    assert (municipio.tipo_plan, municipio.acto_adopcion) == (
        "PBOT",
        "Acuerdo 011 de 2026",
    )
    assert municipio.fecha_adopcion == datetime.date(2026, 3, 14)
    assert "Acuerdo 011 de 2026" in reciente.eventos.get(tipo="archivada").texto_publico

    # An older Acuerdo archived later does not replace the plan of record.
    archivar(antiguo, personal)
    municipio.refresh_from_db()
    assert municipio.acto_adopcion == "Acuerdo 011 de 2026"


def test_indice_con_folios_en_el_orden_de_llegada(
    usuario_municipal, personal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        caso = radicar(usuario_municipal)
    filas = indice_expediente(caso)
    assert [f.tipo_documental for f in filas] == [
        "Oficio de solicitud",
        "Constancia de radicación",
    ]
    oficio, constancia = caso.documentos.order_by("creado_en", "pk")
    assert (filas[0].folio_desde, filas[0].folio_hasta) == (1, oficio.paginas)
    assert filas[1].folio_desde == oficio.paginas + 1
    assert "oficio.pdf" in filas[0].observaciones
    assert constancia.codigo_verificacion in filas[1].observaciones

    # A record whose PDF is still pending: its folios and the next ones unknown.
    Documento.objects.filter(pk=constancia.pk).update(
        archivo="", sha256="", paginas=None
    )
    filas = indice_expediente(caso)
    assert filas[1].folios is None and filas[1].folio_desde is None
    assert "pendiente" in filas[1].observaciones


def test_hoja_de_control_de_trabajo_mientras_esta_abierta(usuario_municipal, personal):
    caso = llevar_a(radicar(usuario_municipal), 4, personal)
    documentos = caso.documentos.count()
    hoja = hoja_control_borrador(caso, actor=personal["coordinador"])
    assert not hoja.expedida and hoja.comun.codigo_verificacion == ""
    assert len(hoja.filas) == documentos
    assert caso.documentos.count() == documentos  # printed, not issued
    with pytest.raises(SolicitudError):
        hoja_control_borrador(caso, actor=usuario_municipal)


def test_una_correccion_reemplaza_el_registro_sin_cambiarlo(
    usuario_municipal, personal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        caso = llevar_a(radicar(usuario_municipal), 4, personal)
    oficio = caso.documentos.get(tipo=TipoDocumento.OFICIO_RESPUESTA)
    antes = model_to_dict(oficio)
    with oficio.archivo.open("rb") as f:
        bytes_antes = f.read()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        nuevo = registro_corregir(
            documento=oficio,
            actor=personal["secretario"],
            motivo="Donde dice «seis meses» debe decir «ocho meses».",
        )
    nuevo.refresh_from_db()

    oficio.refresh_from_db()
    assert model_to_dict(oficio) == antes
    with oficio.archivo.open("rb") as f:
        assert f.read() == bytes_antes
    assert nuevo.reemplaza == oficio and oficio.reemplazado_por == nuevo
    assert nuevo.codigo_verificacion != oficio.codigo_verificacion
    corrige = nuevo.datos["comun"]["corrige"]
    assert corrige["codigo_verificacion"] == oficio.codigo_verificacion
    assert "ocho meses" in corrige["motivo"]
    assert nuevo.generado and nuevo.sha256 != oficio.sha256
    # The municipality receives the corrected letter.
    (correo,) = [m for m in mail.outbox if caso.correo_solicitante in m.to]
    assert [a[0] for a in correo.attachments] == [nuevo.nombre_original]
    # In the case file's index, each says what it is to the other.
    observaciones = {f.observaciones for f in indice_expediente(caso)}
    assert any(
        nuevo.codigo_verificacion in o and "reemplazado" in o for o in observaciones
    )

    with pytest.raises(SolicitudError, match="ya fue corregido"):
        registro_corregir(documento=oficio, actor=personal["secretario"], motivo="Otra")


def test_corregir_exige_el_rol_y_un_registro(usuario_municipal, personal):
    caso = llevar_a(radicar(usuario_municipal), 4, personal)
    oficio = caso.documentos.get(tipo=TipoDocumento.OFICIO_RESPUESTA)
    with pytest.raises(SolicitudError, match="Su rol no permite"):
        registro_corregir(documento=oficio, actor=personal["despacho"], motivo="x")
    with pytest.raises(SolicitudError, match="motivo|qué corrige"):
        registro_corregir(documento=oficio, actor=personal["secretario"], motivo=" ")
    for tipo in (TipoDocumento.OFICIO_SOLICITUD, TipoDocumento.CONSTANCIA_RADICACION):
        with pytest.raises(SolicitudError, match="Solo se corrigen"):
            registro_corregir(
                documento=caso.documentos.get(tipo=tipo),
                actor=personal["secretario"],
                motivo="x",
            )
    assert not Documento.objects.filter(reemplaza__isnull=False).exists()


def test_fuid_de_los_expedientes_elegidos(usuario_municipal, personal):
    casos = [
        SolicitudFactory(archivada=True, archivada_por=personal["archivo"])
        for _ in range(3)
    ]
    archivos = archivos_para_fuid([c.archivo.pk for c in casos[:2]])
    fuid = fuid_construir(
        archivos,
        actor=personal["archivo"],
        datos=DatosFuid(numero_transferencia="T-2026-01", lugar="Bucaramanga"),
    )
    assert [f.radicado for f in fuid.filas] == [c.radicado for c in casos[:2]]
    assert [f.numero_orden for f in fuid.filas] == [1, 2]
    assert fuid.objeto == "Transferencia primaria"
    assert fuid.codigo_oficina == "1430" and fuid.filas[0].codigo == "1430.07.02"
    assert fuid.elaborado_por.nombre == "Archivo Prueba"
    with pytest.raises(SolicitudError):
        fuid_construir(archivos, actor=usuario_municipal, datos=DatosFuid())
    with pytest.raises(SolicitudError, match="al menos un"):
        fuid_construir([], actor=personal["archivo"], datos=DatosFuid())


def test_retencion_desde_un_29_de_febrero(personal, monkeypatch):
    from django.utils import timezone

    caso = SolicitudFactory(en_actividad=6)
    bisiesto = timezone.make_aware(datetime.datetime(2028, 2, 29, 10))
    monkeypatch.setattr(timezone, "now", lambda: bisiesto)
    caso = archivar(caso, personal)
    assert caso.archivo.retencion_gestion_hasta == datetime.date(2030, 2, 28)
    assert caso.archivo.retencion_central_hasta == datetime.date(2038, 2, 28)


def test_quien_expidio_el_registro_corrige_tambien_su_correccion(
    usuario_municipal, personal
):
    from expedientes.permisos import puede_corregir

    caso = llevar_a(radicar(usuario_municipal), 5, personal)
    oficio = caso.documentos.get(tipo=TipoDocumento.OFICIO_RESPUESTA)
    # The case is in activity 5 now; the letter was issued in activity 3.
    primera = registro_corregir(
        documento=oficio, actor=personal["secretario"], motivo="Primera"
    )
    assert puede_corregir(personal["secretario"], primera)
    assert not puede_corregir(personal["profesional"], primera)
    with pytest.raises(SolicitudError, match="Su rol no permite"):
        registro_corregir(documento=primera, actor=personal["profesional"], motivo="x")
    segunda = registro_corregir(
        documento=primera, actor=personal["secretario"], motivo="Segunda"
    )
    assert segunda.reemplaza == primera
    primera.refresh_from_db()
    assert not puede_corregir(personal["secretario"], primera)


def test_la_linea_de_tiempo_de_un_caso_archivado_termina_en_el_archivo(
    usuario_municipal, personal
):
    from expedientes.selectors import linea_de_tiempo

    caso = archivar(radicar(usuario_municipal), personal)
    etapas = linea_de_tiempo(caso)
    assert [e.estado for e in etapas] == ["completada"] * 6
    assert etapas[-1].texto.startswith("Expediente archivado")
    assert etapas[-1].responsable == "Archivo Prueba"

    rechazada = solicitud_rechazar(
        solicitud=llevar_a(radicar(usuario_municipal), 3, personal),
        actor=personal["secretario"],
        actividad=3,
        motivo=MotivoRechazo.INCOMPLETA,
        fundamentos="Falta el documento técnico de soporte.",
    )
    etapas = linea_de_tiempo(archivar(rechazada, personal))
    assert etapas[-1].estado == "completada"
