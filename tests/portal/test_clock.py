"""The portal's "as at" clock (champions_portal/clock.py, SITE_AS_AT): read from the environment, refused in
production, and used by the tracker, the homes, and the programme and quarter pages only."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from champions_portal import clock
from champions_portal.env import env_datetime
from events.models import Event
from tests.portal.test_settings import PRODUCTION_ENV, _manage

NAME = "CHAMPIONS_PORTAL_TEST_MOMENT"
LONDON = zoneinfo.ZoneInfo("Europe/London")
AS_AT = datetime.datetime(2014, 1, 14, 12, tzinfo=LONDON)
REAL_NOW = datetime.datetime(2026, 6, 1, 9, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _unset(monkeypatch):
    monkeypatch.delenv(NAME, raising=False)


def test_it_reads_a_date_as_midday_in_london(monkeypatch):
    monkeypatch.setenv(NAME, "2014-01-14")
    assert env_datetime(NAME, time_zone="Europe/London") == AS_AT


def test_it_reads_a_date_and_time_in_london_unless_it_gives_an_offset(monkeypatch):
    monkeypatch.setenv(NAME, "2013-07-01T09:30")
    assert env_datetime(NAME, time_zone="Europe/London") == datetime.datetime(2013, 7, 1, 9, 30, tzinfo=LONDON)
    monkeypatch.setenv(NAME, "2013-07-01T09:30+00:00")
    assert env_datetime(NAME, time_zone="Europe/London") == datetime.datetime(2013, 7, 1, 10, 30, tzinfo=LONDON)


def test_it_gives_none_when_unset_or_empty(monkeypatch):
    assert env_datetime(NAME, time_zone="Europe/London") is None
    monkeypatch.setenv(NAME, "")
    assert env_datetime(NAME, time_zone="Europe/London") is None


@pytest.mark.parametrize("value", ["14/01/2014", "2014-13-01", "yesterday"])
def test_it_refuses_a_value_that_is_not_an_iso_date(monkeypatch, value):
    monkeypatch.setenv(NAME, value)
    with pytest.raises(ImproperlyConfigured, match=f"{NAME} must be a date"):
        env_datetime(NAME, time_zone="Europe/London")


def test_it_refuses_site_as_at_in_production():
    result = _manage("check", env={**PRODUCTION_ENV, "SITE_AS_AT": "2014-01-14"})
    assert result.returncode != 0
    assert "SITE_AS_AT is only for development sites" in result.stderr


def test_it_accepts_site_as_at_for_development():
    result = _manage(
        "shell", "-c", "from django.conf import settings; print(settings.SITE_AS_AT)", env={"SITE_AS_AT": "2014-01-14"}
    )
    assert result.returncode == 0, result.stderr
    assert "2014-01-14 12:00:00+00:00" in result.stdout


def test_it_tells_the_real_time_when_site_as_at_is_unset(settings):
    settings.SITE_AS_AT = None
    with time_machine.travel(REAL_NOW, tick=False):
        assert clock.now() == REAL_NOW
        assert clock.today() == datetime.date(2026, 6, 1)


def test_it_tells_the_as_at_moment_when_site_as_at_is_set(settings):
    settings.SITE_AS_AT = AS_AT
    with time_machine.travel(REAL_NOW, tick=False):
        assert clock.now() == AS_AT
        assert clock.today() == datetime.date(2014, 1, 14)


def _event(champion, starts_at, user) -> Event:
    return Event.objects.create(
        champion=champion,
        kind=Event.Kind.WORKSHOP,
        title="Personal budgets in practice",
        description="A workshop.",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=3),
        format=Event.Format.ONLINE,
        capacity=30,
        registration_opens_at=starts_at - datetime.timedelta(days=40),
        registration_closes_at=starts_at - datetime.timedelta(days=1),
        status=Event.Status.PUBLISHED,
        published_at=starts_at - datetime.timedelta(days=40),
        created_by=user,
        created_at=starts_at - datetime.timedelta(days=41),
    )


def test_it_shows_the_tracker_and_the_quarter_page_as_at_site_as_at(signed_in, programme_staff, settings):
    settings.SITE_AS_AT = AS_AT
    client = signed_in(programme_staff)
    with time_machine.travel(REAL_NOW, tick=False):
        tracker = client.get("/programme/2013-14/tracker/")
        quarters = client.get("/case-studies/quarters/")
        settings.SITE_AS_AT = None
        real = client.get("/programme/2013-14/tracker/")
    assert tracker.context["rule"]["today"] == datetime.date(2014, 1, 14)
    assert tracker.context["rule"]["elapsed"] == 79  # 289 of the year's 365 days
    assert quarters.context["today"] == datetime.date(2014, 1, 14)
    assert real.context["rule"]["today"] == datetime.date(2026, 6, 1)


def test_it_shows_a_home_as_at_site_as_at(signed_in, champion_staff, settings):
    _event(champion_staff.champion, timezone.make_aware(datetime.datetime(2014, 2, 4, 10)), champion_staff)
    client = signed_in(champion_staff)
    with time_machine.travel(REAL_NOW, tick=False):
        settings.SITE_AS_AT = AS_AT
        as_at = client.get("/home/")
        settings.SITE_AS_AT = None
        real = client.get("/home/")
    assert [e["title"] for e in as_at.context["events"]] == ["Personal budgets in practice"]
    assert real.context["events"] == []


def test_it_keeps_the_real_time_for_what_people_do(client, champion_staff, settings):
    """Registering is a change: it is judged and recorded at the real time, whatever SITE_AS_AT says."""
    event = _event(champion_staff.champion, timezone.make_aware(datetime.datetime(2014, 2, 4, 10)), champion_staff)
    settings.SITE_AS_AT = AS_AT
    with time_machine.travel(REAL_NOW, tick=False):
        page = client.get(event.get_absolute_url())
    assert "already taken place" in page.content.decode()
