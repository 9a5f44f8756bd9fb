"""Programme staff download the review queue and the funding allocation as Excel, open each, and find what it
is and the date and time it is "as at" above the table. Axe on every page."""

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from champions_portal.dates import govuk_date
from tests.case_studies.factories import submitted
from tests.conftest import PASSWORD
from tests.spreadsheets import table, title_block, workbook


def _download(page, link: str):
    with page.expect_download() as download_info:
        page.get_by_role("link", name=link).click()
    download = download_info.value
    return download.suggested_filename, workbook(download.path().read_bytes())


def test_it_lets_programme_staff_download_a_table_that_says_when_it_was_true(
    page, programme_staff, champion_staff, sign_in, assert_accessible
):
    submitted(created_by=champion_staff, title="A single assessment pathway in Wigan")
    today = timezone.localdate()
    sign_in(page, programme_staff.email, PASSWORD)

    page.goto(reverse("case_studies:review_list"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Case studies to review")
    assert_accessible(page)
    filename, book = _download(page, "Download both lists as Excel")
    assert filename == f"case-studies-to-review-{today.isoformat()}.xlsx"
    sheet = book.active
    assert title_block(sheet)[0].startswith("Case studies to review")
    assert title_block(sheet)[-1].startswith(f"As at {govuk_date(today)} at ")
    assert [row[1] for row in table(sheet)[1:]] == ["A single assessment pathway in Wigan"]

    page.goto(reverse("programme:programme_detail", args=["2013-14"]))
    assert_accessible(page)
    filename, book = _download(page, "Download the funding allocation as Excel")
    assert filename == f"funding-allocation-2013-14-{today.isoformat()}.xlsx"
    assert title_block(book.active)[0] == "Funding allocation by champion"
    assert title_block(book.active)[-1].startswith(f"As at {govuk_date(today)} at ")
    assert table(book.active)[-1][3] == 600_000
