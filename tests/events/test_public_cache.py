"""The finder and an event's page come from the shared cache (champions_portal/public_cache.py): a second request
reads no database, and the next request after any change to what they show, or once time has moved an event on,
shows the change."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import caches
from django.urls import reverse

from champions_portal import public_cache
from events.models import Event
from regions.models import Champion
from tests.events.factories import event_form_data, make_event, make_registration

LONDON = ZoneInfo("Europe/London")
NOW = datetime.datetime(2013, 10, 1, 9, 0, tzinfo=LONDON)
FINDER = reverse("events:event_list")


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def workshop(champion_staff) -> Event:
    made = make_event(
        created_by=champion_staff,
        title="Local offer workshop",
        starts_at=datetime.datetime(2013, 10, 14, 10, 0, tzinfo=LONDON),
        capacity=10,
    )
    make_registration(made)
    return made


def _page(client, url, **params) -> str:
    return client.get(url, params).content.decode()


@pytest.mark.parametrize("params", [{}, {"region": "north-west", "page": "1"}, {"region": "atlantis"}])
def test_it_serves_the_finder_a_second_time_without_the_database(client, workshop, query_count, params):
    first = query_count(lambda: client.get(FINDER, params))
    second = query_count(lambda: client.get(FINDER, params))

    assert first >= 8
    assert second == 0
    assert client.get(FINDER, params).content == client.get(FINDER, params).content


def test_it_keys_the_finder_by_its_query(client, workshop):
    assert "Local offer workshop" in _page(client, FINDER)
    assert "Local offer workshop" not in _page(client, FINDER, region="north-east")
    assert "Local offer workshop" in _page(client, FINDER, region="north-west")
    assert "Select a region from the list" in _page(client, FINDER, region="atlantis")


def test_it_serves_an_event_page_a_second_time_without_the_database(client, workshop, query_count):
    url = workshop.get_absolute_url()
    assert query_count(lambda: client.get(url)) >= 4
    assert query_count(lambda: client.get(url)) == 0
    assert "9 of 10 places left" in _page(client, url)


def test_it_shows_a_new_registration_in_the_places_left(client, workshop):
    url = workshop.get_absolute_url()
    assert "9 places left" in _page(client, FINDER)
    assert "9 of 10 places left" in _page(client, url)

    response = client.post(
        reverse("events:registration_create", args=[workshop.pk]),
        {"name": "Sam Jones", "email": "sam@example.org", "partner_type": "school", "privacy": "on"},
    )
    assert response.status_code == 302

    assert "8 places left" in _page(client, FINDER)
    assert "8 of 10 places left" in _page(client, url)


def test_it_shows_an_edited_event(client, signed_in, champion_staff, workshop):
    url = workshop.get_absolute_url()
    assert "Local offer workshop" in _page(client, FINDER)
    assert "Local offer workshop" in _page(client, url)

    staff = signed_in(champion_staff)
    data = event_form_data(on=datetime.date(2013, 10, 14), title="Local offer clinic", capacity="12")
    assert staff.post(reverse("events:event_edit", args=[workshop.pk]), data).status_code == 302
    staff.logout()

    assert "Local offer clinic" in _page(client, FINDER)
    html = _page(client, url)
    assert "Local offer clinic" in html
    assert "11 of 12 places left" in html


def test_it_shows_a_published_event_and_hides_a_cancelled_one(client, signed_in, champion_staff, workshop):
    draft = make_event(created_by=champion_staff, title="Draft seminar", status=Event.Status.DRAFT, published_at=None)
    assert "Draft seminar" not in _page(client, FINDER)

    staff = signed_in(champion_staff)
    staff.post(reverse("events:event_publish", args=[draft.pk]))
    staff.post(reverse("events:event_cancel", args=[workshop.pk]), {"reason": "The venue flooded"})
    staff.logout()

    html = _page(client, FINDER)
    assert "Draft seminar" in html
    assert "Local offer workshop" not in html
    assert "This event has been cancelled." in _page(client, workshop.get_absolute_url())


def test_it_shows_a_renamed_champion_changed_through_the_admin(client, signed_in, programme_staff, workshop):
    assert "Greater Manchester Group" in _page(client, FINDER)
    champion = Champion.objects.get(slug="greater-manchester-group")
    champion.name = "Greater Manchester Champions"
    champion.save()  # as the admin does: any save is heard, whoever makes it

    assert "Workshop by Greater Manchester Champions" in _page(client, FINDER)
    assert "Greater Manchester Champions" in _page(client, workshop.get_absolute_url())


def test_it_moves_an_event_to_the_past_when_it_ends_with_nothing_else_changing(client, workshop, time_machine):
    assert "1 upcoming event." in _page(client, FINDER)

    time_machine.move_to(workshop.ends_at + datetime.timedelta(minutes=1), tick=False)

    html = _page(client, FINDER)
    assert "0 upcoming events." in html
    assert "1 past event, most recent first." in html
    assert "This event has already taken place." in _page(client, workshop.get_absolute_url())


def test_it_opens_registration_on_the_event_page_when_the_time_comes(client, champion_staff, time_machine):
    opens = datetime.datetime(2013, 10, 2, 9, 0, tzinfo=LONDON)
    later = make_event(created_by=champion_staff, title="Later", registration_opens_at=opens)
    assert "Registration for this event has not opened yet." in _page(client, later.get_absolute_url())

    time_machine.move_to(opens, tick=False)

    assert "Registration for this event has not opened yet." not in _page(client, later.get_absolute_url())


def test_it_keeps_what_depends_on_the_visitor_out_of_the_cache(client, signed_in, champion_staff, workshop):
    url = workshop.get_absolute_url()
    manage = reverse("events:registration_list", args=[workshop.pk])
    assert manage not in _page(client, url)  # anonymous first: the page is now cached

    html = _page(signed_in(champion_staff), url)
    assert manage in html  # the organiser's link, on the cached page
    assert "Sign out" in html
    client.logout()
    assert manage not in _page(client, url)
    assert "Sign out" not in _page(client, FINDER)


def test_it_never_keeps_a_draft(client, signed_in, champion_staff):
    draft = make_event(created_by=champion_staff, title="Secret draft", status=Event.Status.DRAFT, published_at=None)
    staff = signed_in(champion_staff)
    assert "Secret draft" in _page(staff, draft.get_absolute_url())
    staff.logout()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_it_works_without_redis(client, workshop, settings, query_count):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert caches["default"].__class__.__name__ == "LocMemCache"
    assert "9 places left" in _page(client, FINDER)
    assert query_count(lambda: client.get(FINDER)) == 0
    make_registration(workshop)
    assert "8 places left" in _page(client, FINDER)


def test_it_refuses_an_unknown_topic():
    with pytest.raises(ValueError):
        public_cache.changed("event")
