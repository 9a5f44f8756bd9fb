"""Template filters for GOV.UK dates and times, from champions_portal.dates. A builtin library
(TEMPLATES OPTIONS "builtins" in settings), so every template, page or email, has them without `{% load %}`:

    {{ day.date|govuk_date }}               7 April 2013
    {{ day.date|govuk_weekday_date }}       Monday 7 April 2013
    {{ event.starts_at|govuk_time }}        10am, 2:30pm, midday, midnight
    {{ change.at|govuk_datetime }}          7 April 2013 at 2:30pm
    {{ starts_on|govuk_date_range:ends_on }}  1 April 2013 to 31 March 2014

Aware datetimes are shown in Europe/London. Like Django's own `date` filter, they print nothing for
an empty value or anything that is not a date, so `|default:"Not known"` works after them.
"""

import datetime

from django import template

from champions_portal import dates

register = template.Library()


def _is_date(value) -> bool:
    return isinstance(value, datetime.date)


@register.filter
def govuk_date(value) -> str:
    return dates.govuk_date(value) if _is_date(value) else ""


@register.filter
def govuk_weekday_date(value) -> str:
    return dates.govuk_date(value, with_weekday=True) if _is_date(value) else ""


@register.filter
def govuk_time(value) -> str:
    return dates.govuk_time(value) if isinstance(value, datetime.datetime | datetime.time) else ""


@register.filter
def govuk_datetime(value) -> str:
    return dates.govuk_datetime(value) if isinstance(value, datetime.datetime) else ""


@register.filter
def govuk_date_range(start, end) -> str:
    return dates.govuk_date_range(start, end) if _is_date(start) and _is_date(end) else ""
