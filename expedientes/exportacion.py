"""Cells of the spreadsheets the staff export (the listings' CSV and XLSX through
``ExportacionMixin`` in ``viewsets.py``, the FUID's in ``fuid.py``).

- **Formulas.** A cell that starts with ``= + - @`` (or a tab or carriage return)
  is read by Excel and LibreOffice as a formula: a municipality's subject like
  ``=HYPERLINK(...)`` would run on the archivist's machine (CSV injection, OWASP).
  ``neutralizar`` puts a leading apostrophe before such a text, which spreadsheets
  show as the literal text.
- **Dates.** Every date and time is Bogotá's, written as people write them here:
  ``dd/mm/aaaa hh:mm`` and ``dd/mm/aaaa`` in CSV; real dates with those formats in
  XLSX (Wagtail's export writes a moment as naive UTC, so 22:32 in Bogotá read
  03:32 of the next day).
- **Encoding and separator.** CSV as UTF-8 with a BOM (Excel reads it as UTF-8
  only then: without it "Qué" shows "QuÃ©") and ``;`` between cells: in Colombia
  the decimal separator is the comma, so Excel's list separator is ``;`` and a
  comma-separated file opens in a single column. LibreOffice and Google Sheets
  detect the separator.
"""

from __future__ import annotations

import csv
import datetime
import itertools
from collections.abc import Iterable, Iterator
from typing import Any

from django.http import StreamingHttpResponse
from django.utils import timezone

__all__ = [
    "CSV_CONTENT_TYPE",
    "INICIO_DE_FORMULA",
    "ExportacionMixin",
    "celda_xlsx",
    "escribir_csv",
    "neutralizar",
    "texto_de_celda",
]

#: Characters that make a spreadsheet read a cell as a formula (CSV injection).
INICIO_DE_FORMULA = ("=", "+", "-", "@", "\t", "\r")
#: What people read and write here.
FORMATO_FECHA = "%d/%m/%Y"
FORMATO_FECHA_HORA = "%d/%m/%Y %H:%M"
#: The same, as XLSX number formats.
XLSX_FECHA = "dd/mm/yyyy"
XLSX_FECHA_HORA = "dd/mm/yyyy hh:mm"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
#: The cell separator of the CSV files (see the module's docstring).
SEPARADOR = ";"


def neutralizar(valor: Any) -> Any:
    """A text cell that a spreadsheet will not run: a leading quote if needed."""
    if isinstance(valor, str) and valor.startswith(INICIO_DE_FORMULA):
        return "'" + valor
    return valor


def _local(instante: datetime.datetime) -> datetime.datetime:
    """A moment in Bogotá (the site's time zone), whatever zone it came in."""
    if timezone.is_aware(instante):
        return timezone.localtime(instante)
    return instante


def texto_de_celda(valor: Any) -> str:
    """A value as a CSV cell: dates in Bogotá as people write them, nothing for
    ``None``, formulas neutralised."""
    if isinstance(valor, datetime.datetime):
        return _local(valor).strftime(FORMATO_FECHA_HORA)
    if isinstance(valor, datetime.date):
        return valor.strftime(FORMATO_FECHA)
    if valor is None:
        return ""
    return neutralizar(str(valor))


def celda_xlsx(valor: Any) -> tuple[Any, str | None]:
    """A value as an XLSX cell and its number format: a moment as Bogotá's naive
    date and time (XLSX has no time zones), a date as a date. Texts stay as they
    are: the cell is typed as text, so no spreadsheet runs it (``ExportacionMixin``)
    and no apostrophe shows."""
    if isinstance(valor, datetime.datetime):
        return _local(valor).replace(tzinfo=None), XLSX_FECHA_HORA
    if isinstance(valor, datetime.date):
        return valor, XLSX_FECHA
    return valor, None


class _Eco:
    """A file that returns what is written to it (for streaming CSV rows)."""

    def write(self, valor: str) -> str:
        return valor


def escribir_csv(filas: Iterable[Iterable[Any]]) -> Iterator[str]:
    """CSV lines (BOM first) of rows of values, each cell through
    ``texto_de_celda``."""
    escritor = csv.writer(_Eco(), delimiter=SEPARADOR, lineterminator="\r\n")
    yield "\ufeff"
    for fila in filas:
        yield escritor.writerow([texto_de_celda(v) for v in fila])


class ExportacionMixin:
    """For a Wagtail listing with ``list_export`` (``SpreadsheetExportMixin``):
    CSV and XLSX with Bogotá's dates, the BOM, the charset and ``;``, and no cell
    a spreadsheet would run."""

    def stream_csv(self, queryset):
        cabeza = [self.get_heading(queryset, campo) for campo in self.list_export]
        filas = (self.to_row_dict(item).values() for item in queryset)
        return (
            linea.encode("utf-8")
            for linea in escribir_csv(itertools.chain([cabeza], filas))
        )

    def write_csv_response(self, queryset):
        respuesta = StreamingHttpResponse(
            self.stream_csv(queryset), content_type=CSV_CONTENT_TYPE
        )
        respuesta["Content-Disposition"] = (
            f'attachment; filename="{self.get_filename()}.csv"'
        )
        return respuesta

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        from openpyxl.cell import WriteOnlyCell

        for valor in row_dict.values():
            if valor is not None and not isinstance(
                valor, str | int | float | datetime.date
            ):
                valor = str(valor)
            dato, formato = celda_xlsx(valor)
            celda = WriteOnlyCell(worksheet, dato)
            if celda.data_type == "f":
                celda.data_type = "s"
            if formato:
                celda.number_format = formato
            yield celda
