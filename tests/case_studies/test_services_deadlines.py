"""Deadline reminders (14, 7, 1 days before), overdue notices and the digest, at frozen times, run twice."""

import datetime
from unittest import mock

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role, User
from case_studies.services import case_study_deadline_notices_send, case_study_submit
from case_studies.tasks import case_study_deadline_notices_send_task
from regions.models import Champion
from tests.case_studies.test_services import _draft

# Quarter 2 of 2013-14: due by 14 October 2013. 9am London is 08:00 UTC in October 2013.
DEADLINE = datetime.date(2013, 10, 14)


def _at(day: datetime.date, hour: int = 8) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, 0, tzinfo=datetime.UTC)


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


@pytest.fixture
def people(champion_staff, other_champion_staff, programme_staff):
    """GM's staff will submit; Hartlepool's will not. Other champions have no staff accounts."""
    return champion_staff, other_champion_staff, programme_staff


def _q2_subjects(mailoutbox):
    return sorted((m.to[0], m.subject) for m in mailoutbox if "Quarter 2" in m.subject)


def test_it_sends_nothing_15_days_before(people, mailoutbox):
    assert case_study_deadline_notices_send(now=_at(DEADLINE - _days(15))) == 0


@pytest.mark.parametrize(
    "days_before,subject",
    [
        (14, "Case study due in 2 weeks"),
        (10, "Case study due in 2 weeks"),
        (7, "Case study due in 1 week"),
        (2, "Case study due in 1 week"),
        (1, "Case study due tomorrow"),
        (0, "Case study due tomorrow"),
    ],
)
def test_it_reminds_champions_that_have_not_submitted(
    people, mailoutbox, django_capture_on_commit_callbacks, days_before, subject
):
    gm, hartlepool, _ = people
    case_study_submit(case_study=_draft(gm), by=gm, now=_at(DEADLINE - _days(20)))
    now = _at(DEADLINE - _days(days_before))
    with django_capture_on_commit_callbacks(execute=True):
        assert case_study_deadline_notices_send(now=now) == 1
        assert case_study_deadline_notices_send(now=now) == 0
    assert [(m.to[0], m.subject.split(":")[0]) for m in mailoutbox] == [(hartlepool.email, subject)]


def test_it_sends_each_threshold_once_across_a_fortnight_of_hourly_runs(
    people, mailoutbox, django_capture_on_commit_callbacks
):
    _, hartlepool, _ = people
    moment = _at(DEADLINE - _days(15))
    while moment < _at(DEADLINE):
        with django_capture_on_commit_callbacks(execute=True):
            case_study_deadline_notices_send(now=moment)
        moment += datetime.timedelta(hours=6)
    subjects = [m.subject.split(":")[0] for m in mailoutbox if m.to == [hartlepool.email] and "Quarter 2" in m.subject]
    assert subjects == ["Case study due in 2 weeks", "Case study due in 1 week", "Case study due tomorrow"]


def test_it_sends_overdue_notices_and_one_digest_the_day_after(people, mailoutbox, django_capture_on_commit_callbacks):
    gm, hartlepool, programme = people
    case_study_submit(case_study=_draft(gm), by=gm, now=_at(DEADLINE - _days(3)))
    mailoutbox.clear()
    after = _at(DEADLINE + _days(1))
    with django_capture_on_commit_callbacks(execute=True):
        case_study_deadline_notices_send(now=after)
        case_study_deadline_notices_send(now=after + datetime.timedelta(hours=5))
    assert _q2_subjects(mailoutbox) == [
        (hartlepool.email, "Case study overdue: Quarter 2 2013-14 (July to September 2013)"),
        (programme.email, "Overdue case studies: Quarter 2 2013-14 (July to September 2013)"),
    ]
    digest = [m for m in mailoutbox if m.to == [programme.email]][0]
    assert "Hartlepool (North East)" in digest.body
    assert "Greater Manchester" not in digest.body
    assert digest.body.count("- ") == 8  # every champion but GM


def test_it_stops_nagging_a_week_after_the_deadline(people, mailoutbox):
    assert case_study_deadline_notices_send(now=_at(DEADLINE + _days(8))) == 0


def test_it_counts_a_late_submission_so_no_overdue_notice_follows(
    people, mailoutbox, django_capture_on_commit_callbacks
):
    gm, hartlepool, _ = people
    for staff in (gm, hartlepool):
        case_study_submit(case_study=_draft(staff), by=staff, now=_at(DEADLINE + _days(1), hour=7))
    for champion in Champion.objects.exclude(pk__in=[gm.champion_id, hartlepool.champion_id]):
        User.objects.create_user(
            f"{champion.slug}@example.com", "x", full_name="x", role=Role.CHAMPION_STAFF, champion=champion
        )
        case_study_submit(
            case_study=_draft(User.objects.get(email=f"{champion.slug}@example.com")), by=gm, now=_at(DEADLINE)
        )
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        case_study_deadline_notices_send(now=_at(DEADLINE + _days(1)))
    assert _q2_subjects(mailoutbox) == []


def test_it_runs_the_periodic_task_twice_and_sends_once(people, mailoutbox, django_capture_on_commit_callbacks):
    with time_machine.travel(_at(DEADLINE - _days(7)), tick=False), django_capture_on_commit_callbacks(execute=True):
        case_study_deadline_notices_send_task.delay()
        case_study_deadline_notices_send_task.delay()
    assert len([m for m in mailoutbox if "Quarter 2" in m.subject]) == 2  # GM and Hartlepool staff


def test_it_follows_a_deadline_changed_by_programme_staff(people, mailoutbox, django_capture_on_commit_callbacks):
    from programme.models import Quarter

    Quarter.objects.filter(number=2).update(case_study_deadline=DEADLINE + _days(14))
    with django_capture_on_commit_callbacks(execute=True):
        # now 2 weeks before, not overdue
        assert case_study_deadline_notices_send(now=_at(DEADLINE + _days(1))) == 2
    assert {m.subject.split(":")[0] for m in mailoutbox} == {"Case study due in 2 weeks"}


def _queries_of_a_run_with_nothing_to_send(now) -> int:
    refuse = mock.Mock(side_effect=AssertionError("rendered a message that was already queued"))
    with mock.patch("notifications.services.email_render", refuse), CaptureQueriesContext(connection) as queries:
        assert case_study_deadline_notices_send(now=now) == 0
    return len(queries)


@pytest.mark.parametrize("days_after", [-7, 1])
def test_it_finds_nothing_to_send_with_the_same_queries_for_2_or_8_staff_and_renders_nothing(
    people, django_capture_on_commit_callbacks, days_after
):
    now = _at(DEADLINE + _days(days_after))
    with django_capture_on_commit_callbacks(execute=True):
        assert case_study_deadline_notices_send(now=now) > 0
    few = _queries_of_a_run_with_nothing_to_send(now)
    for champion in Champion.objects.exclude(staff__isnull=False)[:6]:
        User.objects.create_user(f"staff@{champion.slug}.example", "x", role=Role.CHAMPION_STAFF, champion=champion)
    with django_capture_on_commit_callbacks(execute=True):
        assert case_study_deadline_notices_send(now=now) == 6
    assert _queries_of_a_run_with_nothing_to_send(now) == few
