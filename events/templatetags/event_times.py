"""Template filters for GOV.UK dates and times (champions_portal.dates) and event times.

Django's `time` filter writes "10:00am", so pages use these: "10am", "2:30pm", "midday".
"""

from django import template
from django.utils import timezone

from champions_portal.dates import govuk_date, govuk_datetime, govuk_time

register = template.Library()


register.filter("govuk_time", govuk_time)
register.filter("govuk_datetime", govuk_datetime)


@register.filter(name="govuk_date")
def govuk_date_filter(value, with_weekday: bool = False) -> str:
    return govuk_date(value, with_weekday=with_weekday)


@register.filter
def event_when(event) -> str:
    """ "Monday 14 October 2013, 10am to 4pm", or both dates when it runs over several days."""
    starts, ends = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    if starts.date() == ends.date():
        return f"{govuk_date(starts, with_weekday=True)}, {govuk_time(starts)} to {govuk_time(ends)}"
    start, end = govuk_date(starts, with_weekday=True), govuk_date(ends, with_weekday=True)
    return f"{start}, {govuk_time(starts)} to {end}, {govuk_time(ends)}"


@register.filter
def places_left(event) -> int:
    """Free places, from the `confirmed_count` annotation (EventQuerySet.with_counts)."""
    return max(event.capacity - event.confirmed_count, 0)
