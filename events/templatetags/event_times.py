"""Template filters for events: when one runs, and its free places.

The general date and time filters (govuk_date, govuk_time, ...) are builtins from
champions_portal/templatetags/govuk_dates.py; these are the event rules built on them.
"""

from django import template

from champions_portal.dates import govuk_datetime_range

register = template.Library()


@register.filter
def event_when(event) -> str:
    """ "Monday 14 October 2013, 10am to 4pm", or both dates when it runs over several days."""
    return govuk_datetime_range(event.starts_at, event.ends_at)


@register.filter
def places_left(event) -> int:
    """Free places, from the `confirmed_count` annotation (EventQuerySet.with_counts)."""
    return max(event.capacity - event.confirmed_count, 0)
