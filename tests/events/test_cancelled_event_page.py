"""A cancelled event's public page: one clear notice (when and why), and nothing that invites people to come."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from events.models import Event
from tests.events.factories import make_event, make_registration

LONDON = ZoneInfo("Europe/London")
NOW = datetime.datetime(2013, 10, 1, 9, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def called_off(champion_staff) -> Event:
    event = make_event(
        created_by=champion_staff,
        title="Local offer workshop",
        format=Event.Format.IN_PERSON,
        venue_address="Bolton Town Hall",
        starts_at=datetime.datetime(2013, 10, 14, 10, tzinfo=LONDON),
        capacity=10,
        status=Event.Status.CANCELLED,
        cancelled_at=datetime.datetime(2013, 9, 27, 16, 30, tzinfo=LONDON),
        cancellation_reason="The venue flooded.",
    )
    make_registration(event)
    return event


def _html(client, event: Event) -> str:
    response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_it_says_once_when_and_why_the_event_was_cancelled(client, called_off):
    html = _html(client, called_off)
    assert html.count('class="govuk-notification-banner"') == 1
    assert html.count("This event has been cancelled") == 1
    assert "It was cancelled on 27 September 2013. The reason given: The venue flooded." in html
    assert "govuk-tag--red" not in html  # no second "Cancelled" beside the title
    assert "Monday 14 October 2013, 10am to 1pm" in html  # when it would have been


def test_it_offers_no_places_registration_dates_calendar_or_register_button(client, called_off):
    html = _html(client, called_off)
    for gone in (
        "places left",
        "place left",
        "waiting list",
        "Opens ",
        "Closes ",
        "Add to calendar",
        reverse("events:event_ics", args=[called_off.pk]),
        reverse("events:registration_create", args=[called_off.pk]),
        reverse("events:registration_group_create", args=[called_off.pk]),
    ):
        assert gone not in html, gone


def test_it_says_cancelled_without_a_reason_when_none_was_given(client, champion_staff):
    event = make_event(created_by=champion_staff, status=Event.Status.CANCELLED, cancelled_at=NOW)
    html = _html(client, event)
    assert "It was cancelled on 1 October 2013." in html
    assert "The reason given" not in html
    assert "We will email the joining details" not in html  # an online event: nothing to join


def test_it_shows_the_same_to_the_organisers_with_their_link_to_manage_it(signed_in, champion_staff, called_off):
    html = _html(signed_in(champion_staff), called_off)
    assert html.count("This event has been cancelled") == 1
    assert reverse("events:registration_list", args=[called_off.pk]) in html
    assert "Add to calendar" not in html


def test_it_still_shows_places_and_calendar_for_a_published_event(client, champion_staff):
    event = make_event(created_by=champion_staff, capacity=10)
    html = _html(client, event)
    assert "10 of 10 places left" in html and "Add to calendar" in html and "Opens " in html
    assert "This event has been cancelled" not in html


def test_it_invites_no_more_registrations_on_a_groups_page(client, called_off):
    make_registration(called_off, name="Sam", email="sam@example.com", group_token="group-token-1")
    make_registration(
        called_off, name="Alex", email="sam@example.com", booked_by_name="Sam", group_token="group-token-1"
    )
    html = client.get(reverse("events:registration_group_manage", args=["group-token-1"])).content.decode()
    assert "This event has been cancelled" in html
    assert reverse("events:registration_group_create", args=[called_off.pk]) not in html
