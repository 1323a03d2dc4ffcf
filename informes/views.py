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

from . import consultas, resultados
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
    #: What the figures mean, shown above the table.
    nota = ""

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


class TiemposView(InformeView):
    """Business days per activity and in total (``consultas.tiempos``)."""

    page_title = gettext_lazy("Tiempo por actividad y total")
    index_url_name = "informes:tiempos"
    index_results_url_name = "informes:tiempos_resultados"
    export_filename = "tiempo-por-actividad"
    columnas = (
        ("actividad", gettext_lazy("Actividad")),
        ("nombre", gettext_lazy("Nombre")),
        ("n", gettext_lazy("Pasos terminados")),
        ("mediana", gettext_lazy("Mediana (días hábiles)")),
        ("p90", gettext_lazy("Percentil 90 (días hábiles)")),
    )
    nota = gettext_lazy(
        "Días hábiles (lunes a viernes sin festivos de Colombia) desde que la "
        "solicitud entró a la actividad hasta que salió de ella, sin los días en "
        "que estuvo suspendida (Ley 1755 de 2015, art. 17). Solo cuentan los "
        "pasos terminados; el total va de la radicación al cierre (rechazo, "
        "desistimiento o archivo) de las solicitudes cerradas."
    )

    def filas(self, casos):
        return consultas.tiempos(casos)

    def grafico(self, filas):
        return barras(
            ident="tiempos",
            titulo=_("Días hábiles por actividad: mediana y percentil 90"),
            descripcion=_(
                "Dos barras por actividad y para el total: la mediana y el "
                "percentil 90 de los días hábiles, sin suspensiones; la tabla "
                "tiene las mismas cifras y cuántos pasos se midieron."
            ),
            categorias=[f["actividad"] for f in filas],
            series=[
                Serie(_("Mediana"), [f["mediana"] or 0 for f in filas]),
                Serie(_("Percentil 90"), [f["p90"] or 0 for f in filas]),
            ],
        )


#: Municipalities a chart shows at most (the table has all of them).
MAXIMO_EN_GRAFICO = 20

COLUMNAS_PUNTUALIDAD = (
    ("n", gettext_lazy("Pasos terminados")),
    ("a_tiempo", gettext_lazy("A tiempo")),
    ("tarde", gettext_lazy("Tarde (hasta el doble del plazo)")),
    ("muy_tarde", gettext_lazy("Tarde (más del doble del plazo)")),
    ("sin_plazo", gettext_lazy("Sin plazo")),
    ("prorrogadas", gettext_lazy("Con prórroga")),
    ("suspendidas", gettext_lazy("Con suspensión")),
)


class PuntualidadView(InformeView):
    """Punctuality of the finished stays (``consultas.puntualidad``), grouped by
    ``grupo``; the two subclasses below."""

    grupo = ""
    nota = gettext_lazy(
        "Cada paso terminado frente a su plazo: el de la actividad en la versión "
        "del procedimiento de la solicitud más los días hábiles prorrogados en ese "
        "paso; los días de suspensión no cuentan. «Con prórroga» y «Con "
        "suspensión» se cuentan aparte: un paso puede estar también a tiempo o "
        "tarde."
    )

    def filas(self, casos):
        return consultas.puntualidad(casos, self.grupo)

    def grafico(self, filas):
        largas = self.grupo == "municipio"
        if largas:
            filas = sorted(filas, key=lambda f: -f["n"])[:MAXIMO_EN_GRAFICO]
        return barras(
            ident=f"puntualidad-{self.grupo}",
            titulo=self.page_title,
            descripcion=_(
                "Tres barras por %(grupo)s: pasos a tiempo, tarde hasta el doble "
                "del plazo y tarde más del doble%(limite)s; la tabla tiene todas "
                "las cifras."
            )
            % {
                "grupo": _("municipio") if largas else _("actividad"),
                "limite": _(", de los %(n)s municipios con más pasos")
                % {"n": MAXIMO_EN_GRAFICO}
                if largas
                else "",
            },
            categorias=[str(f[self.grupo]) for f in filas],
            series=[
                Serie(_("A tiempo"), [f["a_tiempo"] for f in filas]),
                Serie(_("Tarde"), [f["tarde"] for f in filas]),
                Serie(_("Más del doble"), [f["muy_tarde"] for f in filas]),
            ],
            ancho_barra=8 if largas else 18,
            etiquetas_largas=largas,
        )


class PuntualidadActividadView(PuntualidadView):
    page_title = gettext_lazy("Puntualidad por actividad")
    index_url_name = "informes:puntualidad_actividad"
    index_results_url_name = "informes:puntualidad_actividad_resultados"
    export_filename = "puntualidad-por-actividad"
    grupo = "actividad"
    columnas = (
        ("actividad", gettext_lazy("Actividad")),
        ("nombre", gettext_lazy("Nombre")),
        *COLUMNAS_PUNTUALIDAD,
    )


class PuntualidadMunicipioView(PuntualidadView):
    page_title = gettext_lazy("Puntualidad por municipio")
    index_url_name = "informes:puntualidad_municipio"
    index_results_url_name = "informes:puntualidad_municipio_resultados"
    export_filename = "puntualidad-por-municipio"
    grupo = "municipio"
    columnas = (("municipio", gettext_lazy("Municipio")), *COLUMNAS_PUNTUALIDAD)


class SesionesView(InformeView):
    """Sessions held and commitments by municipality (``consultas.sesiones``)."""

    page_title = gettext_lazy("Sesiones y compromisos por municipio")
    index_url_name = "informes:sesiones"
    index_results_url_name = "informes:sesiones_resultados"
    export_filename = "sesiones-y-compromisos"
    columnas = (
        ("municipio", gettext_lazy("Municipio")),
        ("sesiones", gettext_lazy("Sesiones realizadas")),
        ("casos", gettext_lazy("Solicitudes con sesiones")),
        ("compromisos_abiertos", gettext_lazy("Compromisos abiertos")),
        ("compromisos_vencidos", gettext_lazy("Compromisos vencidos")),
    )
    nota = gettext_lazy(
        "Un compromiso está abierto mientras no se marque como cumplido y su "
        "solicitud siga en trámite o suspendida, y vencido si además pasó su "
        "fecha límite."
    )

    def filas(self, casos):
        return consultas.sesiones(casos, timezone.now())

    def grafico(self, filas):
        filas = sorted(filas, key=lambda f: -f["sesiones"])[:MAXIMO_EN_GRAFICO]
        return barras(
            ident="sesiones",
            titulo=_("Sesiones y compromisos por municipio"),
            descripcion=_(
                "Tres barras por municipio, de los %(n)s con más sesiones: "
                "sesiones realizadas, compromisos abiertos y compromisos "
                "vencidos; la tabla tiene todos los municipios."
            )
            % {"n": MAXIMO_EN_GRAFICO},
            categorias=[f["municipio"] for f in filas],
            series=[
                Serie(_("Sesiones"), [f["sesiones"] for f in filas]),
                Serie(
                    _("Compromisos abiertos"),
                    [f["compromisos_abiertos"] for f in filas],
                ),
                Serie(_("Vencidos"), [f["compromisos_vencidos"] for f in filas]),
            ],
            ancho_barra=8,
            etiquetas_largas=True,
        )


class ResultadosView(InformeView):
    """Acts adopted after the advice and the time from the first session to the
    adoption, by municipality (``resultados.resultados``)."""

    page_title = gettext_lazy("Resultados: actos adoptados tras la asesoría")
    index_url_name = "informes:resultados"
    index_results_url_name = "informes:resultados_resultados"
    export_filename = "resultados-de-la-asesoria"
    columnas = (
        ("municipio", gettext_lazy("Municipio")),
        ("terminadas", gettext_lazy("Asesorías terminadas y archivadas")),
        ("con_acto", gettext_lazy("Con acto adoptado")),
        ("en_plan", gettext_lazy("Acto registrado en el plan")),
        ("medidas", gettext_lazy("Con tiempo medido")),
        ("mediana_calendario", gettext_lazy("Mediana (días calendario)")),
        ("p90_calendario", gettext_lazy("Percentil 90 (días calendario)")),
        ("mediana_habiles", gettext_lazy("Mediana (días hábiles)")),
        ("p90_habiles", gettext_lazy("Percentil 90 (días hábiles)")),
    )
    nota = gettext_lazy(
        "Solicitudes archivadas cuya asesoría (actividad 5) terminó. «Con acto "
        "adoptado»: las seguidas de un acto que adopta, revisa o modifica el plan "
        "del municipio fechado el día de la primera sesión realizada (hora de "
        "Bogotá) o después; cuenta el primero, sea el Acuerdo que registró la "
        "propia asesoría o cualquier acto vigente del registro del plan del "
        "municipio, venga de donde venga (el Acuerdo de una asesoría, un acto "
        "enviado por el municipio, un registro nacional). Un acto anterior a la "
        "primera sesión no es resultado de la asesoría, y un mismo acto cuenta "
        "para cada asesoría del municipio que lo precedió. «Registrado en el "
        "plan»: ese acto está en el registro del plan (no lo está si solo lo "
        "registró la asesoría porque el plan ya tenía un acto posterior, o si se "
        "corrigió después). El tiempo va del día de la primera sesión a la fecha "
        "de ese acto: en días calendario, como corre el término del Concejo para "
        "adoptar una revisión (Ley 810 de 2003, art. 12), y en días hábiles, como "
        "los demás informes. "
        "El período filtra por la fecha de radicación."
    )

    def filas(self, casos):
        return resultados.resultados(casos)

    def grafico(self, filas):
        municipios = sorted(
            (f for f in filas[:-1] if f["medidas"]), key=lambda f: -f["medidas"]
        )[:MAXIMO_EN_GRAFICO]
        if not municipios:
            return ""
        return barras(
            ident="resultados",
            titulo=_("Días calendario de la primera sesión a la adopción"),
            descripcion=_(
                "Dos barras por municipio, de los %(n)s con más actos medidos: la "
                "mediana y el percentil 90 de los días calendario desde la primera "
                "sesión hasta el Acuerdo; la tabla tiene todos los municipios, el "
                "total y los días hábiles."
            )
            % {"n": MAXIMO_EN_GRAFICO},
            categorias=[f["municipio"] for f in municipios],
            series=[
                Serie(_("Mediana"), [f["mediana_calendario"] for f in municipios]),
                Serie(_("Percentil 90"), [f["p90_calendario"] for f in municipios]),
            ],
            ancho_barra=10,
            etiquetas_largas=True,
        )
