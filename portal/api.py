"""Wagtail API v2 at /api/v2/: read-only, public pages only (procedures included)."""

import re

from django.conf import settings
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet

#: PostgreSQL's LIMIT and OFFSET are bigint: a larger offset was a 500
#: ("bigint out of range") instead of the client's error.
MAXIMO_BIGINT = 2**63 - 1

_ENTERO = re.compile(r"[0-9]{1,19}")


def _entero(request, nombre: str, defecto: int) -> int:
    """`nombre` of the query string as a plain decimal number (int() also takes
    '+5', ' 5' and other scripts' digits), or the Spanish 400."""
    valor = request.GET.get(nombre)
    if valor is None:
        return defecto
    if not _ENTERO.fullmatch(valor) or int(valor) > MAXIMO_BIGINT:
        raise BadRequestError(
            f"«{nombre}» debe ser un número entero entre 0 y {MAXIMO_BIGINT}."
        )
    return int(valor)


class PaginacionAPI(WagtailPagination):
    """Wagtail's pagination with limit and offset checked before any query, each
    refusal a Spanish 400 (BaseAPIViewSet.handle_exception answers BadRequestError
    with {"message": ...})."""

    def paginate_queryset(self, queryset, request, view=None):
        limite_maximo = getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20)
        offset = _entero(request, "offset", 0)
        limite = _entero(
            request, "limit", 20 if not limite_maximo else min(20, limite_maximo)
        )
        if limite_maximo and limite > limite_maximo:
            raise BadRequestError(f"«limit» no puede ser mayor que {limite_maximo}.")
        if offset + limite > MAXIMO_BIGINT:
            raise BadRequestError(
                f"«offset» más «limit» no puede pasar de {MAXIMO_BIGINT}."
            )
        self.view = view
        self.total_count = queryset.count()
        return queryset[offset : offset + limite]


class PaginasAPIViewSet(PagesAPIViewSet):
    pagination_class = PaginacionAPI


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PaginasAPIViewSet)
