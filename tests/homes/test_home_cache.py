"""The parts of the homes kept in the cache, never stale after a change.

A champion's part of its staff's home (events and places, support days, LAs, the case study owed) is built once per
champion and day (homes/work.py `_champion_work`); the emails and account requests waiting are counted on every
view. An LA officer's part (support days and dates on offer, the open quarter's return, events in the region, the
champion and its contacts) is built once per LA and day (homes/views.py `_la_officer_section`). Each is kept until
one of its topics changes or an event it lists ends, and is never another champion's or LA's."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from notifications.models import OutboxMessage
from regions.models import LocalAuthority
from tests.events.factories import make_event, make_registration
from tests.self_evaluation import builders
from tests.support_days.factories import make_offer, make_support_day

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


# --- Champion staff ----------------------------------------------------------------------------


def test_it_serves_the_champions_work_again_from_the_cache(
    signed_in, champion_staff, query_count, django_assert_max_num_queries
):
    make_event(created_by=champion_staff, title="Personal budgets in Bolton")
    client = signed_in(champion_staff)
    built = query_count(lambda: client.get("/home/"))
    # The session, the person, their champion and its region, the emails and the account requests waiting.
    with django_assert_max_num_queries(6):
        html = _home(client)
    assert built > 6
    assert "Personal budgets in Bolton" in html and "See all 1 upcoming event" in html


def test_it_builds_it_again_when_a_place_is_taken_or_a_day_is_asked_for(signed_in, champion_staff, la_officer):
    event = make_event(created_by=champion_staff, capacity=30)
    client = signed_in(champion_staff)
    assert "0 of 30" in _home(client) and "No support-day requests to answer" in _home(client)
    make_registration(event, status="confirmed")
    make_support_day(
        local_authority=LocalAuthority.objects.get(slug="bolton"), requested_by=la_officer, status="requested"
    )
    html = _home(client)
    assert "1 of 30" in html and "1 support-day request to answer" in html


def test_it_drops_an_event_from_a_champions_home_once_it_has_ended(signed_in, champion_staff, traveller):
    make_event(
        created_by=champion_staff,
        title="This morning's workshop",
        starts_at=NOW + datetime.timedelta(hours=1),
        ends_at=NOW + datetime.timedelta(hours=3),
    )
    client = signed_in(champion_staff)
    assert "This morning&#x27;s workshop" in _home(client)
    traveller.move_to(NOW + datetime.timedelta(hours=4))  # the same day: the key is the same
    html = _home(client)
    assert "This morning&#x27;s workshop" not in html and "You have no upcoming events." in html


def test_it_counts_failed_emails_on_every_view(signed_in, champion_staff):
    client = signed_in(champion_staff)
    assert "No emails failed or delayed" in _home(client)
    OutboxMessage.objects.create(
        key="home:1", to="x@example.com", subject="S", state="failed", created_at=NOW, next_attempt_at=NOW,
        champion=champion_staff.champion,
    )  # fmt: skip
    assert "1 email failed or delayed" in _home(client)


def test_it_is_the_same_for_a_champions_staff_and_kept_apart_from_another_champion(
    signed_in, champion_staff, other_champion_staff
):
    make_event(created_by=champion_staff, title="Personal budgets in Bolton")
    assert "Personal budgets in Bolton" in _home(signed_in(champion_staff))
    other = _home(signed_in(other_champion_staff))
    assert "Personal budgets in Bolton" not in other and "Hartlepool" in other
    colleague = champion_staff.__class__.objects.create_user(
        "sam@gm.example", "x", full_name="Sam", role=champion_staff.role, champion=champion_staff.champion
    )
    html = _home(signed_in(colleague))
    assert "Personal budgets in Bolton" in html and "Sam" in html


# --- LA officers -------------------------------------------------------------------------------


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


def test_it_drops_an_event_from_an_la_officers_home_once_it_has_ended(signed_in, la_officer, champion_staff, traveller):
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
