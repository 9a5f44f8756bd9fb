"""Dates and times in GOV.UK style, in Europe/London: "14 October 2013", "Monday 14 October 2013",
"10am", "2:30pm", "midday". The one place pages, emails and messages get them from (templates through
the filters in champions_portal/templatetags/govuk_dates.py)."""

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


def govuk_date_range(start: datetime.date, end: datetime.date) -> str:
    """ "1 April 2013 to 31 March 2014": each date in full, so either can be read alone."""
    return f"{govuk_date(start)} to {govuk_date(end)}"


def govuk_month_range(start: datetime.date, end: datetime.date) -> str:
    """ "July to September 2013", or "December 2013 to February 2014" across a new year."""
    if start.year == end.year:
        return f"{start:%B} to {end:%B %Y}"
    return f"{start:%B %Y} to {end:%B %Y}"


def govuk_datetime_range(starts: datetime.datetime, ends: datetime.datetime) -> str:
    """ "Monday 14 October 2013, 10am to 4pm", or both dates when it runs over several days."""
    start_day, end_day = govuk_date(starts, with_weekday=True), govuk_date(ends, with_weekday=True)
    if start_day == end_day:
        return f"{start_day}, {govuk_time(starts)} to {govuk_time(ends)}"
    return f"{start_day}, {govuk_time(starts)} to {end_day}, {govuk_time(ends)}"
