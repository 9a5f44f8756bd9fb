"""The public event finder's rows: upcoming events first (soonest first), then past ones (latest first), a page
at a time, with registrations counted only for the events on the page.

Counting registrations in the same query as the events made PostgreSQL aggregate every registration of every
matching event before it could take a page (issue 18: 9.45 s for 27,675 past events at 100x). Here the page
is taken first and the counts are one small GROUP BY over the page's ids.
"""

import datetime

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, Min, Q, Value, When

from events.models import Event, EventQuerySet, Registration

PER_PAGE = 20


def upcoming_then_past(events: EventQuerySet, now: datetime.datetime):
    """The ids of these events in the finder's order: the upcoming ones first, soonest first, then the past ones,
    latest first. One ordering, so any page is one narrow query with LIMIT and OFFSET (an index-only scan of
    `event_listing` when no filter needs a join), whichever section it falls in."""
    is_past = Q(ends_at__lt=now)
    return events.order_by(
        Case(When(is_past, then=Value(1)), default=Value(0)),
        Case(When(~is_past, then="starts_at")).asc(),
        Case(When(is_past, then="starts_at")).desc(),
        Case(When(~is_past, then="pk")).asc(),
        Case(When(is_past, then="pk")).desc(),
    ).values_list("pk", flat=True)


def count_confirmed(events: list[Event]) -> None:
    """Set `confirmed_count` (what the `places_left` filter reads) on each of these events, in one query."""
    counts = dict(
        Registration.objects.filter(event__in=[e.pk for e in events], status=Registration.Status.CONFIRMED)
        .order_by()
        .values_list("event")
        .annotate(n=Count("*"))  # not Count("pk"): the count then comes from the index alone
    )
    for event in events:
        event.confirmed_count = counts.get(event.pk, 0)


def finder_page(events: EventQuerySet, *, now: datetime.datetime, number) -> tuple[Page, int]:
    """The page `number` (any text: a bad or too-large number gives the first or last page) of these events,
    with what a row shows and registrations counted for the page's events only; and how many of all these
    events are upcoming. The same queries for any page that has events on it."""
    page = Paginator(upcoming_then_past(events, now), PER_PAGE).get_page(number)
    ids = list(page.object_list)
    if ids:
        found = Event.objects.select_related("champion__region", "network").prefetch_related("themes").in_bulk(ids)
        page.object_list = [found[pk] for pk in ids if pk in found]
        count_confirmed(page.object_list)
    return page, events.upcoming(now).count()


def next_change(now: datetime.datetime) -> datetime.datetime | None:
    """When the finder's lists next change by themselves: the first listed event to end from now (it then
    moves from upcoming to past, and may leave the networks offered as a filter). None if none will."""
    listed = Event.objects.filter(status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED])
    return listed.upcoming(now).aggregate(first=Min("ends_at"))["first"]
