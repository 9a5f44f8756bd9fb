"""The champion's patch is built once and kept while no support day, LA, champion or region changes (the
"support_days" and "regions" topics of champions_portal/public_cache.py), per champion, query string, day and
wording; never stale after a change, and never one person's page shown to another who may not see it."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from programme.models import Theme
from regions.models import Champion, LocalAuthority
from regions.services import local_authority_assign_champion
from support_days import services
from tests.support_days.factories import make_support_day

LONDON = ZoneInfo("Europe/London")
NOW = datetime.datetime(2013, 10, 1, 9, 0, tzinfo=LONDON)
PATCH = reverse("support_days:patch")


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def client(signed_in, champion_staff):
    return signed_in(champion_staff)


def _row(html: str, name: str) -> str:
    """The LA's row in the table of every LA the champion supports."""
    html = html.split('id="local-authorities-caption"')[1]
    start = html.index(f">{name}<")
    return html[start : html.index("</tr>", start)]


def _requests(html: str) -> str:
    return html.split('id="requests"')[1].split('id="local-authorities-caption"')[0]


def test_it_serves_the_patch_again_from_the_cache(client, django_assert_max_num_queries):
    first = client.get(PATCH).content.decode()
    with django_assert_max_num_queries(4):  # the session, the person, their champion and its region
        second = client.get(PATCH).content.decode()
    assert _row(second, "Bolton") == _row(first, "Bolton")


def test_it_builds_it_again_when_an_la_asks_for_a_day(client, la_officer):
    assert "No requests are waiting for an answer." in client.get(PATCH).content.decode()
    services.support_day_request(
        champion=la_officer.local_authority.assigned_champion,
        local_authority=la_officer.local_authority,
        preferred_dates=[datetime.date(2013, 10, 15)],
        themes=[Theme.objects.get(slug="local-offer")],
        context="",
        by=la_officer,
        now=timezone.now(),
    )
    html = client.get(PATCH).content.decode()
    assert "Requests waiting for an answer (1)" in html
    assert "Tuesday 15 October 2013" in _requests(html) and "Local offer" in _requests(html)
    assert 'govuk-tag--yellow">Requested' in _row(html, "Bolton")


def test_it_builds_it_again_when_a_days_themes_change(client, la_officer):
    day = make_support_day(local_authority=la_officer.local_authority, requested_by=la_officer, status="requested")
    assert "Personal budgets" not in _requests(client.get(PATCH).content.decode())
    day.themes.add(Theme.objects.get(slug="personal-budgets"))  # no save of the day: the themes alone
    assert "Personal budgets" in _requests(client.get(PATCH).content.decode())


def test_it_builds_it_again_when_an_la_moves_to_another_champion(client, programme_staff):
    assert ">Bolton" in client.get(PATCH).content.decode()
    local_authority_assign_champion(
        local_authority=LocalAuthority.objects.get(slug="bolton"),
        champion=Champion.objects.get(slug="hartlepool"),
        reason="More capacity in the North East",
        by=programme_staff,
        now=timezone.now(),
    )
    assert ">Bolton" not in client.get(PATCH).content.decode()


def test_it_builds_it_again_the_next_day(client, la_officer, time_machine):
    make_support_day(
        local_authority=la_officer.local_authority,
        requested_by=la_officer,
        status="booked",
        date=datetime.date(2013, 10, 2),
    )
    assert 'id="to-deliver"' not in client.get(PATCH).content.decode()  # the day has not happened yet
    time_machine.move_to(NOW + datetime.timedelta(days=1), tick=False)
    assert "Record Bolton's day on 2 October 2013 as delivered" in client.get(PATCH).content.decode()


def test_it_keeps_each_champion_and_wording_apart(client, signed_in, programme_staff, other_champion_staff):
    own = client.get(PATCH).content.decode()
    assert "Local authorities you support" in own and ">Bolton" in own
    gm = Champion.objects.get(slug="greater-manchester-group")
    staff = signed_in(programme_staff).get(PATCH, {"champion": gm.pk}).content.decode()
    assert "Local authorities it supports" in staff and "you support" not in staff and ">Bolton" in staff
    assert f"?champion={gm.pk}" in staff.split("Offer dates")[0]  # programme staff's links name the champion
    other = signed_in(other_champion_staff).get(PATCH).content.decode()
    assert ">Sunderland" in other and ">Bolton" not in other
