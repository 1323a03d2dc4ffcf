"""What a municipality sees of its request as it moves through activities 2 to 6,
and what it may do on it from its page ``/solicitudes/<radicado>/``.

- ``contexto_de_detalle``: the request page's context (timeline, public history,
  legal deadline and its state, why it is suspended, the documents addressed to
  the municipality), used by ``views.solicitud_detalle`` and by the views below
  when they show a form again with its errors.
- ``documentos_aportar``: the documents a suspension asked for (several PDFs and a
  message) through ``services.documentos_aportar``, which resumes the case.
- ``solicitud_desistir``: a confirmation page with the reason, then
  ``services.solicitud_desistir`` (desistimiento, Ley 1755 de 2015, art. 18).

Routes in portal/urls.py. As everywhere in the portal, only the account's own
municipality: another's request is a 404 (``acceso.solicitud_del_municipio``).
Changes are POST only (CSRF by the middleware). Which actions the municipality
may take now is the rules' table (``expedientes.reglas.permitidas``, the same rows
the services check); the page offers those and this module only asks and tells.
"""

from __future__ import annotations

import datetime

from django_ratelimit.exceptions import Ratelimited

from django import forms
from django.contrib import messages
from django.core.validators import MaxLengthValidator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from expedientes import calendario
from expedientes.constants import MAX_ANEXOS, EstadoSolicitud, TipoEvento
from expedientes.forms import ArchivosAcotadosMixin, VariosPDFField
from expedientes.models import Solicitud
from expedientes.plazos import estado_plazo
from expedientes.reglas import permitidas
from expedientes.selectors import (
    documentos_para_municipio,
    historial_publico,
    linea_de_tiempo,
    plazo_de_respuesta,
    proximas_sesiones,
)
from expedientes.services import SolicitudError
from expedientes.services import documentos_aportar as servicio_aportar
from expedientes.services import solicitud_desistir as servicio_desistir
from expedientes.services.acciones import LARGO_MOTIVO
from expedientes.subidas import tamano_maximo

from .acceso import (
    limite_de_cuenta,
    rechazos_excedidos,
    solicitud_del_municipio,
    solo_municipios,
)
from .filas import documento_html

# --- Forms ---------------------------------------------------------------------------


class AportarDocumentosForm(ArchivosAcotadosMixin, forms.Form):
    """The documents a suspension asked for: PDFs checked by content, as in filing
    (``VariosPDFField`` and ``archivos.validar_pdf``, whose Spanish messages show
    next to the field); the service checks them again."""

    documentos = VariosPDFField(label=gettext_lazy("Documentos solicitados (PDF)"))
    mensaje = forms.CharField(
        label=gettext_lazy("Mensaje para la Secretaría (opcional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[MaxLengthValidator(LARGO_MOTIVO)],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["documentos"].help_text = _(
            "Hasta %(n)s archivos PDF, cada uno de hasta %(maximo)s. Puede elegir "
            "varios a la vez."
        ) % {"n": MAX_ANEXOS, "maximo": filesizeformat(tamano_maximo())}
        self.fields["documentos"].error_messages["empty"] = _(
            "Uno de los archivos está vacío."
        )
        self.fields["documentos"].error_messages["demasiados"] = _(
            "Adjunte como máximo %(n)s documentos; eligió %(elegidos)s."
        )
        self.fields["mensaje"].help_text = _(
            "Por ejemplo, qué envía o qué falta todavía. Hasta %(n)s caracteres."
        ) % {"n": LARGO_MOTIVO}

    def clean_documentos(self):
        documentos = [d for d in self.cleaned_data["documentos"] if d]
        if not documentos:
            raise forms.ValidationError(
                _("Adjunte al menos un documento en PDF."), code="requerido"
            )
        return documentos  # how many: ArchivosAcotadosMixin, before any was read


class DesistirForm(forms.Form):
    motivo = forms.CharField(
        label=gettext_lazy("Motivo del desistimiento"),
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[MaxLengthValidator(LARGO_MOTIVO)],
        error_messages={
            "required": gettext_lazy("Escriba por qué desiste de la solicitud.")
        },
        help_text=gettext_lazy(
            "Queda en el expediente; la Secretaría lo lee, el público no lo ve."
        ),
    )


# --- The request page's context ------------------------------------------------------


def contexto_de_detalle(
    solicitud: Solicitud,
    *,
    usuario,
    form_aportar: AportarDocumentosForm | None = None,
    hoy: datetime.date | None = None,
) -> dict:
    """What ``templates/portal/solicitudes/detalle.html`` shows of ``solicitud``
    to ``usuario``, with the actions it may take now (``acciones``).

    Only what the municipality may see: public texts of the history (never the
    internal reasons or who acted), the legal deadline of the answer while it runs
    (the office's internal terms are not its concern) and the files addressed to
    it (never internal records such as the registro interno or the planilla).
    """
    plazo = plazo_de_respuesta(solicitud)
    historial = historial_publico(solicitud)
    acciones = permitidas(usuario, solicitud)
    suspension = None
    if solicitud.estado == EstadoSolicitud.SUSPENDIDA:
        suspension = next(
            (e for e in reversed(historial) if e.tipo == TipoEvento.SUSPENDIDA), None
        )
    return {
        "titulo": _("Solicitud %(radicado)s") % {"radicado": solicitud.radicado},
        "solicitud": solicitud,
        "etapas": linea_de_tiempo(solicitud),
        "historial": historial,
        "plazo": plazo,
        "estado_plazo": estado_plazo(plazo, hoy),
        "suspension": suspension,
        "acciones": acciones,
        "form_aportar": (form_aportar or AportarDocumentosForm())
        if "aportar" in acciones
        else None,
        "documentos": _con_descarga(solicitud),
        "sesiones": list(proximas_sesiones(solicitud)),
    }


def _con_descarga(solicitud: Solicitud) -> list:
    """The files addressed to the municipality, each with ``url_descarga``: its
    ``documento_descargar`` URL from one ``reverse()`` for all of them, where the
    template's ``{% url %}`` reversed once per file (500 on a long case; issue 18),
    and ``html``, its entry in the page's list (``portal.filas.documento_html``)."""
    muestra = reverse("documento_descargar", args=[solicitud.radicado, 0])
    if not muestra.endswith("/0/"):
        raise ValueError(f"documento_descargar: {muestra} does not end in its file")
    prefijo = muestra[: -len("0/")]
    documentos = list(documentos_para_municipio(solicitud).order_by("creado_en", "pk"))
    for documento in documentos:
        documento.url_descarga = f"{prefijo}{documento.pk}/"
        documento.html = documento_html(documento)
    return documentos


@never_cache
@solo_municipios
@require_safe
def sesion_ics(request, radicado, uid):
    """``/solicitudes/<radicado>/sesiones/<uid>.ics``: a next session of the
    request as a calendar file to import (METHOD:PUBLISH, the session's own UID
    and SEQUENCE: importing it again after a change updates the same event).
    Only an account of the request's municipality, only a session still ahead."""
    solicitud = solicitud_del_municipio(request, radicado)
    sesion = get_object_or_404(proximas_sesiones(solicitud), uid=uid)
    respuesta = HttpResponse(
        calendario.invitacion(sesion, metodo=calendario.PUBLISH),
        content_type="text/calendar; charset=utf-8",
    )
    respuesta["Content-Disposition"] = (
        f'attachment; filename="sesion-{solicitud.radicado}-'
        f'{timezone.localtime(sesion.inicio):%Y%m%d-%H%M}.ics"'
    )
    respuesta["X-Content-Type-Options"] = "nosniff"
    return respuesta


# --- Actions -------------------------------------------------------------------------


def _aportes(request, *, contar: bool) -> bool:
    """Sendings of documents per account, counted as filings are
    (``acceso.limite_de_cuenta``: only accepted sendings count)."""
    return limite_de_cuenta(request, "portal.aportes", contar=contar)


@never_cache
@solo_municipios
@require_POST
def documentos_aportar(request, radicado):
    """``POST /solicitudes/<radicado>/aportar/``: send what the suspension asked for.

    On success the case resumes (the service moves the deadlines by the business
    days suspended) and the page says so; with errors the request page is shown
    again with the form, its errors and the message typed. Accepted sendings count
    against the account's limit (HTTP 429 past it); sendings whose files were
    refused against ``PORTAL_LIMITE_RECHAZOS`` (``acceso.rechazos_excedidos``).
    """
    if rechazos_excedidos(request, contar=False) or _aportes(request, contar=False):
        raise Ratelimited  # RatelimitMiddleware: limite_excedido, HTTP 429
    solicitud = solicitud_del_municipio(request, radicado)
    if "aportar" not in permitidas(request.user, solicitud):
        messages.error(request, _no_espera_documentos(solicitud))
        return redirect("solicitud_detalle", solicitud.radicado)
    form = AportarDocumentosForm(request.POST, request.FILES)
    valido = form.is_valid()
    if form.archivos_rechazados:
        rechazos_excedidos(request, contar=True)
    if valido:
        documentos = form.cleaned_data["documentos"]
        try:
            solicitud = servicio_aportar(
                solicitud=solicitud,
                actor=request.user,
                archivos=documentos,
                mensaje=form.cleaned_data["mensaje"],
            )
        except SolicitudError as error:
            solicitud.refresh_from_db()
            if "aportar" not in permitidas(request.user, solicitud):
                messages.error(request, _no_espera_documentos(solicitud))
                return redirect("solicitud_detalle", solicitud.radicado)
            form.add_error(None, str(error))
        else:
            _aportes(request, contar=True)
            messages.success(request, _recibidos(solicitud, len(documentos)))
            return redirect("solicitud_detalle", solicitud.radicado)
    return render(
        request,
        "portal/solicitudes/detalle.html",
        contexto_de_detalle(solicitud, usuario=request.user, form_aportar=form),
    )


def _no_espera_documentos(solicitud: Solicitud) -> str:
    if solicitud.estado == EstadoSolicitud.EN_TRAMITE:
        return _(
            "La solicitud %(radicado)s no está esperando documentos del municipio: "
            "no se envió nada. Si la Secretaría necesita algo, se lo pedirá por "
            "correo y aquí."
        ) % {"radicado": solicitud.radicado}
    return _("La solicitud %(radicado)s ya terminó (%(estado)s): no se envió nada.") % {
        "radicado": solicitud.radicado,
        "estado": solicitud.get_estado_display().lower(),
    }


def _recibidos(solicitud: Solicitud, n: int) -> str:
    mensaje = ngettext(
        "Recibimos su documento. El trámite de la solicitud %(radicado)s se reanudó.",
        "Recibimos sus %(n)s documentos. El trámite de la solicitud %(radicado)s "
        "se reanudó.",
        n,
    ) % {"n": n, "radicado": solicitud.radicado}
    plazo = plazo_de_respuesta(solicitud)
    if plazo is not None:
        mensaje += " " + _("La respuesta se dará a más tardar el %(fecha)s.") % {
            "fecha": plazo.strftime("%d/%m/%Y")
        }
    return mensaje


@never_cache
@solo_municipios
@require_http_methods(["GET", "HEAD", "POST"])
def solicitud_desistir(request, radicado):
    """``/solicitudes/<radicado>/desistir/``: confirm with a reason, then withdraw.

    Only while the request is in process or suspended; afterwards the request page
    says it ended and that the file goes to the archive.
    """
    solicitud = solicitud_del_municipio(request, radicado)
    if "desistir" not in permitidas(request.user, solicitud):
        messages.error(request, _ya_termino(solicitud))
        return redirect("solicitud_detalle", solicitud.radicado)
    form = DesistirForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            servicio_desistir(
                solicitud=solicitud,
                actor=request.user,
                motivo=form.cleaned_data["motivo"],
            )
        except SolicitudError as error:
            solicitud.refresh_from_db()
            if "desistir" not in permitidas(request.user, solicitud):
                messages.error(request, _ya_termino(solicitud))
                return redirect("solicitud_detalle", solicitud.radicado)
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _(
                    "Usted desistió de la solicitud %(radicado)s. El trámite terminó "
                    "y el expediente pasa a archivo. Si más adelante necesita la "
                    "asesoría, radique una solicitud nueva."
                )
                % {"radicado": solicitud.radicado},
            )
            return redirect("solicitud_detalle", solicitud.radicado)
    return render(
        request,
        "portal/solicitudes/desistir.html",
        {
            "titulo": _("Desistir de la solicitud %(radicado)s")
            % {"radicado": solicitud.radicado},
            "solicitud": solicitud,
            "form": form,
        },
    )


def _ya_termino(solicitud: Solicitud) -> str:
    return _(
        "La solicitud %(radicado)s ya terminó (%(estado)s): no se puede desistir de "
        "ella."
    ) % {
        "radicado": solicitud.radicado,
        "estado": solicitud.get_estado_display().lower(),
    }
