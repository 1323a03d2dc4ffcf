"""The tablas de retención documental (TRD) as editable data: one row per series
or subseries of a dependency, with its retention and final disposition.

Archiving a case (activity 6, ``services.archivo``) files it under one of these and
records, from its retention in years, the dates its time in the archivo de gestión
and in the archivo central end. Edited as a snippet (``SerieDocumentalViewSet``);
the series ES-PE-PR-31 needs is loaded by a data migration as a default that the
archive group should check against the Gobernación's approved TRD.
"""

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from ..constants import DisposicionFinal

__all__ = ["SerieDocumental"]


class SerieDocumental(index.Indexed, models.Model):
    """A series (and optionally subseries) of the TRD of a dependency."""

    codigo_unidad = models.CharField(
        _("código de la unidad administrativa"), max_length=20
    )
    unidad_administrativa = models.CharField(
        _("unidad administrativa"),
        max_length=200,
        help_text=_("Por ejemplo «Secretaría de Planeación»."),
    )
    codigo_dependencia = models.CharField(
        _("código de la oficina productora"), max_length=20
    )
    dependencia = models.CharField(
        _("oficina productora"),
        max_length=200,
        help_text=_("La dependencia que produce y tramita los expedientes."),
    )
    codigo_serie = models.CharField(_("código de la serie"), max_length=20)
    serie = models.CharField(_("serie"), max_length=200)
    codigo_subserie = models.CharField(
        _("código de la subserie"), max_length=20, blank=True
    )
    subserie = models.CharField(_("subserie"), max_length=200, blank=True)
    tipos_documentales = models.TextField(
        _("tipos documentales"),
        blank=True,
        help_text=_("Uno por línea, en el orden en que se producen."),
    )
    retencion_gestion = models.PositiveSmallIntegerField(
        _("años en el archivo de gestión"),
        validators=[MaxValueValidator(100)],
    )
    retencion_central = models.PositiveSmallIntegerField(
        _("años en el archivo central"),
        validators=[MaxValueValidator(100)],
    )
    disposicion_final = models.CharField(
        _("disposición final"), max_length=2, choices=DisposicionFinal.choices
    )
    digitalizacion = models.BooleanField(
        _("microfilmación / digitalización"),
        default=False,
        help_text=_("Columna M/D de la TRD."),
    )
    procedimiento = models.TextField(
        _("procedimiento"),
        blank=True,
        help_text=_("Qué se hace con la serie al terminar su retención."),
    )
    activa = models.BooleanField(
        _("vigente"),
        default=True,
        help_text=_("Solo las series vigentes se ofrecen al archivar."),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("codigo_unidad"), FieldPanel("unidad_administrativa")]
                ),
                FieldRowPanel(
                    [FieldPanel("codigo_dependencia"), FieldPanel("dependencia")]
                ),
            ],
            heading=_("Dependencia"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("codigo_serie"), FieldPanel("serie")]),
                FieldRowPanel([FieldPanel("codigo_subserie"), FieldPanel("subserie")]),
                FieldPanel("tipos_documentales"),
            ],
            heading=_("Serie"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("retencion_gestion"), FieldPanel("retencion_central")]
                ),
                FieldRowPanel(
                    [FieldPanel("disposicion_final"), FieldPanel("digitalizacion")]
                ),
                FieldPanel("procedimiento"),
            ],
            heading=_("Retención y disposición final"),
        ),
        FieldPanel("activa"),
    ]
    search_fields = [
        index.SearchField("serie"),
        index.SearchField("subserie"),
        index.AutocompleteField("serie"),
        index.AutocompleteField("subserie"),
        index.SearchField("codigo_serie"),
        index.FilterField("activa"),
    ]

    @property
    def codigo(self) -> str:
        """The TRD code as archivists write it: dependency.series.subseries."""
        partes = [self.codigo_dependencia, self.codigo_serie, self.codigo_subserie]
        return ".".join(p for p in partes if p)

    @property
    def nombre(self) -> str:
        """Series and subseries as one name, e.g. for the FUID."""
        return f"{self.serie} / {self.subserie}" if self.subserie else self.serie

    @property
    def lista_tipos_documentales(self) -> list[str]:
        return [t.strip() for t in self.tipos_documentales.splitlines() if t.strip()]

    def __str__(self) -> str:
        return f"{self.codigo} {self.nombre}"

    class Meta:
        ordering = ["codigo_dependencia", "codigo_serie", "codigo_subserie"]
        verbose_name = _("serie documental (TRD)")
        verbose_name_plural = _("tabla de retención documental")
        constraints = [
            models.UniqueConstraint(
                fields=["codigo_dependencia", "codigo_serie", "codigo_subserie"],
                name="trd_codigo_unico",
            ),
            models.CheckConstraint(
                condition=Q(codigo_subserie="") | ~Q(subserie=""),
                name="trd_subserie_con_nombre",
            ),
        ]
