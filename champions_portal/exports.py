"""Tables people take into meetings, as CSV or XLSX downloads. Every CSV and XLSX goes through here.

An XLSX says what it is and when it was made: each sheet starts with a title block (what the file is,
the programme, the filters applied, "As at 14 October 2013 at 2:30pm" in Europe/London), a blank row,
then the table under a bold header row, which is frozen and repeated on every printed page. Columns are
sized to their contents; pages are landscape, fitted to the page width. Dates and times are real dates
shown "14 October 2013" (and "at 2:30 PM"); `Money` is a number in a £ format.

A CSV is the same table with nothing above its header: CSVs are read by programs (a database import,
pandas, Excel's "Get data"), which take the first line as the column names, so a title block would
be read as data. Its dates are ISO (2013-10-14) and its money plain numbers, for the same reason. Both
formats put the date in the file name: `registrations-2013-10-14.csv`.

Text that starts with a character a spreadsheet may read as the start of a formula gets a quote
before it (`neutralised`, OWASP's advice on CSV injection), in every cell of both formats, the title
block included: names and notes typed by anyone, such as a public registrant, must never run in an
organiser's spreadsheet. Numbers and dates keep their types (a negative number is a number, not text).

Rows given as a list or tuple are small and already in memory: the file is made and sent whole. Rows given
as any other iterable (a generator over a queryset's `.iterator()`: the registrants of an event, the audit
log) are streamed, and memory does not grow with their number: a CSV is a `StreamingHttpResponse` written a
few hundred rows at a time as the rows are read; an XLSX (a zip, whose index comes last) is written by
openpyxl's write-only mode to a temporary file, then sent from it (`FileResponse`). Columns are then sized
to the header and the first WIDTH_SAMPLE_ROWS rows. `manage.py benchmark_exports` measures both.
"""

import csv
import datetime
import io
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice
from typing import IO

from django import forms
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from champions_portal.dates import govuk_date, govuk_datetime

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

# = + - @ start formulas; a tab or carriage return before one is skipped by some spreadsheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# How Excel shows each kind of cell: UK dates, pounds. A time cannot be written "2:30pm" in Excel.
DATE_FORMAT = "d mmmm yyyy"
DATETIME_FORMAT = 'd mmmm yyyy "at" h:mm AM/PM'
POUNDS_FORMAT = '"£"#,##0'
PENCE_FORMAT = '"£"#,##0.00'


class Money(Decimal):
    """An amount in pounds. In an XLSX, a number in a £ format: whole pounds, or pence when the amount
    is given to pence (`Money("1250.50")`); in a CSV, the plain number."""

    __slots__ = ()


def neutralised(value):
    """`value`, with a quote before it if it is text that starts like a formula; anything else as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def filter_words(form: forms.Form, applied: Mapping[str, object]) -> dict[str, str]:
    """The filters a page applied, for `filters`: {the field's label: the choice in words} for each
    field name in `applied` whose value (the one the page used) is set."""
    words = {}
    for name, value in applied.items():
        if value in (None, "", [], ()):
            continue
        field = form.fields[name]
        words[str(field.label or name.capitalize())] = _choice_words(field, value)
    return words


def _choice_words(field: forms.Field, value) -> str:
    if isinstance(field, forms.ModelChoiceField):
        return str(field.label_from_instance(value))
    if isinstance(value, datetime.date):
        return govuk_date(value)
    if hasattr(value, "label"):  # an object the view looked up from the choice, such as a quarter
        return str(value.label)
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(value, value))
    return str(value)


@dataclass
class Sheet:
    """One table: `title` names the XLSX sheet (Excel allows 31 characters)."""

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence]


def spreadsheet_response(
    *,
    fmt: str,
    filename: str,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    description: str = "",
    programme: str = "",
    filters: Mapping[str, str] | None = None,
    as_at: datetime.datetime | None = None,
):
    """A download of `rows` under `headers`: CSV (UTF-8 with BOM, for Excel) or XLSX. 404 for another
    format. See `workbook_response` for the rest."""
    sheet = Sheet(title=title, headers=headers, rows=rows)
    return workbook_response(
        fmt=fmt,
        filename=filename,
        sheets=[sheet],
        description=description,
        programme=programme,
        filters=filters,
        as_at=as_at,
    )


def workbook_response(
    *,
    fmt: str,
    filename: str,
    sheets: Sequence[Sheet],
    description: str = "",
    programme: str = "",
    filters: Mapping[str, str] | None = None,
    as_at: datetime.datetime | None = None,
):
    """A download of several tables: an XLSX with a sheet each, or a CSV of the first. 404 for another format.

    `description` says what the file is (the first sheet's title if not given), `programme` names the
    programme it is about, `filters` the choices that narrowed it ({"Region": "North West"}), and `as_at`
    (now if not given) when its figures were true. The XLSX's title block shows them; the file name
    `<filename>-<as_at's date>.<fmt>` carries the date in both formats. Streamed when any sheet's rows are
    not a list or tuple (see the module's docstring).
    """
    if fmt not in FORMATS:
        raise Http404("Download as csv or xlsx")
    as_at = as_at or timezone.now()
    written = sheets[:1] if fmt == "csv" else sheets
    streamed = any(not isinstance(sheet.rows, list | tuple) for sheet in written)
    if fmt == "csv":
        chunks = _csv(sheets[0])
        response = StreamingHttpResponse(chunks) if streamed else HttpResponse(b"".join(chunks))
    else:
        about = _About(description or sheets[0].title, programme, dict(filters or {}), as_at)
        file = _xlsx(sheets, about)
        if streamed:
            response = FileResponse(file)
        else:
            with file:
                response = HttpResponse(file.read())
    response["Content-Type"] = FORMATS[fmt]
    day = timezone.localdate(as_at) if timezone.is_aware(as_at) else as_at.date()
    response["Content-Disposition"] = f'attachment; filename="{filename}-{day.isoformat()}.{fmt}"'
    return response


@dataclass(frozen=True)
class _About:
    description: str
    programme: str
    filters: dict[str, str]
    as_at: datetime.datetime

    def lines(self, sheet: Sheet, *, several: bool) -> list[str]:
        """The title block above a sheet's table, a line per row."""
        title = (
            f"{self.description}: {sheet.title}" if several and sheet.title != self.description else self.description
        )
        filters = [f"{name}: {value}" for name, value in self.filters.items()]
        programme = [self.programme] if self.programme else []
        return [title, *programme, *filters, f"As at {govuk_datetime(self.as_at)}"]


def _plain(value):
    """A value as a spreadsheet can hold it: aware times in Europe/London without a zone (spreadsheets have
    none), to the second."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        return value.replace(microsecond=0)
    return value


# A CSV is sent this many rows at a time; an XLSX's columns are sized to this many rows.
CSV_CHUNK_ROWS = 500
WIDTH_SAMPLE_ROWS = 500


def _csv(sheet: Sheet) -> Iterator[bytes]:
    """The CSV, as it is written: the BOM and header first, then CSV_CHUNK_ROWS rows at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def written() -> bytes:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text.encode()

    buffer.write("\ufeff")
    writer.writerow([neutralised(h) for h in sheet.headers])
    yield written()
    rows = iter(sheet.rows)
    while chunk := list(islice(rows, CSV_CHUNK_ROWS)):
        writer.writerows([neutralised(_plain(v)) for v in row] for row in chunk)
        yield written()


def _xlsx(sheets: Sequence[Sheet], about: _About) -> IO[bytes]:
    """The workbook, written in openpyxl's write-only mode to a temporary file, which is returned at its start."""
    workbook = Workbook(write_only=True)
    for sheet in sheets:
        lines = about.lines(sheet, several=len(sheets) > 1)
        _write_sheet(workbook.create_sheet(sheet.title[:31]), sheet, lines)
    file = tempfile.TemporaryFile()  # noqa: SIM115 - returned open: the response closes it
    try:
        workbook.save(file)
    except BaseException:
        file.close()
        raise
    file.seek(0)
    return file


def _cell(worksheet, value, font: Font | None = None):
    """What to append for `value`: the plain value when it needs no style and keeps its type, else a cell."""
    value = _plain(value)
    if isinstance(value, str):  # control characters an XLSX cannot hold (a stray BEL in a typed name)
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    value = neutralised(value)
    number_format = None
    if isinstance(value, Money):
        number_format = PENCE_FORMAT if value.as_tuple().exponent < 0 else POUNDS_FORMAT
    elif isinstance(value, datetime.datetime):
        number_format = DATETIME_FORMAT
    elif isinstance(value, datetime.date):
        number_format = DATE_FORMAT
    text_as_other = isinstance(value, str) and value in ERROR_CODES  # openpyxl would make "#N/A" an error value
    if font is None and number_format is None and not text_as_other:
        return value
    cell = WriteOnlyCell(worksheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # text, whatever it looks like
    if number_format:
        cell.number_format = number_format
    if font:
        cell.font = font
    return cell


def _shown(value) -> str:
    """Roughly what a cell shows, to size its column."""
    if isinstance(value, Cell):
        value = value.value
    if isinstance(value, datetime.datetime):
        return f"{govuk_date(value)} at 12:00 AM"
    if isinstance(value, datetime.date):
        return govuk_date(value)
    if isinstance(value, Money):
        return f"£{value:,}"
    return str(value if value is not None else "")


def _write_sheet(worksheet, sheet: Sheet, lines: list[str]) -> None:
    """Settings first (a write-only sheet writes them before its rows), then the title block, the header and
    the rows as they are read. Columns are sized to the header and the first rows."""
    rows = iter(sheet.rows)
    first = [[_cell(worksheet, v) for v in row] for row in islice(rows, WIDTH_SAMPLE_ROWS)]
    widths = [len(str(h)) for h in sheet.headers]
    for cells in first:
        widths = [max(w, len(_shown(c))) for w, c in zip(widths, cells, strict=False)]
    for i, width in enumerate(widths, start=1):
        worksheet.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 10), 60)
    header = len(lines) + 2
    worksheet.freeze_panes = f"A{header + 1}"
    worksheet.print_title_rows = f"{header}:{header}"
    worksheet.page_setup.orientation = "landscape"
    worksheet.page_setup.fitToWidth = 1
    worksheet.page_setup.fitToHeight = 0
    worksheet.sheet_properties.pageSetUpPr.fitToPage = True

    worksheet.append([_cell(worksheet, lines[0], Font(bold=True, size=14))])
    for line in lines[1:]:
        worksheet.append([_cell(worksheet, line)])
    worksheet.append([])
    worksheet.append([_cell(worksheet, h, Font(bold=True)) for h in sheet.headers])
    for cells in first:
        worksheet.append(cells)
    for row in rows:
        worksheet.append([_cell(worksheet, v) for v in row])
