"""The public reference pages: regions, champions, pathfinders, local authorities."""

import pytest
from django.urls import reverse

from regions.models import Champion, LocalAuthority, Pathfinder, Region

pytestmark = pytest.mark.usefixtures("reference_data")


def test_it_lists_the_nine_regions_with_their_counts(client):
    response = client.get(reverse("regions:region_list"))
    assert response.status_code == 200
    regions = {region.name: region for region in response.context["object_list"]}
    assert len(regions) == 9
    assert (regions["London"].la_count, regions["London"].pathfinder_la_count) == (33, 4)
    assert regions["London"].non_pathfinder_la_count == 29
    assert "Bromley and Bexley" in response.content.decode()


def test_it_shows_a_regions_las_marked_pathfinder_or_not_with_their_champion(client):
    response = client.get(reverse("regions:region_detail", args=["north-east"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert len(response.context["local_authorities"]) == 12
    assert response.context["pathfinder_count"] == 3
    assert "Hartlepool and Darlington consortium" in html
    assert html.count("Non-pathfinder") == 9


def test_it_lists_the_champions_with_members_and_their_pathfinders(client):
    response = client.get(reverse("regions:champion_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert len(response.context["object_list"]) == 9
    assert "Leicester City (Northamptonshire and Leicester City consortium)" in html
    counts = {c.slug: c.assigned_non_pathfinder_count for c in response.context["object_list"]}
    assert counts["bromley-and-bexley"] == 29
    assert sum(counts.values()) == 121


def test_it_shows_a_champion_with_its_members_assigned_las_and_allocation(client):
    response = client.get(reverse("regions:champion_detail", args=["greater-manchester-group"]))
    assert response.status_code == 200
    assert {la.name for la in response.context["members"]} == {"Wigan", "Trafford", "Manchester"}
    assert len(response.context["assigned_non_pathfinder"]) == 18
    assert response.context["assigned_pathfinder_count"] == 5
    assert response.context["allocation"].amount == 79_091
    assert "£79,091" in response.content.decode()


def test_it_lists_the_20_pathfinders_with_their_31_las(client):
    response = client.get(reverse("regions:pathfinder_list"))
    assert response.status_code == 200
    assert len(response.context["object_list"]) == 20
    assert response.context["la_count"] == 31
    assert "Isles of Scilly" in response.content.decode()


def test_it_shows_a_local_authority(client):
    response = client.get(reverse("regions:local_authority_detail", args=["hartlepool"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hartlepool and Darlington consortium" in html
    assert "Member of champion" in html
    # Anonymous visitors are not offered the change link.
    assert reverse("regions:local_authority_assign", args=["hartlepool"]) not in html


@pytest.mark.parametrize(
    "name,args", [("region_detail", ["atlantis"]), ("champion_detail", ["nobody"]), ("local_authority_detail", ["x"])]
)
def test_it_gives_404_for_unknown_slugs(client, name, args):
    assert client.get(reverse(f"regions:{name}", args=args)).status_code == 404


def _grow_reference_data():
    """Add LAs, a pathfinder and cross-region assignments, so a page with N+1 queries would show it."""
    north_east = Region.objects.get(slug="north-east")
    pathfinder = Pathfinder.objects.create(slug="extra", name="Extra pathfinder")
    hartlepool = Champion.objects.get(slug="hartlepool")
    for i in range(30):
        LocalAuthority.objects.create(
            slug=f"extra-{i}", name=f"Extra {i}", region=north_east, pathfinder=pathfinder if i % 3 == 0 else None
        )
    LocalAuthority.objects.filter(region__slug="london", pathfinder__isnull=True).update(champion_override=hartlepool)


@pytest.mark.parametrize(
    "name,args",
    [
        ("region_list", []),
        ("region_detail", ["north-east"]),
        ("region_detail", ["london"]),
        ("champion_list", []),
        ("champion_detail", ["hartlepool"]),
        ("pathfinder_list", []),
        ("local_authority_detail", ["bolton"]),
    ],
)
def test_it_shows_each_list_in_a_constant_number_of_queries(client, query_count, name, args):
    url = reverse(f"regions:{name}", args=args)
    before = query_count(lambda: client.get(url))
    _grow_reference_data()
    assert query_count(lambda: client.get(url)) == before


PUBLIC_PAGES = [
    ("regions:region_list", []),
    ("regions:region_detail", ["london"]),
    ("regions:champion_list", []),
    ("regions:champion_detail", ["wiltshire"]),
    ("regions:pathfinder_list", []),
    ("regions:local_authority_detail", ["isles-of-scilly"]),
    ("programme:programme_detail", ["2013-14"]),
]


@pytest.mark.parametrize("person", [None, "programme_staff", "champion_staff", "la_officer"])
def test_it_shows_the_public_pages_to_everyone(request, client, person):
    if person:
        client.force_login(request.getfixturevalue(person))
    for name, args in PUBLIC_PAGES:
        assert client.get(reverse(name, args=args)).status_code == 200, name
