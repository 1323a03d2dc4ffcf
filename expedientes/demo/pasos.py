"""What a demo or generated case is made of, and how it is walked.

A case is described by a ``CasoDemo``: where and when it was filed, then its
steps (``Paso``), each on a business day counted back from today (-1 is the last
business day before today). Each step is one call to one service (``ACCIONES``),
made by the person of the group the case is waiting for. ``caso_crear`` files the
case and runs its steps, each under the clock of its moment (``reloj.py``).
"""

from __future__ import annotations

import datetime
import io
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from reportlab.pdfgen import canvas

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ..constants import (
    Canal,
    ComponentePlan,
    Institucion,
    Modalidad,
    MotivoRechazo,
    Soporte,
    TipoDocumento,
    TipoPlan,
    TipoRevision,
    TipoSolicitud,
)
from ..models import Municipio, Solicitud
from ..plazos import sumar_dias_habiles
from ..services import (
    DatosAlcance,
    DatosArchivo,
    DatosAsistente,
    DatosCompromiso,
    DatosIntegrante,
    DatosProgramacion,
    DatosResultado,
    DatosSesion,
    DatosSolicitud,
    actividad_brindar_apoyo_completar,
    actividad_conformar_equipo,
    actividad_definir_alcance,
    actividad_registrar,
    registro_corregir,
    sesion_programar,
    sesion_registrar,
    solicitud_archivar,
    solicitud_desistir,
    solicitud_devolver,
    solicitud_prorrogar,
    solicitud_radicar,
    solicitud_reanudar,
    solicitud_rechazar,
    solicitud_suspender,
)
from .personal import CLAVE_DE_GRUPO, cuenta_municipal
from .reloj import Calendario, Relojero, reloj

# --- What a case is made of -----------------------------------------------------------


@dataclass(frozen=True)
class Paso:
    """One step of a case: ``accion`` (a key of ``ACCIONES``) on business day
    ``dia`` (negative: days before today)."""

    dia: int
    accion: str
    #: The outcome of activity 5: with the municipal Acuerdo (and its PDF).
    con_acuerdo: bool = False


@dataclass(frozen=True)
class CasoDemo:
    """A case to create: its filing, then its steps in order."""

    municipio: str  # código DIVIPOLA
    radicada: int  # business day of filing (negative)
    tipo_solicitud: str
    asunto: str
    descripcion: str
    pasos: tuple[Paso, ...] = ()
    #: Filed by the municipality's account on the portal; otherwise on paper at
    #: the Ventanilla única.
    por_municipio: bool = False
    #: Stable name of a demo case: its ``clave_envio`` derives from it, so running
    #: the demo again finds it and changes nothing.
    clave: str = ""
    #: What a newcomer should see in it (printed by crear_admin_demo).
    descripcion_demo: str = ""
    solicitante: tuple[str, str] = ("Laura Rincón Ardila", "Secretaria de Planeación")
    #: The plan in force (POT, PBOT, EOT); by default the one the asunto names,
    #: else the municipality's.
    plan_vigente: str = ""

    @property
    def clave_envio(self) -> uuid.UUID | None:
        if not self.clave:
            return None
        return uuid.uuid5(uuid.NAMESPACE_URL, f"asesoria-pot-demo:{self.clave}")


def pdf_demo(texto: str) -> bytes:
    """A one-page PDF standing for a scanned document of the demo."""
    salida = io.BytesIO()
    lienzo = canvas.Canvas(salida)
    lienzo.drawString(72, 720, texto)
    lienzo.drawString(72, 700, "(Documento de demostración)")
    lienzo.showPage()
    lienzo.save()
    return salida.getvalue()


def _archivo(nombre: str, texto: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(nombre, pdf_demo(texto), "application/pdf")


# --- What the steps fill in: the filing's data, sessions, teams -----------------------

TEMAS = (
    "Diagnóstico territorial y expediente municipal",
    "Estudios básicos de gestión del riesgo (Decreto 1077 de 2015)",
    "Clasificación del suelo y perímetro urbano",
    "Sistema de espacio público y equipamientos",
    "Determinantes ambientales de la autoridad ambiental",
    "Cartografía oficial y base catastral",
    "Programa de ejecución y plan de inversiones",
    "Consulta democrática y participación ciudadana",
    "Norma urbanística: tratamientos y aprovechamientos",
)
LUGARES = (
    "Sala de juntas, Secretaría de Planeación departamental",
    "Alcaldía municipal, despacho de Planeación",
    "Reunión virtual (Microsoft Teams)",
    "Auditorio del Concejo municipal",
)
PROFESIONALES_EQUIPO = (
    ("Edwin Fernando Mendoza", Institucion.GOBERNACION, "Director de Prospectiva"),
    ("Diana Carolina Serrano", Institucion.GOBERNACION, "Profesional universitaria"),
    ("Ana María Ruiz", Institucion.CDMB, "Profesional ambiental"),
    ("Ricardo Ayala Torres", Institucion.CAS, "Profesional de ordenamiento"),
)


def datos_solicitud(caso: CasoDemo, municipio: Municipio) -> DatosSolicitud:
    """The filing form of ``caso``; also the columns of its bulk row (``rapido``)."""
    nombre, cargo = caso.solicitante
    return DatosSolicitud(
        nombre_solicitante=nombre,
        cargo_solicitante=cargo,
        correo_solicitante=f"planeacion@{_dominio(municipio)}.gov.co",
        telefono_solicitante=f"607 {600 + int(municipio.codigo_divipola[2:]) % 300} "
        f"{1000 + int(municipio.codigo_divipola) % 9000}",
        plan_vigente=caso.plan_vigente
        or next((p for p in caso.asunto.split() if p in TipoPlan.values), "")
        or municipio.tipo_plan
        or TipoPlan.EOT,
        tipo_solicitud=caso.tipo_solicitud,
        tipo_solicitud_otra="Concepto técnico"
        if caso.tipo_solicitud == TipoSolicitud.OTRA
        else "",
        asunto=caso.asunto[:200],
        descripcion=caso.descripcion,
    )


def _dominio(municipio: Municipio) -> str:
    import unicodedata

    plano = unicodedata.normalize("NFKD", municipio.nombre.lower())
    return "".join(c for c in plano if c.isalnum())


# --- The steps, each a call to one service --------------------------------------------

#: What each step does: (solicitud, personal, rng, paso) -> None.
Accion = Callable[[Solicitud, dict, random.Random, Paso], object]


def _quien(solicitud: Solicitud, personal: dict):
    """The demo person of the group the case is waiting for."""
    return personal[CLAVE_DE_GRUPO[solicitud.grupo_actual]]


def _registrar(solicitud, personal, rng, paso):
    return actividad_registrar(
        solicitud=solicitud,
        actor=personal["despacho"],
        actividad=solicitud.actividad_actual,
        observaciones=rng.choice(
            ("Recibida completa.", "Se recibe con sus anexos.", "")
        ),
        dirigida_a=personal["secretario"],
    )


def _alcance(solicitud, personal, rng, paso):
    componentes = [ComponentePlan.GENERAL] + rng.sample(
        [ComponentePlan.URBANO, ComponentePlan.RURAL], rng.randint(0, 2)
    )
    tipo = {
        TipoSolicitud.REVISION_EXCEPCIONAL: TipoRevision.EXCEPCIONAL,
        TipoSolicitud.MODIFICACION_EXCEPCIONAL: TipoRevision.MODIFICACION,
    }.get(solicitud.tipo_solicitud, TipoRevision.GENERAL)
    return actividad_definir_alcance(
        solicitud=solicitud,
        actor=personal["secretario"],
        actividad=solicitud.actividad_actual,
        alcance=DatosAlcance(
            tipo_revision=tipo,
            componentes=componentes,
            modalidad=rng.choice(Modalidad.values),
            duracion_estimada=rng.choice(("Tres meses", "Seis meses", "Un año")),
            observaciones="Se acompañará la formulación según el Decreto 1077 de 2015.",
        ),
    )


def _equipo(solicitud, personal, rng, paso):
    municipio = solicitud.municipio
    autoridad = (
        Institucion.CDMB if municipio.autoridad_ambiental == "CDMB" else Institucion.CAS
    )
    integrantes = [
        DatosIntegrante(
            "Jorge Eliécer Castro Rueda",
            Institucion.GOBERNACION,
            "Coordinador del grupo de planificación",
            "coordinador@localhost",
            coordina=True,
        ),
        DatosIntegrante(
            "Diana Carolina Serrano Pinto",
            Institucion.GOBERNACION,
            "Profesional universitaria",
            "profesional@localhost",
        ),
        DatosIntegrante(
            rng.choice(("Ana María Ruiz", "Ricardo Ayala Torres")),
            autoridad,
            "Profesional de la autoridad ambiental",
        ),
        DatosIntegrante(
            solicitud.nombre_solicitante,
            Institucion.MUNICIPIO,
            solicitud.cargo_solicitante,
            solicitud.correo_solicitante,
        ),
    ]
    return actividad_conformar_equipo(
        solicitud=solicitud,
        actor=personal["coordinador"],
        actividad=solicitud.actividad_actual,
        integrantes=integrantes,
        objeto=f"Acompañar a {municipio.nombre} en «{solicitud.asunto}».",
        compromisos="La Gobernación asesora técnicamente; el municipio aporta la "
        "información y convoca a sus dependencias.",
    )


def _sesion(solicitud, personal, rng, paso):
    temas = rng.sample(TEMAS, 2)
    modalidad = rng.choice(Modalidad.values)
    return sesion_registrar(
        solicitud=solicitud,
        actor=personal["profesional"],
        actividad=solicitud.actividad_actual,
        sesion=DatosSesion(
            fecha=timezone.now().replace(second=0, microsecond=0),
            modalidad=modalidad,
            lugar=LUGARES[2] if modalidad == Modalidad.VIRTUAL else rng.choice(LUGARES),
            temas="; ".join(temas),
            desarrollo=f"Se revisó el avance del municipio en {temas[0].lower()}.",
            proximos_pasos="Enviar la información acordada antes de la próxima sesión.",
            asistentes=[
                DatosAsistente(
                    "Diana Carolina Serrano Pinto",
                    Institucion.GOBERNACION,
                    "Profesional universitaria",
                ),
                DatosAsistente(
                    solicitud.nombre_solicitante,
                    Institucion.MUNICIPIO,
                    solicitud.cargo_solicitante,
                ),
                *[
                    DatosAsistente(nombre, institucion, cargo)
                    for nombre, institucion, cargo in rng.sample(
                        PROFESIONALES_EQUIPO, rng.randint(0, 2)
                    )
                ],
            ],
            compromisos=[
                DatosCompromiso(
                    f"Enviar los soportes de {temas[1].lower()}",
                    "Municipio",
                    sumar_dias_habiles(timezone.localdate(), 10),
                )
            ],
        ),
    )


def _apoyo(solicitud, personal, rng, paso):
    if paso.con_acuerdo:
        # Adopted before today and after the request was filed (the service
        # refuses any other date).
        fecha = max(
            timezone.localdate() - datetime.timedelta(days=rng.randint(3, 20)),
            timezone.localdate(solicitud.radicada_en),
        )
        resultado = DatosResultado(
            acuerdo_numero=f"{rng.randint(1, 30):03d}",
            acuerdo_fecha=fecha,
            acuerdo_tipo_plan=solicitud.plan_vigente,
            acuerdo_pdf=_archivo(
                "acuerdo.pdf",
                f"Acuerdo municipal por el cual se adopta el plan de "
                f"{solicitud.municipio.nombre}",
            ),
        )
    else:
        resultado = DatosResultado(
            sin_acuerdo_motivo="El proyecto de acuerdo está en estudio del Concejo "
            "municipal."
        )
    return actividad_brindar_apoyo_completar(
        solicitud=solicitud,
        actor=personal["profesional"],
        actividad=solicitud.actividad_actual,
        resultado=resultado,
    )


def _suspender(solicitud, personal, rng, paso):
    return solicitud_suspender(
        solicitud=solicitud,
        actor=_quien(solicitud, personal),
        actividad=solicitud.actividad_actual,
        motivo=rng.choice(
            (
                "Falta el documento técnico de soporte del plan vigente.",
                "Se requiere la cartografía del perímetro urbano en formato digital.",
                "Falta el acta de concertación con la autoridad ambiental.",
            )
        ),
    )


def _reanudar(solicitud, personal, rng, paso):
    return solicitud_reanudar(
        solicitud=solicitud,
        actor=_quien(solicitud, personal),
        motivo="El municipio entregó lo solicitado en físico.",
    )


def _prorrogar(solicitud, personal, rng, paso):
    return solicitud_prorrogar(
        solicitud=solicitud,
        actor=_quien(solicitud, personal),
        actividad=solicitud.actividad_actual,
        dias=4,
        motivo="El volumen de la información exige más tiempo de análisis.",
    )


def _devolver(solicitud, personal, rng, paso):
    return solicitud_devolver(
        solicitud=solicitud,
        actor=_quien(solicitud, personal),
        actividad=solicitud.actividad_actual,
        hacia=solicitud.actividad_actual - 1,
        motivo="El alcance no incluye el componente rural que el equipo necesita "
        "revisar.",
    )


def _rechazar(solicitud, personal, rng, paso):
    return solicitud_rechazar(
        solicitud=solicitud,
        actor=personal["secretario"],
        actividad=solicitud.actividad_actual,
        motivo=MotivoRechazo.FUERA_DE_ALCANCE,
        fundamentos="Lo solicitado es un trámite de licencia urbanística, que "
        "compete al municipio y no a la asesoría del procedimiento ES-PE-PR-31.",
    )


def _desistir(solicitud, personal, rng, paso):
    actor = (
        solicitud.radicada_por
        if solicitud.canal == Canal.ELECTRONICO
        else _quien(solicitud, personal)
    )
    return solicitud_desistir(
        solicitud=solicitud,
        actor=actor,
        motivo="El municipio contrató la revisión con una consultoría externa.",
    )


def _corregir(solicitud, personal, rng, paso):
    """A correction of the reply letter (activity 3): a new record supersedes it."""
    oficio = (
        solicitud.documentos.filter(tipo=TipoDocumento.OFICIO_RESPUESTA)
        .order_by("-creado_en", "-pk")
        .first()
    )
    return registro_corregir(
        documento=oficio,
        actor=personal["secretario"],
        motivo="Se aclara que las sesiones virtuales se harán por la plataforma de "
        "videoconferencias de la Gobernación, con el enlace que enviará el equipo.",
    )


def _archivar(solicitud, personal, rng, paso):
    from ..models import SerieDocumental

    return solicitud_archivar(
        solicitud=solicitud,
        actor=personal["seguimiento"],
        actividad=solicitud.actividad_actual,
        datos=DatosArchivo(
            serie=SerieDocumental.objects.filter(activa=True).first(),
            soporte=Soporte.HIBRIDO,
            caja=str(rng.randint(1, 9)),
            carpeta=str(rng.randint(10, 40)),
            notas="Expediente completo; el Acuerdo municipal va al final.",
        ),
    )


def _programar(solicitud, personal, rng, paso):
    """The next session, a week ahead of the step's day at 09:00 Bogotá, with
    the team and the requester invited (their e-mails get the invitation)."""
    from ..forms.sesiones import invitados_sugeridos

    dia = sumar_dias_habiles(timezone.localdate(), 6)
    inicio = timezone.make_aware(datetime.datetime.combine(dia, datetime.time(9)))
    return sesion_programar(
        solicitud=solicitud,
        actor=personal["profesional"],
        actividad=solicitud.actividad_actual,
        datos=DatosProgramacion(
            inicio=inicio,
            fin=inicio + datetime.timedelta(hours=2),
            modalidad=Modalidad.VIRTUAL,
            lugar=LUGARES[2],
            temas="; ".join(rng.sample(TEMAS, 2)),
            invitados=invitados_sugeridos(solicitud),
        ),
    )


ACCIONES: dict[str, Accion] = {
    "registrar": _registrar,
    "alcance": _alcance,
    "equipo": _equipo,
    "sesion": _sesion,
    "programar": _programar,
    "apoyo": _apoyo,
    "suspender": _suspender,
    "reanudar": _reanudar,
    "prorrogar": _prorrogar,
    "devolver": _devolver,
    "rechazar": _rechazar,
    "desistir": _desistir,
    "corregir": _corregir,
    "archivar": _archivar,
}


def caso_crear(
    caso: CasoDemo,
    personal: dict,
    *,
    calendario: Calendario | None = None,
    rng: random.Random | None = None,
) -> tuple[Solicitud, str | None]:
    """File ``caso`` and run its steps, each through its service at its moment.

    Returns the case and its access code (``None`` if the demo case existed
    already: nothing is done then).
    """
    calendario = calendario or Calendario()
    rng = rng or random.Random(caso.clave or None)  # noqa: S311 - demo data
    if caso.clave_envio is not None:
        existente = Solicitud.objects.filter(clave_envio=caso.clave_envio).first()
        if existente is not None:
            return existente, None
    municipio = Municipio.objects.get(codigo_divipola=caso.municipio)
    relojero = Relojero(calendario, rng)
    if caso.por_municipio:
        actor, canal = cuenta_municipal(municipio), Canal.ELECTRONICO
    else:
        actor, canal = personal["ventanilla"], Canal.VENTANILLA
    with reloj(relojero.momento(caso.radicada)):
        solicitud, codigo = solicitud_radicar(
            actor=actor,
            municipio=municipio,
            datos=datos_solicitud(caso, municipio),
            oficio=_archivo(
                "oficio-de-solicitud.pdf", f"Oficio de solicitud: {caso.asunto}"
            ),
            canal=canal,
            clave_envio=caso.clave_envio,
            acepta_tratamiento_datos=True,
        )
    for paso in caso.pasos:
        solicitud.refresh_from_db()
        with reloj(relojero.momento(paso.dia)):
            ACCIONES[paso.accion](solicitud, personal, rng, paso)
    solicitud.refresh_from_db()
    return solicitud, codigo
