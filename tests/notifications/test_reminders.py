"""Which deadline reminder is due on a day: shared by the case-study and self-evaluation jobs."""

import datetime

import pytest

from notifications.reminders import deadline_reminder_due

DEADLINE = datetime.date(2013, 10, 14)


@pytest.mark.parametrize(
    "days_before,due",
    [(15, None), (14, "14d"), (8, "14d"), (7, "7d"), (2, "7d"), (1, "1d"), (0, "1d"), (-1, None)],
)
def test_it_gives_the_nearest_threshold_reached_until_the_deadline_day(days_before, due):
    today = DEADLINE - datetime.timedelta(days=days_before)
    assert deadline_reminder_due(deadline=DEADLINE, today=today, days_before=(14, 7, 1)) == due


def test_it_accepts_the_thresholds_in_any_order():
    today = DEADLINE - datetime.timedelta(days=5)
    assert deadline_reminder_due(deadline=DEADLINE, today=today, days_before=(1, 7)) == "7d"
    assert deadline_reminder_due(deadline=DEADLINE, today=today, days_before=(7, 1)) == "7d"
