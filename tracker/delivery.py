"""The delivery tracker's figures: every champion against Annex B, counted from the records.

One function, `programme_delivery`, reads everything in a fixed number of queries whatever the
number of events, registrations, days and case studies. Statuses follow the rule stored on the
programme (Programme.delivery_status): progress against the target pro rata to the time elapsed.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.utils import timezone

from case_studies.models import CaseStudy, Resource
from case_studies.progress import QuarterStatus, quarter_statuses
from events.models import SEED_PARTNER_GROUPS, Event, EventAttendance, PartnerType
from programme.funding import programme_allocations
from programme.models import Programme, Theme
from regions.models import Champion, LocalAuthority
from support_days.models import SupportDay

STATUS_LABELS = {"on_track": "On track", "at_risk": "At risk", "off_track": "Off track"}
STATUS_ORDER = ["on_track", "at_risk", "off_track"]


@dataclass(frozen=True)
class Figure:
    actual: int
    target: int
    status: str

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass
class ChampionDelivery:
    champion: Champion
    conferences_held: int = 0
    conferences_scheduled: int = 0
    conference: Figure | None = None
    workshops: dict[int, Figure] = field(default_factory=dict)
    workshops_upcoming: dict[int, int] = field(default_factory=dict)
    assigned_las: int = 0
    las_delivered: int = 0
    las_booked: int = 0
    support_days: Figure | None = None
    case_studies: dict[int, QuarterStatus] = field(default_factory=dict)
    published_by_quarter: dict[int, int] = field(default_factory=dict)
    attendees_by_partner_type: Counter = field(default_factory=Counter)
    partner_groups_missing: list[str] = field(default_factory=list)
    allocation: int = 0

    @property
    def status(self) -> str:
        """The worst status of its figures, and "off_track" if a case study is overdue."""
        statuses = [self.conference.status, self.support_days.status, *(f.status for f in self.workshops.values())]
        if any(s.status == QuarterStatus.OVERDUE for s in self.case_studies.values()):
            statuses.append("off_track")
        return max(statuses, key=STATUS_ORDER.index)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def starts_in_programme_year(programme: Programme, prefix: str = "") -> Q:
    """Events (or, with prefix "event__", rows of an event) starting in the programme year."""
    starts = timezone.make_aware(datetime.datetime.combine(programme.starts_on, datetime.time.min))
    ends = timezone.make_aware(datetime.datetime.combine(programme.ends_on, datetime.time.max))
    return Q(**{f"{prefix}starts_at__gte": starts, f"{prefix}starts_at__lte": ends})


def _counted_events(programme: Programme, champion: Champion | None, prefix: str = "") -> Q:
    """Published events starting in the programme year (of one champion, when given): what Annex B counts. With
    a prefix, as a filter on rows joined to their event, so each figure joins the events once."""
    q = starts_in_programme_year(programme, prefix) & Q(**{f"{prefix}status": Event.Status.PUBLISHED})
    return q & Q(**{f"{prefix}champion": champion}) if champion else q


def _quarter_of(quarters, moment) -> int | None:
    day = timezone.localdate(moment)
    return next((q.pk for q in quarters if q.starts_on <= day <= q.ends_on), None)


def programme_delivery(
    *, programme: Programme, now: datetime.datetime, champion: Champion | None = None
) -> list[ChampionDelivery]:
    """Every champion's Annex B figures for the programme year, as at `now`; only `champion`'s when given (its
    page), reading only its rows. Attendance comes from the per-event counts (events.models.EventAttendance),
    never from the registrations themselves."""
    today = timezone.localdate(now)
    champions = [champion] if champion else list(Champion.objects.select_related("region"))
    mine = {"champion": champion} if champion else {}
    rows = {c.pk: ChampionDelivery(champion=c) for c in champions}
    themes = list(Theme.objects.all())
    quarters = list(programme.quarters.all())
    events = Event.objects.filter(_counted_events(programme, champion))

    # Regional conferences: held (ended) or scheduled (not yet ended). Cancelled and drafts never count.
    conferences = events.filter(kind=Event.Kind.REGIONAL_CONFERENCE).values("champion_id")
    for row in conferences.annotate(
        held=Count("pk", filter=Q(ends_at__lt=now)), scheduled=Count("pk", filter=Q(ends_at__gte=now))
    ):
        rows[row["champion_id"]].conferences_held = row["held"]
        rows[row["champion_id"]].conferences_scheduled = row["scheduled"]

    # Workshops and seminars per theme: an event on several themes counts for each.
    held, upcoming = Counter(), Counter()
    per_theme = (
        Event.themes.through.objects.filter(
            _counted_events(programme, champion, "event__"), event__kind__in=[Event.Kind.WORKSHOP, Event.Kind.SEMINAR]
        )
        .values("event__champion_id", "theme_id")
        .annotate(
            held=Count("pk", filter=Q(event__ends_at__lt=now)), upcoming=Count("pk", filter=Q(event__ends_at__gte=now))
        )
    )
    for row in per_theme:
        held[row["event__champion_id"], row["theme_id"]] = row["held"]
        upcoming[row["event__champion_id"], row["theme_id"]] = row["upcoming"]

    # Support days: distinct non-pathfinder LAs with a delivered day, and with a booked one, per
    # champion that gives them (so an LA supported across regions counts where it is delivered).
    assigned = LocalAuthority.objects.non_pathfinder().count_by_assigned_champion()
    # As at `now`: a day counts as delivered once recorded, as booked once booked (snapshots look back).
    days = (
        SupportDay.objects.filter(
            Q(status=SupportDay.Status.DELIVERED, delivered_at__lte=now)
            | Q(status__in=[SupportDay.Status.BOOKED, SupportDay.Status.DELIVERED], booked_at__lte=now),
            local_authority__pathfinder__isnull=True,
            date__gte=programme.starts_on,
            date__lte=programme.ends_on,
            **mine,
        )
        .values_list("champion_id", "local_authority_id", "status", "delivered_at")
        .distinct()
    )
    delivered, booked = defaultdict(set), defaultdict(set)
    for champion_id, la_id, status, delivered_at in days:
        is_delivered = status == SupportDay.Status.DELIVERED and delivered_at <= now
        (delivered if is_delivered else booked)[champion_id].add(la_id)

    statuses = quarter_statuses(quarters=quarters, champions=champions, today=today, as_at=now)

    # Information sharing: case studies and resources published, per quarter.
    published = Counter()
    for champion_id, at in (
        CaseStudy.objects.published().filter(published_at__lte=now, **mine).values_list("champion_id", "published_at")
    ):
        published[champion_id, _quarter_of(quarters, at)] += 1
    for champion_id, at in (
        Resource.objects.published()
        .filter(published_at__lte=now, **mine)
        .exclude(champion=None)
        .values_list("champion_id", "published_at")
    ):
        published[champion_id, _quarter_of(quarters, at)] += 1

    # Who attended held events: a sum over one EventAttendance row per event, not over the registrations.
    attendees = (
        EventAttendance.objects.filter(_counted_events(programme, champion, "event__"), event__ends_at__lt=now)
        .values("event__champion_id")
        .annotate(**{value: Sum(value) for value in PartnerType.values})
    )
    allocations = {a.key.pk: a.amount for a in programme_allocations(programme)}

    for row in rows.values():
        pk = row.champion.pk
        conference_actual = row.conferences_held + row.conferences_scheduled
        row.conference = Figure(
            conference_actual,
            programme.target_regional_conferences,
            "on_track"
            if conference_actual >= programme.target_regional_conferences
            else programme.delivery_status(actual=0, target=programme.target_regional_conferences, today=today),
        )
        for theme in themes:
            actual = held[pk, theme.pk]
            target = programme.target_workshops_per_theme
            row.workshops[theme.pk] = Figure(
                actual, target, programme.delivery_status(actual=actual, target=target, today=today)
            )
            row.workshops_upcoming[theme.pk] = upcoming[pk, theme.pk]
        row.assigned_las = assigned.get(pk, 0)
        row.las_delivered = len(delivered[pk])
        row.las_booked = len(booked[pk] - delivered[pk])
        target = row.assigned_las * programme.target_support_days_per_non_pathfinder_la
        row.support_days = Figure(
            row.las_delivered, target, programme.delivery_status(actual=row.las_delivered, target=target, today=today)
        )
        row.case_studies = {q.pk: statuses[q.pk, pk] for q in quarters}
        row.published_by_quarter = {q.pk: published[pk, q.pk] for q in quarters}
        row.allocation = allocations.get(pk, 0)
    for counts in attendees:
        champion_id = counts.pop("event__champion_id")
        rows[champion_id].attendees_by_partner_type.update({t: n for t, n in counts.items() if n})
    for row in rows.values():
        row.partner_groups_missing = [
            group
            for group, types in SEED_PARTNER_GROUPS.items()
            if not any(row.attendees_by_partner_type[t] for t in types)
        ]
    return [rows[c.pk] for c in champions]
