"""The record base: what every record of a case prints around its own story.

Layering as in pretix: ``procedimientos.pdf.base.BaseRenderer`` (page, fonts,
official header, "Página X de Y", shared tables) -> ``ExpedienteRenderer``
(``expediente.py``: the header as a form XObject, the case files' tables) ->
``RegistroRenderer`` (this module) -> one small class per record in this
package, which only writes ``get_cuerpo()``. Wired through ``renderer_para``
(``pdf/__init__.py``), which ``tasks.generar_documento`` calls after the issuing
transaction commits.

A record renderer reads only its ``Documento``'s snapshot (``documento.datos``,
decoded with the snapshot class of ``registros.REGISTROS``): the header's procedure
code, title, version and approval date are those of the version the case follows,
the entity lines and the footer's office and contact lines are those of the day of
issue. Nothing is queried, no clock is read, the PDF is ``invariant``: identical
snapshots give identical bytes, so a record's SHA-256 identifies its content
(DESIGN.md, decision 9).

Each page's footer says "Radicado … · Código de verificación …" with the
verification URL, beside a QR code (reportlab's own ``QrCodeWidget``) to it. The
header and the QR code are the same on every page: each is drawn once per document
as a form XObject the pages reuse (``bench/registros.py`` measures why).
"""

from __future__ import annotations

import datetime
import functools
import itertools
from collections.abc import Sequence
from io import BytesIO
from typing import TYPE_CHECKING, Any, ClassVar

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from procedimientos.models import Entidad
from procedimientos.pdf.base import (
    ESTILO_TABLA,
    GRIS_ETIQUETA,
    GRIS_TEXTO,
    PARTIR_FILA,
    BaseRenderer,
    Encabezado,
    en_bogota,
    fecha_corta,
    parrafo,
    texto_plano,
    trozos,
)

from ..firma.firmar import LugarFirma
from ..registros import REGISTROS, Comun, Correccion, Instantanea
from .expediente import FORMA_ENCABEZADO, EntidadEmisora, ExpedienteRenderer

if TYPE_CHECKING:
    from ..models import Documento

__all__ = [
    "FORMA_ENCABEZADO",
    "EntidadEmisora",
    "ExpedienteRenderer",
    "RegistroRenderer",
    "fecha_hora",
    "fecha_larga",
    "fecha_o_guion",
    "lista",
]

#: Name of the QR code's form XObject, drawn once and shown on every page.
FORMA_QR = "QrVerificacion"
#: The QR code's mask pattern (0 to 7, ISO/IEC 18004).
MASCARA_QR = 0

#: Spanish month names, for dates written out in letters ("2 de diciembre de 2026"):
#: no dependency on the process locale.
MESES = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)


def fecha_hora(instante: datetime.datetime | None) -> str:
    """dd/mm/yyyy hh:mm in Bogotá, whatever the time zone it was stored in."""
    if instante is None:
        return "—"
    return en_bogota(instante).strftime("%d/%m/%Y %H:%M")


def fecha_larga(fecha: datetime.date) -> str:
    """ "2 de diciembre de 2026", as dates are written in a letter."""
    fecha = en_bogota(fecha)
    return f"{fecha.day} de {MESES[fecha.month - 1]} de {fecha.year}"


def lista(valores: Sequence[str]) -> str:
    """ "a, b y c": several values in one sentence or cell."""
    valores = [v for v in valores if v]
    if len(valores) < 2:
        return "".join(valores)
    return f"{', '.join(valores[:-1])} y {valores[-1]}"


class RegistroRenderer(ExpedienteRenderer):
    """A record of a case from its snapshot; subclasses write ``get_cuerpo()``.

    ``RegistroRenderer(documento).render()`` for a stored record, or
    ``Clase.desde_registro(snapshot).render()`` for a snapshot in memory (tests,
    ``bench/registros.py``).
    """

    #: The ``TipoDocumento`` this renderer prints (its snapshot class comes from
    #: ``registros.REGISTROS``).
    tipo: ClassVar[str] = ""

    #: Room at the foot of every page for the footer: entity lines, radicado and
    #: verification code, URL, beside the QR code.
    alto_pie: float = 21 * mm
    #: Side of the QR code in the footer's right corner.
    lado_qr: float = 18 * mm

    #: The record's name over the body ("ACTA DE REUNIÓN").
    estilo_titulo_registro = ParagraphStyle(
        "titulo_registro",
        fontName=BaseRenderer.fuente_negrita,
        fontSize=13,
        leading=16,
        alignment=TA_CENTER,
        spaceAfter=2,
    )
    #: Radicado, municipality and date of issue under the title.
    estilo_subtitulo = ParagraphStyle(
        "subtitulo",
        parent=BaseRenderer.estilo_texto,
        alignment=TA_CENTER,
        textColor=GRIS_TEXTO,
    )
    #: Paragraphs of running prose (letters, minutes), justified; one split
    #: between pages leaves at least two lines on each side.
    estilo_prosa = ParagraphStyle(
        "prosa",
        parent=BaseRenderer.estilo_texto,
        fontSize=10,
        leading=13.5,
        alignment=TA_JUSTIFY,
        spaceAfter=7,
        allowWidows=0,
        allowOrphans=0,
    )
    #: Names and roles under a signature line.
    estilo_firma = ParagraphStyle(
        "firma", parent=BaseRenderer.estilo_texto, alignment=TA_CENTER
    )
    #: Small grey print under the body (how to verify, data protection).
    estilo_nota = ParagraphStyle(
        "nota",
        parent=BaseRenderer.estilo_texto,
        fontSize=7,
        leading=8.5,
        textColor=GRIS_TEXTO,
    )
    estilo_centrado = ParagraphStyle(
        "centrado", parent=BaseRenderer.estilo_texto, alignment=TA_CENTER
    )
    #: The role under a signer's name.
    estilo_nota_centrada = ParagraphStyle(
        "nota_centrada", parent=estilo_nota, fontSize=7.5, alignment=TA_CENTER
    )
    #: A signer's name, bold, centred under the line.
    estilo_firmante = ParagraphStyle(
        "firmante", parent=estilo_firma, fontName=BaseRenderer.fuente_negrita
    )

    #: Where the entity's signature line landed, once rendered (``LugarDeFirma``);
    #: None when the record prints none and its signature is invisible.
    lugar_firma: LugarFirma | None = None

    def __init__(self, documento: Documento) -> None:
        self.documento = documento
        self.registro = self.leer(documento.datos or {})

    @classmethod
    def leer(cls, datos: dict[str, Any]) -> Any:
        """The snapshot of ``datos`` as its typed class."""
        return REGISTROS[cls.tipo].desde_json(datos)

    @classmethod
    def desde_registro(cls, registro: Instantanea) -> RegistroRenderer:
        """A renderer for a snapshot that is not stored (yet)."""
        renderer = cls.__new__(cls)
        renderer.documento = None
        renderer.registro = registro
        return renderer

    # --- what subclasses write ---------------------------------------------------

    def get_cuerpo(self) -> list[Flowable]:
        """The record's own story, under its title."""
        raise NotImplementedError

    # --- from the snapshot, never from the database ---------------------------------

    @functools.cached_property
    def comun(self) -> Comun:
        """Header, title and footer data (the receipt derives it: read it once)."""
        return self.registro.comun

    def get_encabezado(self) -> Encabezado:
        procedimiento = self.comun.procedimiento
        return Encabezado(
            titulo=procedimiento.titulo,
            codigo=procedimiento.codigo,
            version=procedimiento.version,
            fecha_aprobacion=procedimiento.fecha_aprobacion,
            entidad=self.comun.entidad or self.entidad_actual.lineas_encabezado(),
        )

    def get_asunto(self) -> str:
        return f"{self.comun.titulo.capitalize()} · radicado {self.comun.radicado}"

    def get_fecha(self) -> datetime.datetime:
        """The moment of issue in the snapshot: the PDF's CreationDate."""
        return self.comun.emitido_en

    @functools.cached_property
    def lineas_pie_registro(self) -> tuple[str, ...]:
        """Entity and contact lines, then the record's own: radicado and code."""
        comun = self.comun
        propias = [f"Radicado {comun.radicado}"]
        if comun.codigo_verificacion:
            propias.append(f"Código de verificación {comun.codigo_verificacion}")
        lineas = [*(comun.pie or self.entidad_actual.lineas_pie()), " · ".join(propias)]
        if comun.url_verificacion:
            lineas.append(f"Verifique este documento en {comun.url_verificacion}")
        return tuple(lineas)

    def get_documento(self, destino: BytesIO) -> BaseDocTemplate:
        documento = super().get_documento(destino)
        comun = self.comun
        documento.title = f"{comun.titulo.capitalize()} {comun.radicado}"
        return documento

    @functools.cached_property
    def entidad(self) -> Any:
        """The issuing entity as the snapshot recorded it (its name is the last
        header line): the PDF's author."""
        if self.comun.entidad:
            return EntidadEmisora(nombre=self.comun.entidad[-1])
        return self.entidad_actual

    @functools.cached_property
    def entidad_actual(self) -> Entidad:
        """The live setting: read only for receipts stored before snapshots
        carried the entity's lines."""
        return Entidad.load()

    def get_autor(self) -> str:
        return self.entidad.nombre

    # --- story, footer ----------------------------------------------------------------

    def get_story(self) -> list[Flowable]:
        return [*self.titulo_registro(), *self.get_cuerpo()]

    #: How the subtitle introduces the date of issue.
    emitido_el: str = "Expedido el"

    def titulo_registro(self) -> list[Flowable]:
        """The record's name, then radicado, municipality and date of issue; on a
        correction, the boxed note of which record it supersedes and why."""
        comun = self.comun
        titulo: list[Flowable] = [
            parrafo(comun.titulo, self.estilo_titulo_registro),
            parrafo(
                f"Radicado {comun.radicado} · Municipio de {comun.municipio} · "
                f"{self.emitido_el} {fecha_hora(comun.emitido_en)}",
                self.estilo_subtitulo,
            ),
        ]
        if comun.corrige is not None:
            titulo += [Spacer(0, 4), self.nota_correccion(comun.corrige)]
        return [*titulo, Spacer(0, 8)]

    def nota_correccion(self, corrige: Correccion) -> Table:
        """ "Este registro corrige y reemplaza el registro … expedido el ….
        Corrección: …", boxed; the reason is user text (escaped) of up to 2,000
        characters, set in rows of its own that may break across pages."""
        aviso = (
            f"Este registro corrige y reemplaza el registro "
            f"{corrige.codigo_verificacion} expedido el "
            f"{fecha_hora(corrige.emitido_en)}. Corrección: "
        )
        partes = trozos(corrige.motivo or "")
        return self.recuadro(
            [
                parrafo(parte, self.estilo_texto, negrita=aviso if i == 0 else "")
                for i, parte in enumerate(partes)
            ]
        )

    def recuadro(self, parrafos: Sequence[Flowable]) -> Table:
        """Paragraphs in one box the width of the frame (a notice under the
        title), a row each so a long one breaks between pages."""
        tabla = Table(
            [[p] for p in parrafos],
            colWidths=[self.ancho_util],
            splitInRow=PARTIR_FILA,
        )
        tabla.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), self.fuente),
                    ("BOX", (0, 0), (-1, -1), 1.25, colors.black),
                    ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#f4f4f4")),
                    ("LEFTPADDING", (0, 0), (-1, -1), 6),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                    ("TOPPADDING", (0, 0), (-1, 0), 5),
                    ("BOTTOMPADDING", (0, -1), (-1, -1), 5),
                ]
            )
        )
        return tabla

    def dibujar_encabezado_fijo(
        self, canvas: Canvas, total: int
    ) -> tuple[float, float, float, float]:
        """The base's official header (``tabla_encabezado``) with its PÁGINA value
        left blank; "X de Y" goes in that cell, the bottom one of four equal rows."""
        tabla = self.tabla_encabezado(None, total)
        _ancho, alto = tabla.wrapOn(canvas, self.ancho_util, self.pagesize[1])
        y = self.pagesize[1] - self.margen_superior - alto
        tabla.drawOn(canvas, self.margen_izquierdo, y)
        derecha = self.margen_izquierdo + self.ancho_util
        ancho_valor = self.proporciones_encabezado[2] * self.ancho_util
        return (derecha - ancho_valor, y, ancho_valor, alto / 4)

    def dibujar_pie(self, canvas: Canvas, pagina: int, total: int) -> None:
        """Footer: a thin rule, the lines on the left, the QR code on the right.

        The record's own lines (radicado, code, URL) are bold; a line too long for
        the space beside the QR code is set smaller rather than run under it.
        """
        lineas = self.lineas_pie_registro
        propias = 2 if self.comun.url_verificacion else 1
        arriba = self.margen_inferior + self.alto_pie - 1 * mm
        izquierda = self.margen_izquierdo
        derecha = self.pagesize[0] - self.margen_derecho
        ancho = self.ancho_util - (self.lado_qr + 4 * mm if propias == 2 else 0)
        canvas.saveState()
        canvas.setStrokeColor(GRIS_TEXTO)
        canvas.setLineWidth(0.4)
        canvas.line(izquierda, arriba, derecha, arriba)
        canvas.setFillColor(GRIS_TEXTO)
        y = arriba - 1.5 * mm
        for numero, linea in enumerate(lineas):
            fuente = self.fuente_negrita if numero >= len(lineas) - propias else None
            fuente = fuente or self.fuente
            texto = texto_plano(linea)
            largo = max(canvas.stringWidth(texto, fuente, 7), 1)
            tamano = min(7.0, 7.0 * ancho / largo)
            canvas.setFont(fuente, tamano)
            y -= 9
            canvas.drawString(izquierda, y, texto)
        canvas.restoreState()
        if self.comun.url_verificacion:
            self.dibujar_qr(canvas, derecha - self.lado_qr, self.margen_inferior)

    def dibujar_qr(self, canvas: Canvas, x: float, y: float) -> None:
        """The QR code of the verification URL, ``lado_qr`` wide, at (x, y).

        Drawn once per document as a form XObject that every page reuses: a QR
        code is a few hundred dark runs, and drawing them again on each page would
        cost more than the rest of the footer.
        """
        if not canvas.hasForm(FORMA_QR):
            canvas.beginForm(FORMA_QR, 0, 0, self.lado_qr, self.lado_qr)
            self._trazar_qr(canvas)
            canvas.endForm()
        canvas.saveState()
        canvas.translate(x, y)
        canvas.doForm(FORMA_QR)
        canvas.restoreState()

    @functools.cached_property
    def qr(self) -> QrCodeWidget:
        """reportlab's QR code of ``comun.url_verificacion`` (level M: still read
        when a printed copy is a little worn), with its quiet zone."""
        return QrCodeWidget(
            self.comun.url_verificacion,
            barLevel="M",
            barWidth=self.lado_qr,
            barHeight=self.lado_qr,
        )

    def _trazar_qr(self, canvas: Canvas) -> None:
        """The dark modules of ``qr`` as one filled path (what the widget's own
        ``draw()`` makes one shape each of)."""
        codigo = self.qr.qr
        if codigo.version is None:
            codigo.version = codigo.calculate_version()
        # One fixed mask, not the best of eight (``QRCode.make()``): choosing it
        # was most of a record's render time, and every mask gives a valid code.
        codigo.makeImpl(False, MASCARA_QR)
        modulos = codigo.getModuleCount()
        borde = self.qr.barBorder
        lado = self.lado_qr / (modulos + 2 * borde)
        camino = canvas.beginPath()
        for fila, valores in enumerate(codigo.modules):
            columna = 0
            for oscuro, tramo in itertools.groupby(bool(v) for v in valores):
                largo = len(list(tramo))
                if oscuro:
                    camino.rect(
                        (columna + borde) * lado,
                        self.lado_qr - (fila + borde + 1) * lado,
                        largo * lado,
                        lado,
                    )
                columna += largo
        canvas.setFillColor(colors.black)
        canvas.drawPath(camino, stroke=0, fill=1)

    # --- pieces the records share -----------------------------------------------------

    def prosa(self, texto: object, *, negrita: str = "") -> Paragraph:
        """A paragraph of running text (user text escaped, line breaks kept)."""
        return parrafo(texto, self.estilo_prosa, negrita=negrita)

    def tabla_texto(self, titulo: str, texto: str, *, vacio: str = "—") -> Table:
        """A free text (topics, observations, commitments) boxed under a grey
        title row; a long text goes on in rows of its own (``trozos``) that break
        between pages, the title row repeated."""
        filas: list[list[object]] = [[parrafo(titulo, self.estilo_titulo_tabla)]]
        estilo = [*ESTILO_TABLA, ("BACKGROUND", (0, 0), (-1, 0), GRIS_ETIQUETA)]
        for i, trozo in enumerate(trozos(texto or "")):
            if i:
                estilo.append(
                    ("LINEABOVE", (0, len(filas)), (-1, len(filas)), 0.6, colors.white)
                )
            filas.append([self.celda_texto(trozo, vacio=vacio)])
        tabla = Table(
            filas,
            colWidths=[self.ancho_util],
            splitInRow=PARTIR_FILA,
            repeatRows=1,
        )
        tabla.setStyle(TableStyle(estilo))
        return tabla

    def tabla_firmas(
        self,
        firmantes: Sequence[tuple[str, str]],
        *,
        por_fila: int = 2,
        firma_digital: bool = False,
    ) -> Table:
        """Signature lines: a rule with the name and, under it, the role; two per
        row. Used for the parties of an *acta* and the signer of a letter; with
        ``firma_digital`` the first line is the entity's, and the room over it is
        where the digital signature's stamp goes (``LugarDeFirma``)."""
        ancho = self.ancho_util / por_fila
        filas: list[list[object]] = []
        for inicio in range(0, len(firmantes), por_fila):
            grupo = list(firmantes[inicio : inicio + por_fila])
            celdas: list[object] = [
                [
                    LugarDeFirma(self, ancho - 12, 34)
                    if firma_digital and inicio + posicion == 0
                    else Spacer(0, 26),
                    parrafo("_" * 38, self.estilo_firma),
                    parrafo(nombre, self.estilo_firmante),
                    parrafo(cargo, self.estilo_nota_centrada),
                ]
                for posicion, (nombre, cargo) in enumerate(grupo)
            ]
            celdas += [""] * (por_fila - len(grupo))
            filas.append(celdas)
        tabla = Table(filas, colWidths=[ancho] * por_fila)
        tabla.setStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), self.fuente),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ]
        )
        return tabla

    def nota_verificacion(self) -> Paragraph:
        """How anyone checks the record is authentic."""
        comun = self.comun
        if not comun.codigo_verificacion:
            return parrafo("", self.estilo_nota)
        return parrafo(
            "Documento expedido electrónicamente por el sistema de la "
            f"{self.get_autor()} y firmado digitalmente por ella al expedirse (firma "
            "PAdES con sello de tiempo). Su autenticidad y su firma se verifican "
            f"con el código {comun.codigo_verificacion} en {comun.url_verificacion} "
            "o con el código QR del pie de página. Los datos personales se tratan "
            "conforme a la Ley 1581 de 2012.",
            self.estilo_nota,
        )


class LugarDeFirma(Flowable):
    """The blank over the entity's signature line: drawn, it tells its renderer
    where it landed (``renderer.lugar_firma``, page and box in points), which
    ``firmar`` makes the visible signature's place. Nothing is printed in it."""

    def __init__(self, renderer: RegistroRenderer, ancho: float, alto: float):
        super().__init__()
        self.renderer, self.ancho, self.alto = renderer, ancho, alto

    def wrap(self, *args) -> tuple[float, float]:
        return self.ancho, self.alto

    def draw(self) -> None:
        x, y = self.canv.absolutePosition(0, 0)
        self.renderer.lugar_firma = LugarFirma(
            pagina=self.canv.getPageNumber(),
            caja=(x, y, x + self.ancho, y + self.alto),
        )


def fecha_o_guion(fecha: datetime.date | None) -> str:
    """dd/mm/yyyy, or "—" when there is none."""
    return fecha_corta(fecha) if fecha else "—"
