"""The periodic jobs: reminders 7 days and 1 day before, and erasing needs after the event."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from events.models import Event, Registration
from events.services import (
    registration_cancel,
    registration_needs_erase,
    registration_personal_data_erase,
    registration_reminders_send,
)
from events.tasks import (
    registration_needs_erase_task,
    registration_personal_data_erase_task,
    registration_reminders_send_task,
)
from events.views.registrations import LISTS
from notifications.models import OutboxMessage
from programme.models import Programme
from tests.events.test_services import NOW, _event, _register

DAY = datetime.timedelta(days=1)


@pytest.fixture
def event(programme_staff):
    """Starts 30 days after NOW, with two confirmed people, one waiting and one cancelled."""
    event = _event(programme_staff, capacity=2)
    _register(event, "early@example.com", access_needs="Hearing loop", dietary_needs="Vegan")
    _register(event, "second@example.com")
    _register(event, "waiting@example.com")
    registration_cancel(registration=_register(event, "gone@example.com"), now=NOW)
    return event


def _subjects(mailoutbox):
    return sorted((m.to[0], m.subject.split(":")[0]) for m in mailoutbox)


def test_it_sends_nothing_before_the_seven_day_mark(event, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert registration_reminders_send(now=event.starts_at - 7 * DAY - datetime.timedelta(minutes=1)) == 0
    assert mailoutbox == []


def test_it_sends_the_seven_day_reminder_to_confirmed_people_once(
    event, mailoutbox, django_capture_on_commit_callbacks
):
    at = event.starts_at - 7 * DAY + datetime.timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert registration_reminders_send(now=at) == 2
        assert registration_reminders_send(now=at) == 0
        assert registration_reminders_send(now=at + DAY) == 0
    assert _subjects(mailoutbox) == [("early@example.com", "In one week"), ("second@example.com", "In one week")]
    assert "https://meet.example/abc" in mailoutbox[0].body


def test_it_sends_the_one_day_reminder_once_and_not_the_seven_day_one_again(
    event, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration_reminders_send(now=event.starts_at - 6 * DAY)
    mailoutbox.clear()
    at = event.starts_at - DAY + datetime.timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert registration_reminders_send(now=at) == 2
        assert registration_reminders_send(now=at) == 0
    assert _subjects(mailoutbox) == [("early@example.com", "Tomorrow"), ("second@example.com", "Tomorrow")]


def test_it_sends_only_the_one_day_reminder_if_the_job_was_down_all_week(
    event, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration_reminders_send(now=event.starts_at - 12 * datetime.timedelta(hours=1))
    assert {m.subject.split(":")[0] for m in mailoutbox} == {"Tomorrow"}


def test_it_sends_no_reminder_once_the_event_has_started(event, mailoutbox):
    assert registration_reminders_send(now=event.starts_at + datetime.timedelta(minutes=1)) == 0


def test_it_skips_the_seven_day_reminder_for_people_who_registered_inside_the_week(
    event, mailoutbox, django_capture_on_commit_callbacks
):
    late = _register(event, "late@example.com", now=event.starts_at - 3 * DAY)
    Registration.objects.filter(pk=late.pk).update(status=Registration.Status.CONFIRMED)
    with django_capture_on_commit_callbacks(execute=True):
        registration_reminders_send(now=event.starts_at - 2 * DAY)
    assert "late@example.com" not in [m.to[0] for m in mailoutbox]
    with django_capture_on_commit_callbacks(execute=True):
        registration_reminders_send(now=event.starts_at - DAY / 2)
    assert ("late@example.com", "Tomorrow") in _subjects(mailoutbox)


def test_it_sends_no_reminders_for_cancelled_events(event, mailoutbox):
    Event.objects.filter(pk=event.pk).update(status=Event.Status.CANCELLED)
    assert registration_reminders_send(now=event.starts_at - DAY / 2) == 0


def test_it_reminds_again_for_a_new_date_when_an_event_moves(event, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        registration_reminders_send(now=event.starts_at - DAY / 2)
    Event.objects.filter(pk=event.pk).update(starts_at=event.starts_at + 14 * DAY, ends_at=event.ends_at + 14 * DAY)
    with django_capture_on_commit_callbacks(execute=True):
        registration_reminders_send(now=event.starts_at + 14 * DAY - DAY / 2)
    assert [s for _, s in _subjects(mailoutbox)].count("Tomorrow") == 4


def test_it_runs_the_periodic_task_twice_and_sends_once(event, mailoutbox, django_capture_on_commit_callbacks):
    with time_machine.travel(event.starts_at - DAY / 2, tick=False), django_capture_on_commit_callbacks(execute=True):
        registration_reminders_send_task.delay()
        registration_reminders_send_task.delay()
    assert len(mailoutbox) == 2
    reminders = OutboxMessage.objects.filter(key__startswith="registration_reminder_1d:")
    assert reminders.count() == 2
    assert set(reminders.values_list("state", flat=True)) == {OutboxMessage.State.SENT}


def test_it_erases_needs_after_the_retention_period_and_keeps_the_counts(event):
    retention = datetime.timedelta(days=settings.EVENT_NEEDS_RETENTION_DAYS)
    assert registration_needs_erase(now=event.ends_at + retention - datetime.timedelta(minutes=1)) == 0
    assert Registration.objects.get(email="early@example.com").access_needs == "Hearing loop"
    assert registration_needs_erase(now=event.ends_at + retention) == 1
    assert registration_needs_erase(now=event.ends_at + retention + DAY) == 0
    early = Registration.objects.get(email="early@example.com")
    assert (early.access_needs, early.dietary_needs) == ("", "")
    assert (early.had_access_needs, early.had_dietary_needs) == (True, True)
    assert Registration.objects.filter(event=event).count() == 4


def test_it_runs_the_erasure_task_twice_safely(event, settings):
    settings.EVENT_NEEDS_RETENTION_DAYS = 1
    with time_machine.travel(event.ends_at + 2 * DAY, tick=False):
        registration_needs_erase_task.delay()
        registration_needs_erase_task.delay()
    event.refresh_from_db()
    assert event.needs_erased_at == event.ends_at + 2 * DAY
    assert not Registration.objects.exclude(access_needs="").exists()


def _programme_year_end(event) -> datetime.datetime:
    """The first moment (London) when the event's programme year has been over for the retention period."""
    ends_on = Programme.objects.get(starts_on__lte=NOW.date(), ends_on__gte=NOW.date()).ends_on
    day = ends_on + datetime.timedelta(days=settings.REGISTRATION_RETENTION_DAYS + 1)
    return datetime.datetime.combine(day, datetime.time(), tzinfo=timezone.get_current_timezone())


def test_it_erases_registrants_personal_details_12_months_after_the_programme_year_and_keeps_the_counts(event, client):
    early = Registration.objects.get(email="early@example.com")
    link = early.get_manage_url()
    assert client.get(link).status_code == 200
    erase_at = _programme_year_end(event)
    assert registration_personal_data_erase(now=erase_at - datetime.timedelta(minutes=1)) == 0
    assert Registration.objects.filter(event=event, email="").count() == 0

    assert registration_personal_data_erase(now=erase_at) == 1
    assert registration_personal_data_erase(now=erase_at + DAY) == 0
    rows = Registration.objects.filter(event=event)
    assert rows.count() == 4
    assert set(rows.values_list("name", "email", "organisation", "access_needs", "dietary_needs")) == {
        ("", "", "", "", "")
    }
    assert not rows.filter(user__isnull=False).exists()
    assert sorted(rows.values_list("status", flat=True)) == sorted(
        ["confirmed", "confirmed", "waitlisted", "cancelled"]
    )
    early.refresh_from_db()
    assert (early.partner_type, early.had_access_needs) == ("parent_carer_forum", True)
    event.refresh_from_db()
    assert event.personal_data_erased_at == erase_at
    assert event.needs_erased_at == erase_at
    assert client.get(link).status_code == 404
    assert client.post(early.get_manage_url() + "cancel/").status_code == 404


def test_it_shows_erased_registrations_as_erased_to_the_organiser(event, client, programme_staff):
    registration_personal_data_erase(now=_programme_year_end(event))
    client.force_login(programme_staff)
    # The registrations page shows one list at a time: confirmed places, the waiting list, cancelled ones.
    pages = [client.get(f"/events/{event.pk}/registrations/?list={shown}").content.decode() for shown in LISTS]
    for page in pages:
        assert "early@example.com" not in page and "Hearing loop" not in page
    assert sum(page.count(">Erased<") for page in pages) >= 4 * 3


def test_it_leaves_events_of_a_later_programme_year_alone(programme_staff):
    later = _event(programme_staff, starts_in_days=400)
    _register(later, "later@example.com")
    assert registration_personal_data_erase(now=_programme_year_end(later)) == 0
    assert Registration.objects.get(event=later).email == "later@example.com"


def test_it_runs_the_personal_data_erasure_task_twice_safely(event):
    at = _programme_year_end(event)
    with time_machine.travel(at, tick=False):
        registration_personal_data_erase_task.delay()
        registration_personal_data_erase_task.delay()
    event.refresh_from_db()
    assert event.personal_data_erased_at == at
    assert not Registration.objects.exclude(email="").exists()


def test_it_schedules_both_jobs_with_beat():
    from champions_portal.celery import app

    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {
        "events.tasks.registration_reminders_send_task",
        "events.tasks.registration_needs_erase_task",
        "events.tasks.registration_personal_data_erase_task",
    } <= scheduled
    app.loader.import_default_modules()
    assert scheduled <= set(app.tasks)
