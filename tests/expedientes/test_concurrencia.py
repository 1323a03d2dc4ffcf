"""Two staff completing the same activity at the same moment (PostgreSQL, in CI):
one succeeds, the other is told who did it; never two events, two records or two
e-mails. SQLite serialises writers, so the race is real only on PostgreSQL."""

import threading

import pytest

from django.db import connection, connections

from expedientes.constants import TipoDocumento, TipoEvento
from expedientes.models import Documento, EventoSolicitud, Notificacion
from expedientes.services import SolicitudError, actividad_definir_alcance
from tests.casos import ALCANCE, llevar_a, radicar
from tests.factories import UsuarioFactory

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrencia real: solo en PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True),
]


def test_dos_personas_completan_la_misma_actividad_a_la_vez(
    inicio, usuario_municipal, personal
):
    solicitud = llevar_a(radicar(usuario_municipal), 3, personal)
    otro_secretario = UsuarioFactory(
        username="secretario2",
        first_name="Ramiro",
        last_name="Mora",
        grupos=["Secretario de Planeación"],
    )
    barrera = threading.Barrier(2)
    resultados: dict[str, object] = {}

    def actuar(nombre, actor):
        try:
            barrera.wait(timeout=10)
            actividad_definir_alcance(
                solicitud=solicitud.pk, actor=actor, actividad=3, alcance=ALCANCE
            )
            resultados[nombre] = "ok"
        except SolicitudError as error:
            resultados[nombre] = str(error)
        finally:
            connections.close_all()

    hilos = [
        threading.Thread(target=actuar, args=("a", personal["secretario"])),
        threading.Thread(target=actuar, args=("b", otro_secretario)),
    ]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join(timeout=60)

    assert sorted(resultados) == ["a", "b"]
    exitos = [n for n, r in resultados.items() if r == "ok"]
    assert len(exitos) == 1, resultados
    [perdedor] = [r for r in resultados.values() if r != "ok"]
    ganador = personal["secretario"] if exitos == ["a"] else otro_secretario
    assert "ya no está en la actividad 3" in perdedor
    assert ganador.get_full_name() in perdedor
    assert (
        EventoSolicitud.objects.filter(
            solicitud=solicitud, tipo=TipoEvento.COMPLETADA, actividad=3
        ).count()
        == 1
    )
    assert (
        Documento.objects.filter(
            solicitud=solicitud, tipo=TipoDocumento.OFICIO_RESPUESTA
        ).count()
        == 1
    )
    # One e-mail to the municipality for this step (plus the filing's and step 2's).
    assert (
        Notificacion.objects.filter(
            solicitud=solicitud, destinatario=solicitud.correo_solicitante
        ).count()
        == 3
    )


def _a_la_vez(*acciones):
    """Run the callables at the same moment, each in its own connection; return
    "ok" or the refusal's message of each, in order."""
    barrera = threading.Barrier(len(acciones))
    resultados: dict[int, str] = {}

    def correr(i, accion):
        try:
            barrera.wait(timeout=10)
            accion()
            resultados[i] = "ok"
        except SolicitudError as error:
            resultados[i] = str(error)
        finally:
            connections.close_all()

    hilos = [
        threading.Thread(target=correr, args=(i, a)) for i, a in enumerate(acciones)
    ]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join(timeout=60)
    return [resultados.get(i, "sin respuesta") for i in range(len(acciones))]


def test_dos_archivistas_archivan_el_mismo_expediente_a_la_vez(
    inicio, usuario_municipal, personal
):
    from expedientes.models import ArchivoExpediente
    from expedientes.services import solicitud_archivar
    from tests.casos import datos_archivo

    solicitud = llevar_a(radicar(usuario_municipal), 6, personal)
    colega = UsuarioFactory(username="archivo2", grupos=["Seguimiento y evaluación"])
    datos = datos_archivo()
    resultados = _a_la_vez(
        *(
            lambda actor=actor: solicitud_archivar(
                solicitud=solicitud.pk, actor=actor, datos=datos, actividad=6
            )
            for actor in (personal["archivo"], colega)
        )
    )
    assert sorted(resultados)[-1] == "ok" and resultados.count("ok") == 1, resultados
    [perdedor] = [r for r in resultados if r != "ok"]
    assert "archivada" in perdedor
    assert ArchivoExpediente.objects.filter(solicitud=solicitud).count() == 1
    assert (
        Documento.objects.filter(
            solicitud=solicitud, tipo=TipoDocumento.HOJA_CONTROL
        ).count()
        == 1
    )


def test_dos_correcciones_del_mismo_registro_a_la_vez(
    inicio, usuario_municipal, personal
):
    from expedientes.services import registro_corregir

    solicitud = llevar_a(radicar(usuario_municipal), 4, personal)
    oficio = solicitud.documentos.get(tipo=TipoDocumento.OFICIO_RESPUESTA)
    resultados = _a_la_vez(
        *(
            lambda motivo=motivo: registro_corregir(
                documento=oficio.pk, actor=personal["secretario"], motivo=motivo
            )
            for motivo in ("Primera corrección", "Segunda corrección")
        )
    )
    assert resultados.count("ok") == 1, resultados
    assert any("ya fue corregido" in r for r in resultados)
    assert Documento.objects.filter(reemplaza=oficio).count() == 1


def test_dos_profesionales_programan_y_cancelan_la_misma_sesion_a_la_vez(
    inicio, usuario_municipal, personal
):
    """Issue 17: one session, one set of invitations; one cancellation, one set
    of METHOD:CANCEL e-mails; the other person is told why."""
    import datetime

    from django.utils import timezone

    from expedientes.models import SesionProgramada
    from expedientes.services import sesion_cancelar, sesion_programar
    from tests.expedientes.test_sesiones_programadas import INVITADOS, programacion

    solicitud = llevar_a(radicar(usuario_municipal), 5, personal)
    datos = programacion(
        timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(days=3)
    )

    def programar(actor):
        return lambda: sesion_programar(
            solicitud=solicitud.pk, actor=actor, actividad=5, datos=datos
        )

    resultados = _a_la_vez(
        programar(personal["profesional"]), programar(personal["profesional2"])
    )
    assert sorted(r == "ok" for r in resultados) == [False, True], resultados
    assert "Ya hay una sesión programada" in next(r for r in resultados if r != "ok")
    [sesion] = SesionProgramada.objects.filter(solicitud=solicitud)
    invitaciones = Notificacion.objects.filter(solicitud=solicitud).exclude(
        calendario=""
    )
    assert invitaciones.count() == len(INVITADOS)

    def cancelar(actor):
        return lambda: sesion_cancelar(
            solicitud=solicitud.pk,
            actor=actor,
            sesion=sesion.pk,
            secuencia=0,
            motivo="Se cruza con el Concejo",
        )

    resultados = _a_la_vez(
        cancelar(personal["profesional"]), cancelar(personal["profesional2"])
    )
    assert sorted(r == "ok" for r in resultados) == [False, True], resultados
    assert invitaciones.filter(calendario__contains="METHOD:CANCEL").count() == len(
        INVITADOS
    )
    sesion.refresh_from_db()
    assert (sesion.estado, sesion.secuencia) == ("cancelada", 1)
