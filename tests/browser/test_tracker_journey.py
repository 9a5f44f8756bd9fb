"""Programme staff open the delivery tracker, drill into a champion off track, and download its
figures as XLSX. Axe on every page."""

import datetime
import io

import openpyxl
from django.utils import timezone
from playwright.sync_api import expect

from regions.models import Champion, LocalAuthority
from tests.conftest import PASSWORD
from tests.support_days.factories import make_support_day

GM = "greater-manchester-group"


def test_it_lets_programme_staff_find_a_champion_off_track_and_download_its_figures(
    page, programme_staff, la_officer, sign_in, assert_accessible
):
    make_support_day(
        local_authority=LocalAuthority.objects.get(slug="bolton"),
        requested_by=la_officer,
        status="delivered",
        date=datetime.date(2013, 10, 10),
    )
    gm = Champion.objects.get(slug=GM)
    sign_in(page, programme_staff.email, PASSWORD)
    assert_accessible(page)
    page.get_by_role("link", name="See the delivery tracker").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delivery tracker")
    assert_accessible(page)

    summary = page.get_by_role("table", name="Each champion's overall status")
    row = summary.get_by_role("row").filter(has_text=gm.name)
    expect(row).to_contain_text("Off track")
    row.get_by_role("link", name=gm.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(gm.name)
    expect(page.locator("main")).to_contain_text(
        "1 of 18 non-pathfinder local authorities assigned have had a support day"
    )
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name=f"{gm.name}'s delivery (Excel, a sheet per section)").click()
    download = download_info.value
    assert download.suggested_filename == f"delivery-tracker-2013-14-{GM}-{timezone.localdate().isoformat()}.xlsx"
    workbook = openpyxl.load_workbook(io.BytesIO(download.path().read_bytes()))
    sheet = workbook["Summary"]
    delivered = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "Non-pathfinder LAs with a delivered day")
    assert delivered[1:] == (1, 18, "Off track")

    page.get_by_role("link", name="Back to every champion's delivery").click()
    page.get_by_role("link", name="North West").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("North West")
    assert_accessible(page)
