"""Tables people take into meetings, as CSV or XLSX downloads."""

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import Http404, HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def spreadsheet_response(*, fmt: str, filename: str, title: str, headers: Sequence[str], rows: Iterable[Sequence]):
    """A download of `rows` under `headers`: CSV (UTF-8 with BOM, for Excel) or XLSX. 404 for another format."""
    if fmt not in FORMATS:
        raise Http404("Download as csv or xlsx")
    if fmt == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")
        writer = csv.writer(buffer)
        writer.writerow(headers)
        writer.writerows(rows)
        content = buffer.getvalue().encode()
    else:
        content = _xlsx(title=title, headers=headers, rows=rows)
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def _xlsx(*, title: str, headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(str(h)) for h in headers]
    for row in rows:
        sheet.append(list(row))
        widths = [max(w, len(str(v or ""))) for w, v in zip(widths, row, strict=False)]
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 10), 60)
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToHeight = 0
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
