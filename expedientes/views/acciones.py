"""One small POST-only view per action on a case (``AccionView`` subclasses,
listed in ``VISTAS_DE_ACCION``): each validates its form and calls one service;
when the service refuses, its message is shown on the form and nothing changes.
Wired in viewsets.py."""

from __future__ import annotations

from typing import ClassVar

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View
from wagtail.admin.views.generic import PermissionCheckedMixin
from wagtail.admin.views.generic.base import (
    BaseObjectMixin,
    WagtailAdminTemplateMixin,
)

from procedimientos.constants import TipoActividad

from .. import forms as f
from ..models import Documento, Solicitud
from ..permisos import grupo_de
from ..selectors import actividad_de, actividades_de, personas_de, por_registrar
from ..services import (
    AccionNoPermitida,
    SolicitudError,
    compromiso_cumplir,
    dias_por_prorrogar,
    oficio_firmado_adjuntar,
    registro_corregir,
    sesion_cancelar,
    sesion_programar,
    sesion_registrar,
    sesion_reprogramar,
    solicitud_archivar,
    solicitud_desistir,
    solicitud_devolver,
    solicitud_prorrogar,
    solicitud_reanudar,
    solicitud_reasignar,
    solicitud_rechazar,
    solicitud_suspender,
)
from ..tipos import tipo_de_actividad


class AccionView(
    PermissionCheckedMixin, BaseObjectMixin, WagtailAdminTemplateMixin, View
):
    """One action on a case: POST only, its form, one service call.

    The form is shown on the case page (``CasoView``); it posts here. Valid and
    accepted: a Spanish success message and back to the case page. Invalid or
    refused by the service: this view renders the form again with the errors (the
    service's own words), and nothing has changed. Staff only: whoever the
    registered policy (``viewsets.SolicitudPermissionPolicy``) lets see cases;
    what each may do is the service's to decide.
    """

    http_method_names = ["post"]
    model = Solicitud
    permission_required = "view"
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
    #: Shown among "Lo que puede hacer"; ``False``: its form is next to each
    #: thing it acts on (a commitment), built by ``CasoView``.
    en_acciones: ClassVar[bool] = True

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
    """Complete the current activity with the form of its kind (``TipoActividad``):
    the form, the service and the title come from ``tipos.TIPOS_DE_ACTIVIDAD``.

    The kind is read from the activity the person saw (the posted ``actividad``),
    so a form sent after someone else moved the case on still validates and the
    service says who acted first.
    """

    accion = "completar"

    @classmethod
    def formularios(cls, solicitud, usuario, data=None, files=None) -> dict:
        numero = None
        if data is not None:
            try:
                numero = int(data.get("actividad", ""))
            except ValueError:
                numero = None
        numero = numero or solicitud.actividad_actual
        return tipo_de_actividad(solicitud, numero).formularios(
            solicitud, numero, data, files
        )

    @classmethod
    def titulo_para(cls, solicitud) -> str:
        tipo = tipo_de_actividad(solicitud, solicitud.actividad_actual)
        if tipo.titulo:
            return str(tipo.titulo)
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
        # The kind of the activity the form was built for (``formularios``).
        tipo = tipo_de_actividad(self.object, self.actividad_vista(form))
        return tipo.completar(self.comun(form), form, formsets)


class SesionView(AccionView):
    """Record a held session. Unbound, it starts from the earliest scheduled
    session whose time has come (``selectors.por_registrar``): its date, place,
    topics and, as attendees, the people invited."""

    accion = "registrar_sesion"
    titulo = gettext_lazy("Registrar una sesión de asesoría")
    boton = gettext_lazy("Registrar la sesión")

    @classmethod
    def formularios(cls, solicitud, usuario, data=None, files=None) -> dict:
        inicial, asistentes = {}, None
        programada = por_registrar(solicitud) if data is None else None
        if programada is not None:
            inicial, asistentes = f.SesionForm.inicial(programada)
        return {
            "form": f.SesionForm(data, files, solicitud=solicitud, initial=inicial),
            "asistentes": f.AsistenteFormSet(
                data, prefix="asistentes", initial=asistentes or None
            ),
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


class ProgramarSesionView(AccionView):
    accion = "programar_sesion"
    titulo = gettext_lazy("Programar una sesión de asesoría")
    boton = gettext_lazy("Programar y enviar las invitaciones")
    form_class = f.ProgramarSesionForm

    def ejecutar(self, form, formsets) -> str:
        sesion = sesion_programar(**self.comun(form), datos=form.datos())
        return _(
            "Sesión programada para el %(fecha)s. Se envía la invitación de "
            "calendario a %(n)s personas."
        ) % {
            "fecha": timezone.localtime(sesion.inicio).strftime("%d/%m/%Y %H:%M"),
            "n": sesion.invitados.count(),
        }


class ReprogramarSesionView(AccionView):
    accion = "reprogramar_sesion"
    titulo = gettext_lazy("Reprogramar una sesión")
    boton = gettext_lazy("Reprogramar y avisar a los invitados")
    form_class = f.ReprogramarSesionForm

    def ejecutar(self, form, formsets) -> str:
        pk, secuencia = form.sesion_vista()
        sesion = sesion_reprogramar(
            **self.comun(form),
            sesion=pk,
            secuencia=secuencia,
            datos=form.programacion(),
            motivo=form.cleaned_data["motivo"],
        )
        return _(
            "Sesión reprogramada para el %(fecha)s; los invitados reciben la "
            "invitación actualizada."
        ) % {"fecha": timezone.localtime(sesion.inicio).strftime("%d/%m/%Y %H:%M")}


class CancelarSesionView(AccionView):
    accion = "cancelar_sesion"
    titulo = gettext_lazy("Cancelar una sesión")
    boton = gettext_lazy("Cancelar la sesión y avisar")
    form_class = f.CancelarSesionForm
    peligrosa = True

    def ejecutar(self, form, formsets) -> str:
        pk, secuencia = form.sesion_vista()
        sesion = sesion_cancelar(
            solicitud=self.object,
            actor=self.request.user,
            sesion=pk,
            secuencia=secuencia,
            motivo=form.cleaned_data["motivo"],
        )
        return _(
            "Sesión del %(fecha)s cancelada; los invitados reciben la cancelación."
        ) % {"fecha": timezone.localtime(sesion.inicio).strftime("%d/%m/%Y %H:%M")}


class CumplirCompromisoView(AccionView):
    """One commitment of a session marked fulfilled (``compromiso_cumplir``);
    its button is next to the commitment on the case page."""

    accion = "cumplir_compromiso"
    titulo = gettext_lazy("Marcar un compromiso como cumplido")
    boton = gettext_lazy("Marcar cumplido")
    form_class = f.CumplirCompromisoForm
    en_acciones = False

    def ejecutar(self, form, formsets) -> str:
        antes = timezone.now()
        compromiso = compromiso_cumplir(
            solicitud=self.object,
            actor=self.request.user,
            compromiso=form.cleaned_data["compromiso"],
        )
        datos = {"compromiso": compromiso.descripcion}
        if compromiso.cumplido_en < antes:
            return _(
                "El compromiso «%(compromiso)s» ya estaba cumplido: lo marcó "
                "%(quien)s el %(fecha)s."
            ) % {
                **datos,
                "quien": compromiso.cumplido_por.nombre,
                "fecha": timezone.localtime(compromiso.cumplido_en).strftime(
                    "%d/%m/%Y %H:%M"
                ),
            }
        return _("Compromiso «%(compromiso)s» marcado como cumplido.") % datos


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
        return {"solicitud": solicitud, "personas": personas_de(grupo)}

    def ejecutar(self, form, formsets) -> str:
        persona = form.cleaned_data["a"]
        solicitud_reasignar(
            **self.comun(form),
            a=persona,
            motivo=form.cleaned_data["motivo"],
        )
        return _("Solicitud asignada a %(nombre)s.") % {"nombre": persona.nombre}


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
    titulo = gettext_lazy("Adjuntar el oficio de respuesta firmado en papel")
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
    ProgramarSesionView,
    ReprogramarSesionView,
    CancelarSesionView,
    CumplirCompromisoView,
    ReanudarView,
    OficioFirmadoView,
    ProrrogarView,
    ReasignarView,
    SuspenderView,
    DevolverView,
    RechazarView,
    DesistirView,
)
