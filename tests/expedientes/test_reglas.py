"""The rules' table (expedientes/reglas.py) is the only place the rules are: a row
added, narrowed or given a guard here is honoured by its three readers with no
other edit: the services (``services.base.transicion``), the admin's buttons
(``permisos.acciones_permitidas``) and the portal (``portal.tramite``).

The rules themselves are stated apart from the table in test_matriz_permisos.py.
"""

from __future__ import annotations

import dataclasses

import pytest

from django.urls import reverse

from expedientes import reglas
from expedientes.constants import EstadoSolicitud
from expedientes.models import EventoSolicitud, Solicitud
from expedientes.permisos import acciones_permitidas
from expedientes.reglas import MUNICIPIO, Guarda, Regla
from expedientes.services import (
    AccionNoPermitida,
    SolicitudError,
    solicitud_desistir,
    solicitud_suspender,
    transicion,
)
from portal.tramite import contexto_de_detalle
from procedimientos.constants import TipoActividad
from tests.casos import archivar, llevar_a, radicar
from tests.utils import texto_visible

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("limites_vacios")]


@pytest.fixture
def con_regla(monkeypatch):
    """Put a row in the table for this test only (replacing its action's row)."""

    def poner(regla: Regla) -> Regla:
        otras = tuple(r for r in reglas.REGLAS if r.accion != regla.accion)
        monkeypatch.setattr(reglas, "REGLAS", (*otras, regla))
        return regla

    return poner


class _Deshacer(Exception):
    """Leaves the body of a change: nothing is written."""


def _llega_al_cuerpo(caso, actor, accion: str) -> bool:
    """Whether ``transicion``, the skeleton every service stands on, lets
    ``actor`` reach the body of ``accion``; the change is rolled back."""
    try:
        with transicion(caso, actor=actor, accion=accion):
            raise _Deshacer
    except _Deshacer:
        return True


def test_una_accion_nueva_es_solo_una_fila(con_regla, usuario_municipal, personal):
    """'Reopen an archived case': a row, and the service, the buttons and the
    portal know who may, where, and what else it needs."""
    con_regla(
        Regla(
            accion="reabrir",
            etiqueta="Reabrir",
            registro="Expediente reabierto",
            estados=frozenset({EstadoSolicitud.ARCHIVADA}),
            roles=(TipoActividad.ARCHIVO, MUNICIPIO),
            guardas=(
                Guarda(
                    lambda caso, _documento: caso.asunto != "Reservada",
                    "Una solicitud reservada no se reabre.",
                ),
            ),
        )
    )
    archivada = archivar(radicar(usuario_municipal), personal)
    abierta = llevar_a(radicar(usuario_municipal), 3, personal)

    assert "reabrir" in acciones_permitidas(personal["archivo"], archivada)
    assert "reabrir" not in acciones_permitidas(personal["despacho"], archivada)
    assert "reabrir" not in acciones_permitidas(personal["archivo"], abierta)

    assert _llega_al_cuerpo(archivada, personal["archivo"], "reabrir")
    with pytest.raises(AccionNoPermitida, match="Su rol no permite"):
        _llega_al_cuerpo(archivada, personal["despacho"], "reabrir")
    with pytest.raises(SolicitudError, match="en trámite: esta acción no aplica"):
        _llega_al_cuerpo(abierta, personal["archivo"], "reabrir")

    contexto = contexto_de_detalle(archivada, usuario=usuario_municipal)
    assert "reabrir" in contexto["acciones"]
    assert _llega_al_cuerpo(archivada, usuario_municipal, "reabrir")

    Solicitud.objects.filter(pk=archivada.pk).update(asunto="Reservada")
    archivada.refresh_from_db()
    assert "reabrir" not in acciones_permitidas(personal["archivo"], archivada)
    with pytest.raises(SolicitudError, match="Una solicitud reservada no se reabre."):
        _llega_al_cuerpo(archivada, personal["archivo"], "reabrir")


def test_una_fila_mas_estrecha_la_siguen_los_tres(
    con_regla, client, usuario_municipal, personal
):
    """Withdrawal narrowed to cases in process: on a suspended case the admin
    offers no button, the portal neither shows nor accepts it, the service
    refuses it, and nothing changes."""
    con_regla(
        dataclasses.replace(
            reglas.regla_de("desistir"),
            estados=frozenset({EstadoSolicitud.EN_TRAMITE}),
        )
    )
    caso = solicitud_suspender(
        solicitud=llevar_a(radicar(usuario_municipal), 3, personal),
        actor=personal["secretario"],
        actividad=3,
        motivo="Falta el documento técnico de soporte",
    )
    eventos = EventoSolicitud.objects.filter(solicitud=caso).count()

    assert "desistir" not in acciones_permitidas(personal["secretario"], caso)
    assert "reanudar" in acciones_permitidas(personal["secretario"], caso)

    client.force_login(usuario_municipal)
    pagina = client.get(reverse("solicitud_detalle", args=[caso.radicado]))
    assert "Desistir de la solicitud" not in texto_visible(pagina.content)
    assert "Enviar los documentos" in texto_visible(pagina.content)
    respuesta = client.post(
        reverse("solicitud_desistir", args=[caso.radicado]), {"motivo": "Ya no"}
    )
    assert respuesta.status_code == 302
    assert "no se puede desistir" in texto_visible(
        client.get(respuesta["Location"]).content
    )

    with pytest.raises(SolicitudError, match="suspendida: reanúdela primero"):
        solicitud_desistir(solicitud=caso, actor=usuario_municipal, motivo="Ya no")
    caso.refresh_from_db()
    assert caso.estado == EstadoSolicitud.SUSPENDIDA
    assert EventoSolicitud.objects.filter(solicitud=caso).count() == eventos


def test_una_guarda_nueva_da_su_mensaje(con_regla, usuario_municipal, personal):
    con_regla(
        dataclasses.replace(
            reglas.regla_de("suspender"),
            guardas=(
                Guarda(
                    lambda caso, _documento: False,
                    "La solicitud %(radicado)s no se suspende en la actividad %(n)s.",
                ),
            ),
        )
    )
    caso = llevar_a(radicar(usuario_municipal), 3, personal)
    assert "suspender" not in acciones_permitidas(personal["secretario"], caso)
    mensaje = f"La solicitud {caso.radicado} no se suspende en la actividad 3."
    with pytest.raises(SolicitudError, match=mensaje):
        solicitud_suspender(
            solicitud=caso, actor=personal["secretario"], actividad=3, motivo="x"
        )


def test_cada_accion_de_la_tabla_tiene_su_registro_de_auditoria():
    """The audit log knows every action of the table by its row's label (an
    unregistered action would fail the log entry's validation)."""
    from wagtail.log_actions import registry

    for regla in reglas.REGLAS:
        assert registry.get_action_label(f"expedientes.{regla.accion}") == str(
            regla.etiqueta
        )
