"""The report pages and their downloads: who may see them, the figures they show, the filters (and bad
filter values), regional figures withheld, CSV and XLSX, and query counts that do not grow with the areas."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from programme.models import Quarter
from regions.models import LocalAuthority
from self_evaluation.models import Agency, CdfTheme, Element, Level
from tests.self_evaluation.builders import PATHWAY, make_return
from tests.spreadsheets import table, xlsx_table

PAGES = ["report_levels", "report_change", "report_costs"]


def _url(name: str, *args, query: str = "") -> str:
    url = reverse(f"self_evaluation:{name}", args=args)
    return f"{url}?{query}" if query else url


@pytest.fixture
def known(reference_data, programme_staff):
    """31 pathfinder areas in Q1 and Q2: the pathway at full or in place in 20 then 25 areas (15 then 22 at
    full development); each area's cost is £1,000 a quarter and its grant £750 a quarter."""
    q1, q2 = Quarter.objects.get(number=1), Quarter.objects.get(number=2)
    elements = list(Element.objects.all())
    pathfinders = LocalAuthority.objects.filter(pathfinder__isnull=False).order_by("name")
    for i, la in enumerate(pathfinders):
        for quarter, full, in_place in ((q1, 15, 5), (q2, 22, 3)):
            level = Level.FULL if i < full else Level.IN_PLACE if i < full + in_place else Level.PARTIAL
            make_return(
                la,
                quarter,
                by=programme_staff,
                levels={PATHWAY: level},
                elements=elements,
                assessment=["brought_together"] * (i < 24),
                planning=["single_event"] * (i < 25),
                grant=Decimal(750),
                costs=[(CdfTheme.ORGANISATIONAL, Agency.EDUCATION, Decimal(600), Decimal(400))],
            )
    return q1, q2


# --- Who may see them --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [_url(p) for p in PAGES] + [_url(f"{p}_export", fmt) for p in PAGES for fmt in ("csv", "xlsx")],
)
def test_it_shows_the_reports_only_to_programme_staff(
    client, signed_in, url, programme_staff, champion_staff, la_officer, known
):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    assert signed_in(champion_staff).get(url).status_code == 403
    assert signed_in(la_officer).get(url).status_code == 403
    assert signed_in(programme_staff).get(url).status_code == 200


# --- The pages ---------------------------------------------------------------------------------


def test_it_shows_the_levels_of_the_latest_quarter_with_returns(signed_in, programme_staff, known):
    response = signed_in(programme_staff).get(_url("report_levels"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "31 pathfinder areas submitted a return for Quarter 2 2013-14." in content
    assert "Most developed: Assessment and planning pathway" in content and "in 25 of 31 areas" in content
    assert "a set of assessments from different agencies brought together: 24 of 31 areas" in content
    assert 'class="portal-bar-chart" aria-hidden="true"' in content
    assert "portal-stacked-bar__segment--green" in content
    assert "Setting up the infrastructure: areas at each level, Quarter 2 2013-14" in content
    assert f'?areas=pathfinders&amp;quarter={known[1].pk}"' in content  # the downloads carry the filters


def test_it_shows_the_levels_of_a_chosen_quarter_and_population(signed_in, programme_staff, known):
    client = signed_in(programme_staff)
    content = client.get(_url("report_levels", query=f"quarter={known[0].pk}")).content.decode()
    assert "in 20 of 31 areas" in content
    content = client.get(_url("report_levels", query="areas=non-pathfinders")).content.decode()
    assert "Fewer than 5 non-pathfinder areas in England submitted a return for Quarter 2 2013-14" in content


def test_it_compares_two_quarters(signed_in, programme_staff, known):
    q1, q2 = known
    content = signed_in(programme_staff).get(_url("report_change")).content.decode()  # Q1 and Q2 by default
    assert (
        "Most progress: 25 areas had fully implemented or already had in place assessment and planning pathway in "
        "Quarter 2 2013-14, 5 more than in Quarter 1 2013-14 (full development alone: 22, 7 more)."
    ) in content
    assert '<span aria-hidden="true">+5</span><span class="govuk-visually-hidden">5 more</span>' in content
    assert '<span aria-hidden="true">+7</span><span class="govuk-visually-hidden">7 more</span>' in content
    assert "Elements that progressed most" in content and "Least developed elements" in content
    assert f"before={q1.pk}" in content and f"after={q2.pk}" in content


def test_it_shows_the_costs_of_pathfinder_areas_to_date(signed_in, programme_staff, known):
    content = signed_in(programme_staff).get(_url("report_costs")).content.decode()
    assert "these figures are for pathfinder areas only" in content
    assert "was £2,000, including both financial and in kind costs (31 areas)" in content
    assert "received £46,500 in grant and reported £62,000 of costs; 31 of 31 areas" in content
    content = signed_in(programme_staff).get(_url("report_costs", query=f"quarter={known[0].pk}")).content.decode()
    assert "was £1,000," in content


def test_it_says_so_when_no_return_has_been_submitted(signed_in, programme_staff):
    client = signed_in(programme_staff)
    assert "No returns have been submitted yet" in client.get(_url("report_levels")).content.decode()
    assert "nothing to compare" in client.get(_url("report_change")).content.decode()
    assert "no costs to show" in client.get(_url("report_costs")).content.decode()


@pytest.mark.parametrize(
    ("name", "query", "message"),
    [
        ("report_levels", "areas=everyone", "Select pathfinder areas, non-pathfinder areas or both"),
        ("report_levels", "region=narnia", "Select a region from the list"),
        ("report_levels", "quarter=99999", "Select a quarter from the list"),
        ("report_levels", "quarter=first", "Select a quarter from the list"),
        ("report_change", "before=Q1", "Select the earlier quarter from the list"),
        ("report_change", "same", "Select a later quarter that is different from the earlier quarter"),
        ("report_change", "backwards", "The later quarter must be after the earlier quarter"),
        ("report_costs", "quarter=-1", "Select a quarter from the list"),
        ("report_costs", "region=%00", "Null characters are not allowed"),
    ],
)
def test_it_shows_the_error_summary_for_a_bad_filter(signed_in, programme_staff, known, name, query, message):
    q1, q2 = known
    query = {"same": f"before={q2.pk}&after={q2.pk}", "backwards": f"before={q2.pk}&after={q1.pk}"}.get(query, query)
    response = signed_in(programme_staff).get(_url(name, query=query))
    content = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in content and message in content
    assert "<title>Error: " in content
    assert "Put the problem right to see the figures." in content
    assert "Key findings" not in content and "Download these figures" not in content


def test_a_download_with_bad_filters_goes_back_to_the_page(signed_in, programme_staff, known):
    response = signed_in(programme_staff).get(_url("report_levels_export", "csv", query="region=narnia"))
    assert response.status_code == 302 and response["Location"] == _url("report_levels", query="region=narnia")


@pytest.mark.parametrize("name", PAGES)
def test_it_answers_404_for_another_download_format(signed_in, programme_staff, known, name):
    assert signed_in(programme_staff).get(_url(f"{name}_export", "pdf")).status_code == 404


# --- Regional figures ----------------------------------------------------------------------------


def test_it_withholds_regional_figures_from_fewer_than_five_areas(signed_in, programme_staff, known):
    client = signed_in(programme_staff)
    north_east = "Fewer than 5 pathfinder areas in North East submitted a return for Quarter 2 2013-14"
    content = client.get(_url("report_levels", query="region=north-east")).content.decode()
    assert north_east in content and "so that no single area&#x27;s answers can be picked out" in content
    assert "govuk-table" not in content and "Key findings" not in content and "Download these figures" not in content
    content = client.get(_url("report_levels", query="region=north-west")).content.decode()
    assert "5 pathfinder areas in North West submitted a return" in content and "govuk-table" in content
    with override_settings(SELF_EVALUATION_MIN_AREAS=6):
        content = client.get(_url("report_levels", query="region=north-west")).content.decode()
        assert "Fewer than 6 pathfinder areas in North West" in content and "govuk-table" not in content
        content = client.get(_url("report_change", query="region=north-west")).content.decode()
        assert "Fewer than 6 pathfinder areas in North West" in content and "govuk-table" not in content
    content = client.get(_url("report_costs", query="region=london")).content.decode()
    assert "Fewer than 5 pathfinder areas in London returned costs up to Quarter 2 2013-14" in content

    response = client.get(_url("report_levels_export", "xlsx", query="region=north-east"))
    rows = xlsx_table(response.content)
    assert rows[0] == ("Figures not shown",) and rows[1][0].startswith(north_east) and len(rows) == 2
    response = client.get(_url("report_costs_export", "csv", query="region=london"))
    assert list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[0] == ["Figures not shown"]


# --- Downloads ---------------------------------------------------------------------------------


def _rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def _workbook(response) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(response.content))


def _today() -> str:
    return timezone.localdate().isoformat()


def _find(sheet, column: int, value) -> tuple:
    return next(row for row in sheet.iter_rows(values_only=True) if row[column] == value)


def test_it_downloads_the_levels(signed_in, programme_staff, known):
    client = signed_in(programme_staff)
    response = client.get(_url("report_levels_export", "csv", query=f"quarter={known[0].pk}"))
    assert response["Content-Type"].startswith("text/csv")
    assert f'filename="self-evaluation-levels-2013-14-q1-pathfinders-{_today()}.csv"' in response["Content-Disposition"]
    rows = _rows(response)
    assert len(rows) == 33
    pathway = next(r for r in rows if r["Element"] == "Assessment and planning pathway")
    assert (pathway["Full development"], pathway["In place before the programme"]) == ("15", "5")
    assert (pathway["Full or in place"], pathway["Areas rating it"]) == ("20", "31")

    workbook = _workbook(client.get(_url("report_levels_export", "xlsx")))
    assert workbook.sheetnames == ["Levels", "Approaches", "About these figures"]
    assert _find(workbook["Levels"], 1, "Assessment and planning pathway")[-2:] == (31, 25)
    approach = _find(workbook["Approaches"], 1, "A set of assessments from different agencies brought together")
    assert approach[2:] == (24, 31)


def test_it_downloads_the_change(signed_in, programme_staff, known):
    q1, q2 = known
    client = signed_in(programme_staff)
    query = f"before={q1.pk}&after={q2.pk}&areas=pathfinders"
    response = client.get(_url("report_change_export", "csv", query=query))
    assert (
        f'filename="self-evaluation-change-2013-14-q1-to-2013-14-q2-pathfinders-{_today()}.csv"'
        in (response["Content-Disposition"])
    )
    pathway = next(r for r in _rows(response) if r["Element"] == "Assessment and planning pathway")
    assert pathway["Full or in place, Quarter 1 2013-14"] == "20"
    assert pathway["Full or in place, Quarter 2 2013-14"] == "25"
    assert pathway["Change in full or in place"] == "5" and pathway["Change in full development"] == "7"

    workbook = _workbook(client.get(_url("report_change_export", "xlsx", query=query)))
    assert workbook.sheetnames == ["Change", "Progressed most", "Least developed", "About these figures"]
    assert _find(workbook["Progressed most"], 0, 1)[1:] == ("Assessment and planning pathway", 20, 25, 5)
    assert len(table(workbook["Least developed"])) == 6


def test_it_downloads_the_costs(signed_in, programme_staff, known):
    client = signed_in(programme_staff)
    rows = _rows(client.get(_url("report_costs_export", "csv")))
    assert rows[0] == {"Figure": "Median total development cost per area", "Amount (£)": "2000.00"}
    workbook = _workbook(client.get(_url("report_costs_export", "xlsx", query="region=south-east")))
    assert workbook.sheetnames == [
        "Cost per area",
        "Share by theme",
        "Share by agency",
        "Grant against cost",
        "About these figures",
    ]
    assert _find(workbook["Cost per area"], 0, "Total, all areas")[1] == 16000  # 8 South East areas
    assert _find(workbook["Share by agency"], 0, "Education")[1:] == (16000, 100)
    assert _find(workbook["Grant against cost"], 0, "Grant received (£)")[1] == 12000
    assert _find(workbook["About these figures"], 0, "Region")[1] == "South East"


# --- Query counts ------------------------------------------------------------------------------


def _grow(las, quarters, by, elements):
    for la in las:
        for quarter in quarters:
            make_return(
                la,
                quarter,
                by=by,
                elements=elements,
                level=Level.FULL if quarter.number == 2 else Level.EARLY,
                assessment=["single_episode"],
                grant=Decimal(10),
                costs=[(CdfTheme.FAMILIES, Agency.HEALTH, Decimal(5), Decimal(1))],
            )


@pytest.mark.parametrize(
    "url",
    [_url("report_levels", query="areas=all"), _url("report_change", query="areas=all"), _url("report_costs")],
    ids=PAGES,
)
def test_it_runs_the_same_number_of_queries_for_10_or_150_areas(signed_in, programme_staff, query_count, url):
    client = signed_in(programme_staff)
    quarters = list(Quarter.objects.filter(number__in=[1, 2]))
    elements = list(Element.objects.all())
    las = sorted(LocalAuthority.objects.all(), key=lambda la: (la.pathfinder_id is None, la.name))  # pathfinders first
    _grow(las[:10], quarters, programme_staff, elements)
    client.get(url)
    small = query_count(lambda: client.get(url))
    _grow(las[10:150], quarters, programme_staff, elements)
    large = query_count(lambda: client.get(url))
    assert small == large
    assert "150 areas submitted a return" in client.get(_url("report_levels", query="areas=all")).content.decode()
