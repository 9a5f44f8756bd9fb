"""Self-evaluation over the sample year: programme staff open each quarter's returns window when the quarter
ends and close it a week after the deadline; every pathfinder LA and a growing share of non-pathfinder LAs
rate the 33 CDF elements (each quarter starting from their last return), pathfinders with their costs. The
window still open at the as-at moment has returns submitted, returns in draft and returns not started."""

import datetime
from decimal import Decimal

from programme.models import Quarter
from regions.models import LocalAuthority
from sample_data.plan import Plan, at
from self_evaluation import services
from self_evaluation.models import Agency, AssessmentApproach, CdfTheme, Level, PlanningApproach

# How far each kind of LA has got with each element at the start of the year (0 to 3 on the scale below),
# and how much it moves on each quarter.
SCALE = [Level.NOT_STARTED, Level.EARLY, Level.PARTIAL, Level.FULL]
# Share of non-pathfinder LAs sending a return, by quarter number.
NON_PATHFINDER_SHARE = {1: 0.35, 2: 0.45, 3: 0.55, 4: 0.6}
EVIDENCE = [
    "Agreed by the SEND reform board this quarter.",
    "In the project plan; first steps taken with the parent carer forum.",
    "Piloted with ten families; evaluation due next quarter.",
    "Written into the joint commissioning strategy.",
]


def _keenness(la: LocalAuthority) -> int:
    return la.pk * 2654435761 % 1000


def _returning(plan: Plan, quarter: Quarter) -> list[LocalAuthority]:
    """Every pathfinder LA and a share of the others, region by region; an LA that returned once keeps on."""
    chosen = []
    for champion in plan.champions:
        # A fixed order in each region, so the LAs that return early on are the ones that keep returning.
        las = sorted((la for la in plan.local_authorities if la.region_id == champion.region_id), key=_keenness)
        pathfinders = [la for la in las if la.is_pathfinder]
        others = [la for la in las if not la.is_pathfinder]
        chosen += pathfinders[: plan.scaled(len(pathfinders))]
        chosen += others[: plan.scaled(len(others) * NON_PATHFINDER_SHARE[quarter.number], least=0)]
    return chosen


def _levels(plan: Plan, la: LocalAuthority, quarter: Quarter) -> dict[int, str]:
    """{element id: level} for the LA in the quarter: pathfinders further on, every LA moving on each quarter,
    never back. Repeatable: the same LA and element give the same answer whichever quarters are loaded."""
    levels = {}
    for element in plan.elements:
        seed = (la.pk * 7919 + element.pk * 104729) % 1000 / 1000  # a fixed "random" number per LA and element
        start = (1.4 if la.is_pathfinder else 0.3) + 1.6 * seed
        if la.is_pathfinder and seed > 0.93:
            levels[element.pk] = Level.IN_PLACE
            continue
        step = min(3, int(start + 0.45 * (quarter.number - 1)))
        levels[element.pk] = SCALE[step]
    return levels


def _costs(plan: Plan) -> services.Costs:
    rng, lines = plan.rng, {}
    for theme in CdfTheme:
        for agency in Agency:
            if rng.random() < 0.3:
                continue
            financial = Decimal(rng.randrange(0, 15_000, 50))
            in_kind = Decimal(rng.randrange(0, 6_000, 50))
            lines[theme, agency] = (financial, in_kind)
    return services.Costs(lines=lines, grant_received=Decimal(rng.randrange(40_000, 60_000, 500)))


def _return(plan: Plan, la: LocalAuthority, quarter: Quarter, opened: datetime.datetime, deadline: datetime.date):
    rng, officer = plan.rng, plan.officers[la.pk]
    last_day = at(deadline, 17)
    submitted = opened + (last_day - opened) * rng.uniform(0.15, 0.95)
    started = submitted - datetime.timedelta(days=rng.randint(2, 10))
    started = max(started, opened + datetime.timedelta(hours=2))
    if not plan.happened(started):
        return
    previous = services.previous_return(local_authority=la, quarter=quarter)
    quarterly_return = services.return_start(
        local_authority=la, quarter=quarter, by=officer, now=started, copy_from=previous
    )
    levels = _levels(plan, la, quarter)
    # Started from last quarter's answers: only what moved on is changed. Evidence is kept, or written for some.
    existing = {r.element_id: (r.level, r.evidence) for r in quarterly_return.ratings.all()}
    ratings = {}
    for pk, level in levels.items():
        before, evidence = existing.get(pk, ("", ""))
        if level != before:
            ratings[pk] = (level, evidence or (rng.choice(EVIDENCE) if rng.random() < 0.2 else ""))
    finished = plan.happened(submitted)
    if not finished:
        # Partly done: the first themes rated, the rest still to do.
        ratings = dict(list(ratings.items())[: len(ratings) // 2])
    now = started + datetime.timedelta(hours=1)
    if ratings:
        services.return_ratings_save(quarterly_return=quarterly_return, ratings=ratings, by=officer, now=now)
    if not quarterly_return.assessment_approaches:
        services.return_approaches_save(
            quarterly_return=quarterly_return,
            assessment=[rng.choice([AssessmentApproach.BROUGHT_TOGETHER, AssessmentApproach.SINGLE_EPISODE])],
            planning=[rng.choice([PlanningApproach.SINGLE_EVENT, PlanningApproach.COORDINATOR])],
            by=officer,
            now=now,
        )
    if not finished:
        return
    if la.is_pathfinder:
        services.return_costs_save(quarterly_return=quarterly_return, costs=_costs(plan), by=officer, now=submitted)
    services.return_submit(quarterly_return=quarterly_return, by=officer, now=submitted)


def returns_load(plan: Plan) -> None:
    """Each quarter's window and returns, up to the as-at moment."""
    officer = plan.programme_officer
    for quarter in plan.quarters:
        opened = at(quarter.ends_on + datetime.timedelta(days=1), 9)
        if not plan.happened(opened):
            continue
        deadline = quarter.ends_on + datetime.timedelta(days=31)
        window = services.window_open(quarter=quarter, deadline=deadline, by=officer, now=opened)
        for la in _returning(plan, quarter):
            _return(plan, la, quarter, opened, deadline)
        closed = at(deadline + datetime.timedelta(days=7), 10)
        if plan.happened(closed):
            services.window_close(window=window, by=officer, now=closed)
