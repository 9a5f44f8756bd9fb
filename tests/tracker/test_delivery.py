"""Every figure on the delivery tracker equals the count a person would make from the records.

The state below is built by hand, as at 15 November 2013 (day 229 of the 365-day programme year),
for three champions: Greater Manchester Group (North West), Hartlepool (North East) and Solihull.
"""

import datetime
import zoneinfo

import pytest

from case_studies.models import CaseStudy
from case_studies.progress import QuarterStatus
from events.attendance import attendance_counts_refresh
from events.models import Event, Registration
from programme.funding import programme_allocations
from programme.models import Programme, Quarter, Theme
from regions.models import Champion, LocalAuthority
from support_days.models import SupportDay
from tests.case_studies.factories import make_case_study as make_case_study_
from tests.case_studies.factories import make_resource, submitted
from tests.events.factories import event, make_event, make_registration, registration
from tests.support_days.factories import make_support_day, support_day
from tracker.delivery import programme_delivery

LONDON = zoneinfo.ZoneInfo("Europe/London")
NOW = datetime.datetime(2013, 11, 15, 12, 0, tzinfo=LONDON)
ELAPSED = 229 / 365  # 1 April to 15 November 2013, both days included
ALL_THEMES = (
    "preparing-for-adulthood",
    "coordinated-assessment-ehc-plans",
    "personal-budgets",
    "local-offer",
    "joint-commissioning",
    "engagement",
)


def at(year: int, month: int, day: int, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=LONDON)


def by_slug(now=NOW) -> dict:
    return {row.champion.slug: row for row in programme_delivery(programme=Programme.objects.get(), now=now)}


def theme(slug: str) -> int:
    return Theme.objects.get(slug=slug).pk


def quarter(number: int) -> Quarter:
    return Quarter.objects.get(number=number)


def la(slug: str) -> LocalAuthority:
    return LocalAuthority.objects.get(slug=slug)


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def gm(reference_data):
    return Champion.objects.get(slug="greater-manchester-group")


@pytest.fixture
def hartlepool(reference_data):
    return Champion.objects.get(slug="hartlepool")


@pytest.fixture
def solihull(reference_data):
    return Champion.objects.get(slug="solihull")


@pytest.fixture
def events(programme_staff, gm, hartlepool, solihull):
    """GM: a conference held; 2 local-offer and 1 personal-budgets workshops held; much that must not count."""
    mk = lambda **f: make_event(created_by=programme_staff, **f)  # noqa: E731
    conference = mk(champion=gm, kind=Event.Kind.REGIONAL_CONFERENCE, starts_at=at(2013, 6, 10))
    mk(champion=gm, kind=Event.Kind.REGIONAL_CONFERENCE, starts_at=at(2013, 12, 1), status=Event.Status.CANCELLED)
    mk(champion=gm, kind=Event.Kind.REGIONAL_CONFERENCE, starts_at=at(2014, 1, 20), status=Event.Status.DRAFT)
    both = mk(champion=gm, starts_at=at(2013, 5, 1), themes=("local-offer", "personal-budgets"))
    mk(champion=gm, kind=Event.Kind.SEMINAR, starts_at=at(2013, 9, 1), themes=("local-offer",))
    mk(champion=gm, starts_at=at(2013, 12, 5), themes=("local-offer",))  # upcoming
    mk(champion=gm, starts_at=at(2013, 7, 1), themes=("local-offer",), status=Event.Status.CANCELLED)
    before_year = mk(champion=gm, starts_at=at(2013, 3, 20), themes=("local-offer",))
    draft = mk(champion=gm, starts_at=at(2013, 8, 1), themes=("local-offer",), status=Event.Status.DRAFT)
    # Hartlepool: a conference scheduled, and 4 workshops each covering all six themes.
    mk(champion=hartlepool, kind=Event.Kind.REGIONAL_CONFERENCE, starts_at=at(2014, 2, 10))
    for month in (5, 6, 7, 8):
        mk(champion=hartlepool, starts_at=at(2013, month, 15), themes=ALL_THEMES)
    # Solihull: only a conference after the programme year.
    mk(champion=solihull, kind=Event.Kind.REGIONAL_CONFERENCE, starts_at=at(2014, 5, 1))
    # Who attended GM's events.
    for partner_type, attendance in [
        ("parent_carer_forum", "attended"),
        ("parent_carer_forum", "attended"),
        ("school", "attended"),
        ("other", "attended"),
        ("health", "did_not_attend"),
        ("vcs", ""),
    ]:
        make_registration(both, partner_type=partner_type, attendance=attendance)
    make_registration(conference, partner_type="school", attendance="attended")
    make_registration(before_year, partner_type="health", attendance="attended")
    make_registration(draft, partner_type="post_16", attendance="attended")


@pytest.fixture
def support_days(programme_staff, gm, hartlepool):
    """Sunderland (North East) is assigned to GM, which delivered its day."""
    LocalAuthority.objects.filter(slug="sunderland").update(champion_override=gm)
    mk = lambda slug, status, on, champion=gm: make_support_day(  # noqa: E731
        local_authority=la(slug), requested_by=programme_staff, champion=champion, status=status, date=on
    )
    mk("bolton", "delivered", datetime.date(2013, 6, 5))
    mk("bolton", "delivered", datetime.date(2013, 9, 5))  # the same LA twice: counts once
    mk("bury", "booked", datetime.date(2013, 12, 10))
    mk("blackpool", "cancelled", datetime.date(2013, 10, 1))
    mk("wigan", "delivered", datetime.date(2013, 7, 1))  # a pathfinder
    mk("stockport", "delivered", datetime.date(2013, 3, 15))  # before the programme year
    mk("sunderland", "delivered", datetime.date(2013, 8, 1))
    for slug in ("county-durham", "middlesbrough", "newcastle-upon-tyne", "north-tyneside", "northumberland"):
        mk(slug, "delivered", datetime.date(2013, 10, 1), champion=hartlepool)


@pytest.fixture
def case_studies(programme_staff, champion_staff, gm, hartlepool):
    """GM: Q1 on time (published in Q2), Q2 late (published in Q3), Q3 a draft. Hartlepool: Q1 and Q3 only."""
    by = {"created_by": programme_staff}
    published = CaseStudy.Status.PUBLISHED
    submitted(**by, champion=gm, quarter=quarter(1), at=at(2013, 7, 1), status=published, published_at=at(2013, 7, 20))
    submitted(
        **by,
        champion=gm,
        quarter=quarter(2),
        at=at(2013, 10, 20),
        late=True,
        status=published,
        published_at=at(2013, 11, 1),
    )
    make_case_study_(**by, champion=gm, quarter=quarter(3))
    submitted(**by, champion=hartlepool, quarter=quarter(1), at=at(2013, 7, 10), status=CaseStudy.Status.APPROVED)
    submitted(**by, champion=hartlepool, quarter=quarter(3), at=at(2013, 11, 1))
    make_resource(published_by=champion_staff, published_at=at(2013, 5, 10))
    make_resource(published_by=champion_staff, published_at=at(2013, 8, 10), removed_at=at(2013, 9, 1))
    make_resource(published_by=programme_staff, published_at=at(2013, 8, 10))  # national: nobody's


@pytest.fixture
def state(events, support_days, case_studies):
    pass


def test_it_counts_conferences_held_and_scheduled(state):
    rows = by_slug()
    gm, hartlepool, solihull = rows["greater-manchester-group"], rows["hartlepool"], rows["solihull"]
    assert (gm.conferences_held, gm.conferences_scheduled) == (1, 0)
    assert (hartlepool.conferences_held, hartlepool.conferences_scheduled) == (0, 1)
    assert (solihull.conferences_held, solihull.conferences_scheduled) == (0, 0)
    assert (gm.conference.actual, gm.conference.target, gm.conference.status) == (1, 1, "on_track")
    assert (hartlepool.conference.actual, hartlepool.conference.status) == (1, "on_track")
    # None yet, with 229/365 of the year gone: 0% of what is expected.
    assert (solihull.conference.actual, solihull.conference.status) == (0, "off_track")


def test_it_counts_workshops_per_theme_with_upcoming_apart(state):
    gm = by_slug()["greater-manchester-group"]
    assert {t: f.actual for t, f in gm.workshops.items()} == {
        theme("preparing-for-adulthood"): 0,
        theme("coordinated-assessment-ehc-plans"): 0,
        theme("personal-budgets"): 1,
        theme("local-offer"): 2,
        theme("joint-commissioning"): 0,
        theme("engagement"): 0,
    }
    assert gm.workshops_upcoming[theme("local-offer")] == 1
    assert sum(gm.workshops_upcoming.values()) == 1
    assert {f.target for f in gm.workshops.values()} == {4}


def test_it_gives_workshop_statuses_by_the_rule(state):
    gm, hartlepool = by_slug()["greater-manchester-group"], by_slug()["hartlepool"]
    expected = 4 * ELAPSED  # 2.51 workshops per theme by now
    assert 100 * 2 / expected == pytest.approx(79.69, abs=0.01)  # just under 80%: at risk
    assert 100 * 1 / expected == pytest.approx(39.85, abs=0.01)  # under 50%: off track
    assert gm.workshops[theme("local-offer")].status == "at_risk"
    assert gm.workshops[theme("personal-budgets")].status == "off_track"
    assert gm.workshops[theme("engagement")].status == "off_track"
    assert {f.actual for f in hartlepool.workshops.values()} == {4}
    assert {f.status for f in hartlepool.workshops.values()} == {"on_track"}


def test_it_counts_las_with_a_delivered_and_a_booked_day(state):
    rows = by_slug()
    gm, hartlepool = rows["greater-manchester-group"], rows["hartlepool"]
    north_west = LocalAuthority.objects.non_pathfinder().filter(region__slug="north-west").count()
    north_east = LocalAuthority.objects.non_pathfinder().filter(region__slug="north-east").count()
    assert (north_west, north_east) == (18, 9)
    # Bolton (twice) and Sunderland, assigned across regions; Bury booked.
    assert (gm.las_delivered, gm.las_booked, gm.assigned_las) == (2, 1, 18 + 1)
    assert (hartlepool.las_delivered, hartlepool.las_booked, hartlepool.assigned_las) == (5, 0, 9 - 1)
    assert (gm.support_days.actual, gm.support_days.target) == (2, 19)
    assert (hartlepool.support_days.actual, hartlepool.support_days.target) == (5, 8)
    assert 100 * 2 / (19 * ELAPSED) < 50 and gm.support_days.status == "off_track"
    assert 100 * 5 / (8 * ELAPSED) >= 80 and hartlepool.support_days.status == "on_track"


def test_it_counts_a_cross_region_day_for_the_champion_that_delivered_it(state, programme_staff, hartlepool):
    # Before the override moved it, Hartlepool delivered a day to Sunderland too.
    make_support_day(
        local_authority=la("sunderland"),
        requested_by=programme_staff,
        champion=hartlepool,
        status="delivered",
        date=datetime.date(2013, 5, 1),
    )
    rows = by_slug()
    assert rows["hartlepool"].las_delivered == 6
    assert rows["greater-manchester-group"].las_delivered == 2


def test_it_counts_an_la_once_when_it_has_a_delivered_and_a_booked_day(state, programme_staff, gm):
    make_support_day(
        local_authority=la("bolton"),
        requested_by=programme_staff,
        champion=gm,
        status="booked",
        date=at(2014, 1, 8).date(),
    )
    gm_row = by_slug()["greater-manchester-group"]
    assert (gm_row.las_delivered, gm_row.las_booked) == (2, 1)


def test_it_gives_each_quarters_case_study_status(state):
    rows = by_slug()

    def statuses(slug):
        return [rows[slug].case_studies[quarter(n).pk].status for n in (1, 2, 3, 4)]

    Q = QuarterStatus
    assert statuses("greater-manchester-group") == [Q.ON_TIME, Q.LATE, Q.DUE, Q.NOT_YET_DUE]
    assert statuses("hartlepool") == [Q.ON_TIME, Q.OVERDUE, Q.ON_TIME, Q.NOT_YET_DUE]
    assert statuses("solihull") == [Q.OVERDUE, Q.OVERDUE, Q.DUE, Q.NOT_YET_DUE]
    assert rows["greater-manchester-group"].case_studies[quarter(3).pk].case_study is None  # the draft


def test_it_counts_what_was_published_per_quarter(state):
    rows = by_slug()
    per_quarter = lambda slug: [rows[slug].published_by_quarter[quarter(n).pk] for n in (1, 2, 3, 4)]  # noqa: E731
    # A resource in Q1 (a removed one does not count), case studies published in Q2 and Q3.
    assert per_quarter("greater-manchester-group") == [1, 1, 1, 0]
    assert per_quarter("hartlepool") == [0, 0, 0, 0]  # submitted and approved, never published


def test_it_counts_attendees_per_partner_type_and_lists_the_groups_never_represented(state):
    rows = by_slug()
    gm = rows["greater-manchester-group"]
    assert dict(gm.attendees_by_partner_type) == {"parent_carer_forum": 2, "school": 2, "other": 1}
    assert gm.partner_groups_missing == [
        "Children and young people",
        "Early years providers",
        "Post-16 institutions",
        "The health service",
        "VCS partners",
        "Local authority education",
        "Children's social care",
        "Adult social care",
    ]
    assert len(rows["solihull"].partner_groups_missing) == 10


def test_it_shows_each_champions_allocation(state):
    expected = {a.key.pk: a.amount for a in programme_allocations(Programme.objects.get())}
    rows = programme_delivery(programme=Programme.objects.get(), now=NOW)
    assert {row.champion.pk: row.allocation for row in rows} == expected
    assert sum(row.allocation for row in rows) == 600_000
    assert len(rows) == 9


def test_it_gives_each_champion_the_worst_status_of_its_figures(state, programme_staff, hartlepool):
    rows = by_slug()
    assert rows["greater-manchester-group"].status == "off_track"
    # Every Hartlepool figure is on track, but its Q2 case study is overdue.
    hartlepool_row = rows["hartlepool"]
    assert {hartlepool_row.conference.status, hartlepool_row.support_days.status} == {"on_track"}
    assert hartlepool_row.status == "off_track"
    assert hartlepool_row.status_label == "Off track"
    submitted(created_by=programme_staff, champion=hartlepool, quarter=quarter(2), at=at(2013, 11, 14), late=True)
    assert by_slug()["hartlepool"].status == "on_track"


def test_it_follows_the_thresholds_stored_on_the_programme(state):
    Programme.objects.update(tracker_at_risk_below_percent=70, tracker_off_track_below_percent=10)
    gm = by_slug()["greater-manchester-group"]
    assert gm.workshops[theme("local-offer")].status == "on_track"  # 79.7% >= 70%
    assert gm.workshops[theme("personal-budgets")].status == "at_risk"  # 39.8%
    assert gm.support_days.status == "at_risk"  # 2 of 19 * 229/365: 16.8%
    Programme.objects.update(tracker_at_risk_below_percent=100, tracker_off_track_below_percent=80)
    gm = by_slug()["greater-manchester-group"]
    assert gm.workshops[theme("local-offer")].status == "off_track"
    assert gm.support_days.status == "off_track"


def test_it_puts_the_edges_exactly_at_80_and_50_percent_on_the_better_side(reference_data):
    programme = Programme.objects.get()
    end = programme.ends_on
    assert programme.elapsed_fraction(end) == 1
    statuses = {actual: programme.delivery_status(actual=actual, target=10, today=end) for actual in range(11)}
    assert statuses == {
        **dict.fromkeys(range(5), "off_track"),
        **dict.fromkeys((5, 6, 7), "at_risk"),
        **dict.fromkeys((8, 9, 10), "on_track"),
    }


def test_it_reports_the_edges_through_the_tracker(programme_staff, solihull):
    """After the year, with a target of 10 per theme: 8 held is on track, 7 and 5 at risk, 4 off track."""
    Programme.objects.update(target_workshops_per_theme=10)
    themes_of = {
        1: ALL_THEMES[:4],
        2: ALL_THEMES[:4],
        3: ALL_THEMES[:4],
        4: ALL_THEMES[:4],
        5: ALL_THEMES[:3],
        6: ALL_THEMES[:2],
        7: ALL_THEMES[:2],
        8: ALL_THEMES[:1],
    }
    for n, slugs in themes_of.items():
        make_event(created_by=programme_staff, champion=solihull, starts_at=at(2013, 5, n), themes=slugs)
    row = by_slug(now=at(2014, 4, 2))["solihull"]
    figures = {slug: (row.workshops[theme(slug)].actual, row.workshops[theme(slug)].status) for slug in ALL_THEMES[:4]}
    assert figures == {
        ALL_THEMES[0]: (8, "on_track"),
        ALL_THEMES[1]: (7, "at_risk"),
        ALL_THEMES[2]: (5, "at_risk"),
        ALL_THEMES[3]: (4, "off_track"),
    }


def test_it_expects_nothing_before_the_programme_starts(state):
    rows = by_slug(now=at(2013, 3, 1))
    assert Programme.objects.get().elapsed_fraction(datetime.date(2013, 3, 1)) == 0
    assert {row.support_days.status for row in rows.values()} == {"on_track"}
    assert {f.status for row in rows.values() for f in row.workshops.values()} == {"on_track"}
    assert {row.status for row in rows.values()} == {"on_track"}


def test_it_expects_pro_rata_on_the_first_day(reference_data):
    programme = Programme.objects.get()
    assert programme.elapsed_fraction(datetime.date(2013, 4, 1)) == 1 / 365
    assert programme.elapsed_fraction(datetime.date(2013, 11, 15)) == ELAPSED
    assert programme.delivery_status(actual=0, target=4, today=datetime.date(2013, 4, 1)) == "off_track"


def _lots(*, created_by, n_events: int, per_event: int):
    champions, themes = list(Champion.objects.all()), list(Theme.objects.all())
    made = Event.objects.bulk_create(
        event(created_by=created_by, champion=champions[i % 9], starts_at=at(2013, 4 + i % 9, 1 + i % 28))
        for i in range(n_events)
    )
    Event.themes.through.objects.bulk_create(
        Event.themes.through(event_id=e.pk, theme_id=t.pk) for i, e in enumerate(made) for t in themes[: 1 + i % 3]
    )
    Registration.objects.bulk_create(
        registration(e, partner_type=pt, attendance="attended") for e in made for pt in ["school", "vcs"][:per_event]
    )
    attendance_counts_refresh(event_ids=[e.pk for e in made])
    las = list(LocalAuthority.objects.non_pathfinder().with_assigned_champion()[:n_events])
    SupportDay.objects.bulk_create(
        support_day(local_authority=x, requested_by=created_by, status="delivered", date=datetime.date(2013, 6, 3))
        for x in las
    )


def test_it_runs_the_same_number_of_queries_whatever_the_size(programme_staff, state, query_count):
    programme = Programme.objects.get()
    run = lambda: programme_delivery(programme=programme, now=NOW)  # noqa: E731
    small = query_count(run)
    _lots(created_by=programme_staff, n_events=120, per_event=2)
    for i, champion in enumerate(Champion.objects.all()):
        submitted(created_by=programme_staff, champion=champion, quarter=quarter(1 + i % 4), at=at(2013, 7, 1))
    large = query_count(run)
    assert Event.objects.count() > 130 and Registration.objects.count() > 240
    assert small == large
    assert large <= 15
