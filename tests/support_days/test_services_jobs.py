"""Support-day reminders: the shared exactly-once machinery, run twice."""

import datetime

import time_machine

from notifications.models import OutboxMessage
from support_days.services import support_day_cancel, support_day_reminders_send
from support_days.tasks import support_day_reminders_send_task
from tests.support_days.test_services import NOW, TUESDAY_15, _book, _offers

# The day counts from 9am London time: 08:00 UTC in October 2013 (BST).
STARTS = datetime.datetime(2013, 10, 15, 8, 0, tzinfo=datetime.UTC)
DAY = datetime.timedelta(days=1)


def test_it_sends_the_seven_day_then_the_one_day_reminder_to_both_sides_once_each(
    champion_staff, la_officer, mailoutbox, django_capture_on_commit_callbacks
):
    offer, _ = _offers(champion_staff)
    _book(offer, la_officer)
    with django_capture_on_commit_callbacks(execute=True):
        assert support_day_reminders_send(now=STARTS - 7 * DAY - datetime.timedelta(minutes=1)) == 0
        assert support_day_reminders_send(now=STARTS - 7 * DAY) == 2
        assert support_day_reminders_send(now=STARTS - 6 * DAY) == 0
        assert support_day_reminders_send(now=STARTS - DAY) == 2
        assert support_day_reminders_send(now=STARTS - DAY / 2) == 0
    subjects = sorted(m.subject for m in mailoutbox)
    assert subjects == [
        "In one week: support day with Bolton",
        "In one week: support day with Greater Manchester Group (Wigan, Trafford and Manchester)",
        "Tomorrow: support day with Bolton",
        "Tomorrow: support day with Greater Manchester Group (Wigan, Trafford and Manchester)",
    ]


def test_it_sends_no_reminders_for_cancelled_days(champion_staff, la_officer, mailoutbox):
    offer, _ = _offers(champion_staff)
    day = _book(offer, la_officer)
    support_day_cancel(day=day, reason="No longer needed", by=la_officer, now=NOW)
    assert support_day_reminders_send(now=STARTS - DAY) == 0


def test_it_skips_the_seven_day_reminder_for_a_day_booked_inside_the_week(champion_staff, la_officer, mailoutbox):
    offer, _ = _offers(champion_staff)
    _book(offer, la_officer, now=STARTS - 3 * DAY)
    assert support_day_reminders_send(now=STARTS - 2 * DAY) == 0
    assert support_day_reminders_send(now=STARTS - DAY) == 2


def test_it_runs_the_periodic_task_twice_and_sends_once(
    champion_staff, la_officer, mailoutbox, django_capture_on_commit_callbacks
):
    offer, _ = _offers(champion_staff)
    _book(offer, la_officer)
    with time_machine.travel(STARTS - DAY / 2, tick=False), django_capture_on_commit_callbacks(execute=True):
        support_day_reminders_send_task.delay()
        support_day_reminders_send_task.delay()
    assert len(mailoutbox) == 2
    reminders = OutboxMessage.objects.filter(key__startswith="support_day_reminder_1d:")
    assert reminders.count() == 2
    assert set(reminders.values_list("state", flat=True)) == {OutboxMessage.State.SENT}


def test_it_reminds_again_for_a_new_date_after_a_reschedule(
    champion_staff, la_officer, mailoutbox, django_capture_on_commit_callbacks
):
    from support_days.services import support_day_reschedule

    offer, later = _offers(champion_staff)
    day = _book(offer, la_officer)
    with django_capture_on_commit_callbacks(execute=True):
        support_day_reminders_send(now=STARTS - 7 * DAY)
    support_day_reschedule(day=day, offer=later, by=la_officer, now=STARTS - 6 * DAY)
    with django_capture_on_commit_callbacks(execute=True):
        support_day_reminders_send(now=STARTS)  # 7 days before the new date, 22 October
    assert len([m for m in mailoutbox if m.subject.startswith("In one week")]) == 4
    assert later.date == TUESDAY_15 + 7 * DAY
