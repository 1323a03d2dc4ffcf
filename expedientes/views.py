"""Admin views of cases that are not plain model views. Wired in viewsets.py.

- ``RadicarEnVentanillaView``: activity 1 for paper requests.
- ``CasoView``: the case page (the viewset's inspect view).
- One small POST-only view per action (``AccionView`` subclasses, listed in
  ``VISTAS_DE_ACCION``): each validates its form and calls one service; when the
  service refuses, its message is shown on the form and nothing changes.
- ``DocumentoView``: staff download a case's files (private storage).
- Activity 6: ``ArchivarView`` (one of the actions), ``CorregirView`` (a
  correction of an issued record), ``HojaControlView`` (the working copy of the
  hoja de control) and ``TransferenciasView`` (the FUID of chosen archived cases).
"""

from __future__ import annotations

import datetime
import re
from typing import ClassVar

from dateutil.relativedelta import relativedelta

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.views.generic.base import (
    BaseObjectMixin,
    WagtailAdminTemplateMixin,
)
from wagtail.admin.views.generic.models import InspectView

from procedimientos.constants import TipoActividad

from . import forms as f
from .constants import (
    Canal,
    EstadoSolicitud,
    Institucion,
    TipoDocumento,
    TipoEvento,
)
from .filters import TransferenciaFilterSet
from .models import ArchivoExpediente, Documento, Solicitud
from .permisos import acciones_permitidas, es_personal, grupo_de, puede_corregir
from .plazos import estado_plazo
from .selectors import (
    actividad_de,
    actividades_de,
    datos_de_la_ultima_vez,
    documentos_del_expediente,
    evento_del_acuerdo,
    eventos_de,
    indice_expediente,
    linea_de_tiempo,
)
from .services import (
    AccionNoPermitida,
    SolicitudError,
    actividad_brindar_apoyo_completar,
    actividad_completar,
    actividad_conformar_equipo,
    actividad_definir_alcance,
    actividad_registrar,
    dias_por_prorrogar,
    fuid_construir,
    hoja_control_borrador,
    oficio_firmado_adjuntar,
    registro_corregir,
    sesion_registrar,
    solicitud_archivar,
    solicitud_desistir,
    solicitud_devolver,
    solicitud_prorrogar,
    solicitud_radicar,
    solicitud_reanudar,
    solicitud_reasignar,
    solicitud_rechazar,
    solicitud_suspender,
)
from .services.archivo import archivos_para_fuid
from .ventanilla import pase_entregar


class RadicarEnVentanillaView(WagtailAdminTemplateMixin, FormView):
    """Activity 1 for paper requests: the Ventanilla única types and scans them.

    Same service as the portal (``solicitud_radicar``), channel *ventanilla*.
    """

    form_class = f.RadicacionVentanillaForm
    template_name = "wagtailadmin/generic/form.html"
    page_title = gettext_lazy("Radicar solicitud en papel")
    header_icon = "doc-full-inverse"
    #: Set by SolicitudViewSet: where the listing and each request live.
    index_url_name = ""
    inspect_url_name = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("expedientes.add_solicitud"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Solicitudes")},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            action_url=self.request.path,
            submit_button_label=_("Radicar"),
            submit_button_active_label=_("Radicando…"),
            **kwargs,
        )

    def form_valid(self, form):
        datos = form.cleaned_data
        try:
            solicitud, codigo = solicitud_radicar(
                actor=self.request.user,
                municipio=datos["municipio"],
                datos=form.datos_solicitud(),
                oficio=datos["oficio"],
                anexos=datos["anexos"],
                canal=Canal.VENTANILLA,
                acepta_tratamiento_datos=datos["acepta_tratamiento_datos"],
            )
        except SolicitudError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "Solicitud radicada con el número %(radicado)s. Imprima la hoja de "
                "acceso y entréguela al solicitante con la constancia."
            )
            % {"radicado": solicitud.radicado},
        )
        # The code goes to the confirmation page in a short-lived signed cookie,
        # never stored (ventanilla.py).
        return pase_entregar(
            self.request,
            redirect("solicitudes:radicada", solicitud.pk),
            solicitud,
            codigo,
        )


# --- actions -------------------------------------------------------------------------


def _personas_de(grupo: str):
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=grupo)
        .order_by("first_name", "last_name", "username")
        .distinct()
    )


class AccionView(BaseObjectMixin, WagtailAdminTemplateMixin, View):
    """One action on a case: POST only, its form, one service call.

    The form is shown on the case page (``CasoView``); it posts here. Valid and
    accepted: a Spanish success message and back to the case page. Invalid or
    refused by the service: this view renders the form again with the errors (the
    service's own words), and nothing has changed.
    """

    http_method_names = ["post"]
    model = Solicitud
    template_name = "expedientes/admin/accion.html"
    header_icon = "form"
    #: Set by SolicitudViewSet (construct_view).
    index_url_name = ""
    inspect_url_name = ""
    url_namespace = ""
    #: The name in ``permisos.acciones_permitidas`` and in the viewset's URLs.
    accion: ClassVar[str] = ""
    titulo: ClassVar[str] = ""
    boton: ClassVar[str] = ""
    form_class: ClassVar[type] = f.AccionForm
    #: Buttons that take something away get the "warning" style.
    peligrosa: ClassVar[bool] = False

    def dispatch(self, request, *args, **kwargs):
        if not es_personal(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_base_object_queryset(self):
        return Solicitud.objects.select_related(
            "municipio", "version_procedimiento", "asignada_a"
        )

    # Forms: the same builders serve the case page (unbound) and this view.
    @classmethod
    def formulario_kwargs(cls, solicitud, usuario) -> dict:
        return {"solicitud": solicitud}

    @classmethod
    def formularios(cls, solicitud, usuario, data=None, files=None) -> dict:
        """The form (``form``) and any formsets, bound when data is given."""
        return {
            "form": cls.form_class(
                data, files, **cls.formulario_kwargs(solicitud, usuario)
            )
        }

    def ejecutar(self, form, formsets) -> str:
        """Call the service; return the success message."""
        raise NotImplementedError

    def get_page_title(self):
        return self.titulo

    def get_page_subtitle(self):
        return self.object.radicado

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Solicitudes")},
            {
                "url": reverse(self.inspect_url_name, args=[self.object.pk]),
                "label": self.object.radicado,
            },
            {"url": "", "label": self.titulo},
        ]

    def actividad_vista(self, form) -> int:
        return form.cleaned_data.get("actividad") or self.object.actividad_actual

    def comun(self, form) -> dict:
        """What the service of an action on the case takes in every view: the case,
        who acts and the activity they saw."""
        return {
            "solicitud": self.object,
            "actor": self.request.user,
            "actividad": self.actividad_vista(form),
        }

    def post(self, request, *args, **kwargs):
        formularios = self.formularios(
            self.object, request.user, request.POST, request.FILES
        )
        form = formularios.pop("form")
        estado = 200
        agregar = request.POST.get(f.AGREGAR_FILA)
        if agregar in formularios:
            # "Añadir una fila" with JavaScript off: nothing is sent, nothing
            # validated; the same forms again with what was typed and a row more.
            form = f.sin_errores(form)
            formularios = {
                nombre: fs.con_una_fila_mas()
                if nombre == agregar
                else f.sin_errores(fs)
                for nombre, fs in formularios.items()
            }
        elif form.is_valid() and all(fs.is_valid() for fs in formularios.values()):
            try:
                mensaje = self.ejecutar(form, formularios)
            except AccionNoPermitida as error:
                form.add_error(None, str(error))
                estado = 403
            except SolicitudError as error:
                # Next to the field it is about, when the form has that field.
                campo = error.campo if error.campo in form.fields else None
                form.add_error(campo, str(error))
                estado = 409
            else:
                messages.success(request, mensaje)
                return redirect(self.inspect_url_name, self.object.pk)
        contexto = self.get_context_data(
            form=form,
            formsets=formularios,
            accion_url=request.path,
            caso_url=reverse(self.inspect_url_name, args=[self.object.pk]),
            boton=self.boton or self.titulo,
            peligrosa=self.peligrosa,
        )
        return self.render_to_response(contexto, status=estado)


class CompletarView(AccionView):
    """Complete the current activity with the form of its kind (``TipoActividad``).

    The kind is read from the activity the person saw (the posted ``actividad``),
    so a form sent after someone else moved the case on still validates and the
    service says who acted first.
    """

    accion = "completar"

    @staticmethod
    def tipo_de(solicitud, numero: int | None = None) -> str:
        actividad = actividad_de(solicitud, numero or solicitud.actividad_actual)
        return actividad.tipo if actividad is not None else TipoActividad.GENERICA

    @classmethod
    def formularios(cls, solicitud, usuario, data=None, files=None) -> dict:
        numero = None
        if data is not None:
            try:
                numero = int(data.get("actividad", ""))
            except ValueError:
                numero = None
        tipo = cls.tipo_de(solicitud, numero)
        base = {"solicitud": solicitud}
        if tipo == TipoActividad.REGISTRO:
            siguiente = actividad_de(
                solicitud, (numero or solicitud.actividad_actual) + 1
            )
            destinatarios = _personas_de(grupo_de(siguiente) if siguiente else "")
            return {
                "form": f.RegistroForm(data, files, destinatarios=destinatarios, **base)
            }
        # Done again after a step back: the form starts from what was recorded.
        anterior = (
            datos_de_la_ultima_vez(solicitud, solicitud.actividad_actual)
            if data is None and tipo in (TipoActividad.ALCANCE, TipoActividad.EQUIPO)
            else {}
        )
        if tipo == TipoActividad.ALCANCE:
            return {
                "form": f.AlcanceForm(
                    data, files, initial=f.AlcanceForm.inicial(anterior), **base
                )
            }
        if tipo == TipoActividad.EQUIPO:
            return {
                "form": f.EquipoForm(data, files, **base),
                "integrantes": f.IntegranteFormSet(
                    data,
                    prefix="integrantes",
                    initial=f.IntegranteFormSet.inicial(anterior) or None,
                ),
            }
        if tipo == TipoActividad.ASESORIA:
            return {"form": f.ResultadoForm(data, files, **base)}
        return {"form": f.GenericaForm(data, files, **base)}

    @classmethod
    def titulo_para(cls, solicitud) -> str:
        tipo = cls.tipo_de(solicitud)
        if tipo == TipoActividad.ASESORIA:
            return _("Terminar la asesoría")
        actividad = actividad_de(solicitud, solicitud.actividad_actual)
        return _("Completar: %(nombre)s") % {
            "nombre": actividad.nombre if actividad else ""
        }

    def get_page_title(self):
        return self.titulo_para(self.object)

    @property
    def titulo(self):  # type: ignore[override]
        return self.titulo_para(self.object)

    def ejecutar(self, form, formsets) -> str:
        comun = self.comun(form)
        d = form.cleaned_data
        if isinstance(form, f.RegistroForm):
            caso = actividad_registrar(
                **comun, observaciones=d["observaciones"], dirigida_a=d["dirigida_a"]
            )
            return _(
                "Solicitud %(radicado)s registrada con el número %(numero)s y "
                "enviada a la actividad siguiente."
            ) % {"radicado": caso.radicado, "numero": caso.numero_registro}
        if isinstance(form, f.AlcanceForm):
            actividad_definir_alcance(**comun, alcance=form.datos())
            return _(
                "Alcance definido. Se expidió el oficio de respuesta y se avisó al "
                "municipio."
            )
        if isinstance(form, f.EquipoForm):
            actividad_conformar_equipo(
                **comun,
                integrantes=formsets["integrantes"].filas(),
                objeto=d["objeto"],
                compromisos=d["compromisos"],
            )
            return _("Equipo conformado. Se expidió el acta de compromiso.")
        if isinstance(form, f.ResultadoForm):
            actividad_brindar_apoyo_completar(**comun, resultado=form.datos())
            return _(
                "Asesoría terminada. Se expidió la planilla de asesorías; la "
                "solicitud pasa a Seguimiento y evaluación."
            )
        actividad_completar(**comun, observaciones=d["observaciones"])
        return _("Actividad completada.")


class SesionView(AccionView):
    accion = "registrar_sesion"
    titulo = gettext_lazy("Registrar una sesión de asesoría")
    boton = gettext_lazy("Registrar la sesión")

    @classmethod
    def formularios(cls, solicitud, usuario, data=None, files=None) -> dict:
        return {
            "form": f.SesionForm(data, files, solicitud=solicitud),
            "asistentes": f.AsistenteFormSet(data, prefix="asistentes"),
            "compromisos": f.CompromisoFormSet(data, prefix="compromisos"),
        }

    def ejecutar(self, form, formsets) -> str:
        sesion = sesion_registrar(
            **self.comun(form),
            sesion=form.datos(formsets["asistentes"], formsets["compromisos"]),
        )
        return _(
            "Sesión %(n)s registrada. Se expidieron su registro de asistencia y su "
            "acta de reunión."
        ) % {"n": sesion.numero}


class DevolverView(AccionView):
    accion = "devolver"
    titulo = gettext_lazy("Devolver a una actividad anterior")
    boton = gettext_lazy("Devolver")
    form_class = f.DevolverForm
    peligrosa = True

    @classmethod
    def formulario_kwargs(cls, solicitud, usuario) -> dict:
        anteriores = [
            a
            for a in actividades_de(solicitud)
            if 1 < a.numero < solicitud.actividad_actual
            and a.tipo != TipoActividad.RADICACION
        ]
        return {"solicitud": solicitud, "anteriores": anteriores}

    def ejecutar(self, form, formsets) -> str:
        d = form.cleaned_data
        caso = solicitud_devolver(
            **self.comun(form),
            hacia=d["hacia"],
            motivo=d["motivo"],
        )
        return _("Solicitud devuelta a la actividad %(n)s.") % {
            "n": caso.actividad_actual
        }


class SuspenderView(AccionView):
    accion = "suspender"
    titulo = gettext_lazy("Suspender a la espera del municipio")
    boton = gettext_lazy("Suspender")
    form_class = f.SuspenderForm
    peligrosa = True

    def ejecutar(self, form, formsets) -> str:
        solicitud_suspender(
            **self.comun(form),
            motivo=form.cleaned_data["motivo"],
        )
        return _("Solicitud suspendida. Se avisó al municipio qué debe aportar.")


class ReanudarView(AccionView):
    accion = "reanudar"
    titulo = gettext_lazy("Reanudar el trámite")
    boton = gettext_lazy("Reanudar")
    form_class = f.ReanudarForm

    def ejecutar(self, form, formsets) -> str:
        solicitud_reanudar(
            solicitud=self.object,
            actor=self.request.user,
            motivo=form.cleaned_data["motivo"],
        )
        return _("Trámite reanudado; los plazos se corrieron los días suspendidos.")


class ProrrogarView(AccionView):
    accion = "prorrogar"
    titulo = gettext_lazy("Prorrogar el término")
    boton = gettext_lazy("Prorrogar")
    form_class = f.ProrrogarForm

    @classmethod
    def formulario_kwargs(cls, solicitud, usuario) -> dict:
        return {
            "solicitud": solicitud,
            "maximo": dias_por_prorrogar(solicitud),
            "legal": solicitud.respondida_en is None,
        }

    def ejecutar(self, form, formsets) -> str:
        caso = solicitud_prorrogar(
            **self.comun(form),
            dias=form.cleaned_data["dias"],
            motivo=form.cleaned_data["motivo"],
        )
        return _("Término prorrogado; ahora vence el %(fecha)s.") % {
            "fecha": caso.vence_el.strftime("%d/%m/%Y") if caso.vence_el else "—"
        }


class ReasignarView(AccionView):
    accion = "reasignar"
    titulo = gettext_lazy("Reasignar dentro del grupo")
    boton = gettext_lazy("Reasignar")
    form_class = f.ReasignarForm

    @classmethod
    def formulario_kwargs(cls, solicitud, usuario) -> dict:
        actividad = actividad_de(solicitud, solicitud.actividad_actual)
        grupo = grupo_de(actividad) if actividad else ""
        return {"solicitud": solicitud, "personas": _personas_de(grupo)}

    def ejecutar(self, form, formsets) -> str:
        persona = form.cleaned_data["a"]
        solicitud_reasignar(
            **self.comun(form),
            a=persona,
            motivo=form.cleaned_data["motivo"],
        )
        return _("Solicitud asignada a %(nombre)s.") % {
            "nombre": persona.get_full_name() or persona.get_username()
        }


class DesistirView(AccionView):
    accion = "desistir"
    titulo = gettext_lazy("Registrar el desistimiento")
    boton = gettext_lazy("Registrar el desistimiento")
    form_class = f.DesistirForm
    peligrosa = True

    def ejecutar(self, form, formsets) -> str:
        solicitud_desistir(
            solicitud=self.object,
            actor=self.request.user,
            motivo=form.cleaned_data["motivo"],
        )
        return _(
            "Desistimiento registrado. La solicitud espera su archivo en "
            "Seguimiento y evaluación."
        )


class RechazarView(AccionView):
    accion = "rechazar"
    titulo = gettext_lazy("Rechazar la solicitud")
    boton = gettext_lazy("Rechazar y expedir el oficio")
    form_class = f.RechazarForm
    peligrosa = True

    def ejecutar(self, form, formsets) -> str:
        solicitud_rechazar(
            **self.comun(form),
            motivo=form.cleaned_data["motivo"],
            fundamentos=form.cleaned_data["fundamentos"],
        )
        return _(
            "Solicitud rechazada. Se expidió el oficio de respuesta motivado y se "
            "avisó al municipio."
        )


class OficioFirmadoView(AccionView):
    accion = "adjuntar_firmado"
    titulo = gettext_lazy("Adjuntar el oficio de respuesta firmado")
    boton = gettext_lazy("Adjuntar")
    form_class = f.OficioFirmadoForm

    def ejecutar(self, form, formsets) -> str:
        oficio_firmado_adjuntar(
            solicitud=self.object,
            actor=self.request.user,
            archivo=form.cleaned_data["archivo"],
        )
        return _("Oficio firmado añadido al expediente y enviado al municipio.")


class ArchivarView(AccionView):
    """Activity 6: archive the case file for good (``solicitud_archivar``)."""

    accion = "archivar"
    titulo = gettext_lazy("Archivar el expediente")
    boton = gettext_lazy("Archivar definitivamente")
    form_class = f.ArchivarForm
    peligrosa = True

    def ejecutar(self, form, formsets) -> str:
        caso = solicitud_archivar(
            **self.comun(form),
            datos=form.datos(),
        )
        return _(
            "Expediente %(radicado)s archivado. Se expidió su hoja de control; ya "
            "no admite cambios."
        ) % {"radicado": caso.radicado}


class CorregirView(AccionView):
    """A correction of one issued record (``registro_corregir``): a new record
    supersedes it; the old one and its file never change. Its form is next to
    the record in the case file's index (``CasoView``)."""

    accion = "corregir"
    titulo = gettext_lazy("Corregir un registro expedido")
    boton = gettext_lazy("Expedir la corrección")
    form_class = f.CorregirForm

    @cached_property
    def documento(self):
        return get_object_or_404(
            Documento.objects.select_related("evento"),
            solicitud=self.object,
            pk=self.kwargs["documento"],
        )

    def get_page_subtitle(self):
        return f"{self.object.radicado} · {self.documento.get_tipo_display()}"

    def formularios(self, solicitud, usuario, data=None, files=None) -> dict:
        return {
            "form": f.CorregirForm(data, solicitud=solicitud, documento=self.documento)
        }

    def ejecutar(self, form, formsets) -> str:
        nuevo = registro_corregir(
            documento=self.documento,
            actor=self.request.user,
            motivo=form.cleaned_data["motivo"],
        )
        return _(
            "Se expidió la corrección de «%(tipo)s» con el código %(nuevo)s; reemplaza "
            "al %(anterior)s, que no cambia."
        ) % {
            "tipo": self.documento.get_tipo_display(),
            "nuevo": nuevo.codigo_verificacion,
            "anterior": self.documento.codigo_verificacion,
        }


#: Every action view, in the order the case page shows them; the viewset adds a
#: URL for each (``<accion>/<pk>/``).
VISTAS_DE_ACCION: tuple[type[AccionView], ...] = (
    CompletarView,
    ArchivarView,
    SesionView,
    ReanudarView,
    OficioFirmadoView,
    ProrrogarView,
    ReasignarView,
    SuspenderView,
    DevolverView,
    RechazarView,
    DesistirView,
)


def _etiqueta(choices, valor) -> str:
    try:
        return str(choices(valor).label)
    except ValueError:
        return valor or ""


# --- the case page -------------------------------------------------------------------


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


# --- files ---------------------------------------------------------------------------


def nombre_de_descarga(nombre: str) -> str:
    """A file name safe for a Content-Disposition header."""
    nombre = re.sub(r"[\x00-\x1f\x7f/\\]", "", nombre).strip()
    return nombre or "documento.pdf"


class DocumentoView(BaseObjectMixin, View):
    """Staff download any file of a case (uploads and issued records), from
    private storage; municipal accounts use the portal's own view."""

    http_method_names = ["get"]
    model = Solicitud

    def dispatch(self, request, *args, **kwargs):
        if not es_personal(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        documento = get_object_or_404(
            Documento.objects.exclude(archivo=""),
            solicitud=self.object,
            pk=kwargs["documento"],
        )
        try:
            archivo = documento.archivo.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        return FileResponse(
            archivo,
            as_attachment=True,
            filename=nombre_de_descarga(documento.nombre_original),
            content_type="application/pdf",
        )


# --- activity 6: the hoja de control and the FUID ------------------------------------


class HojaControlView(BaseObjectMixin, View):
    """The hoja de control as the case file stands now, to print while the case is
    open: a working copy (no verification code, not stored), shown in the
    browser. Staff only; once archived, the case page links the issued one."""

    http_method_names = ["get"]
    model = Solicitud

    def dispatch(self, request, *args, **kwargs):
        if not es_personal(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        from .pdf.hoja_control import render_hoja_control

        try:
            hoja = hoja_control_borrador(self.object, actor=request.user)
        except SolicitudError as error:
            raise PermissionDenied(str(error)) from error
        respuesta = HttpResponse(
            render_hoja_control(hoja), content_type="application/pdf"
        )
        nombre = nombre_de_descarga(
            f"hoja-de-control-{self.object.radicado}-copia-de-trabajo.pdf"
        )
        respuesta["Content-Disposition"] = f'inline; filename="{nombre}"'
        respuesta["Cache-Control"] = "no-store"
        return respuesta


#: The FUID's formats and their content types (``fuid.py``, ``pdf/fuid.py``).
FORMATOS_FUID = {
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class TransferenciasView(WagtailAdminTemplateMixin, TemplateView):
    """Transferencias documentales: the archived case files whose retention (in
    the archivo de gestión or the central one) ends in a period, filtered by
    series and municipality (``filters.TransferenciaFilterSet``); the person
    ticks the ones to transfer, fills in the FUID's header and footer
    (``forms.FuidForm``) and downloads it as PDF, CSV or XLSX.

    The listing shows ``por_pagina`` case files a page (``?p=``, Wagtail's
    paginator and its links, which keep the filters); the FUID takes the ones
    ticked, or with ``todos`` every one the filters match, on any page. The
    filters and the page travel in the query string of both the listing and the
    form's POST, so a refused form shows the same page with the same choices.
    Staff only (menu item in wagtail_hooks.py, URL in
    ``SolicitudViewSet.get_urlpatterns``).
    """

    template_name = "expedientes/admin/transferencias.html"
    page_title = gettext_lazy("Transferencias documentales (FUID)")
    header_icon = "folder-open-inverse"
    #: Set by SolicitudViewSet.
    inspect_url_name = ""
    #: Case files a page of the listing.
    por_pagina = 100

    def dispatch(self, request, *args, **kwargs):
        if not es_personal(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    @cached_property
    def pagina(self):
        """The page asked for (``?p=``); a page that is not a number is the
        first, one past the end the last (``Paginator.get_page``)."""
        paginator = WagtailPaginator(self.archivos(), self.por_pagina)
        return paginator.get_page(self.request.GET.get("p"))

    @cached_property
    def filtros(self) -> TransferenciaFilterSet:
        hoy = timezone.localdate()
        datos = self.request.GET.copy()
        # Default period: the next 12 months, archivo de gestión.
        if not datos.get("retencion"):
            datos["retencion"] = "gestion"
        if "desde" not in datos and "hasta" not in datos:
            datos["desde"] = hoy.isoformat()
            datos["hasta"] = (hoy + relativedelta(years=1)).isoformat()
        return TransferenciaFilterSet(
            datos,
            queryset=ArchivoExpediente.objects.select_related(
                "serie", "solicitud__municipio"
            ),
            request=self.request,
        )

    def archivos(self):
        if not self.filtros.is_valid():
            return ArchivoExpediente.objects.none()
        return self.filtros.qs

    def get_context_data(self, **kwargs):
        form = kwargs.pop("form", None) or f.FuidForm(archivos=self.archivos())
        pagina = self.pagina
        elegidos = form.elegidos()
        filas = [
            {
                "archivo": a,
                "elegido": str(a.pk) in elegidos,
                "url": reverse(self.inspect_url_name, args=[a.solicitud_id]),
            }
            for a in pagina
        ]
        return super().get_context_data(
            filtros=self.filtros,
            form=form,
            pagina=pagina,
            elided_page_range=pagina.paginator.get_elided_page_range(pagina.number),
            filas=filas,
            # Ticked on another page (a refused form): sent again, not lost.
            elegidos_fuera=sorted(
                elegidos - {str(fila["archivo"].pk) for fila in filas}, key=int
            ),
            retencion=self.filtros.form.cleaned_data.get("retencion", "gestion")
            if self.filtros.is_valid()
            else "gestion",
            consulta=self.request.GET.urlencode(),
            formatos=FORMATOS_FUID,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        from .fuid import fuid_csv, fuid_xlsx
        from .pdf.fuid import render_fuid

        form = f.FuidForm(request.POST, archivos=self.archivos())
        formato = request.POST.get("formato", "")
        if formato not in FORMATOS_FUID:
            form.add_error(None, _("Elija el formato: PDF, CSV o XLSX."))
        if form.is_valid() and formato in FORMATOS_FUID:
            elegidos = archivos_para_fuid(form.cleaned_data["archivos"].values("pk"))
            try:
                fuid = fuid_construir(elegidos, actor=request.user, datos=form.datos())
            except SolicitudError as error:
                form.add_error(None, str(error))
            else:
                generar = {"pdf": render_fuid, "csv": fuid_csv, "xlsx": fuid_xlsx}
                respuesta = HttpResponse(
                    generar[formato](fuid), content_type=FORMATOS_FUID[formato]
                )
                respuesta["Content-Disposition"] = (
                    f'attachment; filename="{self.nombre_fuid(form, formato)}"'
                )
                respuesta["Cache-Control"] = "no-store"
                return respuesta
        return self.render_to_response(self.get_context_data(form=form), status=400)

    @staticmethod
    def nombre_fuid(form, formato: str) -> str:
        numero = re.sub(
            r"[^A-Za-z0-9_-]+", "-", form.cleaned_data["numero_transferencia"]
        ).strip("-")
        fecha = timezone.localdate().isoformat()
        partes = ["FUID", numero, fecha] if numero else ["FUID", fecha]
        return "-".join(partes) + f".{formato}"
