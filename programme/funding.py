"""The funding allocation rule: whole pounds that add up exactly to the national total."""

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from django.utils.translation import ngettext

from regions.models import Champion, LocalAuthority

if TYPE_CHECKING:
    from programme.models import Programme


@dataclass(frozen=True)
class Allocation:
    key: object
    non_pathfinder_las: int
    amount: int


def allocate_base_plus_per_la(*, total: int, base: int, las_by_key: dict) -> list[Allocation]:
    """Give every key `base` pounds, then share the rest in proportion to its LA count.

    Rounds by largest remainder, so the amounts are whole pounds and sum exactly to `total`;
    ties on remainder go to the key with more LAs, then to the earlier key.
    """
    keys = list(las_by_key)
    if not keys:
        return []
    if base * len(keys) > total:
        champions = ngettext("champion", "champions", len(keys))
        raise ValueError(f"A base of £{base:,} for {len(keys)} {champions} is more than the £{total:,} available.")
    remainder = total - base * len(keys)
    total_las = sum(las_by_key.values())
    if total_las:
        exact = {key: base + Fraction(remainder * las_by_key[key], total_las) for key in keys}
    else:
        exact = {key: base + Fraction(remainder, len(keys)) for key in keys}
    amounts = {key: int(exact[key]) for key in keys}
    left_over = total - sum(amounts.values())
    by_remainder = sorted(
        range(len(keys)),
        key=lambda i: (exact[keys[i]] - amounts[keys[i]], las_by_key[keys[i]], -i),
        reverse=True,
    )
    for i in by_remainder[:left_over]:
        amounts[keys[i]] += 1
    return [Allocation(key=key, non_pathfinder_las=las_by_key[key], amount=amounts[key]) for key in keys]


def programme_allocations(programme: "Programme") -> list[Allocation]:
    """Each champion's allocation under the programme's rule, in region order. Two queries."""
    counts = LocalAuthority.objects.non_pathfinder().count_by_assigned_champion()
    champions = list(Champion.objects.select_related("region"))
    return allocate_base_plus_per_la(
        total=programme.national_funding,
        base=programme.funding_base_per_champion,
        las_by_key={champion: counts.get(champion.pk, 0) for champion in champions},
    )
