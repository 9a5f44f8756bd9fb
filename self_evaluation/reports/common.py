"""What the three reports share: which areas count, the regional threshold, and how figures are written."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.conf import settings
from django.db import models

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


def quarter_name(quarter: Quarter) -> str:
    """ "Quarter 1 2013-14": the short name used in sentences and column headings."""
    return f"Quarter {quarter.number} {quarter.programme.slug}"


def submitted_returns(*, population: str, region: Region | None):
    """Submitted returns (the only ones that count) of the chosen areas."""
    returns = QuarterlyReturn.objects.submitted()
    if population == Population.PATHFINDERS:
        returns = returns.filter(local_authority__pathfinder__isnull=False)
    elif population == Population.NON_PATHFINDERS:
        returns = returns.filter(local_authority__pathfinder__isnull=True)
    if region is not None:
        returns = returns.filter(local_authority__region=region)
    return returns


def min_areas() -> int:
    return settings.SELF_EVALUATION_MIN_AREAS


def too_few(region: Region | None, areas: int) -> bool:
    """Regional figures need at least SELF_EVALUATION_MIN_AREAS areas, so no single area can be picked out."""
    return region is not None and areas < min_areas()


def withheld_sentence(*, areas_words: str, region: Region, what: str) -> str:
    return (
        f"Fewer than {min_areas()} {areas_words} in {region.name} {what}, so figures are not shown, "
        "so that no single area's answers can be picked out."
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
