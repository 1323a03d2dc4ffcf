"""Read queries of formal versions, for the public routes of ``ProcedimientoPage``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

if TYPE_CHECKING:
    from .models import ProcedimientoPage, VersionProcedimiento


def versiones_publicas(pagina: ProcedimientoPage) -> QuerySet[VersionProcedimiento]:
    """The versions the public may read: up to the one in force on the live page.

    A version approved to enter into force later (scheduled publishing) stays out
    until it goes live, and so does every version of a page that is not live.
    """
    # Through the page's own relation: this module (and the views that use it)
    # never imports the models, so the page model can import the views.
    if not pagina.live:
        return pagina.versiones_formales.none()
    return pagina.versiones_formales.filter(numero__lte=pagina.version).order_by(
        "numero"
    )


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
