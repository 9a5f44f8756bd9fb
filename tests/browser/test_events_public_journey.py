"""A parent carer forum member finds a workshop by theme, registers, gets the email, and cancels; axe on every page."""

import re

from django.core import mail
from playwright.sync_api import expect

from events.models import Event, Registration
from regions.models import Champion
from tests.events.factories import make_event, make_registration


def test_it_lets_a_parent_carer_forum_member_find_register_and_cancel(
    page, champion_staff, settings, live_server, assert_accessible, assert_error_summary
):
    settings.SITE_URL = live_server.url
    workshop = make_event(
        created_by=champion_staff,
        title="Local offer workshop",
        themes=["local-offer"],
        format=Event.Format.IN_PERSON,
        venue_address="Bolton Town Hall\nVictoria Square",
        capacity=1,
    )
    make_event(created_by=champion_staff, title="Budgets seminar", themes=["personal-budgets"])
    past = make_event(
        created_by=champion_staff,
        title="Old news",
        themes=["local-offer"],
        starts_at=workshop.created_at.replace(year=2000),
    )
    full = make_event(
        created_by=champion_staff, champion=Champion.objects.get(slug="hartlepool"), title="Full one", capacity=1
    )
    make_registration(full)
    make_event(
        created_by=champion_staff,
        title="Called off",
        themes=["local-offer"],
        status=Event.Status.CANCELLED,
        cancelled_at=workshop.created_at,
        cancellation_reason="The venue flooded.",
    )

    page.goto("/")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("find a conference")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Conferences, workshops and seminars")
    assert_accessible(page)
    date_from = page.get_by_role("group", name="From")
    date_from.get_by_label("Day").fill("31")
    date_from.get_by_label("Month").fill("2")
    date_from.get_by_label("Year").fill("2013")
    page.get_by_role("button", name="Filter events").click()
    expect(page).to_have_title(re.compile(r"^Error: Events"))
    assert_error_summary(page)
    assert_accessible(page)
    page.get_by_role("link", name="From date must be a real date").click()
    expect(page.get_by_role("group", name="From").get_by_label("Day")).to_be_focused()
    for box in ("Day", "Month", "Year"):
        page.get_by_role("group", name="From").get_by_label(box).fill("")
    page.get_by_label("Show cancelled events").check()
    page.get_by_role("button", name="Filter events").click()
    expect(page.get_by_role("heading", name="Called off Cancelled")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Called off").click()
    expect(page.get_by_text("This event has been cancelled.")).to_be_visible()
    expect(page.get_by_role("button", name="Register")).to_have_count(0)
    assert_accessible(page)
    page.go_back()
    page.get_by_label("Show cancelled events").uncheck()
    page.get_by_label("Theme").select_option(label="Local offer")
    page.get_by_role("button", name="Filter events").click()
    expect(page.get_by_role("link", name="Budgets seminar")).to_have_count(0)
    expect(page.get_by_role("link", name="Called off")).to_have_count(0)
    expect(page.get_by_role("link", name="Old news")).to_be_visible()
    page.get_by_role("link", name="Local offer workshop").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Local offer workshop")
    assert_accessible(page)
    page.get_by_role("button", name="Register").click()
    assert_accessible(page)
    page.get_by_role("button", name="Register").click()
    expect(page).to_have_title(re.compile(r"^Error: Register"))
    assert_error_summary(page)
    assert_accessible(page)
    page.get_by_label("Full name").fill("Alex Parent")
    page.get_by_label("Email address").fill("alex@example.com")
    page.get_by_label("Organisation (optional)").fill("Bolton Parent Carer Forum")
    page.get_by_label("Parent carer forum").check()
    page.get_by_label("Local authority area (optional)").select_option(label="Bolton")
    page.get_by_label("Access needs (optional)").fill("Step-free access")
    page.get_by_label("I agree to the privacy notice").check()
    page.get_by_role("button", name="Register").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Your place is confirmed")
    assert_accessible(page)

    [email] = mail.outbox
    manage_url = re.search(r"https?://\S+/registrations/\S+/", email.body).group(0)
    fresh = page.context.new_page()
    fresh.goto(manage_url)
    expect(fresh.get_by_text("Place confirmed")).to_be_visible()
    fresh.get_by_role("button", name="Cancel my registration").click()
    assert_accessible(fresh)
    fresh.get_by_role("button", name="Yes, cancel my registration").click()
    expect(fresh.locator(".govuk-notification-banner--success")).to_contain_text("Your registration is cancelled")
    assert_accessible(fresh)
    assert Registration.objects.get(email="alex@example.com").status == Registration.Status.CANCELLED

    for url in (full.get_absolute_url(), past.get_absolute_url(), f"/events/{full.pk}/register/"):
        page.goto(url)
        assert_accessible(page)
    make_registration(full, status=Registration.Status.WAITLISTED)
    page.goto(Registration.objects.filter(status="waitlisted").get().get_manage_url())
    assert_accessible(page)
