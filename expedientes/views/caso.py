"""The case page (the viewset's inspect view). Wired in viewsets.py."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from wagtail.admin.views.generic.models import InspectView

from .. import forms as f
from ..constants import EstadoSolicitud
from ..models import Solicitud
from ..permisos import acciones_permitidas, puede_corregir
from ..selectors import pagina_del_caso
from .acciones import VISTAS_DE_ACCION, CompletarView
from .filas import FormularioPorFila, estado_del_compromiso, fila_del_indice


class CasoView(InspectView):
    """The case page: data, timeline, deadlines, documents, team, sessions,
    outcome, history and, for whoever may act, the forms of the allowed actions.

    ``SolicitudViewSet.inspect_view_class``; the forms post to the action views.
    """

    template_name = "expedientes/admin/caso.html"
    url_namespace = ""

    #: Staff only (``viewsets.SolicitudPermissionPolicy``), not whoever may add.
    any_permission_required = None
    permission_required = "view"

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

    @cached_property
    def _prefijos_por_documento(self) -> dict[str, str]:
        """The URLs of this case's per-document views (``documento``,
        ``corregir``: ``<name>/<case>/<document>/``) up to the document's number,
        reversed once: a case of 500 files would otherwise reverse 500 or 1,000
        times per page (issue 18)."""
        prefijos = {}
        for nombre in ("documento", "corregir"):
            muestra = self.url_de(nombre, 0)
            if not muestra.endswith("/0/"):
                raise ValueError(f"{nombre}: {muestra} does not end in its document")
            prefijos[nombre] = muestra[: -len("0/")]
        return prefijos

    def url_por_documento(self, nombre: str, documento_pk: int) -> str:
        """``url_de(nombre, documento_pk)`` without reversing again."""
        return f"{self._prefijos_por_documento[nombre]}{documento_pk}/"

    def acciones(self, pagina) -> list[dict]:
        """The allowed actions, each with its (unbound) forms and URL."""
        caso = self.object
        permitidas = acciones_permitidas(self.request.user, caso)
        acciones = []
        # Activity 5 starts with a session, and a scheduled one whose time has
        # come waits to be recorded: open that form first. While one is still
        # scheduled the activity cannot be completed
        # (services.sesiones.exigir_sin_programadas): open nothing else first.
        ahora = timezone.now()
        abrir = None
        if "registrar_sesion" in permitidas and (
            not caso.sesiones.exists()
            or any(p.inicio <= ahora for p in pagina.programadas)
        ):
            abrir = "registrar_sesion"
        elif pagina.programadas:
            abrir = ""  # none open
        for vista in VISTAS_DE_ACCION:
            if vista.accion not in permitidas or not vista.en_acciones:
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
                    "abierta": vista.accion == abrir
                    if abrir is not None
                    else not acciones,
                }
            )
        return acciones

    def cumplir(self, pagina) -> None:
        """Each commitment's state (``estado``: "Cumplido", or for whoever may
        (``cumplir_compromiso``) a "Marcar cumplido" form if pending), in the
        sessions and in the overdue list. The form is rendered once and repeated
        with each commitment's number (``filas.FormularioPorFila``)."""
        caso = self.object
        compromisos = [c for s in pagina.sesiones for c in s.compromisos.all()]
        compromisos += pagina.compromisos_vencidos
        formulario = None
        if any(not c.cumplido for c in compromisos) and (
            "cumplir_compromiso" in acciones_permitidas(self.request.user, caso)
        ):
            formulario = FormularioPorFila(
                self.request,
                crear_form=lambda numero: f.CumplirCompromisoForm(
                    solicitud=caso,
                    initial={"compromiso": numero},
                    auto_id=f"id_cumplir_{numero}_%s",
                ),
                url=self.url_de("cumplir_compromiso"),
                boton=_("Marcar cumplido"),
            )
        for compromiso in compromisos:
            if formulario is not None and not compromiso.cumplido:
                compromiso.cumplir = formulario.para(compromiso.pk)
            compromiso.estado = estado_del_compromiso(compromiso)

    def get_context_data(self, **kwargs):
        contexto = super().get_context_data(**kwargs)
        caso = self.object
        pagina = pagina_del_caso(caso)
        self.cumplir(pagina)
        contexto.update(
            caso=caso,
            actividad=pagina.actividad,
            etapas=pagina.etapas,
            plazo=pagina.plazo,
            plazo_legal=pagina.plazo_legal,
            plazo_actividad=pagina.plazo_actividad,
            eventos=pagina.eventos,
            plazos=pagina.plazos,
            documentos=[(d, self.url_del_documento(d)) for d in pagina.documentos],
            sesiones=pagina.sesiones,
            programadas=pagina.programadas,
            compromisos_vencidos=pagina.compromisos_vencidos,
            ahora=timezone.now(),
            equipo=pagina.resultados.get("equipo"),
            resultado=pagina.resultados.get("resultado"),
            alcance=pagina.resultados.get("alcance"),
            acciones=self.acciones(pagina),
            **self.expediente(pagina),
        )
        return contexto

    def url_del_documento(self, documento) -> str:
        """Its download, once its file is stored ("" while a record renders)."""
        if not documento.archivo:
            return ""
        return self.url_por_documento("documento", documento.pk)

    def corregir_html(self, i: dict) -> str:
        """The correction's form of an index row, if whoever looks may issue it."""
        if not i["corregir"]:
            return ""
        return render_to_string(
            "expedientes/admin/_formulario.html",
            {
                "form": i["corregir"]["form"],
                "formsets": None,
                "url": i["corregir"]["url"],
                "boton": _("Expedir la corrección"),
                "peligrosa": False,
            },
            request=self.request,
        )

    def expediente(self, pagina) -> dict:
        """Activity 6 on the case page: the case file's index (each document with
        its folios, its download and, for whoever may, its correction), the
        working copy of the hoja de control while the case is open, and once
        archived the archive data, the Acuerdo and the issued hoja de control."""
        caso = self.object
        usuario = self.request.user
        indice = []
        for fila in pagina.expediente:
            documento = fila.documento
            corregir = None
            if puede_corregir(usuario, documento):
                form = f.CorregirForm(solicitud=caso, documento=documento)
                form.auto_id = f"id_corregir_{documento.pk}_%s"
                corregir = {
                    "form": form,
                    "url": self.url_por_documento("corregir", documento.pk),
                }
            i = {
                "fila": fila.fila,
                "documento": documento,
                "url": self.url_del_documento(documento),
                "reemplazado": fila.reemplazado,
                "corregir": corregir,
            }
            i["html"] = fila_del_indice(i, formulario_corregir=self.corregir_html(i))
            indice.append(i)
        hoja, acuerdo = pagina.hoja_control, pagina.acuerdo
        return {
            "indice": indice,
            "total_folios": pagina.total_folios,
            "archivo": pagina.archivo,
            "anios_retencion": pagina.anios_retencion,
            "hoja_control": None
            if hoja is None
            else {"documento": hoja, "url": self.url_del_documento(hoja)},
            "acuerdo": None
            if acuerdo is None
            else {
                "numero": acuerdo.numero,
                "fecha": acuerdo.fecha,
                "tipo_plan": acuerdo.tipo_plan,
                "url": self.url_de("documento", acuerdo.pdf.pk) if acuerdo.pdf else "",
            },
            "hoja_borrador_url": self.url_de("hoja_control")
            if pagina.archivo is None and caso.estado != EstadoSolicitud.ARCHIVADA
            else "",
        }
