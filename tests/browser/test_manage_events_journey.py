"""A champion creates and publishes an event, fixes bad input, cancels one and marks attendance; axe on every page."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from events.models import Event
from tests.conftest import PASSWORD
from tests.events.factories import make_event, make_registration


def test_it_lets_a_champion_create_publish_cancel_and_mark_attendance(
    page, new_page, champion_staff, programme_staff, sign_in, assert_accessible, assert_error_summary
):
    sign_in(page, champion_staff.email, PASSWORD)
    held = make_event(created_by=champion_staff, title="Held", starts_at=timezone.now() - datetime.timedelta(hours=1))
    for i, status in enumerate(["confirmed", "confirmed", "waitlisted", "cancelled"]):
        make_registration(held, status=status, access_needs="Ramp" if i else "")
    page.goto("/events/manage/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your events")
    assert_accessible(page)
    page.get_by_role("button", name="Create an event").click()
    assert_accessible(page)
    page.get_by_role("button", name="Save as a draft").click()
    expect(page).to_have_title(re.compile(r"^Error: Create an event"))
    assert_error_summary(page)
    assert_accessible(page)
    # A person types the whole form.
    page.get_by_label("Workshop", exact=True).check()
    page.get_by_label("Title").fill("Local offer clinic")
    page.get_by_label("Description").fill("Bring your local offer.")
    page.get_by_label("Local offer", exact=True).check()
    on = timezone.localdate() + datetime.timedelta(days=30)
    date = page.get_by_role("group", name="Date of the event")
    date.get_by_label("Day").fill(str(on.day))
    date.get_by_label("Month").fill(str(on.month))
    date.get_by_label("Year").fill(str(on.year))
    page.get_by_label("Start time").fill("10am")
    page.get_by_label("End time").fill("13:00")
    page.get_by_label("In person", exact=True).check()
    page.get_by_label("Venue address (if in person)").fill("Bolton Town Hall")
    page.get_by_label("How many places are there?").fill("1")
    today = timezone.localdate()
    for legend, d in (
        ("Date registration opens", today),
        ("Date registration closes", on - datetime.timedelta(days=1)),
    ):
        group = page.get_by_role("group", name=legend)
        group.get_by_label("Day").fill(str(d.day))
        group.get_by_label("Month").fill(str(d.month))
        group.get_by_label("Year").fill(str(d.year))
    page.get_by_label("Time registration opens").fill("9am")
    page.get_by_label("Time registration closes").fill("5pm")
    page.get_by_role("button", name="Save as a draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Local offer clinic")
    assert_accessible(page)
    page.get_by_role("button", name="Publish the event").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is published")
    assert_accessible(page)
    event = Event.objects.get(title="Local offer clinic")
    page.get_by_role("button", name="Change the event").click()
    assert_accessible(page)
    page.get_by_label("How many places are there?").fill("0")
    page.get_by_role("button", name="Save changes").click()
    assert_error_summary(page)
    assert_accessible(page)
    page.goto(f"/events/{event.pk}/cancel/")
    assert_accessible(page)
    page.get_by_role("button", name="Cancel the event").click()
    assert_error_summary(page)
    assert_accessible(page)
    page.get_by_label("Why is the event cancelled?").fill("Venue closed")
    page.get_by_role("button", name="Cancel the event").click()
    assert_accessible(page)
    page.goto(f"/events/{held.pk}/registrations/")
    assert_accessible(page)
    page.get_by_role("button", name="Record attendance").click()
    assert_accessible(page)
    first = held.registrations.filter(status="confirmed").first()
    page.get_by_role("button", name="Mark everyone else as attended").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Attendance is saved")
    first.refresh_from_db()
    assert first.attendance == "attended"
    assert_accessible(page)
    page.goto(f"/events/{held.pk}/representation/")
    assert_accessible(page)
    page = new_page()
    sign_in(page, programme_staff.email, PASSWORD)
    page.goto("/home/")
    assert_accessible(page)
    page.goto("/events/manage/?champion=nope")
    assert_accessible(page)
    page.goto("/events/new/")
    assert_accessible(page)
