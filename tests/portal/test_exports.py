"""champions_portal/exports.py: every CSV and XLSX download, read back as a spreadsheet program would."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.http import Http404
from openpyxl import load_workbook

from champions_portal.exports import Sheet, spreadsheet_response, workbook_response

HEADERS = ["Name", "Places", "Cost", "Date", "Registered at", "Notes"]
ROWS = [
    ["Bolton", 3, Decimal("1250.50"), datetime.date(2013, 10, 14), datetime.datetime(2013, 9, 2, 9, 30), None],
    ['Café – Wigan, "North"', 0, Decimal("0"), datetime.date(2014, 1, 7), datetime.datetime(2014, 1, 7, 17, 0), "x"],
]


def _response(fmt: str, rows=ROWS, **kwargs):
    kwargs = {"filename": "bolton-registrations", "title": "Registrations", "headers": HEADERS, **kwargs}
    return spreadsheet_response(fmt=fmt, rows=rows, **kwargs)


def _workbook(response):
    return load_workbook(io.BytesIO(response.content))


def test_it_downloads_a_csv_with_its_name_and_type():
    response = _response("csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="bolton-registrations.csv"'


def test_it_starts_the_csv_with_a_byte_order_mark_so_excel_reads_utf8():
    assert _response("csv").content.startswith("\ufeff".encode())


def test_it_writes_the_csv_headers_then_the_rows():
    text = _response("csv").content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0] == HEADERS
    assert lines[1] == ["Bolton", "3", "1250.50", "2013-10-14", "2013-09-02 09:30:00", ""]
    assert lines[2][0] == 'Café – Wigan, "North"'  # quoted, so the comma and quotes survive
    assert len(lines) == 3


def test_it_ends_csv_rows_with_crlf():
    assert _response("csv").content.decode("utf-8-sig").split("\r\n")[0] == ",".join(HEADERS)


def test_it_downloads_an_xlsx_with_its_name_and_type():
    response = _response("xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="bolton-registrations.xlsx"'


def test_it_writes_a_valid_xlsx_with_bold_headers_and_typed_cells():
    sheet = _workbook(_response("xlsx"))["Registrations"]
    assert [cell.value for cell in sheet[1]] == HEADERS
    assert all(cell.font.bold for cell in sheet[1])
    name, places, cost, date, registered, notes = sheet[2]
    assert name.value == "Bolton" and name.data_type == "s"
    assert places.value == 3 and places.data_type == "n"
    assert cost.data_type == "n" and cost.value == pytest.approx(1250.5)
    assert date.is_date and date.value.date() == datetime.date(2013, 10, 14)
    assert registered.is_date and registered.value == datetime.datetime(2013, 9, 2, 9, 30)
    assert notes.value is None
    assert sheet.max_row == 3


def test_it_freezes_the_header_and_prints_it_on_every_page_in_landscape():
    sheet = _workbook(_response("xlsx"))["Registrations"]
    assert sheet.freeze_panes == "A2"
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True


def test_it_sizes_columns_to_their_contents_within_limits():
    rows = [["x" * 200, "a"]]
    sheet = _workbook(_response("xlsx", rows=rows, headers=["Long", "B"]))["Registrations"]
    assert sheet.column_dimensions["A"].width == 60
    assert sheet.column_dimensions["B"].width == 10


def test_it_reads_rows_given_as_a_generator_once():
    rows = (row for row in ROWS)
    assert _workbook(_response("xlsx", rows=rows))["Registrations"].max_row == 3
    rows = (row for row in ROWS)
    assert len(_response("csv", rows=rows).content.decode("utf-8-sig").splitlines()) == 3


def test_it_cuts_a_sheet_title_to_excels_31_characters():
    title = "Workshops and seminars held by theme and quarter"
    assert _workbook(_response("xlsx", title=title)).sheetnames == [title[:31]]


def test_it_writes_a_sheet_per_table_in_an_xlsx_and_the_first_table_in_a_csv():
    sheets = [Sheet("Champions", ["Champion"], [["Hartlepool"]]), Sheet("Events", ["Event", "On"], [["Conf", 1]])]
    workbook = _workbook(workbook_response(fmt="xlsx", filename="tracker", sheets=sheets))
    assert workbook.sheetnames == ["Champions", "Events"]
    assert [c.value for c in workbook["Events"][2]] == ["Conf", 1]
    text = workbook_response(fmt="csv", filename="tracker", sheets=sheets).content.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text))) == [["Champion"], ["Hartlepool"]]


@pytest.mark.parametrize("fmt", ["pdf", "XLSX", "", "csv "])
def test_it_refuses_another_format_with_a_404(fmt):
    with pytest.raises(Http404):
        _response(fmt)
