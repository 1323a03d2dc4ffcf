"""A small set of cases with known stays, for the reports' figures by hand.

Each step is on a business day counted back from today (``demo.reloj``), so the
business days of a stay are the difference of its offsets: activity 2 of ``A``
lasts 30 - 28 = 2 días hábiles, whatever today is.
"""

from expedientes.demo.pasos import CasoDemo, Paso
from expedientes.demo.rapido import insertar_casos
from expedientes.models import Solicitud


def caso(municipio: str, radicada: int, *pasos: tuple[int, str]) -> Solicitud:
    """A case filed on business day ``radicada`` with ``(day, action)`` steps,
    written as the bulk rows of ``demo.rapido`` (the factories' path)."""
    plan = CasoDemo(
        municipio=municipio,
        radicada=radicada,
        tipo_solicitud="revision_general",
        asunto="Revisión general del POT",
        descripcion="Solicitamos asesoría para la revisión general.",
        pasos=tuple(Paso(dia=d, accion=a) for d, a in pasos),
        por_municipio=True,
        plan_vigente="POT",
    )
    (pk,) = insertar_casos([plan])
    return Solicitud.objects.get(pk=pk)


def conjunto() -> dict[str, Solicitud]:
    """Four cases; their stays in business days (suspensions excluded):

    ======  ==========  ========================  ========  ========  =======
    case    municipio   activity 2                3         4         total
    ======  ==========  ========================  ========  ========  =======
    A       Bucaramanga 2                         5 (10-5)  8         open
    B       Girón       1                         10        8         open
    C       San Gil     1                         10 (rej.) .         11
    D       Bucaramanga 1                         1 (8-7)   .         2
    ======  ==========  ========================  ========  ========  =======

    D was suspended at -10 and withdrew at -3, still suspended.
    """
    return {
        "A": caso(
            "68001",
            -30,
            (-28, "registrar"),
            (-26, "suspender"),
            (-21, "reanudar"),
            (-18, "alcance"),
            (-10, "equipo"),
        ),
        "B": caso("68307", -20, (-19, "registrar"), (-9, "alcance"), (-1, "equipo")),
        "C": caso("68679", -15, (-14, "registrar"), (-4, "rechazar")),
        "D": caso(
            "68001", -12, (-11, "registrar"), (-10, "suspender"), (-3, "desistir")
        ),
    }
