"""``make run``'s demo: one account per role, cases in every activity and deadline
state made by the services, and a second run that changes nothing."""

import io

import pytest

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from expedientes.constants import EstadoSolicitud, TipoEvento
from expedientes.demo import CASOS_DEMO
from expedientes.models import Documento, EventoSolicitud, Notificacion, Solicitud
from expedientes.permisos import ROLES
from expedientes.plazos import EstadoPlazo, estado_plazo
from expedientes.services.base import recalcular_vencimiento

pytestmark = pytest.mark.django_db

ESTADOS_DE_PLAZO = {
    "a tiempo": EstadoPlazo.A_TIEMPO,
    "vence pronto": EstadoPlazo.VENCE_PRONTO,
    "vencida": EstadoPlazo.VENCIDA,
}


def _filas():
    return (
        get_user_model().objects.count(),
        Solicitud.objects.count(),
        EventoSolicitud.objects.count(),
        Documento.objects.count(),
        Notificacion.objects.count(),
    )


@pytest.fixture
def demo(procedimiento, municipios, settings):
    settings.DEBUG = True
    salida = io.StringIO()
    call_command("crear_admin_demo", stdout=salida)
    return salida.getvalue()


def test_una_cuenta_por_rol_que_entra_con_su_nombre(demo, client):
    User = get_user_model()
    for grupo in ROLES:
        miembros = User.objects.filter(groups__name=grupo)
        assert miembros.count() == 1, grupo
        usuario = miembros.get().username
        assert f"usuario «{usuario}», contraseña «{usuario}»" in demo
        entrada = client.post(
            "/admin/login/", {"username": usuario, "password": usuario}
        )
        assert entrada.status_code == 302, usuario
        assert client.get("/admin/").status_code == 200
        client.post("/admin/logout/")
    secretario = User.objects.get(username="secretario")
    assert set(secretario.groups.values_list("name", flat=True)) == {
        "Aprobadores de procedimientos",
        "Secretario de Planeación",
    }
    for usuario in ("admin", "editora", "revisor", "bucaramanga"):
        assert f"usuario «{usuario}»" in demo


def test_casos_en_cada_actividad_y_estado_de_plazo(demo):
    casos = {caso.clave: caso for caso in CASOS_DEMO}
    solicitudes = {
        s.clave_envio: s
        for s in Solicitud.objects.exclude(clave_envio=None).select_related(
            "municipio", "version_procedimiento"
        )
    }
    assert len(solicitudes) == len(CASOS_DEMO)
    en_tramite = {
        s.actividad_actual
        for s in solicitudes.values()
        if s.estado == EstadoSolicitud.EN_TRAMITE
    }
    assert en_tramite == {2, 3, 4, 5, 6}
    estados = {s.estado for s in solicitudes.values()}
    assert {
        EstadoSolicitud.SUSPENDIDA,
        EstadoSolicitud.RECHAZADA,
        EstadoSolicitud.DESISTIDA,
    } <= estados
    plazos = {estado_plazo(s.vence_el) for s in solicitudes.values()}
    assert set(EstadoPlazo) <= plazos
    for caso in casos.values():
        solicitud = solicitudes[caso.clave_envio]
        # What the command prints of each case is what it is today.
        assert f"{solicitud.radicado} · {solicitud.municipio.nombre}" in demo
        for texto, estado in ESTADOS_DE_PLAZO.items():
            if texto in caso.descripcion_demo:
                assert estado_plazo(solicitud.vence_el) == estado, caso.clave


def test_cada_paso_ocurrio_en_su_fecha_por_los_servicios(demo):
    ahora = timezone.now()
    for solicitud in Solicitud.objects.exclude(clave_envio=None):
        eventos = list(solicitud.eventos.order_by("pk"))
        # Filed on its own date, every step later than the one before, none
        # in the future: the clock of each step, not the time of the command.
        assert eventos[0].fecha == solicitud.radicada_en
        assert eventos[0].tipo == TipoEvento.COMPLETADA
        fechas = [e.fecha for e in eventos]
        assert fechas == sorted(fechas) and len(set(fechas)) == len(fechas)
        assert fechas[-1] < ahora
        assert timezone.localdate(solicitud.radicada_en) < timezone.localdate()
        # Issued records are snapshots of their step's date, e-mails too.
        for documento in solicitud.documentos.exclude(evento=None):
            assert documento.creado_en == documento.evento.fecha
        for notificacion in solicitud.notificaciones.all():
            assert notificacion.creada_en in fechas
        # The cached deadline is the one the services compute.
        vence_el = solicitud.vence_el
        recalcular_vencimiento(solicitud)
        assert solicitud.vence_el == vence_el


def test_bucaramanga_ve_sus_casos_en_el_portal(demo, client):
    entrada = client.post(
        "/cuenta/ingresar/", {"username": "bucaramanga", "password": "demo"}
    )
    assert entrada.status_code == 302
    respuesta = client.get("/solicitudes/")
    suyas = Solicitud.objects.filter(municipio__codigo_divipola="68001")
    assert suyas.count() == 4  # the first demo request and three of CASOS_DEMO
    for solicitud in suyas:
        assert solicitud.radicado in respuesta.content.decode()
    suspendida = suyas.get(estado=EstadoSolicitud.SUSPENDIDA)
    pagina = client.get(f"/solicitudes/{suspendida.radicado}/")
    assert pagina.status_code == 200
    assert "Suspendida" in pagina.content.decode()


def test_otra_vez_no_cambia_nada(demo, settings):
    antes = _filas()
    salida = io.StringIO()
    call_command("crear_admin_demo", stdout=salida)
    assert _filas() == antes
    assert "(ya existía)" in salida.getvalue()
    # The same instructions, the same cases.
    quitar_codigo = [linea for linea in demo.splitlines() if "código" not in linea]
    assert [
        linea for linea in salida.getvalue().splitlines() if "ya existía" not in linea
    ] == quitar_codigo


def test_solo_en_desarrollo(procedimiento, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("crear_admin_demo", stdout=io.StringIO())
    assert not Solicitud.objects.exists()
