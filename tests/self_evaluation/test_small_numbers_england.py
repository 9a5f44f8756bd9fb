"""The small-number threshold holds for England too: levels, change and costs from fewer than
SELF_EVALUATION_MIN_AREAS areas are withheld with a "fewer than N areas" sentence, on the pages and in the
downloads alike, and a quarter's share of the costs is withheld when fewer areas returned costs for it."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.test import override_settings
from django.urls import reverse

from programme.models import Quarter
from regions.models import LocalAuthority
from self_evaluation.models import Agency, CdfTheme
from self_evaluation.reports import Population, change_report, costs_report, levels_report
from tests.self_evaluation.builders import make_return

COST = [(CdfTheme.ORGANISATIONAL, Agency.EDUCATION, Decimal("27909.00"), Decimal("18606.00"))]  # £46,515


@pytest.fixture
def quarters(reference_data) -> list[Quarter]:
    return list(Quarter.objects.select_related("programme").order_by("starts_on"))


@pytest.fixture
def pathfinders(reference_data) -> list[LocalAuthority]:
    return list(LocalAuthority.objects.filter(pathfinder__isnull=False).order_by("name"))


@pytest.fixture
def one_area(pathfinders, quarters, programme_staff):
    """One pathfinder area's returns for quarters 1 and 2, with its costs: England's figures would be its own."""
    for quarter in quarters[:2]:
        make_return(pathfinders[0], quarter, by=programme_staff, costs=COST, grant=Decimal(40000))
    return quarters[0], quarters[1]


def _url(name: str, *args, query: str = "") -> str:
    url = reverse(f"self_evaluation:{name}", args=args)
    return f"{url}?{query}" if query else url


def test_it_withholds_englands_levels_change_and_costs_from_one_area(one_area):
    q1, q2 = one_area
    levels = levels_report(quarter=q2, population=Population.PATHFINDERS, region=None)
    assert levels.areas == 1 and levels.themes == [] and levels.findings == []
    assert levels.withheld == (
        "Fewer than 5 pathfinder areas in England submitted a return for Quarter 2 2013-14, so figures are not "
        "shown, so that no single area's answers can be picked out."
    )
    change = change_report(before=q1, after=q2, population=Population.PATHFINDERS, region=None)
    assert change.themes == [] and change.findings == []
    assert change.withheld.startswith(
        "Fewer than 5 pathfinder areas in England submitted a return for Quarter 1 2013-14 and for Quarter 2 2013-14"
    )
    costs = costs_report(quarter=q2, region=None)
    assert costs.areas == 1 and costs.median is None and costs.minimum is None and costs.maximum is None
    assert costs.by_quarter == [] and costs.by_agency == [] and costs.findings == []
    assert costs.withheld.startswith("Fewer than 5 pathfinder areas in England returned costs up to Quarter 2 2013-14")


def test_it_shows_englands_figures_from_as_many_areas_as_the_threshold(pathfinders, quarters, programme_staff):
    q1 = quarters[0]
    for la in pathfinders[:4]:
        make_return(la, q1, by=programme_staff, costs=COST)
    assert levels_report(quarter=q1, population=Population.PATHFINDERS, region=None).withheld
    make_return(pathfinders[4], q1, by=programme_staff, costs=COST)
    assert not levels_report(quarter=q1, population=Population.PATHFINDERS, region=None).withheld
    assert costs_report(quarter=q1, region=None).median == Decimal("46515.00")
    with override_settings(SELF_EVALUATION_MIN_AREAS=6):
        assert costs_report(quarter=q1, region=None).withheld.startswith("Fewer than 6 pathfinder areas in England")


def test_it_says_fewer_than_one_area_in_the_singular(quarters):
    with override_settings(SELF_EVALUATION_MIN_AREAS=1):
        report = levels_report(quarter=quarters[0], population=Population.NON_PATHFINDERS, region=None)
    assert report.withheld.startswith("Fewer than 1 non-pathfinder area in England submitted a return")


def test_it_withholds_a_quarters_share_of_the_costs_from_fewer_areas(pathfinders, quarters, programme_staff):
    """Costs to the end of quarter 2 come from 5 areas, but only one of them returned costs in quarter 1."""
    q1, q2 = quarters[:2]
    make_return(pathfinders[0], q1, by=programme_staff, costs=COST)
    for la in pathfinders[:5]:
        make_return(la, q2, by=programme_staff, costs=COST)

    report = costs_report(quarter=q2, region=None)

    assert report.areas == 5 and not report.withheld
    first, second = report.by_quarter
    assert (first.areas, first.withheld, first.shares, first.total) == (1, True, [], None)
    assert (second.areas, second.withheld) == (5, False) and second.total == Decimal("232575.00")
    assert report.total == Decimal("279090.00")  # the total to date still counts every area's costs


def test_the_pages_and_downloads_withhold_englands_figures_from_one_area(signed_in, programme_staff, one_area):
    client = signed_in(programme_staff)
    for name, words in (
        ("report_levels", "Fewer than 5 pathfinder areas in England submitted a return for Quarter 2 2013-14"),
        ("report_change", "Fewer than 5 pathfinder areas in England submitted a return for Quarter 1 2013-14"),
        ("report_costs", "Fewer than 5 pathfinder areas in England returned costs up to Quarter 2 2013-14"),
    ):
        content = client.get(_url(name)).content.decode()
        assert words in content
        assert "£46,515" not in content and "(1 areas)" not in content and "govuk-table" not in content
        assert "Key findings" not in content and "Download these figures" not in content

        rows = list(csv.reader(io.StringIO(client.get(_url(f"{name}_export", "csv")).content.decode("utf-8-sig"))))
        assert rows[0] == ["Figures not shown"] and rows[1][0].startswith(words) and len(rows) == 2
        workbook = openpyxl.load_workbook(io.BytesIO(client.get(_url(f"{name}_export", "xlsx")).content))
        cells = [c for sheet in workbook for row in sheet.iter_rows(values_only=True) for c in row]
        assert not any(isinstance(c, (int, float, Decimal)) and c in (46515, 40000) for c in cells)
        assert any(isinstance(c, str) and c.startswith(words) for c in cells)


def test_the_costs_page_and_download_withhold_a_quarter_from_fewer_areas(
    signed_in, programme_staff, pathfinders, quarters
):
    q1, q2 = quarters[:2]
    make_return(pathfinders[0], q1, by=programme_staff, costs=COST)
    for la in pathfinders[:5]:
        make_return(la, q2, by=programme_staff, costs=COST)
    client = signed_in(programme_staff)

    content = client.get(_url("report_costs", query=f"quarter={q2.pk}")).content.decode()
    assert "Not shown: fewer than 5 areas returned costs for this quarter" in content
    assert "£46,515" in content  # the median of the five areas' costs to date

    workbook = openpyxl.load_workbook(io.BytesIO(client.get(_url("report_costs_export", "xlsx")).content))
    rows = [r[:3] for r in workbook["Share by theme"].iter_rows(values_only=True) if r[0] == "Quarter 1 2013-14"]
    assert rows == [("Quarter 1 2013-14", "Not shown: fewer than 5 areas returned costs for this quarter", None)]
