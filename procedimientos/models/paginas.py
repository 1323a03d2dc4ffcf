"""The pages: the catalogue, each procedure with its activities, definitions and
change-control rows, and the glossary.

The procedure is data (DESIGN.md, decision 3): every text of ES-PE-PR-31 is a field
here, loaded from ``procedimientos/data/es-pe-pr-31.json`` by the
``cargar_procedimiento`` command and edited in the Wagtail admin.
"""

import datetime

from rest_framework import serializers

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    TitleFieldPanel,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PagePermissionTester
from wagtail.search import index

from .. import views as vistas
from ..blocks import PersonaBlock
from ..constants import TipoActividad
from ..forms import ProcedimientoPageForm
from ..panels import VersionFormalPanel
from ..rutas import ConRutaResuelta
from ..selectors import versiones_publicas
from ..versiones import Contenido, contenido_de_pagina
from .snippets import Cargo, Definicion, Dependencia, TipoDocumental

__all__ = [
    "ActividadProcedimiento",
    "CatalogoPermisos",
    "ControlCambio",
    "DefinicionProcedimiento",
    "GlosarioPage",
    "ProcedimientoIndexPage",
    "ProcedimientoPage",
    "ProcedimientoPermisos",
]


class CatalogoPermisos(PagePermissionTester):
    """On the catalogue, new procedures start as drafts: nobody publishes one directly.

    A procedure becomes public only when a formal version is approved
    (``services.version_formal_publicar``), so the admin's "Publish" is hidden and
    refused for everyone, superusers included.
    """

    def can_publish_subpage(self) -> bool:
        return False


class ProcedimientoPermisos(PagePermissionTester):
    """A procedure is published only by approving a formal version.

    Without this, a superuser's "Publish" would put unreviewed content on the public
    page under the number of the version in force. Unscheduling is refused too: an
    approved version due to enter into force later must not be silently dropped.
    Unpublishing (withdrawing a procedure) stays with whoever may publish pages.
    """

    def can_publish(self) -> bool:
        return False

    def can_unschedule(self) -> bool:
        return False


class ProcedimientoIndexPage(ConRutaResuelta, Page):
    """``/procedimientos/``: the catalogue of published procedures."""

    introduccion = models.TextField(_("introducción"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduccion")]
    subpage_types = ["procedimientos.ProcedimientoPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["procedimientos"] = (
            ProcedimientoPage.objects.live().public().order_by("codigo")
        )
        return context

    def permissions_for_user(self, user):
        return CatalogoPermisos(user, self)

    class Meta:
        verbose_name = _("índice de procedimientos")


class ProcedimientoPage(ConRutaResuelta, RoutablePageMixin, Page):
    """One procedure of the quality system, e.g. ES-PE-PR-31, with its official PDF.

    ``version`` and ``fecha_aprobacion`` are those of the version in force and only
    an approval changes them (as it appends the ``control_cambios`` row); editors
    write ``descripcion_cambio`` and submit to the "Versión formal" workflow. Public
    routes: the page, ``pdf/``, ``versiones/``, ``version/<n>/`` and its ``pdf/``,
    ``comparar/<a>/<b>/`` (views in ``views.py``).
    """

    codigo = models.CharField(_("código"), max_length=30, unique=True)
    version = models.PositiveSmallIntegerField(
        _("versión"), default=0, help_text=_("0 mientras no se ha aprobado.")
    )
    fecha_aprobacion = models.DateField(_("fecha de aprobación"), null=True, blank=True)
    proceso = models.CharField(_("proceso"), max_length=200)
    secretaria = models.CharField(_("secretaría u oficina"), max_length=200)
    procedimiento = models.TextField(
        _("procedimiento"), help_text=_("Para qué es el procedimiento, en una frase.")
    )
    objetivo = models.TextField(_("objetivo"))
    alcance = models.TextField(_("alcance"))
    salida = models.TextField(_("salida de la actividad"), blank=True)
    observaciones = models.TextField(_("observaciones"), blank=True)
    nota_plazos = models.TextField(
        _("nota sobre los plazos internos"),
        blank=True,
        help_text=_(
            "Se muestra bajo las actividades, p. ej. que los plazos son valores por "
            "defecto porque el documento aprobado no los fija."
        ),
    )
    descripcion_cambio = models.TextField(
        _("descripción del cambio"),
        blank=True,
        help_text=_(
            "Qué cambia en esta versión y por qué, en una o dos frases. Es el texto "
            "que queda en el control de cambios cuando la versión se aprueba. "
            "Obligatoria para enviar la versión a revisión."
        ),
    )

    content_panels = [
        TitleFieldPanel("title", heading=_("Título del procedimiento")),
        MultiFieldPanel(
            [
                FieldPanel("codigo"),
                VersionFormalPanel(
                    "procedimientos/admin/version_vigente.html",
                    heading=_("Versión vigente"),
                ),
                FieldRowPanel([FieldPanel("proceso"), FieldPanel("secretaria")]),
            ],
            heading=_("Encabezado"),
        ),
        FieldPanel("procedimiento"),
        FieldPanel("objetivo"),
        FieldPanel("alcance"),
        InlinePanel("actividades", heading=_("Actividades"), label=_("Actividad")),
        FieldPanel("nota_plazos"),
        FieldPanel("salida"),
        InlinePanel("definiciones", heading=_("Definiciones"), label=_("Definición")),
        FieldPanel("observaciones"),
        VersionFormalPanel(
            "procedimientos/admin/control_cambios.html",
            heading=_("Control de cambios"),
        ),
        MultiFieldPanel(
            [FieldPanel("descripcion_cambio")],
            heading=_("Nueva versión"),
            help_text=_(
                "Para publicar un cambio, descríbalo aquí y use «Enviar a Versión "
                "formal»: la versión pasa por Revisión y Aprobación y, al aprobarse, "
                "se publica con su número y su fila en el control de cambios. Para "
                "que entre en vigor más tarde, fije la fecha en «Programar "
                "publicación» antes de enviarla."
            ),
        ),
    ]
    parent_page_types = ["procedimientos.ProcedimientoIndexPage"]
    subpage_types: list[str] = []
    base_form_class = ProcedimientoPageForm

    #: Every word the procedure prints, its activities' offices, roles and records
    #: and its definitions included (snippets, reached through RelatedFields). A
    #: formal version's activities are written after the page row is saved, so
    #: ``signals.reindexar_procedimiento`` indexes the page again once published.
    search_fields = [
        *Page.search_fields,
        index.SearchField("codigo", boost=5),
        index.AutocompleteField("codigo"),
        index.SearchField("proceso"),
        index.SearchField("secretaria"),
        index.SearchField("procedimiento"),
        index.SearchField("objetivo"),
        index.SearchField("alcance"),
        index.SearchField("salida"),
        index.SearchField("observaciones"),
        index.RelatedFields(
            "actividades",
            [
                index.SearchField("nombre"),
                index.SearchField("descripcion"),
                index.SearchField("puntos_control"),
                index.RelatedFields("dependencias", [index.SearchField("nombre")]),
                index.RelatedFields("cargos", [index.SearchField("nombre")]),
                index.RelatedFields(
                    "registros",
                    [index.SearchField("nombre"), index.SearchField("codigo")],
                ),
            ],
        ),
        index.RelatedFields(
            "definiciones",
            [
                index.RelatedFields(
                    "definicion",
                    [
                        index.SearchField("termino"),
                        index.SearchField("definicion"),
                        index.SearchField("nota_editorial"),
                    ],
                )
            ],
        ),
        index.RelatedFields("control_cambios", [index.SearchField("descripcion")]),
    ]

    api_fields = [
        APIField("codigo"),
        APIField("version"),
        APIField("fecha_aprobacion"),
        APIField("proceso"),
        APIField("secretaria"),
        APIField("procedimiento"),
        APIField("objetivo"),
        APIField("alcance"),
        APIField("salida"),
        APIField("observaciones"),
        APIField("actividades"),
        APIField("definiciones"),
        APIField("control_cambios"),
    ]

    @cached_property
    def contenido(self) -> Contenido:
        """This page's content as every rendering reads it (``versiones.py``), from
        its own tables: a draft, a preview, a revision."""
        return contenido_de_pagina(self)

    def contenido_para(self, request) -> Contenido:
        """What ``request`` shows. The live page, as the public reads it, is the
        formal version it published, frozen when it was approved
        (``VersionProcedimiento.revision`` is its live revision): one read of that
        snapshot instead of six queries of the page's tables. A preview or a
        revision in the admin (``request.is_preview``) reads its own tables, and so
        does a page whose live revision froze no version.

        Nothing to invalidate: a snapshot never changes, and publishing another
        revision changes ``live_revision`` and so the snapshot read."""
        if not getattr(request, "is_preview", False) and self.live_revision_id:
            version = (
                self.versiones_formales.filter(
                    revision_id=self.live_revision_id, contenido__isnull=False
                )
                # The related manager reads each row's procedimiento_id (to set
                # the page on it): deferred, it cost a query of its own.
                .only("contenido", "procedimiento_id")
                .first()
            )
            if version is not None:
                return version.instantanea
        return self.contenido

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(vistas.contexto_contenido(self.contenido_para(request)))
        context["url_procedimiento"] = url = self.get_url(request) or ""
        context["url_pdf"] = f"{url}pdf/"
        return context

    @path("")
    def ver(self, request):
        return self.render(request)

    @path("pdf/")
    def pdf(self, request):
        return vistas.pdf(request, self, self.contenido_para(request))

    @path("versiones/")
    def ver_versiones(self, request):
        return vistas.versiones(request, self)

    @path("version/<int:numero>/")
    def ver_version(self, request, numero: int):
        return vistas.version(request, self, numero)

    @path("version/<int:numero>/pdf/")
    def ver_version_pdf(self, request, numero: int):
        return vistas.version_pdf(request, self, numero)

    @path("comparar/")
    def comparar_elegir(self, request):
        return vistas.comparar_elegir(request, self)

    @path("comparar/<int:a>/<int:b>/")
    def comparar_versiones(self, request, a: int, b: int):
        return vistas.comparar(request, self, a, b)

    def get_sitemap_urls(self, request=None):
        """The page, its ``versiones/`` and each public formal version's
        ``version/<n>/`` (``portal/urls.py`` serves Wagtail's sitemap). Each
        version's lastmod is when it entered into force (its approval date for the
        seed's versions), an aware moment like the pages' own, which the sitemap
        prints as a date in Bogotá (``TIME_ZONE``)."""
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        if not base:
            return urls
        versiones = [
            {
                "location": f"{base}version/{version.numero}/",
                "lastmod": version.vigente_desde
                or timezone.make_aware(
                    datetime.datetime.combine(
                        version.fecha_aprobacion, datetime.time(12)
                    )
                ),
            }
            for version in versiones_publicas(self).only(
                "numero", "fecha_aprobacion", "vigente_desde"
            )
        ]
        if versiones:
            urls.append(
                {
                    "location": f"{base}versiones/",
                    "lastmod": max(v["lastmod"] for v in versiones),
                }
            )
        return urls + versiones

    def permissions_for_user(self, user):
        return ProcedimientoPermisos(user, self)

    def __str__(self) -> str:
        return f"{self.codigo} {self.title}"

    class Meta:
        verbose_name = _("procedimiento")
        verbose_name_plural = _("procedimientos")


class ActividadProcedimiento(Orderable, ClusterableModel):
    """One row of the ACTIVIDADES table; its number is its position."""

    page = ParentalKey(
        ProcedimientoPage, on_delete=models.CASCADE, related_name="actividades"
    )
    tipo = models.CharField(
        _("tipo de actividad"),
        max_length=20,
        choices=TipoActividad.choices,
        default=TipoActividad.GENERICA,
        help_text=_("Qué formulario usa esta actividad al atender una solicitud."),
    )
    nombre = models.CharField(
        _("nombre de la actividad"),
        max_length=120,
        help_text=_("Nombre corto que aparece en el flujograma."),
    )
    descripcion = models.TextField(_("descripción de la actividad"))
    dependencias = ParentalManyToManyField(
        Dependencia, verbose_name=_("áreas responsables"), related_name="actividades"
    )
    cargos = ParentalManyToManyField(
        Cargo, verbose_name=_("cargos responsables"), related_name="actividades"
    )
    puntos_control = models.TextField(
        _("puntos de control"), blank=True, help_text=_("Uno por línea.")
    )
    registros = ParentalManyToManyField(
        TipoDocumental,
        verbose_name=_("registros"),
        related_name="actividades",
        blank=True,
    )
    grupo = models.ForeignKey(
        "auth.Group",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("grupo que la atiende"),
        help_text=_(
            "El grupo de usuarios que puede completar esta actividad en las "
            "solicitudes (además de los administradores)."
        ),
    )
    plazo_dias = models.PositiveSmallIntegerField(
        _("plazo interno (días hábiles)"),
        null=True,
        blank=True,
        help_text=_(
            "Días hábiles para completar la actividad desde que la solicitud llega "
            "a ella. Vacío: sin plazo propio."
        ),
    )

    panels = [
        FieldRowPanel([FieldPanel("nombre"), FieldPanel("tipo")]),
        FieldRowPanel([FieldPanel("grupo"), FieldPanel("plazo_dias")]),
        FieldPanel("descripcion"),
        FieldPanel("dependencias", widget=forms.CheckboxSelectMultiple),
        FieldPanel("cargos", widget=forms.CheckboxSelectMultiple),
        FieldPanel("puntos_control"),
        FieldPanel("registros", widget=forms.CheckboxSelectMultiple),
    ]
    api_fields = [
        APIField("tipo"),
        APIField("nombre"),
        APIField("descripcion"),
        APIField("dependencias", serializer=serializers.StringRelatedField(many=True)),
        APIField("cargos", serializer=serializers.StringRelatedField(many=True)),
        APIField("puntos_de_control", serializer=serializers.ListField()),
        APIField("registros", serializer=serializers.StringRelatedField(many=True)),
        APIField("plazo_dias"),
    ]

    @property
    def numero(self) -> int:
        return (self.sort_order or 0) + 1

    @property
    def puntos_de_control(self) -> list[str]:
        return [
            linea.strip() for linea in self.puntos_control.splitlines() if linea.strip()
        ]

    def __str__(self) -> str:
        return f"{self.numero}. {self.nombre}"

    class Meta(Orderable.Meta):
        verbose_name = _("actividad")
        verbose_name_plural = _("actividades")


class DefinicionProcedimiento(Orderable):
    """Which definitions a procedure lists, in its own order."""

    page = ParentalKey(
        ProcedimientoPage, on_delete=models.CASCADE, related_name="definiciones"
    )
    definicion = models.ForeignKey(
        Definicion,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("definición"),
    )

    panels = [FieldPanel("definicion")]
    api_fields = [
        APIField(
            "termino", serializer=serializers.CharField(source="definicion.termino")
        ),
        APIField(
            "definicion_texto",
            serializer=serializers.CharField(source="definicion.definicion"),
        ),
    ]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["page", "definicion"], name="definicion_unica_por_procedimiento"
            )
        ]


class ControlCambio(Orderable):
    """A row of CONTROL DE CAMBIOS: a formal version, who reviewed and approved it."""

    page = ParentalKey(
        ProcedimientoPage, on_delete=models.CASCADE, related_name="control_cambios"
    )
    version = models.PositiveSmallIntegerField(_("versión"))
    fecha = models.DateField(_("fecha"))
    descripcion = models.TextField(_("descripción del cambio"))
    revisaron = StreamField(
        [("persona", PersonaBlock())], verbose_name=_("revisó"), blank=True
    )
    aprobaron = StreamField(
        [("persona", PersonaBlock())], verbose_name=_("aprobó"), blank=True
    )

    panels = [
        FieldRowPanel([FieldPanel("version"), FieldPanel("fecha")]),
        FieldPanel("descripcion"),
        FieldPanel("revisaron"),
        FieldPanel("aprobaron"),
    ]
    api_fields = [
        APIField("version"),
        APIField("fecha"),
        APIField("descripcion"),
        APIField("revisaron"),
        APIField("aprobaron"),
    ]

    def __str__(self) -> str:
        return f"{_('Versión')} {self.version}"

    class Meta(Orderable.Meta):
        verbose_name = _("control de cambios")
        verbose_name_plural = _("control de cambios")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "version"], name="version_unica_por_procedimiento"
            )
        ]


class GlosarioPage(ConRutaResuelta, Page):
    """``/glosario/``: every definition of every procedure, alphabetically."""

    introduccion = models.TextField(_("introducción"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduccion")]
    subpage_types: list[str] = []
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["definiciones"] = Definicion.objects.all()
        return context

    class Meta:
        verbose_name = _("glosario")
