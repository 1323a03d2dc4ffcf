"""The *formato único de inventario documental* (FUID, Acuerdo AGN 042 de 2002,
art. 7) of a chosen set of archived case files, from the snapshot
``services.archivo.fuid_construir`` builds (``registros.Fuid``).

This module holds what the three formats share and say alike: the table's
columns as one table (``COLUMNAS``: heading, sub-heading, value, width in the
PDF and in the XLSX, alignment), the header's identification fields
(``cabecera``), the receiving archive's registro de entrada
(``registro_de_entrada``) and the signature block (``FIRMAS``, ``CAMPOS_FIRMA``);
and the archive's spreadsheets: CSV (``fuid_csv``) and XLSX (``fuid_xlsx``), with
what the PDF has around its table: the title and the entity, the identification
fields, objeto, registro de entrada and when it was drawn up; then the table's
columns and rows; then the signature block (elaborado, entregado, recibido por:
nombre, cargo, firma, lugar, fecha). The PDF is ``pdf/fuid.py``. The admin's
FUID screen calls the three.

Cells are written as ``exportacion`` writes every export: CSV in UTF-8 with a BOM
and ``;`` between cells, dates dd/mm/aaaa (a moment in Bogotá); XLSX with real
dates in that format. No cell runs as a formula on the archivist's machine:
every text goes through ``neutralizar`` (a leading apostrophe), and the XLSX's
are typed as text besides.

A FUID is not a record: it has no verification code and is not stored.
"""

from __future__ import annotations

import dataclasses
import datetime
import io
import itertools
import re
from collections.abc import Callable
from typing import Any

from .exportacion import celda_xlsx, escribir_csv, neutralizar
from .registros import FilaFuid, Fuid

__all__ = [
    "CAMPOS_FIRMA",
    "COLUMNAS",
    "ENCABEZADOS",
    "FIRMAS",
    "GRUPOS",
    "TITULO",
    "Columna",
    "cabecera",
    "fuid_csv",
    "fuid_xlsx",
    "registro_de_entrada",
    "valores",
]

TITULO = "FORMATO ÚNICO DE INVENTARIO DOCUMENTAL"


def _nombre(fila: FilaFuid) -> str:
    """The "nombre de la serie, subserie o asuntos" cell, with the file's number."""
    return (
        f"{fila.nombre}. Expediente {fila.radicado}" if fila.radicado else fila.nombre
    )


@dataclasses.dataclass(frozen=True)
class Columna:
    """A column of the inventory, in the three formats."""

    #: First heading row; consecutive columns of one group share its cell.
    grupo: str
    #: Second heading row, under a group ("" when the group is one column).
    sub: str
    #: The case file's cell (dates as dates).
    valor: Callable[[FilaFuid], Any]
    #: Width as a fraction of the PDF's frame, and in characters in the XLSX.
    ancho_pdf: float
    ancho_xlsx: int
    #: In the PDF: "ajustada" (a wrapped paragraph), "centrada" (a centred
    #: paragraph, blank when empty) or "" (a plain centred string).
    celda_pdf: str = ""

    @property
    def encabezado(self) -> str:
        """The two levels joined, as the spreadsheets' heading."""
        grupo = self.grupo.capitalize()
        return f"{grupo} ({self.sub.lower()})" if self.sub else grupo


_ajustada, _centrada = "ajustada", "centrada"
_UNIDAD = "UNIDAD DE CONSERVACIÓN"
#: The inventory's 13 columns. A date (dd/mm/yyyy) fits its column, and "NÚMERO"
#: its own (at 0.05 it was cut "NÚMER / O"): ``tests/lectura_pdf.palabras_partidas``
#: measures them.
COLUMNAS: tuple[Columna, ...] = (
    Columna("NÚMERO DE ORDEN", "", lambda f: f.numero_orden, 0.055, 9),
    Columna("CÓDIGO", "", lambda f: f.codigo, 0.07, 12, _ajustada),
    Columna("NOMBRE DE LA SERIE, SUBSERIE O ASUNTOS", "", _nombre, 0.26, 50, _ajustada),
    Columna("FECHAS EXTREMAS", "INICIAL", lambda f: f.fecha_inicial, 0.068, 12),
    Columna("FECHAS EXTREMAS", "FINAL", lambda f: f.fecha_final, 0.068, 12),
    Columna(_UNIDAD, "CAJA", lambda f: f.caja, 0.04, 8, _centrada),
    Columna(_UNIDAD, "CARPETA", lambda f: f.carpeta, 0.055, 9, _centrada),
    Columna(_UNIDAD, "TOMO", lambda f: f.tomo, 0.045, 8, _centrada),
    Columna(_UNIDAD, "OTRO", lambda f: f.otro, 0.04, 9, _centrada),
    Columna("NÚMERO DE FOLIOS", "", lambda f: f.folios, 0.055, 9),
    Columna("SOPORTE", "", lambda f: f.soporte, 0.06, 12, _ajustada),
    Columna(
        "FRECUENCIA DE CONSULTA",
        "",
        lambda f: f.frecuencia_consulta,
        0.07,
        13,
        _ajustada,
    ),
    Columna("NOTAS", "", lambda f: f.notas, 0.114, 40, _ajustada),
)
#: The columns by group, in order: (group, its columns).
GRUPOS: tuple[tuple[str, tuple[Columna, ...]], ...] = tuple(
    (grupo, tuple(columnas))
    for grupo, columnas in itertools.groupby(COLUMNAS, key=lambda c: c.grupo)
)
#: One heading per column of the spreadsheets.
ENCABEZADOS: tuple[str, ...] = tuple(c.encabezado for c in COLUMNAS)


#: The signature block's columns: who, and the snapshot's field.
FIRMAS: tuple[tuple[str, str], ...] = (
    ("ELABORADO POR", "elaborado_por"),
    ("ENTREGADO POR", "entregado_por"),
    ("RECIBIDO POR", "recibido_por"),
)
#: Its rows: the label, and the ``Firma`` field (None: the blank to sign on).
CAMPOS_FIRMA: tuple[tuple[str, str | None], ...] = (
    ("NOMBRE", "nombre"),
    ("CARGO", "cargo"),
    ("FIRMA", None),
    ("LUGAR", "lugar"),
    ("FECHA", "fecha"),
)


def cabecera(fuid: Fuid) -> list[tuple[str, str]]:
    """The identification fields of the header, as (label, value)."""
    return [
        ("ENTIDAD REMITENTE", fuid.entidad_remitente),
        ("ENTIDAD PRODUCTORA", fuid.entidad_productora),
        (
            "UNIDAD ADMINISTRATIVA",
            f"{fuid.unidad_administrativa} (código {fuid.codigo_unidad or '—'})",
        ),
        (
            "OFICINA PRODUCTORA",
            f"{fuid.oficina_productora} (código {fuid.codigo_oficina or '—'})",
        ),
    ]


def registro_de_entrada(fuid: Fuid) -> list[tuple[str, str]]:
    """The receiving archive's registro de entrada: año, mes, día, N.T."""
    fecha = fuid.entrada_fecha
    return [
        ("AÑO", str(fecha.year) if fecha else ""),
        ("MES", f"{fecha.month:02d}" if fecha else ""),
        ("DÍA", f"{fecha.day:02d}" if fecha else ""),
        ("N.T.", fuid.numero_transferencia),
    ]


def valores(fila: FilaFuid) -> list[Any]:
    """A case file's cells, in ``COLUMNAS`` order, dates as dates."""
    return [columna.valor(fila) for columna in COLUMNAS]


#: The XLSX's signature block: the columns (1-based, inclusive) each of the three
#: signers takes under the table; the first of each holds the labels.
BLOQUES_FIRMA = ((1, 3), (4, 8), (9, 13))
#: Where the XLSX's header sets the labels, the values and the registro de
#: entrada (as in the PDF: identification on the left, the archive's on the right).
ETIQUETAS, VALORES, ENTRADA = (1, 2), (3, 9), (10, 13)


def _titulo(etiqueta: str) -> str:
    """ "ENTIDAD REMITENTE" as a spreadsheet heading: "Entidad remitente"; an
    abbreviation ("N.T.") as it is."""
    return etiqueta if "." in etiqueta else etiqueta.capitalize()


#: When the FUID was drawn up (a moment, written in Bogotá).
ELABORADO = "ELABORADO EL"


def _firma(fuid: Fuid, campo_firma: str, atributo: str | None) -> Any:
    if atributo is None:
        return ""
    valor = getattr(getattr(fuid, campo_firma), atributo)
    return valor if valor not in (None, "") else ""


def filas_csv(fuid: Fuid) -> list[list[Any]]:
    """The FUID as rows of a sheet: header block, a blank row, the table's
    heading and rows, a blank row, the signature block."""
    filas: list[list[Any]] = [[TITULO], *([linea] for linea in fuid.entidad), []]
    filas += [[_titulo(etiqueta), valor] for etiqueta, valor in cabecera(fuid)]
    filas.append(["Objeto", fuid.objeto])
    entrada = registro_de_entrada(fuid)
    filas.append(["Registro de entrada", *(_titulo(n) for n, _v in entrada)])
    filas.append(["", *(valor for _n, valor in entrada)])
    filas.append([_titulo(ELABORADO), fuid.elaborado_en])
    filas += [[], list(ENCABEZADOS), *(valores(fila) for fila in fuid.filas), []]
    filas.append(["", *(_titulo(rol) for rol, _campo in FIRMAS)])
    for etiqueta, atributo in CAMPOS_FIRMA:
        filas.append(
            [
                _titulo(etiqueta),
                *(_firma(fuid, campo, atributo) for _rol, campo in FIRMAS),
            ]
        )
    return filas


def fuid_csv(fuid: Fuid) -> bytes:
    """The FUID as CSV (``filas_csv``), as every export of the site is written."""
    return "".join(escribir_csv(filas_csv(fuid))).encode("utf-8")


def fuid_xlsx(fuid: Fuid) -> bytes:
    """The FUID as an XLSX workbook laid out like the PDF: title and entity
    merged across the sheet, identification fields on the left and the registro
    de entrada on the right, the table's two heading rows merged as in the PDF
    (repeated on every printed page), one row per case file (dates as dates,
    folios as numbers), and the three signature blocks under it."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    libro = Workbook()
    hoja = libro.active
    hoja.title = "FUID"
    ultima = len(COLUMNAS)
    negrita = Font(bold=True)
    gris = PatternFill("solid", fgColor="E3E3E3")
    linea = Side(style="thin")
    borde = Border(left=linea, right=linea, top=linea, bottom=linea)
    centrado = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ajustado = Alignment(vertical="center", wrap_text=True)

    def poner(
        fila: int, desde: int, hasta: int, valor: Any, *, etiqueta: bool = False
    ) -> None:
        """``valor`` in columns ``desde``..``hasta`` of ``fila`` (merged), with a
        border; a label bold on grey. A text is neutralised (a leading
        apostrophe, as in the CSV) and typed as text: never a formula."""
        dato, formato = celda_xlsx(neutralizar(valor))
        celda = hoja.cell(row=fila, column=desde, value=dato)
        if celda.data_type == "f":
            celda.data_type = "s"
        if formato:
            celda.number_format = formato
        if hasta > desde:
            hoja.merge_cells(
                start_row=fila, start_column=desde, end_row=fila, end_column=hasta
            )
        for columna in range(desde, hasta + 1):
            hoja.cell(row=fila, column=columna).border = borde
        celda.alignment = centrado if etiqueta else ajustado
        if etiqueta:
            celda.font = negrita
            for columna in range(desde, hasta + 1):
                hoja.cell(row=fila, column=columna).fill = gris

    # Title and entity, across the sheet.
    poner(1, 1, ultima, TITULO, etiqueta=True)
    hoja.cell(row=1, column=1).font = Font(bold=True, size=13)
    fila = 2
    for texto in fuid.entidad:
        poner(fila, 1, ultima, texto)
        hoja.cell(row=fila, column=1).alignment = centrado
        fila += 1
    # Identification on the left, registro de entrada on the right.
    arriba = fila + 1
    datos = [
        *cabecera(fuid),
        ("OBJETO", fuid.objeto),
        (ELABORADO, fuid.elaborado_en),
    ]
    for i, (etiqueta, valor) in enumerate(datos):
        poner(arriba + i, *ETIQUETAS, _titulo(etiqueta), etiqueta=True)
        poner(arriba + i, *VALORES, valor)
    entrada = registro_de_entrada(fuid)
    poner(arriba, *ENTRADA, "Registro de entrada", etiqueta=True)
    for i, (etiqueta, valor) in enumerate(entrada):
        poner(
            arriba + 1, ENTRADA[0] + i, ENTRADA[0] + i, _titulo(etiqueta), etiqueta=True
        )
        poner(arriba + 2, ENTRADA[0] + i, ENTRADA[0] + i, valor)
        hoja.cell(row=arriba + 2, column=ENTRADA[0] + i).alignment = centrado
    # The table's two heading rows, merged as in the PDF.
    cabeza = arriba + len(datos) + 1
    columna = 1
    for grupo, subs in GRUPOS:
        if len(subs) > 1:
            poner(cabeza, columna, columna + len(subs) - 1, grupo, etiqueta=True)
            for i, sub in enumerate(subs):
                poner(cabeza + 1, columna + i, columna + i, sub.sub, etiqueta=True)
        else:
            poner(cabeza, columna, columna, grupo, etiqueta=True)
            poner(cabeza + 1, columna, columna, "", etiqueta=True)
            hoja.merge_cells(
                start_row=cabeza,
                start_column=columna,
                end_row=cabeza + 1,
                end_column=columna,
            )
        columna += len(subs)
    fila = cabeza + 2
    for expediente in fuid.filas:
        for columna, valor in enumerate(valores(expediente), start=1):
            poner(fila, columna, columna, valor)
        fila += 1
    # The signature block: each signer's heading, then name, role, a blank to
    # sign on, place and date.
    fila += 1
    for (rol, campo), (desde, hasta) in zip(FIRMAS, BLOQUES_FIRMA, strict=True):
        poner(fila, desde, hasta, _titulo(rol), etiqueta=True)
        for i, (etiqueta, atributo) in enumerate(CAMPOS_FIRMA, start=1):
            poner(fila + i, desde, desde, _titulo(etiqueta), etiqueta=True)
            poner(fila + i, desde + 1, hasta, _firma(fuid, campo, atributo))
    firma = fila + 1 + [a for _e, a in CAMPOS_FIRMA].index(None)
    hoja.row_dimensions[firma].height = 36

    for indice, de_la_tabla in enumerate(COLUMNAS, start=1):
        ancho = de_la_tabla.ancho_xlsx
        hoja.column_dimensions[get_column_letter(indice)].width = ancho
    hoja.freeze_panes = hoja.cell(row=cabeza + 2, column=1)
    hoja.print_title_rows = f"{cabeza}:{cabeza + 1}"
    hoja.page_setup.orientation = "landscape"
    hoja.page_setup.fitToWidth = 1
    hoja.page_setup.fitToHeight = 0
    hoja.sheet_properties.pageSetUpPr.fitToPage = True
    # Same snapshot, same workbook: no clock in the file's properties.
    instante = celda_xlsx(fuid.elaborado_en)[0].replace(microsecond=0)
    libro.properties.created = libro.properties.modified = instante
    libro.properties.creator = fuid.elaborado_por.nombre or None
    libro.properties.title = TITULO.capitalize()
    salida = io.BytesIO()
    libro.save(salida)
    return _sin_fechas_zip(salida.getvalue(), instante)


def _sin_fechas_zip(contenido: bytes, instante: datetime.datetime) -> bytes:
    """The workbook's zip with every entry, and the file's "modified" property,
    dated ``instante`` (``zipfile`` and openpyxl use the clock): the same FUID
    gives the same bytes."""
    import zipfile

    fecha = (max(instante.year, 1980), *instante.timetuple()[1:6])
    salida = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(contenido)) as origen,
        zipfile.ZipFile(salida, "w", zipfile.ZIP_DEFLATED) as destino,
    ):
        for entrada in origen.infolist():
            info = zipfile.ZipInfo(entrada.filename, date_time=fecha)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = entrada.external_attr
            datos = origen.read(entrada.filename)
            if entrada.filename == "docProps/core.xml":
                # openpyxl stamps "modified" with the clock when it saves.
                datos = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>"
                    + instante.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                    + rb"\g<2>",
                    datos,
                )
            destino.writestr(info, datos)
    return salida.getvalue()
