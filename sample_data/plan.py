"""What every part of the sample year shares: the as-at moment, the programme and its reference data, each
champion's pace, the sample people who act, and the seeded random numbers that make it repeatable.

Everything in the sample happens at a planned moment, through the services the pages use, with that moment
as `now`; whatever is planned after the as-at moment does not happen (yet).
"""

import datetime
import math
import random
from dataclasses import dataclass, field

from django.utils import timezone

from accounts.models import User
from programme.models import Programme, Quarter, Theme
from regions.models import Champion, LocalAuthority
from self_evaluation.models import Element


@dataclass(frozen=True)
class Pace:
    """How far a champion has got: a mix, so the tracker shows some on track, some at risk, some off track."""

    name: str
    workshops: int  # planned over the year, each on two themes
    conference_on: tuple[int, int, int] | None  # (year, month, day), or none planned yet
    delivered: float  # share of its non-pathfinder LAs with a day delivered by the as-at moment, if offered
    booked: float
    requested: float
    late_quarters: tuple[int, ...] = ()  # quarters whose case study goes in after the deadline
    missing_quarters: tuple[int, ...] = ()  # quarters with no case study at all
    early_case_studies: bool = False  # sends the quarter's case study early, so it is reviewed sooner


AHEAD = Pace("ahead", 13, (2013, 10, 17), delivered=0.75, booked=0.15, requested=0.05, early_case_studies=True)
STEADY = Pace("steady", 11, (2013, 11, 28), delivered=0.6, booked=0.2, requested=0.1)
BEHIND = Pace("behind", 9, (2014, 2, 26), delivered=0.45, booked=0.25, requested=0.1, late_quarters=(2,))
STRUGGLING = Pace("struggling", 6, None, delivered=0.2, booked=0.2, requested=0.15, missing_quarters=(2,))
# By the champions' order (region order): North East, North West, Yorkshire and the Humber, East Midlands,
# West Midlands, East of England, London, South East, South West.
PACES = [STEADY, AHEAD, AHEAD, BEHIND, STEADY, AHEAD, STRUGGLING, STEADY, AHEAD]


@dataclass
class Plan:
    as_at: datetime.datetime
    scale: float
    rng: random.Random
    programme: Programme
    quarters: list[Quarter]
    themes: list[Theme]
    elements: list[Element]
    champions: list[Champion]
    local_authorities: list[LocalAuthority]
    programme_officer: User | None = None
    champion_staff: dict[int, User] = field(default_factory=dict)
    officers: dict[int, User] = field(default_factory=dict)

    @property
    def today(self) -> datetime.date:
        return timezone.localdate(self.as_at)

    def pace(self, champion: Champion) -> Pace:
        return PACES[self.champions.index(champion) % len(PACES)]

    def scaled(self, n: float, *, least: int = 1) -> int:
        """`n` times the scale, rounded up, and at least `least`."""
        return max(least, math.ceil(n * self.scale))

    def happened(self, moment: datetime.datetime | None) -> bool:
        return moment is not None and moment <= self.as_at

    def assigned(self, champion: Champion) -> list[LocalAuthority]:
        """The LAs the champion supports, in name order (their LocalAuthority rows, with regions)."""
        return [la for la in self.local_authorities if la.assigned_champion.pk == champion.pk]


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """That day at that time, London time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def working_day(day: datetime.date, *, forward: bool = True) -> datetime.date:
    """`day`, or the nearest Tuesday to Thursday after it (before it, with forward=False): the days
    champions run workshops and support days."""
    step = datetime.timedelta(days=1 if forward else -1)
    while day.weekday() not in (1, 2, 3):
        day += step
    return day


def spread(first: datetime.date, last: datetime.date, n: int, rng: random.Random) -> list[datetime.date]:
    """`n` working days spread evenly from `first` to `last`, each moved a few days at random, in order."""
    if n <= 0:
        return []
    gap = (last - first).days / n
    days = []
    for i in range(n):
        jitter = rng.randint(-3, 3) if gap > 10 else 0
        day = working_day(first + datetime.timedelta(days=round(gap * i + gap / 2) + jitter))
        days.append(min(day, working_day(last, forward=False)))
    return sorted(set(days))


def plan_for(*, as_at: datetime.datetime, scale: float, seed: int) -> Plan:
    programme = Programme.objects.current(timezone.localdate(as_at))
    if programme is None or not programme.starts_on <= timezone.localdate(as_at) <= programme.ends_on:
        raise ValueError("The as-at date must fall within a programme year. Run `python manage.py load_programme`.")
    return Plan(
        as_at=as_at,
        scale=scale,
        rng=random.Random(seed),  # noqa: S311 - invented data, repeatable from a seed
        programme=programme,
        quarters=list(programme.quarters.select_related("programme")),
        themes=list(Theme.objects.all()),
        elements=list(Element.objects.all()),
        champions=list(Champion.objects.select_related("region")),
        local_authorities=list(LocalAuthority.objects.with_assigned_champion().order_by("name")),
    )
