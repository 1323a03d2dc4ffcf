"""Public views that are not pages: site search, the municipalities' filing and
tracking of requests, and public tracking with the access code.

Views check who asks and call services (expedientes.services) or selectors
(expedientes.selectors); they hold no rules of the procedure.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
from dataclasses import dataclass

from django_ratelimit.core import _split_rate
from django_ratelimit.decorators import ratelimit
from django_ratelimit.exceptions import Ratelimited

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import LoginView
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from expedientes.constants import Canal, EstadoSolicitud
from expedientes.models import Solicitud
from expedientes.plazos import estado_plazo
from expedientes.selectors import (
    documentos_para_municipio,
    linea_de_tiempo,
    nombre_de_actividad,
    plazo_de_respuesta,
    solicitudes_de_municipio,
)
from expedientes.services import SolicitudError, solicitud_consultar, solicitud_radicar
from expedientes.subidas import nombre_de_descarga, validar_pdf
from procedimientos.models import Definicion, ProcedimientoPage, VersionProcedimiento

from .acceso import (
    limite_de_cuenta,
    rechazos_excedidos,
    solicitud_del_municipio,
    solo_municipios,
    tasa_de,
)
from .forms import ConsultaForm, SolicitudForm
from .tramite import contexto_de_detalle

#: Longest query accepted; longer ones are cut, not refused.
MAX_CONSULTA = 200

logger = logging.getLogger(__name__)


@require_safe
def buscar(request):
    """``/buscar/?q=``: procedures (title, code, texts, activities) and definitions."""
    consulta = request.GET.get("q", "").strip()[:MAX_CONSULTA]
    procedimientos = definiciones = []
    if consulta:
        procedimientos = ProcedimientoPage.objects.live().public().search(consulta)
        definiciones = Definicion.objects.search(consulta)
    pagina = Paginator(procedimientos, 20).get_page(request.GET.get("pagina"))
    return render(
        request,
        "portal/buscar.html",
        {
            "consulta": consulta,
            "resultados": pagina,
            "definiciones": list(definiciones[:50]) if consulta else [],
            "titulo": _("Buscar"),
        },
    )


# --- Municipalities: filing and following their requests ---------------------------
#
# Every view below answers only for the account's own municipality: another
# municipality's request or file is a 404, never a 403 (which would confirm that it
# exists). Anything with personal data is sent with ``Cache-Control: private,
# no-store`` (never_cache), so the anonymous page cache never keeps it.

#: Session key of the access codes not shown yet: {radicado: código}. A code lives
#: there from the filing to the first view of its confirmation page, no longer.
SESION_CODIGOS = "codigos_de_acceso"


@dataclass(frozen=True)
class FilaSolicitud:
    """A row of ``/solicitudes/``: the request and what its deadline means today."""

    solicitud: Solicitud
    actividad: str
    plazo: str  # "vencida", "vence_pronto", "a_tiempo" or "" (archived)


def _plazo(solicitud: Solicitud, hoy: datetime.date) -> str:
    estado = estado_plazo(plazo_de_respuesta(solicitud), hoy)
    return str(estado) if estado else ""


@never_cache
@solo_municipios
@require_safe
def solicitudes(request):
    """``/solicitudes/``: the municipality's requests, newest first.

    The rows without their version (``select_related`` would bring its frozen
    content, a large JSON, with each of the 25 rows and parse it once per row
    and activity: issue 18); the page's versions are read once, by number."""
    filas_de_la_pagina = solicitudes_de_municipio(
        request.user.municipio_id
    ).select_related(None)
    pagina = Paginator(filas_de_la_pagina, 25).get_page(request.GET.get("pagina"))
    versiones = VersionProcedimiento.objects.in_bulk(
        {s.version_procedimiento_id for s in pagina}
    )
    hoy = timezone.localdate()
    nombres: dict[tuple[int, int], str] = {}
    filas = []
    for solicitud in pagina:
        clave = (solicitud.version_procedimiento_id, solicitud.actividad_actual)
        if clave not in nombres:
            nombres[clave] = nombre_de_actividad(
                versiones[solicitud.version_procedimiento_id],
                solicitud.actividad_actual,
            )
        if solicitud.estado == EstadoSolicitud.EN_TRAMITE:
            actividad = nombres[clave]
        elif solicitud.estado == EstadoSolicitud.SUSPENDIDA:
            actividad = _("%(actividad)s (suspendida)") % {"actividad": nombres[clave]}
        else:  # desistida, rechazada, archivada: the state says it all
            actividad = solicitud.get_estado_display()
        filas.append(FilaSolicitud(solicitud, actividad, _plazo(solicitud, hoy)))
    return render(
        request,
        "portal/solicitudes/lista.html",
        {
            "titulo": _("Solicitudes de %(municipio)s")
            % {"municipio": request.user.municipio.nombre},
            "municipio": request.user.municipio,
            "pagina": pagina,
            "filas": filas,
        },
    )


#: Session key of the forms already filed: {fingerprint: radicado}, the latest
#: ``RECORDAR_RADICADAS``.
SESION_RADICADAS = "formularios_radicados"
RECORDAR_RADICADAS = 20


def _radicaciones(request, *, contar: bool) -> bool:
    """Filings per account (``limite_de_cuenta``)."""
    return limite_de_cuenta(request, "portal.radicaciones", contar=contar)


def _huella(form: SolicitudForm) -> str:
    """What the form says and the files it carries, whatever its ``clave_envio``.

    The browser's Back shows a fresh form (the page is never cached), with a new
    key, and puts back what was typed: the same fingerprint says it was filed.
    """
    datos = {
        nombre: str(valor)
        for nombre, valor in form.cleaned_data.items()
        if nombre not in ("clave_envio", "oficio", "anexos")
    }
    datos["archivos"] = [
        validar_pdf(archivo).sha256
        for archivo in [form.cleaned_data["oficio"], *form.cleaned_data["anexos"]]
    ]
    texto = json.dumps(datos, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(texto.encode()).hexdigest()


@never_cache
@solo_municipios
def solicitud_nueva(request):
    """``/solicitudes/nueva/``: activity 1 online, through ``solicitud_radicar``.

    POST/redirect/GET: success goes to the confirmation page, which shows the access
    code once. A form sent again (same ``clave_envio``), or sent again after Back
    (same content, new key: ``_huella``), goes to the request already filed, with a
    message, and files nothing.
    """
    usuario = request.user
    if request.method == "POST":
        if rechazos_excedidos(request, contar=False) or _radicaciones(
            request, contar=False
        ):
            raise Ratelimited  # RatelimitMiddleware: limite_excedido, HTTP 429
        form = SolicitudForm(request.POST, request.FILES, usuario=usuario)
        valido = form.is_valid()
        if form.archivos_rechazados:
            rechazos_excedidos(request, contar=True)
        if valido:
            datos = form.cleaned_data
            huella = _huella(form)
            radicada = request.session.get(SESION_RADICADAS, {}).get(huella)
            if radicada is not None:
                return _tras_radicar(
                    request, solicitud_del_municipio(request, radicada), None
                )
            try:
                solicitud, codigo = solicitud_radicar(
                    actor=usuario,
                    municipio=usuario.municipio,
                    datos=form.datos_solicitud(),
                    oficio=datos["oficio"],
                    anexos=datos["anexos"],
                    canal=Canal.ELECTRONICO,
                    clave_envio=datos["clave_envio"],
                    acepta_tratamiento_datos=datos["acepta_tratamiento_datos"],
                )
            except SolicitudError as error:
                form.add_error(None, str(error))
            else:
                # Committed: nothing from here may keep the code from being shown
                # (it is shown once, and only this answer has it).
                try:
                    if codigo is not None:
                        _radicaciones(request, contar=True)
                    radicadas = request.session.get(SESION_RADICADAS, {})
                    radicadas[huella] = solicitud.radicado
                    request.session[SESION_RADICADAS] = dict(
                        list(radicadas.items())[-RECORDAR_RADICADAS:]
                    )
                except Exception:
                    logger.exception(
                        "Radicada %s: no se pudo contar ni recordar el envío",
                        solicitud.radicado,
                    )
                return _tras_radicar(request, solicitud, codigo)
    else:
        form = SolicitudForm(usuario=usuario)
    return render(
        request,
        "portal/solicitudes/nueva.html",
        {
            "titulo": _("Nueva solicitud de asesoría"),
            "form": form,
            "municipio": usuario.municipio,
        },
    )


def _tras_radicar(request, solicitud: Solicitud, codigo: str | None):
    codigos = request.session.get(SESION_CODIGOS, {})
    if codigo is not None:
        codigos[solicitud.radicado] = codigo
        request.session[SESION_CODIGOS] = codigos
        return redirect("solicitud_radicada", solicitud.radicado)
    if solicitud.radicado in codigos:
        # A double click: the first submission filed it and its code is still
        # waiting to be shown; the browser only sees this second answer.
        return redirect("solicitud_radicada", solicitud.radicado)
    messages.info(
        request,
        _(
            "Este formulario ya se había enviado: la solicitud quedó radicada con el "
            "número %(radicado)s y no se radicó otra vez."
        )
        % {"radicado": solicitud.radicado},
    )
    return redirect("solicitud_detalle", solicitud.radicado)


@never_cache
@solo_municipios
@require_safe
def solicitud_radicada(request, radicado):
    """The confirmation after filing: radicado, date, deadline and, once, the code.

    The code is taken out of the session as it is shown: a reload shows the page
    without it.
    """
    solicitud = solicitud_del_municipio(request, radicado)
    codigos = request.session.get(SESION_CODIGOS, {})
    codigo = codigos.pop(solicitud.radicado, None)
    if codigo is not None:
        request.session[SESION_CODIGOS] = codigos
    return render(
        request,
        "portal/solicitudes/radicada.html",
        {
            "titulo": _("Solicitud radicada: %(radicado)s")
            % {"radicado": solicitud.radicado},
            "solicitud": solicitud,
            "codigo": codigo,
            "dias_respuesta": settings.EXPEDIENTES_DIAS_RESPUESTA,
        },
    )


@never_cache
@solo_municipios
@require_safe
def solicitud_detalle(request, radicado):
    """``/solicitudes/<radicado>/``: timeline, public history, deadline, data, the
    files to download and the municipality's actions (portal/tramite.py)."""
    solicitud = solicitud_del_municipio(request, radicado)
    return render(
        request,
        "portal/solicitudes/detalle.html",
        contexto_de_detalle(solicitud, usuario=request.user),
    )


@never_cache
@solo_municipios
@require_safe
def documento_descargar(request, radicado, pk):
    """A file of the request, streamed from private storage (never a media URL)."""
    solicitud = solicitud_del_municipio(request, radicado)
    documento = get_object_or_404(documentos_para_municipio(solicitud), pk=pk)
    try:
        archivo = documento.archivo.open("rb")
    except FileNotFoundError as error:
        # The row says the file exists and the storage lost it: a 404 for the
        # municipality, an error for the operators (verificar_integridad finds it).
        logger.error("Falta el archivo del documento %s: %s", documento.pk, error)
        raise Http404 from error
    respuesta = FileResponse(
        archivo,
        as_attachment=True,
        filename=nombre_de_descarga(documento.nombre_original),
        content_type="application/pdf",
    )
    respuesta["X-Content-Type-Options"] = "nosniff"
    return respuesta


# --- Public tracking -----------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit(key="ip", rate=tasa_de("PORTAL_LIMITE_CONSULTAS"), method="POST")
def consulta(request):
    """``/consulta/``: radicado + access code show the timeline, no personal data.

    A wrong code and an unknown radicado get the very same page (the service also
    takes the same time for both), so the answer never tells which radicados exist.
    The code travels by POST only, never in a URL.
    """
    form = ConsultaForm(request.POST or None)
    solicitud = None
    no_encontrada = False
    if form.is_valid():
        solicitud = solicitud_consultar(
            radicado=form.cleaned_data["radicado"], codigo=form.cleaned_data["codigo"]
        )
        if solicitud is None:
            form = ConsultaForm()  # do not echo what was typed: same page for both
            no_encontrada = True
    contexto = {
        "titulo": _("Consultar una solicitud"),
        "form": form,
        "no_encontrada": no_encontrada,
    }
    if solicitud is not None:
        contexto |= {
            "solicitud": solicitud,
            "etapas": linea_de_tiempo(solicitud),
            "estado_plazo": estado_plazo(plazo_de_respuesta(solicitud)),
            "titulo": _("Solicitud %(radicado)s") % {"radicado": solicitud.radicado},
        }
    return render(request, "portal/consulta.html", contexto)


@never_cache
def limite_excedido(request, exception=None):
    """HTTP 429 (settings.RATELIMIT_VIEW, through RatelimitMiddleware)."""
    # Filings and the documents a suspension asks for count per account.
    radicar = request.resolver_match and (
        request.resolver_match.url_name in ("solicitud_nueva", "solicitud_aportar")
    )
    return render(
        request,
        "portal/429.html",
        {
            "titulo": _("Demasiados intentos"),
            "radicar": radicar,
            "rechazos": getattr(request, "rechazos_excedidos", False),
            "limite_rechazos": _limite_en_palabras(settings.PORTAL_LIMITE_RECHAZOS),
        },
        status=429,
    )


def _limite_en_palabras(tasa: str) -> str:
    """``5/h`` as a person reads it: «5 cada 60 minutos»."""
    veces, segundos = _split_rate(tasa)
    return _("%(veces)s cada %(minutos)s minutos") % {
        "veces": veces,
        "minutos": max(1, segundos // 60),
    }


class IngresarView(LoginView):
    """``/cuenta/ingresar/``: municipalities go to their requests, staff to admin."""

    template_name = "portal/cuenta/ingresar.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        if self.request.user.has_perm("wagtailadmin.access_admin"):
            return reverse("wagtailadmin_home")
        return super().get_default_redirect_url()
