"""Calendar invitations of scheduled sessions (RFC 5545, iTIP RFC 5546), built with
the ``icalendar`` library.

One VEVENT per session, with the session's stable UID (``SesionProgramada.uid``
at the site's mail domain) and its SEQUENCE (raised on every change), its times
with ``TZID=America/Bogota`` and that VTIMEZONE, the organizer fixed when it was
scheduled and every invited person as an ATTENDEE:

- ``REQUEST``: the invitation, sent again with a higher SEQUENCE when the session
  is rescheduled (clients update the same event);
- ``CANCEL``: the session cancelled (STATUS:CANCELLED), removed from calendars;
- ``PUBLISH``: the file a municipality downloads from the portal (imported, not
  answered; no attendees' addresses in it).

Written into the ``Notificacion`` of each invited person by
``services.sesiones``; sent by ``tasks._correo``. The summary and description
are templates (``templates/expedientes/correos/sesion_*.txt``).
"""

from __future__ import annotations

import datetime
import zoneinfo
from email.utils import parseaddr
from typing import TYPE_CHECKING

from icalendar import Calendar, Event, vCalAddress

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from procedimientos.models import Entidad

if TYPE_CHECKING:
    from .models import SesionProgramada

PRODID = "-//Gobernación de Santander//Asesoría POT ES-PE-PR-31//ES"
#: iTIP methods (RFC 5546, 1.4) the site sends.
REQUEST, CANCEL, PUBLISH = "REQUEST", "CANCEL", "PUBLISH"
#: The VTIMEZONE describes Bogotá from this day on (no DST since 1993).
DESDE = datetime.date(2020, 1, 1)


def uid_de(sesion: SesionProgramada) -> str:
    """``<uuid>@<domain of DEFAULT_FROM_EMAIL>``: globally unique (RFC 5545
    3.8.4.7), as the e-mails' Message-IDs are (``tasks.message_id``)."""
    dominio = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2]
    return f"{sesion.uid}@{dominio or 'localhost'}"


def _zona() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _direccion(correo: str, nombre: str, **parametros: str) -> vCalAddress:
    direccion = vCalAddress(f"mailto:{correo}")
    direccion.params["cn"] = nombre
    direccion.params.update(parametros)
    return direccion


def contexto_de(sesion: SesionProgramada) -> dict:
    """What the summary, the description and the e-mails of a session read."""
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return {
        "sesion": sesion,
        "solicitud": sesion.solicitud,
        "inicio": timezone.localtime(sesion.inicio),
        "fin": timezone.localtime(sesion.fin),
        "entidad": Entidad.load(),
        "url_portal": f"{base}/solicitudes/{sesion.solicitud.radicado}/",
    }


def _texto(plantilla: str, contexto: dict) -> str:
    return render_to_string(f"expedientes/correos/{plantilla}", contexto).strip()


def invitacion(sesion: SesionProgramada, *, metodo: str = REQUEST) -> str:
    """The iCalendar text of ``sesion`` for ``metodo``, as it stands now."""
    zona = _zona()
    contexto = contexto_de(sesion)
    calendario = Calendar()
    calendario.add("prodid", PRODID)
    calendario.add("version", "2.0")
    calendario.add("calscale", "GREGORIAN")
    calendario.add("method", metodo)
    evento = Event()
    evento.add("uid", uid_de(sesion))
    evento.add("sequence", sesion.secuencia)
    # When this version of the event was made: the same text for every invited
    # person and every retry of the same change.
    evento.add(
        "dtstamp",
        (sesion.modificada_en or sesion.programada_en).astimezone(datetime.UTC),
    )
    evento.add("dtstart", sesion.inicio.astimezone(zona))
    evento.add("dtend", sesion.fin.astimezone(zona))
    evento.add("summary", _texto("sesion_resumen.txt", contexto))
    evento.add("description", _texto("sesion_descripcion.txt", contexto))
    evento.add("location", sesion.lugar)
    if sesion.lugar.startswith(("https://", "http://")):
        evento.add("url", sesion.lugar)
    evento.add("status", "CANCELLED" if metodo == CANCEL else "CONFIRMED")
    evento.add("transp", "OPAQUE")
    evento.add(
        "organizer",
        _direccion(sesion.organizador_correo, sesion.organizador_nombre),
    )
    if metodo != PUBLISH:
        for invitado in sesion.invitados.all():
            evento.add(
                "attendee",
                _direccion(
                    invitado.correo,
                    invitado.nombre,
                    cutype="INDIVIDUAL",
                    role="REQ-PARTICIPANT",
                    partstat="NEEDS-ACTION",
                    rsvp="TRUE" if metodo == REQUEST else "FALSE",
                ),
            )
    calendario.add_component(evento)
    calendario.add_missing_timezones(first_date=DESDE)
    return calendario.to_ical().decode("utf-8")


def metodo_de(texto: str) -> str:
    """The METHOD of an iCalendar text ("" if it has none)."""
    return str(Calendar.from_ical(texto).get("method", ""))
