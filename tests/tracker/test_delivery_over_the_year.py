"""The national tracker's "Delivery over the year": each figure's bar is its share of the programme's target
for England (not of its own largest value), and the table beside the picture gives each figure against its
target."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from programme.models import Programme
from regions.models import LocalAuthority
from tests.events.factories import make_event
from tests.support_days.factories import make_support_day
from tracker.services import tracker_snapshot_take

LONDON = timezone.get_default_timezone()
FROZEN = datetime.datetime(2013, 11, 15, 12, 0, tzinfo=LONDON)


@pytest.fixture
def one_day_and_three_workshops(programme_staff, la_officer):
    """One LA with a delivered day and three workshops held, on 15 November 2013."""
    with time_machine.travel(FROZEN, tick=False):
        make_support_day(
            local_authority=LocalAuthority.objects.get(slug="bolton"),
            requested_by=la_officer,
            status="delivered",
            date=datetime.date(2013, 10, 10),
        )
        for day in (3, 10, 17):
            make_event(
                created_by=programme_staff,
                kind=Event.Kind.WORKSHOP,
                starts_at=datetime.datetime(2013, 9, day, 10, tzinfo=LONDON),
                title=f"Workshop {day}",
            )
        yield


def _over_the_year(client):
    with time_machine.travel(FROZEN, tick=False):
        response = client.get(reverse("programme:tracker", args=["2013-14"]))
    assert response.status_code == 200
    return response, response.context["over_the_year"]


def _bars(point) -> dict:
    return {bar["name"]: bar for bar in point["bars"]}


def test_it_draws_each_figure_against_its_target_not_its_own_maximum(
    signed_in, programme_staff, one_day_and_three_workshops
):
    response, points = _over_the_year(signed_in(programme_staff))

    now = _bars(points[-1])
    # 121 non-pathfinder LAs are assigned to the nine champions; 4 workshops x 6 themes x 9 champions = 216.
    assert (now["las_delivered"]["actual"], now["las_delivered"]["target"]) == (1, 121)
    assert (now["workshops_held"]["actual"], now["workshops_held"]["target"]) == (3, 216)
    assert now["las_delivered"]["width"] == 1 and now["workshops_held"]["width"] == 1  # not 100 and 100
    assert (now["conferences_held"]["target"], now["case_studies_submitted"]["target"]) == (9, 36)
    assert set(now) == {"conferences_held", "workshops_held", "las_delivered", "case_studies_submitted"}

    content = response.content.decode()
    assert 'width="100%"' not in content.split('id="over-the-year"')[1]
    assert "1 of 121" in content and "3 of 216" in content and "0 of 9" in content and "0 of 36" in content


def test_it_uses_the_programmes_targets(signed_in, programme_staff, one_day_and_three_workshops):
    Programme.objects.filter(slug="2013-14").update(target_workshops_per_theme=1, target_regional_conferences=2)
    _response, points = _over_the_year(signed_in(programme_staff))
    now = _bars(points[-1])
    assert (now["workshops_held"]["target"], now["workshops_held"]["width"]) == (54, 6)  # 3 of 54
    assert now["conferences_held"]["target"] == 18


def test_it_draws_quarter_end_snapshots_against_the_same_targets(
    signed_in, programme_staff, one_day_and_three_workshops
):
    programme = Programme.objects.get(slug="2013-14")
    with time_machine.travel(datetime.datetime(2013, 10, 1, 2, tzinfo=LONDON), tick=False):
        tracker_snapshot_take(
            programme=programme, kind="quarter", occasion="Q2", as_at=timezone.now(), now=timezone.now()
        )
    response, points = _over_the_year(signed_in(programme_staff))

    assert [p["label"] for p in points] == ["End of quarter 2", "Now (15 November 2013)"]
    then = _bars(points[0])
    assert (then["workshops_held"]["actual"], then["las_delivered"]["actual"]) == (3, 0)
    assert (then["workshops_held"]["width"], then["las_delivered"]["width"]) == (1, 0)
    assert "0 of 121" in response.content.decode()
