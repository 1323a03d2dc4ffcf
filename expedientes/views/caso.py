"""The case page (the viewset's inspect view). Wired in viewsets.py."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from wagtail.admin.views.generic.models import InspectView

from procedimientos.constants import TipoActividad

from .. import forms as f
from ..constants import EstadoSolicitud, Institucion, TipoDocumento, TipoEvento
from ..models import ArchivoExpediente, Solicitud
from ..permisos import acciones_permitidas, es_personal, puede_corregir
from ..plazos import estado_plazo
from ..selectors import (
    actividad_de,
    actividades_de,
    documentos_del_expediente,
    evento_del_acuerdo,
    eventos_de,
    indice_expediente,
    linea_de_tiempo,
)
from .acciones import VISTAS_DE_ACCION, CompletarView


def _etiqueta(choices, valor) -> str:
    try:
        return str(choices(valor).label)
    except ValueError:
        return valor or ""


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


class CasoView(InspectView):
    """The case page: data, timeline, deadlines, documents, team, sessions,
    outcome, history and, for whoever may act, the forms of the allowed actions.

    ``SolicitudViewSet.inspect_view_class``; the forms post to the action views.
    """

    template_name = "expedientes/admin/caso.html"
    url_namespace = ""

    def dispatch(self, request, *args, **kwargs):
        if not es_personal(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_object(self, queryset=None):
        return get_object_or_404(
            Solicitud.objects.select_related(
                "municipio",
                "version_procedimiento__procedimiento",
                "radicada_por",
                "asignada_a",
            ),
            pk=self.pk,
        )

    def get_page_title(self):
        return _("Solicitud %(radicado)s") % {"radicado": self.object.radicado}

    def get_page_subtitle(self):
        return self.object.municipio.nombre

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Solicitudes")},
            {"url": "", "label": self.object.radicado},
        ]

    @cached_property
    def header_more_buttons(self):
        return []

    def url_de(self, nombre: str, *args) -> str:
        return reverse(f"{self.url_namespace}:{nombre}", args=[self.object.pk, *args])

    def acciones(self) -> list[dict]:
        """The allowed actions, each with its (unbound) forms and URL."""
        caso = self.object
        permitidas = acciones_permitidas(self.request.user, caso)
        acciones = []
        # Activity 5 starts with a session: open its form first while there is none.
        abrir = (
            "registrar_sesion"
            if "registrar_sesion" in permitidas and not caso.sesiones.exists()
            else None
        )
        for vista in VISTAS_DE_ACCION:
            if vista.accion not in permitidas:
                continue
            formularios = vista.formularios(caso, self.request.user)
            form = formularios.pop("form")
            # Several forms on one page: ids of their own (names stay the same).
            form.auto_id = f"id_{vista.accion}_%s"
            titulo = vista.titulo_para(caso) if vista is CompletarView else vista.titulo
            acciones.append(
                {
                    "accion": vista.accion,
                    "titulo": titulo,
                    "boton": vista.boton or titulo,
                    "peligrosa": vista.peligrosa,
                    "form": form,
                    "formsets": formularios,
                    "url": self.url_de(vista.accion),
                    "principal": vista.accion in ("completar", "registrar_sesion"),
                    "abierta": vista.accion == abrir if abrir else not acciones,
                }
            )
        return acciones

    def get_context_data(self, **kwargs):
        contexto = super().get_context_data(**kwargs)
        caso = self.object
        eventos = eventos_de(caso)
        documentos = list(
            caso.documentos.select_related("creado_por", "sesion").order_by(
                "creado_en", "pk"
            )
        )
        sesiones = list(
            caso.sesiones.select_related("registrada_por")
            .prefetch_related("asistentes", "compromisos")
            .order_by("fecha", "numero")
        )
        completadas = {}
        for evento in eventos:
            if evento.tipo == TipoEvento.COMPLETADA:
                completadas[evento.actividad] = evento
        tipos = {a.numero: a.tipo for a in actividades_de(caso)}
        equipo = resultado = alcance = None
        for numero, evento in completadas.items():
            if tipos.get(numero) == TipoActividad.EQUIPO:
                equipo = [
                    {**i, "institucion": _etiqueta(Institucion, i.get("institucion"))}
                    for i in evento.datos.get("integrantes") or []
                ] or None
            elif tipos.get(numero) == TipoActividad.ASESORIA:
                resultado = evento
            elif tipos.get(numero) == TipoActividad.ALCANCE:
                alcance = evento
        actual = actividad_de(caso, caso.actividad_actual)
        contexto.update(
            caso=caso,
            actividad=actual,
            etapas=linea_de_tiempo(caso),
            plazo=estado_plazo(caso.vence_el),
            plazo_legal=estado_plazo(
                caso.fecha_limite
                if caso.estado == EstadoSolicitud.EN_TRAMITE
                and caso.respondida_en is None
                else None
            ),
            plazo_actividad=estado_plazo(
                caso.fecha_limite_actividad
                if caso.estado == EstadoSolicitud.EN_TRAMITE
                else None
            ),
            eventos=list(reversed(eventos)),
            plazos=[
                e
                for e in eventos
                if e.tipo
                in (
                    TipoEvento.SUSPENDIDA,
                    TipoEvento.REANUDADA,
                    TipoEvento.PRORROGADA,
                )
            ],
            documentos=[
                (d, self.url_de("documento", d.pk) if d.archivo else "")
                for d in documentos
            ],
            sesiones=sesiones,
            equipo=equipo,
            resultado=resultado,
            alcance=alcance,
            acciones=self.acciones(),
            **self.expediente(caso, documentos),
        )
        return contexto

    def expediente(self, caso, documentos) -> dict:
        """Activity 6 on the case page: the case file's index (each document with
        its folios, its download and, for whoever may, its correction), the
        working copy of the hoja de control while the case is open, and once
        archived the archive data, the Acuerdo and the issued hoja de control."""
        usuario = self.request.user
        indice = []
        del_expediente = list(documentos_del_expediente(caso))
        for fila, documento in zip(
            indice_expediente(caso, del_expediente), del_expediente, strict=True
        ):
            documento.solicitud = caso
            corregir = None
            if puede_corregir(usuario, documento):
                form = f.CorregirForm(solicitud=caso, documento=documento)
                form.auto_id = f"id_corregir_{documento.pk}_%s"
                corregir = {
                    "form": form,
                    "url": self.url_de("corregir", documento.pk),
                }
            indice.append(
                {
                    "fila": fila,
                    "documento": documento,
                    "url": self.url_de("documento", documento.pk)
                    if documento.archivo
                    else "",
                    "reemplazado": getattr(documento, "reemplazado_por", None),
                    "corregir": corregir,
                }
            )
        archivo = getattr(caso, "archivo", None)
        hoja = None
        if archivo is not None:
            hoja = next(
                (
                    d
                    for d in reversed(documentos)
                    if d.tipo == TipoDocumento.HOJA_CONTROL
                ),
                None,
            )
        return {
            "indice": indice,
            "total_folios": sum(i["fila"].folios or 0 for i in indice),
            "archivo": archivo,
            "anios_retencion": anios_de_retencion(archivo) if archivo else None,
            "hoja_control": None
            if hoja is None
            else {
                "documento": hoja,
                "url": self.url_de("documento", hoja.pk) if hoja.archivo else "",
            },
            "acuerdo": self.acuerdo(caso, documentos),
            "hoja_borrador_url": self.url_de("hoja_control")
            if archivo is None and caso.estado != EstadoSolicitud.ARCHIVADA
            else "",
        }

    def acuerdo(self, caso, documentos) -> dict | None:
        """The municipal Acuerdo recorded in activity 5, with its PDF."""
        evento = evento_del_acuerdo(caso)
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
            fecha = datetime.date.fromisoformat(fecha)
        except ValueError:
            pass
        return {
            "numero": evento.datos["acuerdo_numero"],
            "fecha": fecha,
            "tipo_plan": evento.datos.get("acuerdo_tipo_plan") or "",
            "url": self.url_de("documento", pdf.pk) if pdf else "",
        }
