"""Part 7's URLs: the site's, plus ``/django-admin/``, a bare Django admin site with
only ``Solicitud`` registered (``bench.settings_casos``). Its changelist shows the
same rows and columns as the Wagtail listing, with the same filters as plain
``list_filter`` lookups: the baseline of the bench."""

from django.contrib import admin
from django.urls import path

from expedientes.models import Solicitud
from portal.urls import urlpatterns as del_sitio


class SolicitudAdmin(admin.ModelAdmin):
    list_display = (
        "radicado",
        "municipio",
        "asunto",
        "actividad_actual",
        "estado",
        "vence_el",
        "asignada_a",
        "radicada_en",
    )
    list_filter = (
        "estado",
        "actividad_actual",
        "tipo_solicitud",
        "anio",
        "grupo_actual",
        "vence_el",
    )
    list_select_related = ("municipio", "asignada_a")
    search_fields = ("radicado", "asunto", "municipio__nombre")
    list_per_page = 50
    ordering = ("-radicada_en",)
    actions = None


sitio = admin.AdminSite(name="bench_admin")
sitio.register(Solicitud, SolicitudAdmin)

urlpatterns = [path("django-admin/", sitio.urls), *del_sitio]
