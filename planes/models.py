"""The plan of record of each municipality and the legal data it is measured by.

``ActoPlan`` is append-only: an act is recorded once with who, when and from which
source, and a correction is a new row that names the one it replaces and why
(``services.acto_corregir``); nothing is edited or deleted. ``PlanMunicipal``
caches, in the same transaction, what the acts in force say (type, the act that
started the terms, the end of each term), so the public board and its filters are
one query. ``PeriodoConstitucional`` and ``PlazoLegal`` are law as data, loaded from
``data/*.tsv`` by migrations and editable by administrators.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from .constants import (
    ClaseActo,
    EstadoVigencia,
    EtapaRevision,
    FuenteHito,
    FuenteRegistro,
    TipoActo,
    TipoHito,
    TipoPlan,
    TipoRevision,
    UnidadPlazo,
)

__all__ = [
    "ActoPlan",
    "HitoRevision",
    "PeriodoConstitucional",
    "PlanMunicipal",
    "PlazoLegal",
    "RevisionPlan",
]


class PeriodoConstitucional(models.Model):
    """A constitutional period of the municipal administrations (data/periodos-
    constitucionales.tsv)."""

    inicio = models.DateField(_("inicio"), unique=True)
    fin = models.DateField(_("fin"))
    norma = models.CharField(_("norma"), max_length=300)

    panels = [FieldPanel("inicio"), FieldPanel("fin"), FieldPanel("norma")]

    def __str__(self) -> str:
        return f"{self.inicio.year}-{self.fin.year}"

    class Meta:
        ordering = ["inicio"]
        verbose_name = _("período constitucional")
        verbose_name_plural = _("períodos constitucionales")
        constraints = [
            models.CheckConstraint(
                condition=Q(fin__gt=models.F("inicio")), name="periodo_fin_posterior"
            )
        ]


class PlazoLegal(models.Model):
    """A legal term: its length, how it is counted, the norm that sets it and,
    where the reading is debated, what the debate is (printed on the public page)."""

    clave = models.SlugField(_("clave"), max_length=50, unique=True)
    nombre = models.CharField(_("nombre"), max_length=200)
    cantidad = models.PositiveSmallIntegerField(_("cantidad"))
    unidad = models.CharField(_("unidad"), max_length=20, choices=UnidadPlazo.choices)
    norma = models.CharField(_("norma y artículo"), max_length=300)
    debate = models.TextField(_("lectura y debate"), blank=True)

    panels = [
        FieldPanel("clave", read_only=True),
        FieldPanel("nombre"),
        FieldPanel("cantidad"),
        FieldPanel("unidad"),
        FieldPanel("norma"),
        FieldPanel("debate"),
    ]

    def __str__(self) -> str:
        return f"{self.nombre}: {self.cantidad} {self.get_unidad_display()}"

    class Meta:
        ordering = ["pk"]
        verbose_name = _("término legal")
        verbose_name_plural = _("términos legales")


class PlanMunicipal(models.Model):
    """One per municipality: what its acts in force say, cached by the services."""

    #: CASCADE: a plan row alone does not keep a municipality; its acts do
    #: (ActoPlan.plan is PROTECT), and the deletion refusal names them.
    municipio = models.OneToOneField(
        "expedientes.Municipio",
        on_delete=models.CASCADE,
        related_name="plan",
        verbose_name=_("municipio"),
    )
    tipo_plan = models.CharField(
        _("tipo de plan vigente"), max_length=4, choices=TipoPlan.choices, blank=True
    )
    acto_base = models.ForeignKey(
        "ActoPlan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("acto que inició los plazos"),
        help_text=_("La adopción o la última revisión general en vigor."),
    )
    periodo_adopcion = models.ForeignKey(
        PeriodoConstitucional,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("período de adopción"),
    )
    fin_corto = models.DateField(_("fin del corto plazo"), null=True, blank=True)
    fin_mediano = models.DateField(_("fin del mediano plazo"), null=True, blank=True)
    fin_largo = models.DateField(_("fin del largo plazo"), null=True, blank=True)
    verificado = models.BooleanField(
        _("verificado"),
        default=False,
        help_text=_(
            "El acto que inició los plazos viene de una fuente (un Acuerdo de una "
            "asesoría, un acto del municipio o un registro nacional), no de la "
            "carga inicial."
        ),
    )
    actualizado_en = models.DateTimeField(_("actualizado el"), auto_now=True)

    def __str__(self) -> str:
        return str(self.municipio)

    def estado(self, hoy: datetime.date) -> EstadoVigencia:
        """Where the plan stands on ``hoy`` (the board computes the same in SQL:
        ``selectors.estado_vigencia``)."""
        if self.fin_corto is None:
            return EstadoVigencia.SIN_DATOS
        if hoy <= self.fin_corto:
            return EstadoVigencia.CORTO
        if self.fin_mediano and hoy <= self.fin_mediano:
            return EstadoVigencia.CORTO_CUMPLIDO
        if self.fin_largo and hoy <= self.fin_largo:
            return EstadoVigencia.MEDIANO_CUMPLIDO
        return EstadoVigencia.LARGO_CUMPLIDO

    class Meta:
        ordering = ["municipio__nombre"]
        verbose_name = _("plan de ordenamiento municipal")
        verbose_name_plural = _("planes de ordenamiento municipales")


class ActoPlan(models.Model):
    """An act that adopted, revised or modified a municipality's plan. Append-only."""

    plan = models.ForeignKey(
        PlanMunicipal,
        on_delete=models.PROTECT,
        related_name="actos",
        verbose_name=_("plan"),
    )
    tipo = models.CharField(_("qué hizo"), max_length=30, choices=TipoActo.choices)
    tipo_plan = models.CharField(
        _("tipo de plan"), max_length=4, choices=TipoPlan.choices, blank=True
    )
    clase = models.CharField(
        _("clase de acto"), max_length=10, choices=ClaseActo.choices, blank=True
    )
    numero = models.CharField(_("número"), max_length=30, blank=True)
    fecha = models.DateField(_("fecha del acto"), null=True, blank=True)
    descripcion = models.CharField(
        _("como figuraba"),
        max_length=200,
        blank=True,
        help_text=_(
            "El texto del dato anterior, cuando no se pudo leer clase o número."
        ),
    )
    documento = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("acto en PDF"),
    )
    fuente = models.CharField(
        _("fuente"), max_length=30, choices=FuenteRegistro.choices
    )
    fuente_detalle = models.CharField(
        _("detalle de la fuente"),
        max_length=200,
        blank=True,
        help_text=_(
            "El radicado de la asesoría, el oficio del municipio, el registro."
        ),
    )
    registrado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrado por"),
    )
    registrado_en = models.DateTimeField(_("registrado el"), auto_now_add=True)
    corrige = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="correccion",
        verbose_name=_("corrige a"),
    )
    motivo = models.TextField(_("motivo de la corrección"), blank=True)

    def __str__(self) -> str:
        return self.denominacion

    @property
    def denominacion(self) -> str:
        """«Acuerdo 011 de 2014», or what the old record said."""
        if self.clase and self.numero:
            texto = f"{self.get_clase_display()} {self.numero}"
            return f"{texto} de {self.fecha.year}" if self.fecha else texto
        return self.descripcion or str(_("Acto sin identificar"))

    class Meta:
        ordering = ["plan", "fecha", "pk"]
        verbose_name = _("acto del plan")
        verbose_name_plural = _("actos de los planes")
        constraints = [
            models.CheckConstraint(
                condition=Q(corrige__isnull=True) | ~Q(motivo=""),
                name="acto_correccion_con_motivo",
            ),
            models.CheckConstraint(
                condition=Q(fecha__isnull=False)
                | Q(fuente=FuenteRegistro.CARGA_INICIAL),
                name="acto_con_fecha_salvo_carga_inicial",
            ),
        ]


class RevisionPlan(models.Model):
    """A municipality's revision (or new plan) under way: its dated milestones
    (``HitoRevision``) and the legal clocks they start (``revisiones.relojes``).

    ``etapa`` and ``adoptada_el`` are cached from the milestones in force by
    ``services.revision_recalcular`` in the same transaction; at most one revision
    per plan is open. Advisory cases of the municipality are linked by
    municipality and dates (``selectors.solicitudes_de_revision``): nothing is
    written on the case. Recorded in the admin (viewsets.RevisionViewSet).
    """

    plan = models.ForeignKey(
        PlanMunicipal,
        on_delete=models.PROTECT,
        related_name="revisiones",
        verbose_name=_("plan"),
    )
    tipo = models.CharField(
        _("qué se tramita"), max_length=30, choices=TipoRevision.choices
    )
    inicio = models.DateField(
        _("inicio"),
        help_text=_("Desde cuándo el municipio adelanta el proceso (hora de Bogotá)."),
    )
    etapa = models.CharField(
        _("etapa actual"),
        max_length=20,
        choices=EtapaRevision.choices,
        default=EtapaRevision.SEGUIMIENTO,
        editable=False,
    )
    adoptada_el = models.DateField(
        _("adoptada el"), null=True, blank=True, editable=False
    )
    fuente_detalle = models.CharField(
        _("de dónde se sabe"),
        max_length=200,
        help_text=_("El oficio del municipio, el radicado de la asesoría…"),
    )
    registrada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrada por"),
    )
    registrada_en = models.DateTimeField(_("registrada el"), auto_now_add=True)

    @property
    def abierta(self) -> bool:
        return self.adoptada_el is None

    def __str__(self) -> str:
        return f"{self.get_tipo_display()} · {self.plan}"

    class Meta:
        ordering = ["plan", "-inicio"]
        verbose_name = _("revisión del plan")
        verbose_name_plural = _("revisiones en curso")
        permissions = [
            (
                "ver_informes",
                _("Puede ver los informes de gestión de la Secretaría"),
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(adoptada_el__isnull=True),
                name="una_revision_abierta_por_plan",
            )
        ]


class HitoRevision(models.Model):
    """A dated milestone of a revision. Append-only, like ``ActoPlan``: a
    correction is a new row naming the one it replaces and why."""

    revision = models.ForeignKey(
        RevisionPlan,
        on_delete=models.PROTECT,
        related_name="hitos",
        verbose_name=_("revisión"),
    )
    tipo = models.CharField(_("hito"), max_length=30, choices=TipoHito.choices)
    fecha = models.DateField(_("fecha"))
    clase = models.CharField(
        _("clase de acto"),
        max_length=10,
        choices=ClaseActo.choices,
        blank=True,
        help_text=_("Solo para la adopción: Acuerdo del Concejo o decreto."),
    )
    numero = models.CharField(_("número del acto"), max_length=30, blank=True)
    fuente = models.CharField(_("fuente"), max_length=20, choices=FuenteHito.choices)
    fuente_detalle = models.CharField(
        _("detalle de la fuente"),
        max_length=200,
        help_text=_("El oficio, el acta, el radicado de la asesoría."),
    )
    documento = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("soporte en PDF"),
    )
    registrado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrado por"),
    )
    registrado_en = models.DateTimeField(_("registrado el"), auto_now_add=True)
    corrige = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="correccion",
        verbose_name=_("corrige a"),
    )
    motivo = models.TextField(_("motivo de la corrección"), blank=True)

    def __str__(self) -> str:
        return f"{self.get_tipo_display()} ({self.fecha:%d/%m/%Y})"

    class Meta:
        ordering = ["revision", "fecha", "pk"]
        verbose_name = _("hito de la revisión")
        verbose_name_plural = _("hitos de las revisiones")
        constraints = [
            models.CheckConstraint(
                condition=Q(corrige__isnull=True) | ~Q(motivo=""),
                name="hito_correccion_con_motivo",
            ),
        ]
