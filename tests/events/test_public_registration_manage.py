"""A registrant's private page (reached by its token, no account) and cancelling from it."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from events.models import Event, Registration
from tests.events.factories import make_event, make_registration

LONDON = ZoneInfo("Europe/London")
NOW = datetime.datetime(2013, 10, 1, 9, 0, tzinfo=LONDON)
JOINING = "https://meet.example/local-offer-9137"


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def _manage(registration: Registration) -> str:
    return reverse("events:registration_manage", args=[registration.token])


def _cancel(registration: Registration) -> str:
    return reverse("events:registration_cancel", args=[registration.token])


def _fresh(registration: Registration) -> Registration:
    return Registration.objects.get(pk=registration.pk)


@pytest.fixture
def workshop(champion_staff) -> Event:
    return make_event(
        created_by=champion_staff,
        title="Local offer workshop",
        joining_details=JOINING,
        starts_at=datetime.datetime(2013, 10, 14, 10, 0, tzinfo=LONDON),
        capacity=1,
    )


@pytest.fixture
def alex(workshop) -> Registration:
    return make_registration(
        workshop, name="Alex Parent", email="alex@example.com", access_needs="Step-free access", dietary_needs="Halal"
    )


def test_it_shows_the_registration_to_whoever_has_the_link(client, alex):
    response = client.get(_manage(alex))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    for text in (
        "Place confirmed",
        "Alex Parent",
        "alex@example.com",
        "Local offer workshop",
        "Monday 14 October 2013, 10am to 1pm",
        "Step-free access",
        "Halal",
        JOINING,
        _cancel(alex),
        "Cancel my registration",
    ):
        assert text in html, text


def test_it_shows_a_waiting_persons_number_and_no_joining_details(client, workshop, alex):
    make_registration(workshop, status=Registration.Status.WAITLISTED)
    waiting = make_registration(workshop, status=Registration.Status.WAITLISTED)
    html = client.get(_manage(waiting)).content.decode()
    assert "You are number 2 on the waiting list." in html
    assert "meet.example" not in html
    assert "Leave the waiting list" in html


def test_it_never_shows_joining_details_of_an_in_person_event(client, champion_staff):
    event = make_event(created_by=champion_staff, format=Event.Format.IN_PERSON, venue_address="Bolton Town Hall")
    html = client.get(_manage(make_registration(event))).content.decode()
    assert "Bolton Town Hall" in html
    assert "meet.example" not in html


def test_it_gives_404_for_a_wrong_token(client, alex):
    for token in ("nope", alex.token[:-1], alex.token + "x", alex.token.swapcase()):
        assert client.get(reverse("events:registration_manage", args=[token])).status_code == 404
        assert client.get(reverse("events:registration_cancel", args=[token])).status_code == 404
        assert client.post(reverse("events:registration_cancel", args=[token])).status_code == 404
    assert _fresh(alex).status == Registration.Status.CONFIRMED


def test_it_asks_before_cancelling(client, alex):
    response = client.get(_cancel(alex))
    assert response.status_code == 200
    assert "Are you sure you want to cancel your place?" in response.content.decode()
    assert _fresh(alex).status == Registration.Status.CONFIRMED


def test_it_cancels_once_however_often_it_is_asked(client, alex, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(_cancel(alex), follow=True)
    cancelled = _fresh(alex)
    assert first.redirect_chain == [(_manage(alex), 302)]
    assert "Your registration is cancelled. We have emailed alex@example.com to confirm." in first.content.decode()
    assert (cancelled.status, cancelled.cancelled_at) == (Registration.Status.CANCELLED, NOW)

    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(_cancel(alex), follow=True)
        client.get(_cancel(alex))

    html = again.content.decode()
    assert "Your registration was already cancelled. Nothing has changed." in html
    assert "Cancelled</strong>" in html
    assert "Cancel my registration" not in html
    assert _fresh(alex).cancelled_at == NOW
    assert [email.subject for email in mailoutbox] == ["Your registration is cancelled: Local offer workshop"]


def test_it_gives_the_place_to_the_first_person_waiting(
    client, workshop, alex, mailoutbox, django_capture_on_commit_callbacks
):
    first = make_registration(workshop, status=Registration.Status.WAITLISTED, email="first@example.com")
    second = make_registration(workshop, status=Registration.Status.WAITLISTED, email="second@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(_cancel(alex))

    assert _fresh(first).status == Registration.Status.CONFIRMED
    assert _fresh(second).status == Registration.Status.WAITLISTED
    assert _fresh(second).waiting_list_position() == 1
    sent = {email.to[0]: email for email in mailoutbox}
    assert set(sent) == {"alex@example.com", "first@example.com"}
    assert sent["first@example.com"].subject == "A place has come up for you: Local offer workshop"
    assert JOINING in client.get(_manage(first)).content.decode()


def test_it_lets_a_waiting_person_leave_without_promoting_anyone(client, workshop, alex):
    first = make_registration(workshop, status=Registration.Status.WAITLISTED)
    second = make_registration(workshop, status=Registration.Status.WAITLISTED)
    response = client.post(_cancel(first), follow=True)
    assert "You have left the waiting list." in response.content.decode()
    assert _fresh(alex).status == Registration.Status.CONFIRMED
    assert _fresh(first).status == Registration.Status.CANCELLED
    assert _fresh(second).waiting_list_position() == 1


def test_it_does_not_cancel_once_the_event_has_started(client, alex, time_machine, mailoutbox):
    time_machine.move_to(alex.event.starts_at, tick=False)
    response = client.post(_cancel(alex), follow=True)
    assert "This event has already started" in response.content.decode()
    assert _fresh(alex).status == Registration.Status.CONFIRMED
    assert "Cancel my registration" not in client.get(_manage(alex)).content.decode()


def test_it_shows_a_cancelled_event_and_has_nothing_to_cancel(client, workshop, alex):
    Event.objects.filter(pk=workshop.pk).update(
        status=Event.Status.CANCELLED, cancelled_at=NOW, cancellation_reason="The venue flooded."
    )
    html = client.get(_manage(alex)).content.decode()
    assert "This event has been cancelled." in html
    assert "The venue flooded." in html
    assert JOINING not in html
    assert "Cancel my registration" not in html
    client.post(_cancel(alex))
    assert _fresh(alex).status == Registration.Status.CONFIRMED
