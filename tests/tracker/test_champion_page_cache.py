"""A champion's tracker page is built once and kept while its figures hold (tracker.delivery_cache.kept_with_figures),
and is never stale: a change, an event it lists ending, or another page of events builds it again; what depends
on who is looking is never kept."""

import datetime
import re
import zoneinfo

import pytest
from django.urls import reverse

from events.models import Event
from regions.models import Champion
from tests.events.factories import make_event

LONDON = zoneinfo.ZoneInfo("Europe/London")
NOW = datetime.datetime(2013, 11, 15, 12, 0, tzinfo=LONDON)
URL = reverse("programme:tracker_champion", args=["2013-14", "greater-manchester-group"])
BACK = "Back to every champion's delivery"


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def gm(reference_data) -> Champion:
    return Champion.objects.get(slug="greater-manchester-group")


def _page(response) -> str:
    """The page less its CSRF tokens (masked afresh on every response)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def _state(html: str, title: str) -> str:
    row = html[html.index(title) :]
    row = row[: row.index("</tr>")]
    return "Held" if ">Held</strong>" in row else "Upcoming" if ">Upcoming</strong>" in row else "other"


def test_it_serves_the_page_again_from_the_cache(signed_in, champion_staff, django_assert_max_num_queries):
    client = signed_in(champion_staff)
    first = _page(client.get(URL))
    with django_assert_max_num_queries(4):  # the session, the person, the champion, the programme
        second = _page(client.get(URL))
    assert second == first


def test_it_builds_it_again_when_the_champion_adds_an_event(signed_in, champion_staff, programme_staff, gm):
    client = signed_in(champion_staff)
    assert "Workshop on personal budgets" not in client.get(URL).content.decode()
    make_event(created_by=programme_staff, champion=gm, title="Workshop on personal budgets")
    assert "Workshop on personal budgets" in client.get(URL).content.decode()


def test_it_builds_it_again_when_a_listed_event_ends(signed_in, champion_staff, programme_staff, gm, time_machine):
    ends = NOW + datetime.timedelta(minutes=5)
    make_event(
        created_by=programme_staff,
        champion=gm,
        title="Ending soon",
        starts_at=ends - datetime.timedelta(hours=2),
        ends_at=ends,
        kind=Event.Kind.WORKSHOP,
    )
    client = signed_in(champion_staff)
    assert _state(client.get(URL).content.decode(), "Ending soon") == "Upcoming"
    time_machine.move_to(ends + datetime.timedelta(seconds=1), tick=False)
    assert _state(client.get(URL).content.decode(), "Ending soon") == "Held"


def test_it_never_keeps_what_depends_on_who_is_looking(signed_in, champion_staff, programme_staff):
    assert BACK not in signed_in(champion_staff).get(URL).content.decode()
    assert BACK in signed_in(programme_staff).get(URL).content.decode()
    assert BACK not in signed_in(champion_staff).get(URL).content.decode()


def test_it_keeps_each_page_of_events_apart(signed_in, champion_staff, programme_staff, gm):
    for n in range(30):
        make_event(created_by=programme_staff, champion=gm, title=f"Numbered event {n:02}")
    client = signed_in(champion_staff)
    first, second = _page(client.get(URL)), _page(client.get(URL, {"page": 2}))
    assert "page 1 of 2" in first and "page 2 of 2" in second
    assert _page(client.get(URL)) == first
