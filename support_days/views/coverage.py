"""National coverage of 1:1 support days, for programme staff: Annex B asks each champion for at least
one with every non-pathfinder LA it supports.

Also the one definition of an LA's support-day status, which the champion's patch page uses too:
the best of its days with that champion (delivered > booked > requested > none yet; declined and
cancelled days count as none).
"""

import dataclasses
from collections import Counter

from django.shortcuts import render

from accounts.permissions import programme_staff_required
from champions_portal.exports import spreadsheet_response
from regions.models import Champion, LocalAuthority
from support_days.forms.coverage import STATUS_LABELS, CoverageFilterForm
from support_days.models import SupportDay

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
    total = len(rows) or 1
    return [
        {"status": s, "label": STATUS_LABELS[s], "count": counts[s], "width": round(100 * counts[s] / total)}
        for s in reversed(STATUS_ORDER)
    ]


def coverage_rows() -> list[CoverageRow]:
    """Every non-pathfinder LA (by region, then name) with its assigned champion and its status there. Two queries."""
    las = LocalAuthority.objects.non_pathfinder().with_assigned_champion().order_by("region__position", "name")
    best = best_days(SupportDay.objects.filter(status__in=COUNTING_STATUSES, local_authority__pathfinder__isnull=True))
    return [CoverageRow(la, la.assigned_champion, best.get((la.pk, la.assigned_champion.pk))) for la in las]


def _by_region(rows: list[CoverageRow]) -> list[dict]:
    regions: dict = {}
    for row in rows:
        counts = regions.setdefault(row.local_authority.region, Counter())
        counts[row.status] += 1
    return [{"region": region, "total": counts.total(), "counts": counts} for region, counts in regions.items()]


def _filtered(request) -> tuple[CoverageFilterForm, list[CoverageRow], list[CoverageRow]]:
    """The filter form, every row, and the rows the valid filters keep."""
    form = CoverageFilterForm(request.GET or None)
    filters = form.filters()
    everything = coverage_rows()
    rows = [
        row
        for row in everything
        if (not filters["region"] or row.local_authority.region_id == filters["region"].pk)
        and (not filters["status"] or row.status == filters["status"])
    ]
    return form, everything, rows


@programme_staff_required
def coverage(request):
    form, everything, rows = _filtered(request)
    region = form.filters()["region"]
    in_region = [row for row in everything if not region or row.local_authority.region_id == region.pk]
    context = {
        "form": form,
        "rows": rows,
        "region": region,
        "in_region_count": len(in_region),
        "totals": status_counts(in_region),
        "regions": _by_region(everything),
        "national_total": len(everything),
        "national_totals": status_counts(everything),
        "query": form.query(),
    }
    return render(request, "support_days/coverage/coverage.html", context)


HEADERS = ["Region", "Local authority", "Assigned champion", "Champion from a neighbouring region", "Status", "Date"]


@programme_staff_required
def coverage_export(request, fmt):
    _form, _everything, rows = _filtered(request)
    lines = (
        [
            row.local_authority.region.name,
            row.local_authority.name,
            row.champion.name,
            row.champion.region.name if row.local_authority.is_assigned_across_regions else "No",
            row.status_label,
            row.day.date if row.day and row.day.date else "",
        ]
        for row in rows
    )
    return spreadsheet_response(
        fmt=fmt, filename="support-day-coverage", title="Support day coverage", headers=HEADERS, rows=lines
    )
