"""Report 2: change between two quarters in how many areas reached full implementation of each element.

Seed 004 counts "in place before the programme" alongside full development as full implementation
(FULL_IMPLEMENTATION); full development alone is shown too. Three queries whatever the number of areas.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q

from champions_portal.charts import percent
from programme.models import Quarter
from regions.models import Region
from self_evaluation.models import FULL_IMPLEMENTATION, CdfTheme, Element, Level, Rating
from self_evaluation.reports.common import (
    AREA_WORDS,
    Change,
    area_count,
    quarter_name,
    submitted_returns,
    too_few,
    withheld_sentence,
)

TOP = 5


@dataclass
class ElementChange:
    element: Element
    full_or_in_place_before: int
    full_or_in_place_after: int
    full_before: int
    full_after: int
    areas_before: int
    areas_after: int

    @property
    def width_before(self) -> int:
        return percent(self.full_or_in_place_before, self.areas_before)

    @property
    def width_after(self) -> int:
        return percent(self.full_or_in_place_after, self.areas_after)

    @property
    def full_or_in_place_change(self) -> Change:
        return Change(self.full_or_in_place_after - self.full_or_in_place_before)

    @property
    def full_change(self) -> Change:
        return Change(self.full_after - self.full_before)


@dataclass
class ThemeChange:
    theme: CdfTheme
    elements: list[ElementChange]


@dataclass
class ChangeReport:
    before: Quarter
    after: Quarter
    population: str
    region: Region | None
    areas_before: int  # areas with a submitted return for each quarter
    areas_after: int
    withheld: str = ""
    themes: list[ThemeChange] = field(default_factory=list)

    @property
    def before_name(self) -> str:
        return quarter_name(self.before)

    @property
    def after_name(self) -> str:
        return quarter_name(self.after)

    @property
    def area_words(self) -> str:
        return AREA_WORDS[self.population]

    @property
    def elements(self) -> list[ElementChange]:
        return [row for theme in self.themes for row in theme.elements]

    @property
    def progressed_most(self) -> list[ElementChange]:
        """Up to five elements with the largest increase in areas at full or in place (ties: element order)."""
        gained = [row for row in self.elements if row.full_or_in_place_change.value > 0]
        return sorted(gained, key=lambda row: -row.full_or_in_place_change.value)[:TOP]

    @property
    def least_developed(self) -> list[ElementChange]:
        """The five elements with fewest areas at full or in place in the later quarter (ties: element order)."""
        return sorted(self.elements, key=lambda row: row.full_or_in_place_after)[:TOP]

    @property
    def findings(self) -> list[str]:
        if self.withheld:
            return []
        where = f" in {self.region.name}" if self.region else ""
        sentences = [
            f"{area_count(self.areas_before, self.population)}{where} submitted a return for {self.before_name} "
            f"and {self.areas_after} for {self.after_name}."
        ]
        if not self.elements:
            return sentences
        if self.progressed_most:
            top = self.progressed_most[0]
            sentences.append(
                f"Most progress: {area_count(top.full_or_in_place_after)} had fully implemented or already had in "
                f"place {top.element.name[0].lower()}{top.element.name[1:]} in {self.after_name}, "
                f"{top.full_or_in_place_change.words} than in {self.before_name} "
                f"(full development alone: {top.full_after}, {top.full_change.words})."
            )
        else:
            sentences.append(
                f"No element was fully implemented or in place in more areas in {self.after_name} "
                f"than in {self.before_name}."
            )
        least = self.least_developed[0]
        sentences.append(
            f"Least developed in {self.after_name}: {least.element.name}, fully implemented or already in place "
            f"in {least.full_or_in_place_after} of {area_count(self.areas_after)}."
        )
        return sentences


def _withheld(report: ChangeReport) -> str:
    quarters = ((report.before, report.areas_before), (report.after, report.areas_after))
    names = " and for ".join(quarter_name(q) for q, n in quarters if too_few(n))
    return withheld_sentence(population=report.population, region=report.region, what=f"submitted a return for {names}")


def change_report(*, before: Quarter, after: Quarter, population: str, region: Region | None) -> ChangeReport:
    """Each element's areas at full implementation (full or in place) and at full development alone, in each
    quarter, from submitted returns only."""
    returns = submitted_returns(population=population, region=region).filter(quarter__in=[before, after])
    areas = dict(returns.order_by().values_list("quarter_id").annotate(n=Count("pk")).values_list("quarter_id", "n"))
    report = ChangeReport(
        before=before,
        after=after,
        population=population,
        region=region,
        areas_before=areas.get(before.pk, 0),
        areas_after=areas.get(after.pk, 0),
    )
    if too_few(report.areas_before) or too_few(report.areas_after):
        report.withheld = _withheld(report)
        return report

    full_or_in_place, full = Counter(), Counter()
    for row in (
        Rating.objects.filter(quarterly_return__in=returns)
        .order_by()
        .values("quarterly_return__quarter_id", "element_id")
        .annotate(
            full_or_in_place=Count("pk", filter=Q(level__in=FULL_IMPLEMENTATION)),
            full=Count("pk", filter=Q(level=Level.FULL)),
        )
    ):
        key = (row["quarterly_return__quarter_id"], row["element_id"])
        full_or_in_place[key], full[key] = row["full_or_in_place"], row["full"]
    by_theme: dict[str, list[ElementChange]] = {theme: [] for theme in CdfTheme}
    for element in Element.objects.all():
        b, a = (before.pk, element.pk), (after.pk, element.pk)
        by_theme[element.theme].append(
            ElementChange(
                element,
                full_or_in_place[b],
                full_or_in_place[a],
                full[b],
                full[a],
                report.areas_before,
                report.areas_after,
            )
        )
    report.themes = [ThemeChange(CdfTheme(theme), rows) for theme, rows in by_theme.items() if rows]
    return report
