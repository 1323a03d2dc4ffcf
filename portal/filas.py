"""The portal request page's per-file markup (``templates/portal/solicitudes/
detalle.html``, its "Documentos" list), built in Python once per file instead of
the template's per-file tags (issue 18): a long case lists hundreds of files, and
their type, size, date, hash, verification code and signed-copy note through
the template engine were most of the page's time.

``portal.tramite._con_descarga`` sets each file's ``html``; the markup is the one
the template printed, byte for byte (``tests/caso_fijo.py`` captures the page).
Every value goes through ``formato_html`` (``format_html``'s escaping, from
``expedientes.views.filas``); the translated sentences
with a link in them are filled with escaped values, as ``{% blocktranslate %}``
does.
"""

from __future__ import annotations

from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import formats
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from expedientes.views.filas import escapar, fecha, formato_html


def _frase(plantilla: str, **valores) -> SafeString:
    """A translated sentence with markup, its values escaped (as
    ``{% blocktranslate %}`` does; ``escapar`` is ``conditional_escape``)."""
    return mark_safe(  # noqa: S308
        plantilla % {k: escapar(v) for k, v in valores.items()}
    )


def _vigencia(documento) -> SafeString:
    """A record's verification code and whether it is in force or replaced."""
    if not documento.codigo_verificacion:
        return mark_safe("")
    # A reverse one-to-one: raises (an AttributeError) when nothing replaced it.
    reemplazado_por = getattr(documento, "reemplazado_por", None)
    if reemplazado_por:
        vigencia = formato_html(
            "<strong>{}</strong> {}",
            _("Reemplazado"),
            _("por el registro %(codigo)s")
            % {"codigo": reemplazado_por.codigo_verificacion},
        )
    else:
        reemplaza = (
            formato_html(
                " {}",
                _("· reemplaza el registro %(codigo)s")
                % {"codigo": documento.reemplaza.codigo_verificacion},
            )
            if documento.reemplaza
            else ""
        )
        vigencia = formato_html("<strong>{}</strong>{}", _("Vigente"), reemplaza)
    return formato_html(
        '<p class="documento__hash">{} <a href="{}">{}</a></p>\n'
        '                <p class="documento__vigencia">{}</p>',
        _("Código de verificación"),
        reverse("verificar", args=[documento.codigo_verificacion]),
        documento.codigo_verificacion,
        vigencia,
    )


def documento_html(documento) -> SafeString:
    """One file of the list: type, name, pages, size, date, SHA-256, the record
    it is a signed copy of, its verification code and validity, its download
    (``documento.url_descarga``)."""
    paginas = ""
    if documento.paginas:
        paginas = formato_html(
            "{} · ",
            ngettext("%(paginas)s página", "%(paginas)s páginas", documento.paginas)
            % {"paginas": formats.localize(documento.paginas)},
        )
    firma_de = (
        (documento.evento.datos or {}).get("firma_de") if documento.evento else ""
    )
    firmada = ""
    if firma_de:
        firmada = formato_html(
            '<p class="documento__vigencia">{}</p>',
            _frase(
                _(
                    'Copia firmada del registro <a href="%(url_firmado)s">'
                    "%(codigo)s</a>"
                ),
                url_firmado=reverse("verificar", args=[firma_de]),
                codigo=firma_de,
            ),
        )
    tipo = documento.get_tipo_display()
    return formato_html(
        '<li class="documento">\n'
        "            <div>\n"
        '                <p class="documento__tipo">{}</p>\n'
        '                <p class="documento__nombre">{}</p>\n'
        '                <p class="documento__meta">{}{} · {}</p>\n'
        '                <p class="documento__hash"><abbr title="{}">SHA-256</abbr> '
        "<code>{}</code></p>\n"
        "                {}\n"
        "                {}\n"
        "            </div>\n"
        '            <a class="boton" href="{}" download>{}<span class="oculto"> {} '
        "({})</span></a>\n"
        "        </li>",
        tipo,
        documento.nombre_original,
        paginas,
        filesizeformat(documento.tamano),
        fecha(template_localtime(documento.creado_en).date(), "SHORT_DATE_FORMAT"),
        _("Huella del archivo: si el archivo cambia, cambia"),
        documento.sha256,
        firmada,
        _vigencia(documento),
        documento.url_descarga,
        _("Descargar"),
        tipo,
        documento.nombre_original,
    )
