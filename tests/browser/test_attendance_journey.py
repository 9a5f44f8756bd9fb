"""A champion records attendance at a 200-place conference by exception: finds the two people who did not
come by name, ticks them, marks everyone else as attended, then corrects one mistake; axe on every page."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from events.models import Event, Registration
from tests.conftest import PASSWORD
from tests.events.factories import make_event, registration

NAMED = ["Priya Shah", "Tom Shaw", "Ann Shore"]


def test_it_lets_a_champion_mark_attendance_for_200_people_by_exception(
    page, champion_staff, sign_in, assert_accessible, assert_error_summary
):
    held = make_event(
        created_by=champion_staff,
        title="North West conference",
        kind=Event.Kind.REGIONAL_CONFERENCE,
        starts_at=timezone.now() - datetime.timedelta(hours=2),
        capacity=200,
    )
    names = NAMED + [f"Person {i:03}" for i in range(197)]
    Registration.objects.bulk_create(registration(held, name=name) for name in names)
    sign_in(page, champion_staff.email, PASSWORD)

    page.goto(f"/events/{held.pk}/registrations/")
    assert_accessible(page)
    page.get_by_role("button", name="Record attendance").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record attendance")
    expect(page.locator("caption")).to_contain_text("1 to 100 of 200")
    assert_accessible(page)

    # Someone types far too much into the search: the error summary, and everyone still listed.
    page.goto(f"/events/{held.pk}/attendance/?q={'x' * 151}")
    assert_error_summary(page)
    assert_accessible(page)

    # The first absentee, found by part of her name.
    page.get_by_label("Search by name").fill("sha")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("tbody tr")).to_have_count(2)
    assert_accessible(page)
    page.get_by_label("Priya Shah did not attend").check()
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Attendance is saved")
    expect(page.get_by_label("Priya Shah did not attend")).to_be_checked()
    assert_accessible(page)

    # The second, on the second page of everyone.
    page.get_by_role("link", name="Show everyone").click()
    page.get_by_role("link", name="Next page").click()
    expect(page.locator("caption")).to_contain_text("101 to 200 of 200")
    assert_accessible(page)
    page.get_by_label("Person 150 did not attend").check()
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_label("Person 150 did not attend")).to_be_checked()

    page.get_by_role("button", name="Mark everyone else as attended").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Everyone not ticked")
    expect(page.get_by_text("198 attended, 2 did not attend, 0 not recorded yet")).to_be_visible()
    assert_accessible(page)
    attendance = dict(held.registrations.values_list("name", "attendance"))
    assert sorted(name for name, mark in attendance.items() if mark == "did_not_attend") == [
        "Person 150",
        "Priya Shah",
    ]
    assert list(attendance.values()).count("attended") == 198

    # Priya came after all: find her, untick, save.
    page.get_by_label("Search by name").fill("priya")
    page.get_by_role("button", name="Search").click()
    page.get_by_label("Priya Shah did not attend").uncheck()
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_label("Priya Shah did not attend")).not_to_be_checked()
    assert_accessible(page)
    assert held.registrations.get(name="Priya Shah").attendance == "attended"
