"""What the three reports share: which areas count, the small-number threshold, and how figures are written."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.conf import settings
from django.db import models
from django.utils.translation import ngettext

from programme.models import Quarter
from regions.models import Region
from self_evaluation.models import QuarterlyReturn

MINUS = "\u2212"  # the minus sign, so that "−2" is not read as a dash


class Population(models.TextChoices):
    PATHFINDERS = "pathfinders", "Pathfinder areas"
    NON_PATHFINDERS = "non-pathfinders", "Non-pathfinder areas"
    ALL = "all", "Pathfinder and non-pathfinder areas"


AREA_WORDS = {
    Population.PATHFINDERS: "pathfinder areas",
    Population.NON_PATHFINDERS: "non-pathfinder areas",
    Population.ALL: "areas",
}
# The singular of each, for a count of one ("1 pathfinder area").
AREA_WORD = {
    Population.PATHFINDERS: "pathfinder area",
    Population.NON_PATHFINDERS: "non-pathfinder area",
    Population.ALL: "area",
}


def area_count(n: int, population: str = Population.ALL) -> str:
    """ "1 pathfinder area", "5 pathfinder areas", "0 areas": a number of areas in words."""
    return f"{n} {ngettext(AREA_WORD[population], AREA_WORDS[population], n)}"


def quarter_name(quarter: Quarter) -> str:
    """ "Quarter 1 2013-14": the short name used in sentences and column headings."""
    return f"Quarter {quarter.number} {quarter.programme.slug}"


def submitted_returns(*, population: str, region: Region | None):
    """Submitted returns (the only ones that count) of the chosen areas."""
    returns = QuarterlyReturn.objects.counted()
    if population == Population.PATHFINDERS:
        returns = returns.filter(local_authority__pathfinder__isnull=False)
    elif population == Population.NON_PATHFINDERS:
        returns = returns.filter(local_authority__pathfinder__isnull=True)
    if region is not None:
        returns = returns.filter(local_authority__region=region)
    return returns


def min_areas() -> int:
    return settings.SELF_EVALUATION_MIN_AREAS


def too_few(areas: int) -> bool:
    """Every figure, England's as well as a region's, needs at least SELF_EVALUATION_MIN_AREAS areas, so that
    no single area can be picked out."""
    return areas < min_areas()


def place_name(region: Region | None) -> str:
    return region.name if region else "England"


def withheld_sentence(*, population: str, region: Region | None, what: str) -> str:
    """ "Fewer than 5 pathfinder areas in England submitted a return for ..., so figures are not shown, ..." """
    return (
        f"Fewer than {area_count(min_areas(), population)} in {place_name(region)} {what}, so figures are not "
        "shown, so that no single area's answers can be picked out."
    )


@dataclass(frozen=True)
class Change:
    """A difference between two counts, written with its sign: "+5", "−2" (a minus sign) or "0"."""

    value: int

    @property
    def signed(self) -> str:
        if self.value > 0:
            return f"+{self.value}"
        if self.value < 0:
            return f"{MINUS}{-self.value}"
        return "0"

    @property
    def words(self) -> str:
        """For screen readers, which may not read a sign: "5 more", "2 fewer", "no change"."""
        if self.value > 0:
            return f"{self.value} more"
        if self.value < 0:
            return f"{-self.value} fewer"
        return "no change"

    def __str__(self) -> str:
        return self.signed


def pounds(amount: Decimal | None) -> str:
    """Whole pounds for the pages' summaries: "£454,412". The downloads keep pounds and pence."""
    if amount is None:
        return "£0"
    return f"£{amount.quantize(Decimal(1), rounding=ROUND_HALF_UP):,}"


def percentages(amounts: list) -> list[int]:
    """Whole percentages of the total that add up to exactly 100 (largest remainder; ties to the earlier).
    All zero when the total is zero."""
    total = sum(amounts)
    if not total:
        return [0 for _ in amounts]
    exact = [Fraction(100) * Fraction(str(a)) / Fraction(str(total)) for a in amounts]
    whole = [int(e) for e in exact]
    left_over = 100 - sum(whole)
    order = sorted(range(len(amounts)), key=lambda i: (exact[i] - whole[i], -i), reverse=True)
    for i in order[:left_over]:
        whole[i] += 1
    return whole
