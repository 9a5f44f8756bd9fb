"""Tables people take into meetings, as CSV or XLSX downloads.

One way to write a sheet (`_write_sheet`): a bold, frozen header row, columns sized to their
contents, landscape, fitted to the page width, the header repeated on every printed page.

Text that starts with a character a spreadsheet may read as the start of a formula gets a quote
before it (`neutralised`, OWASP's advice on CSV injection), in every cell of both formats: names and
notes typed by anyone, such as a public registrant, must never run in an organiser's spreadsheet.
Numbers and dates keep their types (a negative number is a number, not text).
"""

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.http import Http404, HttpResponse
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


# = + - @ start formulas; a tab or carriage return before one is skipped by some spreadsheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value):
    """`value`, with a quote before it if it is text that starts like a formula; anything else as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass
class Sheet:
    """One table: `title` names the XLSX sheet (Excel allows 31 characters)."""

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence]


def spreadsheet_response(*, fmt: str, filename: str, title: str, headers: Sequence[str], rows: Iterable[Sequence]):
    """A download of `rows` under `headers`: CSV (UTF-8 with BOM, for Excel) or XLSX. 404 for another format."""
    return workbook_response(fmt=fmt, filename=filename, sheets=[Sheet(title=title, headers=headers, rows=rows)])


def workbook_response(*, fmt: str, filename: str, sheets: Sequence[Sheet]):
    """A download of several tables: an XLSX with a sheet each, or a CSV of the first. 404 for another format."""
    if fmt not in FORMATS:
        raise Http404("Download as csv or xlsx")
    content = _csv(sheets[0]) if fmt == "csv" else _xlsx(sheets)
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def _csv(sheet: Sheet) -> bytes:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([neutralised(h) for h in sheet.headers])
    writer.writerows([neutralised(v) for v in row] for row in sheet.rows)
    return buffer.getvalue().encode()


def _xlsx(sheets: Sequence[Sheet]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        _write_sheet(workbook.create_sheet(sheet.title[:31]), sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(worksheet, value) -> Cell:
    if isinstance(value, str):  # control characters an XLSX cannot hold (a stray BEL in a typed name)
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = Cell(worksheet, value=neutralised(value))
    if isinstance(cell.value, str):
        cell.data_type = "s"  # text, whatever it looks like: openpyxl would make "#N/A" an error value
    return cell


def _write_sheet(worksheet, sheet: Sheet) -> None:
    worksheet.append([_cell(worksheet, h) for h in sheet.headers])
    for cell in worksheet[1]:
        cell.font = Font(bold=True)
    widths = [len(str(h)) for h in sheet.headers]
    for row in sheet.rows:
        cells = [_cell(worksheet, v) for v in row]
        worksheet.append(cells)
        widths = [max(w, len(str(c.value or ""))) for w, c in zip(widths, cells, strict=False)]
    for i, width in enumerate(widths, start=1):
        worksheet.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 10), 60)
    worksheet.freeze_panes = "A2"
    worksheet.print_title_rows = "1:1"
    worksheet.page_setup.orientation = "landscape"
    worksheet.page_setup.fitToWidth = 1
    worksheet.page_setup.fitToHeight = 0
    worksheet.sheet_properties.pageSetUpPr.fitToPage = True
