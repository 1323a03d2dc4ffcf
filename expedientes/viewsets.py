"""Admin screens of the cases app. Registered in wagtail_hooks.py."""

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import SnippetViewSet

from .filters import MunicipioFilterSet, SolicitudFilterSet
from .models import Municipio, Solicitud
from .views import RadicarEnVentanillaView


class MunicipioViewSet(SnippetViewSet):
    """The 87 municipalities: staff record the type of plan and its adoption act.

    Loaded by a data migration; ``codigo_divipola`` is unique in the database, so
    an edit that repeats a code is refused by the form.
    """

    model = Municipio
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
        Column("tipo_plan", label=_("Tipo de plan"), sort_key="tipo_plan"),
        "acto_adopcion",
    ]
    list_export = [
        "codigo_divipola",
        "nombre",
        "provincia",
        "autoridad_ambiental",
        "tipo_plan",
        "acto_adopcion",
    ]
    export_filename = "municipios"
    list_per_page = 100
    ordering = ["nombre"]
    filterset_class = MunicipioFilterSet
    #: The ORM, not the search index: the data migration does not index rows.
    search_backend_name = None
    search_fields = ["nombre", "codigo_divipola", "provincia"]


class SolicitudPermissionPolicy(ModelPermissionPolicy):
    """Requests change only through services (one path, one set of rules): nobody
    edits or deletes them in a form, whatever their permissions."""

    def user_has_permission(self, user, action):
        if action in {"change", "delete"}:
            return False
        return super().user_has_permission(user, action)


class SolicitudViewSet(ModelViewSet):
    """Every request, for staff: listing with filters and export, each request's
    record, and the Ventanilla única's form for paper requests (``add``)."""

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
    list_display = [
        "radicado",
        "municipio",
        "asunto",
        Column("canal", label=_("Canal"), accessor="get_canal_display"),
        "actividad_actual",
        "fecha_limite",
        "radicada_en",
    ]
    list_export = [
        "radicado",
        "municipio",
        "asunto",
        "canal",
        "actividad_actual",
        "fecha_limite",
        "radicada_en",
        "estado",
    ]
    export_filename = "solicitudes"
    list_per_page = 50
    ordering = ["-radicada_en"]
    filterset_class = SolicitudFilterSet
    search_backend_name = None
    search_fields = ["radicado", "asunto", "municipio__nombre", "nombre_solicitante"]
    #: No edit form: the permission policy refuses editing, services change cases.
    form_fields: list[str] = []
    inspect_view_fields = [
        "radicado",
        "municipio",
        "version_procedimiento",
        "canal",
        "radicada_por",
        "radicada_en",
        "fecha_limite",
        "actividad_actual",
        "estado",
        "nombre_solicitante",
        "cargo_solicitante",
        "correo_solicitante",
        "telefono_solicitante",
        "plan_vigente",
        "tipo_solicitud",
        "tipo_solicitud_otra",
        "asunto",
        "descripcion",
    ]

    @cached_property
    def add_view(self):
        return RadicarEnVentanillaView.as_view(
            index_url_name=self.get_url_name("index"),
            inspect_url_name=self.get_url_name("inspect"),
        )

    def get_queryset(self, request):
        return Solicitud.objects.select_related("municipio")
