"""Cells of the spreadsheets the staff export (the cases listing's CSV in
``viewsets.py``, the FUID's CSV and XLSX in ``pdf/fuid.py``).

A cell that starts with ``= + - @`` (or a tab or carriage return) is read by
Excel and LibreOffice as a formula: a municipality's subject like
``=HYPERLINK(...)`` would run on the archivist's machine (CSV injection, OWASP).
``neutralizar`` puts a leading apostrophe before such a text, which spreadsheets
show as the literal text.
"""

from __future__ import annotations

from typing import Any

__all__ = ["INICIO_DE_FORMULA", "neutralizar"]

#: Characters that make a spreadsheet read a cell as a formula (CSV injection).
INICIO_DE_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def neutralizar(valor: Any) -> Any:
    """A text cell that a spreadsheet will not run: a leading quote if needed."""
    if isinstance(valor, str) and valor.startswith(INICIO_DE_FORMULA):
        return "'" + valor
    return valor
