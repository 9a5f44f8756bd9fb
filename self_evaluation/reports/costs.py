"""Report 3: what developing the pathfinder approach cost, to date. Pathfinder areas only (only they return
costs), from submitted returns of every quarter up to and including the chosen one. Four queries whatever
the number of areas and returns. A quarter's share by theme is withheld when fewer than
SELF_EVALUATION_MIN_AREAS areas returned costs for it, even when the figures to date are shown.
"""

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import DecimalField, F, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import ngettext

from champions_portal.charts import percent
from programme.models import Quarter
from regions.models import Region
from self_evaluation.models import Agency, CdfTheme, CostLine
from self_evaluation.reports.common import (
    Population,
    area_count,
    min_areas,
    percentages,
    pounds,
    quarter_name,
    submitted_returns,
    too_few,
    withheld_sentence,
)

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=14, decimal_places=2)


def _total():
    return Coalesce(Sum(F("financial") + F("in_kind"), output_field=MONEY), ZERO, output_field=MONEY)


@dataclass
class Share:
    label: str
    amount: Decimal
    percent: int


@dataclass
class QuarterShares:
    name: str
    total: Decimal | None
    shares: list[Share]  # one per CDF theme, in order; none when withheld
    areas: int = 0  # pathfinder areas that returned costs for this quarter
    withheld: bool = False  # from fewer than SELF_EVALUATION_MIN_AREAS areas: not shown

    @property
    def withheld_words(self) -> str:
        return f"Not shown: fewer than {area_count(min_areas())} returned costs for this quarter"


@dataclass
class CostsReport:
    quarter: Quarter
    region: Region | None
    areas: int  # pathfinder areas with costs returned up to the quarter
    withheld: str = ""
    area_totals: list[Decimal] = field(default_factory=list)  # each area's cost to date, smallest first
    financial: Decimal = ZERO
    in_kind: Decimal = ZERO
    by_quarter: list[QuarterShares] = field(default_factory=list)
    by_agency: list[Share] = field(default_factory=list)
    grant: Decimal = ZERO
    areas_over_grant: int = 0

    @property
    def quarter_name(self) -> str:
        return quarter_name(self.quarter)

    @property
    def total(self) -> Decimal:
        return self.financial + self.in_kind

    @property
    def theme_labels(self) -> list[str]:
        return [theme.label for theme in CdfTheme]

    @property
    def median(self) -> Decimal | None:
        """The middle area's cost; for an even number of areas, the mean of the middle two."""
        return statistics.median(self.area_totals) if self.area_totals else None

    @property
    def minimum(self) -> Decimal | None:
        return min(self.area_totals, default=None)

    @property
    def maximum(self) -> Decimal | None:
        return max(self.area_totals, default=None)

    @property
    def spread(self) -> list[tuple[str, Decimal, int]]:
        """(what, amount, bar width) for the chart of the cost per area."""
        most = self.maximum or 0
        rows = [("Minimum", self.minimum), ("Median", self.median), ("Maximum", self.maximum)]
        return [(label, amount, percent(amount, most)) for label, amount in rows]

    @property
    def against_grant(self) -> list[tuple[str, Decimal, int]]:
        """(what, amount, bar width) for the chart of grant received against cost."""
        most = max(self.grant, self.total)
        return [
            (label, amount, percent(amount, most))
            for label, amount in (("Grant received", self.grant), ("Cost", self.total))
        ]

    @property
    def grant_percent_spent(self) -> int | None:
        return percent(self.total, self.grant, cap=None) if self.grant else None

    @property
    def findings(self) -> list[str]:
        if self.withheld or not self.areas:
            return []
        where = f" in {self.region.name}" if self.region else ""
        sentences = [
            f"The median total development cost per pathfinder area{where} up to the end of {self.quarter_name} "
            f"was {pounds(self.median)}, including both financial and in kind costs ({area_count(self.areas)})."
        ]
        if self.areas > 1 and pounds(self.minimum) != pounds(self.maximum):
            sentences.append(
                f"This varied from a minimum of {pounds(self.minimum)} in one area to a maximum of "
                f"{pounds(self.maximum)} in another."
            )
        elif self.areas > 1:
            sentences.append(f"All {area_count(self.areas)} reported the same cost, {pounds(self.minimum)}.")
        these = ngettext("This area", "Together these areas", self.areas)
        sentences.append(
            f"{these} received {pounds(self.grant)} in grant and reported {pounds(self.total)} of costs; "
            f"{self.areas_over_grant} of {area_count(self.areas)} reported costs above their grant."
        )
        return sentences


def costs_report(*, quarter: Quarter, region: Region | None) -> CostsReport:
    """Pathfinder areas' development costs up to and including `quarter`, from submitted returns only."""
    returns = submitted_returns(population=Population.PATHFINDERS, region=region).filter(
        quarter__starts_on__lte=quarter.starts_on
    )
    lines = CostLine.objects.filter(quarterly_return__in=returns).order_by()
    per_area: dict[int, Decimal] = defaultdict(lambda: ZERO)
    areas_per_quarter = Counter()
    for la_id, quarter_id, total in (
        lines.values("quarterly_return__local_authority_id", "quarterly_return__quarter_id")
        .annotate(total=_total())
        .values_list("quarterly_return__local_authority_id", "quarterly_return__quarter_id", "total")
    ):
        per_area[la_id] += total
        areas_per_quarter[quarter_id] += 1
    report = CostsReport(quarter=quarter, region=region, areas=len(per_area))
    if too_few(report.areas):
        report.withheld = withheld_sentence(
            population=Population.PATHFINDERS, region=region, what=f"returned costs up to {report.quarter_name}"
        )
        return report
    report.area_totals = sorted(per_area.values())

    themes = list(CdfTheme)
    quarters: dict[tuple, dict[str, Decimal]] = defaultdict(lambda: dict.fromkeys(themes, ZERO))
    for row in lines.values(
        "quarterly_return__quarter__starts_on",
        "quarterly_return__quarter__number",
        "quarterly_return__quarter__programme__slug",
        "quarterly_return__quarter_id",
        "theme",
    ).annotate(total=_total()):
        key = (
            row["quarterly_return__quarter__starts_on"],
            row["quarterly_return__quarter__number"],
            row["quarterly_return__quarter__programme__slug"],
            row["quarterly_return__quarter_id"],
        )
        quarters[key][row["theme"]] = row["total"]
    for (_starts, number, slug, quarter_id), amounts in sorted(quarters.items()):
        name, areas = f"Quarter {number} {slug}", areas_per_quarter[quarter_id]
        if too_few(areas):  # one quarter's costs from too few areas would show those areas' own
            report.by_quarter.append(QuarterShares(name, None, [], areas, withheld=True))
            continue
        values = [amounts[t] for t in themes]
        shares = [Share(t.label, a, p) for t, a, p in zip(themes, values, percentages(values), strict=True)]
        report.by_quarter.append(QuarterShares(name, sum(values, ZERO), shares, areas))

    agencies = dict.fromkeys(Agency, ZERO)
    for row in lines.values("agency").annotate(
        total=_total(),
        financial=Coalesce(Sum("financial"), ZERO, output_field=MONEY),
        in_kind=Coalesce(Sum("in_kind"), ZERO, output_field=MONEY),
    ):
        agencies[row["agency"]] = row["total"]
        report.financial += row["financial"]
        report.in_kind += row["in_kind"]
    values = list(agencies.values())
    report.by_agency = [
        Share(Agency(a).label, amount, p) for (a, amount), p in zip(agencies.items(), percentages(values), strict=True)
    ]

    grants = dict(
        returns.filter(local_authority_id__in=lines.values("quarterly_return__local_authority_id"))
        .order_by()
        .values("local_authority_id")
        .annotate(grant=Coalesce(Sum("grant_received"), ZERO, output_field=MONEY))
        .values_list("local_authority_id", "grant")
    )
    report.grant = sum(grants.values(), ZERO)
    report.areas_over_grant = sum(1 for la, total in per_area.items() if total > grants.get(la, ZERO))
    return report
