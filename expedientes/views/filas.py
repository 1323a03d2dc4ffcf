"""The case page's per-row markup (views.CasoView), built in Python once per row
instead of a template include and a bound form per row (issue 18): a long case
has hundreds of files in its index and a "Marcar cumplido" form on each pending
commitment, and rendering each through the template engine (an include, its
CSRF token, its widgets) was most of the page's time.

The markup is the one ``templates/expedientes/admin/caso.html`` and
``_cumplir.html`` printed, byte for byte (``tests/caso_fijo.py`` captures the
pages; ``tests/expedientes/test_caso_html_estable.py`` checks what the rows do).
Every value goes through ``formato_html`` (``format_html``'s escaping); only
markup built here or rendered by a template is marked safe.
"""

from __future__ import annotations

import datetime
import functools
import html

from django.template.loader import render_to_string
from django.utils import formats
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import get_language
from django.utils.translation import gettext as _

#: A number no row has, rendered in the form's place and replaced by each row's.
_MUESTRA = 918273645546372819


def escapar(valor) -> str:
    """``conditional_escape(valor)``: markup kept, anything else escaped (a lazy
    string made a string first), without ``keep_lazy``'s check of its argument,
    which was a third of a long page's rows' time."""
    if isinstance(valor, Promise):
        valor = str(valor)
    if hasattr(valor, "__html__"):
        return valor.__html__()
    return html.escape(str(valor))


def formato_html(plantilla: str, *valores) -> SafeString:
    """``format_html(plantilla, *valores)``, each value escaped the same way."""
    return mark_safe(plantilla.format(*map(escapar, valores)))  # noqa: S308


@functools.lru_cache(maxsize=512)
def _fecha(valor, formato: str, idioma: str | None) -> str:
    return formats.date_format(valor, formato)


def fecha(valor, formato: str) -> str:
    """What ``{{ valor|date:formato }}`` prints: in Bogotá's time for a datetime.
    Dates are formatted once per language (a long case's files share a few)."""
    if not valor:
        return ""
    if isinstance(valor, datetime.datetime):
        return formats.date_format(template_localtime(valor), formato)
    return _fecha(valor, formato, get_language())


class FormularioPorFila:
    """One action's form (``_formulario.html``, with the request's CSRF token)
    rendered once per page, then repeated for each row with the row's number in
    its hidden field and its ids (``form.auto_id``): the "Marcar cumplido" form of
    each pending commitment. ``crear_form(numero, auto_id)`` builds the form with
    ``numero`` as its row; it is called once, with a number no row has."""

    def __init__(self, request, *, crear_form, url: str, boton: str):
        form = crear_form(_MUESTRA)
        html = render_to_string(
            "expedientes/admin/_formulario.html",
            {"form": form, "formsets": None, "url": url, "boton": boton},
            request=request,
        )
        self._partes = html.split(str(_MUESTRA))
        if len(self._partes) < 2:
            raise ValueError("the form does not print its row's number")

    def para(self, numero: int) -> SafeString:
        """The form of row ``numero`` (an integer: nothing to escape)."""
        return mark_safe(str(int(numero)).join(self._partes))  # noqa: S308


def estado_del_compromiso(compromiso) -> SafeString:
    """What ``_cumplir.html`` prints after a commitment: "Cumplido" with when and
    by whom, or its "Marcar cumplido" form (``compromiso.cumplir``, set by
    ``CasoView.cumplir`` for whoever may), or nothing."""
    if compromiso.cumplido:
        return formato_html(
            '\n\n<span class="estado estado--en_tramite">{}</span> '
            '<span class="help">{}</span>\n',
            _("Cumplido"),
            _("el %(f)s · %(quien)s")
            % {
                "f": fecha(compromiso.cumplido_en, "d/m/Y H:i"),
                "quien": compromiso.cumplido_por.nombre,
            },
        )
    formulario = getattr(compromiso, "cumplir", None)
    if formulario:
        return formato_html(
            '\n\n<span class="compromiso-cumplir" id="cumplir-{}">{}</span>\n',
            compromiso.pk,
            formulario,
        )
    return mark_safe("\n\n\n")


def numero(valor) -> str:
    """What ``{{ valor }}`` prints for a number (localized, as templates do)."""
    return formats.localize(valor)


def fila_del_indice(i: dict, *, formulario_corregir: str = "") -> SafeString:
    """One row of the case file's index (``i``: ``CasoView.expediente``'s
    ``indice``): item, date, document type with its download, its session, whom
    it is for and who added it, folios, observations and, for whoever may, the
    correction's form (``formulario_corregir``, rendered by the caller)."""
    fila, documento = i["fila"], i["documento"]
    if i["url"]:
        tipo = formato_html('<a href="{}">{}</a>', i["url"], fila.tipo_documental)
    else:
        tipo = formato_html(
            '{} <span class="help">({})</span>', fila.tipo_documental, _("generándose")
        )
    reemplazado = (
        formato_html(
            '<span class="estado estado--reemplazado">{}</span>', _("Reemplazado")
        )
        if i["reemplazado"]
        else ""
    )
    sesion = (
        formato_html("{} · ", _("sesión %(n)s") % {"n": documento.sesion.numero})
        if documento.sesion
        else ""
    )
    if fila.folio_desde:
        folios = formato_html(
            '{}–{} <span class="help">({})</span>',
            numero(fila.folio_desde),
            numero(fila.folio_hasta),
            numero(fila.folios),
        )
    else:
        folios = "—"
    if formulario_corregir:
        corregir = formato_html(
            "\n                        \n"
            '                            <details class="caso-accion '
            'expediente-corregir" id="corregir-{}">\n'
            "                                <summary>{}</summary>\n"
            "                                \n"
            "                                {}\n"
            "                            </details>\n"
            "                        \n"
            "                    ",
            documento.pk,
            _("Corregir"),
            formulario_corregir,
        )
    else:
        corregir = "\n                        \n                    "
    return formato_html(
        '<tr class="expediente-fila{}" id="documento-{}">\n'
        "                    <td>{}</td>\n"
        "                    <td>{}</td>\n"
        "                    <td>{}\n"
        "                        {}\n"
        '                        <br><span class="help">{}{} · {}</span></td>\n'
        "                    <td>{}</td>\n"
        '                    <td class="celda-texto">{}{}</td>\n'
        "                </tr>",
        " expediente-fila--reemplazado" if i["reemplazado"] else "",
        documento.pk,
        numero(fila.item),
        fecha(fila.fecha, "d/m/Y"),
        tipo,
        reemplazado,
        sesion,
        _("para el municipio") if documento.para_municipio else _("interno"),
        documento.creado_por.nombre,
        folios,
        fila.observaciones,
        corregir,
    )
