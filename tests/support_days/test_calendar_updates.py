"""A support day's calendar entry follows the day: one UID from booking to cancellation, a higher SEQUENCE
each time it moves or is cancelled, METHOD:REQUEST for the booking and each move, METHOD:CANCEL with
STATUS:CANCELLED for a cancellation, and the champion's contact (or the programme team) as ORGANIZER."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from regions.models import ChampionContact
from support_days.models import SupportDay
from support_days.services import support_day_book, support_day_reminders_send
from tests.calendar_files import ics_of, parse
from tests.support_days.factories import make_offer, make_support_day

LONDON = ZoneInfo("Europe/London")
NOW = datetime.datetime(2013, 10, 1, 9, 0, tzinfo=LONDON)  # a Tuesday
MONDAY_14 = datetime.date(2013, 10, 14)
TUESDAY_15 = datetime.date(2013, 10, 15)
TOO_LATE = datetime.datetime(2013, 10, 11, 9, 0, tzinfo=LONDON)
REMOVED = "The calendar file attached removes the support day from your calendar."


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def booked(la_officer, champion_staff) -> SupportDay:
    """Bolton's day with Greater Manchester Group on Monday 14 October 2013, booked from an offer."""
    offer = make_offer(created_by=champion_staff, date=MONDAY_14)
    return make_support_day(local_authority=la_officer.local_authority, requested_by=la_officer, offer=offer)


def _url(name: str, day: SupportDay) -> str:
    return reverse(f"support_days:{name}", args=[day.pk])


def _uid(day: SupportDay) -> str:
    return f"support-day-{day.pk}@champions-portal"


def _files(mailoutbox) -> dict:
    return {m.to[0]: parse(ics_of(m)) for m in mailoutbox}


def test_it_books_with_an_invitation_from_the_champions_contact(
    la_officer, champion_staff, mailoutbox, django_capture_on_commit_callbacks
):
    ChampionContact.objects.create(
        champion=champion_staff.champion, name="Jo Smith", role="Support lead", email="jo@gm.example"
    )
    offer = make_offer(created_by=champion_staff, date=MONDAY_14)
    with django_capture_on_commit_callbacks(execute=True):
        day = support_day_book(
            offer=offer, local_authority=la_officer.local_authority, themes=[], context="", by=la_officer, now=NOW
        )
    files = _files(mailoutbox)
    assert sorted(files) == sorted([la_officer.email, champion_staff.email])
    for address, (calendar, entry) in files.items():
        assert (calendar["METHOD"], entry.sequence, entry["UID"]) == ("REQUEST", 0, _uid(day))
        assert (str(entry.organizer), entry.organizer.params["CN"]) == ("mailto:jo@gm.example", "Jo Smith")
        assert str(entry["ATTENDEE"]) == f"mailto:{address}"
        assert entry.start == datetime.datetime(2013, 10, 14, 9, 0, tzinfo=LONDON)


def test_it_moves_the_calendar_entry_when_the_day_is_rescheduled(
    signed_in, la_officer, champion_staff, booked, mailoutbox, django_capture_on_commit_callbacks, settings
):
    tuesday = make_offer(created_by=champion_staff, date=TUESDAY_15, format="online")
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(la_officer).post(_url("support_day_reschedule", booked), {"offer": tuesday.pk})
    assert response.status_code == 302
    files = _files(mailoutbox)
    assert sorted(files) == sorted([la_officer.email, champion_staff.email])
    for calendar, entry in files.values():
        assert (calendar["METHOD"], entry.sequence, entry["UID"]) == ("REQUEST", 1, _uid(booked))
        assert entry.start == datetime.datetime(2013, 10, 15, 9, 0, tzinfo=LONDON)
        assert (entry["LOCATION"], str(entry.organizer)) == ("Online", f"mailto:{settings.PROGRAMME_TEAM_EMAIL}")
    for message in mailoutbox:
        assert "has moved from Monday 14 October 2013 to Tuesday 15 October 2013" in message.body
        assert "The calendar file attached updates the entry in your calendar." in message.body
    booked.refresh_from_db()
    assert (booked.date, booked.calendar_sequence) == (TUESDAY_15, 1)


def test_it_removes_the_calendar_entry_when_a_moved_day_is_cancelled(
    signed_in, la_officer, champion_staff, booked, mailoutbox, django_capture_on_commit_callbacks
):
    tuesday = make_offer(created_by=champion_staff, date=TUESDAY_15)
    client = signed_in(la_officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("support_day_reschedule", booked), {"offer": tuesday.pk})
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("support_day_cancel", booked), {"reason": "Ofsted inspection that week"})
    assert response.status_code == 302
    files = _files(mailoutbox)
    assert sorted(files) == sorted([la_officer.email, champion_staff.email])
    for calendar, entry in files.values():
        assert (calendar["METHOD"], entry["STATUS"], entry.sequence) == ("CANCEL", "CANCELLED", 2)
        assert entry["UID"] == _uid(booked)
    for message in mailoutbox:
        assert REMOVED in message.body and REMOVED in message.alternatives[0][0]
    booked.refresh_from_db()
    assert (booked.status, booked.calendar_sequence) == ("cancelled", 2)


def test_it_removes_the_entry_when_the_champion_cancels_after_the_cut_off(
    signed_in, champion_staff, la_officer, booked, mailoutbox, django_capture_on_commit_callbacks, time_machine
):
    time_machine.move_to(TOO_LATE, tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(champion_staff).post(_url("support_day_cancel", booked), {"reason": "Illness"})
    files = _files(mailoutbox)
    assert sorted(files) == sorted([la_officer.email, champion_staff.email])
    assert {(c["METHOD"], e.sequence) for c, e in files.values()} == {("CANCEL", 1)}


def test_it_sends_no_calendar_file_for_a_request_that_never_had_a_date(
    signed_in, la_officer, champion_staff, mailoutbox, django_capture_on_commit_callbacks
):
    asked = make_support_day(local_authority=la_officer.local_authority, requested_by=la_officer, status="requested")
    declined = make_support_day(local_authority=la_officer.local_authority, requested_by=la_officer, status="requested")
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(la_officer).post(_url("support_day_cancel", asked), {"reason": "Found another way"})
        signed_in(champion_staff).post(_url("support_day_decline", declined), {"reason": "No dates left"})
    assert {m.subject for m in mailoutbox} == {"Support day cancelled: Bolton", "Support day request declined"}
    for message in mailoutbox:
        assert message.attachments == [] and "calendar" not in message.body


def test_it_reminds_with_the_current_sequence(
    booked, champion_staff, mailoutbox, django_capture_on_commit_callbacks, time_machine
):
    SupportDay.objects.filter(pk=booked.pk).update(calendar_sequence=3)
    week_before = datetime.datetime(2013, 10, 7, 9, 0, tzinfo=LONDON)
    time_machine.move_to(week_before, tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        support_day_reminders_send(now=week_before)
    assert mailoutbox
    assert {(c["METHOD"], e.sequence) for c, e in _files(mailoutbox).values()} == {("REQUEST", 3)}


def test_it_changes_nothing_and_sends_nothing_when_the_cancel_is_refused(
    signed_in, la_officer, other_la_officer, booked, mailoutbox, django_capture_on_commit_callbacks, time_machine
):
    with django_capture_on_commit_callbacks(execute=True):
        assert signed_in(other_la_officer).post(_url("support_day_cancel", booked), {"reason": "x"}).status_code == 404
        time_machine.move_to(TOO_LATE, tick=False)
        assert signed_in(la_officer).post(_url("support_day_cancel", booked), {"reason": "x"}).status_code == 409
        assert signed_in(la_officer).post(_url("support_day_cancel", booked), {"reason": ""}).status_code == 409
    booked.refresh_from_db()
    assert (booked.status, booked.calendar_sequence) == ("booked", 0)
    assert mailoutbox == []


def test_it_keeps_the_sequence_when_a_cancel_form_is_sent_empty(
    signed_in, la_officer, booked, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(la_officer).post(_url("support_day_cancel", booked), {"reason": ""})
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    booked.refresh_from_db()
    assert (booked.status, booked.calendar_sequence) == ("booked", 0)
    assert mailoutbox == []


def test_it_emails_each_move_even_back_to_a_date_the_day_had(
    signed_in, la_officer, champion_staff, booked, mailoutbox, django_capture_on_commit_callbacks
):
    tuesday = make_offer(created_by=champion_staff, date=TUESDAY_15)
    client = signed_in(la_officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("support_day_reschedule", booked), {"offer": tuesday.pk})
        client.post(_url("support_day_reschedule", booked), {"offer": booked.offer.pk})
        client.post(_url("support_day_reschedule", booked), {"offer": tuesday.pk})
    sequences = [parse(ics_of(m))[1].sequence for m in mailoutbox if m.to == [la_officer.email]]
    assert sequences == [1, 2, 3]
