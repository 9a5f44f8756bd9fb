"""Programme staff find the emails that failed or are delayed from their home page, filter them, and
send a failed one again; champion staff see only their own champion's. Axe on every page."""

import re

from playwright.sync_api import expect

from regions.models import Champion
from tests.conftest import PASSWORD
from tests.notifications.factories import make_message

GM, HARTLEPOOL = "greater-manchester-group", "hartlepool"
REFUSED = "SMTPRecipientsRefused: 550 Mailbox unavailable"
TIMED_OUT = "TimeoutError: the mail server did not answer"


def _rows(page):
    """The list's body rows (the header row has no cells)."""
    return page.get_by_role("table").locator("tbody tr")


def test_it_lets_programme_staff_find_filter_and_send_again_a_failed_email(
    page, programme_staff, mailoutbox, sign_in, assert_accessible, assert_error_summary
):
    gm = Champion.objects.get(slug=GM)
    failed = make_message("failed", state="failed", attempts=5, champion=gm, last_error=REFUSED)
    make_message("delayed", state="pending", attempts=3, champion=gm, last_error=TIMED_OUT)
    make_message("sent", state="sent", attempts=1, champion=gm)
    make_message("waiting", state="pending", attempts=0, champion=gm)

    sign_in(page, programme_staff.email, PASSWORD)
    assert_accessible(page)
    page.get_by_role("link", name="2 emails failed or delayed").click()
    page.wait_for_url("**/emails/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Emails that failed or are delayed")
    expect(page.get_by_role("table")).to_contain_text("2 emails, oldest first")
    rows = _rows(page)
    expect(rows).to_have_count(2)
    failed_row = rows.filter(has_text="failed@example.com")
    expect(failed_row.locator(".govuk-tag")).to_have_text("Failed")
    expect(failed_row).to_contain_text(REFUSED)
    expect(failed_row).to_contain_text("5 attempts")
    expect(failed_row.get_by_role("button", name="Send again to failed@example.com")).to_be_visible()
    delayed_row = rows.filter(has_text="delayed@example.com")
    expect(delayed_row.locator(".govuk-tag")).to_have_text("Delayed")
    expect(delayed_row).to_contain_text(TIMED_OUT)
    expect(delayed_row).to_contain_text("3 attempts")
    expect(delayed_row.get_by_role("button")).to_have_count(0)  # only failed ones are sent again by hand
    assert_accessible(page)

    page.get_by_label("Show").select_option(label="Failed")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"/emails/\?.*show=failed"))
    expect(page.get_by_label("Show")).to_have_value("failed")
    expect(_rows(page)).to_have_count(1)
    expect(_rows(page)).to_contain_text("failed@example.com")
    assert_accessible(page)

    page.goto("/emails/?show=everything")
    expect(page).to_have_title(re.compile(r"^Error: Emails that failed or are delayed"))
    assert_error_summary(page)
    expect(
        page.locator(".govuk-error-summary").get_by_role("link", name="Select which emails to show from the list")
    ).to_be_visible()
    expect(_rows(page)).to_have_count(2)  # an invalid filter shows the unfiltered list
    assert_accessible(page)

    page.goto("/emails/?show=failed")
    page.get_by_role("button", name="Send again to failed@example.com").click()
    page.wait_for_url(re.compile(r"/emails/$"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "The email to failed@example.com will be sent again within a minute."
    )
    expect(_rows(page)).to_have_count(1)
    expect(_rows(page)).to_contain_text("delayed@example.com")
    assert_accessible(page)

    assert [m.to for m in mailoutbox] == [["failed@example.com"]]
    failed.refresh_from_db()
    assert (failed.state, failed.attempts) == ("sent", 6)


def test_it_shows_champion_staff_only_their_own_champions_failed_email(
    page, champion_staff, sign_in, assert_accessible
):
    make_message("ours", state="failed", attempts=5, champion=Champion.objects.get(slug=GM), last_error=REFUSED)
    make_message(
        "theirs", state="failed", attempts=5, champion=Champion.objects.get(slug=HARTLEPOOL), last_error=REFUSED
    )

    sign_in(page, champion_staff.email, PASSWORD)
    assert_accessible(page)
    page.get_by_role("link", name="1 email failed or delayed").click()
    page.wait_for_url("**/emails/")
    rows = _rows(page)
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("ours@example.com")
    expect(rows).to_contain_text(REFUSED)
    expect(page.locator("main")).not_to_contain_text("theirs@example.com")
    assert_accessible(page)
