"""Loading the real programme data from reference_data/*.csv."""

import csv
import datetime
from collections import Counter
from pathlib import Path

from django.db import models, transaction

from programme.models import Programme, Quarter, Theme
from regions.models import Champion, LocalAuthority, Pathfinder, Region
from self_evaluation.models import Element

REFERENCE_DATA_DIR = Path(__file__).resolve().parent


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
