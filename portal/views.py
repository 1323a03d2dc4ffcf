"""Public views that are not pages: site search."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from procedimientos.models import Definicion, ProcedimientoPage

#: Longest query accepted; longer ones are cut, not refused.
MAX_CONSULTA = 200


@require_safe
def buscar(request):
    """``/buscar/?q=``: procedures (title, code, texts, activities) and definitions."""
    consulta = request.GET.get("q", "").strip()[:MAX_CONSULTA]
    procedimientos = definiciones = []
    if consulta:
        procedimientos = ProcedimientoPage.objects.live().public().search(consulta)
        definiciones = Definicion.objects.search(consulta)
    pagina = Paginator(procedimientos, 20).get_page(request.GET.get("pagina"))
    return render(
        request,
        "portal/buscar.html",
        {
            "consulta": consulta,
            "resultados": pagina,
            "definiciones": list(definiciones[:50]) if consulta else [],
            "titulo": _("Buscar"),
        },
    )
