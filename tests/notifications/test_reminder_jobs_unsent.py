"""The reminder jobs ask the database for the reminders still unsent (one query, NOT EXISTS on the outbox key)
and render only those: a run with nothing to send costs the same whatever the number of candidates."""

import datetime
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role, User
from events.models import Registration
from events.services import registration_reminders_send
from notifications.models import OutboxMessage
from regions.models import LocalAuthority
from support_days.models import SupportDay
from support_days.services import support_day_reminders_send
from tests.conftest import PASSWORD
from tests.events.test_services import NOW, _event
from tests.support_days import factories

DAY = datetime.timedelta(days=1)


def _confirmed(event, count: int, *, start: int = 0) -> None:
    """`count` confirmed registrations, booked at NOW, straight into the database."""
    Registration.objects.bulk_create(
        Registration(
            event=event,
            status=Registration.Status.CONFIRMED,
            name=f"Person {i}",
            email=f"person{i}@example.com",
            organisation="Bolton Parent Carer Forum",
            partner_type="parent_carer_forum",
            privacy_agreed_at=NOW,
            created_at=NOW,
            confirmed_at=NOW,
            token=f"token-{event.pk}-{i}",
        )
        for i in range(start, start + count)
    )


def _quiet_run(job, now) -> int:
    """The queries of a run that must send nothing (one SELECT, with PostgreSQL settings around it on
    PostgreSQL); fails if it renders an email or a calendar file."""
    refuse = mock.Mock(side_effect=AssertionError("rendered a message that was already queued"))
    with (
        mock.patch("notifications.services.email_render", refuse),
        mock.patch("events.emails.ics_render", refuse),
        mock.patch("support_days.services.ics_render", refuse),
        CaptureQueriesContext(connection) as queries,
    ):
        assert job(now=now) == 0
    assert [q["sql"].split()[0] for q in queries].count("SELECT") == 1
    return len(queries)


def test_it_finds_nothing_to_send_with_the_same_queries_for_3_or_60_registrants_and_renders_nothing(
    programme_staff, django_capture_on_commit_callbacks
):
    small = _event(programme_staff, capacity=500, starts_in_days=30)
    _confirmed(small, 3)
    at = small.starts_at - 7 * DAY + datetime.timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert registration_reminders_send(now=at) == 3
    queries_small = _quiet_run(registration_reminders_send, at)

    large = _event(programme_staff, capacity=500, starts_in_days=30, title="Local offer")
    _confirmed(large, 60, start=100)
    with django_capture_on_commit_callbacks(execute=True):
        assert registration_reminders_send(now=at) == 60
    assert _quiet_run(registration_reminders_send, at) == queries_small


def test_it_sends_each_due_reminder_once_and_only_those_not_yet_queued(
    programme_staff, mailoutbox, django_capture_on_commit_callbacks
):
    event = _event(programme_staff, capacity=500, starts_in_days=30)
    _confirmed(event, 25)
    at = event.starts_at - DAY + datetime.timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert registration_reminders_send(now=at) == 25
        assert registration_reminders_send(now=at) == 0
    assert sorted(m.to[0] for m in mailoutbox) == sorted(f"person{i}@example.com" for i in range(25))
    assert {m.subject.split(":")[0] for m in mailoutbox} == {"Tomorrow"}
    OutboxMessage.objects.filter(to__in=["person3@example.com", "person7@example.com"]).delete()
    with django_capture_on_commit_callbacks(execute=True):
        assert registration_reminders_send(now=at) == 2
        assert registration_reminders_send(now=at) == 0


def test_it_recognises_the_key_of_an_event_starting_at_an_odd_microsecond(
    programme_staff, django_capture_on_commit_callbacks
):
    """The database writes the event's start as Python's isoformat() does, microseconds included."""
    event = _event(programme_staff, capacity=10, starts_in_days=30)
    event.starts_at += datetime.timedelta(microseconds=123450)
    event.save(update_fields=["starts_at"])
    _confirmed(event, 2)
    at = event.starts_at - 7 * DAY + datetime.timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert registration_reminders_send(now=at) == 2
    assert OutboxMessage.objects.filter(key__endswith=":2013-10-02T09:00:00.123450+00:00").count() == 2
    _quiet_run(registration_reminders_send, at)


def _booked_days(count: int, *, requested_by, skip: int = 0) -> list[SupportDay]:
    """`count` days booked a month ago, each for another North West LA with one officer, on 15 October."""
    las = LocalAuthority.objects.filter(region__name="North West").exclude(slug="bolton").order_by("pk")
    las = las[skip : skip + count]
    days = []
    for la in las:
        User.objects.create_user(f"officer@{la.slug}.example", PASSWORD, role=Role.LA_OFFICER, local_authority=la)
        day = factories.support_day(local_authority=la, requested_by=requested_by, date=datetime.date(2013, 10, 15))
        day.booked_at = datetime.datetime(2013, 9, 1, tzinfo=datetime.UTC)
        days.append(day)
    return SupportDay.objects.bulk_create(days)


def test_it_finds_no_support_day_reminder_to_send_with_the_same_queries_for_1_or_8_days(
    champion_staff, django_capture_on_commit_callbacks
):
    at = datetime.datetime(2013, 10, 8, 8, 0, tzinfo=datetime.UTC)  # 7 days before 9am London, 15 October
    _booked_days(1, requested_by=champion_staff)
    with django_capture_on_commit_callbacks(execute=True):
        assert support_day_reminders_send(now=at) == 2  # the LA's officer and the champion's staff
    queries_small = _quiet_run(support_day_reminders_send, at)
    _booked_days(8, requested_by=champion_staff, skip=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert support_day_reminders_send(now=at) == 16
        assert support_day_reminders_send(now=at) == 0
    assert _quiet_run(support_day_reminders_send, at) == queries_small


def test_it_sends_a_support_day_reminder_only_to_whoever_has_not_had_it(
    champion_staff, django_capture_on_commit_callbacks
):
    at = datetime.datetime(2013, 10, 14, 9, 0, tzinfo=datetime.UTC)
    (day,) = _booked_days(1, requested_by=champion_staff)
    with django_capture_on_commit_callbacks(execute=True):
        assert support_day_reminders_send(now=at) == 2
    OutboxMessage.objects.filter(to=champion_staff.email).delete()
    with django_capture_on_commit_callbacks(execute=True):
        assert support_day_reminders_send(now=at) == 1
        assert support_day_reminders_send(now=at) == 0
    assert OutboxMessage.objects.filter(key__startswith=f"support_day_reminder_1d:{day.pk}:").count() == 2
