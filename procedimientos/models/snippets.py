"""What procedures share: offices, roles, record types, definitions (snippets, in
``viewsets.py`` through ``wagtail_hooks.py``) and the entity's settings (the top of
the official header of every PDF)."""

from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

__all__ = [
    "Cargo",
    "Definicion",
    "DefinicionQuerySet",
    "Dependencia",
    "Entidad",
    "NombreSnippet",
    "TipoDocumental",
]


class NombreSnippet(index.Indexed, models.Model):
    """An office, a role or a record type: a named thing activities point at."""

    nombre = models.CharField(_("nombre"), max_length=255, unique=True)

    panels = [FieldPanel("nombre")]
    search_fields = [
        index.SearchField("nombre"),
        index.AutocompleteField("nombre"),
    ]

    def __str__(self) -> str:
        return self.nombre

    class Meta:
        abstract = True
        ordering = ["nombre"]


class Dependencia(NombreSnippet):
    """An office of the Gobernación (the AREA column of the procedure)."""

    class Meta(NombreSnippet.Meta):
        verbose_name = _("dependencia")
        verbose_name_plural = _("dependencias")


class Cargo(NombreSnippet):
    """A role responsible for an activity (the CARGO column)."""

    class Meta(NombreSnippet.Meta):
        verbose_name = _("cargo")
        verbose_name_plural = _("cargos")


class TipoDocumental(NombreSnippet):
    """A record an activity produces (the REGISTROS column: documento y código)."""

    codigo = models.CharField(_("código"), max_length=50, blank=True)

    panels = [FieldPanel("nombre"), FieldPanel("codigo")]

    class Meta(NombreSnippet.Meta):
        verbose_name = _("tipo documental")
        verbose_name_plural = _("tipos documentales")


class DefinicionQuerySet(SearchableQuerySetMixin, models.QuerySet):
    pass


class Definicion(index.Indexed, models.Model):
    """A term of the DEFINICIONES section, shared by every procedure that uses it."""

    termino = models.CharField(_("término"), max_length=100, unique=True)
    definicion = models.TextField(_("definición"))
    nota_editorial = models.TextField(
        _("nota editorial"),
        blank=True,
        help_text=_(
            "Aclaración del editor del sitio, que no hace parte del texto oficial "
            "y se muestra aparte, p. ej. ante un error del documento aprobado. "
            "No cambia ninguna versión aprobada."
        ),
    )

    objects = DefinicionQuerySet.as_manager()

    panels = [
        FieldPanel("termino"),
        FieldPanel("definicion"),
        FieldPanel("nota_editorial"),
    ]
    search_fields = [
        index.SearchField("termino", boost=3),
        index.AutocompleteField("termino"),
        index.SearchField("definicion"),
        index.SearchField("nota_editorial"),
    ]

    def __str__(self) -> str:
        return self.termino

    @property
    def ancla(self) -> str:
        """The fragment that links to this term on the glossary page."""
        return f"def-{slugify(self.termino)}"

    class Meta:
        ordering = ["termino"]
        verbose_name = _("definición")
        verbose_name_plural = _("definiciones")


@register_setting(icon="site")
class Entidad(BaseGenericSetting):
    """Who issues the documents: the top of the official header of every PDF."""

    encabezado = models.CharField(
        _("encabezado"), max_length=100, default="República de Colombia"
    )
    nombre = models.CharField(
        _("nombre de la entidad"), max_length=200, default="Gobernación de Santander"
    )
    dependencia = models.CharField(
        _("dependencia"), max_length=200, default="Secretaría de Planeación"
    )
    nit = models.CharField(_("NIT"), max_length=30, blank=True)
    direccion = models.CharField(_("dirección"), max_length=200, blank=True)
    telefono = models.CharField(_("teléfono"), max_length=50, blank=True)
    correo = models.EmailField(_("correo electrónico"), blank=True)

    panels = [
        FieldPanel("encabezado"),
        FieldPanel("nombre"),
        FieldPanel("dependencia"),
        FieldRowPanel([FieldPanel("nit"), FieldPanel("telefono")]),
        FieldPanel("direccion"),
        FieldPanel("correo"),
    ]

    def lineas_encabezado(self) -> tuple[str, ...]:
        """The official header's entity lines: "República de Colombia", the name.

        Printed by the procedure's PDF (``pdf/procedimiento.py``) and copied into
        each record's snapshot when it is issued (``expedientes.registros``)."""
        return tuple(linea for linea in (self.encabezado, self.nombre) if linea)

    def lineas_pie(self) -> tuple[str, ...]:
        """Footer lines: the entity and office, then its contact data if set."""
        contacto = [
            f"NIT {self.nit}" if self.nit else "",
            self.direccion,
            self.telefono,
            self.correo,
        ]
        lineas = (
            " · ".join(filter(None, [self.nombre, self.dependencia])),
            " · ".join(filter(None, contacto)),
        )
        return tuple(linea for linea in lineas if linea)

    class Meta:
        verbose_name = _("datos de la entidad")
