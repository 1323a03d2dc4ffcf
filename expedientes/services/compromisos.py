"""Reminders of the commitments made in advisory sessions (activity 5, issue 17).

Each ``Compromiso`` due within ``plazos.DIAS_VENCE_PRONTO`` business days (or
overdue) on an open case is e-mailed once to whoever is responsible: the
``correo_responsable`` typed when the session was recorded, or else the
professional who recorded it (the responsible is free text: a person of the
municipality, a team member, "CDMB"...). Run by ``manage.py
recordar_compromisos`` (cron, daily); overdue ones are shown on the case page and
in the inbox (``selectors.compromisos_vencidos``) until the group of activity 5
marks them fulfilled (``compromiso_cumplir``, the row ``cumplir_compromiso`` of
``reglas.REGLAS``): then they are neither overdue nor reminded.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from procedimientos.models import Entidad

from ..constants import EstadoSolicitud, TipoEvento
from ..models import Compromiso, Notificacion, Solicitud
from ..notificaciones import asunto_de
from ..plazos import limite_vence_pronto
from .base import SolicitudError, transicion

logger = logging.getLogger(__name__)


def compromisos_por_recordar(hoy: datetime.date | None = None):
    """Commitments of open cases due within ``plazos.DIAS_VENCE_PRONTO``
    business days (or overdue) whose reminder has not gone yet."""
    return Compromiso.objects.filter(
        recordado_en__isnull=True,
        cumplido_en__isnull=True,
        fecha_limite__isnull=False,
        fecha_limite__lte=limite_vence_pronto(hoy),
        sesion__solicitud__estado__in=[
            EstadoSolicitud.EN_TRAMITE,
            EstadoSolicitud.SUSPENDIDA,
        ],
    ).select_related("sesion__solicitud__municipio", "sesion__registrada_por")


def compromisos_recordar(*, ahora: datetime.datetime | None = None) -> int:
    """E-mail each commitment due to whoever is responsible, once.

    The marker (``recordado_en``) is claimed by a conditional update in the same
    transaction as the e-mail's row: two runs at once (cron on two servers) give
    one e-mail. Sent after commit by ``tasks.procesar_pendientes``. Returns how
    many were queued."""
    from ..tasks import procesar_pendientes

    ahora = ahora or timezone.now()
    hoy = timezone.localdate(ahora)
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    enviados = 0
    for compromiso in compromisos_por_recordar(hoy).order_by("fecha_limite", "pk"):
        destinatario = (
            compromiso.correo_responsable or compromiso.sesion.registrada_por.email
        )
        if not destinatario:
            logger.warning("Compromiso %s: nadie a quien recordarlo", compromiso.pk)
            continue
        caso = compromiso.sesion.solicitud
        contexto = {
            "compromiso": compromiso,
            "sesion": compromiso.sesion,
            "solicitud": caso,
            "vencido": compromiso.fecha_limite < hoy,
            "entidad": Entidad.load(),
            "url_portal": f"{base}/solicitudes/{caso.radicado}/",
        }
        with transaction.atomic():
            reclamado = Compromiso.objects.filter(
                pk=compromiso.pk, recordado_en__isnull=True, cumplido_en__isnull=True
            ).update(recordado_en=ahora)
            if not reclamado:
                continue
            Notificacion.objects.create(
                solicitud=caso,
                destinatario=destinatario,
                asunto=asunto_de("expedientes/correos/compromiso_asunto.txt", contexto)[
                    :200
                ],
                cuerpo=render_to_string("expedientes/correos/compromiso.txt", contexto),
            )
            transaction.on_commit(
                lambda pk=caso.pk: procesar_pendientes.enqueue(pk), robust=True
            )
        enviados += 1
    return enviados


class _YaCumplido(Exception):
    """Leaves ``transicion`` untouched (no event, no audit entry) when the
    commitment was already fulfilled."""


def compromiso_cumplir(
    *, solicitud: Solicitud | int, actor, compromiso: int
) -> Compromiso:
    """Mark a commitment of one of the case's sessions fulfilled: who and when,
    a history event the municipality sees and an audit entry.

    Idempotent: a commitment already fulfilled (two people at once, a form sent
    twice) is returned as it is, with who fulfilled it first; nothing is written
    again."""
    try:
        with transicion(solicitud, actor=actor, accion="cumplir_compromiso") as t:
            fila = (
                Compromiso.objects.select_for_update(of=("self",))
                .select_related("sesion")
                .filter(pk=compromiso, sesion__solicitud=t.solicitud)
                .first()
            )
            if fila is None:
                raise SolicitudError(
                    _("Ese compromiso no es de la solicitud %(radicado)s.")
                    % {"radicado": t.solicitud.radicado},
                    campo="compromiso",
                )
            if fila.cumplido_en is not None:
                raise _YaCumplido
            fila.cumplido_en, fila.cumplido_por = t.ahora, actor
            fila.save(update_fields=["cumplido_en", "cumplido_por"])
            t.evento(
                TipoEvento.COMPROMISO_CUMPLIDO,
                texto_publico=_(
                    "Compromiso cumplido: «%(compromiso)s» (%(responsable)s, "
                    "sesión %(n)s)."
                )
                % {
                    "compromiso": fila.descripcion,
                    "responsable": fila.responsable,
                    "n": fila.sesion.numero,
                },
                datos={"compromiso": fila.pk, "sesion": fila.sesion.numero},
            )
            t.datos_log.update(compromiso=fila.pk, sesion=fila.sesion.numero)
    except _YaCumplido:
        return Compromiso.objects.select_related("sesion", "cumplido_por").get(
            pk=compromiso
        )
    return fila
