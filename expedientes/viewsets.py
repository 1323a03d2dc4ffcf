"""Admin screens of the cases app. Registered in wagtail_hooks.py."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import SnippetViewSet

from .filters import MunicipioFilterSet
from .models import Municipio


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
