"""An LA officer books an offered date and gets the confirmation, then leaves feedback on a delivered
day; the bad-input, reschedule, cancel, request and "date taken" pages on the way. Axe on every page."""

import datetime
import re

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from support_days.models import SupportDay
from tests.conftest import PASSWORD
from tests.support_days.factories import make_offer, make_support_day


def test_it_lets_an_la_officer_book_a_date_and_leave_feedback(
    page, new_page, la_officer, champion_staff, other_la_officer, sign_in, assert_accessible, assert_error_summary
):
    today = timezone.localdate()
    make_offer(created_by=champion_staff, date=today + datetime.timedelta(days=14), notes="Town hall")
    full = make_offer(created_by=champion_staff, date=today + datetime.timedelta(days=21))
    make_offer(created_by=champion_staff, date=today + datetime.timedelta(days=28), format="online")
    delivered = make_support_day(
        local_authority=la_officer.local_authority,
        requested_by=la_officer,
        status="delivered",
        date=today - datetime.timedelta(days=7),
    )
    mail.outbox.clear()

    sign_in(page, la_officer.email, PASSWORD)
    page.get_by_role("link", name="See all your support days").click()
    assert_accessible(page)
    page.get_by_role("button", name="Book an offered date").click()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Book this date")).first.click()
    assert_accessible(page)
    page.get_by_role("button", name="Book this date").click()
    assert_error_summary(page)
    assert_accessible(page)
    page.get_by_label("Local offer", exact=True).check()
    page.get_by_label(re.compile("What should the champion know")).fill("Our local offer")
    page.get_by_role("button", name="Book this date").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is booked")
    assert_accessible(page)

    booked = SupportDay.objects.get(status="booked", local_authority=la_officer.local_authority)
    assert booked.date == today + datetime.timedelta(days=14)
    confirmation = [m for m in mail.outbox if m.to == [la_officer.email]]
    assert len(confirmation) == 1
    assert confirmation[0].subject.startswith("Support day booked: Bolton")
    assert confirmation[0].attachments[0][0] == "support-day.ics"
    assert [m.to for m in mail.outbox if m.to == [champion_staff.email]] == [[champion_staff.email]]

    page.get_by_role("button", name="Reschedule").click()
    assert_accessible(page)
    page.get_by_role("button", name="Move the day to this date").click()
    assert_error_summary(page)
    assert_accessible(page)
    page.goto(booked.get_absolute_url())
    page.get_by_role("button", name="Cancel the day").click()
    assert_accessible(page)
    page.get_by_role("button", name="Cancel the support day").click()
    assert_error_summary(page)
    assert_accessible(page)
    page.goto("/support-days/request/")
    assert_accessible(page)
    page.get_by_role("button", name="Send the request").click()
    assert_error_summary(page)
    assert_accessible(page)

    page.goto(delivered.get_absolute_url())
    assert_accessible(page)
    page.get_by_role("button", name="Give feedback").click()
    assert_accessible(page)
    page.get_by_role("button", name="Send feedback").click()
    assert_error_summary(page)
    assert_accessible(page)
    page.get_by_label("5 – very useful").check()
    page.get_by_role("button", name="Send feedback").click()
    assert_accessible(page)
    delivered.refresh_from_db()
    assert delivered.feedback_usefulness == 5
    page.goto(f"/support-days/{delivered.pk}/feedback/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot give feedback on this day")
    assert_accessible(page)

    make_support_day(local_authority=other_la_officer.local_authority, requested_by=other_la_officer, offer=full)
    page.goto(f"/support-days/book/{full.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("That date has just been taken")
    assert_accessible(page)

    champion_page = new_page()
    sign_in(champion_page, champion_staff.email, PASSWORD)
    champion_page.goto(delivered.get_absolute_url())
    expect(champion_page.get_by_text("5 – very useful").or_(champion_page.get_by_text("5"))).not_to_have_count(0)
    assert_accessible(champion_page)
