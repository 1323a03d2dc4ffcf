"""Read queries of cases: the version in force, timelines, what a user may see."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from procedimientos.constants import TipoActividad
from procedimientos.models import VersionProcedimiento
from procedimientos.versiones import Actividad, Contenido

from .constants import EstadoSolicitud, TipoDocumento, TipoEvento
from .models import Documento, EventoSolicitud, Solicitud
from .registros import FilaIndice


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
    """The frozen content of a version, parsed once per instance."""
    contenido = getattr(version, "_contenido", None)
    if contenido is None:
        contenido = version._contenido = Contenido.desde_json(version.contenido)
    return contenido


def nombre_de_actividad(version: VersionProcedimiento, numero: int) -> str:
    for actividad in contenido_de_version(version).actividades:
        if actividad.numero == numero:
            return actividad.nombre
    return f"Actividad {numero}"


def actividades_de(solicitud: Solicitud) -> tuple[Actividad, ...]:
    """The activities of the version the case was filed under, in order."""
    return contenido_de_version(solicitud.version_procedimiento).actividades


def actividad_de(solicitud: Solicitud, numero: int) -> Actividad | None:
    for actividad in actividades_de(solicitud):
        if actividad.numero == numero:
            return actividad
    return None


def actividad_por_tipo(solicitud: Solicitud, tipo: str) -> Actividad | None:
    """The first activity of a kind (e.g. the one that defines the scope)."""
    for actividad in actividades_de(solicitud):
        if actividad.tipo == tipo:
            return actividad
    return None


def ultimo_evento(
    solicitud: Solicitud, tipo: str, actividad: int | None = None
) -> EventoSolicitud | None:
    """The latest event of a kind (in an activity): what counts after step-backs."""
    eventos = solicitud.eventos.filter(tipo=tipo)
    if actividad is not None:
        eventos = eventos.filter(actividad=actividad)
    return eventos.select_related("actor").order_by("-fecha", "-pk").first()


@dataclass(frozen=True)
class EtapaLinea:
    """One activity of a request's timeline, as the municipality sees it."""

    numero: int
    nombre: str
    estado: str  # "completada", "actual", "suspendida", "cerrada" or "pendiente"
    fecha: datetime | None = None
    texto: str = ""
    fecha_limite: date | None = None
    #: Who completed it (staff pages only; the public timeline never shows it).
    responsable: str = ""


def linea_de_tiempo(solicitud: Solicitud) -> list[EtapaLinea]:
    """The activities of the version the request runs under: done, current, pending.

    State comes from the case (cached with each event); the date, text and person
    of each done activity from its latest completion, so an activity done again
    after a step back shows its last completion. One query (none when the events
    are prefetched); the names come from the version's frozen snapshot.
    """
    completadas: dict[int, EventoSolicitud] = {}
    archivo: EventoSolicitud | None = None
    for evento in eventos_de(solicitud):
        if evento.tipo == TipoEvento.COMPLETADA:
            completadas[evento.actividad] = evento  # ordered by date: last wins
        elif evento.tipo == TipoEvento.ARCHIVADA:
            archivo = evento
    archivada = solicitud.estado == EstadoSolicitud.ARCHIVADA
    etapas = []
    for actividad in actividades_de(solicitud):
        evento = completadas.get(actividad.numero)
        if archivada and actividad.tipo == TipoActividad.ARCHIVO:
            # Archiving completes the archive activity, whichever activity the
            # case was in when it was archived (a rejected case is archived too).
            evento = archivo
        if evento is not None and (
            actividad.numero < solicitud.actividad_actual or archivada
        ):
            etapas.append(
                EtapaLinea(
                    actividad.numero,
                    actividad.nombre,
                    "completada",
                    evento.fecha,
                    evento.texto_publico,
                    responsable=evento.actor.get_full_name()
                    or evento.actor.get_username(),
                )
            )
        elif actividad.numero == solicitud.actividad_actual and not archivada:
            estado = {
                EstadoSolicitud.EN_TRAMITE: "actual",
                EstadoSolicitud.SUSPENDIDA: "suspendida",
            }.get(solicitud.estado, "cerrada")
            etapas.append(
                EtapaLinea(
                    actividad.numero,
                    actividad.nombre,
                    estado,
                    texto=solicitud.get_estado_display() if estado == "cerrada" else "",
                    fecha_limite=plazo_de_respuesta(solicitud),
                )
            )
        else:
            etapas.append(EtapaLinea(actividad.numero, actividad.nombre, "pendiente"))
    return etapas


def plazo_de_respuesta(solicitud: Solicitud) -> date | None:
    """The legal deadline of the answer while it runs (the portal shows it): the
    office's internal terms are not the municipality's concern."""
    if solicitud.estado != EstadoSolicitud.EN_TRAMITE or solicitud.respondida_en:
        return None
    return solicitud.fecha_limite


def eventos_de(solicitud: Solicitud) -> list[EventoSolicitud]:
    """The case's history, oldest first, with who acted (prefetched or one query)."""
    if "eventos" in getattr(solicitud, "_prefetched_objects_cache", {}):
        return list(solicitud.eventos.all())
    return list(solicitud.eventos.select_related("actor").order_by("fecha", "pk"))


def historial_publico(solicitud: Solicitud) -> list[EventoSolicitud]:
    """The events the municipality and the public see (those with a public text)."""
    return [evento for evento in eventos_de(solicitud) if evento.texto_publico]


def solicitudes_de_municipio(municipio_id: int) -> QuerySet[Solicitud]:
    return (
        Solicitud.objects.filter(municipio_id=municipio_id)
        .select_related("municipio", "version_procedimiento__procedimiento")
        .order_by("-radicada_en")
    )


def documentos_para_municipio(solicitud: Solicitud) -> QuerySet[Documento]:
    """Files the municipality may download: its own and the records addressed to it."""
    return (
        solicitud.documentos.filter(para_municipio=True)
        .exclude(archivo="")
        .select_related("reemplaza", "reemplazado_por", "evento")
    )


def bandeja(usuario) -> QuerySet[Solicitud]:
    """The cases waiting for the user's groups (their inbox), by due date.

    Open and suspended cases in an activity of one of the user's groups, and
    closed ones (rejected, withdrawn) waiting for the archive group; the nearest
    deadline first, those with none last. Superusers see every case waiting.
    """
    casos = Solicitud.objects.exclude(estado=EstadoSolicitud.ARCHIVADA).exclude(
        grupo_actual=""
    )
    if not usuario.is_superuser:
        casos = casos.filter(
            grupo_actual__in=usuario.groups.values_list("name", flat=True)
        )
    return casos.select_related("municipio", "asignada_a").order_by(
        F("vence_el").asc(nulls_last=True), "radicada_en"
    )


#: States of a case still being handled: its deadline counts, if one runs.
ESTADOS_ABIERTOS = (EstadoSolicitud.EN_TRAMITE, EstadoSolicitud.SUSPENDIDA)


def por_urgencia(casos: QuerySet[Solicitud]) -> QuerySet[Solicitud]:
    """Open cases by urgency, then closed ones (the staff listing's default order).

    Open cases with a deadline running come first, by ``vence_el`` ascending:
    ``plazos.estado_plazo`` compares that same date with today, so the overdue
    come first, then those due soonest, those on time last. Then open cases with
    no deadline running (suspended), then the closed (rejected, withdrawn,
    archived); the newest filing first within each. All in the database.
    """
    grupo = Case(
        When(estado__in=ESTADOS_ABIERTOS, vence_el__isnull=False, then=Value(0)),
        When(estado__in=ESTADOS_ABIERTOS, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return casos.order_by(
        grupo, F("vence_el").asc(nulls_last=True), "-radicada_en", "-pk"
    )


def documentos_del_expediente(solicitud: Solicitud) -> QuerySet[Documento]:
    """Every document of the case file in the order it joined the file (the hoja
    de control itself travels at the front and is not one of its items)."""
    return (
        solicitud.documentos.exclude(tipo=TipoDocumento.HOJA_CONTROL)
        .select_related(
            "creado_por", "sesion", "evento", "reemplaza__evento", "reemplazado_por"
        )
        .order_by("creado_en", "pk")
    )


def firmado_de(documento: Documento) -> str:
    """The code of the record a signed scan signs (the one in force when it was
    attached: it stays with it when another replaces it), or ""."""
    if documento.tipo != TipoDocumento.OFICIO_RESPUESTA_FIRMADO or not (
        documento.evento_id
    ):
        return ""
    return str(documento.evento.datos.get("firma_de") or "")


def _observaciones(documento: Documento) -> str:
    partes = []
    if documento.expedido:
        partes.append(
            _("Registro expedido, código %(c)s")
            % {"c": documento.codigo_verificacion or "—"}
        )
    else:
        partes.append(documento.nombre_original)
    firma_de = firmado_de(documento)
    if firma_de:
        partes.append(_("copia firmada del registro %(c)s") % {"c": firma_de})
    reemplaza = documento.reemplaza
    if reemplaza is not None:
        corrige = documento.evento is None or documento.evento.tipo == (
            TipoEvento.DOCUMENTO
        )
        partes.append(
            (_("corrige el %(c)s") if corrige else _("reemplaza el %(c)s"))
            % {"c": reemplaza.codigo_verificacion}
        )
    reemplazado = getattr(documento, "reemplazado_por", None)
    if reemplazado is not None:
        partes.append(
            _("reemplazado por el %(c)s") % {"c": reemplazado.codigo_verificacion}
        )
    if documento.expedido and not documento.generado:
        partes.append(_("PDF pendiente de generar"))
    return "; ".join(partes)


def indice_expediente(
    solicitud: Solicitud, documentos: Iterable[Documento] | None = None
) -> tuple[FilaIndice, ...]:
    """The case file's index: each document with its date, tipo documental, pages
    and folios from-to, numbered in the order it joined the file.

    Folios count pages and run on from the previous document; once a record's PDF
    is pending its pages are unknown, and so are the folios of what follows (the
    archive service renders pending records before it closes the file).
    ``documentos``: ``documentos_del_expediente(solicitud)`` if the caller already
    loaded them (the case page shows each row next to its document).
    """
    if documentos is None:
        documentos = documentos_del_expediente(solicitud)
    filas = []
    siguiente: int | None = 1
    for item, documento in enumerate(documentos, start=1):
        folios = documento.paginas
        if folios is None or siguiente is None:
            desde = hasta = None
            siguiente = None
        else:
            desde, hasta = siguiente, siguiente + folios - 1
            siguiente = hasta + 1
        filas.append(
            FilaIndice(
                item=item,
                fecha=timezone.localdate(documento.creado_en),
                tipo_documental=documento.get_tipo_display(),
                folios=folios,
                folio_desde=desde,
                folio_hasta=hasta,
                observaciones=_observaciones(documento),
            )
        )
    return tuple(filas)


def evento_del_acuerdo(solicitud: Solicitud) -> EventoSolicitud | None:
    """The latest completion of activity 5 that recorded the municipal Acuerdo
    adopting the plan (its number and date are in the event's ``datos``)."""
    return (
        solicitud.eventos.filter(tipo=TipoEvento.COMPLETADA)
        .filter(datos__has_key="acuerdo_numero")
        .exclude(datos__acuerdo_numero="")
        .order_by("-fecha", "-pk")
        .first()
    )


def datos_de_la_ultima_vez(solicitud: Solicitud, actividad: int) -> dict:
    """What the activity recorded the last time it was completed (its event's
    ``datos``), or nothing: an activity done again after a step back starts its
    form from it (``views.CompletarView``) instead of from blank."""
    evento = (
        solicitud.eventos.filter(tipo=TipoEvento.COMPLETADA, actividad=actividad)
        .order_by("-fecha", "-pk")
        .only("datos")
        .first()
    )
    return dict(evento.datos or {}) if evento is not None else {}
