"""Registration of the reports (views.py): their URLs and the Reports menu."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .views import (
    PorActividadView,
    PorMesView,
    PuntualidadActividadView,
    PuntualidadMunicipioView,
    ResultadosView,
    SesionesView,
    TiemposView,
    puede_ver_informes,
)

INFORMES = (
    ("por_actividad", "por-actividad/", PorActividadView, _("Solicitudes en curso")),
    ("por_mes", "por-mes/", PorMesView, _("Radicadas y cerradas por mes")),
    ("tiempos", "tiempos/", TiemposView, _("Tiempo por actividad")),
    (
        "puntualidad_actividad",
        "puntualidad/actividad/",
        PuntualidadActividadView,
        _("Puntualidad por actividad"),
    ),
    (
        "puntualidad_municipio",
        "puntualidad/municipio/",
        PuntualidadMunicipioView,
        _("Puntualidad por municipio"),
    ),
    ("sesiones", "sesiones/", SesionesView, _("Sesiones y compromisos")),
    ("resultados", "resultados/", ResultadosView, _("Resultados de la asesoría")),
)


@hooks.register("register_admin_urls")
def urls_de_informes():
    patrones = []
    for nombre, ruta, vista, _etiqueta in INFORMES:
        patrones += [
            path(ruta, vista.as_view(), name=nombre),
            path(
                ruta + "resultados/",
                vista.as_view(results_only=True),
                name=nombre + "_resultados",
            ),
        ]
    return [path("informes/", include((patrones, "informes"), namespace="informes"))]


class InformeMenuItem(MenuItem):
    def is_shown(self, request):
        return puede_ver_informes(request.user)


def _registrar(nombre, etiqueta, orden):
    @hooks.register("register_reports_menu_item")
    def elemento():
        return InformeMenuItem(
            etiqueta,
            reverse(f"informes:{nombre}"),
            icon_name="table",
            order=900 + orden,
        )


for _orden, (_nombre, _ruta, _vista, _etiqueta) in enumerate(INFORMES):
    _registrar(_nombre, _etiqueta, _orden)
