"""The municipality's actions on its own request (portal/tramite.py): sending the
documents a suspension asked for, and withdrawing; what its page shows meanwhile."""

import datetime
import re

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from expedientes.constants import Canal, EstadoSolicitud, TipoDocumento, TipoEvento
from expedientes.models import Documento, EventoSolicitud, Solicitud
from expedientes.plazos import dias_habiles_entre, sumar_dias_habiles
from expedientes.services import (
    solicitud_desistir,
    solicitud_radicar,
    solicitud_suspender,
)
from tests.casos import datos_solicitud, llevar_a, radicar
from tests.factories import SolicitudFactory, pdf_de_prueba
from tests.utils import archivos_privados, texto_visible

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("limites_vacios")]

MOTIVO = "Falta el acta del consejo territorial de planeación."


@pytest.fixture
def municipal(client, usuario_municipal, version_vigente):
    client.force_login(usuario_municipal)
    return client


@pytest.fixture
def colega_de_giron(otro_municipio, django_user_model):
    return django_user_model.objects.create_user(
        "planeacion.giron", "planeacion@giron.gov.co", "x", municipio=otro_municipio
    )


@pytest.fixture
def ventanilla_en_papel(personal, municipio):
    """A paper request radicated by the Ventanilla única, then registered."""

    def radicar_en_papel():
        solicitud, _codigo = solicitud_radicar(
            actor=personal["ventanilla"],
            municipio=municipio,
            datos=datos_solicitud(),
            oficio=pdf("oficio escaneado.pdf"),
            canal=Canal.VENTANILLA,
            acepta_tratamiento_datos=True,
        )
        return llevar_a(solicitud, 3, personal)

    return radicar_en_papel


def en_tramite(usuario) -> Solicitud:
    """A request of ``usuario``'s municipality filed on the portal, in activity 2
    (factory rows: what is tested is the portal's page and actions on it)."""
    return SolicitudFactory(municipio=usuario.municipio.codigo_divipola)


def suspendida(usuario, personal, dias_atras: int = 0) -> Solicitud:
    """A request of ``usuario``'s municipality in activity 3 (factory rows), that
    the Secretario suspended ``dias_atras`` ago through the service."""
    solicitud = SolicitudFactory(
        en_actividad=3, municipio=usuario.municipio.codigo_divipola
    )
    solicitud_suspender(
        solicitud=solicitud, actor=personal["secretario"], actividad=3, motivo=MOTIVO
    )
    if dias_atras:
        Solicitud.objects.filter(pk=solicitud.pk).update(
            suspendida_desde=timezone.localdate() - datetime.timedelta(days=dias_atras)
        )
    solicitud.refresh_from_db()
    return solicitud


def pdf(nombre="acta.pdf", texto="Acta del consejo"):
    return SimpleUploadedFile(nombre, pdf_de_prueba(texto=texto), "application/pdf")


def aportar_url(solicitud):
    return f"/solicitudes/{solicitud.radicado}/aportar/"


# --- The page of a suspended request ------------------------------------------------


def test_suspendida_dice_por_que_y_ofrece_el_formulario(
    municipal, usuario_municipal, personal
):
    solicitud = suspendida(usuario_municipal, personal)
    html = municipal.get(f"/solicitudes/{solicitud.radicado}/").content.decode()
    texto = texto_visible(html)
    assert "La Secretaría espera documentos del municipio" in texto
    assert f"Suspendida a la espera del municipio: {MOTIVO}" in texto
    assert "los términos no corren" in texto
    formulario = re.search(
        rf'<form[^>]*action="{aportar_url(solicitud)}"[^>]*>', html
    ).group(0)
    assert 'method="post"' in formulario
    assert 'enctype="multipart/form-data"' in formulario
    assert 'type="file"' in html and "multiple" in html
    etapas = re.findall(r'class="linea__etapa linea__etapa--(\w+)"', html)
    assert etapas == ["completada", "completada", "suspendida"] + ["pendiente"] * 3
    # No deadline runs while suspended.
    assert "Términos suspendidos desde el" in texto
    assert "a más tardar" not in texto


def test_en_tramite_no_hay_formulario_de_documentos(municipal, usuario_municipal):
    solicitud = en_tramite(usuario_municipal)
    html = municipal.get(f"/solicitudes/{solicitud.radicado}/").content.decode()
    assert aportar_url(solicitud) not in html
    assert "espera documentos" not in html


# --- Sending the documents ---------------------------------------------------------


def test_aportar_guarda_los_documentos_y_reanuda_con_los_plazos_corridos(
    municipal, usuario_municipal, personal
):
    solicitud = suspendida(usuario_municipal, personal, dias_atras=7)
    limite_antes = solicitud.fecha_limite
    dias = dias_habiles_entre(solicitud.suspendida_desde, timezone.localdate())
    assert dias >= 4
    respuesta = municipal.post(
        aportar_url(solicitud),
        {
            "documentos": [pdf("acta.pdf"), pdf("plano.pdf", "Plano")],
            "mensaje": "Enviamos el acta y el plano.",
        },
    )
    assert respuesta.status_code == 302
    assert respuesta["Location"] == f"/solicitudes/{solicitud.radicado}/"

    solicitud.refresh_from_db()
    assert solicitud.estado == EstadoSolicitud.EN_TRAMITE
    assert solicitud.suspendida_desde is None
    assert solicitud.fecha_limite == sumar_dias_habiles(limite_antes, dias)
    aportados = solicitud.documentos.filter(tipo=TipoDocumento.DOCUMENTO_APORTADO)
    assert sorted(aportados.values_list("nombre_original", flat=True)) == [
        "acta.pdf",
        "plano.pdf",
    ]
    for documento in aportados:
        assert documento.para_municipio and len(documento.sha256) == 64
        assert documento.archivo.name in archivos_privados()
    evento = EventoSolicitud.objects.get(solicitud=solicitud, tipo=TipoEvento.DOCUMENTO)
    assert evento.actor == usuario_municipal
    assert evento.motivo == "Enviamos el acta y el plano."

    texto = texto_visible(municipal.get(respuesta["Location"]).content)
    assert (
        f"Recibimos sus 2 documentos. El trámite de la solicitud {solicitud.radicado} "
        "se reanudó."
    ) in texto
    assert solicitud.fecha_limite.strftime("%d/%m/%Y") in texto
    assert "El municipio aportó 2 documentos." in texto  # the public history
    assert "Trámite reanudado; los plazos se corrieron" in texto
    assert "acta.pdf" in texto and "plano.pdf" in texto  # its documents
    assert "espera documentos" not in texto


def test_aportar_valida_los_pdf_como_la_radicacion(
    municipal, usuario_municipal, personal
):
    solicitud = suspendida(usuario_municipal, personal)
    antes = set(archivos_privados())
    falso = SimpleUploadedFile("acta.pdf", b"no soy un pdf", "application/pdf")
    respuesta = municipal.post(
        aportar_url(solicitud), {"documentos": [falso], "mensaje": "Va el acta."}
    )
    assert respuesta.status_code == 200
    texto = texto_visible(respuesta.content)
    assert "«acta.pdf» no es un PDF (su contenido no es de un PDF)." in texto
    assert "Va el acta." in texto  # what was typed stays
    sin_nada = municipal.post(aportar_url(solicitud), {"mensaje": "Nada"})
    assert "Adjunte al menos un documento en PDF." in texto_visible(sin_nada.content)

    solicitud.refresh_from_db()
    assert solicitud.estado == EstadoSolicitud.SUSPENDIDA
    assert not solicitud.documentos.filter(tipo=TipoDocumento.DOCUMENTO_APORTADO)
    assert set(archivos_privados()) == antes


def test_aportar_sin_suspension_lo_dice_y_no_guarda_nada(municipal, usuario_municipal):
    solicitud = en_tramite(usuario_municipal)
    respuesta = municipal.post(aportar_url(solicitud), {"documentos": [pdf()]})
    assert respuesta.status_code == 302
    texto = texto_visible(municipal.get(respuesta["Location"]).content)
    assert "no está esperando documentos del municipio: no se envió nada" in texto
    assert not Documento.objects.filter(tipo=TipoDocumento.DOCUMENTO_APORTADO)


def test_aportar_a_otro_municipio_es_404_y_nada_cambia(
    client, colega_de_giron, usuario_municipal, personal
):
    solicitud = suspendida(usuario_municipal, personal)
    client.force_login(colega_de_giron)
    respuesta = client.post(aportar_url(solicitud), {"documentos": [pdf()]})
    assert respuesta.status_code == 404
    assert client.get(f"/solicitudes/{solicitud.radicado}/").status_code == 404
    solicitud.refresh_from_db()
    assert solicitud.estado == EstadoSolicitud.SUSPENDIDA
    assert not Documento.objects.filter(tipo=TipoDocumento.DOCUMENTO_APORTADO)


def test_aportar_pide_sesion_post_y_csrf(
    client, usuario_municipal, personal, django_user_model
):
    solicitud = suspendida(usuario_municipal, personal)
    anonimo = client.post(aportar_url(solicitud), {"documentos": [pdf()]})
    assert anonimo.status_code == 302
    assert anonimo["Location"].startswith("/cuenta/ingresar/?next=")

    client.force_login(usuario_municipal)
    assert client.get(aportar_url(solicitud)).status_code == 405

    con_csrf = Client(enforce_csrf_checks=True)
    con_csrf.force_login(usuario_municipal)
    assert (
        con_csrf.post(aportar_url(solicitud), {"documentos": [pdf()]}).status_code
        == 403
    )
    solicitud.refresh_from_db()
    assert solicitud.estado == EstadoSolicitud.SUSPENDIDA


def test_aportar_tiene_limite_por_cuenta_y_solo_cuentan_los_aceptados(
    municipal, usuario_municipal, personal, settings
):
    settings.PORTAL_LIMITE_RADICACIONES = "1/h"
    solicitud = suspendida(usuario_municipal, personal)
    # Refused sendings (not a PDF, nothing attached) cost nothing, however many.
    for _ in range(3):
        falso = SimpleUploadedFile("a.pdf", b"x", "application/pdf")
        assert (
            municipal.post(aportar_url(solicitud), {"documentos": [falso]}).status_code
            == 200
        )
        assert (
            municipal.post(aportar_url(solicitud), {"mensaje": "Nada"}).status_code
            == 200
        )
    aceptado = municipal.post(aportar_url(solicitud), {"documentos": [pdf()]})
    assert aceptado.status_code == 302
    solicitud.refresh_from_db()
    assert solicitud.estado == EstadoSolicitud.EN_TRAMITE

    # The accepted one counted: at the next suspension the limit is reached.
    solicitud_suspender(
        solicitud=solicitud, actor=personal["secretario"], actividad=3, motivo=MOTIVO
    )
    antes = set(archivos_privados())
    respuesta = municipal.post(aportar_url(solicitud), {"documentos": [pdf()]})
    assert respuesta.status_code == 429
    # The filing wording (per account), not the lookups' (per connection).
    assert "envió muchas solicitudes o documentos" in respuesta.content.decode()
    solicitud.refresh_from_db()
    assert solicitud.estado == EstadoSolicitud.SUSPENDIDA
    assert (
        solicitud.documentos.filter(tipo=TipoDocumento.DOCUMENTO_APORTADO).count() == 1
    )
    assert set(archivos_privados()) == antes


# --- Withdrawal --------------------------------------------------------------------


def test_desistir_con_confirmacion_y_motivo(municipal, usuario_municipal):
    solicitud = en_tramite(usuario_municipal)
    detalle = f"/solicitudes/{solicitud.radicado}/"
    url = f"{detalle}desistir/"
    assert url in municipal.get(detalle).content.decode()

    confirmar = texto_visible(municipal.get(url).content)
    assert f"Desistir de la solicitud {solicitud.radicado}" in confirmar
    assert "No se puede deshacer" in confirmar

    sin_motivo = municipal.post(url, {"motivo": "  "})
    assert sin_motivo.status_code == 200
    assert "Escriba por qué desiste de la solicitud." in texto_visible(
        sin_motivo.content
    )
    solicitud.refresh_from_db()
    assert solicitud.estado == EstadoSolicitud.EN_TRAMITE

    respuesta = municipal.post(url, {"motivo": "El concejo aplazó la revisión."})
    assert respuesta.status_code == 302
    assert respuesta["Location"] == detalle
    solicitud.refresh_from_db()
    assert solicitud.estado == EstadoSolicitud.DESISTIDA
    evento = solicitud.eventos.get(tipo=TipoEvento.DESISTIDA)
    assert (evento.actor, evento.motivo) == (
        usuario_municipal,
        "El concejo aplazó la revisión.",
    )

    html = municipal.get(detalle).content.decode()
    texto = texto_visible(html)
    assert f"Usted desistió de la solicitud {solicitud.radicado}." in texto
    assert "El municipio desistió de la solicitud." in texto  # public history
    assert "Terminada: desistida" in texto  # the timeline
    assert "El concejo aplazó" not in texto  # the reason is internal
    assert url not in html  # nothing left to withdraw
    assert "linea__etapa--cerrada" in html


def test_desistir_una_suspendida(municipal, usuario_municipal, personal):
    solicitud = suspendida(usuario_municipal, personal)
    municipal.post(
        f"/solicitudes/{solicitud.radicado}/desistir/", {"motivo": "Ya no aplica."}
    )
    solicitud.refresh_from_db()
    assert solicitud.estado == EstadoSolicitud.DESISTIDA
    assert solicitud.suspendida_desde is None


def test_desistir_de_una_terminada_lo_dice_y_no_cambia_nada(
    municipal, usuario_municipal, personal
):
    solicitud = en_tramite(usuario_municipal)
    solicitud_desistir(solicitud=solicitud, actor=usuario_municipal, motivo="Uno.")
    url = f"/solicitudes/{solicitud.radicado}/desistir/"
    for metodo, datos in (("get", {}), ("post", {"motivo": "Dos."})):
        respuesta = getattr(municipal, metodo)(url, datos)
        assert respuesta.status_code == 302
        texto = texto_visible(municipal.get(respuesta["Location"]).content)
        assert "ya terminó (desistida): no se puede desistir de ella" in texto
    assert solicitud.eventos.filter(tipo=TipoEvento.DESISTIDA).count() == 1


def test_desistir_de_otro_municipio_es_404(
    client, colega_de_giron, usuario_municipal, version_vigente
):
    solicitud = en_tramite(usuario_municipal)
    url = f"/solicitudes/{solicitud.radicado}/desistir/"
    assert client.get(url).status_code == 302  # anonymous: log in first
    client.force_login(colega_de_giron)
    assert client.get(url).status_code == 404
    assert client.post(url, {"motivo": "Ajeno."}).status_code == 404
    solicitud.refresh_from_db()
    assert solicitud.estado == EstadoSolicitud.EN_TRAMITE
    assert not solicitud.eventos.filter(tipo=TipoEvento.DESISTIDA).exists()


# --- What the e-mails say ----------------------------------------------------------


def test_correo_de_cada_paso(usuario_municipal, personal, ventanilla_en_papel):
    from expedientes.models import Notificacion

    solicitud = llevar_a(radicar(usuario_municipal), 4, personal)
    correo = Notificacion.objects.filter(
        solicitud=solicitud,
        destinatario=solicitud.correo_solicitante,
        asunto__contains="completada",
    ).last()
    oficio = solicitud.documentos.get(tipo=TipoDocumento.OFICIO_RESPUESTA)
    assert f"Señor(a) {solicitud.nombre_solicitante}:" in correo.cuerpo
    assert f"su solicitud {solicitud.radicado}, «{solicitud.asunto}»" in correo.cuerpo
    assert "Alcance de la asesoría definido" in correo.cuerpo
    assert (
        f"  - Oficio de respuesta al solicitante ({oficio.nombre_original}). "
        f"Código de verificación: {oficio.codigo_verificacion}"
    ) in correo.cuerpo
    assert f"/solicitudes/{solicitud.radicado}/\n" in correo.cuerpo
    assert "se le mostró en pantalla al radicar la solicitud en el portal" in (
        correo.cuerpo
    )
    assert "Ventanilla" not in correo.cuerpo

    del_grupo = Notificacion.objects.filter(
        solicitud=solicitud, destinatario=personal["coordinador"].email
    ).last()
    assert f"/admin/solicitudes/inspect/{solicitud.pk}/" in del_grupo.cuerpo
    assert "espera en la bandeja de «Coordinación del grupo de planificación»" in (
        del_grupo.cuerpo
    )

    en_papel = ventanilla_en_papel()
    aviso = Notificacion.objects.filter(solicitud=en_papel).exclude(
        asunto__startswith="Solicitud radicada"
    )
    assert all(
        "el código de acceso que le entregó la Ventanilla única cuando radicó la "
        "solicitud en papel" in n.cuerpo
        for n in aviso.filter(destinatario=en_papel.correo_solicitante)
    )
    assert aviso.filter(destinatario=en_papel.correo_solicitante).exists()
