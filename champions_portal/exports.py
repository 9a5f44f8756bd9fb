"""Tables people take into meetings, as CSV or XLSX downloads.

One way to write a sheet (`_write_sheet`): a bold, frozen header row, columns sized to their
contents, landscape, fitted to the page width, the header repeated on every printed page.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.http import Http404, HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


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
    writer.writerow(sheet.headers)
    writer.writerows(sheet.rows)
    return buffer.getvalue().encode()


def _xlsx(sheets: Sequence[Sheet]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        _write_sheet(workbook.create_sheet(sheet.title[:31]), sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_sheet(worksheet, sheet: Sheet) -> None:
    worksheet.append(list(sheet.headers))
    for cell in worksheet[1]:
        cell.font = Font(bold=True)
    widths = [len(str(h)) for h in sheet.headers]
    for row in sheet.rows:
        worksheet.append(list(row))
        widths = [max(w, len(str(v or ""))) for w, v in zip(widths, row, strict=False)]
    for i, width in enumerate(widths, start=1):
        worksheet.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 10), 60)
    worksheet.freeze_panes = "A2"
    worksheet.print_title_rows = "1:1"
    worksheet.page_setup.orientation = "landscape"
    worksheet.page_setup.fitToWidth = 1
    worksheet.page_setup.fitToHeight = 0
    worksheet.sheet_properties.pageSetUpPr.fitToPage = True
