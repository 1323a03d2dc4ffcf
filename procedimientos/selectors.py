"""Read queries of formal versions, for the public routes of ``ProcedimientoPage``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from .models import VersionProcedimiento

if TYPE_CHECKING:
    from .models import ProcedimientoPage


def versiones_publicas(pagina: ProcedimientoPage) -> QuerySet[VersionProcedimiento]:
    """The versions the public may read: up to the one in force on the live page.

    A version approved to enter into force later (scheduled publishing) stays out
    until it goes live, and so does every version of a page that is not live.
    """
    if not pagina.live:
        return VersionProcedimiento.objects.none()
    return VersionProcedimiento.objects.filter(
        procedimiento_id=pagina.pk, numero__lte=pagina.version
    ).order_by("numero")


def resumen_de_versiones(pagina: ProcedimientoPage) -> list[VersionProcedimiento]:
    """Every public version without its content (one query), with ``conocida``."""
    return list(
        versiones_publicas(pagina)
        .defer("contenido")
        .annotate(
            conocida=ExpressionWrapper(
                Q(contenido__isnull=False), output_field=BooleanField()
            )
        )
    )
