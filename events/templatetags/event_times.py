"""Dates and times in GOV.UK style, in Europe/London: "14 October 2013", "10am", "2:30pm", "midday".

Django's `time` filter writes "10:00a.m." (its "a" format is AP style), so the pages use these.
"""

import datetime

from django import template
from django.utils import dateformat, timezone

register = template.Library()


@register.filter
def govuk_time(value: datetime.datetime | None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    if (local.hour, local.minute) == (0, 0):
        return "midnight"
    if (local.hour, local.minute) == (12, 0):
        return "midday"
    hour = local.hour % 12 or 12
    minutes = f":{local.minute:02d}" if local.minute else ""
    return f"{hour}{minutes}{'am' if local.hour < 12 else 'pm'}"


@register.filter
def govuk_date(value: datetime.datetime | None, with_weekday: bool = False) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return dateformat.format(local, "l j F Y" if with_weekday else "j F Y")


@register.filter
def govuk_datetime(value: datetime.datetime | None) -> str:
    """ "14 October 2013 at 2:30pm" """
    if value is None:
        return ""
    return f"{govuk_date(value)} at {govuk_time(value)}"


@register.filter
def event_when(event) -> str:
    """ "Monday 14 October 2013, 10am to 4pm", or both dates when it runs over several days."""
    starts, ends = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    if starts.date() == ends.date():
        return f"{govuk_date(starts, True)}, {govuk_time(starts)} to {govuk_time(ends)}"
    return f"{govuk_date(starts, True)}, {govuk_time(starts)} to {govuk_date(ends, True)}, {govuk_time(ends)}"


@register.filter
def places_left(event) -> int:
    """Free places, from the `confirmed_count` annotation (EventQuerySet.with_counts)."""
    return max(event.capacity - event.confirmed_count, 0)
