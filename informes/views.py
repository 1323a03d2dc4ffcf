"""The Secretaría's reports in the admin, each a Wagtail ``ReportView``: the
filters of ``filtros.InformeFilterSet``, CSV/XLSX through the export buttons
(``SpreadsheetExportMixin``), and a chart drawn on the server as SVG
(``svg.barras``) beside the table with the same figures. URLs and menu items in
wagtail_hooks.py.

Who sees them: staff with ``planes.ver_informes`` (the Secretario, the
Coordinación and Seguimiento y evaluación; ``expedientes.permisos.ROLES``);
never a municipal account.
"""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.views.reports import ReportView

from expedientes.models import Solicitud
from expedientes.permisos import es_personal

from . import consultas
from .filtros import InformeFilterSet
from .svg import Serie, barras

PERMISO = "planes.ver_informes"


def puede_ver_informes(usuario) -> bool:
    return es_personal(usuario) and usuario.has_perm(PERMISO)


def _sin_formula(valor):
    """CSV cells that a spreadsheet would run as a formula get a leading quote."""
    texto = str(valor)
    return "'" + texto if texto[:1] in ("=", "+", "-", "@") else valor


class InformeView(ReportView):
    """The shared skeleton: permission, filters, rows as dicts, chart."""

    template_name = "informes/informe.html"
    results_template_name = "informes/informe_resultados.html"
    filterset_class = InformeFilterSet
    paginate_by = None
    header_icon = "table"
    #: ``(clave, encabezado)`` of the table and the export, in order.
    columnas: tuple[tuple[str, str], ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if not puede_ver_informes(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @property
    def list_export(self):
        return [c for c, _e in self.columnas]

    @property
    def export_headings(self):
        return dict(self.columnas)

    @property
    def custom_field_preprocess(self):
        return {c: {"csv": _sin_formula} for c, _e in self.columnas}

    def get_queryset(self):
        return Solicitud.objects.all()

    @cached_property
    def hoy(self) -> datetime.date:
        return timezone.localdate()

    def get_filtered_queryset(self):
        return self.filas(self.filter_queryset(self.get_queryset()))

    def filas(self, casos) -> list[dict]:
        raise NotImplementedError

    def grafico(self, filas: list[dict]):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        contexto = super().get_context_data(**kwargs)
        filas = contexto["object_list"]
        contexto.update(
            filas=filas,
            columnas=self.columnas,
            celdas=[[f[c] for c, _e in self.columnas] for f in filas],
            grafico=self.grafico(filas) if filas else "",
            hoy=self.hoy,
        )
        return contexto


class PorActividadView(InformeView):
    page_title = gettext_lazy("Solicitudes en cada actividad")
    index_url_name = "informes:por_actividad"
    index_results_url_name = "informes:por_actividad_resultados"
    export_filename = "solicitudes-por-actividad"
    columnas = (
        ("actividad", gettext_lazy("Actividad")),
        ("nombre", gettext_lazy("Nombre")),
        ("total", gettext_lazy("Abiertas")),
        ("suspendidas", gettext_lazy("Suspendidas")),
        ("vencidas", gettext_lazy("Vencidas")),
    )

    def filas(self, casos):
        return consultas.por_actividad(casos, self.hoy)

    def grafico(self, filas):
        return barras(
            ident="por-actividad",
            titulo=_("Solicitudes abiertas en cada actividad"),
            descripcion=_(
                "Barras por actividad: abiertas, suspendidas y vencidas al %(f)s; "
                "la tabla tiene las mismas cifras."
            )
            % {"f": self.hoy.strftime("%d/%m/%Y")},
            categorias=[str(f["actividad"]) for f in filas],
            series=[
                Serie(_("Abiertas"), [f["total"] for f in filas]),
                Serie(_("Suspendidas"), [f["suspendidas"] for f in filas]),
                Serie(_("Vencidas"), [f["vencidas"] for f in filas]),
            ],
        )


class PorMesView(InformeView):
    """Months of the period (default: the last twelve, this one included)."""

    page_title = gettext_lazy("Radicadas y cerradas por mes")
    index_url_name = "informes:por_mes"
    index_results_url_name = "informes:por_mes_resultados"
    export_filename = "radicadas-y-cerradas-por-mes"
    columnas = (
        ("mes", gettext_lazy("Mes")),
        ("radicadas", gettext_lazy("Radicadas")),
        ("radicadas_anio_anterior", gettext_lazy("Radicadas un año antes")),
        ("cerradas", gettext_lazy("Cerradas")),
        ("cerradas_anio_anterior", gettext_lazy("Cerradas un año antes")),
    )

    def get_filtered_queryset(self):
        filtros = self.filters
        casos = self.get_queryset()
        periodo = None
        if filtros and filtros.is_valid():
            casos = filtros.sin_periodo(casos)
            periodo = filtros.form.cleaned_data.get("periodo")
        desde = periodo.start if periodo and periodo.start else None
        hasta = periodo.stop if periodo and periodo.stop else self.hoy
        desde = desde or (hasta.replace(day=1) - relativedelta(months=11))
        return consultas.por_mes(casos, desde, hasta)

    def grafico(self, filas):
        return barras(
            ident="por-mes",
            titulo=_("Radicadas por mes frente al mismo mes del año anterior"),
            descripcion=_(
                "Dos barras por mes: radicadas en el mes y en el mismo mes un año "
                "antes; la tabla tiene también las cerradas."
            ),
            categorias=[f["mes"][2:] for f in filas],
            series=[
                Serie(_("Radicadas"), [f["radicadas"] for f in filas]),
                Serie(_("Un año antes"), [f["radicadas_anio_anterior"] for f in filas]),
            ],
            ancho_barra=12,
        )
