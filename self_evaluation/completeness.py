"""Whether a quarterly return is complete, section by section: the one rule behind the return's task list,
the check-answers page and `services.return_submit`, so what the pages say and what submitting allows
cannot drift apart.
"""

from dataclasses import dataclass

from self_evaluation.models import CdfTheme, CostLine, Element, QuarterlyReturn, Rating

COMPLETED, IN_PROGRESS, NOT_STARTED = "Completed", "In progress", "Not started"
APPROACHES, COSTS = "approaches", "costs"


@dataclass(frozen=True)
class Answers:
    """What a return's sections are decided from, each fetched once: three queries at most."""

    elements: list[Element]
    ratings: dict[int, Rating]  # by element id
    cost_lines: list[CostLine]  # none asked of a non-pathfinder

    @classmethod
    def of(cls, quarterly_return: QuarterlyReturn) -> "Answers":
        return cls(
            elements=list(Element.objects.all()),
            ratings={rating.element_id: rating for rating in quarterly_return.ratings.all()},
            cost_lines=list(quarterly_return.cost_lines.all()) if quarterly_return.asks_for_costs else [],
        )


@dataclass(frozen=True)
class SectionProgress:
    """How far one section of a return is answered, and what is still to answer, in words for the page."""

    key: str  # a CdfTheme value, APPROACHES or COSTS
    done: int
    of: int
    gap: str
    touched: bool = False  # something written (evidence) though nothing counted as done

    @property
    def complete(self) -> bool:
        return self.done == self.of

    @property
    def status(self) -> str:
        if self.complete:
            return COMPLETED
        return IN_PROGRESS if self.done or self.touched else NOT_STARTED


def _plural(count: int, word: str) -> str:
    return f"{count} more {word}{'s' if count != 1 else ''}"


def sections_progress(quarterly_return: QuarterlyReturn, answers: Answers | None = None) -> list[SectionProgress]:
    """Every section the return asks, in order: each CDF theme's ratings, the approaches, and a pathfinder's
    costs. Uses `answers` when the caller has them, else fetches them (three queries at most)."""
    answers = answers or Answers.of(quarterly_return)
    progress = []
    for theme in CdfTheme:
        ratings = [answers.ratings.get(element.pk) for element in answers.elements if element.theme == theme]
        done = sum(1 for rating in ratings if rating and rating.level)
        gap = f"Rate {_plural(len(ratings) - done, 'element')} in {theme.label.lower()}"
        touched = any(rating and rating.evidence for rating in ratings)
        progress.append(SectionProgress(theme.value, done, len(ratings), gap, touched))
    answered = [quarterly_return.assessment_approaches, quarterly_return.planning_approaches]
    gap = "Answer which assessment and planning approaches you use"
    progress.append(SectionProgress(APPROACHES, sum(map(bool, answered)), 2, gap))
    if quarterly_return.asks_for_costs:
        done = int(bool(answers.cost_lines)) + int(quarterly_return.grant_received is not None)
        progress.append(SectionProgress(COSTS, done, 2, "Give your development costs for the quarter"))
    return progress


def return_gaps(quarterly_return: QuarterlyReturn, answers: Answers | None = None) -> list[tuple[str, str]]:
    """What is still to answer before the return can be submitted: (section key, words) pairs, in the order
    the return asks them. Empty when the return is complete."""
    sections = sections_progress(quarterly_return, answers)
    return [(section.key, section.gap) for section in sections if not section.complete]
