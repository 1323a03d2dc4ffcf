"""Forms to schedule, reschedule and cancel an advisory session (activity 5), each
handing its data to one service of ``services.sesiones``, and to mark one of its
commitments fulfilled (``services.compromisos.compromiso_cumplir``). Shown on the
case page (``views.caso.CasoView``) to whoever the rules table lets act; posted
to the views ``ProgramarSesionView``, ``ReprogramarSesionView``,
``CancelarSesionView`` and ``CumplirCompromisoView`` (``views/acciones.py``).
"""

from __future__ import annotations

import datetime
from email.utils import parseaddr

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from procedimientos.constants import TipoActividad

from ..constants import Institucion, Modalidad, TipoEvento
from ..selectors import actividad_por_tipo, sesiones_programadas, ultimo_evento
from ..services import DatosInvitado, DatosProgramacion
from .base import LARGO_MOTIVO, AccionForm, campo_motivo

FORMATO_FECHA_HORA = "%Y-%m-%dT%H:%M"

#: How long a session may be scheduled for, in minutes.
DURACIONES = [
    (30, _("30 minutos")),
    (60, _("1 hora")),
    (90, _("1 hora y media")),
    (120, _("2 horas")),
    (180, _("3 horas")),
    (240, _("4 horas")),
    (480, _("Jornada (8 horas)")),
]

MAXIMO_OTROS = 30


def invitados_sugeridos(solicitud) -> list[DatosInvitado]:
    """Whom a session of ``solicitud`` may invite: the inter-institutional team
    (activity 4, those with an e-mail), the requester and the municipality's
    active accounts. The form offers them all, checked."""
    sugeridos: list[DatosInvitado] = []
    actividad = actividad_por_tipo(solicitud, TipoActividad.EQUIPO)
    evento = (
        ultimo_evento(solicitud, TipoEvento.COMPLETADA, actividad.numero)
        if actividad
        else None
    )
    for i in (evento.datos.get("integrantes") or []) if evento else []:
        if isinstance(i, dict) and i.get("correo"):
            sugeridos.append(
                DatosInvitado(
                    nombre=i.get("nombre", ""),
                    correo=i["correo"],
                    institucion=i.get("institucion", ""),
                    cargo=i.get("rol", ""),
                )
            )
    if solicitud.correo_solicitante:
        sugeridos.append(
            DatosInvitado(
                nombre=solicitud.nombre_solicitante,
                correo=solicitud.correo_solicitante,
                institucion=Institucion.MUNICIPIO,
                cargo=solicitud.cargo_solicitante,
            )
        )
    cuentas = (
        get_user_model()
        .objects.filter(municipio=solicitud.municipio_id, is_active=True)
        .exclude(email="")
        .order_by("pk")
    )
    for cuenta in cuentas:
        sugeridos.append(
            DatosInvitado(
                nombre=cuenta.nombre,
                correo=cuenta.email,
                institucion=Institucion.MUNICIPIO,
                cargo=getattr(cuenta, "cargo", "") or "",
            )
        )
    unicos: dict[str, DatosInvitado] = {}
    for invitado in sugeridos:
        unicos.setdefault(invitado.correo.strip().lower(), invitado)
    return list(unicos.values())


def _etiqueta(invitado: DatosInvitado) -> str:
    institucion = (
        Institucion(invitado.institucion).label
        if invitado.institucion in Institucion.values
        else ""
    )
    partes = [invitado.nombre, str(institucion), invitado.cargo]
    return f"{' · '.join(p for p in partes if p)} <{invitado.correo}>"


def _campo_fecha() -> forms.DateTimeField:
    return forms.DateTimeField(
        label=_("Fecha y hora (hora de Bogotá)"),
        input_formats=[FORMATO_FECHA_HORA, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format=FORMATO_FECHA_HORA
        ),
        error_messages={
            "required": _("Escriba la fecha y la hora de la sesión."),
            "invalid": _("Escriba la fecha y la hora como 31/12/2026 09:30."),
        },
    )


class _DatosDeSesionForm(AccionForm):
    """The fields a scheduled session has: when, how long, how, where, what."""

    fecha = _campo_fecha()
    duracion = forms.TypedChoiceField(
        label=_("Duración"), choices=DURACIONES, coerce=int, initial=120
    )
    modalidad = forms.ChoiceField(
        label=_("Modalidad"), choices=Modalidad.choices, widget=forms.RadioSelect
    )
    lugar = forms.CharField(
        label=_("Lugar o enlace"),
        max_length=300,
        help_text=_("La sala, o el enlace de la videollamada si es virtual."),
    )
    temas = forms.CharField(
        label=_("Temas a tratar"),
        max_length=LARGO_MOTIVO,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def programacion(self, invitados=()) -> DatosProgramacion:
        d = self.cleaned_data
        return DatosProgramacion(
            inicio=d["fecha"],
            fin=d["fecha"] + datetime.timedelta(minutes=d["duracion"]),
            modalidad=d["modalidad"],
            lugar=d["lugar"],
            temas=d["temas"],
            invitados=tuple(invitados),
        )


class ProgramarSesionForm(_DatosDeSesionForm):
    """Schedule a session; every invited person gets the calendar invitation."""

    invitados = forms.MultipleChoiceField(
        label=_("Invitados"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("El equipo interinstitucional y los contactos del municipio."),
    )
    otros_invitados = forms.CharField(
        label=_("Otros invitados"),
        required=False,
        max_length=LARGO_MOTIVO,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Uno por línea: «Nombre <correo@dominio.gov.co>» o solo el correo."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sugeridos = (
            {i.correo.lower(): i for i in invitados_sugeridos(self.solicitud)}
            if self.solicitud is not None
            else {}
        )
        self.fields["invitados"].choices = [
            (correo, _etiqueta(i)) for correo, i in self.sugeridos.items()
        ]
        self.fields["invitados"].initial = list(self.sugeridos)

    def clean_otros_invitados(self) -> list[DatosInvitado]:
        otros = []
        lineas = [
            linea.strip()
            for linea in self.cleaned_data["otros_invitados"].splitlines()
            if linea.strip()
        ]
        if len(lineas) > MAXIMO_OTROS:
            raise ValidationError(
                _("Se admiten hasta %(n)s invitados más: quite alguno."),
                params={"n": MAXIMO_OTROS},
            )
        for numero, linea in enumerate(lineas, start=1):
            nombre, correo = parseaddr(linea)
            try:
                validate_email(correo)
            except ValidationError:
                raise ValidationError(
                    _("Línea %(n)s, «%(linea)s»: no se reconoce un correo válido."),
                    params={"n": numero, "linea": linea},
                ) from None
            otros.append(DatosInvitado(nombre=nombre or correo, correo=correo))
        return otros

    def clean(self):
        datos = super().clean()
        if (
            not self.errors
            and not datos.get("invitados")
            and not datos.get("otros_invitados")
        ):
            raise ValidationError(
                _("Invite al menos a una persona: el equipo o el municipio.")
            )
        return datos

    def datos(self) -> DatosProgramacion:
        elegidos = [self.sugeridos[c] for c in self.cleaned_data["invitados"]]
        return self.programacion([*elegidos, *self.cleaned_data["otros_invitados"]])


def _opciones_de_sesion(solicitud) -> list[tuple[str, str]]:
    """Each scheduled session as ``pk:secuencia``: the service is told which
    version the person saw, and refuses if someone changed it since."""
    return [
        (
            f"{s.pk}:{s.secuencia}",
            f"{timezone.localtime(s.inicio):%d/%m/%Y %H:%M} · "
            f"{s.get_modalidad_display()} · {s.lugar}",
        )
        for s in sesiones_programadas(solicitud)
    ]


class _EligeSesionMixin:
    def _preparar_sesion(self):
        self.programadas = (
            list(sesiones_programadas(self.solicitud)) if self.solicitud else []
        )
        self.fields["sesion"].choices = _opciones_de_sesion(self.solicitud)
        if self.programadas:
            self.fields["sesion"].initial = self.fields["sesion"].choices[0][0]

    def sesion_vista(self) -> tuple[int, int]:
        pk, secuencia = self.cleaned_data["sesion"].split(":")
        return int(pk), int(secuencia)


def _campo_sesion() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Sesión"),
        error_messages={
            "required": _("Elija la sesión."),
            "invalid_choice": _(
                "Esa sesión cambió o ya no está programada: recargue la página."
            ),
        },
    )


class ReprogramarSesionForm(_EligeSesionMixin, _DatosDeSesionForm):
    """A new date, place or topics; the same people invited again."""

    sesion = _campo_sesion()
    motivo = campo_motivo(_("Motivo del cambio"), requerido=False)
    field_order = ["sesion", "fecha", "duracion", "modalidad", "lugar", "temas"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._preparar_sesion()
        if self.programadas and not self.is_bound:
            primera = self.programadas[0]
            self.initial.update(
                fecha=timezone.localtime(primera.inicio),
                duracion=int((primera.fin - primera.inicio).total_seconds() // 60),
                modalidad=primera.modalidad,
                lugar=primera.lugar,
                temas=primera.temas,
            )


class CancelarSesionForm(_EligeSesionMixin, AccionForm):
    sesion = _campo_sesion()
    motivo = campo_motivo(
        _("Motivo de la cancelación"),
        ayuda=_("Los invitados lo reciben con la cancelación en su calendario."),
        falta=_("Escriba por qué se cancela la sesión."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._preparar_sesion()


class CumplirCompromisoForm(AccionForm):
    """One commitment marked fulfilled: a button next to it on the case page.

    Its number only: the service checks it is the case's, and a commitment
    already fulfilled (the form sent twice) is no error."""

    compromiso = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={"required": _("Elija el compromiso.")},
    )
