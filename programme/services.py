"""Loading the real programme data from reference_data/*.csv."""

import csv
import datetime
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from programme.models import Programme, Quarter, Theme, TrackerSnapshot
from regions.models import Champion, LocalAuthority, Pathfinder, Region
from self_evaluation.models import Element

REFERENCE_DATA_DIR = settings.BASE_DIR / "reference_data"


def _rows(directory: Path, name: str) -> list[dict[str, str]]:
    with open(directory / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _upsert(model: type[models.Model], counts: Counter, *, lookup: dict, facts: dict, settings_: dict | None = None):
    """Create the row, or bring its facts up to date. Settings are only set on creation."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        counts[f"{model._meta.verbose_name_plural} created"] += 1
        return model.objects.create(**lookup, **facts, **(settings_ or {}))
    changed = [field for field, value in facts.items() if getattr(obj, field) != value]
    if changed:
        for field in changed:
            setattr(obj, field, facts[field])
        obj.save(update_fields=changed)
        counts[f"{model._meta.verbose_name_plural} updated"] += 1
    return obj


def _quarters(starts_on: datetime.date) -> list[tuple[datetime.date, datetime.date]]:
    def month_start(months_on: int) -> datetime.date:
        month = starts_on.month - 1 + months_on
        return datetime.date(starts_on.year + month // 12, month % 12 + 1, 1)

    return [(month_start(3 * q), month_start(3 * q + 3) - datetime.timedelta(days=1)) for q in range(4)]


@transaction.atomic
def programme_load(*, directory: Path = REFERENCE_DATA_DIR) -> Counter:
    """Load regions, LAs, pathfinders, champions, themes, CDF elements and programmes from CSV in one transaction.

    Safe to repeat: a second run changes nothing. It never undoes what staff set in the portal
    (an LA's assigned champion, a programme's funding base).
    """
    counts: Counter = Counter()
    regions = {
        row["slug"]: _upsert(Region, counts, lookup={"slug": row["slug"]}, facts={"name": row["name"], "position": i})
        for i, row in enumerate(_rows(directory, "regions.csv"))
    }
    pathfinders = {
        row["slug"]: _upsert(Pathfinder, counts, lookup={"slug": row["slug"]}, facts={"name": row["name"]})
        for row in _rows(directory, "pathfinders.csv")
    }
    champions = {
        row["slug"]: _upsert(
            Champion,
            counts,
            lookup={"slug": row["slug"]},
            facts={"name": row["name"], "region": regions[row["region"]]},
        )
        for row in _rows(directory, "champions.csv")
    }
    for row in _rows(directory, "local_authorities.csv"):
        facts = {
            "name": row["name"],
            "region": regions[row["region"]],
            "pathfinder": pathfinders[row["pathfinder"]] if row["pathfinder"] else None,
            "member_of_champion": champions[row["champion_member_of"]] if row["champion_member_of"] else None,
        }
        _upsert(LocalAuthority, counts, lookup={"slug": row["slug"]}, facts=facts)
    for i, row in enumerate(_rows(directory, "themes.csv")):
        _upsert(Theme, counts, lookup={"slug": row["slug"]}, facts={"name": row["name"], "position": i})
    for i, row in enumerate(_rows(directory, "cdf_elements.csv")):
        facts = {"name": row["name"], "theme": row["theme"], "group": row["group"], "position": i}
        _upsert(Element, counts, lookup={"slug": row["slug"]}, facts=facts)
    for row in _rows(directory, "programmes.csv"):
        starts_on = datetime.date.fromisoformat(row["starts_on"])
        facts = {
            "name": row["name"],
            "starts_on": starts_on,
            "ends_on": datetime.date.fromisoformat(row["ends_on"]),
            "national_funding": int(row["national_funding"]),
        }
        targets = {field: int(row[field]) for field in row if field.startswith("target_")}
        programme = _upsert(
            Programme,
            counts,
            lookup={"slug": row["slug"]},
            facts=facts,
            settings_={"funding_base_per_champion": int(row["funding_base_per_champion"]), **targets},
        )
        for number, (q_start, q_end) in enumerate(_quarters(starts_on), start=1):
            _upsert(
                Quarter,
                counts,
                lookup={"programme": programme, "number": number},
                facts={"starts_on": q_start, "ends_on": q_end},
            )
    return counts


# --- Delivery tracker snapshots and the weekly digest -----------------------------------------

SNAPSHOT_FIGURES = {
    "conferences_held": "regional conferences held",
    "workshops_held": "workshops and seminars held (counted once per theme)",
    "las_delivered": "non-pathfinder LAs had a support day",
    "las_booked": "more non-pathfinder LAs have a day booked",
    "case_studies_submitted": "quarterly case studies submitted",
    "published": "case studies and resources published",
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


def tracker_changes(*, before: dict, after: dict) -> list[str]:
    """Sentences for what changed between two sets of figures: "5 more non-pathfinder LAs had a support day"."""
    sentences = []
    for name, words in SNAPSHOT_FIGURES.items():
        change = after["totals"][name] - before["totals"][name]
        if change:
            sentences.append(f"{abs(change)} {'more' if change > 0 else 'fewer'} {words}")
    return sentences


def tracker_snapshot_take(*, programme: Programme, kind: str, occasion: str, as_at, now) -> TrackerSnapshot:
    """Keep the tracker's figures as at `as_at`, once per programme, kind and occasion. Safe to repeat."""
    from programme.tracker import programme_delivery

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


def tracker_digest_send(*, now) -> int:
    """Monday's digest for programme staff who want it: what changed in the week, who is off track,
    which case studies are overdue. Keeps a weekly snapshot to compare with; once per person per week."""
    from accounts.models import Role, User
    from notifications.services import email_send_once

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
        sent += email_send_once(
            key=f"tracker_digest:{programme.pk}:{occasion}:{person.pk}",
            to=person.email,
            template="tracker_digest",
            context={**context, "person": person},
            now=now,
        )
    return sent


def _overdue_case_studies(programme: Programme, now) -> list[str]:
    from case_studies.progress import QuarterStatus, quarter_statuses

    quarters = list(programme.quarters.all())
    champions = list(Champion.objects.all())
    statuses = quarter_statuses(quarters=quarters, champions=champions, today=timezone.localdate(now))
    return [
        f"{champion.name}, quarter {quarter.number}"
        for quarter in quarters
        for champion in champions
        if statuses[quarter.pk, champion.pk].status == QuarterStatus.OVERDUE
    ]
