"""The national tracker's download is kept for the minute its "As at" line names while nothing it counts has
changed (tracker/delivery_cache.py, `download_cached`), and is never stale: a change, an event ending within the
minute, or the next minute builds it again."""

import csv
import datetime
import io
import zoneinfo

import pytest
from django.urls import reverse

from events.models import Event
from regions.models import Champion, LocalAuthority
from tests.events.factories import make_event
from tests.support_days.factories import make_support_day

LONDON = zoneinfo.ZoneInfo("Europe/London")
NOW = datetime.datetime(2013, 11, 15, 12, 0, 10, tzinfo=LONDON)
URL = reverse("programme:tracker_export", args=["2013-14", "csv"])
XLSX = reverse("programme:tracker_export", args=["2013-14", "xlsx"])


def _gm(response) -> dict:
    rows = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    name = Champion.objects.get(slug="greater-manchester-group").name
    return next(row for row in rows if row["Champion"] == name)


@pytest.fixture
def client(signed_in, programme_staff, time_machine):
    time_machine.move_to(NOW, tick=False)
    return signed_in(programme_staff)


def test_it_serves_a_second_download_in_the_minute_from_the_cache(client, django_assert_max_num_queries):
    first = client.get(XLSX)
    with django_assert_max_num_queries(3):  # the session, the person, the programme: nothing else read
        second = client.get(XLSX)
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Disposition"] == first["Content-Disposition"]


def test_it_builds_it_again_after_a_change_within_the_minute(client, la_officer, time_machine):
    assert _gm(client.get(URL))["LAs with a delivered day"] == "0"
    time_machine.move_to(NOW + datetime.timedelta(seconds=20), tick=False)
    make_support_day(
        local_authority=LocalAuthority.objects.get(slug="bolton"),
        requested_by=la_officer,
        status="delivered",
        date=datetime.date(2013, 10, 10),
    )
    assert _gm(client.get(URL))["LAs with a delivered day"] == "1"


def test_it_builds_it_again_when_an_event_ends_within_the_minute(client, programme_staff, time_machine):
    gm = Champion.objects.get(slug="greater-manchester-group")
    ends = NOW + datetime.timedelta(seconds=30)
    make_event(
        created_by=programme_staff,
        champion=gm,
        kind=Event.Kind.REGIONAL_CONFERENCE,
        starts_at=ends - datetime.timedelta(hours=6),
        ends_at=ends,
    )
    before = _gm(client.get(URL))
    time_machine.move_to(ends + datetime.timedelta(seconds=5), tick=False)
    after = _gm(client.get(URL))
    assert before["Regional conference"] != after["Regional conference"]


def test_it_builds_it_again_in_the_next_minute_with_its_as_at_line(client, time_machine):
    first = client.get(XLSX)
    time_machine.move_to(NOW + datetime.timedelta(minutes=1), tick=False)
    assert client.get(XLSX).content != first.content
