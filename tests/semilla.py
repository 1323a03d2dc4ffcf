"""What the seed document ES-PE-PR-31 says, copied from it by hand.

The fidelity tests check the published page and PDF against these strings, not
against procedimientos/data/es-pe-pr-31.json, so a mistake in the data file shows.
"""

TITULO = (
    "PROCEDIMIENTO PARA PRESTAR ASESORIA Y ASISTENCIA TECNICA A LOS MUNICIPIOS EN LA "
    "FORMULACIÓN DE LOS PLANES DE ORDENAMIENTO TERRITORIAL"
)
ENCABEZADO = [
    "ES-PE-PR-31",
    "PLANIFICACIÓN ESTRATEGICA",
    "SECRETARIA DE PLANEACIÓN",
    "Para prestar asesoría y asistencia técnica a los municipios en la formulación de "
    "los planes de ordenamiento territorial.",
    "Brinda asesoría y asistencia técnica a los municipios en la revisión de su Plan "
    "de Ordenamiento Territorial.",
    "Inicia desde la recepción de la solicitud de asesoramiento en la formulación del "
    "POT del municipio hasta el desarrollo de la misma.",
    "Acuerdo donde se adopta el POT",
]
ACTIVIDADES = [
    {
        "descripcion": "Radicar la solicitud.",
        "areas": ["Ventanilla única"],
        "cargos": ["Recepcionista"],
        "control": ["Numero de radicación y Proceso"],
        "registros": ["Oficio de solicitud"],
    },
    {
        "descripcion": "Recepcionar la solicitud y registro interno.",
        "areas": ["Despacho Secretaría de Planeación"],
        "cargos": ["Secretaria del despacho"],
        "control": ["Registro interno"],
        "registros": ["Oficio de solicitud"],
    },
    {
        "descripcion": "Definir el alcance de la asesoría y asistencia técnica en "
        "Ordenamiento Territorial al municipio solicitante.",
        "areas": ["Despacho Secretaría de Planeación"],
        "cargos": ["Secretario de Planeación"],
        "control": ["Registro Interno"],
        "registros": ["Oficio de respuesta al solicitante"],
    },
    {
        "descripcion": "Organizar los equipos de trabajo interinstitucional",
        "areas": ["Grupo de Planificación y Sistemas de Información Territoriales"],
        "cargos": ["Coordinador del grupo"],
        "control": [],
        "registros": ["Convenio o acta de compromiso"],
    },
    {
        "descripcion": "Brindar el apoyo para la revisión Excepcional o General del "
        "Plan de Ordenamiento Territorial.",
        "areas": ["Equipo interinstitucional"],
        "cargos": ["Profesionales de grupo"],
        "control": ["Planilla de Asesorías y Atención Técnica"],
        "registros": ["Registros de asistencia y/o Actas de reunión"],
    },
    {
        "descripcion": "La documentación que intervino en el procedimiento será "
        "registrada, almacenada y archivada, de acuerdo a los requisitos aplicables de "
        "Gestión Documental.",
        "areas": [
            "Dirección de Prospectiva Territorial",
            "Grupo de Seguimiento y Evaluación",
        ],
        "cargos": [
            "Coordinador Grupo de Seguimiento y Evaluación",
            "Profesional Universitario",
        ],
        "control": [
            "Hoja de control de expediente",
            "Formato único del inventario documental",
        ],
        "registros": ["Tablas de retención documental"],
    },
]
DEFINICIONES = [
    ("POT", "Plan de ordenamiento territorial."),
    ("PBOT", "Plan básico de ordenamiento territorial."),
    ("EOT", "Esquema de ordenamiento territorial"),
    ("CAS", "Corporación autónoma regional de Santander"),
    ("CDMS", "corporación de la defensa de la meseta."),
]
CONTROL_CAMBIOS = [
    {
        "version": "1",
        "fecha": (2015, 7, 21),
        "descripcion": "Actualización del nuevo formato",
        "personas": [
            "EDWIN FERNANDO MENDOZA BELTRAN",
            "Coordinador Grupo de Planificación e Información Territorial",
            "RAMIRO ANDRÉS MORA HERRERA",
            "Secretario de Planeación",
        ],
    },
    {
        "version": "2",
        "fecha": (2017, 6, 14),
        "descripcion": (
            "Actualización de los responsables, puntos de control y registros"
        ),
        "personas": [
            "EDWIN FERNANDO MENDOZA BELTRÁN",
            "Director de Prospectiva Territorial",
            "ORLANDO DIAZ CARREÑO",
            "Coordinador Grupo de Seguimiento y Evaluación",
            "HECTOR JULIO FUENTES DURAN",
            "Secretaria de Planeación",
        ],
    },
]


def textos_de_actividades() -> list[str]:
    textos = []
    for actividad in ACTIVIDADES:
        textos.append(actividad["descripcion"])
        for clave in ("areas", "cargos", "control", "registros"):
            textos.extend(actividad[clave])
    return textos
