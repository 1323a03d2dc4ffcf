"""Bar charts drawn on the server as inline SVG: no JavaScript, no CDN, printable.

Accessible: ``role="img"`` named by its ``<title>`` and described by its
``<desc>``; the report's table beside it carries the same figures. Every label
is escaped (``format_html``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

#: Colours of the series (WCAG contrast against white, distinguishable in grey).
COLORES = ("#1f4e79", "#c55a11", "#548235", "#7030a0")


@dataclass(frozen=True)
class Serie:
    nombre: str
    valores: Sequence[float]


def barras(
    *,
    ident: str,
    titulo: str,
    descripcion: str,
    categorias: Sequence[str],
    series: Sequence[Serie],
    ancho_barra: int = 18,
    etiquetas_largas: bool = False,
) -> SafeString:
    """Grouped vertical bars, one group per category, one bar per series.
    ``etiquetas_largas`` (names of municipalities): labels turned 45 degrees, with
    room below for them."""
    alto, base, izquierda = (320, 180, 70) if etiquetas_largas else (220, 180, 40)
    maximo = max((v for s in series for v in s.valores), default=0) or 1
    grupo = ancho_barra * len(series) + 12
    # As wide as the bars need, and never narrower than the legend under them.
    ancho = izquierda + max(grupo * max(len(categorias), 1), 160 * len(series)) + 10
    partes = []
    for i, categoria in enumerate(categorias):
        x0 = izquierda + i * grupo
        for j, serie in enumerate(series):
            valor = serie.valores[i]
            h = round(valor / maximo * (base - 20))
            partes.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
                    "<title>{}: {} — {}</title></rect>",
                    x0 + j * ancho_barra,
                    base - h,
                    ancho_barra - 2,
                    h,
                    COLORES[j % len(COLORES)],
                    serie.nombre,
                    categoria,
                    _numero(valor),
                )
            )
        x, y = x0 + grupo / 2 - 6, base + 14
        partes.append(
            format_html(
                '<text x="{}" y="{}" font-size="10" text-anchor="end" '
                'transform="rotate(-45 {} {})">{}</text>',
                x, y, x, y, categoria,
            )
            if etiquetas_largas
            else format_html(
                '<text x="{}" y="{}" font-size="10" text-anchor="middle">{}</text>',
                x, y, categoria,
            )
        )  # fmt: skip
    leyenda = format_html_join(
        "",
        '<rect x="{}" y="{}" width="10" height="10" fill="{}"></rect>'
        '<text x="{}" y="{}" font-size="11">{}</text>',
        (
            (izquierda + k * 160, alto - 12, COLORES[k % len(COLORES)],
             izquierda + k * 160 + 14, alto - 3, s.nombre)
            for k, s in enumerate(series)
        ),
    )  # fmt: skip
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{}" height="{}" '
        'viewBox="0 0 {} {}" aria-labelledby="{}-titulo {}-desc" class="grafico">'
        '<title id="{}-titulo">{}</title><desc id="{}-desc">{}</desc>'
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#333"></line>'
        '<text x="2" y="14" font-size="10">{}</text>{}{}</svg>',
        ancho, alto, ancho, alto, ident, ident, ident, titulo, ident, descripcion,
        izquierda - 2, base, ancho, base, _numero(maximo),
        mark_safe("".join(partes)),  # noqa: S308 (each part built by format_html)
        leyenda,
    )  # fmt: skip


def _numero(valor: float) -> str:
    return escape(f"{valor:g}")
