"""The tracker's snapshots (its figures kept at each quarter end, and each week for the digest) and the
Monday digest for programme staff."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import ngettext

from accounts.models import Role, User
from case_studies.progress import QuarterStatus, quarter_statuses
from notifications.services import email_queue
from programme.models import Programme, Quarter
from regions.models import Champion
from tracker.delivery import programme_delivery
from tracker.models import TrackerSnapshot

# Each figure kept in a snapshot, with the words for one and for more ("1 more regional conference held").
SNAPSHOT_FIGURES = {
    "conferences_held": ("regional conference held", "regional conferences held"),
    "workshops_held": (
        "workshop or seminar held (counted once per theme)",
        "workshops and seminars held (counted once per theme)",
    ),
    "las_delivered": ("non-pathfinder LA had a support day", "non-pathfinder LAs had a support day"),
    "las_booked": ("non-pathfinder LA has a day booked", "non-pathfinder LAs have a day booked"),
    "case_studies_submitted": ("quarterly case study submitted", "quarterly case studies submitted"),
    "published": ("case study or resource published", "case studies and resources published"),
}


def tracker_figures(deliveries) -> dict:
    """The tracker's headline figures per champion and in total, as JSON for a snapshot."""
    champions = {
        d.champion.slug: {
            "name": d.champion.name,
            "status": d.status,
            "conferences_held": d.conferences_held,
            "workshops_held": sum(f.actual for f in d.workshops.values()),
            "las_delivered": d.las_delivered,
            "las_booked": d.las_booked,
            "case_studies_submitted": sum(1 for s in d.case_studies.values() if s.delivered),
            "published": sum(d.published_by_quarter.values()),
        }
        for d in deliveries
    }
    totals = {name: sum(c[name] for c in champions.values()) for name in SNAPSHOT_FIGURES}
    return {"champions": champions, "totals": totals}


def tracker_targets(deliveries, quarters) -> dict[str, int]:
    """England's target for each snapshot figure that Annex B sets one for, from the programme's targets and
    today's assignments: a conference per champion, workshops per theme per champion, every assigned
    non-pathfinder LA with a delivered day, a case study per champion per quarter."""
    return {
        "conferences_held": sum(d.conference.target for d in deliveries),
        "workshops_held": sum(f.target for d in deliveries for f in d.workshops.values()),
        "las_delivered": sum(d.assigned_las for d in deliveries),
        "case_studies_submitted": len(deliveries) * len(quarters),
    }


def tracker_changes(*, before: dict, after: dict) -> list[str]:
    """Sentences for what changed between two sets of figures: "5 more non-pathfinder LAs had a support day"."""
    sentences = []
    for name, (one, more) in SNAPSHOT_FIGURES.items():
        change = after["totals"][name] - before["totals"][name]
        if change:
            words = ngettext(one, more, abs(change))
            sentences.append(f"{abs(change)} {'more' if change > 0 else 'fewer'} {words}")
    return sentences


def tracker_snapshot_take(*, programme: Programme, kind: str, occasion: str, as_at, now) -> TrackerSnapshot:
    """Keep the tracker's figures as at `as_at`, once per programme, kind and occasion. Safe to repeat."""
    existing = TrackerSnapshot.objects.filter(programme=programme, kind=kind, occasion=occasion).first()
    if existing:
        return existing
    figures = tracker_figures(programme_delivery(programme=programme, now=as_at))
    try:
        with transaction.atomic():
            return TrackerSnapshot.objects.create(
                programme=programme, kind=kind, occasion=occasion, as_at=as_at, taken_at=now, figures=figures
            )
    except IntegrityError:  # a second worker took it first
        return TrackerSnapshot.objects.get(programme=programme, kind=kind, occasion=occasion)


def tracker_quarter_snapshots_take(*, now) -> int:
    """Periodic: keep a snapshot for each quarter that has ended, as at its last moment. Safe to run twice."""
    today = timezone.localdate(now)
    taken = 0
    for quarter in Quarter.objects.select_related("programme").filter(ends_on__lt=today):
        occasion = f"Q{quarter.number}"
        if TrackerSnapshot.objects.filter(programme=quarter.programme, kind="quarter", occasion=occasion).exists():
            continue
        as_at = timezone.make_aware(datetime.datetime.combine(quarter.ends_on, datetime.time(23, 59, 59)))
        tracker_snapshot_take(programme=quarter.programme, kind="quarter", occasion=occasion, as_at=as_at, now=now)
        taken += 1
    return taken


# The weekly digest is due from this hour on Mondays, Europe/London.
DIGEST_HOUR = 8


def tracker_digest_send(*, now) -> int:
    """The weekly digest for programme staff who want it: what changed in the week, who is off track,
    which case studies are overdue. Keeps a weekly snapshot to compare with; once per person per week.
    Beat runs it hourly: it is due from Monday DIGEST_HOUR (London) for the rest of the week, so a run that
    failed at its time is made good by the next one, and the week's keys make every later run a no-op."""
    local = timezone.localtime(now)
    if local.weekday() == 0 and local.hour < DIGEST_HOUR:
        return 0
    programme = Programme.objects.current(timezone.localdate(now))
    if programme is None:
        return 0
    year, week, _ = timezone.localdate(now).isocalendar()
    occasion = f"{year}-W{week:02d}"
    previous = TrackerSnapshot.objects.filter(programme=programme, kind="week").exclude(occasion=occasion).last()
    snapshot = tracker_snapshot_take(programme=programme, kind="week", occasion=occasion, as_at=now, now=now)
    figures = snapshot.figures["champions"].values()
    context = {
        "programme": programme,
        "week": occasion,
        "changes": tracker_changes(before=previous.figures, after=snapshot.figures) if previous else None,
        "off_track": [c["name"] for c in figures if c["status"] == "off_track"],
        "at_risk": [c["name"] for c in figures if c["status"] == "at_risk"],
        "overdue": _overdue_case_studies(programme, now),
    }
    sent = 0
    for person in User.objects.filter(role=Role.PROGRAMME_STAFF, is_active=True, wants_weekly_digest=True):
        sent += email_queue(
            key=f"tracker_digest:{programme.pk}:{occasion}:{person.pk}",
            to=person.email,
            template="tracker_digest",
            context={**context, "person": person},
            now=now,
        )
    return sent


def _overdue_case_studies(programme: Programme, now) -> list[str]:
    quarters = list(programme.quarters.all())
    champions = list(Champion.objects.all())
    statuses = quarter_statuses(quarters=quarters, champions=champions, today=timezone.localdate(now))
    return [
        f"{champion.name}, quarter {quarter.number}"
        for quarter in quarters
        for champion in champions
        if statuses[quarter.pk, champion.pk].status == QuarterStatus.OVERDUE
    ]
