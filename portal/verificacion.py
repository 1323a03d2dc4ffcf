"""Public verification of the records the Secretaría issues: ``/verificar/<código>/``.

Every record PDF prints its verification code in the footer and a QR code to this
address (``Comun.url_verificacion``, built in ``services.base.Transicion.comun``).
Anyone holding a paper or a PDF can check here that the record exists, what it is,
when and by which office it was issued, and its SHA-256 and page count; and can
upload the PDF to learn whether it is byte for byte the one issued and what its
digital signature says (``expedientes.firma.revisar_firmas``: signed by whom,
when by the timestamp, whether the file changed after signing, whether the chain
is one the site trusts; any PDF, not only the record's, is validated, offline,
and never stored). The SHA-256 shown is that of the stored file, which is the
signed one (DESIGN.md, decision 12). Nothing
personal is shown (no requester, no person who issued it, no content): the code
proves existence, not a right to read the case.

Only records actually issued count: a ``Documento`` with that code *and* its stored
file. Anything else is the same plain "no encontrado" (404). A record corrected
later (``services.archivo.registro_corregir``) still verifies as authentic, and says
it was superseded, when, and by which code; the correction says what it replaced.
Lookups and uploads are rate-limited per client address
(``PORTAL_LIMITE_CONSULTAS``, as ``/consulta/``); pages are never cached (they
carry a CSRF token). A comparison whose body says it is larger than one record
may be is refused before anything reads it (``demasiado_grande``): the site-wide
limit (``portal.middleware``) admits a whole filing, ten times as much, and the
CSRF check would otherwise receive it all first. Routes in portal/urls.py.
"""

from __future__ import annotations

import datetime
import hashlib
import re

from django_ratelimit import ALL
from django_ratelimit.decorators import ratelimit

from django import forms
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_safe

from expedientes.firma import RevisionFirmas, revisar_firmas
from expedientes.forms import ArchivosAcotadosMixin
from expedientes.models import Documento
from expedientes.subidas import error_de_tamano, tamano_maximo
from procedimientos.models import Entidad

from .acceso import tasa_de

#: ``XXXXX-XXXXX`` (codigos.generar_codigo_verificacion), as printed.
FORMATO_CODIGO = re.compile(r"^[A-Z0-9]{5}-[A-Z0-9]{5}$")


def normalizar(codigo: str) -> str:
    """A code as typed (lower case, spaces, with or without the dash) as printed."""
    limpio = "".join(c for c in (codigo or "").upper() if c.isalnum())[:40]
    return f"{limpio[:5]}-{limpio[5:]}" if len(limpio) == 10 else limpio


def registro_expedido(codigo: str) -> Documento | None:
    """The issued record with this code, if its PDF is stored; None otherwise."""
    if not FORMATO_CODIGO.match(codigo):
        return None
    return (
        Documento.objects.filter(codigo_verificacion=codigo)
        .exclude(archivo="")
        .select_related("solicitud", "reemplaza", "reemplazado_por__evento")
        .first()
    )


def reemplazo_de(documento: Documento) -> Documento | None:
    """The correction that superseded ``documento``, once it is issued (its PDF
    stored); a correction still rendering does not yet change the answer."""
    reemplazo = getattr(documento, "reemplazado_por", None)
    return reemplazo if reemplazo is not None and reemplazo.archivo else None


class CodigoForm(forms.Form):
    codigo = forms.CharField(
        label=gettext_lazy("Código de verificación"),
        max_length=40,
        help_text=gettext_lazy(
            "Está al pie de cada página del registro, p. ej. ABCDE-FGH23."
        ),
        error_messages={"required": gettext_lazy("Escriba el código de verificación.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "spellcheck": "false",
                "autocapitalize": "characters",
            }
        ),
    )

    def clean_codigo(self):
        """As printed; a code with no letter or digit at all (``:``, ``--``) is
        refused here, as there is no address to send it to."""
        codigo = normalizar(self.cleaned_data["codigo"])
        if not codigo:
            raise forms.ValidationError(
                _(
                    "El código de verificación tiene letras y números, "
                    "p. ej. ABCDE-FGH23."
                ),
                code="sin_letras_ni_numeros",
            )
        return codigo


class CompararForm(ArchivosAcotadosMixin, forms.Form):
    #: Only its SHA-256 is compared: counted and weighed, never inspected.
    campos_pdf = ()

    archivo = forms.FileField(
        label=gettext_lazy("El PDF que recibió"),
        error_messages={
            "required": gettext_lazy("Elija el archivo PDF que quiere comparar."),
            "empty": gettext_lazy("El archivo está vacío."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["archivo"].help_text = _(
            "Se compara su huella SHA-256 con la del registro expedido y se revisa "
            "su firma digital; el archivo no se guarda. Hasta %(maximo)s."
        ) % {"maximo": filesizeformat(tamano_maximo())}

    def clean_archivo(self):
        archivo = self.cleaned_data["archivo"]
        if archivo.size > tamano_maximo():
            raise error_de_tamano(archivo.name or "documento.pdf", archivo.size)
        return archivo


#: What a comparison's body carries besides the file: the CSRF token, the
#: multipart boundaries and headers (a long file name included).
MARGEN_DEL_ENVIO = 64 * 1024


def demasiado_grande(request) -> int | None:
    """The declared size of a POST body that cannot hold a record of the allowed
    size plus the form (``tamano_maximo() + MARGEN_DEL_ENVIO``), or None."""
    try:
        tamano = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    return tamano if tamano > tamano_maximo() + MARGEN_DEL_ENVIO else None


def form_demasiado_grande(tamano: int) -> CompararForm:
    """The comparison form with the size error, for a body refused unread."""
    form = CompararForm({}, {})
    form.errors.clear()
    form.add_error(
        "archivo",
        forms.ValidationError(
            _(
                "Lo que envió pesa %(tamano)s; el registro que se compara pesa "
                "hasta %(maximo)s. Elija el PDF del registro."
            )
            % {
                "tamano": filesizeformat(tamano),
                "maximo": filesizeformat(tamano_maximo()),
            },
            code="tamano",
        ),
    )
    return form


def sha256_de(archivo) -> str:
    resumen = hashlib.sha256()
    for trozo in archivo.chunks():
        resumen.update(trozo)
    return resumen.hexdigest()


def firmas_de(archivo) -> RevisionFirmas:
    """What the uploaded PDF's signatures say (read whole: it is within the
    record's size limit, ``CompararForm``)."""
    archivo.seek(0)
    return revisar_firmas(archivo.read())


def firma_del_registro(documento: Documento) -> dict | None:
    """The stored record's signature as issued (``Documento.firma``), its
    timestamp as a moment that templates print in Bogotá."""
    if not documento.firma:
        return None
    firma = dict(documento.firma)
    if firma.get("sellado_en"):
        firma["sellado_en"] = datetime.datetime.fromisoformat(firma["sellado_en"])
    return firma


@never_cache
@require_safe
@ratelimit(key="ip", rate=tasa_de("PORTAL_LIMITE_CONSULTAS"), method=ALL)
def verificar_inicio(request):
    """``/verificar/``: type the code printed on a record (``?codigo=``)."""
    form = CodigoForm(request.GET or None)
    if form.is_valid():
        return redirect("verificar", normalizar(form.cleaned_data["codigo"]))
    return render(
        request,
        "portal/verificar_inicio.html",
        {"titulo": _("Verificar un registro"), "form": form},
    )


@csrf_exempt  # checked below, once the body's size is known to be sane
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit(key="ip", rate=tasa_de("PORTAL_LIMITE_CONSULTAS"), method=ALL)
def verificar(request, codigo):
    """``/verificar/<código>/``: what the record is; POST compares an uploaded PDF.

    An oversized POST is answered (413) before the CSRF check reads its body;
    any other request goes through that check as usual (``csrf_protect``)."""
    tamano = demasiado_grande(request) if request.method == "POST" else None
    if tamano is not None:
        return _verificar(request, codigo, demasiado=tamano)
    return csrf_protect(_verificar)(request, codigo)


def _verificar(request, codigo, *, demasiado: int | None = None):
    normalizado = normalizar(codigo)
    if normalizado != codigo and FORMATO_CODIGO.match(normalizado):
        return redirect("verificar", normalizado)
    documento = registro_expedido(normalizado)
    if documento is None:
        return render(
            request,
            "portal/verificar_no_encontrado.html",
            {
                "titulo": _("Registro no encontrado"),
                "codigo": codigo[:40],
                "form": CodigoForm(),
            },
            status=404,
        )
    enviado = request.method == "POST" and demasiado is None
    if demasiado is not None:
        form = form_demasiado_grande(demasiado)
    elif enviado:
        form = CompararForm(request.POST, request.FILES)
    else:
        form = CompararForm()
    coincide = huella = firmas = None
    if enviado and form.is_valid():
        archivo = form.cleaned_data["archivo"]
        huella = sha256_de(archivo)
        coincide = archivo.size == documento.tamano and constant_time_compare(
            huella, documento.sha256
        )
        firmas = firmas_de(archivo)
        form = CompararForm()
    return render(
        request,
        "portal/verificar.html",
        {
            "titulo": _("Verificación de un registro"),
            "documento": documento,
            "reemplazado_por": reemplazo_de(documento),
            "entidad": Entidad.load(),
            "form": form,
            "coincide": coincide,
            "huella": huella,
            "firmas": firmas,
            "firma_registro": firma_del_registro(documento),
        },
        status=413 if demasiado is not None else 200,
    )
