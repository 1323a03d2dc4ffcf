"""``make run``'s revisions under way (``crear_admin_demo``, DEBUG only): a few
municipalities in different stages, one with the environmental concertation about
to expire and one past its term, dated from today so the clocks always show it.

Recorded through the real services (``revision_abrir``, ``hito_registrar``) by the
demo's professional; each milestone says it is demo data. A municipality that
already has a revision is left as it is.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from expedientes.models import Municipio
from expedientes.plazos import es_dia_habil

from .constants import FuenteHito, TipoHito, TipoRevision
from .models import RevisionPlan
from .services import DatosHito, hito_registrar, planes_asegurar, revision_abrir

FUENTE = "Demostración de make run: no es un dato real"


def _hace(hoy: datetime.date, dias_habiles: int) -> datetime.date:
    """The business day ``dias_habiles`` before ``hoy``."""
    fecha, contados = hoy, 0
    while contados < dias_habiles:
        fecha -= datetime.timedelta(days=1)
        if es_dia_habil(fecha):
            contados += 1
    return fecha


#: (DIVIPOLA, what is processed, days (business) ago the revision began,
#: milestones as (type, business days ago), what the demo shows).
REVISIONES_DEMO = (
    (
        "68276",
        TipoRevision.REVISION_GENERAL,
        400,
        (
            (TipoHito.SEGUIMIENTO, 400),
            (TipoHito.DIAGNOSTICO, 300),
            (TipoHito.FORMULACION, 150),
            (TipoHito.RADICACION_CAR, 43),
            (TipoHito.RADICACION_JUNTA, 43),
        ),
        "concertación ambiental con la CDMB y la Junta Metropolitana a punto de vencer",
    ),
    (
        "68081",
        TipoRevision.REVISION_GENERAL,
        500,
        (
            (TipoHito.SEGUIMIENTO, 500),
            (TipoHito.PRELIMINAR, 420),
            (TipoHito.DIAGNOSTICO, 330),
            (TipoHito.FORMULACION, 200),
            (TipoHito.RADICACION_CAR, 70),
        ),
        "concertación ambiental con la CAS vencida",
    ),
    (
        "68755",
        TipoRevision.REVISION_GENERAL,
        600,
        (
            (TipoHito.DIAGNOSTICO, 600),
            (TipoHito.FORMULACION, 400),
            (TipoHito.RADICACION_CAR, 200),
            (TipoHito.CONCERTACION_CAR, 160),
            (TipoHito.RADICACION_CTP, 150),
            (TipoHito.CONCEPTO_CTP, 125),
            (TipoHito.RADICACION_CONCEJO, 100),
        ),
        "en el Concejo, su término de 90 días calendario vencido",
    ),
    (
        "68679",
        TipoRevision.REVISION_GENERAL,
        120,
        ((TipoHito.SEGUIMIENTO, 120), (TipoHito.DIAGNOSTICO, 30)),
        "en diagnóstico",
    ),
    (
        "68547",
        TipoRevision.PLAN_NUEVO,
        90,
        ((TipoHito.PRELIMINAR, 90),),
        "etapa preliminar de un plan nuevo",
    ),
)


def revisiones_demo_asegurar(actor) -> list[str]:
    hoy = timezone.localdate()
    planes_asegurar()
    lineas = ["Revisiones de planes en curso (demostración, /planes/):"]
    for codigo, tipo, inicio, hitos, descripcion in REVISIONES_DEMO:
        municipio = Municipio.objects.get(codigo_divipola=codigo)
        if not RevisionPlan.objects.filter(plan__municipio=municipio).exists():
            revision = revision_abrir(
                municipio=municipio,
                tipo=tipo,
                inicio=_hace(hoy, inicio),
                fuente_detalle=FUENTE,
                actor=actor,
            )
            for hito, hace in hitos:
                hito_registrar(
                    revision=revision,
                    datos=DatosHito(
                        tipo=hito,
                        fecha=_hace(hoy, hace),
                        fuente=FuenteHito.MUNICIPIO,
                        fuente_detalle=FUENTE,
                    ),
                    actor=actor,
                )
        lineas.append(f"  {municipio.nombre}: {descripcion}.")
    return lineas
