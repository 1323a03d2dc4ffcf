from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from procedimientos import rutas

from . import salud, tablero, tramite, verificacion, views
from .api import api_router
from .forms_cuenta import RestablecerClaveForm

cuenta = [
    path("ingresar/", views.IngresarView.as_view(), name="ingresar"),
    path("salir/", auth_views.LogoutView.as_view(), name="salir"),
    path(
        "clave/restablecer/",
        auth_views.PasswordResetView.as_view(
            template_name="portal/cuenta/restablecer.html",
            form_class=RestablecerClaveForm,
            email_template_name="portal/cuenta/correo_restablecer.txt",
            subject_template_name="portal/cuenta/correo_restablecer_asunto.txt",
        ),
        name="password_reset",
    ),
    path(
        "clave/restablecer/enviado/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="portal/cuenta/restablecer_enviado.html"
        ),
        name="password_reset_done",
    ),
    path(
        "clave/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="portal/cuenta/nueva_clave.html"
        ),
        name="password_reset_confirm",
    ),
    path(
        "clave/lista/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="portal/cuenta/clave_lista.html"
        ),
        name="password_reset_complete",
    ),
]

solicitudes = [
    path("", views.solicitudes, name="solicitudes"),
    path("nueva/", views.solicitud_nueva, name="solicitud_nueva"),
    path("<str:radicado>/", views.solicitud_detalle, name="solicitud_detalle"),
    path(
        "<str:radicado>/radicada/", views.solicitud_radicada, name="solicitud_radicada"
    ),
    path(
        "<str:radicado>/aportar/",
        tramite.documentos_aportar,
        name="solicitud_aportar",
    ),
    path(
        "<str:radicado>/desistir/",
        tramite.solicitud_desistir,
        name="solicitud_desistir",
    ),
    path(
        "<str:radicado>/sesiones/<uuid:uid>.ics",
        tramite.sesion_ics,
        name="sesion_ics",
    ),
    path(
        "<str:radicado>/documentos/<int:pk>/",
        views.documento_descargar,
        name="documento_descargar",
    ),
]

planes = [
    path("", tablero.tablero_planes, name="tablero_planes"),
    path("datos/planes.csv", tablero.planes_csv, name="planes_csv"),
    path("datos/planes.json", tablero.planes_json, name="planes_json"),
    path("datos/datapackage.json", tablero.datapackage, name="planes_datapackage"),
    path("datos/catalogo.jsonld", tablero.catalogo_dcat, name="planes_dcat"),
    path("datos/diccionario/", tablero.diccionario, name="planes_diccionario"),
]

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documentos/", include(wagtaildocs_urls)),
    path("cuenta/", include(cuenta)),
    path("solicitudes/", include(solicitudes)),
    path("consulta/", views.consulta, name="consulta"),
    path("verificar/", verificacion.verificar_inicio, name="verificar_inicio"),
    path("verificar/<str:codigo>/", verificacion.verificar, name="verificar"),
    path("buscar/", views.buscar, name="buscar"),
    path("planes/", include(planes)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("healthz", salud.healthz, name="healthz"),
    path("api/v2/", api_router.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Public pages: Wagtail's own URLs, its serve view replaced by the same view with
# the page, its breadcrumbs and its view restrictions read in one query
# (procedimientos/rutas.py); same pattern and name, so reverse("wagtail_serve") and
# Wagtail's _util/ URLs before it are unchanged.
urlpatterns += [
    *(patron for patron in wagtail_urls.urlpatterns if patron.name != "wagtail_serve"),
    re_path(wagtail_urls.serve_pattern, rutas.servir, name="wagtail_serve"),
]

# Error pages in Spanish with the site's layout, which cannot fail (portal/errores.py).
handler400 = "portal.errores.peticion_incorrecta"
handler403 = "portal.errores.acceso_denegado"
handler404 = "portal.errores.no_encontrada"
handler500 = "portal.errores.error_del_servidor"
