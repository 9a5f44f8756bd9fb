"""Cancelling an event or a registration removes the entry the confirmation put in people's calendars: the
email attaches a calendar file with the same UID, METHOD:CANCEL and STATUS:CANCELLED, and says so. People
who never had an entry (waiting) get no file, and are told they need do nothing."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from events.models import Event, Registration
from events.services import registration_cancel
from tests.calendar_files import ics_of, parse
from tests.events.factories import make_event, make_registration

LONDON = ZoneInfo("Europe/London")
NOW = datetime.datetime(2013, 10, 1, 9, 0, tzinfo=LONDON)
REMOVED = "The calendar file attached removes the event from your calendar."


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def workshop(champion_staff) -> Event:
    starts = datetime.datetime(2013, 10, 14, 10, 0, tzinfo=LONDON)
    return make_event(created_by=champion_staff, title="Local offer workshop", starts_at=starts, capacity=1)


def _uid(event: Event) -> str:
    return f"event-{event.pk}@champions-portal"


def test_it_sends_everyone_with_a_place_a_cancelling_calendar_file_when_the_event_is_cancelled(
    signed_in, champion_staff, workshop, mailoutbox, django_capture_on_commit_callbacks
):
    alex = make_registration(workshop, name="Alex Parent", email="alex@example.com")
    make_registration(workshop, email="cam@example.com", status=Registration.Status.WAITLISTED)
    make_registration(workshop, email="dee@example.com", status=Registration.Status.CANCELLED)
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(champion_staff).post(
            reverse("events:event_cancel", args=[workshop.pk]), {"reason": "The venue flooded"}
        )
    assert response.status_code == 302
    mail = {m.to[0]: m for m in mailoutbox}
    assert sorted(mail) == ["alex@example.com", "cam@example.com"]
    calendar, entry = parse(ics_of(mail["alex@example.com"]))
    assert (calendar["METHOD"], entry["STATUS"], entry["UID"]) == ("CANCEL", "CANCELLED", _uid(workshop))
    assert entry.sequence == 1 and str(entry["ATTENDEE"]) == f"mailto:{alex.email}"
    for text in (mail["alex@example.com"].body, mail["alex@example.com"].alternatives[0][0]):
        assert REMOVED in text and "You do not need to do anything" not in text
    # Waiting: never had an entry, so no file, and nothing to do.
    assert mail["cam@example.com"].attachments == []
    assert "You do not need to do anything" in mail["cam@example.com"].body
    assert REMOVED not in mail["cam@example.com"].body
    workshop.refresh_from_db()
    assert (workshop.status, workshop.calendar_sequence) == ("cancelled", 1)


def test_it_sends_the_registrant_a_cancelling_calendar_file_when_they_cancel(
    client, workshop, mailoutbox, django_capture_on_commit_callbacks
):
    alex = make_registration(workshop, name="Alex Parent", email="alex@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("events:registration_cancel", args=[alex.token]))
    [message] = mailoutbox
    assert message.subject == "Your registration is cancelled: Local offer workshop"
    calendar, entry = parse(ics_of(message))
    assert (calendar["METHOD"], entry["STATUS"], entry["UID"]) == ("CANCEL", "CANCELLED", _uid(workshop))
    # The event has not changed, so its sequence stays: the cancellation is newer by its DTSTAMP.
    assert entry.sequence == 0 and entry.DTSTAMP == NOW
    assert REMOVED in message.body and "You do not need to do anything" not in message.body
    alex.refresh_from_db()
    workshop.refresh_from_db()
    assert (alex.status, workshop.calendar_sequence) == ("cancelled", 0)


def test_it_tells_someone_leaving_the_waiting_list_they_need_do_nothing(
    client, workshop, mailoutbox, django_capture_on_commit_callbacks
):
    make_registration(workshop)
    cam = make_registration(workshop, email="cam@example.com", status=Registration.Status.WAITLISTED)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("events:registration_cancel", args=[cam.token]))
    [message] = mailoutbox
    assert message.attachments == [] and REMOVED not in message.body
    assert "You do not need to do anything else." in message.body


def test_it_keeps_a_coordinators_entry_while_their_group_still_has_places(
    workshop, mailoutbox, django_capture_on_commit_callbacks
):
    """A coordinator's address has one calendar entry for the whole group: one person leaving must not remove
    it; the last one leaving does."""
    Event.objects.filter(pk=workshop.pk).update(capacity=5)
    group = {"email": "coordinator@school.example", "group_token": "g-1"}
    own = make_registration(workshop, name="Pat Coordinator", **group)
    other = make_registration(workshop, name="Robin Teacher", booked_by_name="Pat Coordinator", **group)
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=other, now=NOW)
    [first] = mailoutbox
    assert first.attachments == [] and REMOVED not in first.body
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=own, now=NOW)
    calendar, _ = parse(ics_of(mailoutbox[1]))
    assert calendar["METHOD"] == "CANCEL"


def test_it_refuses_a_wrong_link_and_sends_nothing(client, workshop, mailoutbox):
    alex = make_registration(workshop)
    assert client.post(reverse("events:registration_cancel", args=["not-a-token"])).status_code == 404
    alex.refresh_from_db()
    assert alex.status == "confirmed" and mailoutbox == []
