"""Reminders to LAs that have not submitted (7 days and 1 day before the deadline) and the list of who is
missing (to programme staff, after the deadline): each exactly once, however often the job runs."""

import datetime
from unittest import mock

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role, User
from regions.models import LocalAuthority
from self_evaluation import services
from self_evaluation.tasks import returns_window_notices_send_task
from tests.conftest import PASSWORD
from tests.self_evaluation.builders import complete
from tests.self_evaluation.conftest import DEADLINE

OPENED = datetime.datetime(2013, 9, 20, 9, 0, tzinfo=datetime.UTC)


def _at(day: datetime.date, hour: int = 8) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, 0, tzinfo=datetime.UTC)


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


@pytest.fixture
def window(q2, programme_staff):
    return services.window_open(quarter=q2, deadline=DEADLINE, by=programme_staff, now=OPENED)


@pytest.fixture
def people(window, q2, la_officer, other_la_officer):
    """Bolton submits; Sunderland does not. No other LA has an officer."""
    complete(la_officer, q2, now=OPENED)
    return la_officer, other_la_officer


def _sent(mailoutbox):
    return [(m.to[0], m.subject) for m in mailoutbox]


def test_it_sends_nothing_more_than_7_days_before(people, mailoutbox):
    assert services.returns_window_notices_send(now=_at(DEADLINE - _days(8))) == 0


@pytest.mark.parametrize("days_before", [7, 3, 1, 0])
def test_it_reminds_only_las_that_have_not_submitted_once(
    people, mailoutbox, django_capture_on_commit_callbacks, days_before
):
    bolton, sunderland = people
    now = _at(DEADLINE - _days(days_before))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.returns_window_notices_send(now=now) == 1
        assert services.returns_window_notices_send(now=now) == 0
    assert _sent(mailoutbox) == [(sunderland.email, "Self-evaluation return due 14 October 2013: " + _q2_label())]
    assert "Sunderland has not yet submitted" in mailoutbox[0].body


def _q2_label():
    from programme.models import Quarter

    return Quarter.objects.get(number=2).label


def test_it_sends_the_7_day_and_1_day_reminders_once_each_across_two_weeks_of_hourly_runs(
    people, mailoutbox, django_capture_on_commit_callbacks
):
    _, sunderland = people
    now = _at(DEADLINE - _days(14))
    while now < _at(DEADLINE + _days(3)):
        with django_capture_on_commit_callbacks(execute=True):
            services.returns_window_notices_send(now=now)
        now += datetime.timedelta(hours=1)
    reminders = [m for m in mailoutbox if m.to == [sunderland.email]]
    assert len(reminders) == 2
    assert "in 7 days" in reminders[0].body
    assert "which is tomorrow" in reminders[1].body
    assert len(mailoutbox) == 3  # and the list of who is missing, once, to programme staff


def test_it_reminds_again_when_the_deadline_moves(
    people, mailoutbox, django_capture_on_commit_callbacks, q2, programme_staff
):
    with django_capture_on_commit_callbacks(execute=True):
        services.returns_window_notices_send(now=_at(DEADLINE - _days(7)))
    later = DEADLINE + _days(14)
    services.window_open(quarter=q2, deadline=later, by=programme_staff, now=_at(DEADLINE))
    with django_capture_on_commit_callbacks(execute=True):
        services.returns_window_notices_send(now=_at(later - _days(7)))
        services.returns_window_notices_send(now=_at(later - _days(7)))
    assert len(mailoutbox) == 2
    assert "28 October 2013" in mailoutbox[1].subject


def test_it_sends_programme_staff_the_list_of_who_is_missing_once_after_the_deadline(
    people, mailoutbox, django_capture_on_commit_callbacks, programme_staff
):
    now = _at(DEADLINE + _days(1))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.returns_window_notices_send(now=now) == 1
        assert services.returns_window_notices_send(now=now + _days(1)) == 0
    (message,) = mailoutbox
    assert message.to == [programme_staff.email]
    assert message.subject.startswith("Self-evaluation returns missing")
    assert "151 local authorities have not submitted" in message.body
    assert "- Sunderland (North East)" in message.body
    assert "- Bolton" not in message.body


def test_it_sends_nothing_for_a_closed_window(
    people, mailoutbox, django_capture_on_commit_callbacks, window, programme_staff
):
    services.window_close(window=window, by=programme_staff, now=OPENED)
    with django_capture_on_commit_callbacks(execute=True):
        for day in (DEADLINE - _days(7), DEADLINE - _days(1), DEADLINE + _days(1)):
            assert services.returns_window_notices_send(now=_at(day)) == 0
    assert mailoutbox == []


def test_it_reminds_every_active_officer_of_an_la_that_has_not_submitted(
    people, mailoutbox, django_capture_on_commit_callbacks
):
    sunderland = LocalAuthority.objects.get(slug="sunderland")
    second = User.objects.create_user(
        "sol@sunderland.example", PASSWORD, full_name="Sol", role=Role.LA_OFFICER, local_authority=sunderland
    )
    User.objects.create_user(
        "gone@sunderland.example",
        PASSWORD,
        full_name="Gone",
        role=Role.LA_OFFICER,
        local_authority=sunderland,
        is_active=False,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.returns_window_notices_send(now=_at(DEADLINE - _days(7)))
    assert sorted(m.to[0] for m in mailoutbox) == sorted([people[1].email, second.email])


def test_the_periodic_task_is_safe_to_run_twice(people, mailoutbox, django_capture_on_commit_callbacks):
    with time_machine.travel(_at(DEADLINE - _days(1)), tick=False), django_capture_on_commit_callbacks(execute=True):
        returns_window_notices_send_task()
        returns_window_notices_send_task()
    assert len(mailoutbox) == 1


def _queries_of_a_run_with_nothing_to_send(now) -> int:
    refuse = mock.Mock(side_effect=AssertionError("rendered a message that was already queued"))
    with mock.patch("notifications.services.email_render", refuse), CaptureQueriesContext(connection) as queries:
        assert services.returns_window_notices_send(now=now) == 0
    return len(queries)


def test_it_finds_no_reminder_to_send_with_the_same_queries_for_1_or_7_officers_and_renders_nothing(
    people, django_capture_on_commit_callbacks
):
    now = _at(DEADLINE - _days(7))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.returns_window_notices_send(now=now) == 1
    few = _queries_of_a_run_with_nothing_to_send(now)
    for la in LocalAuthority.objects.filter(region__name="North East").exclude(slug="sunderland")[:6]:
        User.objects.create_user(f"officer@{la.slug}.example", PASSWORD, role=Role.LA_OFFICER, local_authority=la)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.returns_window_notices_send(now=now) == 6
    assert _queries_of_a_run_with_nothing_to_send(now) == few
    with django_capture_on_commit_callbacks(execute=True):
        assert services.returns_window_notices_send(now=_at(DEADLINE + _days(1))) == 1  # the list of who is missing
    assert _queries_of_a_run_with_nothing_to_send(_at(DEADLINE + _days(1))) == few
