"""A champion offers dates, withdraws one, confirms a request and records a day as delivered; programme
staff see national coverage. Axe on every page, including each page with errors."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from support_days.models import SupportDay, SupportDayOffer
from tests.conftest import PASSWORD
from tests.support_days.factories import make_support_day


def _fill_date(page, group: str, day: datetime.date) -> None:
    date = page.get_by_role("group", name=group)
    date.get_by_label("Day").fill(str(day.day))
    date.get_by_label("Month").fill(str(day.month))
    date.get_by_label("Year").fill(str(day.year))


def test_it_lets_a_champion_offer_confirm_and_deliver(
    page, champion_staff, la_officer, sign_in, assert_accessible, assert_error_summary
):
    today = timezone.localdate()
    bolton = la_officer.local_authority
    request = make_support_day(local_authority=bolton, status="requested", requested_by=la_officer)
    held = make_support_day(
        local_authority=bolton, date=today - datetime.timedelta(days=1), requested_by=la_officer, context="Held"
    )
    sign_in(page, champion_staff.email, PASSWORD)
    assert_accessible(page)
    page.get_by_role("link", name="See your patch and requests waiting for an answer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your patch")
    assert_accessible(page)

    # Offer every Tuesday of next month, after a first try with nothing filled in.
    page.get_by_role("button", name="Offer dates").click()
    assert_accessible(page)
    page.get_by_role("button", name="Offer these dates").click()
    expect(page).to_have_title(re.compile(r"^Error: Offer support-day dates"))
    assert_error_summary(page)
    assert_accessible(page)
    first = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    _fill_date(page, "First date", first)
    _fill_date(page, "Last date", last)
    page.get_by_label("Tuesday").check()
    page.get_by_label("In person").check()
    page.get_by_role("button", name="Offer these dates").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("dates offered.")
    assert_accessible(page)
    tuesdays = list(SupportDayOffer.objects.order_by("date"))
    assert len(tuesdays) in (4, 5) and {offer.date.weekday() for offer in tuesdays} == {1}
    page.get_by_role("button", name=f"Withdraw {tuesdays[0].date.day} {tuesdays[0].date:%B %Y}").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("is withdrawn")
    assert_accessible(page)

    # Confirm Bolton's request, after a first try with nothing chosen.
    page.get_by_role("link", name="Back to support days").click()
    page.get_by_role("link", name="Confirm Bolton's request").click()
    assert_accessible(page)
    page.get_by_role("button", name="Confirm the day").click()
    assert_error_summary(page)
    assert_accessible(page)
    page.get_by_label("Another date").check()
    _fill_date(page, "The other date (if you chose another date)", today + datetime.timedelta(days=10))
    page.get_by_label("Online").check()
    page.get_by_role("button", name="Confirm the day").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("day is booked for")
    assert_accessible(page)
    request.refresh_from_db()
    assert (request.status, request.date) == ("booked", today + datetime.timedelta(days=10))

    # Record yesterday's day as delivered, after a first try with nothing filled in.
    page.get_by_role("link", name=re.compile(r"Record Bolton's day on .* as delivered")).click()
    assert_accessible(page)
    page.get_by_role("button", name="Record the day as delivered").click()
    assert_error_summary(page)
    assert_accessible(page)
    page.get_by_label("Who attended from the local authority?").fill("Lee, SEND lead")
    page.get_by_label("Personal budgets").check()
    page.get_by_role("button", name="Record the day as delivered").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("recorded as delivered")
    assert_accessible(page)
    assert SupportDay.objects.get(pk=held.pk).status == "delivered"


def test_it_lets_programme_staff_see_coverage_and_a_champions_patch(
    page, programme_staff, la_officer, sign_in, assert_accessible, assert_error_summary
):
    make_support_day(local_authority=la_officer.local_authority, status="requested", requested_by=la_officer)
    sign_in(page, programme_staff.email, PASSWORD)
    page.get_by_role("link", name="See support-day coverage of non-pathfinder local authorities").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Support-day coverage")
    assert_accessible(page)
    page.goto("/support-days/coverage/?region=narnia")
    assert_error_summary(page)
    assert_accessible(page)
    page.get_by_label("Region", exact=True).select_option(label="North West")
    page.get_by_role("button", name="Show local authorities").click()
    expect(page.get_by_role("heading", name="North West: 18 non-pathfinder local authorities")).to_be_visible()
    page.get_by_role("link", name=re.compile("Greater Manchester Group")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("patch")
    assert_accessible(page)
    page.get_by_role("button", name="See offered dates").click()
    assert_accessible(page)
    page.goto("/support-days/patch/")
    assert_accessible(page)
