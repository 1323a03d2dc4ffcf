"""Forms of activity 6 (the case file and the archive), each handing its data to
``services.archivo``: archiving a case (``ArchivarForm``), correcting an issued
record (``CorregirForm``) and the header and footer of a FUID (``FuidForm``).
The admin views that use them are in ``views/`` (``acciones.ArchivarView``,
``acciones.CorregirView``, ``transferencias.TransferenciasView``).
"""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from ..constants import FrecuenciaConsulta, ObjetoTransferencia, Soporte
from ..models import SerieDocumental
from ..registros import Firma
from ..services import DatosArchivo, DatosFuid
from .base import LARGO_MOTIVO, AccionForm, campo_motivo

FECHA = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SerieField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.codigo} · {obj.nombre}"


def _unidad(etiqueta, largo=20):
    return forms.CharField(label=etiqueta, max_length=largo, required=False)


class ArchivarForm(AccionForm):
    """Activity 6: where and how the case file is kept, and its TRD series.

    The service checks the rest (a unit of conservation given, the case at the
    archive activity) and says what is missing."""

    serie = SerieField(
        label=_("Serie / subserie (TRD)"),
        queryset=SerieDocumental.objects.filter(activa=True),
        empty_label=None,
        help_text=_("Las series vigentes de la tabla de retención documental."),
        error_messages={
            "required": _("Elija la serie de la TRD."),
            "invalid_choice": _(
                "Esa serie ya no está vigente: elija otra de la tabla de retención "
                "documental."
            ),
        },
    )
    caja = _unidad(_("Caja"))
    carpeta = _unidad(_("Carpeta"))
    tomo = _unidad(_("Tomo"))
    otro = _unidad(_("Otra"), 50)
    soporte = forms.ChoiceField(
        label=_("Soporte"),
        choices=Soporte.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Elija el soporte.")},
    )
    frecuencia_consulta = forms.ChoiceField(
        label=_("Frecuencia de consulta"),
        choices=FrecuenciaConsulta.choices,
        initial=FrecuenciaConsulta.BAJA,
    )
    notas = forms.CharField(
        label=_("Notas"),
        required=False,
        max_length=LARGO_MOTIVO,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Lo que el FUID deba decir del expediente (faltantes, anexos…)."),
    )
    confirmar = forms.BooleanField(
        label=_(
            "Entiendo que archivar es definitivo: el expediente queda cerrado y "
            "nadie podrá cambiarlo."
        ),
        error_messages={
            "required": _("Confirme que desea archivar el expediente: no se deshace.")
        },
    )

    #: Shown side by side under one legend (``_formulario.html``).
    UNIDADES = ("caja", "carpeta", "tomo", "otro")

    def grupos(self) -> list[tuple[str, list]]:
        """The visible fields in order, the units of conservation as one group."""
        grupos: list[tuple[str, list]] = []
        for campo in self.visible_fields():
            if campo.name == self.UNIDADES[0]:
                grupos.append(
                    (
                        _("Unidad de conservación (al menos una)"),
                        [self[n] for n in self.UNIDADES],
                    )
                )
            elif campo.name not in self.UNIDADES:
                grupos.append(("", [campo]))
        return grupos

    def datos(self) -> DatosArchivo:
        d = self.cleaned_data
        return DatosArchivo(
            serie=d["serie"],
            soporte=d["soporte"],
            caja=d["caja"],
            carpeta=d["carpeta"],
            tomo=d["tomo"],
            otro=d["otro"],
            frecuencia_consulta=d["frecuencia_consulta"],
            notas=d["notas"],
        )


class CorregirForm(forms.Form):
    """A correction of an issued record: a new record supersedes it."""

    motivo = campo_motivo(
        _("Qué se corrige"),
        ayuda=_(
            "Qué decía mal el registro y qué es lo correcto. Se imprime en el "
            "nuevo registro; el anterior no cambia y queda como reemplazado."
        ),
        falta=_("Escriba qué se corrige."),
    )

    def __init__(self, *args, solicitud=None, documento=None, **kwargs):
        self.solicitud = solicitud
        self.documento = documento
        super().__init__(*args, **kwargs)


#: A primary key as a browser sends it: digits only, within a BigAutoField.
PK = re.compile(r"^[0-9]{1,19}$")
PK_MAXIMO = 2**63 - 1


class ArchivosField(forms.ModelMultipleChoiceField):
    """The case files chosen for a FUID. A value that is not a primary key the
    database can hold (``99999999999999999999``, ``-1``, ``١``) is refused with
    the field's own message before any query: SQLite raises ``OverflowError`` on
    an integer past 64 bits, which Django's ``pk__in`` does not guard."""

    def _check_values(self, value):
        for pk in value if isinstance(value, list | tuple) else ():
            texto = str(pk)
            if not PK.match(texto) or int(texto) > PK_MAXIMO:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": texto[:20]},
                )
        return super()._check_values(value)


class FuidForm(forms.Form):
    """The header and footer of a FUID (Acuerdo AGN 042 de 2002) and the case
    files it lists (``archivos``, chosen in the listing of
    ``views.TransferenciasView``)."""

    archivos = ArchivosField(
        label=_("Expedientes"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Elija al menos un expediente archivado para el FUID."),
            "invalid_choice": _(
                "Uno de los expedientes elegidos ya no está en la lista."
            ),
            "invalid_pk_value": _("Uno de los expedientes elegidos no es válido."),
        },
    )
    todos = forms.BooleanField(
        label=_("El FUID lleva todos los expedientes del filtro, de todas las páginas"),
        required=False,
    )
    objeto = forms.ChoiceField(
        label=_("Objeto"),
        choices=ObjetoTransferencia.choices,
        initial=ObjetoTransferencia.PRIMARIA,
    )
    numero_transferencia = forms.CharField(
        label=_("Número de transferencia"), max_length=30, required=False
    )
    entrada_fecha = forms.DateField(
        label=_("Fecha de entrada"),
        required=False,
        widget=FECHA,
        help_text=_("Registro de entrada: el día en que el archivo recibe."),
    )
    entregado_nombre = forms.CharField(
        label=_("Entregado por: nombre"), max_length=150, required=False
    )
    entregado_cargo = forms.CharField(
        label=_("Entregado por: cargo"), max_length=150, required=False
    )
    recibido_nombre = forms.CharField(
        label=_("Recibido por: nombre"), max_length=150, required=False
    )
    recibido_cargo = forms.CharField(
        label=_("Recibido por: cargo"), max_length=150, required=False
    )
    lugar = forms.CharField(label=_("Lugar"), max_length=100, required=False)

    def __init__(self, *args, archivos=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["archivos"].queryset = archivos

    def clean(self):
        """``todos``: every case file the filters match (the listing shows them a
        page at a time); otherwise at least one ticked."""
        datos = super().clean()
        if datos.get("todos"):
            datos["archivos"] = self.fields["archivos"].queryset
        elif "archivos" in datos and not datos["archivos"]:
            self.add_error(
                "archivos", self.fields["archivos"].error_messages["required"]
            )
        return datos

    def elegidos(self) -> set[str]:
        """The primary keys ticked, as sent (to tick them again on a new render)."""
        if not self.is_bound:
            return set()
        return {str(v) for v in self["archivos"].value() or [] if PK.match(str(v))}

    def datos(self) -> DatosFuid:
        d = self.cleaned_data
        lugar = d["lugar"].strip()
        fecha = d["entrada_fecha"]

        def firma(quien: str) -> Firma:
            return Firma(
                d[f"{quien}_nombre"].strip(), d[f"{quien}_cargo"].strip(), lugar, fecha
            )

        return DatosFuid(
            objeto=d["objeto"],
            numero_transferencia=d["numero_transferencia"],
            entrada_fecha=fecha,
            entregado_por=firma("entregado"),
            recibido_por=firma("recibido"),
            lugar=lugar,
        )
