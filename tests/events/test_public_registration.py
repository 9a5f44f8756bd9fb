"""Registering for an event with no account: a place or the waiting list, one per email, and clear refusals."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from events.models import Event, PartnerType, Registration
from regions.models import LocalAuthority
from tests.events.factories import make_event, make_registration

LONDON = ZoneInfo("Europe/London")
NOW = datetime.datetime(2013, 10, 1, 9, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def _url(event: Event) -> str:
    return reverse("events:registration_create", args=[event.pk])


@pytest.fixture
def workshop(champion_staff) -> Event:
    starts_at = datetime.datetime(2013, 10, 14, 10, 0, tzinfo=LONDON)
    return make_event(
        created_by=champion_staff,
        title="Local offer workshop",
        format=Event.Format.ONLINE,
        joining_details="https://meet.example/local-offer",
        starts_at=starts_at,
        capacity=2,
    )


@pytest.fixture
def answers(reference_data) -> dict:
    return {
        "name": "Alex Parent",
        "email": "Alex.Parent@Example.com",
        "organisation": "Bolton Parent Carer Forum",
        "partner_type": PartnerType.PARENT_CARER_FORUM,
        "local_authority": str(LocalAuthority.objects.get(slug="bolton").pk),
        "access_needs": "A wheelchair space",
        "dietary_needs": "Vegetarian",
        "privacy": "on",
    }


def test_it_shows_the_form_to_anyone(client, workshop):
    response = client.get(_url(workshop))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Register for Local offer workshop" in html
    assert "novalidate" in html
    assert f'href="{reverse("privacy")}"' in html
    assert "Only the organisers of this event will see this." in html
    assert "Parent carer forum" in html
    assert "Local authority education" in html


def test_it_confirms_a_place_and_emails_the_confirmation_with_a_calendar_file(
    client, workshop, answers, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(workshop), answers)

    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response.url == registration.get_manage_url()
    assert (registration.event, registration.status) == (workshop, Registration.Status.CONFIRMED)
    assert registration.name == "Alex Parent"
    assert registration.email == "alex.parent@example.com"
    assert registration.organisation == "Bolton Parent Carer Forum"
    assert registration.partner_type == PartnerType.PARENT_CARER_FORUM
    assert registration.local_authority.slug == "bolton"
    assert (registration.access_needs, registration.dietary_needs) == ("A wheelchair space", "Vegetarian")
    assert registration.privacy_agreed_at == NOW
    assert registration.user is None
    assert len(registration.token) >= 40

    [email] = mailoutbox
    assert email.to == ["alex.parent@example.com"]
    assert email.subject == "Your place is confirmed: Local offer workshop"
    assert f"http://testserver{registration.get_manage_url()}" in email.body
    [(filename, content, mimetype)] = email.attachments
    assert (filename, mimetype) == ("event.ics", "text/calendar")
    assert "DTSTART:20131014T090000Z" in (content if isinstance(content, str) else content.decode())

    page = client.get(response.url).content.decode()
    assert "Your place is confirmed." in page
    assert "alex.parent@example.com" in page


def test_it_puts_people_on_the_waiting_list_and_tells_them_their_number(
    client, workshop, answers, mailoutbox, django_capture_on_commit_callbacks
):
    make_registration(workshop)
    make_registration(workshop)
    make_registration(workshop, status=Registration.Status.WAITLISTED)
    assert "you will join the waiting list" in client.get(_url(workshop)).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(workshop), answers, follow=True)

    registration = Registration.objects.get(email="alex.parent@example.com")
    assert registration.status == Registration.Status.WAITLISTED
    assert registration.confirmed_at is None
    html = response.content.decode()
    assert "This event is full, so you are on the waiting list, number 2." in html
    assert "You are number 2 on the waiting list." in html
    assert "meet.example" not in html
    [email] = mailoutbox
    assert email.subject == "You are on the waiting list: Local offer workshop"
    assert "waiting list, number 2" in email.body
    assert "meet.example" not in email.body
    assert email.attachments == []


@pytest.mark.parametrize("email", ["alex.parent@example.com", "ALEX.PARENT@EXAMPLE.COM", " Alex.Parent@example.com "])
def test_it_says_already_registered_and_changes_nothing(
    client, workshop, answers, mailoutbox, django_capture_on_commit_callbacks, email
):
    first = make_registration(workshop, name="First Person", email="alex.parent@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(workshop), {**answers, "email": email, "name": "Second Try"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "You are already registered for this event" in html
    assert "First Person" not in html
    assert first.token not in html
    assert Registration.objects.get() == first
    assert Registration.objects.get().name == "First Person"
    assert mailoutbox == []


def test_it_lets_someone_register_again_after_cancelling(client, workshop, answers):
    make_registration(workshop, email="alex.parent@example.com", status=Registration.Status.CANCELLED)
    assert client.post(_url(workshop), answers).status_code == 302
    assert Registration.objects.active().get().email == "alex.parent@example.com"


@pytest.mark.parametrize(
    "fields,reason",
    [
        ({"registration_opens_at": NOW + datetime.timedelta(days=1)}, "Registration for this event has not opened"),
        ({"registration_closes_at": NOW - datetime.timedelta(minutes=1)}, "Registration for this event has closed."),
        ({"registration_closes_at": NOW}, "Registration for this event has closed."),
        ({"status": Event.Status.CANCELLED, "cancelled_at": NOW}, "This event has been cancelled."),
        (
            {
                "starts_at": NOW - datetime.timedelta(days=2),
                "registration_opens_at": NOW - datetime.timedelta(days=20),
                "registration_closes_at": NOW + datetime.timedelta(days=1),
            },
            "This event has already taken place.",
        ),
        ({"starts_at": NOW - datetime.timedelta(hours=1)}, "This event has already taken place."),
    ],
)
def test_it_refuses_registration_with_a_clear_page_and_saves_nothing(
    client, champion_staff, answers, mailoutbox, django_capture_on_commit_callbacks, fields, reason
):
    event = make_event(created_by=champion_staff, **fields)

    page = client.get(_url(event))
    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(_url(event), answers)

    assert page.status_code == 200
    assert refused.status_code == 409
    for response in (page, refused):
        html = response.content.decode()
        assert "You cannot register for this event" in html
        assert reason in html
        assert 'name="email"' not in html
    assert not Registration.objects.exists()
    assert mailoutbox == []


def test_it_refuses_when_registration_closes_while_the_form_is_open(client, workshop, answers, time_machine):
    assert client.get(_url(workshop)).status_code == 200
    time_machine.move_to(workshop.registration_closes_at, tick=False)
    response = client.post(_url(workshop), answers)
    assert response.status_code == 409
    assert "Registration for this event has closed." in response.content.decode()
    assert not Registration.objects.exists()


def test_it_refuses_when_the_event_changes_between_the_check_and_the_lock(
    client, workshop, answers, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    """The page checks first; the service checks again on the locked row and its answer wins."""
    answers_given = iter([None, "This event has been cancelled."])
    monkeypatch.setattr(Event, "registration_refusal", lambda self, now: next(answers_given))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(workshop), answers)
    assert response.status_code == 409
    assert "This event has been cancelled." in response.content.decode()
    assert not Registration.objects.exists()
    assert mailoutbox == []


@pytest.mark.parametrize(
    "changes,error",
    [
        ({"name": ""}, "Enter your full name"),
        ({"name": "   "}, "Enter your full name"),
        ({"name": "x" * 151}, "Full name must be 150 characters or fewer"),
        ({"email": ""}, "Enter your email address"),
        ({"email": "alex@"}, "Enter an email address in the correct format, like name@example.com"),
        ({"email": "alex.example.com"}, "Enter an email address in the correct format, like name@example.com"),
        ({"partner_type": ""}, "Select the type of organisation you represent"),
        ({"partner_type": "pirate"}, "Select the type of organisation you represent"),
        ({"local_authority": "999999"}, "Select a local authority from the list"),
        ({"local_authority": "bolton"}, "Select a local authority from the list"),
        ({"access_needs": "x" * 2001}, "Access needs must be 2,000 characters or fewer"),
        ({"privacy": ""}, "You must agree to the privacy notice to register"),
        ({"name": "Alex\x00"}, "Null characters are not allowed"),
    ],
)
def test_it_rejects_bad_input_and_saves_nothing(
    client, workshop, answers, mailoutbox, django_capture_on_commit_callbacks, changes, error
):
    data = {key: value for key, value in {**answers, **changes}.items() if value != ""}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(workshop), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert error in html
    assert "<title>Error: " in html
    assert not Registration.objects.exists()
    assert mailoutbox == []


def test_it_shows_every_missing_answer_for_an_empty_post(client, workshop):
    response = client.post(_url(workshop), {})
    assert response.status_code == 200
    html = response.content.decode()
    for error in (
        "Enter your full name",
        "Enter your email address",
        "Select the type of organisation you represent",
        "You must agree to the privacy notice to register",
    ):
        assert error in html
    assert 'href="#id_partner_type_1"' in html
    assert not Registration.objects.exists()


def test_it_keeps_the_answers_when_one_is_wrong(client, workshop, answers):
    html = client.post(_url(workshop), {**answers, "email": "alex@"}).content.decode()
    assert 'value="Alex Parent"' in html
    assert "A wheelchair space" in html


def test_it_prefills_an_la_officers_details(signed_in, workshop, la_officer):
    form = signed_in(la_officer).get(_url(workshop)).context["form"]
    bolton = LocalAuthority.objects.get(slug="bolton")
    assert form.initial == {
        "name": la_officer.full_name,
        "email": "lee@bolton.example",
        "organisation": "Bolton",
        "local_authority": bolton.pk,
        "partner_type": PartnerType.LA_EDUCATION,
    }


def test_it_prefills_champion_staffs_details(signed_in, workshop, champion_staff):
    response = signed_in(champion_staff).get(_url(workshop))
    assert response.context["form"].initial == {
        "name": champion_staff.full_name,
        "email": "chris@gm.example",
        "organisation": champion_staff.champion.name,
        "partner_type": PartnerType.LA_EDUCATION,
    }
    html = response.content.decode()
    assert 'value="chris@gm.example"' in html
    assert f'value="{champion_staff.champion.name}"' in html


def test_it_links_the_registration_to_the_signed_in_person(signed_in, workshop, la_officer):
    client = signed_in(la_officer)
    form = client.get(_url(workshop)).context["form"]
    data = {**form.initial, "privacy": "on"}
    assert client.post(_url(workshop), data).status_code == 302
    registration = Registration.objects.get()
    assert registration.user == la_officer
    assert registration.local_authority.slug == "bolton"
    assert registration.partner_type == PartnerType.LA_EDUCATION


def test_it_prefills_nothing_for_anonymous_visitors(client, workshop):
    assert client.get(_url(workshop)).context["form"].initial == {}
