"""Building returns for the self-evaluation tests: through the services, as an LA officer would
(`start`, `rate`, `complete`), or straight into the database with known answers (`make_return`)."""

import datetime
from decimal import Decimal

from django.urls import reverse

from accounts.models import Role, User
from programme.models import Programme, Quarter
from regions.models import LocalAuthority
from self_evaluation import services
from self_evaluation.models import CdfTheme, CostLine, Element, Level, QuarterlyReturn, Rating, ReturnsWindow
from tests.conftest import PASSWORD

# 10 October 2013, 9am London: quarter 2's window is open, due 14 October.
NOW = datetime.datetime(2013, 10, 10, 8, 0, tzinfo=datetime.UTC)
DEADLINE = datetime.date(2013, 10, 14)
AT = datetime.datetime(2013, 10, 1, 9, tzinfo=datetime.UTC)
PATHWAY = "assessment-and-planning-pathway"
SUBMITTED = QuarterlyReturn.Status.SUBMITTED


def officer_of(slug: str) -> User:
    local_authority = LocalAuthority.objects.get(slug=slug)
    return User.objects.create_user(
        f"officer@{slug}.example",
        PASSWORD,
        full_name=f"{local_authority.name} Officer",
        role=Role.LA_OFFICER,
        local_authority=local_authority,
    )


def quarter(number: int) -> Quarter:
    return Quarter.objects.get(programme__slug="2013-14", number=number)


def open_window(quarter: Quarter, by: User, *, now=NOW) -> ReturnsWindow:
    return services.window_open(quarter=quarter, deadline=DEADLINE, by=by, now=now)


def close_window(quarter: Quarter, by: User) -> None:
    services.window_close(window=quarter.returns_window, by=by, now=NOW)


def start(officer: User, quarter: Quarter, copy_from=None, *, now=NOW) -> QuarterlyReturn:
    return services.return_start(
        local_authority=officer.local_authority, quarter=quarter, by=officer, now=now, copy_from=copy_from
    )


def rate(quarterly_return, officer, level=Level.EARLY, evidence="", elements=None, *, now=NOW) -> None:
    elements = elements if elements is not None else Element.objects.all()
    ratings = {element.pk: (level, evidence) for element in elements}
    services.return_ratings_save(quarterly_return=quarterly_return, ratings=ratings, by=officer, now=now)


def complete(
    officer: User, quarter: Quarter, *, level=Level.EARLY, evidence="", grant="1000", now=NOW
) -> QuarterlyReturn:
    """A submitted return: every element at `level`, approaches answered, costs for a pathfinder."""
    quarterly_return = start(officer, quarter, now=now)
    rate(quarterly_return, officer, level, evidence, now=now)
    services.return_approaches_save(
        quarterly_return=quarterly_return,
        assessment=["brought_together"],
        planning=["coordinator"],
        by=officer,
        now=now,
    )
    if quarterly_return.asks_for_costs:
        lines = {(CdfTheme.FAMILIES, "health"): (Decimal("250.00"), Decimal("100.00"))}
        costs = services.Costs(lines=lines, grant_received=Decimal(grant))
        services.return_costs_save(quarterly_return=quarterly_return, costs=costs, by=officer, now=now)
    return services.return_submit(quarterly_return=quarterly_return, by=officer, now=now)


def submitted_in_closed_window(officer: User, quarter: Quarter, by: User, **kwargs) -> QuarterlyReturn:
    open_window(quarter, by)
    quarterly_return = complete(officer, quarter, **kwargs)
    close_window(quarter, by)
    return quarterly_return


def more_quarters(count: int) -> list[Quarter]:
    """`count` quarters in later programme years, so an LA can have more than four returns."""
    quarters = []
    for year in range(2014, 2014 + (count + 3) // 4):
        programme = Programme.objects.create(
            slug=f"{year}-{(year + 1) % 100}",
            name=f"Programme {year}",
            starts_on=datetime.date(year, 4, 1),
            ends_on=datetime.date(year + 1, 3, 31),
            national_funding=600000,
            funding_base_per_champion=30000,
        )
        for number, month in enumerate((4, 7, 10, 13), start=1):
            starts_on = datetime.date(year + month // 13, (month - 1) % 12 + 1, 1)
            ends_on = starts_on + datetime.timedelta(days=80)
            quarters.append(programme.quarters.create(number=number, starts_on=starts_on, ends_on=ends_on))
    return quarters[:count]


def detail_url(quarterly_return) -> str:
    return reverse("self_evaluation:return_detail", args=[quarterly_return.pk])


def start_url(quarter: Quarter) -> str:
    return reverse("self_evaluation:return_start", args=[quarter.pk])


def make_return(
    local_authority,
    quarter,
    *,
    by,
    status=SUBMITTED,
    level=Level.PARTIAL,
    levels=None,
    assessment=(),
    planning=(),
    grant=None,
    costs=(),
    elements=None,
) -> QuarterlyReturn:
    """A return with every element rated `level` (or as `levels` says, by slug) and these cost lines:
    (theme, agency, financial, in kind)."""
    quarterly_return = QuarterlyReturn.objects.create(
        local_authority=local_authority,
        quarter=quarter,
        status=status,
        created_by=by,
        created_at=AT,
        updated_at=AT,
        submitted_at=AT if status == SUBMITTED else None,
        assessment_approaches=list(assessment),
        planning_approaches=list(planning),
        grant_received=grant,
    )
    levels = levels or {}
    Rating.objects.bulk_create(
        Rating(quarterly_return=quarterly_return, element=e, level=levels.get(e.slug, level))
        for e in (elements if elements is not None else Element.objects.all())
    )
    CostLine.objects.bulk_create(
        CostLine(
            quarterly_return=quarterly_return, theme=t, agency=a, financial=Decimal(str(f)), in_kind=Decimal(str(k))
        )
        for t, a, f, k in costs
    )
    return quarterly_return
