"""Forms of the portal.

Admin forms for accounts (Wagtail's user forms plus ``cargo`` and ``municipio``),
and the public portal's filing and tracking forms.
"""

import uuid

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm

from expedientes.constants import TipoPlan
from expedientes.forms import MAX_ANEXOS, CamposSolicitudForm
from expedientes.subidas import tamano_maximo


class UsuarioCreacionForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | {"cargo", "municipio"}


class UsuarioEdicionForm(UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | {"cargo", "municipio"}


# --- Public portal: filing and tracking (views.solicitud_nueva, views.consulta) ----


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
        self.fields["acepta_tratamiento_datos"].error_messages["required"] = _(
            "Para radicar debe declarar que conoce el aviso de tratamiento de datos "
            "personales y lo autoriza."
        )
        self.fields["clave_envio"].error_messages = {
            "required": _("El formulario caducó: recargue la página."),
            "invalid": _("El formulario caducó: recargue la página."),
        }
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
