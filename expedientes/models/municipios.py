"""The 87 municipalities of Santander, the parties of every case."""

import functools

from django.core.exceptions import ObjectDoesNotExist
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Value
from django.db.models.functions import Lower, Replace
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.search import index

from ..constants import AutoridadAmbiental

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
    snippet (MunicipioViewSet). Its plan of record (type, acts, terms) is
    ``planes.PlanMunicipal`` (``municipio.plan``).
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
    ]
    search_fields = [
        index.SearchField("nombre"),
        index.AutocompleteField("nombre"),
        index.SearchField("codigo_divipola"),
        index.FilterField("provincia"),
    ]

    @property
    def plan_de_registro(self):
        """Its ``planes.PlanMunicipal`` (every municipality has one from the
        migrations on; ``None`` for one created since and not yet given one)."""
        try:
            return self.plan
        except ObjectDoesNotExist:
            return None

    @property
    def tipo_plan(self) -> str:
        """The type of plan in force, as the plans app records it (read-only:
        changes go through ``planes.services``)."""
        plan = self.plan_de_registro
        return plan.tipo_plan if plan else ""

    @property
    def acto_adopcion(self) -> str:
        """The act that started the plan's terms (adoption or general revision)."""
        plan = self.plan_de_registro
        return plan.acto_base.denominacion if plan and plan.acto_base else ""

    @property
    def fecha_adopcion(self):
        plan = self.plan_de_registro
        return plan.acto_base.fecha if plan and plan.acto_base else None

    def __str__(self) -> str:
        return self.nombre

    class Meta:
        ordering = [ORDEN_ALFABETICO, "codigo_divipola"]
        verbose_name = _("municipio")
        verbose_name_plural = _("municipios")
