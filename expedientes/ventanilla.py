"""After the Ventanilla única radicates a paper request: the code, once, and the
printed *hoja de acceso* for the requester to take away.

The access code is stored only hashed (``codigos.cifrar_codigo``). The requester
on paper never sees the clerk's screen, so the clerk prints the code for them. To
print it after the filing POST (which redirects), the code travels in a signed,
short-lived cookie (``PASE``) that only the clerk's browser holds: not in the
session (stored in the database), not in a URL (server logs), not in a file. The
cookie is bound to the clerk, their session and the request, lasts
``VIGENCIA_PASE`` seconds and is dropped when the clerk finishes.

``RadicarEnVentanillaView`` (views/radicacion.py) sets it with ``pase_entregar``;
the two views below, wired in ``SolicitudViewSet.get_urlpatterns`` (viewsets.py),
read it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .codigos import cifrados_posibles
from .constants import Canal
from .enlaces import absoluta
from .models import Solicitud
from .pdf.hoja_acceso import HojaAcceso, HojaAccesoRenderer
from .registros import Constancia
from .services.radicacion import datos_constancia

if TYPE_CHECKING:
    from django.http import HttpRequest

#: The cookie that carries the signed code from the filing to the printed sheet.
PASE = "ventanilla_hoja_acceso"
#: Seconds the clerk has to print the sheet after filing.
VIGENCIA_PASE = 15 * 60
_SAL = "expedientes.ventanilla.hoja_acceso"


def _huella_sesion(request: HttpRequest) -> str:
    """Ties the cookie to this login: another session of the same clerk (or the
    same browser after logging out and in) does not read it."""
    return salted_hmac(_SAL, request.session.session_key or "").hexdigest()[:32]


def _ruta_pase() -> str:
    return reverse("solicitudes:index")


def pase_entregar(request: HttpRequest, respuesta: HttpResponse, solicitud, codigo):
    """Put the code in the clerk's browser for ``VIGENCIA_PASE`` seconds."""
    if not request.session.session_key:
        request.session.save()
    valor = signing.dumps(
        {
            "s": solicitud.pk,
            "u": request.user.pk,
            "h": _huella_sesion(request),
            "c": codigo,
        },
        salt=_SAL,
    )
    respuesta.set_cookie(
        PASE,
        valor,
        max_age=VIGENCIA_PASE,
        path=_ruta_pase(),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )
    return respuesta


def pase_leer(request: HttpRequest, solicitud: Solicitud) -> str | None:
    """The code of ``solicitud`` if this clerk, in this session, filed it less
    than ``VIGENCIA_PASE`` seconds ago; None otherwise."""
    valor = request.COOKIES.get(PASE)
    if not valor:
        return None
    try:
        datos = signing.loads(valor, salt=_SAL, max_age=VIGENCIA_PASE)
    except signing.BadSignature:
        return None
    if (
        datos.get("s") != solicitud.pk
        or datos.get("u") != request.user.pk
        or not constant_time_compare(datos.get("h", ""), _huella_sesion(request))
    ):
        return None
    codigo = datos.get("c", "")
    # The code must still open the request (it would not after a rotation of
    # keys that dropped the one it was hashed with).
    if solicitud.codigo_acceso_hash not in cifrados_posibles(codigo):
        return None
    return codigo


def _solicitud_de_ventanilla(request: HttpRequest, pk: int) -> Solicitud:
    if not request.user.has_perm("expedientes.add_solicitud"):
        raise PermissionDenied
    return get_object_or_404(
        Solicitud.objects.select_related("municipio"),
        pk=pk,
        canal=Canal.VENTANILLA,
        radicada_por=request.user,
    )


@method_decorator(never_cache, name="dispatch")
class RadicadaView(WagtailAdminTemplateMixin, TemplateView):
    """The clerk's confirmation after filing: the code once, and the buttons to
    print the sheet and to finish (which forgets the code)."""

    template_name = "expedientes/admin/radicada_ventanilla.html"
    page_title = gettext_lazy("Solicitud radicada")
    header_icon = "doc-full-inverse"

    def dispatch(self, request, *args, **kwargs):
        self.solicitud = _solicitud_de_ventanilla(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("solicitudes:index"), "label": _("Solicitudes")},
            {"url": "", "label": self.solicitud.radicado},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            solicitud=self.solicitud,
            codigo=pase_leer(self.request, self.solicitud),
            minutos=VIGENCIA_PASE // 60,
            url_hoja=reverse("solicitudes:hoja_acceso", args=(self.solicitud.pk,)),
            url_caso=reverse("solicitudes:inspect", args=(self.solicitud.pk,)),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        """ "Terminar": the code leaves the clerk's browser."""
        respuesta = redirect("solicitudes:inspect", self.solicitud.pk)
        respuesta.delete_cookie(PASE, path=_ruta_pase(), samesite="Strict")
        return respuesta


@method_decorator(never_cache, name="dispatch")
class HojaAccesoView(View):
    """POST: the one-page PDF with the code, built in memory and sent, never
    stored. Only for the clerk who filed the request, in that session, for
    ``VIGENCIA_PASE`` seconds."""

    http_method_names = ["post"]

    def post(self, request, pk: int):
        solicitud = _solicitud_de_ventanilla(request, pk)
        codigo = pase_leer(request, solicitud)
        if codigo is None:
            messages.error(
                request,
                _(
                    "El código de acceso de %(radicado)s ya no se puede imprimir: "
                    "solo se muestra a quien radicó la solicitud, durante "
                    "%(minutos)s minutos después de radicarla."
                )
                % {"radicado": solicitud.radicado, "minutos": VIGENCIA_PASE // 60},
            )
            return redirect("solicitudes:inspect", solicitud.pk)
        constancia = Constancia.desde_json(datos_constancia(solicitud))
        hoja = HojaAcceso.desde_constancia(
            constancia,
            codigo_acceso=codigo,
            url_consulta=absoluta("consulta"),
        )
        respuesta = HttpResponse(
            HojaAccesoRenderer.desde_registro(hoja).render(),
            content_type="application/pdf",
        )
        respuesta["Content-Disposition"] = (
            f'inline; filename="hoja-acceso-{solicitud.radicado}.pdf"'
        )
        return respuesta
