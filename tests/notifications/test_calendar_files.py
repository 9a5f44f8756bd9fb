"""Calendar files as a real parser (the icalendar package) reads them: the UID stays, SEQUENCE rises with each
change that matters to a calendar, METHOD says what the calendar should do, ORGANIZER says whom to ask, and a
cancellation is METHOD:CANCEL with STATUS:CANCELLED."""

import datetime

import pytest
from django.urls import reverse

from events.emails import registration_email_queue
from events.models import Event
from events.services import event_cancel, event_update, registration_cancel
from notifications.calendar import CalendarEntry, CalendarPerson, Method, ics_render
from regions.models import ChampionContact
from tests.calendar_files import ics_of, parse
from tests.events.factories import make_event, make_registration

NOW = datetime.datetime(2013, 9, 2, 9, 0, tzinfo=datetime.UTC)
STARTS = datetime.datetime(2013, 10, 14, 9, 0, tzinfo=datetime.UTC)
CHRIS = CalendarPerson("chris@gm.example", "Chris Jones, events lead")


def _entry(**fields) -> CalendarEntry:
    values = {
        "uid": "event-7@champions-portal",
        "title": "Local offer workshop",
        "starts_at": STARTS,
        "ends_at": STARTS + datetime.timedelta(hours=3),
        "organizer": CHRIS,
    }
    return CalendarEntry(**{**values, **fields})


# --- The writer -------------------------------------------------------------------------------


def test_it_writes_an_invitation_with_method_sequence_organizer_and_attendee():
    attendee = CalendarPerson("sam@example.com", "Sam O'Neill")
    calendar, event = parse(ics_render(_entry(sequence=3, attendee=attendee), now=NOW))
    assert (calendar["METHOD"], calendar["VERSION"]) == ("REQUEST", "2.0")
    assert (event["UID"], event.sequence, event["STATUS"]) == ("event-7@champions-portal", 3, "CONFIRMED")
    assert (event.start, event.end, event.DTSTAMP) == (STARTS, STARTS + datetime.timedelta(hours=3), NOW)
    assert event.organizer == "mailto:chris@gm.example"
    assert event.organizer.params["CN"] == "Chris Jones, events lead"
    assert event["ATTENDEE"] == "mailto:sam@example.com"
    assert dict(event["ATTENDEE"].params) == {
        "CN": "Sam O'Neill",
        "ROLE": "REQ-PARTICIPANT",
        "PARTSTAT": "ACCEPTED",
        "RSVP": "FALSE",
    }


def test_it_writes_a_cancellation_with_the_same_uid_and_status_cancelled():
    calendar, event = parse(ics_render(_entry(sequence=4, method=Method.CANCEL), now=NOW))
    assert (calendar["METHOD"], event["STATUS"], event.sequence) == ("CANCEL", "CANCELLED", 4)
    assert event["UID"] == "event-7@champions-portal"
    assert event.organizer == "mailto:chris@gm.example"


def test_it_publishes_a_download_with_no_attendee():
    calendar, event = parse(ics_render(_entry(method=Method.PUBLISH), now=NOW))
    assert (calendar["METHOD"], event.sequence, event["STATUS"]) == ("PUBLISH", 0, "CONFIRMED")
    assert "ATTENDEE" not in event
    assert event.organizer == "mailto:chris@gm.example"


def test_it_keeps_text_intact_through_escaping_and_folding():
    title = "Café, crèche; and \\ backslash — " + "a long title that must be folded " * 4
    description = "Line one.\nLine two, with a comma; and a semicolon.\n\nPårågraph three: ✓ 東京"
    ics = ics_render(_entry(title=title, description=description, location="Bolton Town Hall\nBL1 1RU"), now=NOW)
    _, event = parse(ics)
    assert (event["SUMMARY"], event["DESCRIPTION"]) == (title, description)
    assert event["LOCATION"] == "Bolton Town Hall\nBL1 1RU"
    assert ics.endswith("\r\n") and "\n" not in ics.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))


def test_it_drops_what_a_parameter_cannot_hold_from_names():
    organizer = CalendarPerson("jo@gm.example", 'Jo "JJ" Smith\nEvents; lead: North West')
    _, event = parse(ics_render(_entry(organizer=organizer), now=NOW))
    assert event.organizer.params["CN"] == "Jo JJ Smith Events; lead: North West"


# --- Events: one UID, a rising SEQUENCE ----------------------------------------------------------


@pytest.fixture
def workshop(champion_staff) -> Event:
    return make_event(created_by=champion_staff, starts_at=STARTS, created_at=NOW)


def _moved(event: Event, hours: int) -> dict:
    return {"starts_at": event.starts_at + datetime.timedelta(hours=hours), "ends_at": event.ends_at}


def test_it_keeps_the_uid_and_raises_the_sequence_from_confirmation_to_change_to_cancellation(
    workshop, mailoutbox, django_capture_on_commit_callbacks, settings
):
    sam = make_registration(workshop, email="sam@example.com", name="Sam")
    with django_capture_on_commit_callbacks(execute=True):
        registration_email_queue(registration=sam, template="registration_confirmed", now=NOW)
        event_update(event=workshop, fields=_moved(workshop, 1), themes=workshop.themes.all(), now=NOW)
        event_cancel(event=workshop, reason="The venue flooded", now=NOW)
    files = [parse(ics_of(m)) for m in mailoutbox]
    assert [c["METHOD"] for c, _ in files] == ["REQUEST", "REQUEST", "CANCEL"]
    assert [e.sequence for _, e in files] == [0, 1, 2]
    assert {e["UID"] for _, e in files} == {f"event-{workshop.pk}@champions-portal"}
    assert [e["STATUS"] for _, e in files] == ["CONFIRMED", "CONFIRMED", "CANCELLED"]
    assert files[1][1].start == STARTS + datetime.timedelta(hours=1)
    # No contact: the programme team organises.
    assert {str(e.organizer) for _, e in files} == {f"mailto:{settings.PROGRAMME_TEAM_EMAIL}"}
    assert {str(e["ATTENDEE"]) for _, e in files} == {"mailto:sam@example.com"}
    workshop.refresh_from_db()
    assert workshop.calendar_sequence == 2


def test_it_names_the_events_contact_as_organizer(workshop, mailoutbox, django_capture_on_commit_callbacks):
    contact = ChampionContact.objects.create(
        champion=workshop.champion, name="Jo Smith", role="Events lead", email="jo@gm.example"
    )
    Event.objects.filter(pk=workshop.pk).update(contact=contact)
    sam = make_registration(workshop, email="sam@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=sam, now=NOW)
    _, event = parse(ics_of(mailoutbox[0]))
    assert (str(event.organizer), event.organizer.params["CN"]) == ("mailto:jo@gm.example", "Jo Smith")


def test_it_leaves_the_sequence_alone_when_nothing_a_calendar_holds_changes(workshop):
    fields = {"title": "Renamed", "capacity": 40, "audience_notes": "SENCOs", "description": "New words."}
    event_update(event=workshop, fields=fields, themes=workshop.themes.all(), now=NOW)
    workshop.refresh_from_db()
    assert (workshop.calendar_sequence, workshop.title) == (0, "Renamed")


def test_it_downloads_the_current_sequence_with_method_publish(client, workshop):
    event_update(event=workshop, fields={"venue_address": "Bolton", "format": "in_person"}, themes=[], now=NOW)
    calendar, event = parse(client.get(reverse("events:event_ics", args=[workshop.pk])).content.decode())
    assert (calendar["METHOD"], event.sequence, event["LOCATION"]) == ("PUBLISH", 1, "Bolton")
    assert "ATTENDEE" not in event and event.organizer


def test_it_downloads_a_cancelled_event_as_a_cancellation(client, workshop):
    event_cancel(event=workshop, reason="", now=NOW)
    calendar, event = parse(client.get(reverse("events:event_ics", args=[workshop.pk])).content.decode())
    assert (calendar["METHOD"], event["STATUS"], event.sequence) == ("CANCEL", "CANCELLED", 1)
