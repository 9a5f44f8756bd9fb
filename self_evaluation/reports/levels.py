"""Report 1: for one quarter, how many areas are at each level of each CDF element, and which assessment
and planning approaches they use. Three queries whatever the number of areas."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count

from champions_portal.charts import percent
from programme.models import Quarter
from regions.models import Region
from self_evaluation.models import (
    FULL_IMPLEMENTATION,
    LEVEL_COLOURS,
    AssessmentApproach,
    CdfTheme,
    Element,
    Level,
    PlanningApproach,
    Rating,
)
from self_evaluation.reports.common import (
    AREA_WORDS,
    area_count,
    percentages,
    quarter_name,
    submitted_returns,
    too_few,
    withheld_sentence,
)

LEVELS = list(Level)


@dataclass
class Segment:
    level: Level
    count: int
    width: int  # percent of the areas that rated the element

    @property
    def colour(self) -> str:
        return LEVEL_COLOURS[self.level]


@dataclass
class ElementLevels:
    element: Element
    counts: dict[str, int]  # {level: areas}, every level
    rated: int  # areas that contributed a rating

    @property
    def in_order(self) -> list[int]:
        return [self.counts[level] for level in LEVELS]

    @property
    def full_or_in_place(self) -> int:
        return sum(self.counts[level] for level in FULL_IMPLEMENTATION)

    @property
    def segments(self) -> list[Segment]:
        widths = percentages(self.in_order)
        return [Segment(level, self.counts[level], w) for level, w in zip(LEVELS, widths, strict=True) if w]


@dataclass
class ThemeLevels:
    theme: CdfTheme
    elements: list[ElementLevels]


@dataclass
class ApproachCount:
    value: str
    label: str
    count: int
    width: int  # percent of the areas that submitted a return


@dataclass
class LevelsReport:
    quarter: Quarter
    population: str
    region: Region | None
    areas: int  # areas with a submitted return for the quarter
    withheld: str = ""  # the sentence saying why figures are not shown, when they are not
    themes: list[ThemeLevels] = field(default_factory=list)
    assessment: list[ApproachCount] = field(default_factory=list)
    planning: list[ApproachCount] = field(default_factory=list)

    @property
    def quarter_name(self) -> str:
        return quarter_name(self.quarter)

    @property
    def area_words(self) -> str:
        return AREA_WORDS[self.population]

    @property
    def elements(self) -> list[ElementLevels]:
        return [row for theme in self.themes for row in theme.elements]

    @property
    def findings(self) -> list[str]:
        """The key findings in words, seed-style."""
        if self.withheld:
            return []
        where = f" in {self.region.name}" if self.region else ""
        sentences = [f"{area_count(self.areas, self.population)}{where} submitted a return for {self.quarter_name}."]
        if not self.areas:
            return sentences
        rows = self.elements
        most = max(rows, key=lambda r: r.full_or_in_place)  # max/min keep the first of equals: element order
        least = min(rows, key=lambda r: r.full_or_in_place)
        sentences.append(
            f"Most developed: {most.element.name}, fully implemented or already in place before the programme "
            f"in {most.full_or_in_place} of {area_count(most.rated)}."
        )
        sentences.append(
            f"Least developed: {least.element.name}, fully implemented or already in place in "
            f"{least.full_or_in_place} of {area_count(least.rated)}."
        )
        for kind, counts in (("Assessment", self.assessment), ("Planning", self.planning)):
            used = "; ".join(
                f"{a.label.lower()}: {a.count} of {area_count(self.areas)}" for a in counts if a.value != "none"
            )
            sentences.append(f"{kind} approaches used: {used}.")
        return sentences


def levels_report(*, quarter: Quarter, population: str, region: Region | None) -> LevelsReport:
    """Each element's areas per level in `quarter`, from submitted returns only."""
    returns = submitted_returns(population=population, region=region).filter(quarter=quarter)
    approaches = list(returns.values_list("assessment_approaches", "planning_approaches"))
    report = LevelsReport(quarter=quarter, population=population, region=region, areas=len(approaches))
    if too_few(report.areas):
        report.withheld = withheld_sentence(
            population=population, region=region, what=f"submitted a return for {report.quarter_name}"
        )
        return report

    counts = Counter()
    for row in (
        Rating.objects.filter(quarterly_return__in=returns)
        .order_by()
        .exclude(level="")
        .values("element_id", "level")
        .annotate(n=Count("pk"))
    ):
        counts[row["element_id"], row["level"]] = row["n"]
    by_theme: dict[str, list[ElementLevels]] = {theme: [] for theme in CdfTheme}
    for element in Element.objects.all():
        per_level = {level: counts[element.pk, level] for level in LEVELS}
        by_theme[element.theme].append(ElementLevels(element, per_level, sum(per_level.values())))
    report.themes = [ThemeLevels(CdfTheme(theme), rows) for theme, rows in by_theme.items() if rows]

    assessment, planning = Counter(), Counter()
    for assessed, planned in approaches:
        assessment.update(set(assessed or []))
        planning.update(set(planned or []))
    report.assessment = [
        ApproachCount(a.value, a.label, assessment[a.value], percent(assessment[a.value], report.areas))
        for a in AssessmentApproach
    ]
    report.planning = [
        ApproachCount(p.value, p.label, planning[p.value], percent(planning[p.value], report.areas))
        for p in PlanningApproach
    ]
    return report
