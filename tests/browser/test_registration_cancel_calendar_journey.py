"""A registrant follows the link in their confirmation, cancels their place, and the email that confirms it
carries the calendar file that removes the event from their calendar: the confirmation's UID, METHOD:CANCEL,
STATUS:CANCELLED. axe on every page."""

import re

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from events.models import Registration
from events.services import RegistrationData, registration_create
from tests.calendar_files import ics_of, parse
from tests.events.factories import make_event


def test_it_removes_the_event_from_the_calendar_of_a_registrant_who_cancels(
    page, champion_staff, settings, live_server, assert_accessible
):
    settings.SITE_URL = live_server.url
    workshop = make_event(created_by=champion_staff, title="Local offer workshop", themes=["local-offer"])
    data = RegistrationData(
        name="Alex Parent", email="alex@example.com", organisation="Bolton PCF", partner_type="parent_carer_forum"
    )
    registration_create(event=workshop, data=data, now=timezone.now())
    [confirmation] = mail.outbox
    booked, _ = parse(ics_of(confirmation))
    [link] = re.findall(r"https?://\S+/registrations/[^/\s]+/", confirmation.body)

    page.goto(link)
    expect(page.get_by_text("Place confirmed")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Cancel my registration").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Are you sure you want to cancel your place?")
    assert_accessible(page)
    page.get_by_role("button", name="Yes, cancel my registration").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Your registration is cancelled")
    assert_accessible(page)

    assert Registration.objects.get().status == "cancelled"
    [cancellation] = mail.outbox[1:]
    assert cancellation.to == ["alex@example.com"]
    assert "The calendar file attached removes the event from your calendar." in cancellation.body
    calendar, entry = parse(ics_of(cancellation))
    assert (calendar["METHOD"], entry["STATUS"]) == ("CANCEL", "CANCELLED")
    assert entry["UID"] == booked.events[0]["UID"] == f"event-{workshop.pk}@champions-portal"
    assert entry.sequence >= booked.events[0].sequence
    assert str(entry["ATTENDEE"]) == "mailto:alex@example.com"
