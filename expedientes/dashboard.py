"""The inbox of each role on the admin dashboard (``construct_homepage_panels``
hook in wagtail_hooks.py): the cases waiting for the user's groups
(``selectors.bandeja``), nearest deadline first, coloured by ``plazos.estado_plazo``,
each with its overdue commitments (``selectors.compromisos_vencidos``).
"""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from wagtail.admin.ui.components import Component

from procedimientos.models import VersionProcedimiento

from .plazos import estado_plazo
from .selectors import bandeja, compromisos_vencidos, contenido_de_version

#: Most cases the panel lists (the listing has them all, filtered).
MAXIMO_EN_PANEL = 50


class BandejaPanel(Component):
    name = "bandeja"
    template_name = "expedientes/admin/bandeja.html"
    order = 50

    def __init__(self, usuario):
        self.usuario = usuario

    def get_context_data(self, parent_context):
        casos = bandeja(self.usuario)
        total = casos.count()
        casos = list(casos[:MAXIMO_EN_PANEL])
        # Activity names from each version's frozen content: one query for the
        # few versions the cases share, not one per case.
        nombres = {
            version.pk: {
                a.numero: a.nombre for a in contenido_de_version(version).actividades
            }
            for version in VersionProcedimiento.objects.filter(
                pk__in={c.version_procedimiento_id for c in casos}
            )
        }
        # Overdue commitments of the cases listed, in one query (issue 17).
        vencidos = dict(
            compromisos_vencidos()
            .filter(sesion__solicitud__in=[c.pk for c in casos])
            .order_by()
            .values_list("sesion__solicitud")
            .annotate(n=Count("pk"))
        )
        filas = [
            {
                "caso": caso,
                "actividad": nombres.get(caso.version_procedimiento_id, {}).get(
                    caso.actividad_actual, ""
                ),
                "plazo": estado_plazo(caso.vence_el),
                "compromisos_vencidos": vencidos.get(caso.pk, 0),
                "url": reverse("solicitudes:inspect", args=[caso.pk]),
            }
            for caso in casos
        ]
        return {
            "filas": filas,
            "total": total,
            "mas": max(0, total - MAXIMO_EN_PANEL),
            "listado_url": reverse("solicitudes:index"),
        }
