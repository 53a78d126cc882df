"""File downloads every area offers (下载): the .xlsx content type, an attachment response, and the one way an
export writes a spreadsheet cell (单元格), so that text a user typed stays text.

Formula injection (公式注入, OWASP "CSV injection"): a spreadsheet program reads a cell typed as ``=…`` as a
formula, and likewise ``+ - @`` and a leading tab or carriage return; a record named ``=HYPERLINK(…)`` would
become a live link in the department's workbook. Every export therefore

- opens its workbook with ``new_workbook()`` (xlsxwriter with ``strings_to_formulas`` and ``strings_to_urls`` off);
- writes every cell with ``write_cell`` / ``write_cells``: text as a text cell, and text starting with one of
  those characters with an apostrophe in front (``as_text``, OWASP's advice — shown as ``'=HYPERLINK(…)``, never
  evaluated, and still text when the cell is edited or the sheet is saved as CSV); numbers as numbers (a
  negative number is a number, not text), dates as dates.

``tests/test_export_formulas.py`` downloads every .xlsx the URLs offer with such records and
fails on a formula cell or a bare ``=``; it also fails when a module writes cells any other way.
An importer that reads an exported workbook back undoes the apostrophe with ``from_text``
(docs/decisions/0009-formula-text-in-exports.md).
"""

import datetime as dt
import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.http import HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# What makes Excel, WPS or LibreOffice evaluate a typed cell (OWASP CSV injection: = + - @ tab CR).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def xlsx_response(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename={name}"
    return response


def as_text(value: str) -> str:
    """The text as a spreadsheet must show it: an apostrophe before a leading ``= + - @``, tab or CR.

    Text that already starts with apostrophes before such a character gets one more, so that ``from_text`` gives
    back exactly what was written."""
    return "'" + value if value.lstrip("'").startswith(FORMULA_STARTS) else value


def from_text(value: str) -> str:
    """``as_text`` undone: what an exported cell held before the apostrophe was put in front."""
    return value[1:] if value.startswith("'") and value.lstrip("'").startswith(FORMULA_STARTS) else value


def new_workbook(buffer: io.BytesIO, **options: Any) -> xlsxwriter.Workbook:
    """An in-memory xlsxwriter workbook that never turns a string into a formula or a link."""
    return xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                        **options})


def write_cell(sheet, row: int, col: int, value: Any, cell_format=None) -> None:
    """Write one value: text as text (``as_text``), numbers as numbers, dates as dates; None and "" leave the cell
    empty (with its format)."""
    if value is None or (isinstance(value, str) and not value):
        sheet.write_blank(row, col, None, cell_format)
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, value, cell_format)
    elif isinstance(value, int | float | Decimal):
        sheet.write_number(row, col, float(value), cell_format)
    elif isinstance(value, dt.date | dt.time):
        if cell_format is None:  # without a number format Excel shows the day's serial number
            raise TypeError("write_cell: a date needs a cell format with a date num_format")
        sheet.write_datetime(row, col, value, cell_format)
    else:  # str, lazy translations, labels: whatever it is, it is shown as its text
        sheet.write_string(row, col, as_text(str(value)), cell_format)


def write_cells(sheet, row: int, col: int, values: Iterable[Any], cell_format=None) -> None:
    """``write_cell`` for each value, left to right from ``col``."""
    for offset, value in enumerate(values):
        write_cell(sheet, row, col + offset, value, cell_format)
