"""The reports' figures, from returns built with known answers: areas at each level, change between two
quarters (full or in place, and full alone), the most progressed and least developed elements, costs
(median, minimum, maximum, shares, grant), and the small-number threshold in regions and England
(tests/self_evaluation/test_small_numbers_england.py has more of England's)."""

from decimal import Decimal

import pytest
from django.test import override_settings

from programme.models import Quarter
from regions.models import LocalAuthority, Region
from self_evaluation.models import Agency, CdfTheme, CostLine, Element, Level, QuarterlyReturn
from self_evaluation.reports import Change, Population, change_report, costs_report, levels_report, percentages
from tests.self_evaluation.builders import PATHWAY, make_return


@pytest.fixture
def quarters(reference_data) -> list[Quarter]:
    return list(Quarter.objects.select_related("programme").order_by("starts_on"))


@pytest.fixture
def pathfinders(reference_data) -> list[LocalAuthority]:
    return list(LocalAuthority.objects.filter(pathfinder__isnull=False).order_by("name"))


@pytest.fixture
def north_west(reference_data) -> Region:
    return Region.objects.get(slug="north-west")


def _north_west_pathfinders():
    return list(LocalAuthority.objects.filter(region__slug="north-west", pathfinder__isnull=False).order_by("name"))


def _pathway_levels(full: int, in_place: int, total: int = 31) -> list[str]:
    return [Level.FULL] * full + [Level.IN_PLACE] * in_place + [Level.PARTIAL] * (total - full - in_place)


def test_the_reference_data_has_31_pathfinder_areas_and_33_elements(pathfinders, quarters):
    assert len(pathfinders) == 31
    assert Element.objects.count() == 33
    assert [q.number for q in quarters] == [1, 2, 3, 4]


# --- Levels ------------------------------------------------------------------------------------


def test_it_counts_the_areas_at_each_level_of_each_element(pathfinders, quarters, programme_staff):
    q1 = quarters[0]
    pathway = [Level.FULL] * 10 + [Level.IN_PLACE] * 5 + [Level.PARTIAL] * 6 + [Level.EARLY] * 4
    pathway += [Level.NOT_STARTED] * 6
    for i, la in enumerate(pathfinders):
        make_return(
            la,
            q1,
            by=programme_staff,
            levels={PATHWAY: pathway[i]},
            assessment=["brought_together"] * (i < 24) + ["single_episode"] * (i < 20),
            planning=["single_event"] * (i < 25) + ["coordinator"] * (i >= 6),
        )

    report = levels_report(quarter=q1, population=Population.PATHFINDERS, region=None)

    assert report.areas == 31 and not report.withheld
    assert [t.theme for t in report.themes] == list(CdfTheme)
    assert [len(t.elements) for t in report.themes] == [19, 4, 10]
    row = next(r for r in report.elements if r.element.slug == PATHWAY)
    assert row.counts == {
        Level.NOT_STARTED: 6,
        Level.IN_PLACE: 5,
        Level.EARLY: 4,
        Level.PARTIAL: 6,
        Level.FULL: 10,
    }
    assert row.in_order == [6, 5, 4, 6, 10]  # the models' order of levels
    assert row.rated == 31 and row.full_or_in_place == 15
    assert sum(s.width for s in row.segments) == 100
    governance = report.elements[0]
    assert governance.counts[Level.PARTIAL] == 31 and governance.segments[0].colour == "yellow"
    assert {a.value: a.count for a in report.assessment} == {"brought_together": 24, "single_episode": 20, "none": 0}
    assert {p.value: p.count for p in report.planning} == {"single_event": 25, "coordinator": 25, "none": 0}
    words = " ".join(report.findings)
    assert "31 pathfinder areas submitted a return for Quarter 1 2013-14" in words
    assert "24 of 31 areas" in words and "single planning event with professionals and the family: 25 of 31" in words
    assert "Most developed: Assessment and planning pathway" in words and "in 15 of 31 areas" in words


def test_it_counts_only_submitted_returns(pathfinders, quarters, programme_staff):
    q1 = quarters[0]
    for la in pathfinders[:29]:
        make_return(la, q1, by=programme_staff, level=Level.EARLY)
    make_return(pathfinders[29], q1, by=programme_staff, status=QuarterlyReturn.Status.DRAFT, level=Level.FULL)
    make_return(pathfinders[30], q1, by=programme_staff, status=QuarterlyReturn.Status.REOPENED, level=Level.FULL)

    report = levels_report(quarter=q1, population=Population.PATHFINDERS, region=None)

    assert report.areas == 29
    assert all(r.counts[Level.EARLY] == 29 and r.counts[Level.FULL] == 0 for r in report.elements)


def test_it_filters_pathfinders_non_pathfinders_or_both(pathfinders, quarters, programme_staff):
    q1 = quarters[0]
    for la in pathfinders[:6]:
        make_return(la, q1, by=programme_staff, level=Level.FULL)
    for la in LocalAuthority.objects.filter(pathfinder__isnull=True)[:5]:
        make_return(la, q1, by=programme_staff, level=Level.NOT_STARTED)
    make_return(pathfinders[6], quarters[1], by=programme_staff)  # another quarter

    def areas(population):
        report = levels_report(quarter=q1, population=population, region=None)
        return report.areas, report.elements[0].counts[Level.FULL], report.elements[0].counts[Level.NOT_STARTED]

    assert areas(Population.PATHFINDERS) == (6, 6, 0)
    assert areas(Population.NON_PATHFINDERS) == (5, 0, 5)
    assert areas(Population.ALL) == (11, 6, 5)


def test_it_withholds_a_regions_levels_from_fewer_than_five_areas(quarters, programme_staff, north_west):
    q1 = quarters[0]
    north_west_pathfinders = _north_west_pathfinders()
    assert len(north_west_pathfinders) == 5
    for la in north_west_pathfinders[:4]:
        make_return(la, q1, by=programme_staff, level=Level.FULL, assessment=["single_episode"])
    make_return(LocalAuthority.objects.get(slug="gateshead"), q1, by=programme_staff)  # North East

    report = levels_report(quarter=q1, population=Population.PATHFINDERS, region=north_west)
    assert report.areas == 4
    assert report.withheld == (
        "Fewer than 5 pathfinder areas in North West submitted a return for Quarter 1 2013-14, so figures are not "
        "shown, so that no single area's answers can be picked out."
    )
    assert report.themes == [] and report.assessment == [] and report.findings == []
    national = levels_report(quarter=q1, population=Population.PATHFINDERS, region=None)
    assert national.areas == 5 and not national.withheld

    make_return(north_west_pathfinders[4], q1, by=programme_staff, level=Level.FULL)
    report = levels_report(quarter=q1, population=Population.PATHFINDERS, region=north_west)
    assert report.areas == 5 and not report.withheld
    assert report.elements[0].counts[Level.FULL] == 5

    with override_settings(SELF_EVALUATION_MIN_AREAS=6):
        assert levels_report(quarter=q1, population=Population.PATHFINDERS, region=north_west).withheld
        assert not levels_report(quarter=q1, population=Population.PATHFINDERS, region=None).withheld  # 6 areas
    with override_settings(SELF_EVALUATION_MIN_AREAS=7):
        national = levels_report(quarter=q1, population=Population.PATHFINDERS, region=None)
        assert national.withheld.startswith("Fewer than 7 pathfinder areas in England")  # England's too
    with override_settings(SELF_EVALUATION_MIN_AREAS=1):
        single = levels_report(quarter=q1, population=Population.NON_PATHFINDERS, region=north_west)
        assert single.areas == 0 and single.withheld.startswith("Fewer than 1 non-pathfinder area in North West")


# --- Change ------------------------------------------------------------------------------------


@pytest.fixture
def twenty_then_twenty_five(pathfinders, quarters, programme_staff):
    """The pathway at full or in place in 20 of 31 areas in Q1 (15 full) and 25 in Q2 (22 full)."""
    q1, q2 = quarters[0], quarters[1]
    elements = list(Element.objects.all())
    q1_pathway, q2_pathway = _pathway_levels(15, 5), _pathway_levels(22, 3)
    for i, la in enumerate(pathfinders):
        make_return(la, q1, by=programme_staff, levels={PATHWAY: q1_pathway[i]}, elements=elements)
        make_return(la, q2, by=programme_staff, levels={PATHWAY: q2_pathway[i]}, elements=elements)
    return q1, q2


def test_it_reports_25_and_plus_5_for_20_then_25_areas_at_full_or_in_place(twenty_then_twenty_five):
    q1, q2 = twenty_then_twenty_five
    report = change_report(before=q1, after=q2, population=Population.PATHFINDERS, region=None)

    assert (report.areas_before, report.areas_after) == (31, 31)
    row = next(r for r in report.elements if r.element.slug == PATHWAY)
    assert (row.full_or_in_place_before, row.full_or_in_place_after) == (20, 25)
    assert row.full_or_in_place_change.signed == "+5" and row.full_or_in_place_change.words == "5 more"
    assert (row.full_before, row.full_after) == (15, 22)
    assert row.full_change.signed == "+7"
    assert report.progressed_most == [row]
    assert (
        "Most progress: 25 areas had fully implemented or already had in place assessment and planning pathway "
        "in Quarter 2 2013-14, 5 more than in Quarter 1 2013-14 (full development alone: 22, 7 more)."
    ) in report.findings


def test_it_does_not_count_drafts_or_reopened_returns_in_the_change(twenty_then_twenty_five, pathfinders, quarters):
    q1, q2 = twenty_then_twenty_five
    QuarterlyReturn.objects.filter(quarter=q2, local_authority=pathfinders[0]).update(
        status=QuarterlyReturn.Status.REOPENED
    )  # one of the 22 at full development in Q2
    QuarterlyReturn.objects.filter(quarter=q2, local_authority=pathfinders[30]).update(
        status=QuarterlyReturn.Status.DRAFT
    )  # at partial development
    report = change_report(before=q1, after=q2, population=Population.PATHFINDERS, region=None)
    row = next(r for r in report.elements if r.element.slug == PATHWAY)
    assert report.areas_after == 29
    assert (row.full_or_in_place_after, row.full_after) == (24, 21)
    assert row.full_or_in_place_change.signed == "+4"


def test_it_lists_the_elements_that_progressed_most_and_the_least_developed(pathfinders, quarters, programme_staff):
    q1, q3 = quarters[0], quarters[2]
    elements = list(Element.objects.all())
    slugs = [e.slug for e in elements]
    # Gains in Q3 over Q1 of 1, 2, ..., 7 areas for the first seven elements; two elements tie on 7.
    gains = {slugs[0]: 1, slugs[1]: 2, slugs[2]: 3, slugs[3]: 4, slugs[4]: 5, slugs[5]: 7, slugs[6]: 7}
    for i, la in enumerate(pathfinders[:10]):
        before = dict.fromkeys(slugs[7:], Level.FULL)
        after = dict.fromkeys(slugs[7:], Level.FULL) | {s: Level.FULL for s, g in gains.items() if i < g}
        # The last five elements fall behind in Q3: 0, 1, 2, 3, 4 areas at full or in place.
        for n, slug in enumerate(slugs[-5:]):
            after[slug] = Level.IN_PLACE if i < n else Level.EARLY
        make_return(la, q1, by=programme_staff, levels=before, level=Level.EARLY, elements=elements)
        make_return(la, q3, by=programme_staff, levels=after, level=Level.EARLY, elements=elements)

    report = change_report(before=q1, after=q3, population=Population.PATHFINDERS, region=None)

    assert [r.element.slug for r in report.progressed_most] == [slugs[5], slugs[6], slugs[4], slugs[3], slugs[2]]
    assert [r.full_or_in_place_change.value for r in report.progressed_most] == [7, 7, 5, 4, 3]
    # Fewest in Q3: the last five elements have 0..4 areas; elements 0 and 1 (1 and 2 areas) come before
    # the ones they tie with, in element order.
    least = report.least_developed
    assert [r.full_or_in_place_after for r in least] == [0, 1, 1, 2, 2]
    assert [r.element.slug for r in least] == [slugs[-5], slugs[0], slugs[-4], slugs[1], slugs[-3]]
    behind = next(r for r in report.elements if r.element.slug == slugs[-1])
    assert behind.full_or_in_place_change.signed == "\u22126" and behind.full_or_in_place_change.words == "6 fewer"
    assert behind.full_change.value == -10


def test_it_withholds_a_regions_change_unless_five_areas_returned_in_both_quarters(
    quarters, programme_staff, north_west
):
    q1, q2 = quarters[0], quarters[1]
    las = _north_west_pathfinders()
    for la in las:
        make_return(la, q1, by=programme_staff)
    for la in las[:4]:
        make_return(la, q2, by=programme_staff, level=Level.FULL)

    report = change_report(before=q1, after=q2, population=Population.PATHFINDERS, region=north_west)
    assert (report.areas_before, report.areas_after) == (5, 4)
    assert report.withheld.startswith(
        "Fewer than 5 pathfinder areas in North West submitted a return for Quarter 2 2013-14, so figures are not shown"
    )
    assert report.themes == [] and report.findings == []

    make_return(las[4], q2, by=programme_staff, level=Level.FULL)
    report = change_report(before=q1, after=q2, population=Population.PATHFINDERS, region=north_west)
    assert not report.withheld and report.elements[0].full_or_in_place_change.signed == "+5"
    with override_settings(SELF_EVALUATION_MIN_AREAS=6):
        assert (
            "for Quarter 1 2013-14 and for Quarter 2 2013-14"
            in change_report(before=q1, after=q2, population=Population.PATHFINDERS, region=north_west).withheld
        )


def test_it_writes_changes_with_a_sign():
    assert [Change(5).signed, Change(-2).signed, Change(0).signed] == ["+5", "\u22122", "0"]
    assert [Change(1).words, Change(-2).words, Change(0).words] == ["1 more", "2 fewer", "no change"]


# --- Costs -------------------------------------------------------------------------------------


def _cost(total: int, theme=CdfTheme.ORGANISATIONAL, agency=Agency.EDUCATION):
    """A cost line of `total` pounds, 60% financial and 40% in kind."""
    return (theme, agency, Decimal(total) * Decimal("0.6"), Decimal(total) * Decimal("0.4"))


@override_settings(SELF_EVALUATION_MIN_AREAS=1)  # the sums, from a few areas (the threshold has its own tests)
def test_it_gives_the_median_minimum_and_maximum_cost_per_area_to_date(pathfinders, quarters, programme_staff):
    q1, q2, q3 = quarters[:3]
    # Totals to the end of Q2: 100, 200, 300 and 1000 (Q1 and Q2 added together).
    for la, (first, second) in zip(pathfinders, [(50, 50), (0, 200), (100, 200), (400, 600)], strict=False):
        make_return(la, q1, by=programme_staff, costs=[_cost(first)] if first else [], grant=Decimal("100"))
        make_return(la, q2, by=programme_staff, costs=[_cost(second)], grant=Decimal("100"))
    make_return(pathfinders[0], q3, by=programme_staff, costs=[_cost(5000)])  # after the chosen quarter
    make_return(pathfinders[5], q2, by=programme_staff, costs=[_cost(9000)], status=QuarterlyReturn.Status.DRAFT)
    non_pathfinder = LocalAuthority.objects.filter(pathfinder__isnull=True).first()
    make_return(non_pathfinder, q2, by=programme_staff, costs=[_cost(9000)])

    report = costs_report(quarter=q2, region=None)
    assert report.areas == 4 and report.area_totals == [100, 200, 300, 1000]
    assert report.median == Decimal("250.00")
    assert (report.minimum, report.maximum) == (Decimal("100.00"), Decimal("1000.00"))
    assert (report.financial, report.in_kind, report.total) == (Decimal(960), Decimal(640), Decimal(1600))
    assert report.findings[0].startswith(
        "The median total development cost per pathfinder area up to the end of Quarter 2 2013-14 was £250,"
    )
    assert "from a minimum of £100 in one area to a maximum of £1,000 in another" in report.findings[1]

    odd = costs_report(quarter=q1, region=None)
    assert odd.area_totals == [50, 100, 400] and odd.median == Decimal(100)  # an area with no costs yet is left out
    later = costs_report(quarter=q3, region=None)
    assert (later.minimum, later.median, later.maximum) == (Decimal(200), Decimal(650), Decimal(5100))


@override_settings(SELF_EVALUATION_MIN_AREAS=1)
def test_it_shares_cost_by_theme_per_quarter_and_by_agency(pathfinders, quarters, programme_staff):
    q1, q2 = quarters[:2]
    make_return(
        pathfinders[0],
        q1,
        by=programme_staff,
        costs=[
            _cost(100, CdfTheme.ORGANISATIONAL, Agency.EDUCATION),
            _cost(100, CdfTheme.FAMILIES, Agency.HEALTH),
            _cost(100, CdfTheme.INFRASTRUCTURE, Agency.CROSS_CUTTING),
        ],
    )
    make_return(
        pathfinders[1],
        q2,
        by=programme_staff,
        costs=[_cost(300, CdfTheme.ORGANISATIONAL, Agency.EDUCATION), _cost(100, CdfTheme.FAMILIES, Agency.EDUCATION)],
    )

    report = costs_report(quarter=q2, region=None)

    assert [q.name for q in report.by_quarter] == ["Quarter 1 2013-14", "Quarter 2 2013-14"]
    first, second = report.by_quarter
    assert [s.percent for s in first.shares] == [34, 33, 33]  # thirds, rounded to add up to 100
    assert [s.percent for s in second.shares] == [75, 25, 0]
    assert all(sum(s.percent for s in q.shares) == 100 for q in report.by_quarter)
    assert second.total == Decimal(400) and second.shares[0].amount == Decimal(300)
    agencies = {s.label: (s.amount, s.percent) for s in report.by_agency}
    assert agencies == {
        "Education": (Decimal(500), 72),  # 71.4, 14.3, 14.3: the largest remainder gets the 100th
        "Social care": (Decimal(0), 0),
        "Health": (Decimal(100), 14),
        "Cross-cutting": (Decimal(100), 14),
        "Other": (Decimal(0), 0),
    }
    assert sum(s.percent for s in report.by_agency) == 100


@override_settings(SELF_EVALUATION_MIN_AREAS=1)
def test_it_sets_grant_received_against_cost(pathfinders, quarters, programme_staff):
    q1, q2 = quarters[:2]
    make_return(pathfinders[0], q1, by=programme_staff, grant=Decimal("150000.00"), costs=[_cost(100000)])
    make_return(pathfinders[0], q2, by=programme_staff, grant=Decimal("0.50"), costs=[_cost(60000)])
    make_return(pathfinders[1], q1, by=programme_staff, grant=Decimal("300000.00"), costs=[_cost(200000)])
    make_return(pathfinders[2], q1, by=programme_staff, grant=None, costs=[_cost(1)])

    report = costs_report(quarter=q2, region=None)

    assert report.grant == Decimal("450000.50") and report.total == Decimal(360001)
    assert report.areas_over_grant == 2  # 160,000 against 150,000.50; 1 against no grant
    assert report.grant_percent_spent == 80
    assert [(label, width) for label, _amount, width in report.against_grant] == [("Grant received", 100), ("Cost", 80)]


def test_it_withholds_a_regions_costs_from_fewer_than_five_areas(quarters, programme_staff, north_west):
    q1 = quarters[0]
    las = _north_west_pathfinders()
    for la in las[:4]:
        make_return(la, q1, by=programme_staff, costs=[_cost(1000)])
    make_return(las[4], q1, by=programme_staff)  # a return with no costs does not count

    report = costs_report(quarter=q1, region=north_west)
    assert report.areas == 4 and report.median is None and report.by_quarter == []
    assert report.withheld.startswith("Fewer than 5 pathfinder areas in North West returned costs up to Quarter 1")
    assert costs_report(quarter=q1, region=None).withheld.startswith("Fewer than 5 pathfinder areas in England")

    CostLine.objects.create(
        quarterly_return=QuarterlyReturn.objects.get(local_authority=las[4]),
        theme=CdfTheme.FAMILIES,
        agency=Agency.OTHER,
        financial=Decimal(10),
    )
    report = costs_report(quarter=q1, region=north_west)
    assert not report.withheld and report.minimum == Decimal(10) and report.median == Decimal(1000)
    with override_settings(SELF_EVALUATION_MIN_AREAS=6):
        assert costs_report(quarter=q1, region=north_west).withheld


def test_percentages_add_up_to_100():
    assert percentages([1, 1, 1]) == [34, 33, 33]
    assert percentages([Decimal("0.01"), Decimal("999.99")]) == [0, 100]
    assert percentages([0, 0]) == [0, 0]
    assert sum(percentages([Decimal(7), Decimal(13), Decimal(29), Decimal(51)])) == 100


def test_each_report_runs_a_fixed_number_of_queries(
    pathfinders, quarters, programme_staff, django_assert_num_queries, north_west
):
    q1, q2 = quarters[:2]
    for la in pathfinders:
        make_return(la, q1, by=programme_staff, costs=[_cost(10)], grant=Decimal(5))
        make_return(la, q2, by=programme_staff, costs=[_cost(10)])
    with django_assert_num_queries(3):
        levels_report(quarter=q2, population=Population.ALL, region=north_west)
    with django_assert_num_queries(3):
        change_report(before=q1, after=q2, population=Population.PATHFINDERS, region=None)
    with django_assert_num_queries(4):
        costs_report(quarter=q2, region=None)
