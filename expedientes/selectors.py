"""Read queries of cases: the version in force, timelines, what a user may see,
the people of a group and what the case page shows (``pagina_del_caso``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Case, F, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from procedimientos.constants import TipoActividad
from procedimientos.models import VersionProcedimiento
from procedimientos.versiones import Actividad, Contenido

from .constants import EstadoSesion, EstadoSolicitud, TipoDocumento, TipoEvento
from .models import (
    ArchivoExpediente,
    Compromiso,
    Documento,
    EventoSolicitud,
    SesionAsesoria,
    SesionProgramada,
    Solicitud,
)
from .plazos import EstadoPlazo, estado_plazo
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
                    responsable=evento.actor.nombre,
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
    form from it (``tipos.TIPOS_DE_ACTIVIDAD``) instead of from blank."""
    evento = (
        solicitud.eventos.filter(tipo=TipoEvento.COMPLETADA, actividad=actividad)
        .order_by("-fecha", "-pk")
        .only("datos")
        .first()
    )
    return dict(evento.datos or {}) if evento is not None else {}


def personas_de(grupo: str) -> QuerySet:
    """The active accounts of a group, by name: whom a case may be routed or
    reassigned to."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=grupo)
        .order_by("first_name", "last_name", "username")
        .distinct()
    )


# --- the case page --------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentoDelExpediente:
    """One row of the case file's index on the case page."""

    fila: FilaIndice
    documento: Documento
    #: The record that superseded it, if one did.
    reemplazado: Documento | None


@dataclass(frozen=True)
class AcuerdoDelCaso:
    """The municipal Acuerdo recorded in activity 5."""

    numero: str
    #: A date, or the text recorded if it is not one.
    fecha: date | str
    tipo_plan: str
    #: Its PDF, once stored.
    pdf: Documento | None


@dataclass(frozen=True)
class PaginaDelCaso:
    """Everything the case page (``views.caso.CasoView``) shows of a case, read
    once: the view adds only the links and the forms of whoever may act."""

    actividad: Actividad | None
    etapas: list[EtapaLinea]
    #: The running deadline, the answer's and the activity's (None: not running).
    plazo: EstadoPlazo | None
    plazo_legal: EstadoPlazo | None
    plazo_actividad: EstadoPlazo | None
    #: The history, newest first; of it, the suspensions and extensions, oldest
    #: first.
    eventos: list[EventoSolicitud]
    plazos: list[EventoSolicitud]
    #: Every document of the case, in the order it joined.
    documentos: list[Documento]
    sesiones: list[SesionAsesoria]
    #: The outcome of each kind of activity completed, by its section on the
    #: page (``tipos.TipoDeActividad.seccion``: alcance, equipo, resultado).
    resultados: dict[str, Any]
    expediente: list[DocumentoDelExpediente]
    total_folios: int
    archivo: ArchivoExpediente | None
    anios_retencion: tuple[int, int] | None
    #: The issued hoja de control (archived cases).
    hoja_control: Documento | None
    acuerdo: AcuerdoDelCaso | None
    #: Sessions scheduled and not yet held nor cancelled, soonest first.
    programadas: list[SesionProgramada]
    #: Commitments past their date on an open case.
    compromisos_vencidos: list[Compromiso]


def anios_de_retencion(archivo: ArchivoExpediente) -> tuple[int, int]:
    """The years in the archivo de gestión and the central one that the case file
    was given when archived, read from its stored dates, not from its TRD series:
    the series may be edited later, the dates it was given do not change.

    ``solicitud_archivar`` adds whole years to the archive date (``fecha_final``)
    with ``relativedelta``, which keeps the year exact even from 29 February.
    """
    gestion = archivo.retencion_gestion_hasta.year - archivo.fecha_final.year
    central = (
        archivo.retencion_central_hasta.year - archivo.retencion_gestion_hasta.year
    )
    return gestion, central


def _resultados(solicitud: Solicitud, eventos: list[EventoSolicitud]) -> dict:
    """The latest completion of each activity, shown as its kind says
    (``tipos.TIPOS_DE_ACTIVIDAD``); of two activities of one kind, the later."""
    # Imported here: the registry reads the forms, which read the services,
    # which read this module.
    from .tipos import TIPOS_DE_ACTIVIDAD

    completadas: dict[int, EventoSolicitud] = {}
    for evento in eventos:
        if evento.tipo == TipoEvento.COMPLETADA:
            completadas[evento.actividad] = evento
    tipos = {a.numero: a.tipo for a in actividades_de(solicitud)}
    resultados: dict[str, Any] = {}
    for numero, evento in completadas.items():
        tipo = TIPOS_DE_ACTIVIDAD.get(tipos.get(numero, ""))
        if tipo is not None and tipo.seccion:
            resultados[tipo.seccion] = tipo.en_la_pagina(evento)
    return resultados


def _acuerdo(
    solicitud: Solicitud, documentos: list[Documento]
) -> AcuerdoDelCaso | None:
    evento = evento_del_acuerdo(solicitud)
    if evento is None:
        return None
    pdf = next(
        (
            d
            for d in reversed(documentos)
            if d.tipo == TipoDocumento.ACUERDO_MUNICIPAL and d.archivo
        ),
        None,
    )
    fecha = evento.datos.get("acuerdo_fecha") or ""
    try:
        fecha = date.fromisoformat(fecha)
    except ValueError:
        pass
    return AcuerdoDelCaso(
        numero=evento.datos["acuerdo_numero"],
        fecha=fecha,
        tipo_plan=evento.datos.get("acuerdo_tipo_plan") or "",
        pdf=pdf,
    )


def _enlazar(documentos: list[Documento], eventos: list[EventoSolicitud]) -> None:
    """Each document's event and the record it replaces, from the case's rows
    already read, not one more copy of them per document (a long case's 500
    files all point at its filing event: issue 18)."""
    por_pk = {d.pk: d for d in documentos}
    eventos_por_pk = {e.pk: e for e in eventos}
    for documento in documentos:
        if documento.evento_id in eventos_por_pk:
            documento.evento = eventos_por_pk[documento.evento_id]
        if documento.reemplaza_id in por_pk:
            documento.reemplaza = por_pk[documento.reemplaza_id]


def pagina_del_caso(solicitud: Solicitud) -> PaginaDelCaso:
    """What the case page shows: data, timeline, deadlines, documents, the case
    file's index with its folios, sessions, the outcome of each activity, the
    archive data and the Acuerdo, and the history."""
    caso = solicitud
    eventos = eventos_de(caso)
    documentos = list(
        caso.documentos.select_related(
            "creado_por", "sesion", "reemplazado_por"
        ).order_by("creado_en", "pk")
    )
    _enlazar(documentos, eventos)
    # documentos_del_expediente(caso), from the rows already read.
    del_expediente = [d for d in documentos if d.tipo != TipoDocumento.HOJA_CONTROL]
    expediente = []
    for fila, documento in zip(
        indice_expediente(caso, del_expediente), del_expediente, strict=True
    ):
        documento.solicitud = caso
        expediente.append(
            DocumentoDelExpediente(
                fila=fila,
                documento=documento,
                reemplazado=getattr(documento, "reemplazado_por", None),
            )
        )
    archivo = getattr(caso, "archivo", None)
    hoja = None
    if archivo is not None:
        hoja = next(
            (d for d in reversed(documentos) if d.tipo == TipoDocumento.HOJA_CONTROL),
            None,
        )
    en_tramite = caso.estado == EstadoSolicitud.EN_TRAMITE
    return PaginaDelCaso(
        actividad=actividad_de(caso, caso.actividad_actual),
        etapas=linea_de_tiempo(caso),
        plazo=estado_plazo(caso.vence_el),
        plazo_legal=estado_plazo(
            caso.fecha_limite if en_tramite and caso.respondida_en is None else None
        ),
        plazo_actividad=estado_plazo(
            caso.fecha_limite_actividad if en_tramite else None
        ),
        eventos=list(reversed(eventos)),
        plazos=[
            e
            for e in eventos
            if e.tipo
            in (TipoEvento.SUSPENDIDA, TipoEvento.REANUDADA, TipoEvento.PRORROGADA)
        ],
        documentos=documentos,
        sesiones=list(
            caso.sesiones.select_related("registrada_por")
            .prefetch_related(
                "asistentes",
                Prefetch(
                    "compromisos",
                    Compromiso.objects.select_related("cumplido_por"),
                ),
            )
            .order_by("fecha", "numero")
        ),
        resultados=_resultados(caso, eventos),
        expediente=expediente,
        total_folios=sum(d.fila.folios or 0 for d in expediente),
        archivo=archivo,
        anios_retencion=anios_de_retencion(archivo) if archivo else None,
        hoja_control=hoja,
        acuerdo=_acuerdo(caso, documentos),
        programadas=list(sesiones_programadas(caso)),
        compromisos_vencidos=list(
            compromisos_vencidos().filter(sesion__solicitud=caso)
        ),
    )


# --- Sessions scheduled and commitments (issue 17) ------------------------------------


def sesiones_programadas(solicitud: Solicitud) -> QuerySet[SesionProgramada]:
    """The case's sessions still scheduled (not held, not cancelled), soonest
    first, with their invited people: the case page lists them, with those whose
    time has passed waiting to be recorded."""
    return (
        solicitud.sesiones_programadas.filter(estado=EstadoSesion.PROGRAMADA)
        .select_related("programada_por", "solicitud")
        .prefetch_related("invitados")
        .order_by("inicio", "pk")
    )


def proximas_sesiones(
    solicitud: Solicitud, ahora: datetime | None = None
) -> QuerySet[SesionProgramada]:
    """The scheduled sessions not over yet: what the municipality is told is
    next (the portal's request page)."""
    return sesiones_programadas(solicitud).filter(fin__gt=ahora or timezone.now())


def por_registrar(
    solicitud: Solicitud, ahora: datetime | None = None
) -> SesionProgramada | None:
    """The earliest scheduled session whose time has come: recording a held
    session starts from it (``views.acciones.SesionView``)."""
    return (
        sesiones_programadas(solicitud)
        .filter(inicio__lte=ahora or timezone.now())
        .first()
    )


def compromisos_vencidos(hoy: date | None = None) -> QuerySet[Compromiso]:
    """Commitments not fulfilled whose date has passed (Bogotá's today) on open
    cases."""
    return (
        Compromiso.objects.filter(
            cumplido_en__isnull=True,
            fecha_limite__lt=hoy or timezone.localdate(),
            sesion__solicitud__estado__in=ESTADOS_ABIERTOS,
        )
        .select_related("sesion")
        .order_by("fecha_limite", "pk")
    )
