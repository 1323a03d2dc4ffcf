"""The demo cases of ``make run`` (``crear_admin_demo``): a working office with a
case in every activity from 2 to 6 and every deadline state, one suspended, one
rejected, one withdrawn, one extended, one stepped back, one archived.

Each is a fixed ``CasoDemo`` with a stable ``clave``, so running the demo again
finds it and changes nothing; ``casos_demo_asegurar`` creates the missing ones.
"""

from __future__ import annotations

from ..constants import TipoSolicitud
from ..models import Solicitud
from .pasos import CasoDemo, Paso, caso_crear
from .reloj import Calendario


def _pasos(*pares: tuple[int, str]) -> tuple[Paso, ...]:
    return tuple(Paso(dia, accion) for dia, accion in pares)


#: The demo cases of ``make run``. Internal terms of the seed: activity 2, 2 días
#: hábiles; 3 and 4, 10; 5, 120; 6, 10. The answer (activity 3): 15 from filing.
#: "Vence pronto" is within 3 business days (plazos.DIAS_VENCE_PRONTO).
CASOS_DEMO = (
    CasoDemo(
        clave="registro-vence-pronto",
        descripcion_demo="actividad 2, vence pronto (radicada en papel)",
        municipio="68307",
        radicada=-1,
        tipo_solicitud=TipoSolicitud.REVISION_EXCEPCIONAL,
        asunto="Revisión excepcional del PBOT de Girón: gestión del riesgo",
        descripcion="Incorporar los estudios básicos de amenaza por inundación del "
        "río de Oro.",
        solicitante=("Javier Mauricio Suárez León", "Secretario de Planeación"),
    ),
    CasoDemo(
        clave="registro-vencida",
        descripcion_demo="actividad 2, vencida",
        municipio="68406",
        radicada=-5,
        tipo_solicitud=TipoSolicitud.MODIFICACION_EXCEPCIONAL,
        asunto="Modificación excepcional de norma urbanística en Lebrija",
        descripcion="Ajustar la norma de alturas del corredor vial a Bucaramanga.",
        solicitante=("Luz Marina Quintero Rojas", "Jefa de Planeación"),
    ),
    CasoDemo(
        clave="alcance-a-tiempo",
        descripcion_demo="actividad 3, a tiempo",
        municipio="68276",
        radicada=-3,
        pasos=_pasos((-2, "registrar")),
        tipo_solicitud=TipoSolicitud.REVISION_GENERAL,
        asunto="Revisión general del POT de Floridablanca",
        descripcion="El POT cumplió su vigencia de largo plazo; pedimos "
        "acompañamiento en el diagnóstico.",
        solicitante=("Claudia Marcela Prada Ortiz", "Secretaria de Planeación"),
    ),
    CasoDemo(
        clave="alcance-vence-pronto",
        descripcion_demo="actividad 3, vence pronto",
        municipio="68547",
        radicada=-10,
        pasos=_pasos((-9, "registrar")),
        tipo_solicitud=TipoSolicitud.REVISION_GENERAL,
        asunto="Revisión general del PBOT de Piedecuesta",
        descripcion="Solicitamos asesoría para la formulación del nuevo PBOT.",
        solicitante=("Hernán Darío Mejía Blanco", "Secretario de Planeación"),
    ),
    CasoDemo(
        clave="alcance-vencida",
        descripcion_demo="actividad 3, vencida",
        municipio="68081",
        radicada=-14,
        pasos=_pasos((-13, "registrar")),
        tipo_solicitud=TipoSolicitud.REVISION_EXCEPCIONAL,
        asunto="Revisión excepcional del POT de Barrancabermeja: perímetro urbano",
        descripcion="Ajuste del perímetro urbano por el nuevo trazado de la vía "
        "a Yondó.",
        solicitante=("Yolanda Patricia Gómez Díaz", "Secretaria de Planeación"),
    ),
    CasoDemo(
        clave="equipo-a-tiempo",
        descripcion_demo="actividad 4, a tiempo",
        municipio="68679",
        radicada=-9,
        pasos=_pasos((-8, "registrar"), (-6, "alcance")),
        tipo_solicitud=TipoSolicitud.REVISION_GENERAL,
        asunto="Revisión general del PBOT de San Gil",
        descripcion="Acompañamiento en la revisión general del PBOT.",
        solicitante=("Fabio Enrique Camacho Sierra", "Jefe de Planeación"),
    ),
    CasoDemo(
        clave="equipo-vencida",
        descripcion_demo="actividad 4, vencida",
        municipio="68755",
        radicada=-30,
        pasos=_pasos((-29, "registrar"), (-25, "alcance")),
        tipo_solicitud=TipoSolicitud.REVISION_GENERAL,
        asunto="Revisión general del EOT del Socorro",
        descripcion="Asesoría para la revisión del EOT vigente desde 2003.",
        solicitante=("Adriana Lucía Vargas Jaimes", "Secretaria de Planeación"),
    ),
    CasoDemo(
        clave="equipo-prorrogada",
        descripcion_demo="actividad 4, término prorrogado, vence pronto",
        municipio="68077",
        radicada=-16,
        pasos=_pasos((-15, "registrar"), (-12, "alcance"), (-3, "prorrogar")),
        tipo_solicitud=TipoSolicitud.REVISION_EXCEPCIONAL,
        asunto="Revisión excepcional del EOT de Barbosa: suelo de expansión",
        descripcion="Habilitar suelo de expansión para vivienda de interés social.",
        solicitante=("Édgar Alonso Niño Cáceres", "Secretario de Planeación"),
    ),
    CasoDemo(
        clave="devuelta",
        descripcion_demo="devuelta de la actividad 4 a la 3",
        municipio="68432",
        radicada=-12,
        pasos=_pasos((-11, "registrar"), (-9, "alcance"), (-4, "devolver")),
        tipo_solicitud=TipoSolicitud.REVISION_GENERAL,
        asunto="Revisión general del EOT de Málaga",
        descripcion="Revisión del EOT con énfasis en el componente rural.",
        solicitante=("Carlos Andrés Ardila Pérez", "Alcalde municipal"),
    ),
    CasoDemo(
        clave="apoyo-con-sesiones",
        descripcion_demo="actividad 5, tres sesiones y la próxima programada, "
        "compromisos vencidos (de Bucaramanga)",
        municipio="68001",
        por_municipio=True,
        radicada=-60,
        pasos=_pasos(
            (-59, "registrar"),
            (-55, "alcance"),
            (-50, "equipo"),
            (-40, "sesion"),
            (-20, "sesion"),
            (-5, "sesion"),
            (-1, "programar"),
        ),
        tipo_solicitud=TipoSolicitud.MODIFICACION_EXCEPCIONAL,
        asunto="Modificación excepcional de norma urbanística: usos en Cabecera",
        descripcion="Revisar la norma de usos del suelo del barrio Cabecera del Llano.",
        solicitante=("Carlos Ardila", "Secretario de Planeación municipal"),
    ),
    CasoDemo(
        clave="apoyo-vence-pronto",
        descripcion_demo="actividad 5, vence pronto",
        municipio="68861",
        radicada=-130,
        pasos=_pasos(
            (-129, "registrar"),
            (-125, "alcance"),
            (-118, "equipo"),
            (-100, "sesion"),
            (-60, "sesion"),
            (-20, "sesion"),
        ),
        tipo_solicitud=TipoSolicitud.REVISION_GENERAL,
        asunto="Revisión general del EOT de Vélez",
        descripcion="Acompañamiento en la formulación del nuevo EOT.",
    ),
    CasoDemo(
        clave="archivo",
        descripcion_demo="actividad 6, asesoría terminada con Acuerdo municipal",
        municipio="68895",
        radicada=-90,
        pasos=(
            *_pasos(
                (-89, "registrar"),
                (-85, "alcance"),
                (-80, "equipo"),
                (-70, "sesion"),
                (-40, "sesion"),
            ),
            Paso(-4, "apoyo", con_acuerdo=True),
        ),
        tipo_solicitud=TipoSolicitud.REVISION_EXCEPCIONAL,
        asunto="Revisión excepcional del EOT de Zapatoca: centro histórico",
        descripcion="Incorporar el plan especial de manejo del centro histórico.",
    ),
    CasoDemo(
        clave="archivada",
        descripcion_demo="archivada con su hoja de control; el oficio de respuesta "
        "fue corregido (/verificar/ lo dice del anterior) y el Acuerdo actualizó el "
        "plan de Sabana de Torres",
        municipio="68655",
        radicada=-160,
        pasos=(
            *_pasos(
                (-159, "registrar"),
                (-155, "alcance"),
                (-153, "corregir"),
                (-148, "equipo"),
                (-130, "sesion"),
                (-90, "sesion"),
            ),
            Paso(-30, "apoyo", con_acuerdo=True),
            Paso(-25, "archivar"),
        ),
        tipo_solicitud=TipoSolicitud.REVISION_GENERAL,
        asunto="Revisión general del EOT de Sabana de Torres",
        descripcion="Acompañamiento en la revisión general del EOT vigente.",
    ),
    CasoDemo(
        clave="suspendida",
        descripcion_demo="suspendida en la actividad 3 a la espera de documentos "
        "(de Bucaramanga: los aporta en el portal)",
        municipio="68001",
        por_municipio=True,
        radicada=-8,
        pasos=_pasos((-7, "registrar"), (-5, "suspender")),
        tipo_solicitud=TipoSolicitud.REVISION_EXCEPCIONAL,
        asunto="Revisión excepcional del POT de Bucaramanga: gestión del riesgo",
        descripcion="Incorporar los estudios detallados de remoción en masa de "
        "la escarpa.",
        solicitante=("Carlos Ardila", "Secretario de Planeación municipal"),
    ),
    CasoDemo(
        clave="rechazada",
        descripcion_demo="rechazada en la actividad 3, espera su archivo",
        municipio="68167",
        radicada=-12,
        pasos=_pasos((-11, "registrar"), (-6, "rechazar")),
        tipo_solicitud=TipoSolicitud.OTRA,
        asunto="Licencia de construcción del polideportivo municipal de Charalá",
        descripcion="Solicitamos concepto para la licencia del polideportivo.",
    ),
    CasoDemo(
        clave="desistida",
        descripcion_demo="desistida por el municipio en la actividad 4 (de "
        "Bucaramanga)",
        municipio="68001",
        por_municipio=True,
        radicada=-25,
        pasos=_pasos((-24, "registrar"), (-20, "alcance"), (-10, "desistir")),
        tipo_solicitud=TipoSolicitud.REVISION_GENERAL,
        asunto="Revisión general del POT de Bucaramanga (primera solicitud)",
        descripcion="Solicitud de asesoría para la revisión general del POT.",
        solicitante=("Carlos Ardila", "Secretario de Planeación municipal"),
    ),
)


def casos_demo_asegurar(
    personal: dict, *, calendario: Calendario | None = None
) -> list[tuple[CasoDemo, Solicitud, bool]]:
    """The demo cases, each created once: (case, request, created now), in the
    order of ``CASOS_DEMO``; filed oldest first, so radicado numbers follow
    filing dates."""
    calendario = calendario or Calendario()
    hechos = {}
    for caso in sorted(CASOS_DEMO, key=lambda c: c.radicada):
        solicitud, codigo = caso_crear(caso, personal, calendario=calendario)
        hechos[caso.clave] = (caso, solicitud, codigo is not None)
    return [hechos[caso.clave] for caso in CASOS_DEMO]
