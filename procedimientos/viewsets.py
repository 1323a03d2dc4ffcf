"""Admin screens for the snippets procedures share, grouped under one menu item.

Registered in wagtail_hooks.py.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Cargo, Definicion, Dependencia, TipoDocumental


class DependenciaViewSet(SnippetViewSet):
    model = Dependencia
    icon = "group"
    list_display = ["nombre"]
    search_fields = ["nombre"]


class CargoViewSet(SnippetViewSet):
    model = Cargo
    icon = "user"
    list_display = ["nombre"]
    search_fields = ["nombre"]


class TipoDocumentalViewSet(SnippetViewSet):
    model = TipoDocumental
    icon = "doc-full"
    list_display = ["nombre", "codigo"]
    search_fields = ["nombre", "codigo"]


class DefinicionViewSet(SnippetViewSet):
    model = Definicion
    icon = "help"
    list_display = ["termino", "definicion"]
    search_fields = ["termino", "definicion"]


class ProcedimientosViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Procedimientos")
    menu_icon = "list-ol"
    menu_order = 200
    items = (DefinicionViewSet, DependenciaViewSet, CargoViewSet, TipoDocumentalViewSet)
