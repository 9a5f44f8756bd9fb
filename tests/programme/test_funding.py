"""The funding allocation rule: an equal base per champion plus a share per non-pathfinder LA."""

import random

import pytest
from django.urls import reverse

from programme.funding import allocate_base_plus_per_la, programme_allocations
from programme.models import Programme
from regions.models import Champion, LocalAuthority

REAL_COUNTS = {"NE": 9, "NW": 18, "YH": 13, "EM": 6, "WM": 13, "EoE": 10, "London": 29, "SE": 11, "SW": 12}


@pytest.mark.parametrize("total", [600_000, 599_999, 1, 9, 1_000_003, 12_345_678])
@pytest.mark.parametrize("base", [0, 1, 30_000, 66_666])
def test_it_allocates_whole_pounds_that_sum_exactly_to_the_total(total, base):
    if base * len(REAL_COUNTS) > total:
        with pytest.raises(ValueError):
            allocate_base_plus_per_la(total=total, base=base, las_by_key=REAL_COUNTS)
        return
    allocations = allocate_base_plus_per_la(total=total, base=base, las_by_key=REAL_COUNTS)
    assert sum(a.amount for a in allocations) == total
    assert all(isinstance(a.amount, int) and a.amount >= base for a in allocations)


def test_it_never_gives_a_champion_with_more_las_less_money():
    rng = random.Random(2013)
    for _ in range(500):
        counts = {i: rng.randint(0, 40) for i in range(rng.randint(1, 12))}
        total = rng.randint(0, 2_000_000)
        base = rng.randint(0, total // len(counts))
        allocations = allocate_base_plus_per_la(total=total, base=base, las_by_key=counts)
        assert sum(a.amount for a in allocations) == total
        for a in allocations:
            for b in allocations:
                if a.non_pathfinder_las > b.non_pathfinder_las:
                    assert a.amount >= b.amount, (counts, total, base)
            if sum(counts.values()):
                # Rounding moves an amount by less than a pound.
                exact = base + (total - base * len(counts)) * a.non_pathfinder_las / sum(counts.values())
                assert abs(a.amount - exact) < 1


def test_it_shares_the_remainder_equally_when_there_are_no_non_pathfinder_las():
    allocations = allocate_base_plus_per_la(total=100, base=10, las_by_key={"a": 0, "b": 0, "c": 0})
    assert sorted(a.amount for a in allocations) == [33, 33, 34]


def test_it_allocates_the_real_600000_by_the_real_assignments(reference_data):
    programme = Programme.objects.get()
    allocations = {a.key.slug: a for a in programme_allocations(programme)}
    assert sum(a.amount for a in allocations.values()) == 600_000
    assert sum(a.non_pathfinder_las for a in allocations.values()) == 121
    assert allocations["bromley-and-bexley"].non_pathfinder_las == 29
    # £30,000 base + £330,000 * 29 / 121 = £109,090.91, rounded up by largest remainder.
    assert allocations["bromley-and-bexley"].amount == 109_091
    assert allocations["leicester-city"].amount == 30_000 + round(330_000 * 6 / 121)


def test_it_follows_a_change_of_assigned_champion(reference_data):
    programme = Programme.objects.get()
    before = {a.key.slug: a.amount for a in programme_allocations(programme)}
    LocalAuthority.objects.filter(slug="sunderland").update(
        champion_override=Champion.objects.get(slug="hertfordshire")
    )
    after = {a.key.slug: a for a in programme_allocations(programme)}
    assert after["hartlepool"].non_pathfinder_las == 8
    assert after["hertfordshire"].non_pathfinder_las == 11
    assert after["hertfordshire"].amount > before["hertfordshire"]
    assert after["hartlepool"].amount < before["hartlepool"]
    assert sum(a.amount for a in after.values()) == 600_000


def test_it_shows_the_rule_and_the_table_on_the_programme_page(client, reference_data):
    response = client.get(reverse("programme:programme_detail", args=["2013-14"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Equal base per champion plus an equal share per non-pathfinder LA assigned" in html
    assert "£30,000" in html and "£330,000" in html
    assert "£109,091" in html
    assert "£600,000" in html
    assert "1 April 2013 to 31 March 2014" in html


def test_it_sends_the_current_programme_link_to_the_programme(client, reference_data):
    response = client.get(reverse("programme:programme_current"))
    assert response.status_code == 302
    assert response.url == reverse("programme:programme_detail", args=["2013-14"])


def test_it_says_so_when_no_programme_is_loaded(client, empty_database):
    response = client.get(reverse("programme:programme_current"))
    assert response.status_code == 404
    assert "load_programme" in response.content.decode()


def test_it_gives_404_for_an_unknown_programme(client, reference_data):
    assert client.get(reverse("programme:programme_detail", args=["1999-00"])).status_code == 404


def test_it_shows_the_programme_page_in_a_constant_number_of_queries(client, reference_data, query_count):
    url = reverse("programme:programme_detail", args=["2013-14"])
    few = query_count(lambda: client.get(url))
    LocalAuthority.objects.filter(region__slug="london", pathfinder__isnull=True).update(
        champion_override=Champion.objects.get(slug="wiltshire")
    )
    assert query_count(lambda: client.get(url)) == few
