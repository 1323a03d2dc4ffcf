"""The FUID (``fuid.py``) as the archive's spreadsheets: CSV (``fuid_csv``) and
XLSX (``fuid_xlsx``), from the same ``registros.Fuid`` snapshot as the PDF and
with what the PDF has around its table: the title and the entity, the
identification fields (entidad remitente and productora, unidad administrativa
and oficina productora with their codes, objeto), the registro de entrada (año,
mes, día, N.T.) and when it was drawn up; then the table's columns and rows; then
the signature block (elaborado, entregado, recibido por: nombre, cargo, firma,
lugar, fecha). Labels, columns and signature rows come from ``fuid.py``, so the
three formats say the same.

Cells are written as ``exportacion`` writes every export: CSV in UTF-8 with a BOM
and ``;`` between cells, dates dd/mm/aaaa (a moment in Bogotá); XLSX with real
dates in that format. No cell runs as a formula on the archivist's machine:
every text goes through ``neutralizar`` (a leading apostrophe), and the XLSX's
are typed as text besides. Called by ``views.FuidView``.
"""

from __future__ import annotations

import datetime
import io
import re
from typing import Any

from ..exportacion import celda_xlsx, escribir_csv, neutralizar
from ..registros import Fuid
from .fuid import (
    CAMPOS_FIRMA,
    COLUMNAS,
    FIRMAS,
    GRUPOS,
    TITULO,
    cabecera,
    registro_de_entrada,
    valores,
)

__all__ = ["fuid_csv", "fuid_xlsx"]

#: Columns of the XLSX (widths in characters), those of the table's 13.
ANCHOS_XLSX = (9, 12, 50, 12, 12, 8, 9, 8, 9, 9, 12, 13, 40)
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
    filas += [[], list(COLUMNAS), *(valores(fila) for fila in fuid.filas), []]
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
            for i, (sub, _ancho) in enumerate(subs):
                poner(cabeza + 1, columna + i, columna + i, sub, etiqueta=True)
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

    for indice, ancho in enumerate(ANCHOS_XLSX, start=1):
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
