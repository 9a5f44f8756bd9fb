"""An event's public page and its calendar file: what anyone may see, and what nobody sees there."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from events.models import Event, Registration
from regions.models import Champion
from tests.events.factories import make_event, make_registration

LONDON = ZoneInfo("Europe/London")
NOW = datetime.datetime(2013, 10, 1, 9, 0, tzinfo=LONDON)
SECRET_LINK = "https://meet.example/secret-room-4821"


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def _at(month: int, day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2013, month, day, hour, minute, tzinfo=LONDON)


def _page(client, event: Event) -> str:
    response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def workshop(champion_staff) -> Event:
    return make_event(
        created_by=champion_staff,
        title="Local offer workshop",
        kind=Event.Kind.WORKSHOP,
        format=Event.Format.IN_PERSON,
        venue_address="Bolton Town Hall\nVictoria Square\nBolton BL1 1RU",
        starts_at=_at(10, 14, 10),
        ends_at=_at(10, 14, 14, 30),
        capacity=10,
        registration_opens_at=_at(9, 21, 9),
        registration_closes_at=_at(10, 11, 17),
        audience_notes="Parent carer forums and SENCOs.",
        accessibility_info="Step-free access and a hearing loop.",
        themes=["local-offer", "personal-budgets"],
    )


@pytest.fixture
def online(champion_staff) -> Event:
    return make_event(created_by=champion_staff, title="Online seminar", joining_details=SECRET_LINK)


def test_it_shows_what_people_need_to_decide_and_register(client, workshop):
    make_registration(workshop)
    make_registration(workshop)

    html = _page(client, workshop)

    for text in (
        "Local offer workshop",
        "Workshop by Greater Manchester Group",
        "Monday 14 October 2013, 10am to 2:30pm",
        "Bolton Town Hall<br>Victoria Square<br>Bolton BL1 1RU",
        "Personal budgets",
        "Local offer",
        "North West",
        "8 of 10 places left",
        "Parent carer forums and SENCOs.",
        "Step-free access and a hearing loop.",
        "Opens 21 September 2013 at 9am",
        "Closes 11 October 2013 at 5pm",
        f'href="{reverse("events:registration_create", args=[workshop.pk])}"',
        f'href="{reverse("events:event_ics", args=[workshop.pk])}"',
    ):
        assert text in html, text
    assert ">Register</a>" in html
    assert reverse("events:registration_list", args=[workshop.pk]) not in html


def test_it_offers_the_waiting_list_when_full(client, workshop):
    for _ in range(10):
        make_registration(workshop)
    html = _page(client, workshop)
    assert "This event is full: you can join the waiting list" in html
    assert "Join the waiting list</a>" in html


@pytest.mark.parametrize("person", [None, "la_officer", "champion_staff", "programme_staff"])
def test_it_never_shows_joining_details_or_anyones_needs(request, client, signed_in, online, person):
    make_registration(online, access_needs="Wheelchair space please", dietary_needs="Nut allergy")
    viewer = signed_in(request.getfixturevalue(person)) if person else client
    html = _page(viewer, online)
    assert SECRET_LINK not in html
    assert "secret-room" not in html
    assert "Wheelchair space please" not in html
    assert "Nut allergy" not in html
    assert "We will email the joining details to everyone with a confirmed place." in html


@pytest.mark.parametrize(
    "fields,reason",
    [
        ({"registration_opens_at": _at(10, 5, 9)}, "Registration for this event has not opened yet."),
        ({"registration_opens_at": _at(9, 1, 9), "registration_closes_at": _at(9, 30, 17)}, "has closed."),
        ({"starts_at": _at(9, 20, 10), "registration_opens_at": _at(9, 1, 9)}, "This event has already taken place."),
        ({"status": Event.Status.CANCELLED, "cancelled_at": NOW}, "This event has been cancelled."),
    ],
)
def test_it_says_why_registration_is_not_open(client, champion_staff, fields, reason):
    event = make_event(created_by=champion_staff, **fields)
    html = _page(client, event)
    assert reason in html
    assert reverse("events:registration_create", args=[event.pk]) not in html


def test_it_shows_a_cancellation_banner(client, champion_staff):
    event = make_event(
        created_by=champion_staff,
        status=Event.Status.CANCELLED,
        cancelled_at=NOW,
        cancellation_reason="The venue flooded.",
    )
    html = _page(client, event)
    assert "govuk-notification-banner" in html
    assert "This event has been cancelled." in html
    assert "The venue flooded." in html


@pytest.mark.parametrize("person", [None, "la_officer", "other_la_officer", "other_champion_staff"])
def test_it_gives_404_for_a_draft_to_anyone_but_its_champion_and_programme_staff(
    request, client, signed_in, champion_staff, person
):
    draft = make_event(created_by=champion_staff, status=Event.Status.DRAFT, published_at=None)
    viewer = signed_in(request.getfixturevalue(person)) if person else client
    for url in (
        draft.get_absolute_url(),
        reverse("events:event_ics", args=[draft.pk]),
        reverse("events:registration_create", args=[draft.pk]),
    ):
        assert viewer.get(url).status_code == 404
    assert viewer.post(reverse("events:registration_create", args=[draft.pk]), {}).status_code == 404
    assert not Registration.objects.exists()


@pytest.mark.parametrize("person", ["champion_staff", "programme_staff"])
def test_it_shows_a_draft_and_the_manage_link_to_its_organisers(request, signed_in, champion_staff, person):
    draft = make_event(created_by=champion_staff, status=Event.Status.DRAFT, published_at=None)
    html = _page(signed_in(request.getfixturevalue(person)), draft)
    assert "Draft</strong>" in html
    assert "This event has not been published yet." in html
    assert reverse("events:registration_list", args=[draft.pk]) in html


@pytest.mark.parametrize("person", ["other_champion_staff", "la_officer"])
def test_it_shows_the_manage_link_to_nobody_else(request, signed_in, workshop, person):
    html = _page(signed_in(request.getfixturevalue(person)), workshop)
    assert reverse("events:registration_list", args=[workshop.pk]) not in html


def test_it_gives_404_for_an_unknown_event(client, reference_data):
    assert client.get(reverse("events:event_detail", args=[999999])).status_code == 404
    assert client.get(reverse("events:event_ics", args=[999999])).status_code == 404


# --- The calendar file -------------------------------------------------------------------------


def test_it_downloads_the_event_as_a_calendar_file(client, workshop):
    response = client.get(reverse("events:event_ics", args=[workshop.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="local-offer-workshop.ics"'
    ics = response.content.decode()
    assert ics.startswith("BEGIN:VCALENDAR\r\n")
    assert "METHOD:PUBLISH\r\n" in ics
    assert f"UID:event-{workshop.pk}@champions-portal\r\n" in ics
    assert "DTSTART:20131014T090000Z\r\n" in ics  # 10am British Summer Time
    assert "DTEND:20131014T133000Z\r\n" in ics
    assert "DTSTAMP:20131001T080000Z\r\n" in ics
    assert "SUMMARY:Local offer workshop\r\n" in ics
    assert "LOCATION:Bolton Town Hall\\nVictoria Square\\nBolton BL1 1RU\r\n" in ics
    assert f"URL:http://testserver{workshop.get_absolute_url()}\r\n" in ics


def test_it_puts_winter_times_in_utc_too(client, champion_staff):
    event = make_event(created_by=champion_staff, starts_at=_at(11, 18, 10), ends_at=_at(11, 18, 12))
    ics = client.get(reverse("events:event_ics", args=[event.pk])).content.decode()
    assert "DTSTART:20131118T100000Z\r\n" in ics
    assert "DTEND:20131118T120000Z\r\n" in ics


def test_it_leaves_the_joining_details_out_of_the_calendar_file(client, online):
    ics = client.get(reverse("events:event_ics", args=[online.pk])).content.decode()
    assert "LOCATION:Online\r\n" in ics
    assert "secret-room" not in ics.replace("\r\n ", "")


def test_it_marks_a_cancelled_event_cancelled_in_the_calendar_file(client, champion_staff):
    event = make_event(created_by=champion_staff, status=Event.Status.CANCELLED, cancelled_at=NOW)
    ics = client.get(reverse("events:event_ics", args=[event.pk])).content.decode()
    assert "METHOD:CANCEL\r\n" in ics
    assert "STATUS:CANCELLED\r\n" in ics


def test_it_names_the_calendar_file_safely(client, champion_staff):
    event = make_event(
        created_by=champion_staff, champion=Champion.objects.get(slug="hartlepool"), title='Café "SEND" / ";x'
    )
    response = client.get(reverse("events:event_ics", args=[event.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="cafe-send-x.ics"'
