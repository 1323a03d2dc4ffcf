"""Who may use the municipalities' pages of the portal, and how often.

``solo_municipios`` lets in municipal accounts only; ``solicitud_del_municipio``
finds a request of the account's own municipality (another's is a 404, never a
403, which would confirm that it exists); ``limite_de_cuenta``,
``rechazos_excedidos`` and ``tasa_de`` are the rate limits (django-ratelimit)
read from settings. Used by ``views.py`` (filing and following requests),
``tramite.py`` (the municipality's actions on one) and ``verificacion.py``; what
a municipality may do on its request is the rules' table (``expedientes.reglas``),
not this module.
"""

from __future__ import annotations

from functools import wraps

from django_ratelimit.core import get_usage

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from expedientes.models import Solicitud
from expedientes.selectors import solicitudes_de_municipio


def tasa_de(nombre: str):
    """A django-ratelimit rate read from settings on each request (tests change it)."""

    def tasa(group, request):
        return getattr(settings, nombre)

    return tasa


def solo_municipios(vista):
    """Municipal accounts only: anonymous -> login, any other account -> 403 page."""

    @wraps(vista)
    def envoltura(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.es_municipal:
            return render(
                request,
                "portal/solicitudes/sin_municipio.html",
                {"titulo": _("Sección de los municipios")},
                status=403,
            )
        return vista(request, *args, **kwargs)

    return envoltura


def solicitud_del_municipio(request, radicado: str) -> Solicitud:
    """The account's own municipality's request ``radicado``; another's is a 404."""
    return get_object_or_404(
        solicitudes_de_municipio(request.user.municipio_id), radicado=radicado
    )


def limite_de_cuenta(request, grupo: str, *, contar: bool) -> bool:
    """Whether the account reached ``PORTAL_LIMITE_RADICACIONES`` in ``grupo``;
    ``contar`` counts one more. Only what the service accepted counts: a form sent
    back for a missing field or a file that is not a PDF costs nothing
    (django-ratelimit's counter, used by hand: check first, count after)."""
    uso = get_usage(
        request,
        group=grupo,
        key="user",
        rate=tasa_de("PORTAL_LIMITE_RADICACIONES"),
        method="POST",
        increment=contar,
    )
    return uso is not None and uso["count"] >= uso["limit"]


def rechazos_excedidos(request, *, contar: bool) -> bool:
    """Whether the account, or the address it comes from, reached
    ``PORTAL_LIMITE_RECHAZOS`` of refused uploads; ``contar`` counts one more.

    A refused upload costs the most (every PDF inspected, up to the request's
    budget) and used to cost the sender nothing, so it could be repeated forever.
    Counted by the views that take PDFs (filing, documents a suspension asks for)
    when ``ArchivosAcotadosMixin`` refused the request's files; past the limit the
    next attempts get the 429 page before anything is read. Also set on the request
    so that the 429 page says why."""
    excedido = False
    for grupo, clave in (("portal.rechazos", "user"), ("portal.rechazos.ip", "ip")):
        uso = get_usage(
            request,
            group=grupo,
            key=clave,
            rate=tasa_de("PORTAL_LIMITE_RECHAZOS"),
            method="POST",
            increment=contar,
        )
        excedido |= uso is not None and uso["count"] >= uso["limit"]
    if excedido and not contar:
        request.rechazos_excedidos = True
    return excedido
