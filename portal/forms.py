"""Forms of the portal.

Admin forms for accounts (Wagtail's user forms plus ``cargo`` and ``municipio``),
and the public portal's filing and tracking forms.
"""

import re
import uuid

from django import forms
from django.core.validators import MaxLengthValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm

from expedientes.archivos import tamano_maximo
from expedientes.constants import TipoPlan
from expedientes.forms import CamposSolicitudForm


class UsuarioCreacionForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | {"cargo", "municipio"}


class UsuarioEdicionForm(UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | {"cargo", "municipio"}


# --- Public portal: filing and tracking (views.solicitud_nueva, views.consulta) ----

#: Most annexes one filing may carry (each up to EXPEDIENTES_TAMANO_MAXIMO).
MAX_ANEXOS = 10

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
    "acepta_tratamiento_datos": _(
        "Para radicar debe declarar que conoce el aviso de tratamiento de datos "
        "personales y lo autoriza."
    ),
}


class SolicitudForm(CamposSolicitudForm):
    """A municipality's filing at ``/solicitudes/nueva/`` (views.solicitud_nueva).

    The municipality comes from the account, never from the form. The requester's
    fields start from the account and can be changed (whoever signs the oficio).
    ``clave_envio`` is generated when the form is shown and travels hidden: the
    service files one request per key, so a double click or a resubmission never
    files two. Only input is checked here; ``solicitud_radicar`` applies the rules.
    """

    acepta_tratamiento_datos = forms.BooleanField(
        label=_(
            "Leí el aviso de tratamiento de datos personales y autorizo el "
            "tratamiento de los datos de esta solicitud para los fines descritos"
        )
    )
    clave_envio = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, usuario, **kwargs):
        municipio = usuario.municipio
        kwargs.setdefault(
            "initial",
            {
                "nombre_solicitante": usuario.get_full_name(),
                "cargo_solicitante": usuario.cargo,
                "correo_solicitante": usuario.email,
                "plan_vigente": municipio.tipo_plan or None,
                "clave_envio": uuid.uuid4(),
            },
        )
        super().__init__(*args, **kwargs)
        self.municipio = municipio
        for nombre, mensaje in MENSAJES_OBLIGATORIOS.items():
            self.fields[nombre].error_messages["required"] = mensaje
        self.fields["correo_solicitante"].error_messages["invalid"] = _(
            "Escriba un correo electrónico válido, p. ej. planeacion@municipio.gov.co."
        )
        self.fields["oficio"].error_messages["empty"] = _("El archivo está vacío.")
        self.fields["anexos"].error_messages["empty"] = _("Un anexo está vacío.")
        self.fields["clave_envio"].error_messages = {
            "required": _("El formulario caducó: recargue la página."),
            "invalid": _("El formulario caducó: recargue la página."),
        }
        self.fields["descripcion"].validators.append(MaxLengthValidator(4000))
        self.fields["plan_vigente"].widget = forms.RadioSelect()
        self.fields["plan_vigente"].choices = TipoPlan.choices

        maximo = filesizeformat(tamano_maximo())
        ayudas = {
            "nombre_solicitante": _("Quien firma el oficio de solicitud."),
            "cargo_solicitante": _("Como aparece en el oficio."),
            "correo_solicitante": _(
                "Allí llegan la constancia de radicación y los avisos de cada paso."
            ),
            "telefono_solicitante": _("Fijo o celular, con indicativo si es fijo."),
            "tipo_solicitud_otra": _("Solo si eligió «Otra»."),
            "asunto": _("Una línea, p. ej. «Revisión general del POT 2024-2035»."),
            "descripcion": _(
                "Qué necesita el municipio, en qué etapa está el plan y cualquier "
                "dato que ayude a preparar la asesoría. Hasta 4.000 caracteres."
            ),
            "oficio": _("El oficio firmado, en PDF, de hasta %(maximo)s.")
            % {"maximo": maximo},
            "anexos": _(
                "Opcionales: hasta %(n)s archivos PDF, cada uno de hasta %(maximo)s. "
                "Puede elegir varios a la vez."
            )
            % {"n": MAX_ANEXOS, "maximo": maximo},
        }
        for nombre, ayuda in ayudas.items():
            self.fields[nombre].help_text = ayuda
        for nombre, autocompletar in (
            ("nombre_solicitante", "name"),
            ("cargo_solicitante", "organization-title"),
            ("correo_solicitante", "email"),
            ("telefono_solicitante", "tel"),
        ):
            self.fields[nombre].widget.attrs["autocomplete"] = autocompletar
        self.fields["telefono_solicitante"].widget.input_type = "tel"

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
        anexos = [anexo for anexo in self.cleaned_data["anexos"] if anexo]
        if len(anexos) > MAX_ANEXOS:
            raise forms.ValidationError(
                _("Adjunte como máximo %(n)s anexos; eligió %(elegidos)s."),
                params={"n": MAX_ANEXOS, "elegidos": len(anexos)},
                code="demasiados",
            )
        return anexos


class ConsultaForm(forms.Form):
    """Public tracking at ``/consulta/`` (views.consulta): radicado and access code."""

    radicado = forms.CharField(
        label=_("Número de radicado"),
        max_length=30,
        help_text=_("Como aparece en la constancia, p. ej. SP-2026-000123."),
        error_messages={"required": _("Escriba el número de radicado.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false"},
        ),
    )
    codigo = forms.CharField(
        label=_("Código de acceso"),
        max_length=30,
        help_text=_("El que se mostró una sola vez al radicar, p. ej. ABCD-EFGH-JK23."),
        error_messages={"required": _("Escriba el código de acceso.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "spellcheck": "false",
                "autocapitalize": "characters",
            },
        ),
    )
