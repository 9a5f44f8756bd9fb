"""Programme staff find a change in the audit log from their home page; every page passes axe."""

import re

from playwright.sync_api import expect

from audit.services import audit_record
from tests.conftest import PASSWORD
from tests.events.factories import make_event


def test_it_lets_programme_staff_find_who_changed_an_event(
    page, programme_staff, champion_staff, sign_in, assert_accessible, assert_error_summary
):
    event = make_event(created_by=champion_staff, title="Local offer workshop")
    audit_record(action="event.updated", obj=event, actor=champion_staff, changes={"capacity": [20, 25]})

    sign_in(page, programme_staff.email, PASSWORD)
    page.get_by_role("link", name="Search the audit log").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit log")
    assert_accessible(page)

    page.get_by_label("Action starts with").fill("event")
    page.get_by_label("What it was about contains").fill("local offer")
    page.get_by_role("button", name="Search").click()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("event.updated")
    expect(rows.first).to_contain_text(champion_staff.email)
    expect(rows.first).to_contain_text("capacity: 20 → 25")
    assert_accessible(page)

    page.get_by_role("group", name="From").get_by_label("Day").fill("10")
    page.get_by_role("group", name="From").get_by_label("Month").fill("10")
    page.get_by_role("group", name="From").get_by_label("Year").fill("2013")
    page.get_by_role("group", name="To").get_by_label("Day").fill("1")
    page.get_by_role("group", name="To").get_by_label("Month").fill("10")
    page.get_by_role("group", name="To").get_by_label("Year").fill("2013")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_title(re.compile(r"^Error: Audit log"))
    assert_error_summary(page)
    assert_accessible(page)
