"""Programme staff read the self-evaluation reports: the levels of the latest quarter, then the change
between two quarters they choose (after a wrong choice), which they download as XLSX, then the costs,
nationally and for a region with too few areas. Axe on every page."""

import io
from decimal import Decimal

import openpyxl
from django.utils import timezone
from playwright.sync_api import expect

from programme.models import Quarter
from regions.models import LocalAuthority
from self_evaluation.models import Agency, CdfTheme, Element, Level
from tests.conftest import PASSWORD
from tests.self_evaluation.builders import PATHWAY, make_return


def _known_returns(by) -> tuple[Quarter, Quarter]:
    """31 pathfinder areas: the pathway at full or in place in 20 areas in Q1 and 25 in Q2; £1,000 a quarter each."""
    q1, q2 = Quarter.objects.select_related("programme").filter(number__in=[1, 2]).order_by("number")
    elements = list(Element.objects.all())
    for i, la in enumerate(LocalAuthority.objects.filter(pathfinder__isnull=False).order_by("name")):
        for quarter, full in ((q1, 20), (q2, 25)):
            make_return(
                la,
                quarter,
                by=by,
                elements=elements,
                levels={PATHWAY: Level.FULL if i < full else Level.EARLY},
                grant=Decimal(800),
                costs=[(CdfTheme.FAMILIES, Agency.HEALTH, Decimal(700), Decimal(300))],
            )
    return q1, q2


def test_it_lets_programme_staff_compare_two_quarters_and_download_the_figures(
    page, programme_staff, sign_in, assert_accessible, assert_error_summary
):
    q1, q2 = _known_returns(programme_staff)
    sign_in(page, programme_staff.email, PASSWORD)

    page.goto("/self-evaluation/reports/levels/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Levels by element")
    expect(page.locator("main")).to_contain_text("31 pathfinder areas submitted a return for Quarter 2 2013-14.")
    table = page.get_by_role("table", name="Setting up the infrastructure: areas at each level, Quarter 2 2013-14")
    expect(table.get_by_role("row").filter(has_text="Assessment and planning pathway")).to_contain_text("25")
    assert_accessible(page)

    page.get_by_role("link", name="Change between two quarters", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change between two quarters")
    assert_accessible(page)

    page.get_by_label("Earlier quarter").select_option(label=q2.label)
    page.get_by_label("Later quarter").select_option(label=q1.label)
    page.get_by_role("button", name="Compare the quarters").click()
    assert_error_summary(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("The later quarter must be after the earlier quarter")
    assert_accessible(page)

    page.get_by_label("Earlier quarter").select_option(label=q1.label)
    page.get_by_label("Later quarter").select_option(label=q2.label)
    page.get_by_role("button", name="Compare the quarters").click()
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    most = page.get_by_role("table", name="largest increase in areas at full or in place")
    row = most.get_by_role("row").filter(has_text="Assessment and planning pathway")
    expect(row).to_contain_text("+5")
    expect(row).to_contain_text("5 more")  # what a screen reader hears for "+5"
    expect(page.locator("main")).to_contain_text("25 areas had fully implemented or already had in place")
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Change between two quarters (Excel, a sheet per table)").click()
    download = download_info.value
    today = timezone.localdate().isoformat()
    assert download.suggested_filename == f"self-evaluation-change-2013-14-q1-to-2013-14-q2-pathfinders-{today}.xlsx"
    workbook = openpyxl.load_workbook(io.BytesIO(download.path().read_bytes()))
    rows = workbook["Change"].iter_rows(values_only=True)
    pathway = next(r for r in rows if r[1] == "Assessment and planning pathway")
    assert pathway[2:5] == (20, 25, 5)

    page.get_by_role("link", name="Development costs", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Development costs")
    expect(page.locator("main")).to_contain_text("was £2,000, including both financial and in kind costs (31 areas)")
    assert_accessible(page)

    page.get_by_label("Region", exact=True).select_option(label="London")
    page.get_by_role("button", name="Show the figures").click()
    expect(page.locator(".govuk-inset-text")).to_contain_text(
        "Fewer than 5 pathfinder areas in London returned costs up to Quarter 2 2013-14, so figures are not shown"
    )
    expect(page.get_by_role("table")).to_have_count(0)
    assert_accessible(page)
