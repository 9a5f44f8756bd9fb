"""What each person's home shows: the work waiting for them, counted in the database.

Each function runs a fixed number of queries whatever the size of the programme, and shows at most
HOME_LIST_LENGTH rows of any list, with a link to the whole of it.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Exists, F, Min, OuterRef, Q, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from accounts.models import AccountRequest, User
from case_studies.models import CaseStudy
from case_studies.progress import quarter_statuses
from champions_portal import public_cache
from champions_portal.dates import govuk_date
from events.models import Event, SpeakerRequest
from notifications.models import OutboxMessage
from programme.models import Programme
from regions.models import LocalAuthority
from self_evaluation.models import QuarterlyReturn, ReturnsWindow
from support_days.coverage import COUNTING_STATUSES
from support_days.models import SupportDay, SupportDayOffer
from tracker.delivery import STATUS_LABELS
from tracker.delivery_cache import programme_delivery_cached

HOME_LIST_LENGTH = 5


@dataclass(frozen=True)
class Tally:
    """One line of "what needs doing": a count and the list it links to."""

    number: int
    singular: str
    plural: str
    url: str
    detail: str = ""

    @property
    def words(self) -> str:
        if self.number == 0:
            return f"No {self.plural}"
        return f"{self.number} {ngettext(self.singular, self.plural, self.number)}"


def _emails_tally(user: User) -> Tally:
    failing = OutboxMessage.objects.visible_to(user).needing_attention().count()
    url = reverse("notifications:message_list")
    return Tally(failing, "email failed or delayed", "emails failed or delayed", url)


def _account_requests_tally(user: User) -> Tally:
    waiting = AccountRequest.objects.waiting_for(user).count()
    url = reverse("accounts:account_request_list")
    return Tally(waiting, "account request waiting for a decision", "account requests waiting for a decision", url)


def _returns_missing(programme: Programme | None) -> list[Tally]:
    """For each open returns window: how many LAs have not submitted. Two queries."""
    windows = list(ReturnsWindow.objects.filter(closed_at__isnull=True).select_related("quarter__programme"))
    if not windows:
        return []
    submitted = dict(
        QuarterlyReturn.objects.counted()
        .filter(quarter__in=[w.quarter_id for w in windows])
        .values_list("quarter_id")
        .annotate(n=Count("local_authority", distinct=True))
    )
    total = LocalAuthority.objects.count()
    return [
        Tally(
            total - submitted.get(window.quarter_id, 0),
            f"local authority has not sent its return for {window.quarter.label}",
            f"local authorities have not sent their return for {window.quarter.label}",
            reverse("self_evaluation:window_detail", args=[window.quarter_id]),
            detail=f"due by {govuk_date(window.deadline)}",
        )
        for window in windows
    ]


def programme_staff_work(*, user: User, now: datetime.datetime) -> dict:
    programme = Programme.objects.current(timezone.localdate(now))
    by_status = dict(CaseStudy.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    review_url = reverse("case_studies:review_list")
    tallies = [
        Tally(
            by_status.get(CaseStudy.Status.SUBMITTED, 0),
            "case study waiting for review",
            "case studies waiting for review",
            review_url,
        ),
        Tally(
            by_status.get(CaseStudy.Status.APPROVED, 0),
            "approved case study waiting to be published",
            "approved case studies waiting to be published",
            review_url,
        ),
        *_returns_missing(programme),
        _emails_tally(user),
        _account_requests_tally(user),
        Tally(
            SpeakerRequest.objects.waiting().count(),
            "speaker request to answer",
            "speaker requests to answer",
            reverse("events:speaker_request_list"),
        ),
    ]
    context = {"tallies": tallies, "programme": programme}
    if programme is not None:
        deliveries = programme_delivery_cached(programme=programme, now=now)
        statuses = Counter(d.status for d in deliveries)
        context["tracker"] = {
            "champions": len(deliveries),
            "counts": [(STATUS_LABELS[s], statuses[s]) for s in STATUS_LABELS],
            "off_track": [d.champion for d in deliveries if d.status == "off_track"],
            "url": reverse("programme:tracker", args=[programme.slug]),
        }
    return context


def _next_case_study(champion, programme: Programme | None, today: datetime.date) -> dict | None:
    """The earliest quarter whose case study the champion still owes (overdue, due, or not yet due), in words."""
    if programme is None:
        return None
    quarters = list(programme.quarters.order_by("number"))
    statuses = quarter_statuses(quarters=quarters, champions=[champion], today=today)
    owed = [(q, statuses[q.pk, champion.pk]) for q in quarters if not statuses[q.pk, champion.pk].delivered]
    return next(
        (
            {
                "quarter": {"label": q.label},
                "status": {"label": s.label, "tag_class": s.tag_class, "deadline": s.deadline},
            }
            for q, s in owed
        ),
        None,
    )


# What a champion's part of its staff's home shows: events and their places, support days, the LAs it supports,
# the programme and its case studies. The emails and account requests waiting are counted on every view.
CHAMPION_WORK_TOPICS = ("events", "support_days", "regions", "case_studies")


def _champion_work(champion, now: datetime.datetime) -> dict:
    """The champion's work, the same for all its staff: built once per champion and day and kept in the cache
    (champions_portal/public_cache.py) until one of CHAMPION_WORK_TOPICS changes or an upcoming event ends.
    Plain values only: nothing in it reads the database."""
    today = timezone.localdate(now)
    fragment = public_cache.Fragment("champion_work", topics=CHAMPION_WORK_TOPICS, key=f"{champion.pk}|{today}")
    if (work := fragment.get(now)) is not None:
        return work
    programme = Programme.objects.current(today)
    upcoming = Event.objects.filter(champion=champion, ends_at__gte=now).exclude(status=Event.Status.CANCELLED)
    # Places counted for the events shown only, not for all of the champion's upcoming events.
    shown = upcoming.order_by("starts_at", "pk").values_list("pk", flat=True)[:HOME_LIST_LENGTH]
    upcoming_figures = upcoming.aggregate(count=Count("pk"), first_end=Min("ends_at"))
    days = SupportDay.objects.filter(local_authority=OuterRef("pk"), champion=champion, status__in=COUNTING_STATUSES)
    no_day = LocalAuthority.objects.assigned_to(champion).non_pathfinder().filter(~Exists(days)).count()
    requests = SupportDay.objects.filter(champion=champion, status=SupportDay.Status.REQUESTED).count()
    patch_url = reverse("support_days:patch")
    events = Event.objects.filter(pk__in=shown).with_counts().order_by("starts_at", "pk")
    work = {
        "programme": {"slug": programme.slug} if programme else None,
        "assigned_count": champion.assigned_local_authorities().non_pathfinder().count(),
        "support_day_tallies": [
            Tally(requests, "support-day request to answer", "support-day requests to answer", patch_url),
            Tally(
                no_day,
                "non-pathfinder local authority with no support day yet",
                "non-pathfinder local authorities with no support day yet",
                patch_url,
            ),
        ],
        "events": [
            {
                "pk": event.pk,
                "title": event.title,
                "status": event.status,
                "starts_at": event.starts_at,
                "capacity": event.capacity,
                "confirmed_count": event.confirmed_count,
                "waitlisted_count": event.waitlisted_count,
            }
            for event in events
        ],
        "events_count": upcoming_figures["count"],
        "case_study": _next_case_study(champion, programme, today),
    }
    # Until the first upcoming event ends (it then leaves the list and the count); a new day has a key of its own.
    fragment.set(work, until=upcoming_figures["first_end"])
    return work


def champion_staff_work(*, user: User, now: datetime.datetime) -> dict:
    champion = user.champion
    work = _champion_work(champion, now)
    tallies = [*work["support_day_tallies"], _emails_tally(user), _account_requests_tally(user)]
    return {"champion": champion, **work, "tallies": tallies}


def la_officer_work(*, user: User, now: datetime.datetime) -> dict:
    today = timezone.localdate(now)
    local_authority = LocalAuthority.objects.with_assigned_champion().get(pk=user.local_authority_id)
    champion = local_authority.assigned_champion
    prefetch_related_objects([champion], "contacts")
    days = SupportDay.objects.filter(local_authority=local_authority).select_related("champion")
    next_day = (
        days.filter(Q(status=SupportDay.Status.REQUESTED) | Q(status=SupportDay.Status.BOOKED, date__gte=today))
        .order_by(F("date").asc(nulls_last=True), "pk")
        .first()
    )
    last_delivered = days.filter(status=SupportDay.Status.DELIVERED).order_by("-date", "-pk").first()
    offers = []
    if next_day is None:
        offers = list(SupportDayOffer.objects.filter(champion=champion).bookable(today)[:HOME_LIST_LENGTH])
    window = (
        ReturnsWindow.objects.filter(closed_at__isnull=True)
        .select_related("quarter__programme")
        .order_by("-quarter__starts_on")
        .first()
    )
    current_return = None
    if window is not None:
        current_return = QuarterlyReturn.objects.filter(local_authority=local_authority, quarter=window.quarter).first()
    region_events = (
        Event.objects.published()
        .upcoming(now)
        .filter(Q(champion__region_id=local_authority.region_id) | Q(champion=champion))
        .select_related("champion")
        .order_by("starts_at", "pk")
    )
    return {
        "local_authority": local_authority,
        "champion": champion,
        "next_day": next_day,
        "last_delivered": last_delivered,
        "offers": offers,
        "window": window,
        "current_return": current_return,
        "events": list(region_events[:HOME_LIST_LENGTH]),
    }
