"""The 87 municipalities of Santander, the parties of every case."""

import functools

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Value
from django.db.models.functions import Lower, Replace
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.search import index

from ..constants import AutoridadAmbiental, TipoPlan

__all__ = ["ORDEN_ALFABETICO", "Municipio"]

#: Accented vowels sorted as their plain letter (Gámbita between Galán and Girón),
#: the same on SQLite and PostgreSQL whatever their collation; ñ keeps its place
#: after n, as in a Spanish dictionary.
ORDEN_ALFABETICO = functools.reduce(
    lambda expresion, par: Replace(expresion, Value(par[0]), Value(par[1])),
    zip("ÁÉÍÓÚÜáéíóúü", "AEIOUUaeiouu", strict=True),
    Lower("nombre"),
)


class Municipio(index.Indexed, models.Model):
    """One of the 87 municipalities of Santander (DIVIPOLA, DANE).

    Loaded from ``data/municipios-santander.tsv`` by a data migration; editable as a
    snippet (MunicipioViewSet).
    """

    codigo_divipola = models.CharField(
        _("código DIVIPOLA"),
        max_length=5,
        unique=True,
        validators=[
            RegexValidator(r"^68\d{3}$", _("Código DIVIPOLA de Santander: 68xxx."))
        ],
    )
    nombre = models.CharField(_("nombre"), max_length=100)
    provincia = models.CharField(_("provincia"), max_length=100, blank=True)
    autoridad_ambiental = models.CharField(
        _("autoridad ambiental"), max_length=4, choices=AutoridadAmbiental.choices
    )
    tipo_plan = models.CharField(
        _("tipo de plan adoptado"), max_length=4, choices=TipoPlan.choices, blank=True
    )
    acto_adopcion = models.CharField(
        _("acto de adopción del plan vigente"),
        max_length=200,
        blank=True,
        help_text=_("Por ejemplo «Acuerdo 011 de 2014»."),
    )
    fecha_adopcion = models.DateField(
        _("fecha del acto de adopción"),
        null=True,
        blank=True,
        help_text=_(
            "Al archivar una asesoría que terminó con un Acuerdo, el plan del "
            "municipio se actualiza con él si es más reciente."
        ),
    )

    panels = [
        FieldRowPanel(
            [
                FieldPanel("codigo_divipola"),
                FieldPanel("nombre"),
                FieldPanel("provincia"),
            ]
        ),
        # On its own line: the authorities' long names squeeze any field beside them.
        FieldPanel("autoridad_ambiental"),
        FieldRowPanel(
            [
                FieldPanel("tipo_plan"),
                FieldPanel("acto_adopcion"),
                FieldPanel("fecha_adopcion"),
            ]
        ),
    ]
    search_fields = [
        index.SearchField("nombre"),
        index.AutocompleteField("nombre"),
        index.SearchField("codigo_divipola"),
        index.FilterField("provincia"),
    ]

    def __str__(self) -> str:
        return self.nombre

    class Meta:
        ordering = [ORDEN_ALFABETICO, "codigo_divipola"]
        verbose_name = _("municipio")
        verbose_name_plural = _("municipios")
