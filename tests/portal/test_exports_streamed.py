"""Large downloads are streamed: rows given as an iterator are written as they are read, the CSV a chunk at a
time, the XLSX from a temporary file; rows given as a list are sent whole, as before."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.http import FileResponse, HttpResponse, StreamingHttpResponse

from champions_portal import exports
from champions_portal.exports import Money, Sheet, spreadsheet_response, workbook_response
from tests.spreadsheets import workbook

NOW = datetime.datetime(2013, 10, 14, 13, 30, tzinfo=datetime.UTC)
HEADERS = ["Name", "Cost", "Registered at", "Notes"]


def _rows(count: int):
    """A generator, as a view gives over a queryset's .iterator(): it can be read once."""
    for i in range(count):
        yield [f"Person {i}", Money("12.50"), datetime.datetime(2013, 9, 2, 9, 30, tzinfo=datetime.UTC), "=1+1"]


def _response(fmt: str, rows):
    return spreadsheet_response(
        fmt=fmt, filename="people", title="People", headers=HEADERS, rows=rows, description="People", as_at=NOW
    )


def test_it_streams_a_csv_of_rows_read_from_an_iterator_with_every_row():
    response = _response("csv", _rows(2 * exports.CSV_CHUNK_ROWS + 7))
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="people-2013-10-14.csv"'
    chunks = list(response.streaming_content)
    assert len(chunks) == 4  # the header, then two full chunks and the rest
    header, *rows = list(csv.reader(io.StringIO(b"".join(chunks).decode("utf-8-sig"))))
    assert header == HEADERS
    assert len(rows) == 2 * exports.CSV_CHUNK_ROWS + 7
    assert rows[-1] == [f"Person {len(rows) - 1}", "12.50", "2013-09-02 10:30:00", "'=1+1"]


def test_it_streams_an_xlsx_of_rows_read_from_an_iterator_from_a_file_with_every_row_typed():
    count = exports.WIDTH_SAMPLE_ROWS + 250
    response = _response("xlsx", _rows(count))
    assert isinstance(response, FileResponse)
    assert response["Content-Type"] == exports.FORMATS["xlsx"]
    assert response["Content-Disposition"] == 'attachment; filename="people-2013-10-14.xlsx"'
    sheet = workbook(b"".join(response.streaming_content))["People"]
    assert sheet["A1"].value == "People" and sheet["A1"].font.bold
    assert [c.value for c in sheet[4]] == HEADERS and all(c.font.bold for c in sheet[4])
    assert sheet.freeze_panes == "A5"
    assert sheet.max_row == 4 + count
    last = sheet[4 + count]  # past the rows the columns are sized to: still typed and formatted
    assert [c.value for c in last] == [
        f"Person {count - 1}",
        Decimal("12.5"),
        datetime.datetime(2013, 9, 2, 10, 30),
        "'=1+1",
    ]
    assert last[1].number_format == exports.PENCE_FORMAT
    assert last[2].number_format == exports.DATETIME_FORMAT


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_sends_rows_given_as_a_list_whole(fmt):
    response = _response(fmt, list(_rows(3)))
    assert type(response) is HttpResponse
    assert response["Content-Type"] == exports.FORMATS[fmt]
    assert len(response.content) > 0


def test_it_streams_a_workbook_when_any_sheet_is_read_from_an_iterator():
    sheets = [Sheet("Small", ["Name"], [["Bolton"]]), Sheet("Large", HEADERS, _rows(10))]
    response = workbook_response(fmt="xlsx", filename="people", sheets=sheets, as_at=NOW)
    book = workbook(response.getvalue())
    assert isinstance(response, FileResponse)
    assert book["Small"]["A5"].value == "Bolton" and book["Large"].max_row == 4 + 10


def test_it_sizes_columns_to_the_header_and_the_first_rows():
    rows = ([f"Person {i}", Money("1"), None, "x" * (80 if i == 0 else 1)] for i in range(5))
    sheet = workbook(_response("xlsx", rows).getvalue())["People"]
    assert sheet.column_dimensions["A"].width == 10  # "Person 0" is short: at least 10
    assert sheet.column_dimensions["D"].width == 60  # at most 60
