"""Fonts and text of every PDF: what reportlab is given to print.

Every PDF is set in DejaVu Sans (regular and bold), vendored in ``fuentes/`` with
its licence and embedded as a subset of the glyphs used: Helvetica's WinAnsi
encoding covered Spanish but printed a black square for a name in Greek, Cyrillic
or Arabic. DejaVu Sans covers Latin, Greek, Cyrillic, Armenian, Georgian, Hebrew
and Arabic letters, but Arabic and Hebrew are set left to right and Arabic
letters unjoined (reportlab reorders and shapes text only with the optional
``rlbidi`` and ``uharfbuzz`` packages, not installed): a name in Arabic prints
with its letters in the wrong order. DejaVu has no CJK characters: ``escapar`` sets
runs of them in the PDF's standard CID fonts (``_con_fuente_asiatica``), not
embedded, so they stay searchable and a viewer with CJK fonts draws them.

Every user string reaches a Paragraph through ``escapar`` or ``parrafo`` (escaped,
line breaks kept, CJK runs in their fonts), a canvas through ``texto_plano``, and a
table in pieces of ``LARGO_TROZO`` (``trozos``); every date as the quality
system's documents write it, in Bogotá (``fecha_corta``, ``en_bogota``), and as
the PDF's metadata does (``fecha_pdf``). Re-exported by ``base.py``.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph

from django.utils import timezone

__all__ = [
    "ASIATICO",
    "FUENTE",
    "FUENTE_CJK",
    "FUENTE_COREANA",
    "FUENTE_NEGRITA",
    "LARGO_TROZO",
    "SIN_APROBAR",
    "en_bogota",
    "escapar",
    "fecha_corta",
    "fecha_pdf",
    "lineas",
    "parrafo",
    "registrar_fuentes",
    "texto_plano",
    "trozos",
]

#: The vendored TrueType fonts (DejaVu Sans 2.37, Bitstream Vera licence).
FUENTES = Path(__file__).resolve().parent / "fuentes"
FUENTE = "DejaVuSans"
FUENTE_NEGRITA = "DejaVuSans-Bold"


def registrar_fuentes() -> None:
    """Register DejaVu Sans with reportlab once per process (its registry is
    global, and reading a TTF costs a few milliseconds): regular and bold, as a
    family so ``<b>`` in a Paragraph picks the bold face."""
    if FUENTE in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(FUENTE, FUENTES / "DejaVuSans.ttf"))
    pdfmetrics.registerFont(TTFont(FUENTE_NEGRITA, FUENTES / "DejaVuSans-Bold.ttf"))
    pdfmetrics.registerFontFamily(
        FUENTE,
        normal=FUENTE,
        bold=FUENTE_NEGRITA,
        italic=FUENTE,
        boldItalic=FUENTE_NEGRITA,
    )


# The styles below name these fonts, and a Paragraph looks its font up when built.
registrar_fuentes()

#: Characters of user text per table row. A longer text is set in several rows
#: (``trozos``) that read as one cell: a single row taller than a page is split by
#: reportlab into pieces that fill about half of each page.
LARGO_TROZO = 700

#: C0 control characters other than tab and line breaks: the font has no glyph for
#: them (they print as boxes) and they mean nothing in a document.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: CJK characters DejaVu Sans has no glyph for (``_con_fuente_asiatica``): CJK
#: punctuation, kana, Han ideographs and full-width forms; and Hangul.
_CJK = (
    "\u2e80-\u2fff\u3000-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\uff00-\uffef"
)
_COREANO = "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"
ASIATICO = re.compile(f"[{_CJK}{_COREANO}]")
_HANGUL = re.compile(f"[{_COREANO}]")
#: A run of one script (spaces inside a run stay in it).
_TRAMO_ASIATICO = re.compile(
    f"[{_CJK}]+(?: +[{_CJK}]+)*|[{_COREANO}]+(?: +[{_COREANO}]+)*"
)
FUENTE_CJK = "STSong-Light"
FUENTE_COREANA = "HYSMyeongJo-Medium"
#: Line breaks as typed in a textarea or pasted from a word processor.
_SALTO = re.compile("\r\n|[\n\r\x85\u2028\u2029]")


def texto_plano(texto: object) -> str:
    """``texto`` for canvas and graphics strings: one line, no control characters."""
    return " ".join(_SALTO.split(_CONTROL.sub("", str(texto))))


def escapar(texto: object) -> str:
    """``texto`` as safe Paragraph markup: ``< > &`` escaped, line breaks kept.

    A raw ``<`` or ``&`` in a Paragraph either vanishes or raises, so every user
    string goes through here (or through ``parrafo``) before reportlab sees it.
    """
    partes = _SALTO.split(_CONTROL.sub("", str(texto)))
    marcado = "<br/>".join(escape(parte) for parte in partes)
    if ASIATICO.search(marcado):
        marcado = _con_fuente_asiatica(marcado)
    return marcado


def _con_fuente_asiatica(marcado: str) -> str:
    """Runs of CJK text set in reportlab's CID fonts (DejaVu has no glyph for
    them): STSong-Light for Han, kana and full-width forms, HYSMyeongJo-Medium
    for Hangul. They are the standard Asian fonts of the PDF format, not embedded:
    the text stays searchable and copyable, and a viewer with CJK fonts (Acrobat,
    browsers, any desktop with East Asian support) draws it; one without them
    shows boxes."""
    for nombre in (FUENTE_CJK, FUENTE_COREANA):
        if nombre not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(UnicodeCIDFont(nombre))

    def envolver(encontrado: re.Match[str]) -> str:
        tramo = encontrado.group(0)
        cara = FUENTE_COREANA if _HANGUL.match(tramo) else FUENTE_CJK
        return f'<font face="{cara}">{tramo}</font>'

    return _TRAMO_ASIATICO.sub(envolver, marcado)


def parrafo(texto: object, estilo: ParagraphStyle, *, negrita: str = "") -> Paragraph:
    """A Paragraph of user text, escaped; ``negrita`` is an escaped bold lead-in.

    ``parrafo(definicion, estilo, negrita="POT: ")`` prints the term in bold and
    then the definition, both escaped: no caller writes markup around user data.
    """
    marcado = escapar(texto)
    if negrita:
        marcado = f"<b>{escapar(negrita)}</b>{marcado}"
    return Paragraph(marcado, estilo)


def trozos(texto: str, largo: int = LARGO_TROZO) -> list[str]:
    """``texto`` in pieces of at most ``largo`` characters, cut at a space or a
    line break where there is one in the second half of the piece; nothing is
    dropped, so the pieces printed one after the other read as the whole text."""
    partes = []
    while len(texto) > largo:
        corte = max(texto.rfind(" ", largo // 2, largo), texto.rfind("\n", 0, largo))
        if corte < largo // 2:
            corte = largo
        partes.append(texto[:corte])
        texto = texto[corte:]
    partes.append(texto)
    return partes


def lineas(textos: Sequence[object], estilo: ParagraphStyle) -> list[Paragraph]:
    """One escaped Paragraph per item: several areas, roles or records in a cell."""
    return [parrafo(texto, estilo) for texto in textos]


# --- dates as printed --------------------------------------------------------------


#: Printed instead of the version and date of a procedure never approved.
SIN_APROBAR = "Sin aprobar"


def fecha_corta(fecha: datetime.date | None) -> str:
    """dd/mm/yyyy, the date format of the quality system's documents; a moment is
    dated in Bogotá, whatever time zone it was stored in (at 23:30 in Bogotá it is
    already the next day in UTC)."""
    return en_bogota(fecha).strftime("%d/%m/%Y") if fecha else SIN_APROBAR


def en_bogota(fecha: datetime.date) -> datetime.date:
    """A moment in the site's time zone (Bogotá), however it was stored; a date
    as it is. Every date a record prints goes through here."""
    if isinstance(fecha, datetime.datetime) and timezone.is_aware(fecha):
        return timezone.localtime(fecha, timezone.get_default_timezone())
    return fecha


def fecha_pdf(fecha: datetime.date) -> str:
    """A moment (or a day, from its start) as a PDF date in Bogotá's time, the
    form of CreationDate and ModDate: ``D:20261206223200-05'00'``."""
    zona = timezone.get_default_timezone()
    if not isinstance(fecha, datetime.datetime):
        fecha = datetime.datetime.combine(fecha, datetime.time())
    if timezone.is_naive(fecha):
        fecha = timezone.make_aware(fecha, zona)
    fecha = en_bogota(fecha)
    minutos = int(fecha.utcoffset().total_seconds() // 60)
    signo = "-" if minutos < 0 else "+"
    horas, minutos = divmod(abs(minutos), 60)
    return f"D:{fecha:%Y%m%d%H%M%S}{signo}{horas:02d}'{minutos:02d}'"
