"""The delivery tracker's downloads: CSV of the summary, XLSX with a sheet per section, formatted for print."""

import csv
import datetime
import io

import openpyxl
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from programme.models import Programme
from regions.models import Champion, LocalAuthority
from tests.spreadsheets import table, title_block
from tests.support_days.factories import make_support_day

GM = "greater-manchester-group"
NATIONAL_SHEETS = [
    "Summary",
    "Conferences",
    "Workshops",
    "Support days",
    "Case studies",
    "Information sharing",
    "Partners",
    "Funding",
]


@pytest.fixture
def delivered(la_officer):
    """Bolton's day with Greater Manchester Group, delivered on 10 October 2013; viewed on 15 November 2013."""
    with time_machine.travel(datetime.datetime(2013, 11, 15, 12, tzinfo=timezone.get_default_timezone()), tick=False):
        make_support_day(
            local_authority=LocalAuthority.objects.get(slug="bolton"),
            requested_by=la_officer,
            status="delivered",
            date=datetime.date(2013, 10, 10),
        )
        yield


def _url(name: str, *args) -> str:
    return reverse(f"programme:{name}", args=["2013-14", *args])


def _workbook(response) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(response.content))


def _row(sheet, first: str) -> list:
    return next([c.value for c in row] for row in sheet.iter_rows() if row[0].value == first)


def _cell(sheet, first: str, column: int):
    return next(row[column] for row in sheet.iter_rows() if row[0].value == first)


def test_it_downloads_the_national_summary_as_csv(signed_in, programme_staff, delivered):
    response = signed_in(programme_staff).get(_url("tracker_export", "csv"))
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="delivery-tracker-2013-14-2013-11-15.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 9
    gm = next(r for r in rows if r["Champion"] == Champion.objects.get(slug=GM).name)
    assert (gm["Non-pathfinder LAs assigned"], gm["LAs with a delivered day"], gm["Region"]) == (
        "18",
        "1",
        "North West",
    )
    assert gm["Overall status"] in {"On track", "At risk", "Off track"}
    assert sum(int(r["Allocation (£)"]) for r in rows) == 600_000


def test_it_downloads_the_national_tracker_as_xlsx_with_a_sheet_per_section(signed_in, programme_staff, delivered):
    workbook = _workbook(signed_in(programme_staff).get(_url("tracker_export", "xlsx")))
    assert workbook.sheetnames == NATIONAL_SHEETS
    gm_name = Champion.objects.get(slug=GM).name
    assert _row(workbook["Support days"], gm_name)[:4] == [gm_name, 18, 1, 0]
    assert _row(workbook["Funding"], "Total")[3] == 600_000
    assert _cell(workbook["Funding"], "Total", 3).number_format == '"£"#,##0'
    assert len(table(workbook["Workshops"])) == 1 + 9 * 6
    for sheet in workbook:
        assert title_block(sheet) == [
            f"Delivery tracker: every champion against Annex B: {sheet.title}",
            Programme.objects.get(slug="2013-14").name,
            "As at 15 November 2013 at midday",
        ]
        assert sheet.freeze_panes == "A6"  # under the title block, a blank row and the header
        assert sheet["A1"].font.bold and all(cell.font.bold for cell in sheet[5])
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == "$5:$5"


def test_it_downloads_a_champions_page_as_xlsx_and_csv(signed_in, champion_staff, delivered):
    client = signed_in(champion_staff)
    workbook = _workbook(client.get(_url("tracker_champion_export", GM, "xlsx")))
    assert workbook.sheetnames == [
        "Summary",
        "Events",
        "Support days",
        "Case studies",
        "Information sharing",
        "Partners",
        "Funding",
    ]
    assert _row(workbook["Summary"], "Non-pathfinder LAs with a delivered day")[1:3] == [1, 18]
    assert _row(workbook["Support days"], "Bolton")[3] == "Delivered"
    assert len(table(workbook["Support days"])) == 1 + 18
    assert _cell(workbook["Summary"], "Allocation (£)", 1).number_format == '"£"#,##0'
    assert _cell(workbook["Support days"], "Bolton", 4).number_format == "d mmmm yyyy"
    rows = list(
        csv.reader(io.StringIO(client.get(_url("tracker_champion_export", GM, "csv")).content.decode("utf-8-sig")))
    )
    assert rows[0] == ["Figure", "Actual", "Target", "Status"]
    assert next(r for r in rows if r[0] == "Non-pathfinder LAs with a delivered day")[1:3] == ["1", "18"]


@pytest.mark.parametrize("name,args", [("tracker_export", ()), ("tracker_champion_export", (GM,))])
def test_it_answers_404_for_another_format(signed_in, programme_staff, name, args):
    assert signed_in(programme_staff).get(_url(name, *args, "pdf")).status_code == 404


def test_it_refuses_downloads_to_those_who_may_not_see_the_pages(
    client, signed_in, programme_staff, champion_staff, other_champion_staff, la_officer
):
    national, champion = _url("tracker_export", "xlsx"), _url("tracker_champion_export", GM, "xlsx")
    assert client.get(national).status_code == 302 and client.get(champion).status_code == 302
    assert signed_in(la_officer).get(national).status_code == 403
    assert signed_in(la_officer).get(champion).status_code == 403
    assert signed_in(champion_staff).get(national).status_code == 403
    assert signed_in(other_champion_staff).get(champion).status_code == 404
    assert signed_in(champion_staff).get(champion).status_code == 200
