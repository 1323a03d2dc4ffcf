"""The public board "Estado de los planes de ordenamiento territorial de Santander"
and its open data (CSV, JSON, Frictionless data package, DCAT entry, dictionary).

Portal views over the plans app (DESIGN.md: reports and public statistics sit
above ``expedientes`` and ``planes``). Anonymous GETs are cached whole by the page
cache like the procedure page (portal/cache.py); ``planes.services`` empties it
after every change of a plan. Only public data of the plans leaves here: who
recorded an act is kept for staff and never published (tests/planes check it).
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import F, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from expedientes.constants import AutoridadAmbiental
from expedientes.filters import provincias
from expedientes.models import Municipio
from expedientes.models.municipios import ORDEN_ALFABETICO
from planes.constants import EstadoVigencia, EtapaRevision, TipoPlan
from planes.models import PlazoLegal
from planes.selectors import estado_vigencia, etapa_en_curso, orden_de_estado

#: The "no type recorded" choice of the type filter.
SIN_TIPO = "sin_registro"

TITULO = gettext_lazy("Estado de los planes de ordenamiento territorial de Santander")

#: Sort keys of the board (GET ``orden``) and their columns.
ORDENES: dict[str, tuple[str, list]] = {
    "municipio": (gettext_lazy("Municipio"), ["orden_nombre", "codigo_divipola"]),
    "provincia": (gettext_lazy("Provincia"), ["provincia", "orden_nombre"]),
    "autoridad": (
        gettext_lazy("Autoridad ambiental"),
        ["autoridad_ambiental", "orden_nombre"],
    ),
    "tipo": (
        gettext_lazy("Tipo de plan"),
        [F("plan__tipo_plan").asc(nulls_last=True), "orden_nombre"],
    ),
    "anio": (
        gettext_lazy("Año del acto"),
        [F("anio_acto").asc(nulls_last=True), "orden_nombre"],
    ),
    "estado": (gettext_lazy("Estado de los plazos"), ["orden_estado", "orden_nombre"]),
}


class FiltrosForm(forms.Form):
    """The board's GET form: every choice works without JavaScript."""

    provincia = forms.ChoiceField(label=gettext_lazy("Provincia"), required=False)
    autoridad = forms.ChoiceField(
        label=gettext_lazy("Autoridad ambiental"),
        required=False,
        choices=[("", gettext_lazy("Todas")), *AutoridadAmbiental.choices],
    )
    tipo = forms.ChoiceField(
        label=gettext_lazy("Tipo de plan"),
        required=False,
        choices=[
            ("", gettext_lazy("Todos")),
            *TipoPlan.choices,
            (SIN_TIPO, gettext_lazy("Sin tipo registrado")),
        ],
    )
    estado = forms.ChoiceField(
        label=gettext_lazy("Estado de los plazos"),
        required=False,
        choices=[("", gettext_lazy("Todos")), *EstadoVigencia.choices],
    )
    orden = forms.ChoiceField(
        label=gettext_lazy("Ordenar por"),
        required=False,
        choices=[(k, v[0]) for k, v in ORDENES.items()],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provincia"].choices = [
            ("", _("Todas")),
            *provincias(),
        ]


def tablero(hoy: datetime.date, datos: dict[str, str] | None = None) -> QuerySet:
    """Every municipality with its plan of record, filtered and sorted: one query."""
    datos = datos or {}
    filas = (
        Municipio.objects.select_related("plan__acto_base", "plan__periodo_adopcion")
        .annotate(
            estado=estado_vigencia(hoy, "plan__"),
            anio_acto=ExtractYear("plan__acto_base__fecha"),
            orden_nombre=ORDEN_ALFABETICO,
            etapa_revision=etapa_en_curso("plan__"),
        )
        .annotate(orden_estado=orden_de_estado())
    )
    if datos.get("provincia"):
        filas = filas.filter(provincia=datos["provincia"])
    if datos.get("autoridad"):
        filas = filas.filter(autoridad_ambiental=datos["autoridad"])
    if datos.get("tipo") == SIN_TIPO:
        filas = filas.filter(Q(plan__isnull=True) | Q(plan__tipo_plan=""))
    elif datos.get("tipo"):
        filas = filas.filter(plan__tipo_plan=datos["tipo"])
    if datos.get("estado"):
        filas = filas.filter(estado=datos["estado"])
    orden = ORDENES.get(datos.get("orden") or "municipio", ORDENES["municipio"])
    return filas.order_by(*orden[1])


# --- One definition of the published columns -----------------------------------


@dataclass(frozen=True)
class Columna:
    """A published field: its name, title, Table Schema type, meaning and value."""

    nombre: str
    titulo: str
    tipo: str  #: Frictionless Table Schema type: string, date, integer, boolean
    descripcion: str
    valor: Callable[[Any], Any]
    valores: tuple[str, ...] = ()  #: the closed list of values, when there is one


def _acto(m):
    plan = m.plan_de_registro
    return plan.acto_base if plan else None


def _fecha(valor: datetime.date | None) -> str:
    return valor.isoformat() if valor else ""


def _fin(campo: str):
    def valor(m):
        plan = m.plan_de_registro
        return _fecha(getattr(plan, campo) if plan else None)

    return valor


COLUMNAS: tuple[Columna, ...] = (
    Columna(
        "codigo_divipola",
        "Código DIVIPOLA",
        "string",
        "Código del municipio en la DIVIPOLA del DANE (texto de cinco dígitos: "
        "conserva el 68 del departamento y los ceros).",
        lambda m: m.codigo_divipola,
    ),
    Columna("municipio", "Municipio", "string", "Nombre DIVIPOLA.", lambda m: m.nombre),
    Columna(
        "provincia",
        "Provincia",
        "string",
        "Provincia administrativa de Santander (Ordenanzas 008 y 009 de 2019).",
        lambda m: m.provincia,
    ),
    Columna(
        "autoridad_ambiental",
        "Autoridad ambiental",
        "string",
        "Corporación con la que se concertan los asuntos ambientales del plan.",
        lambda m: m.autoridad_ambiental,
        tuple(AutoridadAmbiental.values),
    ),
    Columna(
        "tipo_plan",
        "Tipo de plan",
        "string",
        "POT, PBOT o EOT (Ley 388 de 1997, art. 9); vacío si no hay registro.",
        lambda m: m.tipo_plan,
        ("", *TipoPlan.values),
    ),
    Columna(
        "acto",
        "Acto",
        "string",
        "Acto de adopción o de la última revisión general en vigor (Acuerdo o "
        "decreto, número y año).",
        lambda m: _acto(m).denominacion if _acto(m) else "",
    ),
    Columna(
        "fecha_acto",
        "Fecha del acto",
        "date",
        "Fecha del acto (ISO 8601, AAAA-MM-DD).",
        lambda m: _fecha(_acto(m).fecha if _acto(m) else None),
    ),
    Columna(
        "fuente",
        "Fuente del dato",
        "string",
        "De dónde viene el dato del acto.",
        lambda m: _acto(m).get_fuente_display() if _acto(m) else "",
    ),
    Columna(
        "verificado",
        "Verificado",
        "boolean",
        "Falso mientras el dato venga de la carga inicial o no haya acto: debe "
        "verificarse con el acto del municipio.",
        lambda m: bool(m.plan_de_registro and m.plan_de_registro.verificado),
    ),
    Columna(
        "periodo_adopcion",
        "Período constitucional de adopción",
        "string",
        "Período de la administración municipal en que se expidió el acto.",
        lambda m: (
            str(m.plan.periodo_adopcion)
            if m.plan_de_registro and m.plan.periodo_adopcion
            else ""
        ),
    ),
    Columna(
        "fin_corto_plazo",
        "Fin del corto plazo",
        "date",
        "Último día del primer período constitucional completo tras la adopción "
        "(Ley 388 de 1997, art. 28).",
        _fin("fin_corto"),
    ),
    Columna(
        "fin_mediano_plazo",
        "Fin del mediano plazo",
        "date",
        "Último día del segundo período constitucional completo tras la adopción.",
        _fin("fin_mediano"),
    ),
    Columna(
        "fin_largo_plazo",
        "Fin del largo plazo",
        "date",
        "Último día del tercer período constitucional completo tras la adopción. "
        "Cumplido, el plan sigue vigente hasta que se adopte uno nuevo.",
        _fin("fin_largo"),
    ),
    Columna(
        "estado",
        "Estado de los plazos",
        "string",
        "Dónde está el plan frente a sus plazos hoy: "
        + "; ".join(f"{e.value} ({e.label})" for e in EstadoVigencia)
        + ".",
        lambda m: m.estado,
        tuple(EstadoVigencia.values),
    ),
    Columna(
        "etapa_revision",
        "Etapa de la revisión en curso",
        "string",
        "Si el municipio revisa su plan, la etapa en que está según los hitos "
        "registrados: "
        + "; ".join(f"{e.value} ({e.label})" for e in EtapaRevision)
        + "; vacío si no hay revisión en curso registrada.",
        lambda m: m.etapa_revision or "",
        ("", *EtapaRevision.values),
    ),
)


def _filas(hoy: datetime.date) -> list[dict[str, Any]]:
    return [{c.nombre: c.valor(m) for c in COLUMNAS} for m in tablero(hoy)]


# --- Views ---------------------------------------------------------------------


@require_GET
def tablero_planes(request: HttpRequest) -> HttpResponse:
    hoy = timezone.localdate()
    form = FiltrosForm(request.GET or None)
    datos = form.cleaned_data if form.is_valid() else {}
    filas = list(tablero(hoy, datos))
    conteo = dict.fromkeys(EstadoVigencia.values, 0)
    for fila in filas:
        conteo[fila.estado] += 1
    estados = [(e, conteo[e.value]) for e in EstadoVigencia]
    return render(
        request,
        "portal/tablero_planes.html",
        {
            "titulo": TITULO,
            "form": form,
            "filas": filas,
            "estados": estados,
            "hoy": hoy,
            "plazos": PlazoLegal.objects.all(),
            "etapas": dict(EtapaRevision.choices),
            "orden": datos.get("orden") or "municipio",
        },
    )


@require_GET
def planes_csv(request: HttpRequest) -> HttpResponse:
    """RFC 4180, UTF-8, comma: the dialect the data package declares."""
    salida = io.StringIO()
    escritor = csv.writer(salida, lineterminator="\r\n")
    escritor.writerow([c.nombre for c in COLUMNAS])
    for fila in _filas(timezone.localdate()):
        escritor.writerow(
            [
                "true" if v is True else "false" if v is False else v
                for v in fila.values()
            ]
        )
    respuesta = HttpResponse(salida.getvalue(), content_type="text/csv; charset=utf-8")
    respuesta["Content-Disposition"] = 'inline; filename="planes-santander.csv"'
    return respuesta


@require_GET
def planes_json(request: HttpRequest) -> JsonResponse:
    hoy = timezone.localdate()
    return JsonResponse(
        {"fecha_de_corte": hoy.isoformat(), "municipios": _filas(hoy)},
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )


def _absoluta(request: HttpRequest, nombre: str) -> str:
    return request.build_absolute_uri(reverse(nombre))


def paquete_de_datos(request: HttpRequest) -> dict[str, Any]:
    """The Frictionless Data Package descriptor of the board's CSV."""
    campos = []
    for c in COLUMNAS:
        campo: dict[str, Any] = {
            "name": c.nombre,
            "title": c.titulo,
            "type": c.tipo,
            "description": c.descripcion,
        }
        if c.tipo == "boolean":
            campo["trueValues"], campo["falseValues"] = ["true"], ["false"]
        if c.valores:
            campo["constraints"] = {"enum": list(c.valores)}
        campos.append(campo)
    campos[0]["constraints"] = {"required": True, "pattern": "68[0-9]{3}"}
    return {
        "name": "planes-ordenamiento-santander",
        "title": str(TITULO),
        "description": (
            "Tipo, acto y plazos del plan de ordenamiento territorial de cada uno de "
            "los 87 municipios de Santander según el registro de la Secretaría de "
            "Planeación. Los datos de la carga inicial deben verificarse con el acto "
            "de cada municipio (columna «verificado»)."
        ),
        "homepage": _absoluta(request, "tablero_planes"),
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "title": "Creative Commons Attribution 4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/",
            }
        ],
        "resources": [
            {
                "name": "planes",
                "path": _absoluta(request, "planes_csv"),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "header": True},
                "schema": {"fields": campos, "primaryKey": ["codigo_divipola"]},
            }
        ],
    }


@require_GET
def datapackage(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        paquete_de_datos(request), json_dumps_params={"ensure_ascii": False}
    )


@require_GET
def catalogo_dcat(request: HttpRequest) -> HttpResponse:
    """A DCAT-AP entry (JSON-LD) for the dataset and its three distributions."""
    hoy = timezone.localdate().isoformat()
    documento = {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
        },
        "@id": _absoluta(request, "tablero_planes") + "#conjunto",
        "@type": "dcat:Dataset",
        "dct:title": {"@language": "es", "@value": str(TITULO)},
        "dct:description": {
            "@language": "es",
            "@value": paquete_de_datos(request)["description"],
        },
        "dct:publisher": {
            "@type": "foaf:Organization",
            "foaf:name": "Secretaría de Planeación · Gobernación de Santander",
        },
        "dct:spatial": "Santander, Colombia",
        "dct:language": "es",
        "dct:modified": hoy,
        "dct:license": "https://creativecommons.org/licenses/by/4.0/",
        "dcat:landingPage": _absoluta(request, "tablero_planes"),
        "dcat:keyword": ["ordenamiento territorial", "POT", "PBOT", "EOT"],
        "dcat:distribution": [
            {
                "@type": "dcat:Distribution",
                "dct:title": titulo,
                "dcat:downloadURL": _absoluta(request, nombre),
                "dcat:mediaType": tipo,
            }
            for titulo, nombre, tipo in (
                ("CSV", "planes_csv", "text/csv"),
                ("JSON", "planes_json", "application/json"),
                ("Frictionless Data Package", "planes_datapackage", "application/json"),
            )
        ],
    }
    return HttpResponse(
        json.dumps(documento, ensure_ascii=False, indent=1),
        content_type="application/ld+json; charset=utf-8",
    )


@require_GET
def diccionario(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/tablero_diccionario.html",
        {
            "titulo": _("Diccionario de datos de los planes de ordenamiento"),
            "columnas": COLUMNAS,
        },
    )
