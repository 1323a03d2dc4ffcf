"""Admin screens of the cases app. Registered in wagtail_hooks.py.

``SolicitudViewSet`` is the office's daily work: the listing (filters, search,
export), the case page (``views.CasoView`` as the inspect view), one POST-only
view per action (``views.VISTAS_DE_ACCION``), corrections of issued records, the
staff download of files, the hoja de control's working copy and the transfers'
FUID (``views.TransferenciasView``). ``SerieDocumentalViewSet`` is the TRD.
Nothing here edits or deletes a case, its history or its documents.
"""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.dateformat import format as date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet

from portal.inspeccion import VistaInspeccionSnippet

from .busqueda import buscar_solicitudes
from .exportacion import ExportacionMixin
from .filters import MunicipioFilterSet, SolicitudFilterSet
from .models import Municipio, SerieDocumental, Solicitud
from .permisos import es_personal
from .plazos import estado_plazo
from .selectors import contenido_de_version, por_urgencia
from .ventanilla import HojaAccesoView, RadicadaView
from .views import (
    VISTAS_DE_ACCION,
    CasoView,
    CorregirView,
    DocumentoView,
    HojaControlView,
    RadicarEnVentanillaView,
    TransferenciasView,
)


class MunicipioIndexView(ExportacionMixin, SnippetIndexView):
    """The municipalities' listing; its CSV and XLSX as every export's. The plan
    columns read ``planes.PlanMunicipal`` (one join, not a query per row)."""

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("plan__acto_base")


class MunicipioViewSet(SnippetViewSet):
    """The 87 municipalities, with what their plan of record says (``planes``:
    staff record acts there, in "Planes de ordenamiento").

    Loaded by a data migration; ``codigo_divipola`` is unique in the database, so
    an edit that repeats a code is refused by the form.
    """

    model = Municipio
    index_view_class = MunicipioIndexView
    icon = "site"
    menu_label = _("Municipios")
    menu_order = 300
    add_to_admin_menu = True
    list_display = [
        "nombre",
        "codigo_divipola",
        "provincia",
        # The codes (CAS, POT…): the filters spell them out.
        Column(
            "autoridad_ambiental",
            label=_("Autoridad ambiental"),
            sort_key="autoridad_ambiental",
        ),
        Column("tipo_plan", label=_("Tipo de plan"), sort_key="plan__tipo_plan"),
        Column("acto_adopcion", label=_("Acto de adopción o revisión")),
        Column(
            "fecha_adopcion",
            label=_("Adoptado el"),
            accessor=lambda m: (
                date_format(m.fecha_adopcion, "d/m/Y") if m.fecha_adopcion else ""
            ),
            sort_key="plan__acto_base__fecha",
        ),
    ]
    list_export = [
        "codigo_divipola",
        "nombre",
        "provincia",
        "autoridad_ambiental",
        "tipo_plan",
        "acto_adopcion",
        "fecha_adopcion",
    ]
    export_filename = "municipios"
    list_per_page = 100
    ordering = ["nombre"]
    filterset_class = MunicipioFilterSet
    #: The ORM, not the search index: the data migration does not index rows.
    search_backend_name = None
    search_fields = ["nombre", "codigo_divipola", "provincia"]


class SerieDocumentalPermissionPolicy(ModelPermissionPolicy):
    """Nobody deletes a TRD series, not even a superuser: archived case files point
    at them (PROTECT) and the FUID reads them. A series no longer in use is
    retired by switching off "vigente"."""

    def user_has_permission(self, user, action):
        if action == "delete":
            return False
        return super().user_has_permission(user, action)


class SerieDocumentalViewSet(SnippetViewSet):
    """The tabla de retención documental (TRD): the series a case file is archived
    under, with their retention and final disposition (``models.trd``).

    Seguimiento y evaluación adds and changes series (model permissions given to
    its group in ``permisos.ROLES``); other staff see them. A series already used
    by an archived case cannot be deleted (PROTECT); it is retired with "vigente"
    off instead. The loaded series is a default to check against the entity's
    approved TRD: the listing says so (``templates/expedientes/admin/trd_index.html``).
    """

    model = SerieDocumental
    icon = "table"
    menu_label = _("Retención (TRD)")
    menu_order = 310
    add_to_admin_menu = True
    copy_view_enabled = False
    index_template_name = "expedientes/admin/trd_index.html"
    #: Those who may not change a series open it read-only.
    inspect_view_enabled = True
    inspect_view_class = VistaInspeccionSnippet
    list_display = [
        # Code and name, linked to the edit (or, read-only, the inspect) view.
        "__str__",
        "dependencia",
        Column(
            "retencion",
            label=_("Retención (gestión + central)"),
            accessor=lambda s: (
                _("%(g)s + %(c)s años")
                % {"g": s.retencion_gestion, "c": s.retencion_central}
            ),
        ),
        Column(
            "disposicion",
            label=_("Disposición final"),
            accessor=lambda s: (
                s.get_disposicion_final_display()
                + (" · M/D" if s.digitalizacion else "")
            ),
            sort_key="disposicion_final",
        ),
        Column(
            "activa",
            label=_("Vigente"),
            accessor=lambda s: _("Sí") if s.activa else _("No"),
            sort_key="activa",
        ),
    ]
    list_filter = ["activa", "disposicion_final"]
    search_backend_name = None
    search_fields = ["serie", "subserie", "codigo_serie", "codigo_subserie"]
    ordering = ["codigo_dependencia", "codigo_serie", "codigo_subserie"]


class TransferenciasMenuItem(MenuItem):
    """ "Transferencias" in the admin menu, for staff only (``views.TransferenciasView``
    refuses everyone else as well). Its page says "Transferencias documentales
    (FUID)": the menu cuts anything longer than "Transferencias"."""

    def __init__(self):
        super().__init__(
            _("Transferencias"),
            reverse("solicitudes:transferencias"),
            name="transferencias",
            icon_name="folder-open-inverse",
            order=320,
        )

    def is_shown(self, request):
        return es_personal(request.user)


class SolicitudPermissionPolicy(ModelPermissionPolicy):
    """Requests change only through services (one path, one set of rules): nobody
    edits or deletes them in a form, whatever their permissions. Municipal
    accounts see nothing here even if a group gave them a permission.

    Registered for ``Solicitud`` in wagtail_hooks.py, it is the one check of every
    case screen (``views/``: "view" for the case page, the actions, the
    downloads and the transfers; "add" for the Ventanilla's form): what a person
    may then do on a case is the services' rule (``permisos``)."""

    def user_has_permission(self, user, action):
        if action in {"change", "delete"}:
            return False
        if getattr(user, "es_municipal", False):
            return False
        return super().user_has_permission(user, action)


class PlazoColumn(Column):
    """The running deadline with its state (``plazos.estado_plazo``) as a colour."""

    cell_template_name = "expedientes/admin/celda_plazo.html"

    def get_cell_context_data(self, instance, parent_context):
        contexto = super().get_cell_context_data(instance, parent_context)
        contexto["plazo"] = estado_plazo(instance.vence_el)
        return contexto


class SolicitudIndexView(ExportacionMixin, IndexView):
    """The listing: activity names from each case's frozen version; its CSV and
    XLSX with Bogotá's dates and no cell a spreadsheet runs (``ExportacionMixin``).

    With no column chosen, the open cases by urgency come first
    (``selectors.por_urgencia``); a column's heading orders by it. The search box
    finds radicados, registro interno numbers and names without regard to accents
    or case (``busqueda.buscar_solicitudes``)."""

    #: Its own class for static/css/admin.css (radicados on one line, long words
    #: broken, the table scrolling inside its box on a phone).
    table_classname = "listing solicitudes-listado"

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("municipio", "version_procedimiento", "asignada_a")
        )

    def order_queryset(self, queryset):
        if not self.ordering:
            return por_urgencia(queryset)
        return super().order_queryset(queryset)

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return buscar_solicitudes(queryset, self.search_query)

    def nombre_actividad(self, solicitud) -> str:
        # One parse per version, not per row (the rows share a few versions).
        cache = self.__dict__.setdefault("_nombres_por_version", {})
        nombres = cache.get(solicitud.version_procedimiento_id)
        if nombres is None:
            contenido = contenido_de_version(solicitud.version_procedimiento)
            nombres = {a.numero: a.nombre for a in contenido.actividades}
            cache[solicitud.version_procedimiento_id] = nombres
        n = solicitud.actividad_actual
        return f"{n}. {nombres.get(n, '')}".strip()

    @cached_property
    def columns(self):
        columnas = list(super().columns)
        for i, columna in enumerate(columnas):
            if columna.name == "actividad_actual":
                columnas[i] = Column(
                    "actividad_actual",
                    label=_("Actividad actual"),
                    accessor=self.nombre_actividad,
                    sort_key="actividad_actual",
                )
        return columnas

    def to_row_dict(self, item):
        fila = super().to_row_dict(item)
        if "actividad_actual" in fila:
            fila["actividad_actual"] = self.nombre_actividad(item)
        if "asignada_a" in fila:
            fila["asignada_a"] = item.asignada_a.nombre if item.asignada_a else ""
        return fila


class SolicitudViewSet(ModelViewSet):
    """Every request, for staff: listing with filters and export, the case page
    with the forms of the allowed actions, one view per action, and the Ventanilla
    única's form for paper requests (``add``)."""

    model = Solicitud
    #: Cases are not content: Wagtail's reference index need not track them (it
    #: would queue a task on every filing).
    add_to_reference_index = False
    icon = "form"
    menu_label = _("Solicitudes")
    menu_order = 250
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = CasoView
    index_view_class = SolicitudIndexView
    list_display = [
        "radicado",
        Column("municipio", label=_("Municipio"), sort_key="municipio__nombre"),
        # Typed by people: a long word breaks inside this cell (static/css/admin.css).
        Column("asunto", label=_("Asunto"), sort_key="asunto", classname="celda-texto"),
        "actividad_actual",
        Column("estado", label=_("Estado"), accessor="get_estado_display"),
        PlazoColumn("vence_el", label=_("Vence el"), sort_key="vence_el"),
        Column(
            "asignada_a",
            label=_("Asignada a"),
            accessor=lambda s: s.asignada_a.nombre if s.asignada_a else "",
        ),
        DateColumn("radicada_en", label=_("Radicada"), sort_key="radicada_en"),
    ]
    list_export = [
        "radicado",
        "municipio.nombre",
        "municipio.provincia",
        "asunto",
        "get_tipo_solicitud_display",
        "get_canal_display",
        "actividad_actual",
        "get_estado_display",
        "grupo_actual",
        "asignada_a",
        "radicada_en",
        "fecha_limite",
        "vence_el",
        "numero_registro",
    ]
    export_headings = {
        "radicado": _("Radicado"),
        "municipio.nombre": _("Municipio"),
        "municipio.provincia": _("Provincia"),
        "asunto": _("Asunto"),
        "get_tipo_solicitud_display": _("Qué solicita"),
        "get_canal_display": _("Canal"),
        "actividad_actual": _("Actividad actual"),
        "get_estado_display": _("Estado"),
        "grupo_actual": _("Bandeja"),
        "asignada_a": _("Asignada a"),
        "radicada_en": _("Radicada el"),
        "fecha_limite": _("Fecha límite de respuesta"),
        "vence_el": _("Vence el"),
        "numero_registro": _("Registro interno"),
    }
    export_filename = "solicitudes"
    list_per_page = 50
    #: No column by default: ``SolicitudIndexView`` orders by urgency then.
    ordering = None
    filterset_class = SolicitudFilterSet
    search_backend_name = None
    #: What the search box looks in (``busqueda.buscar_solicitudes`` does the search).
    search_fields = [
        "radicado",
        "numero_registro",
        "municipio__nombre",
        "nombre_solicitante",
        "asunto",
    ]
    #: No edit form: the permission policy refuses editing, services change cases.
    form_fields: list[str] = []

    @cached_property
    def add_view(self):
        # Its own icon, not the viewset's.
        return self.construct_view(RadicarEnVentanillaView, header_icon=self.UNDEFINED)

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            url_namespace=self.url_namespace, **kwargs
        )

    def get_queryset(self, request):
        return Solicitud.objects.select_related(
            "municipio", "version_procedimiento", "asignada_a"
        )

    def get_urlpatterns(self):
        patrones = super().get_urlpatterns()
        for vista in VISTAS_DE_ACCION:
            patrones.append(
                path(
                    f"{vista.accion}/<int:pk>/",
                    self.construct_view(vista, url_namespace=self.url_namespace),
                    name=vista.accion,
                )
            )
        patrones += [
            path(
                "documento/<int:pk>/<int:documento>/",
                self.construct_view(DocumentoView),
                name="documento",
            ),
            path(
                "corregir/<int:pk>/<int:documento>/",
                self.construct_view(CorregirView, url_namespace=self.url_namespace),
                name="corregir",
            ),
            path(
                "hoja-de-control/<int:pk>/",
                self.construct_view(HojaControlView),
                name="hoja_control",
            ),
            path(
                "transferencias/",
                # A report of its own: its icon, no search nor listing URLs.
                self.construct_view(
                    TransferenciasView,
                    header_icon=self.UNDEFINED,
                    index_url_name=self.get_url_name("transferencias"),
                    index_results_url_name=None,
                ),
                name="transferencias",
            ),
        ]
        patrones += [
            path("radicada/<int:pk>/", RadicadaView.as_view(), name="radicada"),
            path("hoja-acceso/<int:pk>/", HojaAccesoView.as_view(), name="hoja_acceso"),
        ]
        return patrones


__all__ = [
    "MunicipioViewSet",
    "SerieDocumentalPermissionPolicy",
    "SerieDocumentalViewSet",
    "SolicitudPermissionPolicy",
    "SolicitudViewSet",
    "TransferenciasMenuItem",
]
