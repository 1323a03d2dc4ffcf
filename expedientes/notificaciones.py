"""The e-mails of a case, written from ``templates/expedientes/correos/``.

Services call these inside their transaction (through ``Transicion.notificar``),
so an e-mail exists exactly when the change it tells of committed; ``tasks.py``
sends it afterwards with the records attached, and retries until it goes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.template.loader import render_to_string

from procedimientos.models import Entidad

from .enlaces import absoluta
from .permisos import grupo_de
from .selectors import actividad_de

if TYPE_CHECKING:
    from .models import Documento, EventoSolicitud
    from .services.base import Transicion


def _contexto(t: Transicion, **extra) -> dict:
    entidad = Entidad.load()
    return {
        "solicitud": t.solicitud,
        "entidad": entidad,
        "url_portal": absoluta("solicitud_detalle", t.solicitud.radicado),
        "url_consulta": absoluta("consulta"),
        "url_admin": absoluta("solicitudes:inspect", t.solicitud.pk),
        **extra,
    }


def asunto_de(plantilla: str, contexto: dict) -> str:
    """An e-mail's subject from its ``*_asunto.txt`` template, on one line (a
    mail header has no line breaks)."""
    return " ".join(render_to_string(plantilla, contexto).split())


def correos_del_grupo(grupo: str) -> list[str]:
    """The e-mail of every active member of a staff group."""
    return list(
        get_user_model()
        .objects.filter(groups__name=grupo, is_active=True)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)
    )


def aviso_al_municipio(
    t: Transicion,
    evento: EventoSolicitud,
    *,
    adjuntos: Iterable[Documento] = (),
    asunto: str = "",
) -> None:
    """Tell the requester of a step: its public text and the records for them."""
    adjuntos = [d for d in adjuntos if d.para_municipio]
    t.notificar(
        asunto=asunto
        or asunto_de(
            "expedientes/correos/paso_asunto.txt",
            {"solicitud": t.solicitud, "evento": evento},
        ),
        cuerpo=lambda: render_to_string(
            "expedientes/correos/paso.txt",
            _contexto(t, evento=evento, adjuntos=adjuntos),
        ),
        adjuntos=adjuntos,
    )


def aviso_al_grupo(t: Transicion, numero: int | None = None) -> None:
    """Tell the group of the activity the case is now in that it waits for them."""
    actividad = actividad_de(t.solicitud, numero or t.solicitud.actividad_actual)
    if actividad is None:
        return
    grupo = grupo_de(actividad)
    t.notificar(
        asunto=asunto_de(
            "expedientes/correos/bandeja_asunto.txt",
            {"solicitud": t.solicitud, "actividad": actividad},
        ),
        # Written when the change closes: the deadline it states is the one of
        # the activity reached (Transicion.notificar).
        cuerpo=lambda: render_to_string(
            "expedientes/correos/bandeja.txt",
            _contexto(t, actividad=actividad, grupo=grupo),
        ),
        destinatarios=correos_del_grupo(grupo),
    )


def aviso_nueva_solicitud(t: Transicion) -> None:
    """The Secretaría's despacho (activity 2's group) is told of each filing."""
    aviso_al_grupo(t)
