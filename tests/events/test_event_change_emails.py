"""When a published event's date, times, format, venue or joining details change on its edit page, everyone
with a place or waiting is emailed once about that change, with an updated calendar file for those with a
place (same UID, METHOD:REQUEST, a higher SEQUENCE)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from events.models import Event, Registration
from notifications.models import OutboxMessage
from tests.calendar_files import ics_of, parse
from tests.events.factories import edit_form_data, make_event, make_registration

LONDON = ZoneInfo("Europe/London")
NOW = datetime.datetime(2013, 9, 2, 9, 0, tzinfo=LONDON)
STARTS = datetime.datetime(2013, 10, 14, 10, 0, tzinfo=LONDON)
JOINING = "https://meet.example/local-offer-9137"


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def workshop(champion_staff) -> Event:
    """An online workshop on Monday 14 October 2013, 10am to 1pm, with two places taken, one person waiting
    and one who cancelled."""
    event = make_event(
        created_by=champion_staff, title="Local offer workshop", starts_at=STARTS, joining_details=JOINING, capacity=2
    )
    make_registration(event, name="Alex Parent", email="alex@example.com")
    make_registration(event, name="Bo Senco", email="bo@example.com")
    make_registration(event, name="Cam Wait", email="cam@example.com", status=Registration.Status.WAITLISTED)
    make_registration(event, name="Dee Gone", email="dee@example.com", status=Registration.Status.CANCELLED)
    return event


def _edit_url(event: Event) -> str:
    return reverse("events:event_edit", args=[event.pk])


def _save(client, event: Event, capture, **overrides):
    with capture(execute=True):
        return client.post(_edit_url(event), edit_form_data(event, **overrides), follow=True)


def _by_address(mailoutbox) -> dict:
    return {m.to[0]: m for m in mailoutbox}


def test_it_emails_everyone_with_a_place_or_waiting_once_when_the_time_changes(
    signed_in, champion_staff, workshop, mailoutbox, django_capture_on_commit_callbacks
):
    client = signed_in(champion_staff)
    response = _save(client, workshop, django_capture_on_commit_callbacks, start_time="11:00", end_time="2pm")
    assert "3 people registered are being emailed about the change." in response.content.decode()
    mail = _by_address(mailoutbox)
    assert sorted(mail) == ["alex@example.com", "bo@example.com", "cam@example.com"]
    assert {m.subject for m in mailoutbox} == {"Changed: Local offer workshop"}
    alex = mail["alex@example.com"]
    assert "Dear Alex Parent," in alex.body
    assert "Was: Monday 14 October 2013, 10am to 1pm" in alex.body
    assert "Now: Monday 14 October 2013, 11am to 2pm" in alex.body
    assert "The calendar file attached updates the entry in your calendar." in alex.body
    assert JOINING in alex.body
    calendar, entry = parse(ics_of(alex))
    assert (calendar["METHOD"], entry.sequence, entry["UID"]) == ("REQUEST", 1, f"event-{workshop.pk}@champions-portal")
    assert entry.start == datetime.datetime(2013, 10, 14, 11, 0, tzinfo=LONDON)
    assert JOINING in entry["DESCRIPTION"]
    # Waiting: told of the change, no calendar entry (they have none) and no joining details.
    cam = mail["cam@example.com"]
    assert cam.attachments == [] and JOINING not in cam.body
    assert "You are still on the waiting list, number 1." in cam.body
    workshop.refresh_from_db()
    assert workshop.calendar_sequence == 1
    assert workshop.starts_at == datetime.datetime(2013, 10, 14, 11, 0, tzinfo=LONDON)
    keys = set(OutboxMessage.objects.values_list("key", flat=True))
    assert keys == {f"event_changed:{workshop.pk}:1:{r.pk}" for r in workshop.registrations.active()}
    audit = AuditEntry.objects.filter(action="event.updated").get()
    assert audit.changes["calendar_sequence"] == [0, 1]

    # Saving the same again changes nothing a calendar holds: nobody is emailed again.
    mailoutbox.clear()
    response = _save(client, workshop, django_capture_on_commit_callbacks)
    assert "being emailed" not in response.content.decode()
    assert mailoutbox == []
    workshop.refresh_from_db()
    assert workshop.calendar_sequence == 1


def test_it_emails_again_for_a_second_change_with_a_higher_sequence(
    signed_in, champion_staff, workshop, mailoutbox, django_capture_on_commit_callbacks
):
    client = signed_in(champion_staff)
    _save(client, workshop, django_capture_on_commit_callbacks, end_time="2pm")
    workshop.refresh_from_db()
    _save(client, workshop, django_capture_on_commit_callbacks, end_time="3pm")
    sequences = [parse(ics_of(m))[1].sequence for m in mailoutbox if m.to == ["alex@example.com"]]
    assert sequences == [1, 2]
    assert len(mailoutbox) == 6


def test_it_says_what_changed_when_an_online_event_moves_to_a_venue(
    signed_in, champion_staff, workshop, mailoutbox, django_capture_on_commit_callbacks
):
    client = signed_in(champion_staff)
    venue = "Bolton Town Hall, Victoria Square, Bolton BL1 1RU"
    _save(client, workshop, django_capture_on_commit_callbacks, format="in_person", venue_address=venue)
    mail = _by_address(mailoutbox)
    for address in ("alex@example.com", "cam@example.com"):
        body, html = mail[address].body, mail[address].alternatives[0][0]
        assert "Where" in body and "Was: Online" in body and f"Now: {venue}" in body
        assert "Was: Online" in html and f"Now: {venue}" in html
        assert "Was: Monday" not in body  # only what changed is listed
    _, entry = parse(ics_of(mail["alex@example.com"]))
    assert entry["LOCATION"] == venue and JOINING not in entry["DESCRIPTION"]


def test_it_tells_only_people_with_a_place_of_new_joining_details(
    signed_in, champion_staff, workshop, mailoutbox, django_capture_on_commit_callbacks
):
    new = "https://meet.example/new-room-4411"
    _save(signed_in(champion_staff), workshop, django_capture_on_commit_callbacks, joining_details=new)
    mail = _by_address(mailoutbox)
    assert sorted(mail) == ["alex@example.com", "bo@example.com"]
    assert "The joining details have changed." in mail["alex@example.com"].body
    assert new in mail["alex@example.com"].body and JOINING not in mail["alex@example.com"].body
    assert new in parse(ics_of(mail["bo@example.com"]))[1]["DESCRIPTION"]


def test_it_emails_nobody_for_changes_a_calendar_does_not_hold(
    signed_in, champion_staff, workshop, mailoutbox, django_capture_on_commit_callbacks
):
    changes = {"title": "Local offer: next steps", "capacity": "3", "audience_notes": "SENCOs", "description": "New."}
    _save(signed_in(champion_staff), workshop, django_capture_on_commit_callbacks, **changes)
    workshop.refresh_from_db()
    assert (workshop.title, workshop.calendar_sequence) == ("Local offer: next steps", 0)
    # The one email is Cam's new place, not a change notice.
    assert [m.subject for m in mailoutbox] == ["A place has come up for you: Local offer: next steps"]


def test_it_emails_nobody_about_a_draft(signed_in, champion_staff, mailoutbox, django_capture_on_commit_callbacks):
    draft = make_event(created_by=champion_staff, starts_at=STARTS, status=Event.Status.DRAFT, published_at=None)
    make_registration(draft, email="early@example.com")  # left over from before it was unpublished
    client = signed_in(champion_staff)
    assert "will email" not in client.get(_edit_url(draft)).content.decode()
    _save(client, draft, django_capture_on_commit_callbacks, start_time="11:00")
    draft.refresh_from_db()
    assert draft.starts_at.astimezone(LONDON).hour == 11
    assert mailoutbox == [] and not OutboxMessage.objects.exists()


def test_it_emails_nobody_about_an_event_that_has_ended(
    signed_in, champion_staff, mailoutbox, django_capture_on_commit_callbacks
):
    held = make_event(created_by=champion_staff, starts_at=NOW - datetime.timedelta(days=2), format="in_person")
    held.venue_address = "Old Hall"
    held.save()
    make_registration(held, email="went@example.com")
    _save(signed_in(champion_staff), held, django_capture_on_commit_callbacks, venue_address="The hall we used")
    held.refresh_from_db()
    assert held.venue_address == "The hall we used"
    assert mailoutbox == []


def test_it_tells_the_organiser_how_many_people_will_be_emailed(signed_in, champion_staff, workshop):
    html = signed_in(champion_staff).get(_edit_url(workshop)).content.decode()
    warning = html.split('govuk-warning-text__text">')[1].split("</strong>")[0]
    assert "If you change its date, times, format, venue or joining details" in warning
    assert "we will email the 3 people registered (2 with a place, 1 on the waiting list)" in warning
    assert "are not told about changes" not in html


def test_it_says_when_nobody_would_be_emailed(signed_in, champion_staff):
    lonely = make_event(created_by=champion_staff, starts_at=STARTS)
    html = signed_in(champion_staff).get(_edit_url(lonely)).content.decode()
    assert "Nobody has registered yet, so nobody will be emailed about changes." in html


def test_it_rejects_bad_input_and_emails_nobody(
    signed_in, champion_staff, workshop, mailoutbox, django_capture_on_commit_callbacks
):
    response = _save(
        signed_in(champion_staff), workshop, django_capture_on_commit_callbacks, start_time="11:00", end_time="9am"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html and "The end time must be after the start time" in html
    workshop.refresh_from_db()
    assert (workshop.starts_at, workshop.calendar_sequence) == (STARTS, 0)
    assert mailoutbox == []


@pytest.mark.parametrize("person", ["other_champion_staff", "la_officer"])
def test_it_refuses_others_and_emails_nobody(
    request, signed_in, workshop, person, mailoutbox, django_capture_on_commit_callbacks
):
    client = signed_in(request.getfixturevalue(person))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_edit_url(workshop), edit_form_data(workshop, start_time="11:00"))
    assert response.status_code == 403
    workshop.refresh_from_db()
    assert (workshop.starts_at, workshop.calendar_sequence) == (STARTS, 0)
    assert mailoutbox == []


def test_it_sends_anonymous_visitors_to_sign_in_and_emails_nobody(client, workshop, mailoutbox):
    response = client.post(_edit_url(workshop), edit_form_data(workshop, start_time="11:00"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    workshop.refresh_from_db()
    assert workshop.calendar_sequence == 0 and mailoutbox == []
