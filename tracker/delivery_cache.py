"""The delivery tracker's figures kept in the cache while nothing they count has changed.

`programme_delivery` reads every counted event, theme link, support day and case study: at 100 times the
2013-14 volume that is 30,000 events on every view of the national page, the champion pages and the programme
staff's home. The figures are a function of the rows and of the moment asked about, so an entry is kept with:

- the versions of the topics whose rows it counts (`champions_portal/public_cache.py`): events (events, their
  themes, registrations and attendance counts), support days, case studies (and resources), and regions (LAs'
  champions, the programme's targets and funding, quarters, themes). Any change gives its topic a new version,
  so the next view counts again;
- the moment it was counted for (`since`) and the next moment at which time alone changes a figure (`until`):
  an event ending, a day or case study recorded with a later time, or midnight (statuses are pro rata to the
  date). It answers for any moment from `since` up to `until`, so a view never shows a figure that is stale.
"""

import datetime
from collections.abc import Callable

from django.db.models import Min, Q
from django.http import HttpResponse
from django.utils import timezone

from case_studies.models import CaseStudy, Resource
from champions_portal import public_cache
from events.models import Event
from programme.models import Programme
from regions.models import Champion
from support_days.models import SupportDay
from tracker.delivery import ChampionDelivery, programme_delivery, starts_in_programme_year

TOPICS = ("events", "support_days", "case_studies", "regions")


def programme_delivery_cached(
    *, programme: Programme, now: datetime.datetime, champion: Champion | None = None
) -> list[ChampionDelivery]:
    """`programme_delivery(programme=, now=, champion=)`, from the cache when it holds the figures for `now`."""
    return _delivery_entry(programme=programme, now=now, champion=champion)["deliveries"]


def _delivery_entry(*, programme: Programme, now: datetime.datetime, champion: Champion | None = None) -> dict:
    """{"deliveries": the figures for `now`, "since": the moment they were counted for, "until": the moment they
    stop being true with no write}."""
    fragment = public_cache.Fragment(
        "tracker-delivery", topics=TOPICS, key=f"{programme.pk}:{champion.pk if champion else 'all'}"
    )
    entry = fragment.get(now)
    if entry is not None and entry["since"] <= now:
        return entry
    until = _next_change(programme, now)
    entry = {
        "since": now,
        "until": until,
        "deliveries": programme_delivery(programme=programme, now=now, champion=champion),
    }
    fragment.set(entry, until=until)
    return entry


def kept_with_figures(
    *,
    name: str,
    key: str,
    programme: Programme,
    now: datetime.datetime,
    build: Callable[[list[ChampionDelivery]], dict],
    champion: Champion | None = None,
    until: datetime.datetime | None = None,
) -> dict:
    """`build(deliveries)`: a page's or a download's content made from the figures for `now` (a dict of strings and
    bytes, nothing that reads the database), kept while those figures hold. The entry is keyed by `name`, `key`
    and the topics' versions (any change: built again); it answers only while the figures it was made from are
    those answering for `now` (the same `since`) and until they stop being true (or `until`, if sooner): a page
    that also shows what time alone changes (an event held, today's date) is never stale, as the figures are not."""
    fragment = public_cache.Fragment(
        name, topics=TOPICS, key=f"{programme.pk}:{champion.pk if champion else 'all'}:{key}"
    )
    delivery = _delivery_entry(programme=programme, now=now, champion=champion)
    kept = fragment.get(now)
    if kept is None or kept["since"] != delivery["since"]:
        kept = {**build(delivery["deliveries"]), "since": delivery["since"]}
        fragment.set(kept, until=min(moment for moment in (delivery["until"], until) if moment is not None))
    return kept


def download_cached(
    *, programme: Programme, now: datetime.datetime, fmt: str, build: Callable[[list[ChampionDelivery]], HttpResponse]
) -> HttpResponse:
    """The national tracker's download, `build(deliveries)`, kept for the minute its "As at" line names while its
    figures hold (`kept_with_figures`): every download in that minute is the same file, counted and written once."""
    minute = now.replace(second=0, microsecond=0)

    def written(deliveries) -> dict:
        response = build(deliveries)
        return {
            "content": b"".join(response.streaming_content) if response.streaming else response.content,
            "headers": {name: response[name] for name in ("Content-Type", "Content-Disposition")},
        }

    kept = kept_with_figures(
        name="tracker-download",
        key=f"{fmt}:{minute}",
        programme=programme,
        now=now,
        build=written,
        until=minute + datetime.timedelta(minutes=1),
    )
    return HttpResponse(kept["content"], headers=kept["headers"])


def _next_change(programme: Programme, now: datetime.datetime) -> datetime.datetime:
    """The first moment after `now` at which a figure of `programme_delivery` changes with no write: the next
    midnight, or the next end, delivery, booking, publication or first submission recorded later than `now`."""
    midnight = timezone.make_aware(datetime.datetime.combine(timezone.localdate(now), datetime.time.min))
    later = [
        Event.objects.filter(starts_in_programme_year(programme), status=Event.Status.PUBLISHED, ends_at__gt=now)
        .aggregate(at=Min("ends_at"))
        .values(),
        SupportDay.objects.filter(date__gte=programme.starts_on, date__lte=programme.ends_on)
        .aggregate(
            delivered=Min("delivered_at", filter=Q(delivered_at__gt=now)),
            booked=Min("booked_at", filter=Q(booked_at__gt=now)),
        )
        .values(),
        CaseStudy.objects.aggregate(
            published=Min("published_at", filter=Q(published_at__gt=now)),
            submitted=Min("first_submitted_at", filter=Q(first_submitted_at__gt=now)),
        ).values(),
        Resource.objects.filter(published_at__gt=now).aggregate(at=Min("published_at")).values(),
    ]
    return min([midnight + datetime.timedelta(days=1), *(at for moments in later for at in moments if at is not None)])
