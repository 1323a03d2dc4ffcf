"""Drive a case through the procedure with the real services (tests only).

``radicar(usuario)`` files a request; ``llevar_a(solicitud, n, personal)`` walks it
through activities 2… until it is in activity ``n``, each completed by the person
of its role in ``personal`` (the ``personal`` fixture of tests/conftest.py).
"""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from expedientes.constants import (
    ComponentePlan,
    Institucion,
    Modalidad,
    Soporte,
    TipoRevision,
)
from expedientes.models import SerieDocumental, Solicitud
from expedientes.services import (
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
    sesion_registrar,
    solicitud_archivar,
    solicitud_radicar,
)
from tests.factories import pdf_de_prueba


def datos_solicitud(**cambios) -> DatosSolicitud:
    campos = {
        "nombre_solicitante": "Laura Rincón",
        "cargo_solicitante": "Secretaria de Planeación municipal",
        "correo_solicitante": "planeacion@bucaramanga.gov.co",
        "telefono_solicitante": "607 633 7000",
        "plan_vigente": "POT",
        "tipo_solicitud": "revision_general",
        "asunto": "Revisión general del POT",
        "descripcion": "Solicitamos asesoría para la revisión general.",
        **cambios,
    }
    return DatosSolicitud(**campos)


def pdf(nombre: str = "documento.pdf", texto: str = "Documento") -> SimpleUploadedFile:
    return SimpleUploadedFile(nombre, pdf_de_prueba(texto=texto), "application/pdf")


def radicar(usuario, **cambios) -> Solicitud:
    solicitud, _codigo = solicitud_radicar(
        actor=usuario,
        municipio=usuario.municipio,
        datos=datos_solicitud(**cambios),
        oficio=pdf("oficio.pdf", "Oficio de solicitud"),
        acepta_tratamiento_datos=True,
    )
    return solicitud


def radicada_el(solicitud: Solicitud, dia: datetime.date) -> Solicitud:
    """The case as if filed on ``dia`` at 09:00 Bogotá (a case filed before the
    facts a test records: an Acuerdo or a session of months ago)."""
    momento = timezone.make_aware(datetime.datetime.combine(dia, datetime.time(9)))
    Solicitud.objects.filter(pk=solicitud.pk).update(radicada_en=momento)
    solicitud.refresh_from_db()
    return solicitud


ALCANCE = DatosAlcance(
    tipo_revision=TipoRevision.GENERAL,
    componentes=[ComponentePlan.GENERAL, ComponentePlan.URBANO],
    modalidad=Modalidad.MIXTA,
    duracion_estimada="Seis meses",
    observaciones="Se revisará el componente general y el urbano.",
)

EQUIPO = [
    DatosIntegrante(
        "Edwin Mendoza",
        Institucion.GOBERNACION,
        "Director de Prospectiva",
        "edwin@santander.example",
        coordina=True,
    ),
    DatosIntegrante(
        "Ana Ruiz", Institucion.CDMB, "Profesional ambiental", "ana@cdmb.example"
    ),
    DatosIntegrante("Luis Peña", Institucion.MUNICIPIO, "Secretario de Planeación"),
]


def sesion(numero: int = 1) -> DatosSesion:
    """Session ``numero``, held now: a session is recorded once it happened and
    not before the request was filed (which the tests do now too)."""
    return DatosSesion(
        fecha=timezone.now().replace(microsecond=0),
        modalidad=Modalidad.PRESENCIAL,
        lugar="Sala de juntas, Secretaría de Planeación",
        temas=f"Diagnóstico del componente urbano (sesión {numero})",
        desarrollo="Se revisó el expediente técnico.",
        proximos_pasos="Enviar cartografía actualizada.",
        asistentes=[
            DatosAsistente("Edwin Mendoza", Institucion.GOBERNACION, "Director"),
            DatosAsistente("Luis Peña", Institucion.MUNICIPIO, "Secretario"),
        ],
        compromisos=[
            DatosCompromiso("Enviar la cartografía", "Municipio", timezone.localdate())
        ],
    )


def completar(solicitud: Solicitud, personal: dict) -> Solicitud:
    """Complete the activity the case is in, by the person of its role."""
    solicitud.refresh_from_db()
    n = solicitud.actividad_actual
    if n == 2:
        return actividad_registrar(
            solicitud=solicitud,
            actor=personal["despacho"],
            actividad=n,
            observaciones="Recibida completa.",
            dirigida_a=personal["secretario"],
        )
    if n == 3:
        return actividad_definir_alcance(
            solicitud=solicitud,
            actor=personal["secretario"],
            actividad=n,
            alcance=ALCANCE,
        )
    if n == 4:
        return actividad_conformar_equipo(
            solicitud=solicitud,
            actor=personal["coordinador"],
            actividad=n,
            integrantes=EQUIPO,
            objeto="Acompañar la revisión general del POT.",
            compromisos="La Gobernación asesora; el municipio aporta la información.",
        )
    if n == 5:
        if not solicitud.sesiones.exists():
            sesion_registrar(
                solicitud=solicitud,
                actor=personal["profesional"],
                actividad=n,
                sesion=sesion(),
            )
        return actividad_brindar_apoyo_completar(
            solicitud=solicitud,
            actor=personal["profesional"],
            actividad=n,
            resultado=DatosResultado(
                sin_acuerdo_motivo="El concejo aún no lo aprueba."
            ),
        )
    raise ValueError(f"No hay cómo completar la actividad {n}")


def llevar_a(solicitud: Solicitud, numero: int, personal: dict) -> Solicitud:
    """Walk the case forward until it is in activity ``numero``."""
    solicitud.refresh_from_db()
    while solicitud.actividad_actual < numero:
        completar(solicitud, personal)
        solicitud.refresh_from_db()
    return solicitud


def serie_trd() -> SerieDocumental:
    """The TRD series the data migration loads (reloaded after a flush)."""
    import importlib

    defecto = importlib.import_module("expedientes.migrations.0008_trd_inicial").SERIE
    return SerieDocumental.objects.get_or_create(
        codigo_dependencia=defecto["codigo_dependencia"],
        codigo_serie=defecto["codigo_serie"],
        codigo_subserie=defecto["codigo_subserie"],
        defaults=defecto,
    )[0]


def datos_archivo(**cambios) -> DatosArchivo:
    campos = {
        "serie": serie_trd(),
        "soporte": Soporte.HIBRIDO,
        "caja": "3",
        "carpeta": "12",
        "notas": "Expediente completo.",
        **cambios,
    }
    return DatosArchivo(**campos)


def archivar(solicitud: Solicitud, personal: dict, **cambios) -> Solicitud:
    """Walk the case to activity 6 (if open) and archive it."""
    solicitud.refresh_from_db()
    if solicitud.estado == "en_tramite":
        llevar_a(solicitud, 6, personal)
    return solicitud_archivar(
        solicitud=solicitud, actor=personal["archivo"], datos=datos_archivo(**cambios)
    )
