"""Programme staff open quarter 2's returns window, see who is missing, reopen a submitted return for
correction and close the window; then a champion's staff see their readiness grid. Axe on every page,
including each page with errors."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from programme.models import Quarter
from regions.models import LocalAuthority
from self_evaluation.models import Element, Level, QuarterlyReturn, Rating, ReturnsWindow
from tests.conftest import PASSWORD

REASON = "The rating for the local offer does not match your evidence."


def _submitted(slug: str, quarter: Quarter, by, level: str) -> QuarterlyReturn:
    now = timezone.now()
    quarterly_return = QuarterlyReturn.objects.create(
        local_authority=LocalAuthority.objects.get(slug=slug),
        quarter=quarter,
        status=QuarterlyReturn.Status.SUBMITTED,
        created_by=by,
        created_at=now,
        updated_at=now,
        submitted_at=now,
    )
    Rating.objects.bulk_create(
        Rating(quarterly_return=quarterly_return, element=element, level=level) for element in Element.objects.all()
    )
    return quarterly_return


def _fill_date(page, group: str, day: datetime.date | None) -> None:
    date = page.get_by_role("group", name=group)
    for label, value in (("Day", day and day.day), ("Month", day and day.month), ("Year", day and day.year)):
        date.get_by_label(label).fill(str(value) if value else "")


def test_it_lets_programme_staff_run_a_returns_window_and_a_champion_see_readiness(
    page,
    new_page,
    programme_staff,
    champion_staff,
    la_officer,
    mailoutbox,
    sign_in,
    assert_accessible,
    assert_error_summary,
):
    q1, q2 = Quarter.objects.get(number=1), Quarter.objects.get(number=2)
    _submitted("bolton", q1, la_officer, Level.EARLY)
    bolton = _submitted("bolton", q2, la_officer, Level.PARTIAL)
    _submitted("wigan", q2, la_officer, Level.FULL)

    sign_in(page, programme_staff.email, PASSWORD)
    assert_accessible(page)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Self-evaluation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Self-evaluation returns windows")
    assert_accessible(page)
    row = page.get_by_role("row").filter(has_text=q2.label)
    expect(row).to_contain_text("Not opened")
    expect(row).to_contain_text("2 of 152")
    row.get_by_role("link", name=q2.label).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(q2.label)
    assert_accessible(page)

    # Open the window, after a first try with no deadline.
    page.get_by_role("link", name="Open returns").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Open returns for quarter 2")
    assert_accessible(page)
    _fill_date(page, "Deadline", None)
    page.get_by_role("button", name="Open returns").click()
    expect(page).to_have_title(re.compile(r"^Error: Open returns for quarter 2"))
    assert_error_summary(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the deadline")
    assert_accessible(page)
    deadline = timezone.localdate() + datetime.timedelta(days=14)
    _fill_date(page, "Deadline", deadline)
    page.get_by_role("button", name="Open returns").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(f"Returns for {q2.label} are open")
    assert_accessible(page)
    assert ReturnsWindow.objects.get(quarter=q2).deadline == deadline

    # Who is missing: everyone but Bolton and Wigan.
    expect(page.get_by_role("heading", name="Not submitted (150)")).to_be_visible()
    missing = page.get_by_role("table", name="150 local authorities have not submitted a return for quarter 2")
    expect(missing.get_by_role("row").filter(has_text="Bury")).to_contain_text("Not started")
    expect(missing.get_by_role("row", name=re.compile("^Bolton"))).to_have_count(0)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Local authorities that have not submitted (CSV)").click()
    today = timezone.localdate().isoformat()
    assert download_info.value.suggested_filename == f"returns-missing-2013-14-q2-{today}.csv"

    # Reopen Bolton's return, after a first try with no reason.
    page.get_by_role("link", name=re.compile(r"^Reopen for correction\W*Bolton$")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reopen Bolton's return for correction")
    assert_accessible(page)
    page.get_by_role("button", name="Reopen for correction").click()
    assert_error_summary(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why the return needs correcting")
    assert_accessible(page)
    page.get_by_label("Why does the return need correcting?").fill(REASON)
    page.get_by_role("button", name="Reopen for correction").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Bolton's return for")
    assert_accessible(page)
    expect(page.get_by_role("row").filter(has_text="Bolton")).to_contain_text("Reopened for correction")
    bolton.refresh_from_db()
    assert bolton.status == QuarterlyReturn.Status.REOPENED and bolton.changes.get().note == REASON
    assert [message.to for message in mailoutbox] == [[la_officer.email]]

    # Close the window.
    page.get_by_role("button", name="Close the window").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"Returns for {q2.label} are closed. LAs can no longer change or submit them"
    )
    expect(page.get_by_role("link", name="Reopen the window")).to_be_visible()
    assert_accessible(page)
    assert not ReturnsWindow.objects.get(quarter=q2).is_open

    # Greater Manchester's staff see their readiness: Bolton's quarter 2 as submitted (reopened, it still counts).
    champion_page = new_page()
    sign_in(champion_page, champion_staff.email, PASSWORD)
    champion_page.get_by_role("navigation", name="Menu").get_by_role("link", name="Readiness").click()
    expect(champion_page.get_by_role("heading", level=1)).to_have_text(
        "Readiness against the Common Delivery Framework"
    )
    assert_accessible(champion_page)
    grid = champion_page.get_by_role("table", name="Setting up the infrastructure")
    expect(grid.get_by_role("columnheader", name=re.compile("^Bolton"))).to_contain_text("Quarter 2 2013-14")
    expect(grid.get_by_role("columnheader", name=re.compile("^Wigan"))).to_contain_text("Quarter 2 2013-14")
    pathway = grid.get_by_role("row", name=re.compile("^Assessment and planning pathway"))
    expect(pathway).to_contain_text("Partial")
    expect(pathway).to_contain_text("Full")
    expect(champion_page.get_by_role("heading", name="No return submitted yet (21)")).to_be_visible()
