"""When reminders are due: 7 days and 1 day before something starts. Shared by events and support days.

A periodic job finds candidates in the database (anything starting within REMINDER_HORIZON),
asks `reminder_due` which reminder, if any, is due now, and sends it through `email_send_once`
with a key naming the thing and its start, so running the job twice sends nothing twice.
"""

import datetime

REMINDER_HORIZON = datetime.timedelta(days=7)
# Nearest first: inside one day only the 1-day reminder is due.
REMINDER_WINDOWS = (("1d", datetime.timedelta(days=1)), ("7d", datetime.timedelta(days=7)))


def reminder_due(*, starts_at: datetime.datetime, booked_at: datetime.datetime, now: datetime.datetime) -> str | None:
    """ "7d", "1d" or None. Someone who booked inside a window gets no reminder for it:
    their confirmation has just told them."""
    if starts_at <= now:
        return None
    for label, ahead in REMINDER_WINDOWS:
        if starts_at - ahead <= now:
            return label if booked_at <= starts_at - ahead else None
    return None
