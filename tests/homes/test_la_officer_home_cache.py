"""An LA officer's part of the home (support days and dates on offer, the open quarter's return, events in the region,
the champion and its contacts) is built once per LA and day and kept in the cache until one of them changes or an
event it lists ends (homes/views.py `_la_officer_section`). Never stale after a change, never another LA's."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from regions.models import LocalAuthority
from tests.events.factories import make_event
from tests.self_evaluation import builders
from tests.support_days.factories import make_offer

NOW = datetime.datetime(2013, 10, 10, 9, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def traveller():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _home(client) -> str:
    response = client.get("/home/")
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index("<main") :]


def test_it_serves_the_las_part_again_from_the_cache(signed_in, la_officer, query_count, django_assert_max_num_queries):
    client = signed_in(la_officer)
    built = query_count(lambda: client.get("/home/"))
    with django_assert_max_num_queries(2):  # the session and the person
        html = _home(client)
    assert built > 2
    assert "You have no support day booked." in html and "Bolton" in html


def test_it_builds_it_again_when_a_date_is_offered_and_a_window_opens(
    signed_in, la_officer, champion_staff, programme_staff
):
    client = signed_in(la_officer)
    html = _home(client)
    assert "has no dates on offer just now" in html and "No quarter's returns are open just now." in html
    make_offer(created_by=champion_staff, date=datetime.date(2013, 10, 29))
    assert "Tuesday 29 October 2013 (in person)" in _home(client)
    quarter_2 = builders.quarter(2)
    builders.open_window(quarter_2, programme_staff)
    assert quarter_2.label in _home(client) and ">Not started</strong>" in _home(client)
    builders.start(la_officer, quarter_2)
    assert ">Draft</strong>" in _home(client)


def test_it_drops_an_event_from_the_list_once_it_has_ended(signed_in, la_officer, champion_staff, traveller):
    make_event(
        created_by=champion_staff,
        title="Local offer this morning",
        starts_at=NOW + datetime.timedelta(hours=1),
        ends_at=NOW + datetime.timedelta(hours=3),
    )
    client = signed_in(la_officer)
    assert "Local offer this morning" in _home(client)
    traveller.move_to(NOW + datetime.timedelta(hours=4))  # the same day: the same key
    assert "No events are planned in your region just now." in _home(client)


def test_it_is_the_same_for_an_las_officers_and_kept_apart_from_another_la(signed_in, la_officer, other_la_officer):
    assert "Bolton" in _home(signed_in(la_officer))
    sunderland = _home(signed_in(other_la_officer))
    assert "Sunderland" in sunderland and "Bolton" not in sunderland
    colleague = la_officer.__class__.objects.create_user(
        "kim@bolton.example", "x", full_name="Kim", role=la_officer.role, local_authority=la_officer.local_authority
    )
    html = _home(signed_in(colleague))
    assert "Bolton" in html and "Kim" in html
    assert LocalAuthority.objects.get(slug="bolton").name in html
