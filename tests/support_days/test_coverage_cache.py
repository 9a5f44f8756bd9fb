"""National coverage is built once and kept while no support day, LA or champion changes (the "support_days" and
"regions" topics of champions_portal/public_cache.py), keyed by its filters; never stale after a change."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from regions.models import Champion, LocalAuthority
from regions.services import local_authority_assign_champion
from tests.support_days.factories import make_support_day

COVERAGE = reverse("support_days:coverage")


@pytest.fixture
def client(signed_in, programme_staff):
    return signed_in(programme_staff)


def _bolton_row(html: str) -> str:
    start = html.index(">Bolton</th>")
    return html[start : html.index("</tr>", start)]


def test_it_serves_the_page_again_from_the_cache(client, django_assert_max_num_queries):
    first = client.get(COVERAGE).content.decode()
    with django_assert_max_num_queries(2):  # the session and the person
        second = client.get(COVERAGE).content.decode()
    assert _bolton_row(second) == _bolton_row(first)


def test_it_builds_it_again_when_a_support_day_changes(client, la_officer):
    assert "None yet" in _bolton_row(client.get(COVERAGE).content.decode())
    make_support_day(
        local_authority=LocalAuthority.objects.get(slug="bolton"),
        requested_by=la_officer,
        status="delivered",
        date=datetime.date(2013, 9, 24),
    )
    assert "Delivered" in _bolton_row(client.get(COVERAGE).content.decode())


def test_it_builds_it_again_when_an_la_moves_to_another_champion(client, programme_staff):
    assert "Hartlepool" not in _bolton_row(client.get(COVERAGE).content.decode())
    local_authority_assign_champion(
        local_authority=LocalAuthority.objects.get(slug="bolton"),
        champion=Champion.objects.get(slug="hartlepool"),
        reason="More capacity in the North East",
        by=programme_staff,
        now=timezone.now(),
    )
    assert "Hartlepool" in _bolton_row(client.get(COVERAGE).content.decode())


def test_it_keeps_each_filter_apart_and_its_errors(client):
    north_west = client.get(COVERAGE, {"region": "north-west"}).content.decode()
    everywhere = client.get(COVERAGE).content.decode()
    wrong = client.get(COVERAGE, {"status": "nonsense"}).content.decode()
    again = client.get(COVERAGE, {"status": "nonsense"}).content.decode()
    assert "Sunderland" in everywhere and "Sunderland" not in north_west
    assert "There is a problem" in wrong and "There is a problem" in again
    assert "<title>Error:" in again
