"""A public page found, with its breadcrumbs and whether anything restricts it, in
one query (issue 18).

Wagtail's ``serve`` finds a page child by child (the site's root as its specific
class, then each level), then reads the page's ancestors twice more: once for the
view restrictions (``get_view_restrictions``: the ancestors, then their
restrictions) and once for the breadcrumbs (``includes/migas.html``). Here every
page whose ``url_path`` the address starts with comes in one query (those are the
page, its ancestors and, Wagtail keeps ``url_path`` as the slugs from the tree's
root, nothing else), each with whether a ``PageViewRestriction`` sits on it; then
the page's specific row. ``servir`` leaves the result where Wagtail's ``serve``
looks for it (``request._wagtail_route_for_request``) and calls it, so its hooks,
view-restriction check, and 404s run as they always do.

The site a request is for is read from the shared cache (``sitio_para``), not
with Wagtail's query each time (``Site.find_for_request``): see there what
empties it.

What it does not change: a page with a restriction on it or on an ancestor, or
under an alias, is checked by Wagtail's own query (``ConRutaResuelta`` only skips
it when the query just made found none); a page under one whose class routes paths
of its own (a ``RoutablePageMixin`` with children) is left to Wagtail's walk; an
unpublished page is a 404. Nothing else is kept between requests.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.http.request import split_domain_port
from wagtail.models import Page, PageViewRestriction, Site

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

__all__ = [
    "ConRutaResuelta",
    "registrar_ruta",
    "servir",
    "sitio_para",
    "sitios_olvidar",
]

#: Shared-cache keys of the sites by host and port (``sitio_para``): the
#: generation in force, and the map stored with the generation it was read in.
CLAVE_GENERACION = "rutas:sitios:generacion"
CLAVE_SITIOS = "rutas:sitios"
#: Seconds a map is kept without being emptied (a bound for what no signal
#: reports: a ``Site`` or page changed by ``QuerySet.update`` or raw SQL).
SEGUNDOS_SITIOS = 300

#: Page's route and, for the home page, its one-query equivalent (portal.models).
_RUTAS_DE_PAGINA = {Page.route}


class ConRutaResuelta:
    """For the page classes ``servir`` resolves: the breadcrumbs and view
    restrictions it found, used instead of reading them again."""

    #: Set by ``servir`` on the page it serves: its ancestors, root first.
    ancestros_resueltos: list[Page] | None = None
    #: Set by ``servir`` when neither the page nor an ancestor has a view
    #: restriction and none of them is an alias (found in the same request).
    sin_restricciones_de_vista = False

    def get_view_restrictions(self):
        if self.sin_restricciones_de_vista:
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


def registrar_ruta(metodo) -> None:
    """``metodo`` (a page class's ``route``) finds the same page as Wagtail's."""
    _RUTAS_DE_PAGINA.add(metodo)


def servir(request: HttpRequest, path: str) -> HttpResponse:
    """Wagtail's ``serve``, the route found by ``_ruta``."""
    # Imported here: wagtail.views loads the Page model, and this module is
    # imported while the page models load.
    from wagtail import views as vistas_wagtail

    if not hasattr(request, "_wagtail_route_for_request"):
        try:
            ruta = _ruta(request, path)
        except Http404:
            request._wagtail_route_for_request = None
        else:
            if ruta is not None:
                request._wagtail_route_for_request = ruta
    return vistas_wagtail.serve(request, path)


def _ruta(request: HttpRequest, path: str):
    """The route result, or None to let Wagtail find it its own way."""
    if settings.WAGTAIL_I18N_ENABLED:
        return None  # Wagtail serves the root's translation for the request
    sitio = sitio_para(request)
    if sitio is None:
        return None
    componentes = [c for c in path.split("/") if c]
    cadena = _cadena(sitio.root_page, componentes)
    if not _raiz_en(cadena, sitio.root_page):
        # The site's root page is not where the site says (a site kept from
        # before a change no signal reported, such as a rolled-back
        # transaction): read the site again, for everyone.
        sitios_olvidar()
        del request._wagtail_site
        sitio = sitio_para(request)
        if sitio is None:
            return None
        cadena = _cadena(sitio.root_page, componentes)
        if not _raiz_en(cadena, sitio.root_page):
            return None
    raiz = sitio.root_page
    # The chain from the tree's root down: each page the parent of the next.
    for padre, hija in zip(cadena, cadena[1:], strict=False):
        if not (hija.path.startswith(padre.path) and hija.depth == padre.depth + 1):
            return None
    if cadena[0].depth != 1:
        return None
    bajo_raiz = [p for p in cadena if p.depth >= raiz.depth]
    pagina = bajo_raiz[-1]
    for intermedia in bajo_raiz[:-1]:
        clase = ContentType.objects.get_for_id(intermedia.content_type_id).model_class()
        if clase is None or clase.route not in _RUTAS_DE_PAGINA:
            return None
    especifica = pagina.specific
    if isinstance(especifica, ConRutaResuelta):
        ancestros = [p for p in cadena if p.depth < pagina.depth]
        especifica.ancestros_resueltos = ancestros
        especifica.sin_restricciones_de_vista = not any(
            p.restringida or p.alias_of_id for p in cadena if p.depth <= pagina.depth
        )
    resto = componentes[pagina.depth - raiz.depth :]
    return especifica.route(request, resto)


def _cadena(raiz: Page, componentes: list[str]) -> list[Page]:
    """Every page whose url_path the address starts with, with whether a view
    restriction sits on it, the tree's root first."""
    direccion = f"{raiz.url_path}{'/'.join(componentes)}/" if componentes else ""
    return list(
        Page.objects.filter(url_path__in=_prefijos(direccion or raiz.url_path))
        .annotate(
            restringida=Exists(
                PageViewRestriction.objects.filter(page_id=OuterRef("pk"))
            )
        )
        .order_by("depth")
    )


def _raiz_en(cadena: list[Page], raiz: Page) -> bool:
    """Whether the site's root page, as the site was read, is in the chain as
    it is in the database now."""
    return any(
        (p.pk, p.path, p.url_path, p.depth)
        == (raiz.pk, raiz.path, raiz.url_path, raiz.depth)
        for p in cadena
    )


def _prefijos(direccion: str) -> list[str]:
    """``/home/a/b/`` -> ``/``, ``/home/``, ``/home/a/``, ``/home/a/b/``."""
    partes = [p for p in direccion.split("/") if p]
    return ["/"] + ["/" + "/".join(partes[:n]) + "/" for n in range(1, len(partes) + 1)]


def sitio_para(request: HttpRequest) -> Site | None:
    """``Site.find_for_request``, from the shared cache when the map there was
    read in the generation in force: one cache read (both keys at once) instead
    of Wagtail's query per request. Left on the request as Wagtail leaves it, so
    the rest of the request (settings, URLs) uses the same site.

    What empties it: ``sitios_olvidar`` (``signals.py``) on every save or delete
    of a ``Site`` or a page (the site's root page is stored with it) and every
    move, at once and again after the commit, by putting a new generation in
    force. A map stored by a request that read the database before a change is
    stored under the old generation, so it is never read after the change. A
    change made while the shared cache was down renews the generation when it
    answers again. A change that sends no signal is forgotten after
    ``SEGUNDOS_SITIOS``. Without the shared cache (Redis down) every request
    reads the database."""
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    llave = (split_domain_port(request._get_raw_host())[0], request.get_port())
    leidos = cache.get_many([CLAVE_GENERACION, CLAVE_SITIOS])
    if getattr(cache, "sitios_por_renovar", False) and not _en_falla():
        # A change this process made while the shared cache was down could not
        # renew the generation: the map stored before it may be stale.
        cache.set(CLAVE_GENERACION, uuid.uuid4().hex, None)
        cache.sitios_por_renovar = _en_falla()
        leidos = {}
    generacion = leidos.get(CLAVE_GENERACION)
    generacion_mapa, mapa = leidos.get(CLAVE_SITIOS) or (None, {})
    if generacion is not None and generacion_mapa == generacion and llave in mapa:
        request._wagtail_site = mapa[llave]
        return request._wagtail_site
    if generacion is None:
        cache.add(CLAVE_GENERACION, uuid.uuid4().hex, None)
        generacion = cache.get(CLAVE_GENERACION)
    sitio = Site.find_for_request(request)
    if generacion is not None:
        mapa = dict(mapa) if generacion_mapa == generacion else {}
        mapa[llave] = sitio
        cache.set(CLAVE_SITIOS, (generacion, mapa), SEGUNDOS_SITIOS)
    return sitio


def sitios_olvidar() -> None:
    """A new generation of ``sitio_para``'s map: now, and after the commit of
    the change that called it (so no request reads the row before it commits
    and stores it under the generation that follows it). With the shared cache
    down the new generation is set once it answers again."""

    def nueva() -> None:
        cache.set(CLAVE_GENERACION, uuid.uuid4().hex, None)
        if _en_falla():
            # Dropped by CacheRedisTolerante: ``sitio_para`` renews it when the
            # shared cache answers again (as CacheEnDosNiveles does for pages).
            cache.sitios_por_renovar = True

    nueva()
    transaction.on_commit(nueva)


def _en_falla() -> bool:
    """Whether the shared cache's last operation failed (``CacheRedisTolerante``
    acts as an empty cache then; other backends never fail this way)."""
    return bool(getattr(cache, "en_falla", False))
