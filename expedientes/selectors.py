"""Read queries of cases: the version in force, timelines, what a user may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from procedimientos.models import VersionProcedimiento
from procedimientos.versiones import Contenido

from .models import Documento, Solicitud


def version_vigente() -> VersionProcedimiento | None:
    """The formal version of the advisory procedure in force now (with content)."""
    return (
        VersionProcedimiento.objects.filter(
            procedimiento__codigo=settings.EXPEDIENTES_PROCEDIMIENTO,
            contenido__isnull=False,
        )
        .filter(Q(vigente_desde__isnull=True) | Q(vigente_desde__lte=timezone.now()))
        .select_related("procedimiento")
        .order_by("-numero")
        .first()
    )


def contenido_de_version(version: VersionProcedimiento) -> Contenido:
    return Contenido.desde_json(version.contenido)


def nombre_de_actividad(version: VersionProcedimiento, numero: int) -> str:
    for actividad in contenido_de_version(version).actividades:
        if actividad.numero == numero:
            return actividad.nombre
    return f"Actividad {numero}"


@dataclass(frozen=True)
class EtapaLinea:
    """One activity of a request's timeline, as the municipality sees it."""

    numero: int
    nombre: str
    estado: str  # "completada", "actual" or "pendiente"
    fecha: datetime | None = None
    texto: str = ""
    fecha_limite: date | None = None


def linea_de_tiempo(solicitud: Solicitud) -> list[EtapaLinea]:
    """The activities of the version the request runs under: done, current, pending.

    One query, the request's steps (none when they are prefetched); the activity
    names come from the version's frozen snapshot.
    """
    pasos = {paso.actividad: paso for paso in solicitud.pasos.all()}
    etapas = []
    for actividad in contenido_de_version(solicitud.version_procedimiento).actividades:
        paso = pasos.get(actividad.numero)
        if paso is not None:
            etapas.append(
                EtapaLinea(
                    actividad.numero,
                    actividad.nombre,
                    "completada",
                    paso.completado_en,
                    paso.texto_publico,
                )
            )
        elif actividad.numero == solicitud.actividad_actual:
            etapas.append(
                EtapaLinea(
                    actividad.numero,
                    actividad.nombre,
                    "actual",
                    fecha_limite=solicitud.fecha_limite,
                )
            )
        else:
            etapas.append(EtapaLinea(actividad.numero, actividad.nombre, "pendiente"))
    return etapas


def solicitudes_de_municipio(municipio_id: int) -> QuerySet[Solicitud]:
    return (
        Solicitud.objects.filter(municipio_id=municipio_id)
        .select_related("municipio", "version_procedimiento__procedimiento")
        .order_by("-radicada_en")
    )


def documentos_para_municipio(solicitud: Solicitud) -> QuerySet[Documento]:
    """Files the municipality may download: its own and the records addressed to it."""
    return solicitud.documentos.filter(para_municipio=True).exclude(archivo="")
