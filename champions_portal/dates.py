"""Dates and times in GOV.UK style, in Europe/London: "14 October 2013", "Monday 14 October 2013",
"10am", "2:30pm", "midday". The one place pages, emails and messages get them from."""

import datetime

from django.utils import timezone


def _local(value: datetime.date | datetime.datetime):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def govuk_date(value: datetime.date | datetime.datetime | None, *, with_weekday: bool = False) -> str:
    if value is None:
        return ""
    local = _local(value)
    day = f"{local.day} {local:%B %Y}"
    return f"{local:%A} {day}" if with_weekday else day


def govuk_time(value: datetime.datetime | datetime.time | None) -> str:
    if value is None:
        return ""
    local = _local(value)
    if (local.hour, local.minute) == (0, 0):
        return "midnight"
    if (local.hour, local.minute) == (12, 0):
        return "midday"
    hour = local.hour % 12 or 12
    minutes = f":{local.minute:02d}" if local.minute else ""
    return f"{hour}{minutes}{'am' if local.hour < 12 else 'pm'}"


def govuk_datetime(value: datetime.datetime | None) -> str:
    """ "14 October 2013 at 2:30pm" """
    if value is None:
        return ""
    return f"{govuk_date(value)} at {govuk_time(value)}"
