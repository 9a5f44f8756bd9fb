"""An LA's support-day status with a champion, the one definition every page and the tracker use: the best
of its days with that champion (delivered > booked > requested > none yet; declined and cancelled days
count as none).
"""

import dataclasses
from collections import Counter

from champions_portal.charts import percent
from regions.models import Champion, LocalAuthority
from support_days.models import SupportDay

STATUS_LABELS = {"none": "None yet", "requested": "Requested", "booked": "Booked", "delivered": "Delivered"}
NONE = "none"
STATUS_ORDER = list(STATUS_LABELS)  # none yet, requested, booked, delivered
COUNTING_STATUSES = [SupportDay.Status.REQUESTED, SupportDay.Status.BOOKED, SupportDay.Status.DELIVERED]


def _preference(day: SupportDay) -> tuple:
    """Higher is better: the furthest status; then the latest delivered, the soonest booked, the first requested."""
    rank = STATUS_ORDER.index(day.status)
    if day.status == SupportDay.Status.DELIVERED:
        return (rank, day.date.toordinal())
    if day.status == SupportDay.Status.BOOKED:
        return (rank, -day.date.toordinal())
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
    """Every non-pathfinder LA (by region, then name) with its assigned champion and its status there. Two queries."""
    las = LocalAuthority.objects.non_pathfinder().with_assigned_champion().order_by("region__position", "name")
    best = best_days(SupportDay.objects.filter(status__in=COUNTING_STATUSES, local_authority__pathfinder__isnull=True))
    return [CoverageRow(la, la.assigned_champion, best.get((la.pk, la.assigned_champion.pk))) for la in las]
