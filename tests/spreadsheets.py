"""Reading back an XLSX that champions_portal/exports.py wrote: its table sits under a title block, and its
header is the row the panes are frozen below."""

import io

from openpyxl import Workbook, load_workbook
from openpyxl.utils.cell import coordinate_from_string
from openpyxl.worksheet.worksheet import Worksheet


def workbook(content: bytes) -> Workbook:
    return load_workbook(io.BytesIO(content))


def header_row(sheet: Worksheet) -> int:
    """The number of the sheet's header row: the one above the frozen panes."""
    return coordinate_from_string(sheet.freeze_panes)[1] - 1


def title_block(sheet: Worksheet) -> list[str]:
    """The lines above the table (the blank row before the header left out)."""
    return [row[0] for row in sheet.iter_rows(max_row=header_row(sheet) - 2, values_only=True)]


def table(sheet: Worksheet, *, values_only: bool = True) -> list:
    """The sheet's table, header row first, without the title block."""
    return list(sheet.iter_rows(min_row=header_row(sheet), values_only=values_only))


def xlsx_table(content: bytes, title: str | None = None) -> list[tuple]:
    """The table of the sheet called `title` (else the first), header row first, as values."""
    book = workbook(content)
    return table(book[title] if title else book.worksheets[0])
