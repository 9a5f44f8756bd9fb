"""An LA's support-day status with a champion, the one definition every page and the tracker use: the best
of its days with that champion (delivered > booked > requested > none yet; declined and cancelled days
count as none). Among days of the best status: the latest delivered, the soonest booked, the first requested.

`best_day_id` chooses that day in the database, three index probes per LA (the index
`support_day_la_champ_status`), so a page of LAs costs the same whatever the number of days.
`best_days` is the same rule in Python, for a caller that already holds the days.
"""

import dataclasses
from collections import Counter

from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce

from champions_portal.charts import percent
from regions.models import Champion, LocalAuthority
from support_days.models import SupportDay

STATUS_LABELS = {"none": "None yet", "requested": "Requested", "booked": "Booked", "delivered": "Delivered"}
NONE = "none"
STATUS_ORDER = list(STATUS_LABELS)  # none yet, requested, booked, delivered
COUNTING_STATUSES = [SupportDay.Status.REQUESTED, SupportDay.Status.BOOKED, SupportDay.Status.DELIVERED]
# What a coverage row shows of its day: enough for its status, its date and a link to it.
DAY_FIELDS = ["pk", "champion_id", "local_authority_id", "status", "date"]


def _preference(day: SupportDay) -> tuple:
    """Higher is better: the furthest status; then the latest delivered, the soonest booked, the first requested;
    then, between days of one status on one date, the first recorded."""
    rank = STATUS_ORDER.index(day.status)
    if day.status == SupportDay.Status.DELIVERED:
        return (rank, day.date.toordinal(), -day.pk)
    if day.status == SupportDay.Status.BOOKED:
        return (rank, -day.date.toordinal(), -day.pk)
    return (rank, -day.pk)


def best_days(days) -> dict[tuple[int, int], SupportDay]:
    """{(LA id, champion id): the day that gives the LA its status with that champion}. Give it
    requested, booked and delivered days only."""
    best = {}
    for day in days:
        key = (day.local_authority_id, day.champion_id)
        if key not in best or _preference(day) > _preference(best[key]):
            best[key] = day
    return best


def best_day_id(*, champion: int | None = None, among=None) -> Coalesce:
    """The id of each LA's best day with `champion` (by default its `assigned_champion_id`), None for no day
    yet, as an expression to annotate LAs with; only days of `among` (a SupportDay queryset) when given. The
    same rule as `best_days`: the first status that has a day wins (COALESCE stops there)."""
    champion = OuterRef("assigned_champion_id") if champion is None else champion
    days = (SupportDay.objects if among is None else among).filter(local_authority=OuterRef("pk"), champion=champion)
    days = days.order_by()

    def first(status: str, *order) -> Subquery:
        return Subquery(days.filter(status=status).order_by(*order, "pk").values("pk")[:1])

    return Coalesce(
        first(SupportDay.Status.DELIVERED, F("date").desc()),
        first(SupportDay.Status.BOOKED, "date"),
        first(SupportDay.Status.REQUESTED),
    )


def with_assigned_champion_id(local_authorities):
    """LAs annotated with `assigned_champion_id` (the override, else the region's champion)."""
    return local_authorities.annotate(assigned_champion_id=Coalesce("champion_override_id", "region__champion__id"))


def chosen_days(local_authorities) -> dict[int, SupportDay]:
    """{day id: day} for the `best_day_id` of each LA given, only the fields a row shows. One query."""
    ids = [la.best_day_id for la in local_authorities if la.best_day_id is not None]
    return SupportDay.objects.only(*DAY_FIELDS).order_by().in_bulk(ids) if ids else {}


@dataclasses.dataclass
class CoverageRow:
    local_authority: LocalAuthority
    champion: Champion
    day: SupportDay | None

    @property
    def status(self) -> str:
        return self.day.status if self.day else NONE

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def rank(self) -> int:
        return STATUS_ORDER.index(self.status)


def status_counts(rows: list[CoverageRow]) -> list[dict]:
    """Per status, delivered first: its label, how many rows have it, and its share as a bar width."""
    counts = Counter(row.status for row in rows)
    return [
        {"status": s, "label": STATUS_LABELS[s], "count": counts[s], "width": percent(counts[s], len(rows))}
        for s in reversed(STATUS_ORDER)
    ]


def coverage_rows() -> list[CoverageRow]:
    """Every non-pathfinder LA (by region, then name) with its assigned champion and its status there. Two
    queries, whatever the number of support days: the LAs with their best day's id, then those days."""
    las = with_assigned_champion_id(LocalAuthority.objects.non_pathfinder().with_assigned_champion())
    las = list(las.annotate(best_day_id=best_day_id()).order_by("region__position", "name"))
    days = chosen_days(las)
    return [CoverageRow(la, la.assigned_champion, days.get(la.best_day_id)) for la in las]
