"""What each kind of activity (``TipoActividad``) brings with it, in one table.

The kind of an activity (frozen in the case's version) selects the form that
completes it on the case page, the service that form calls, the title of that
form and where its outcome shows on the case page. ``TIPOS_DE_ACTIVIDAD`` is read
by ``views.acciones.CompletarView`` (forms, service, title) and by
``selectors.pagina_del_caso`` (the outcome); the services check the kind again
(``services.actividades``). Radicación (activity 1) and archivo (activity 6) are
not completed with this form: they have views of their own
(``views.radicacion``, ``views.acciones.ArchivarView``); any kind without an
entry is completed as a generic step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from procedimientos.constants import TipoActividad

from . import forms as f
from .constants import Institucion
from .models import EventoSolicitud, Solicitud
from .permisos import grupo_de
from .selectors import actividad_de, datos_de_la_ultima_vez, personas_de
from .services import (
    actividad_brindar_apoyo_completar,
    actividad_completar,
    actividad_conformar_equipo,
    actividad_definir_alcance,
    actividad_registrar,
)


@dataclass(frozen=True)
class TipoDeActividad:
    """One kind of activity: how it is completed and where its outcome shows."""

    #: The completion's form (``form``) and any formsets, bound when data is
    #: given: ``(solicitud, numero, data, files) -> dict``.
    formularios: Callable[..., dict]
    #: Calls the kind's service with the valid form and formsets and returns the
    #: success message: ``(comun, form, formsets) -> str``, where ``comun`` is
    #: what every action's service takes (``views.acciones.AccionView.comun``).
    completar: Callable[..., str]
    #: The title of its form; empty: "Completar: <the activity's name>".
    titulo: str = ""
    #: The name of its outcome on the case page (``caso.html``) and what, of the
    #: event of its latest completion, is shown there.
    seccion: str = ""
    en_la_pagina: Callable[[EventoSolicitud], Any] = lambda evento: evento


# --- 2. registro interno --------------------------------------------------------------


def _formularios_registro(solicitud: Solicitud, numero: int, data, files) -> dict:
    # Whom the request goes to: the people of the next activity's group.
    siguiente = actividad_de(solicitud, numero + 1)
    destinatarios = personas_de(grupo_de(siguiente) if siguiente else "")
    return {
        "form": f.RegistroForm(
            data, files, destinatarios=destinatarios, solicitud=solicitud
        )
    }


def _completar_registro(comun: dict, form, formsets) -> str:
    d = form.cleaned_data
    caso = actividad_registrar(
        **comun, observaciones=d["observaciones"], dirigida_a=d["dirigida_a"]
    )
    return _(
        "Solicitud %(radicado)s registrada con el número %(numero)s y "
        "enviada a la actividad siguiente."
    ) % {"radicado": caso.radicado, "numero": caso.numero_registro}


# --- 3. alcance -----------------------------------------------------------------------


def _anterior(solicitud: Solicitud, data) -> dict:
    """Done again after a step back: the unbound form starts from what was
    recorded the last time."""
    if data is not None:
        return {}
    return datos_de_la_ultima_vez(solicitud, solicitud.actividad_actual)


def _formularios_alcance(solicitud: Solicitud, numero: int, data, files) -> dict:
    inicial = f.AlcanceForm.inicial(_anterior(solicitud, data))
    return {"form": f.AlcanceForm(data, files, initial=inicial, solicitud=solicitud)}


def _completar_alcance(comun: dict, form, formsets) -> str:
    actividad_definir_alcance(**comun, alcance=form.datos())
    return _(
        "Alcance definido. Se expidió el oficio de respuesta y se avisó al municipio."
    )


# --- 4. equipo ------------------------------------------------------------------------


def _formularios_equipo(solicitud: Solicitud, numero: int, data, files) -> dict:
    anterior = _anterior(solicitud, data)
    return {
        "form": f.EquipoForm(data, files, solicitud=solicitud),
        "integrantes": f.IntegranteFormSet(
            data,
            prefix="integrantes",
            initial=f.IntegranteFormSet.inicial(anterior) or None,
        ),
    }


def _completar_equipo(comun: dict, form, formsets) -> str:
    d = form.cleaned_data
    actividad_conformar_equipo(
        **comun,
        integrantes=formsets["integrantes"].filas(),
        objeto=d["objeto"],
        compromisos=d["compromisos"],
    )
    return _("Equipo conformado. Se expidió el acta de compromiso.")


def _etiqueta(choices, valor) -> str:
    try:
        return str(choices(valor).label)
    except ValueError:
        return valor or ""


def _integrantes(evento: EventoSolicitud) -> list[dict] | None:
    """The team as recorded, each institution by its name."""
    return [
        {**i, "institucion": _etiqueta(Institucion, i.get("institucion"))}
        for i in evento.datos.get("integrantes") or []
    ] or None


# --- 5. asesoría ----------------------------------------------------------------------


def _formularios_asesoria(solicitud: Solicitud, numero: int, data, files) -> dict:
    return {"form": f.ResultadoForm(data, files, solicitud=solicitud)}


def _completar_asesoria(comun: dict, form, formsets) -> str:
    actividad_brindar_apoyo_completar(**comun, resultado=form.datos())
    return _(
        "Asesoría terminada. Se expidió la planilla de asesorías; la "
        "solicitud pasa a Seguimiento y evaluación."
    )


# --- any other step -------------------------------------------------------------------


def _formularios_generica(solicitud: Solicitud, numero: int, data, files) -> dict:
    return {"form": f.GenericaForm(data, files, solicitud=solicitud)}


def _completar_generica(comun: dict, form, formsets) -> str:
    actividad_completar(**comun, observaciones=form.cleaned_data["observaciones"])
    return _("Actividad completada.")


#: Every kind completed on the case page, by ``TipoActividad``.
TIPOS_DE_ACTIVIDAD: dict[str, TipoDeActividad] = {
    TipoActividad.REGISTRO: TipoDeActividad(
        formularios=_formularios_registro, completar=_completar_registro
    ),
    TipoActividad.ALCANCE: TipoDeActividad(
        formularios=_formularios_alcance,
        completar=_completar_alcance,
        seccion="alcance",
    ),
    TipoActividad.EQUIPO: TipoDeActividad(
        formularios=_formularios_equipo,
        completar=_completar_equipo,
        seccion="equipo",
        en_la_pagina=_integrantes,
    ),
    TipoActividad.ASESORIA: TipoDeActividad(
        formularios=_formularios_asesoria,
        completar=_completar_asesoria,
        titulo=gettext_lazy("Terminar la asesoría"),
        seccion="resultado",
    ),
    TipoActividad.GENERICA: TipoDeActividad(
        formularios=_formularios_generica, completar=_completar_generica
    ),
}


def tipo_de_actividad(solicitud: Solicitud, numero: int) -> TipoDeActividad:
    """The entry of activity ``numero`` of the case's version (a generic step if
    its kind has none, or if the version has no such activity)."""
    actividad = actividad_de(solicitud, numero)
    tipo = actividad.tipo if actividad is not None else TipoActividad.GENERICA
    return TIPOS_DE_ACTIVIDAD.get(tipo, TIPOS_DE_ACTIVIDAD[TipoActividad.GENERICA])
