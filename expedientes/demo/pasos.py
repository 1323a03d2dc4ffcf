"""Demo and load cases, walked through the procedure by the real services.

Wired in three places: ``crear_admin_demo`` (``make run``: the role accounts and
``CASOS_DEMO``, a working office with a case in every activity and every deadline
state), ``manage.py generar_casos N`` (``casos_al_azar``: N realistic cases) and the
bench (``bench/casos.py``: ``insertar_rapido`` for 100,000 cases).

**Dates.** A case's history happens over weeks or months, but the services stamp
every row with ``timezone.now()``. Each step is therefore run under ``reloj(m)``,
which makes ``django.utils.timezone.now`` return the step's moment (a business day
in the past) while the service runs, its after-commit work included (records'
PDFs, e-mails). Every row is then written once, by the service, with the date the
step happened: filing date, history events, deadlines in días hábiles, issued
records and their snapshots, e-mails, audit log. Nothing is updated after the
fact, so the deadline state of each case today (``plazos.estado_plazo``) follows
from its history as it would in the office. Only run it in a process of its own
(a management command), never in a server: the clock is patched process-wide
while a step runs.

A case is described by a ``CasoDemo``: where and when it was filed, then its
steps (``Paso``), each on a business day counted back from today (-1 is the last
business day before today). ``caso_crear`` runs them.
"""

from __future__ import annotations

import datetime
import io
import random
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import SimpleNamespace
from unittest import mock

from reportlab.pdfgen import canvas

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from procedimientos.constants import TipoActividad

from ..codigos import (
    formatear_radicado,
    formatear_registro,
)
from ..constants import (
    Canal,
    ComponentePlan,
    EstadoSolicitud,
    Institucion,
    Modalidad,
    MotivoRechazo,
    Soporte,
    TipoDocumento,
    TipoEvento,
    TipoPlan,
    TipoRevision,
    TipoSolicitud,
)
from ..models import Contador, EventoSolicitud, Municipio, Solicitud
from ..permisos import (
    COORDINACION,
    PROFESIONALES,
    SECRETARIA_DESPACHO,
    SECRETARIO,
    SEGUIMIENTO,
    VENTANILLA,
    grupo_de,
    roles_asegurar,
)
from ..plazos import dias_habiles_entre, es_dia_habil, mover, sumar_dias_habiles
from ..selectors import contenido_de_version, version_vigente
from ..services import (
    DatosAlcance,
    DatosArchivo,
    DatosAsistente,
    DatosCompromiso,
    DatosIntegrante,
    DatosResultado,
    DatosSesion,
    DatosSolicitud,
    actividad_brindar_apoyo_completar,
    actividad_conformar_equipo,
    actividad_definir_alcance,
    actividad_registrar,
    registro_corregir,
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
from ..services.base import recalcular_vencimiento

# --- The office: one account per role of the procedure --------------------------------

#: key, username, first name, last name, cargo (printed on records), group.
PERSONAL = (
    ("ventanilla", "recepcion", "Marta", "Pabón", "Recepcionista", VENTANILLA),
    (
        "despacho",
        "despacho",
        "Sandra Milena",
        "Ortiz Vargas",
        "Secretaria del despacho",
        SECRETARIA_DESPACHO,
    ),
    (
        "secretario",
        "secretario",
        "Héctor Julio",
        "Fuentes Durán",
        "Secretario de Planeación",
        SECRETARIO,
    ),
    (
        "coordinador",
        "coordinador",
        "Jorge Eliécer",
        "Castro Rueda",
        "Coordinador del grupo de planificación",
        COORDINACION,
    ),
    (
        "profesional",
        "profesional",
        "Diana Carolina",
        "Serrano Pinto",
        "Profesional universitaria",
        PROFESIONALES,
    ),
    (
        "seguimiento",
        "seguimiento",
        "Óscar Iván",
        "Mantilla Rey",
        "Profesional de seguimiento y evaluación",
        SEGUIMIENTO,
    ),
)

#: The person of each group who acts in the demo and generated cases.
CLAVE_DE_GRUPO = {grupo: clave for clave, *_resto, grupo in PERSONAL}


def personal_asegurar(*, con_clave: bool) -> dict[str, object]:
    """One account per role (``PERSONAL``), in its group; existing ones are kept.

    ``con_clave``: the password is the username (the demo, DEBUG only); otherwise
    the accounts get no usable password (load generation, the bench). An existing
    account is only added to its role's group if it is not in it yet, so the
    demo's ``secretario`` (also an approver of formal versions) acts in activity 3.
    """
    roles_asegurar()
    User = get_user_model()
    personal = {}
    for clave, usuario, nombre, apellido, cargo, grupo in PERSONAL:
        cuenta = User.objects.filter(username=usuario).first()
        if cuenta is None:
            cuenta = User.objects.create_user(
                usuario,
                email=f"{usuario}@localhost",
                password=usuario if con_clave else None,
                first_name=nombre,
                last_name=apellido,
                cargo=cargo,
            )
        if not cuenta.groups.filter(name=grupo).exists():
            cuenta.groups.add(Group.objects.get(name=grupo))
        personal[clave] = cuenta
    return personal


def cuenta_municipal(municipio: Municipio):
    """The municipality's account that files electronically in generated cases
    (no usable password: nobody logs in with it). Bucaramanga's demo account,
    when it exists, files Bucaramanga's."""
    User = get_user_model()
    existente = (
        User.objects.filter(municipio=municipio, is_active=True).order_by("pk").first()
    )
    if existente is not None:
        return existente
    return User.objects.create_user(
        f"planeacion-{municipio.codigo_divipola}",
        email=f"planeacion.{municipio.codigo_divipola}@municipio.example",
        password=None,
        first_name="Secretaría de Planeación",
        last_name=municipio.nombre,
        cargo="Secretario(a) de Planeación municipal",
        municipio=municipio,
    )


# --- Time: business days back from today, and the clock of each step ------------------


class Calendario:
    """Business days (días hábiles, Colombian holidays) around ``hoy``.

    ``dia(-1)`` is the last business day before ``hoy``, ``dia(-n)`` the n-th one.
    """

    def __init__(self, hoy: datetime.date | None = None):
        self.hoy = hoy or timezone.localdate()
        #: Moments are made in it, so ``momento.date()`` is the local date.
        self.zona = timezone.get_current_timezone()
        self._atras: list[datetime.date] = []

    def dia(self, desplazamiento: int) -> datetime.date:
        if desplazamiento >= 0:
            raise ValueError("Los pasos de un caso ocurren antes de hoy.")
        while len(self._atras) < -desplazamiento:
            fecha = self._atras[-1] if self._atras else self.hoy
            fecha -= datetime.timedelta(days=1)
            while not es_dia_habil(fecha):
                fecha -= datetime.timedelta(days=1)
            self._atras.append(fecha)
        return self._atras[-desplazamiento - 1]


@contextmanager
def reloj(momento: datetime.datetime) -> Iterator[None]:
    """While it lasts, ``timezone.now()`` is ``momento`` (see the module's doc)."""
    with mock.patch("django.utils.timezone.now", return_value=momento):
        yield


class Relojero:
    """The moment of each step of one case: office hours of its business day,
    always later than the step before (two steps may share a day)."""

    def __init__(self, calendario: Calendario, rng: random.Random):
        self.calendario = calendario
        self.rng = rng
        self.ultimo: datetime.datetime | None = None

    def momento(self, desplazamiento: int) -> datetime.datetime:
        dia = self.calendario.dia(desplazamiento)
        hora = datetime.time(self.rng.randint(7, 15), self.rng.randrange(0, 60, 5))
        momento = datetime.datetime.combine(dia, hora, tzinfo=self.calendario.zona)
        if self.ultimo is not None and momento <= self.ultimo:
            momento = self.ultimo + datetime.timedelta(minutes=self.rng.randint(15, 90))
        self.ultimo = momento
        return momento


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


# --- The content of generated cases ---------------------------------------------------

NOMBRES = (
    "Laura Rincón Ardila",
    "Carlos Andrés Ardila Pérez",
    "Yolanda Patricia Gómez Díaz",
    "Javier Mauricio Suárez León",
    "Luz Marina Quintero Rojas",
    "Édgar Alonso Niño Cáceres",
    "Claudia Marcela Prada Ortiz",
    "Hernán Darío Mejía Blanco",
    "Adriana Lucía Vargas Jaimes",
    "Fabio Enrique Camacho Sierra",
)
CARGOS_SOLICITANTE = (
    "Secretario(a) de Planeación municipal",
    "Alcalde(sa) municipal",
    "Jefe(a) de la Oficina Asesora de Planeación",
    "Profesional de ordenamiento territorial",
)
ASUNTOS = {
    TipoSolicitud.REVISION_GENERAL: (
        "Revisión general del {plan} de {municipio}",
        "Acompañamiento a la revisión general del {plan}: diagnóstico y formulación",
        "Revisión general del {plan} por vencimiento de su vigencia de largo plazo",
    ),
    TipoSolicitud.REVISION_EXCEPCIONAL: (
        "Revisión excepcional del {plan}: incorporación de la gestión del riesgo",
        "Revisión excepcional del {plan} para ajustar el perímetro urbano",
        "Revisión excepcional del {plan}: suelo de expansión para vivienda social",
    ),
    TipoSolicitud.MODIFICACION_EXCEPCIONAL: (
        "Modificación excepcional de norma urbanística: alturas en el centro",
        "Modificación excepcional de norma urbanística: usos del suelo comercial",
        "Modificación excepcional de norma urbanística: cesiones en urbanizaciones",
    ),
    TipoSolicitud.OTRA: (
        "Concepto sobre la armonización del {plan} con el POMCA",
        "Asesoría sobre el expediente municipal del {plan}",
    ),
}
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


def _datos_solicitud(caso: CasoDemo, municipio: Municipio) -> DatosSolicitud:
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
        fecha = timezone.localdate() - datetime.timedelta(days=rng.randint(3, 20))
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


ACCIONES: dict[str, Accion] = {
    "registrar": _registrar,
    "alcance": _alcance,
    "equipo": _equipo,
    "sesion": _sesion,
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
            datos=_datos_solicitud(caso, municipio),
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


# --- make run: a working office -------------------------------------------------------


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
        descripcion_demo="actividad 5, tres sesiones, a tiempo (de Bucaramanga)",
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


# --- generar_casos: N cases over every activity and state -----------------------------

#: Where generated cases end: (activity, state, weight).
DESTINOS = (
    (2, EstadoSolicitud.EN_TRAMITE, 8),
    (3, EstadoSolicitud.EN_TRAMITE, 14),
    (4, EstadoSolicitud.EN_TRAMITE, 12),
    (5, EstadoSolicitud.EN_TRAMITE, 28),
    (6, EstadoSolicitud.EN_TRAMITE, 14),
    (3, EstadoSolicitud.SUSPENDIDA, 4),
    (5, EstadoSolicitud.SUSPENDIDA, 3),
    (3, EstadoSolicitud.RECHAZADA, 6),
    (4, EstadoSolicitud.DESISTIDA, 3),
    (5, EstadoSolicitud.DESISTIDA, 3),
)
#: Internal term of each activity in the seed (the waits are drawn around them).
TERMINO = {2: 2, 3: 10, 4: 10, 5: 120, 6: 10}
PASO_DE_ACTIVIDAD = {2: "registrar", 3: "alcance", 4: "equipo", 5: "apoyo"}


def _espera(rng: random.Random, actividad: int, *, final: bool) -> int:
    """Business days a case spends in an activity: mostly on time; the one it
    is in now is also often due soon or overdue."""
    termino = TERMINO[actividad]
    suerte = rng.random()
    if final and suerte < 0.2:
        return termino + rng.randint(1, 15)  # vencida
    if final and suerte < 0.4:
        return max(1, termino - rng.randint(0, 2))  # vence pronto
    return rng.randint(1, max(1, termino - 3))


def caso_al_azar(rng: random.Random, municipios: list[Municipio]) -> CasoDemo:
    """A realistic case: where it ends, the steps that take it there, and when."""
    pesos = [peso for _actividad, _estado, peso in DESTINOS]
    actividad, estado, _peso = rng.choices(DESTINOS, weights=pesos)[0]
    municipio = rng.choice(municipios)
    tipo = rng.choices(TipoSolicitud.values, weights=(5, 3, 2, 1))[0]
    plan = municipio.tipo_plan or rng.choice(TipoPlan.values)
    pasos: list[tuple[int, str, bool]] = []  # days after filing
    dia = 0
    for numero in range(2, actividad):
        espera = _espera(rng, numero, final=False)
        if numero == 5:
            for _sesion_n in range(rng.randint(1, 4)):
                pasos.append(
                    (dia + rng.randint(1, max(1, espera - 1)), "sesion", False)
                )
            pasos.sort()
        if numero == 3 and rng.random() < 0.1:  # waited for the municipality once
            suspendida = dia + 1
            pasos.append((suspendida, "suspender", False))
            pasos.append((suspendida + rng.randint(1, 10), "reanudar", False))
            dia = pasos[-1][0]
        if numero == 4 and rng.random() < 0.1:  # stepped back once, scope redone
            pasos.append((dia + 1, "devolver", False))
            dia += 1 + rng.randint(1, 4)
            pasos.append((dia, "alcance", False))
        dia += espera
        pasos.append((dia, PASO_DE_ACTIVIDAD[numero], rng.random() < 0.4))
    if estado == EstadoSolicitud.EN_TRAMITE:
        # Business days since it entered the activity it is in: every step in
        # it (sessions, an extension) happened before today.
        espera = _espera(rng, actividad, final=True)
        if actividad == 5 and espera > 1:
            for _sesion_n in range(rng.randint(0, 3)):
                pasos.append((dia + rng.randint(1, espera - 1), "sesion", False))
        if actividad in (3, 4) and espera > 1 and rng.random() < 0.1:
            pasos.append((dia + 1, "prorrogar", False))
    else:
        dia += rng.randint(1, max(1, TERMINO[actividad] - 3))
        accion = {
            EstadoSolicitud.SUSPENDIDA: "suspender",
            EstadoSolicitud.RECHAZADA: "rechazar",
            EstadoSolicitud.DESISTIDA: "desistir",
        }[estado]
        pasos.append((dia, accion, False))
        espera = rng.randint(1, 15)
    pasos.sort(key=lambda p: p[0])
    radicada = -(dia + espera)
    return CasoDemo(
        municipio=municipio.codigo_divipola,
        radicada=radicada,
        tipo_solicitud=tipo,
        asunto=rng.choice(ASUNTOS[tipo]).format(plan=plan, municipio=municipio.nombre),
        descripcion=f"El municipio de {municipio.nombre} solicita la asesoría de "
        f"la Secretaría de Planeación departamental ({plan} vigente).",
        pasos=tuple(
            Paso(radicada + d, accion, con_acuerdo=acuerdo)
            for d, accion, acuerdo in pasos
        ),
        por_municipio=rng.random() < 0.6,
        plan_vigente=plan,
        solicitante=(rng.choice(NOMBRES), rng.choice(CARGOS_SOLICITANTE)),
    )


def casos_al_azar(n: int, rng: random.Random) -> list[CasoDemo]:
    """``n`` cases, oldest filing first (radicado numbers follow filing dates)."""
    municipios = list(Municipio.objects.order_by("codigo_divipola"))
    casos = [caso_al_azar(rng, municipios) for _i in range(n)]
    casos.sort(key=lambda c: c.radicada)
    return casos


def generar(
    n: int,
    *,
    semilla: int | None = None,
    avance: Callable[[int], None] | None = None,
) -> list[Solicitud]:
    """``n`` realistic cases through the services (``manage.py generar_casos``)."""
    rng = random.Random(semilla)  # noqa: S311 - load data, not secrets
    personal = personal_asegurar(con_clave=False)
    calendario = Calendario()
    solicitudes = []
    for caso in casos_al_azar(n, rng):
        solicitud, _codigo = caso_crear(caso, personal, calendario=calendario, rng=rng)
        solicitudes.append(solicitud)
        if avance:
            avance(1)
    return solicitudes


# --- --rapido: consistent rows in bulk ------------------------------------------------

TEXTO_COMPLETADA = {
    2: "Solicitud recibida en el despacho y registrada.",
    3: "Alcance de la asesoría definido. Se expidió el oficio de respuesta.",
    4: "Equipo de trabajo interinstitucional conformado; se expidió el acta de "
    "compromiso.",
    5: "Asesoría terminada; el plan aún no ha sido adoptado.",
}


def insertar_rapido(
    n: int,
    *,
    semilla: int | None = None,
    lote: int = 5000,
    avance: Callable[[int], None] | None = None,
) -> int:
    """``n`` cases as rows in bulk, for very large ``n`` (``generar_casos --rapido``,
    the bench: 100,000 in about a minute). Returns how many were inserted.

    Each case gets what the listing, the filters and the inboxes read, as the
    services would leave it: the request with its cached state (activity, state,
    group, assignee, deadlines in días hábiles, ``vence_el`` by the services' own
    ``recalcular_vencimiento``), gapless radicado and registry numbers (the
    counters move on, so later filings continue the series), and one history
    event per filing, completion, suspension, resumption, rejection or
    withdrawal, dated as it happened. It skips what only the case page and the
    records need: no files or issued records (``Documento``), no e-mails
    (``Notificacion``), no sessions, no audit-log entries, no step-backs or
    extensions, and each case's access code is thrown away (nobody can look
    them up in /consulta/). Rows are written with ``executemany`` (SQLite) or
    ``COPY`` (PostgreSQL), in one transaction.
    """
    rng = random.Random(semilla)  # noqa: S311 - load data, not secrets
    personal = personal_asegurar(con_clave=False)
    version = version_vigente()
    if version is None:
        raise RuntimeError("No hay una versión vigente del procedimiento.")
    municipios = list(Municipio.objects.order_by("codigo_divipola"))
    cuentas = {m.codigo_divipola: cuenta_municipal(m) for m in municipios}
    casos = casos_al_azar(n, rng)
    filas = _Filas(
        version=version,
        personal=personal,
        cuentas=cuentas,
        municipios={m.codigo_divipola: m for m in municipios},
        rng=rng,
    )
    insertados = 0
    with transaction.atomic():
        numeros = _Numerador()
        for inicio in range(0, len(casos), lote):
            parte = casos[inicio : inicio + lote]
            ids = _ids_nuevos(Solicitud, len(parte))
            solicitudes, eventos = [], []
            for pk, caso in zip(ids, parte, strict=True):
                solicitud, suyos = filas.caso(pk, caso, numeros)
                solicitudes.append(solicitud)
                eventos.extend(suyos)
            _insertar(Solicitud, solicitudes)
            _insertar(EventoSolicitud, eventos)
            insertados += len(parte)
            if avance:
                avance(len(parte))
        numeros.guardar()
    return insertados


def _ids_nuevos(modelo, cuantos: int) -> list[int]:
    """Primary keys for rows inserted with their id (events point at them)."""
    from django.db import connection

    tabla = modelo._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
                "FROM generate_series(1, %s)",
                [tabla, cuantos],
            )
            return [fila[0] for fila in cursor.fetchall()]
        # SQLite: the transaction holds the database's write lock already (the
        # counters were written), so nobody else takes these ids.
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{tabla}"')  # noqa: S608
        ultimo = cursor.fetchone()[0]
    return list(range(ultimo + 1, ultimo + 1 + cuantos))


def _insertar(modelo, filas: list[dict]) -> None:
    """Insert rows given as {column: value}, values already in database form."""
    from django.db import connection

    if not filas:
        return
    columnas = list(filas[0])
    tabla = connection.ops.quote_name(modelo._meta.db_table)
    nombres = ", ".join(connection.ops.quote_name(c) for c in columnas)
    valores = [tuple(fila[c] for c in columnas) for fila in filas]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {tabla} ({nombres}) FROM STDIN") as copia:
                for fila in valores:
                    copia.write_row(fila)
        else:
            marcas = ", ".join(["%s"] * len(columnas))
            cursor.executemany(
                f"INSERT INTO {tabla} ({nombres}) VALUES ({marcas})",  # noqa: S608
                valores,
            )


class _Numerador:
    """Radicado and registry numbers taken in bulk: the year's counters locked
    for the whole insert and moved on at the end, so later filings go on from
    there without a gap."""

    def __init__(self):
        self.ultimos: dict[tuple[str, int], int] = {}

    def siguiente(self, serie: str, anio: int) -> int:
        clave = (serie, anio)
        if clave not in self.ultimos:
            contador, _creado = Contador.objects.select_for_update().get_or_create(
                serie=serie, anio=anio
            )
            self.ultimos[clave] = contador.ultimo
        self.ultimos[clave] += 1
        return self.ultimos[clave]

    def guardar(self) -> None:
        for (serie, anio), ultimo in self.ultimos.items():
            Contador.objects.filter(serie=serie, anio=anio).update(ultimo=ultimo)


def _utc_sqlite(momento: datetime.datetime | None) -> str | None:
    if momento is None:
        return None
    return str(momento.astimezone(datetime.UTC).replace(tzinfo=None))


class _Estado(SimpleNamespace):
    """A case's cached state while its rows are built: the attributes
    ``recalcular_vencimiento`` reads and writes, and the rest of the row."""


class _Filas:
    """The rows of one case: the state the services would leave, computed as
    ``Transicion.pasar_a`` and ``acciones._reanudar`` do, with the business-day
    sums memoised (100,000 cases share a few hundred dates)."""

    def __init__(self, *, version, personal, cuentas, municipios, rng):
        from django.conf import settings
        from django.db import connection

        self.version = version
        self.actividades = {
            a.numero: a for a in contenido_de_version(version).actividades
        }
        self.numeros = sorted(self.actividades)
        self.personal = personal
        self.cuentas = cuentas
        self.municipios = municipios
        self.calendario = Calendario()
        self.rng = rng
        self.dias_respuesta = settings.EXPEDIENTES_DIAS_RESPUESTA
        self.fecha_bd = connection.ops.adapt_datefield_value
        self.momento_bd = connection.ops.adapt_datetimefield_value
        if connection.vendor == "sqlite" and connection.timezone == datetime.UTC:
            # What that adapter does (naive UTC as text), without its per-value
            # settings lookups: a sixth of the time of 100,000 cases.
            self.momento_bd = _utc_sqlite
        self._sumas: dict[tuple[datetime.date, int], datetime.date] = {}
        archivo = next(
            (a for a in self.actividades.values() if a.tipo == TipoActividad.ARCHIVO),
            None,
        )
        self.grupo_archivo = grupo_de(archivo) if archivo else ""

    def sumar(self, desde: datetime.date, dias: int) -> datetime.date:
        clave = (desde, dias)
        if clave not in self._sumas:
            self._sumas[clave] = sumar_dias_habiles(desde, dias)
        return self._sumas[clave]

    def siguiente(self, numero: int) -> int | None:
        return next((n for n in self.numeros if n > numero), None)

    def pasar_a(self, caso: _Estado, numero: int, ahora: datetime.datetime) -> None:
        actividad = self.actividades[numero]
        caso.actividad_actual = numero
        caso.actividad_desde = ahora
        caso.fecha_limite_actividad = (
            self.sumar(ahora.date(), actividad.plazo_dias)
            if actividad.plazo_dias
            else None
        )
        caso.asignada_a_id = None
        caso.grupo_actual = grupo_de(actividad)

    def caso(
        self, pk: int, plan: CasoDemo, numeros: _Numerador
    ) -> tuple[dict, list[dict]]:
        municipio = self.municipios[plan.municipio]
        relojero = Relojero(self.calendario, self.rng)
        radicada_en = relojero.momento(plan.radicada)
        hoy = radicada_en.date()  # moments are local (Calendario.zona)
        consecutivo = numeros.siguiente(Contador.Serie.RADICADO, hoy.year)
        radicado = formatear_radicado(hoy.year, consecutivo)
        actor = (
            self.cuentas[plan.municipio]
            if plan.por_municipio
            else self.personal["ventanilla"]
        )
        caso = _Estado(
            actividad_actual=1,
            estado=EstadoSolicitud.EN_TRAMITE,
            fecha_limite=self.sumar(hoy, self.dias_respuesta),
            respondida_en=None,
            suspendida_desde=None,
            numero_registro="",
            asignada_a_id=None,
            grupo_actual="",
            actividad_desde=None,
            fecha_limite_actividad=None,
        )
        eventos: list[dict] = []

        def evento(tipo, texto, ahora, actor_id, hacia=None):
            eventos.append(
                {
                    "solicitud_id": pk,
                    "tipo": tipo,
                    "actividad": caso.actividad_actual,
                    "nombre": self.actividades[caso.actividad_actual].nombre,
                    "hacia": hacia,
                    "fecha": self.momento_bd(ahora),
                    "actor_id": actor_id,
                    "motivo": "",
                    "texto_publico": texto,
                    "datos": "{}",
                }
            )

        siguiente = self.siguiente(1)
        evento(
            TipoEvento.COMPLETADA,
            f"Solicitud radicada con el número {radicado}.",
            radicada_en,
            actor.pk,
            siguiente,
        )
        self.pasar_a(caso, siguiente, radicada_en)
        for paso in plan.pasos:
            if paso.accion in ("sesion", "prorrogar", "devolver"):
                continue  # not in bulk rows (see insertar_rapido)
            actual = caso.actividad_actual
            if paso.accion in PASO_DE_ACTIVIDAD.values() and (
                PASO_DE_ACTIVIDAD.get(actual) != paso.accion
            ):
                continue  # the scope redone after a step-back, skipped with it
            ahora = relojero.momento(paso.dia)
            quien = self.personal[CLAVE_DE_GRUPO[caso.grupo_actual]].pk
            if paso.accion == "suspender":
                caso.estado = EstadoSolicitud.SUSPENDIDA
                caso.suspendida_desde = ahora.date()
                evento(
                    TipoEvento.SUSPENDIDA,
                    "Suspendida a la espera del municipio.",
                    ahora,
                    quien,
                )
            elif paso.accion == "reanudar":
                hoy_paso = ahora.date()
                dias = max(0, dias_habiles_entre(caso.suspendida_desde, hoy_paso))
                if caso.respondida_en is None:
                    caso.fecha_limite = mover(caso.fecha_limite, dias)
                caso.fecha_limite_actividad = mover(caso.fecha_limite_actividad, dias)
                caso.estado = EstadoSolicitud.EN_TRAMITE
                caso.suspendida_desde = None
                evento(
                    TipoEvento.REANUDADA,
                    f"Trámite reanudado; los plazos se corrieron {dias} días hábiles.",
                    ahora,
                    quien,
                )
            elif paso.accion in ("rechazar", "desistir"):
                if paso.accion == "rechazar":
                    caso.estado = EstadoSolicitud.RECHAZADA
                    caso.respondida_en = caso.respondida_en or ahora
                    evento(TipoEvento.RECHAZADA, "Solicitud rechazada.", ahora, quien)
                else:
                    caso.estado = EstadoSolicitud.DESISTIDA
                    evento(
                        TipoEvento.DESISTIDA,
                        "El municipio desistió de la solicitud.",
                        ahora,
                        actor.pk if plan.por_municipio else quien,
                    )
                caso.grupo_actual = self.grupo_archivo
                caso.asignada_a_id = None
            else:
                if actual == 2:
                    anio = ahora.year
                    caso.numero_registro = formatear_registro(
                        anio, numeros.siguiente(Contador.Serie.REGISTRO, anio)
                    )
                if actual == 3 and caso.respondida_en is None:
                    caso.respondida_en = ahora
                siguiente = self.siguiente(actual)
                evento(
                    TipoEvento.COMPLETADA,
                    TEXTO_COMPLETADA[actual],
                    ahora,
                    quien,
                    siguiente,
                )
                self.pasar_a(caso, siguiente, ahora)
                if actual == 2:  # routed to the Secretario, as the demo does
                    caso.asignada_a_id = self.personal["secretario"].pk
        recalcular_vencimiento(caso)
        datos = _datos_solicitud(plan, municipio)
        fila = {
            "id": pk,
            "radicado": radicado,
            "anio": hoy.year,
            "consecutivo": consecutivo,
            "municipio_id": municipio.pk,
            "version_procedimiento_id": self.version.pk,
            "canal": Canal.ELECTRONICO if plan.por_municipio else Canal.VENTANILLA,
            "radicada_por_id": actor.pk,
            **vars(datos),
            "radicada_en": self.momento_bd(radicada_en),
            "aceptacion_tratamiento_datos": self.momento_bd(radicada_en),
            "codigo_acceso_hash": "",
            "clave_envio": None,
            "dias_prorrogados": 0,
        }
        for campo in (
            "actividad_actual",
            "estado",
            "numero_registro",
            "asignada_a_id",
            "grupo_actual",
        ):
            fila[campo] = getattr(caso, campo)
        for campo in (
            "fecha_limite",
            "fecha_limite_actividad",
            "suspendida_desde",
            "vence_el",
        ):
            fila[campo] = self.fecha_bd(getattr(caso, campo))
        for campo in ("respondida_en", "actividad_desde"):
            fila[campo] = self.momento_bd(getattr(caso, campo))
        return fila, eventos
