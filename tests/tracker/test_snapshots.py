"""Quarter-end snapshots (exactly once) and the Monday digest (once per person per week, can be switched off)."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from accounts.models import Role, User
from programme.models import Programme
from tracker.models import TrackerSnapshot
from tracker.services import (
    tracker_changes,
    tracker_digest_send,
    tracker_quarter_snapshots_take,
    tracker_snapshot_take,
)
from tracker.tasks import tracker_digest_send_task, tracker_quarter_snapshots_take_task

# Monday 14 October 2013, 8am London (07:00 UTC).
MONDAY = datetime.datetime(2013, 10, 14, 7, 0, tzinfo=datetime.UTC)
WEEK = datetime.timedelta(days=7)


def test_it_keeps_one_snapshot_per_ended_quarter_however_often_it_runs(reference_data):
    assert tracker_quarter_snapshots_take(now=MONDAY) == 2  # Q1 and Q2 have ended
    assert tracker_quarter_snapshots_take(now=MONDAY) == 0
    with time_machine.travel(MONDAY, tick=False):
        tracker_quarter_snapshots_take_task.delay()
        tracker_quarter_snapshots_take_task.delay()
    snapshots = list(TrackerSnapshot.objects.values_list("occasion", "as_at"))
    assert [o for o, _ in snapshots] == ["Q1", "Q2"]
    assert snapshots[1][1] == datetime.datetime(2013, 9, 30, 22, 59, 59, tzinfo=datetime.UTC)  # 23:59:59 BST


def test_it_keeps_the_figures_and_says_what_changed(reference_data):
    programme = Programme.objects.get()
    snapshot = tracker_snapshot_take(programme=programme, kind="quarter", occasion="Q1", as_at=MONDAY, now=MONDAY)
    totals = snapshot.figures["totals"]
    assert totals["las_delivered"] == 0
    assert len(snapshot.figures["champions"]) == 9
    again = tracker_snapshot_take(programme=programme, kind="quarter", occasion="Q1", as_at=MONDAY + WEEK, now=MONDAY)
    assert again.pk == snapshot.pk
    after = {"champions": {}, "totals": {**totals, "las_delivered": 5, "published": 1}}
    assert tracker_changes(before=snapshot.figures, after=after) == [
        "5 more non-pathfinder LAs had a support day",
        "1 more case study or resource published",
    ]


@pytest.fixture
def staff(reference_data):
    wants = User.objects.create_user("pat@dfe.example", "x", full_name="Pat", role=Role.PROGRAMME_STAFF)
    opted_out = User.objects.create_user(
        "quinn@dfe.example", "x", full_name="Quinn", role=Role.PROGRAMME_STAFF, wants_weekly_digest=False
    )
    return wants, opted_out


def test_it_sends_the_digest_once_a_week_to_those_who_want_it(staff, mailoutbox, django_capture_on_commit_callbacks):
    wants, _ = staff
    with time_machine.travel(MONDAY, tick=False), django_capture_on_commit_callbacks(execute=True):
        tracker_digest_send_task.delay()
        tracker_digest_send_task.delay()
    assert [m.to for m in mailoutbox] == [[wants.email]]
    first = mailoutbox[0]
    assert first.subject.startswith("Delivery tracker, week 2013-W42")
    assert "the first weekly digest" in first.body
    assert "Greater Manchester Group" in first.body  # everyone is off track with nothing delivered
    assert reverse("accounts:email_preferences") in first.body
    with django_capture_on_commit_callbacks(execute=True):
        assert tracker_digest_send(now=MONDAY + WEEK) == 1
    assert "Nothing changed." in mailoutbox[1].body
    assert TrackerSnapshot.objects.filter(kind="week").count() == 2


def test_it_lets_programme_staff_switch_the_digest_off(staff, client):
    wants, _ = staff
    client.force_login(wants)
    url = reverse("accounts:email_preferences")
    assert client.get(url).status_code == 200
    client.post(url, {})
    wants.refresh_from_db()
    assert wants.wants_weekly_digest is False
    client.post(url, {"wants_weekly_digest": "on"})
    wants.refresh_from_db()
    assert wants.wants_weekly_digest is True


@pytest.mark.parametrize("person", ["champion_staff", "la_officer"])
def test_it_keeps_the_digest_setting_for_programme_staff(request, client, person):
    user = request.getfixturevalue(person)
    client.force_login(user)
    assert client.post(reverse("accounts:email_preferences"), {}).status_code == 403
    user.refresh_from_db()
    assert user.wants_weekly_digest is True


def test_it_schedules_the_digest_hourly_from_monday_8am_london():
    from django.conf import settings

    schedule = settings.CELERY_BEAT_SCHEDULE["tracker-weekly-digest"]["schedule"]
    assert (schedule.minute, len(schedule.hour), len(schedule.day_of_week)) == ({0}, 24, 7)
    assert settings.CELERY_TIMEZONE == "Europe/London"


def test_it_makes_good_a_missed_monday_digest_at_the_next_tick_once(
    staff, mailoutbox, django_capture_on_commit_callbacks
):
    wants, _ = staff
    with django_capture_on_commit_callbacks(execute=True):
        assert tracker_digest_send(now=MONDAY - datetime.timedelta(hours=1)) == 0  # before 8am: not yet due
        # Monday 8am's run failed (a worker down); Tuesday morning's tick sends it, later ticks nothing.
        assert tracker_digest_send(now=MONDAY + datetime.timedelta(days=1)) == 1
        assert tracker_digest_send(now=MONDAY + datetime.timedelta(days=1, hours=1)) == 0
    assert [m.to for m in mailoutbox] == [[wants.email]]
    assert mailoutbox[0].subject.startswith("Delivery tracker, week 2013-W42")


def test_it_takes_a_late_snapshot_as_things_stood_at_the_quarter_end(reference_data, la_officer):
    """A day delivered in Q3 must not appear in a Q1 snapshot taken afterwards (e.g. on first deployment)."""
    from tests.support_days.factories import make_support_day

    in_q3 = datetime.datetime(2013, 10, 8, 15, 0, tzinfo=datetime.UTC)
    make_support_day(
        local_authority=la_officer.local_authority,
        requested_by=la_officer,
        status="delivered",
        date=in_q3.date(),
        booked_at=in_q3 - WEEK,
        delivered_at=in_q3,
    )
    tracker_quarter_snapshots_take(now=MONDAY)
    figures = {s.occasion: s.figures["totals"]["las_delivered"] for s in TrackerSnapshot.objects.all()}
    assert figures == {"Q1": 0, "Q2": 0}
    week = tracker_snapshot_take(
        programme=Programme.objects.get(), kind="week", occasion="2013-W42", as_at=MONDAY, now=MONDAY
    )
    assert week.figures["totals"]["las_delivered"] == 1
