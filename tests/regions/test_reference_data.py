"""The real programme data: facts from the seeds, loaded by `load_programme`."""

import datetime
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from programme.models import Programme, Quarter, Theme
from regions.models import Champion, LocalAuthority, Pathfinder, Region
from self_evaluation.models import Element

LAS_PER_REGION = {
    "North East": 12,
    "North West": 23,
    "Yorkshire and the Humber": 15,
    "East Midlands": 9,
    "West Midlands": 14,
    "East of England": 11,
    "London": 33,
    "South East": 19,
    "South West": 16,
}
PATHFINDER_LAS_PER_REGION = {
    "North East": 3,
    "North West": 5,
    "Yorkshire and the Humber": 2,
    "East Midlands": 3,
    "West Midlands": 1,
    "East of England": 1,
    "London": 4,
    "South East": 8,
    "South West": 4,
}
# Annex A: each champion's member LAs (by name) in its region.
CHAMPION_MEMBERS = {
    "London": {"Bromley", "Bexley"},
    "South East": {
        "Brighton and Hove",
        "East Sussex",
        "Hampshire",
        "Kent",
        "Medway",
        "Surrey",
        "West Sussex",
        "Southampton",
    },
    "South West": {"Wiltshire"},
    "North East": {"Hartlepool"},
    "East Midlands": {"Leicester City"},
    "East of England": {"Hertfordshire"},
    "West Midlands": {"Solihull"},
    "Yorkshire and the Humber": {"North Yorkshire", "Calderdale"},
    "North West": {"Wigan", "Trafford", "Manchester"},
}

pytestmark = pytest.mark.usefixtures("reference_data")


def test_it_loads_nine_regions_in_the_design_order():
    assert list(Region.objects.values_list("name", flat=True)) == list(LAS_PER_REGION)


def test_it_loads_152_local_authorities_each_in_its_region():
    assert LocalAuthority.objects.count() == 152
    for region, count in LAS_PER_REGION.items():
        assert LocalAuthority.objects.filter(region__name=region).count() == count, region
    assert LocalAuthority.objects.filter(name__in=["City of London", "Isles of Scilly"]).count() == 2


def test_it_loads_20_pathfinders_covering_31_las():
    assert Pathfinder.objects.count() == 20
    assert LocalAuthority.objects.filter(pathfinder__isnull=False).count() == 31
    for region, count in PATHFINDER_LAS_PER_REGION.items():
        assert LocalAuthority.objects.filter(region__name=region, pathfinder__isnull=False).count() == count, region
    se7 = Pathfinder.objects.get(slug="se7")
    assert se7.local_authorities.count() == 7
    assert set(
        Pathfinder.objects.get(slug="northamptonshire-and-leicester-city").local_authorities.values_list(
            "name", flat=True
        )
    ) == {"Northamptonshire", "Leicester City"}


def test_it_counts_121_non_pathfinder_las():
    assert LocalAuthority.objects.non_pathfinder().count() == 121
    for region, count in LAS_PER_REGION.items():
        expected = count - PATHFINDER_LAS_PER_REGION[region]
        assert LocalAuthority.objects.non_pathfinder().filter(region__name=region).count() == expected, region


def test_it_loads_the_nine_annex_a_champions_from_13_pathfinders_across_20_las():
    assert Champion.objects.count() == 9
    members = LocalAuthority.objects.filter(member_of_champion__isnull=False)
    assert members.count() == 20
    assert Pathfinder.objects.filter(local_authorities__in=members).distinct().count() == 13
    for champion in Champion.objects.select_related("region"):
        names = set(champion.member_local_authorities.values_list("name", flat=True))
        assert names == CHAMPION_MEMBERS[champion.region.name], champion
        # Every member LA is a pathfinder LA of the champion's own region.
        assert not champion.member_local_authorities.filter(pathfinder__isnull=True).exists()
        assert not champion.member_local_authorities.exclude(region=champion.region).exists()


def test_it_assigns_every_la_to_its_regions_champion_by_default():
    for la in LocalAuthority.objects.with_assigned_champion():
        assert la.assigned_champion == la.region.champion


def test_it_loads_the_six_thematic_areas():
    assert list(Theme.objects.values_list("name", flat=True)) == [
        "Preparing for adulthood and post 16",
        "Co-ordinated assessment and Education, Health and Care plans",
        "Personal budgets",
        "Local offer",
        "Joint commissioning",
        "Engagement with children and young people and parents/carers",
    ]


def test_it_loads_the_33_cdf_elements_grouped_by_the_seeds_three_themes():
    by_theme = Counter(Element.objects.values_list("theme", flat=True))
    assert by_theme == {"organisational": 19, "families": 4, "infrastructure": 10}
    names = list(Element.objects.values_list("name", flat=True))
    assert names[0] == "Governance structures"
    assert "Assessment and planning pathway" in names
    assert names[-1] == "Safeguarding communicated to professionals"


def test_it_loads_the_2013_14_programme_with_annex_b_targets_and_four_quarters():
    programme = Programme.objects.get()
    assert (programme.starts_on, programme.ends_on) == (datetime.date(2013, 4, 1), datetime.date(2014, 3, 31))
    assert programme.national_funding == 600_000
    assert programme.target_regional_conferences == 1
    assert programme.target_workshops_per_theme == 4
    assert programme.target_support_days_per_non_pathfinder_la == 1
    assert programme.target_case_studies_per_quarter == 1
    quarters = [(q.number, q.starts_on, q.ends_on) for q in Quarter.objects.filter(programme=programme)]
    assert quarters == [
        (1, datetime.date(2013, 4, 1), datetime.date(2013, 6, 30)),
        (2, datetime.date(2013, 7, 1), datetime.date(2013, 9, 30)),
        (3, datetime.date(2013, 10, 1), datetime.date(2013, 12, 31)),
        (4, datetime.date(2014, 1, 1), datetime.date(2014, 3, 31)),
    ]


def test_it_changes_nothing_when_loaded_again():
    def snapshot():
        return [
            list(model.objects.order_by("pk").values())
            for model in (Region, Pathfinder, Champion, LocalAuthority, Theme, Element, Programme, Quarter)
        ]

    before = snapshot()
    out = StringIO()
    call_command("load_programme", stdout=out)
    assert snapshot() == before
    assert "nothing changed" in out.getvalue()


def test_it_keeps_what_staff_changed_when_loaded_again():
    bolton = LocalAuthority.objects.get(slug="bolton")
    bolton.champion_override = Champion.objects.get(slug="hartlepool")
    bolton.save()
    Programme.objects.update(funding_base_per_champion=10_000)
    call_command("load_programme", stdout=StringIO())
    bolton.refresh_from_db()
    assert bolton.champion_override.slug == "hartlepool"
    assert Programme.objects.get().funding_base_per_champion == 10_000


def test_it_puts_a_renamed_fact_right_when_loaded_again():
    LocalAuthority.objects.filter(slug="bolton").update(name="Boltonn")
    out = StringIO()
    call_command("load_programme", stdout=out)
    assert LocalAuthority.objects.get(slug="bolton").name == "Bolton"
    assert "1 local authorities updated" in out.getvalue()


def test_it_loads_everything_into_an_empty_database(empty_database):
    out = StringIO()
    call_command("load_programme", stdout=out)
    assert (Region.objects.count(), LocalAuthority.objects.count(), Pathfinder.objects.count()) == (9, 152, 20)
    assert (Champion.objects.count(), Theme.objects.count(), Element.objects.count()) == (9, 6, 33)
    assert (Programme.objects.count(), Quarter.objects.count()) == (1, 4)
    assert "152 local authorities created" in out.getvalue()
