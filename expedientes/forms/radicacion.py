"""Forms that collect a request and hand it to ``services.solicitud_radicar``.

``CamposSolicitudForm`` holds what every filing asks, whoever files it: the portal's
form (portal/forms.py) and the Ventanilla única's form in the admin
(``RadicacionVentanillaForm``, used by ``views.RadicarEnVentanillaView``) extend it.
Validation here is about input only; the rules live in the service.
"""

from __future__ import annotations

import re

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from ..constants import MAX_ANEXOS, TipoPlan, TipoSolicitud
from ..models import Municipio
from ..services import DatosSolicitud
from ..subidas import validar_pdf
from .cargas import ArchivosAcotadosMixin

#: Phone numbers as people write them: digits, spaces, + ( ) - . and an extension.
TELEFONO = re.compile(r"\+?[0-9() .\-]+")
EXTENSION = re.compile(r"\s*(?:ext\.?|extensión)\s*[0-9]{1,6}$", re.IGNORECASE)

MENSAJES_OBLIGATORIOS = {
    "nombre_solicitante": _("Escriba el nombre de quien solicita."),
    "cargo_solicitante": _("Escriba el cargo de quien solicita."),
    "correo_solicitante": _("Escriba un correo electrónico para las notificaciones."),
    "telefono_solicitante": _("Escriba un teléfono de contacto."),
    "plan_vigente": _("Elija el plan vigente en el municipio."),
    "tipo_solicitud": _("Elija qué solicita."),
    "asunto": _("Escriba el asunto de la solicitud."),
    "descripcion": _("Describa la solicitud."),
    "oficio": _("Adjunte el oficio de solicitud en PDF."),
}


class VariosArchivosInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class VariosPDFField(forms.FileField):
    """Zero or more PDFs, each checked by content (Django's multiple-file pattern);
    ``ArchivosAcotadosMixin`` refuses more than ``max_archivos`` before any is read."""

    widget = VariosArchivosInput(attrs={"accept": "application/pdf"})

    def __init__(self, *args, max_archivos: int = MAX_ANEXOS, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_archivos = max_archivos

    def clean(self, data, initial=None):
        archivos = data if isinstance(data, list | tuple) else [data] if data else []
        return [
            validar(super(VariosPDFField, self).clean(a, initial)) for a in archivos
        ]


def validar(archivo):
    if archivo:
        validar_pdf(archivo)
    return archivo


class CamposSolicitudForm(ArchivosAcotadosMixin, forms.Form):
    nombre_solicitante = forms.CharField(
        label=_("Nombre de quien solicita"), max_length=150
    )
    cargo_solicitante = forms.CharField(label=_("Cargo"), max_length=150)
    correo_solicitante = forms.EmailField(label=_("Correo electrónico"))
    telefono_solicitante = forms.CharField(label=_("Teléfono"), max_length=30)
    plan_vigente = forms.ChoiceField(
        label=_("Plan vigente en el municipio"), choices=TipoPlan.choices
    )
    tipo_solicitud = forms.ChoiceField(
        label=_("Qué solicita"), choices=TipoSolicitud.choices, widget=forms.RadioSelect
    )
    tipo_solicitud_otra = forms.CharField(
        label=_("Si es otra, ¿cuál?"), max_length=200, required=False
    )
    asunto = forms.CharField(label=_("Asunto"), max_length=200)
    descripcion = forms.CharField(
        label=_("Descripción"), widget=forms.Textarea(attrs={"rows": 6})
    )
    oficio = forms.FileField(
        label=_("Oficio de solicitud (PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )
    anexos = VariosPDFField(label=_("Anexos (PDF, opcionales)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for nombre, mensaje in MENSAJES_OBLIGATORIOS.items():
            self.fields[nombre].error_messages["required"] = mensaje
        self.fields["correo_solicitante"].error_messages["invalid"] = _(
            "Escriba un correo electrónico válido, p. ej. planeacion@municipio.gov.co."
        )
        self.fields["oficio"].error_messages["empty"] = _("El archivo está vacío.")
        self.fields["anexos"].error_messages["empty"] = _("Un anexo está vacío.")
        self.fields["anexos"].error_messages["demasiados"] = _(
            "Adjunte como máximo %(n)s anexos; eligió %(elegidos)s."
        )
        self.fields["descripcion"].validators.append(MaxLengthValidator(4000))

    def clean_oficio(self):
        return validar(self.cleaned_data["oficio"])

    def clean_telefono_solicitante(self):
        telefono = " ".join(self.cleaned_data["telefono_solicitante"].split())
        numero = EXTENSION.sub("", telefono)
        if not TELEFONO.fullmatch(numero) or sum(c.isdigit() for c in numero) < 7:
            raise forms.ValidationError(
                _("Escriba un teléfono válido, p. ej. 607 633 7000 o 300 123 4567."),
                code="telefono",
            )
        return telefono

    def clean_anexos(self):
        # How many: ArchivosAcotadosMixin, before any was read.
        return [anexo for anexo in self.cleaned_data["anexos"] if anexo]

    def clean(self):
        datos = super().clean()
        if (
            datos.get("tipo_solicitud") == TipoSolicitud.OTRA
            and not datos.get("tipo_solicitud_otra", "").strip()
        ):
            self.add_error(
                "tipo_solicitud_otra", _("Diga qué solicita si elige «Otra».")
            )
        return datos

    def datos_solicitud(self) -> DatosSolicitud:
        d = self.cleaned_data
        return DatosSolicitud(
            nombre_solicitante=d["nombre_solicitante"],
            cargo_solicitante=d["cargo_solicitante"],
            correo_solicitante=d["correo_solicitante"],
            telefono_solicitante=d["telefono_solicitante"],
            plan_vigente=d["plan_vigente"],
            tipo_solicitud=d["tipo_solicitud"],
            tipo_solicitud_otra=d.get("tipo_solicitud_otra", "").strip()
            if d["tipo_solicitud"] == TipoSolicitud.OTRA
            else "",
            asunto=d["asunto"],
            descripcion=d["descripcion"],
        )


class RadicacionVentanillaForm(CamposSolicitudForm):
    """A paper request received in person: the recepcionista types it and uploads
    the scan."""

    municipio = forms.ModelChoiceField(
        label=_("Municipio"), queryset=Municipio.objects.order_by("nombre")
    )
    oficio = forms.FileField(
        label=_("Oficio de solicitud escaneado (PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )
    acepta_tratamiento_datos = forms.BooleanField(
        label=_(
            "El solicitante fue informado del tratamiento de sus datos personales "
            "(Ley 1581 de 2012) y lo autorizó."
        )
    )

    field_order = ["municipio"]
