"""Registering a group (issue 16): a coordinator registers several people from one email address, each with
their own place, details and link; counted one by one against capacity and the waiting list."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from audit.models import AuditEntry
from events.models import Event, PartnerType, Registration
from events.services import (
    AlreadyRegistered,
    Coordinator,
    RegistrationData,
    RegistrationRefused,
    registration_group_create,
    registration_personal_data_erase,
)
from notifications.models import OutboxMessage
from regions.models import LocalAuthority
from tests.events.factories import make_event, make_registration

LONDON = ZoneInfo("Europe/London")
NOW = datetime.datetime(2013, 10, 1, 9, 0, tzinfo=LONDON)
COORDINATOR = "sam@bolton-pcf.example"


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def workshop(champion_staff) -> Event:
    return make_event(
        created_by=champion_staff,
        title="Local offer workshop",
        format=Event.Format.ONLINE,
        joining_details="https://meet.example/local-offer",
        starts_at=datetime.datetime(2013, 10, 14, 10, 0, tzinfo=LONDON),
        capacity=10,
    )


def _url(event: Event) -> str:
    return reverse("events:registration_group_create", args=[event.pk])


def _person(n: int, name: str, **fields) -> dict:
    values = {
        "name": name,
        "organisation": "Bolton Parent Carer Forum",
        "partner_type": PartnerType.PARENT_OR_CARER,
        "local_authority": "",
        "access_needs": "",
        "dietary_needs": "",
        **fields,
    }
    return {f"person_{n}_{field}": value for field, value in values.items()}


@pytest.fixture
def group(reference_data) -> dict:
    """Sam, a forum coordinator who is not coming, registers three parents."""
    bolton = str(LocalAuthority.objects.get(slug="bolton").pk)
    return {
        "name": "Sam Coordinator",
        "email": "Sam@Bolton-PCF.example",
        "attending": "no",
        "people": "3",
        **_person(1, "Alex Parent", local_authority=bolton, access_needs="A wheelchair space"),
        **_person(2, "Bea Carer", partner_type=PartnerType.PARENT_CARER_FORUM, dietary_needs="Halal"),
        **_person(3, "Cal Young", partner_type=PartnerType.YOUNG_PERSON, organisation=""),
        "privacy": "on",
    }


def _post(client, event, data, capture):
    with capture(execute=True):
        return client.post(_url(event), data)


def _links(body: str) -> list[str]:
    return re.findall(r"http://testserver(/registrations/(?!group/)[^/\s]+/)", body)


# --- The form -----------------------------------------------------------------------------------


def test_it_offers_the_group_form_from_the_single_form(client, workshop):
    html = client.get(reverse("events:registration_create", args=[workshop.pk])).content.decode()
    assert f'href="{_url(workshop)}"' in html
    assert "Register a group" in html


def test_it_shows_two_numbered_people_to_start_with(client, workshop):
    response = client.get(_url(workshop))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Register a group for Local offer workshop" in html
    assert "novalidate" in html
    assert "Are you coming to the event too?" in html
    for n in (1, 2):
        assert f'id="id_person_{n}_name"' in html
        assert f'<span class="govuk-visually-hidden">Person {n}: </span>Full name' in html
        assert f'id="id_person_{n}_partner_type_1"' in html
    assert "id_person_3_name" not in html
    assert 'name="people" value="2"' in html
    assert ">Add another person</button>" in html
    assert "There are 10 places left." in html


def test_it_adds_another_person_keeping_every_answer_and_saving_nothing(client, workshop, group):
    data = {**group, "people": "3", "add_person": "1", "privacy": ""}
    response = client.post(_url(workshop), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" not in html
    assert 'name="people" value="4"' in html
    assert 'id="id_person_4_name"' in html
    for kept in ('value="Sam Coordinator"', 'value="Alex Parent"', 'value="Cal Young"', "A wheelchair space", "Halal"):
        assert kept in html
    assert response.context["form"]["person_3_partner_type"].value() == "young_person"
    checked = re.findall(r"<input[^>]*\bchecked[^>]*>", html)
    assert any('name="person_3_partner_type"' in tag and 'value="young_person"' in tag for tag in checked)
    assert not Registration.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_it_removes_the_chosen_person_and_numbers_the_rest_again(client, workshop, group):
    response = client.post(_url(workshop), {**group, "remove_person": "2"})

    html = response.content.decode()
    assert 'name="people" value="2"' in html
    assert 'id="id_person_1_name" value="Alex Parent"' in html or 'value="Alex Parent"' in html
    assert "Bea Carer" not in html
    form = response.context["form"]
    assert (form.initial["person_1_name"], form.initial["person_2_name"]) == ("Alex Parent", "Cal Young")
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    "people,action,shown",
    [
        ("10", {"add_person": "1"}, 10),
        ("999", {}, 10),
        ("abc", {"add_person": "1"}, 3),
        ("-3", {"add_person": "1"}, 2),
        ("1", {"remove_person": "1"}, 1),
        ("3", {"remove_person": "\x00"}, 3),
    ],
)
def test_it_keeps_the_number_of_people_between_one_and_ten(client, workshop, group, people, action, shown):
    response = client.post(_url(workshop), {**group, "people": people, **action, "privacy": ""})
    assert response.status_code == 200
    assert response.context["form"].people == shown
    html = response.content.decode()
    assert f'name="people" value="{shown}"' in html
    assert ("Add another person" in html) == (shown < 10)
    assert not Registration.objects.exists()


# --- Registering ----------------------------------------------------------------------------------


def test_it_registers_each_person_with_their_own_place_and_link_and_emails_the_coordinator_once(
    client, workshop, group, mailoutbox, django_capture_on_commit_callbacks
):
    response = _post(client, workshop, group, django_capture_on_commit_callbacks)

    alex, bea, cal = Registration.objects.order_by("pk")
    assert response.status_code == 302
    assert response.url == alex.get_group_url()
    assert [r.name for r in (alex, bea, cal)] == ["Alex Parent", "Bea Carer", "Cal Young"]
    assert {r.email for r in (alex, bea, cal)} == {COORDINATOR}
    assert {r.booked_by_name for r in (alex, bea, cal)} == {"Sam Coordinator"}
    assert {r.status for r in (alex, bea, cal)} == {Registration.Status.CONFIRMED}
    assert len({alex.group_token, bea.group_token, cal.group_token}) == 1 and len(alex.group_token) >= 40
    assert len({alex.token, bea.token, cal.token}) == 3
    assert (alex.local_authority.slug, alex.access_needs, alex.had_access_needs) == (
        "bolton",
        "A wheelchair space",
        True,
    )
    assert (bea.partner_type, bea.dietary_needs, bea.had_dietary_needs) == ("parent_carer_forum", "Halal", True)
    assert (cal.partner_type, cal.organisation) == ("young_person", "")
    assert {r.user for r in (alex, bea, cal)} == {None}
    assert {r.privacy_agreed_at for r in (alex, bea, cal)} == {NOW}
    entries = AuditEntry.objects.filter(action="event.registration_created", object_id=str(workshop.pk))
    assert entries.count() == 3
    assert "Alex" not in str(list(entries.values())) and COORDINATOR not in str(list(entries.values()))

    [email] = mailoutbox
    assert email.to == [COORDINATOR]
    assert email.subject == "The people you registered: Local offer workshop"
    assert email.body.startswith("Dear Sam Coordinator,")
    assert "Alex Parent: place confirmed" in email.body and "Cal Young: place confirmed" in email.body
    assert _links(email.body) == [alex.get_manage_url(), bea.get_manage_url(), cal.get_manage_url()]
    assert f"http://testserver{alex.get_group_url()}" in email.body
    assert "https://meet.example/local-offer" in email.body
    for link in (alex.get_manage_url(), alex.get_group_url()):
        assert link in email.alternatives[0][0]
    [(filename, content, mimetype)] = email.attachments
    assert (filename, mimetype) == ("event.ics", "text/calendar")

    page = client.get(response.url)
    html = page.content.decode()
    assert "You have registered 3 people. We have emailed the details to sam@bolton-pcf.example." in html
    assert html.count("Place confirmed") == 3
    for r in (alex, bea, cal):
        assert f'href="{r.get_manage_url()}"' in html


def test_it_registers_the_coordinator_too_when_they_are_coming_and_links_their_account(
    signed_in, la_officer, workshop, group
):
    client = signed_in(la_officer)
    form = client.get(_url(workshop)).context["form"]
    assert form.initial == {"name": la_officer.full_name, "email": "lee@bolton.example"}
    data = {
        **group,
        "name": la_officer.full_name,
        "email": "lee@bolton.example",
        "attending": "yes",
        **_person(2, la_officer.full_name.upper(), partner_type=PartnerType.LA_EDUCATION),
    }

    assert client.post(_url(workshop), data).status_code == 302

    rows = {r.name: r for r in Registration.objects.all()}
    own = rows[la_officer.full_name.upper()]
    assert (own.booked_by_name, own.user) == ("", la_officer)
    assert (rows["Alex Parent"].booked_by_name, rows["Alex Parent"].user) == (la_officer.full_name, None)
    assert "(you)" in client.get(own.get_group_url()).content.decode()


def test_it_confirms_people_in_order_until_the_places_run_out_then_waitlists_the_rest(
    client, workshop, group, mailoutbox, django_capture_on_commit_callbacks
):
    workshop.capacity = 5
    workshop.save()
    for _ in range(3):
        make_registration(workshop)
    assert "There are 2 places left." in client.get(_url(workshop)).content.decode()

    response = _post(client, workshop, group, django_capture_on_commit_callbacks)

    rows = {r.name: r for r in Registration.objects.filter(booked_by_name="Sam Coordinator")}
    assert rows["Alex Parent"].status == rows["Bea Carer"].status == Registration.Status.CONFIRMED
    assert rows["Cal Young"].status == Registration.Status.WAITLISTED
    assert rows["Cal Young"].confirmed_at is None
    assert workshop.registrations.filter(status="confirmed").count() == 5
    [email] = mailoutbox
    assert "Bea Carer: place confirmed" in email.body
    assert "Cal Young: on the waiting list, number 1" in email.body
    html = client.get(response.url).content.decode()
    assert html.count("Place confirmed") == 2
    assert "Waiting list</strong> Number 1" in html


def test_it_puts_everyone_on_the_waiting_list_of_a_full_event_without_joining_details(
    client, workshop, group, mailoutbox, django_capture_on_commit_callbacks
):
    workshop.capacity = 1
    workshop.save()
    make_registration(workshop)
    assert "This event is full." in client.get(_url(workshop)).content.decode()

    _post(client, workshop, group, django_capture_on_commit_callbacks)

    waiting = list(workshop.registrations.waiting_list())
    assert [r.name for r in waiting] == ["Alex Parent", "Bea Carer", "Cal Young"]
    [email] = mailoutbox
    for n, name in enumerate(["Alex Parent", "Bea Carer", "Cal Young"], start=1):
        assert f"{name}: on the waiting list, number {n}" in email.body
    assert "meet.example" not in email.body
    assert email.attachments == []


# --- Bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes,error,target",
    [
        ({"person_2_name": ""}, "Enter the full name of person 2", "id_person_2_name"),
        ({"person_2_name": "x" * 151}, "The full name of person 2 must be 150 characters or fewer", "id_person_2_name"),
        (
            {"person_2_partner_type": ""},
            "Select the type of organisation person 2 represents",
            "id_person_2_partner_type_1",
        ),
        ({"person_3_partner_type": "pirate"}, "Select the type of organisation person 3 represents", None),
        ({"person_2_local_authority": "999999"}, "Select a local authority from the list for person 2", None),
        ({"person_3_access_needs": "x" * 2001}, "The access needs of person 3 must be 2,000 characters or fewer", None),
        ({"person_2_name": "Bea\x00"}, "Null characters are not allowed", "id_person_2_name"),
        (
            {"person_3_name": " alex  PARENT "},
            "Person 3 has the same name as person 1: register each person once",
            None,
        ),
        ({"name": ""}, "Enter your full name", "id_name"),
        ({"email": "sam@"}, "Enter an email address in the correct format, like name@example.com", "id_email"),
        ({"attending": ""}, "Select whether you are coming to the event too", "id_attending_1"),
        ({"attending": "yes"}, "You said you are coming: add yourself as one of the people, with your full name", None),
        (
            {"person_2_name": "sam coordinator"},
            "Person 2 has your name: if you are coming, select yes to whether you are coming too",
            "id_person_2_name",
        ),
        ({"privacy": ""}, "You must agree to the privacy notice to register", "id_privacy"),
    ],
)
def test_it_rejects_bad_input_in_any_block_links_the_error_and_saves_nothing(
    client, workshop, group, mailoutbox, django_capture_on_commit_callbacks, changes, error, target
):
    data = {key: value for key, value in {**group, **changes}.items() if value != ""}
    response = _post(client, workshop, data, django_capture_on_commit_callbacks)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: " in html
    summary = html[html.index("govuk-error-summary") : html.index("</ul>", html.index("govuk-error-summary"))]
    assert error in summary
    if target:
        assert f'href="#{target}"' in summary
        assert f'id="{target}"' in html
    assert "A wheelchair space" in html  # the answers are kept
    assert not Registration.objects.exists()
    assert not AuditEntry.objects.filter(action="event.registration_created").exists()
    assert mailoutbox == []


def test_it_shows_every_missing_answer_for_an_empty_post(client, workshop):
    response = client.post(_url(workshop), {})
    assert response.status_code == 200
    html = response.content.decode()
    for error in (
        "Enter your full name",
        "Enter your email address",
        "Select whether you are coming to the event too",
        "Enter the full name of person 1",
        "Enter the full name of person 2",
        "Select the type of organisation person 2 represents",
        "You must agree to the privacy notice to register",
    ):
        assert error in html
    assert 'href="#id_person_2_partner_type_1"' in html
    assert not Registration.objects.exists()


def test_it_refuses_someone_already_registered_with_this_address_and_saves_nobody(
    client, workshop, group, mailoutbox, django_capture_on_commit_callbacks
):
    first = make_registration(workshop, name="Bea Carer", email=COORDINATOR, booked_by_name="Sam Coordinator")

    response = _post(client, workshop, {**group, "person_2_name": "BEA CARER"}, django_capture_on_commit_callbacks)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Person 2 is already registered for this event with this email address: remove them" in html
    assert 'href="#id_person_2_name"' in html
    assert first.token not in html
    assert list(Registration.objects.all()) == [first]
    assert mailoutbox == []


def test_it_refuses_a_coordinator_coming_who_already_has_their_own_place(
    client, workshop, group, django_capture_on_commit_callbacks
):
    make_registration(workshop, name="Sam C", email=COORDINATOR)
    data = {**group, "attending": "yes", **_person(3, "Sam Coordinator")}
    response = _post(client, workshop, data, django_capture_on_commit_callbacks)
    assert "You are already registered for this event with this email address: remove person 3" in (
        response.content.decode()
    )
    assert Registration.objects.count() == 1


def test_it_lets_the_coordinator_register_themselves_afterwards_but_not_a_person_twice(
    client, workshop, group, django_capture_on_commit_callbacks
):
    _post(client, workshop, group, django_capture_on_commit_callbacks)
    single = reverse("events:registration_create", args=[workshop.pk])
    answers = {"email": COORDINATOR, "partner_type": PartnerType.PARENT_CARER_FORUM, "privacy": "on"}

    assert client.post(single, {**answers, "name": "Sam Coordinator"}).status_code == 302
    assert client.post(single, {**answers, "name": "Sam Again"}).status_code == 200  # one place of their own
    assert "You are already registered" in client.post(single, {**answers, "name": "alex parent"}).content.decode()
    assert Registration.objects.filter(email=COORDINATOR).count() == 4


@pytest.mark.parametrize(
    "fields,status",
    [
        ({"status": Event.Status.CANCELLED, "cancelled_at": NOW}, 409),
        ({"registration_closes_at": NOW}, 409),
    ],
)
def test_it_refuses_a_group_for_an_event_that_is_not_open(
    client, champion_staff, group, mailoutbox, django_capture_on_commit_callbacks, fields, status
):
    event = make_event(created_by=champion_staff, **fields)
    assert "You cannot register for this event" in client.get(_url(event)).content.decode()
    response = _post(client, event, group, django_capture_on_commit_callbacks)
    assert response.status_code == status
    assert not Registration.objects.exists()
    assert mailoutbox == []


def test_it_hides_a_draft_events_group_form_from_the_public(client, champion_staff, group, signed_in, la_officer):
    draft = make_event(created_by=champion_staff, status=Event.Status.DRAFT)
    assert client.get(_url(draft)).status_code == 404
    assert client.post(_url(draft), group).status_code == 404
    assert signed_in(la_officer).post(_url(draft), group).status_code == 404
    assert not Registration.objects.exists()


# --- Afterwards -----------------------------------------------------------------------------------


def test_each_person_cancels_alone_and_the_waiting_list_moves(
    client, workshop, group, mailoutbox, django_capture_on_commit_callbacks
):
    workshop.capacity = 2
    workshop.save()
    _post(client, workshop, group, django_capture_on_commit_callbacks)
    alex, bea, cal = Registration.objects.order_by("pk")
    assert cal.status == Registration.Status.WAITLISTED
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:registration_cancel", args=[alex.token]))

    assert response.status_code == 302
    alex.refresh_from_db(), bea.refresh_from_db(), cal.refresh_from_db()
    assert (alex.status, bea.status, cal.status) == ("cancelled", "confirmed", "confirmed")
    promoted, cancelled = sorted(mailoutbox, key=lambda m: m.subject)
    assert cancelled.subject == "Your registration is cancelled: Local offer workshop"
    assert promoted.subject == "A place has come up for you: Local offer workshop"
    assert cancelled.to == promoted.to == [COORDINATOR]
    assert cancelled.body.startswith("Dear Sam Coordinator,\n\nThis email is about the place you registered for Alex")
    assert "the place you registered for Cal Young" in promoted.body
    assert cal.get_manage_url() in promoted.body
    assert "<p>This email is about the place you registered for Cal Young.</p>" in promoted.alternatives[0][0]
    [(filename, _content, _mimetype)] = promoted.attachments
    assert filename == "event.ics"

    html = client.get(alex.get_group_url()).content.decode()
    assert (html.count("Place confirmed"), html.count(">Cancelled<")) == (2, 1)
    manage = client.get(bea.get_manage_url()).content.decode()
    assert "Registered by" in manage and "Sam Coordinator" in manage
    assert "Cal Young" not in manage  # one person's link shows only their own registration


def test_it_greets_someone_who_registered_themselves_as_before(
    client, workshop, mailoutbox, django_capture_on_commit_callbacks
):
    answers = {"name": "Alex Parent", "email": "alex@example.com", "partner_type": "school", "privacy": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("events:registration_create", args=[workshop.pk]), answers)
    [email] = mailoutbox
    assert email.body.startswith("Dear Alex Parent,\n\nYour place at Local offer workshop is confirmed.")
    assert "<p>Dear Alex Parent,</p>" in email.alternatives[0][0]
    assert "registered for" not in email.body


def test_it_shows_organisers_who_registered_each_person(
    client, signed_in, champion_staff, workshop, group, django_capture_on_commit_callbacks
):
    _post(client, workshop, group, django_capture_on_commit_callbacks)
    make_registration(workshop, name="Dee Solo", email="dee@example.com")
    staff = signed_in(champion_staff)

    html = staff.get(reverse("events:registration_list", args=[workshop.pk])).content.decode()
    assert "Registered by" in html
    assert html.count(">Sam Coordinator<") == 3 and ">Themselves<" in html

    export = staff.get(reverse("events:registration_export", args=[workshop.pk, "csv"])).getvalue().decode("utf-8-sig")
    assert ",Registered by" in export.splitlines()[0] or "Registered by" in export.splitlines()[0]
    assert export.count("Sam Coordinator") == 3
    assert "Themselves" in export


def test_it_answers_404_for_a_guessed_group_link(client, workshop):
    make_registration(workshop)  # registered alone: no group
    for token in ("guessed", "x" * 64):
        assert client.get(reverse("events:registration_group_manage", args=[token])).status_code == 404


def test_it_erases_group_registrations_with_the_rest_and_the_group_link_stops_working(
    client, workshop, group, django_capture_on_commit_callbacks
):
    _post(client, workshop, group, django_capture_on_commit_callbacks)
    link = Registration.objects.first().get_group_url()
    assert client.get(link).status_code == 200

    assert registration_personal_data_erase(now=datetime.datetime(2015, 4, 2, tzinfo=LONDON)) == 1

    rows = Registration.objects.filter(event=workshop)
    assert set(rows.values_list("name", "email", "booked_by_name", "access_needs", "dietary_needs")) == {
        ("", "", "", "", "")
    }
    assert sorted(rows.values_list("partner_type", flat=True)) == [
        "parent_carer_forum",
        "parent_or_carer",
        "young_person",
    ]
    assert client.get(link).status_code == 404


def test_it_shows_the_group_page_in_a_constant_number_of_queries(workshop, client, query_count):
    counts = {}
    for size in (2, 10):
        workshop.capacity = 1
        workshop.save()
        registrations = registration_group_create(
            event=workshop,
            coordinator=Coordinator(name="Sam Coordinator", email=f"sam{size}@example.com"),
            attendees=[
                RegistrationData(name=f"P{i}", email="", organisation="", partner_type="school") for i in range(size)
            ],
            now=NOW,
        )
        url = registrations[0].get_group_url()
        counts[size] = query_count(lambda url=url: client.get(url))
    assert counts[2] == counts[10], counts


# --- The service and the database -----------------------------------------------------------------


def _data(name: str, email: str = COORDINATOR) -> RegistrationData:
    return RegistrationData(name=name, email=email, organisation="", partner_type="school")


def test_it_saves_nobody_when_one_person_is_already_registered(workshop, mailoutbox):
    make_registration(workshop, name="Bea", email=COORDINATOR, booked_by_name="Sam")
    with pytest.raises(AlreadyRegistered) as refused:
        registration_group_create(
            event=workshop,
            coordinator=Coordinator(name="Sam", email=COORDINATOR.upper()),
            attendees=[_data("Alex"), _data("bea")],
            now=NOW,
        )
    assert refused.value.index == 1
    assert Registration.objects.count() == 1
    assert not OutboxMessage.objects.exists()


def test_it_refuses_a_group_naming_someone_twice_or_nobody(workshop):
    coordinator = Coordinator(name="Sam", email=COORDINATOR)
    for attendees in ([_data("Alex"), _data(" ALEX ")], []):
        with pytest.raises(ValueError):
            registration_group_create(event=workshop, coordinator=coordinator, attendees=attendees, now=NOW)
    assert not Registration.objects.exists()


def test_it_refuses_a_group_after_registration_closes(workshop):
    with pytest.raises(RegistrationRefused):
        registration_group_create(
            event=workshop,
            coordinator=Coordinator(name="Sam", email=COORDINATOR),
            attendees=[_data("Alex")],
            now=workshop.registration_closes_at,
        )
    assert not Registration.objects.exists()


def test_the_database_holds_one_place_per_person_and_one_own_place_per_address(workshop):
    make_registration(workshop, name="Sam", email=COORDINATOR)
    make_registration(workshop, name="Alex", email=COORDINATOR, booked_by_name="Sam")
    make_registration(workshop, name="Alex", email=COORDINATOR, booked_by_name="Sam", status="cancelled")
    make_registration(workshop, name="", email="", status="confirmed")  # erased
    make_registration(workshop, name="", email="", status="confirmed")
    for fields in (
        {"name": "ALEX", "booked_by_name": "Sam"},  # the same person again
        {"name": "Sam Again"},  # a second place of their own at one address
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            make_registration(workshop, email=COORDINATOR.upper().lower(), **fields)
    assert workshop.registrations.active().count() == 4
