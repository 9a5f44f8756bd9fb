"""When reminders are due. Shared by every reminder job.

Before something starts (events, support days): `reminder_due`, 7 days and 1 day before.
Before a deadline (case studies, self-evaluation returns): `deadline_reminder_due`, by whole London days.

A periodic job finds candidates in the database (anything starting within REMINDER_HORIZON),
asks which reminder, if any, is due now (`reminder_due`, or `reminder_label`: the same rule in SQL), and
queues it through `email_queue` with a key naming the thing and its start, so running the job twice sends
nothing twice. The jobs ask the database for only the reminders not yet queued (`notifications.unsent`).
"""

import datetime

from django.db.models import Case, CharField, Q, Value, When
from django.db.models.lookups import LessThanOrEqual

REMINDER_HORIZON = datetime.timedelta(days=7)
# Nearest first: inside one day only the 1-day reminder is due.
REMINDER_WINDOWS = (("1d", datetime.timedelta(days=1)), ("7d", datetime.timedelta(days=7)))


def reminder_due(*, starts_at: datetime.datetime, booked_at: datetime.datetime, now: datetime.datetime) -> str | None:
    """ "7d", "1d" or None. Someone who booked inside a window gets no reminder for it:
    their confirmation has just told them."""
    window = reminder_window(starts_at=starts_at, now=now)
    if window is None:
        return None
    label, ahead = window
    return label if booked_at <= starts_at - ahead else None


def reminder_window(*, starts_at: datetime.datetime, now: datetime.datetime) -> tuple[str, datetime.timedelta] | None:
    """The window `now` is in before `starts_at` (the nearest), or None before the first and once started."""
    if starts_at <= now:
        return None
    return next(((label, ahead) for label, ahead in REMINDER_WINDOWS if starts_at - ahead <= now), None)


def reminder_due_q(*, starts_at, booked_at, now: datetime.datetime) -> Q:
    """The rows to which `reminder_label` gives a label, as plain comparisons for a WHERE clause: inside a
    window, booked before it. (Booked before the 7-day window means booked before the 1-day one too.)"""
    due = Q()
    for _label, ahead in REMINDER_WINDOWS:
        due |= Q(LessThanOrEqual(starts_at, Value(now + ahead)), LessThanOrEqual(booked_at + Value(ahead), starts_at))
    return due


def reminder_label(*, starts_at, booked_at, now: datetime.datetime) -> Case:
    """`reminder_due` as a database expression over a start and a booking time (expressions): "7d", "1d" or
    NULL. For rows already limited to things starting after `now`."""
    whens = []
    for label, ahead in REMINDER_WINDOWS:  # nearest first, as in `reminder_due`
        in_window = LessThanOrEqual(starts_at, Value(now + ahead))
        booked_before = LessThanOrEqual(booked_at + Value(ahead), starts_at)
        whens += [When(Q(in_window, booked_before), then=Value(label)), When(in_window, then=Value(None))]
    return Case(*whens, default=Value(None), output_field=CharField())


def deadline_reminder_due(*, deadline: datetime.date, today: datetime.date, days_before: tuple[int, ...]) -> str | None:
    """ "1d", "7d"...: the nearest of `days_before` that `today` has reached, until the deadline day itself.

    A job that runs every day (or more often) and keys its messages by this label sends each reminder
    once; one that first runs 3 days before the deadline sends only the "7d" reminder, not a late "14d".
    """
    days_left = (deadline - today).days
    return next((f"{days}d" for days in sorted(days_before) if 0 <= days_left <= days), None)
