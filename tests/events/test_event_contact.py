"""Whom to ask about an event (issue 16): the contact its organisers chose from their champion's contacts,
else the champion's first contact, else Mott MacDonald's programme team; on the event's pages and in every
email about a place at it. Nowhere says "contact the organisers" without saying how."""

import datetime
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse

from audit.models import AuditEntry
from events.models import Event, Registration
from events.services import (
    RegistrationData,
    event_cancel,
    registration_cancel,
    registration_create,
    registration_reminders_send,
)
from regions.models import Champion, ChampionContact
from tests.accounts.pages import error_summary
from tests.events.factories import event_form_data, make_event, make_registration

LONDON = ZoneInfo("Europe/London")
NOW = datetime.datetime(2013, 9, 2, 9, 0, tzinfo=LONDON)
TEMPLATES = Path(settings.BASE_DIR) / "templates"


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def _champion(slug: str = "greater-manchester-group") -> Champion:
    return Champion.objects.get(slug=slug)


def _contact(champion: Champion | None = None, **fields) -> ChampionContact:
    champion = champion or _champion()
    values = {"name": "Grace Hopper", "role": "SEND reforms lead", "email": "grace@gm.example", "phone": ""}
    return ChampionContact.objects.create(champion=champion, order=champion.contacts.count(), **{**values, **fields})


@pytest.fixture
def first(reference_data) -> ChampionContact:
    return _contact(name="First Contact", role="Champion lead", email="first@gm.example", phone="0161 496 0001")


@pytest.fixture
def chosen(first) -> ChampionContact:
    return _contact(name="Chosen Contact", role="Events officer", email="chosen@gm.example", phone="0161 496 0002")


def _page(client, event: Event) -> str:
    response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


# --- On the event's page --------------------------------------------------------------------------


def test_it_names_the_chosen_contact_on_the_event_page(client, champion_staff, chosen):
    event = make_event(created_by=champion_staff, contact=chosen)

    html = _page(client, event)

    assert "Questions about this event? Contact Chosen Contact, Events officer" in html
    assert 'href="mailto:chosen@gm.example"' in html
    assert "0161 496 0002" in html
    assert "First Contact" not in html


def test_it_names_the_champions_first_contact_when_none_is_chosen(client, champion_staff, chosen):
    event = make_event(created_by=champion_staff)

    html = _page(client, event)

    assert "Questions about this event? Contact First Contact, Champion lead" in html
    assert 'href="mailto:first@gm.example"' in html
    assert "Chosen Contact" not in html


def test_it_gives_the_programme_team_when_the_champion_has_no_contacts(client, champion_staff):
    event = make_event(created_by=champion_staff)

    html = _page(client, event)

    assert "Questions about this event? Contact Mott MacDonald's programme team" in html
    assert f'href="mailto:{settings.PROGRAMME_TEAM_EMAIL}"' in html
    assert settings.PROGRAMME_TEAM_PHONE in html


def test_it_ignores_a_contact_of_another_champion(client, champion_staff, first):
    theirs = _contact(_champion("hartlepool"), name="Not Theirs")
    event = make_event(created_by=champion_staff, contact=theirs)

    html = _page(client, event)

    assert "Contact First Contact, Champion lead" in html
    assert "Not Theirs" not in html


def test_it_falls_back_when_the_chosen_contact_is_removed(signed_in, client, champion_staff, chosen):
    event = make_event(created_by=champion_staff, contact=chosen)
    url = reverse("regions:champion_contact_remove", args=[_champion().slug, chosen.pk])

    signed_in(champion_staff).post(url)
    client.logout()

    assert Event.objects.get(pk=event.pk).contact is None
    assert "Contact First Contact, Champion lead" in _page(client, event)


def test_it_shows_the_event_page_in_a_constant_number_of_queries(client, champion_staff, chosen, query_count):
    event = make_event(created_by=champion_staff, contact=chosen)
    fallback = make_event(created_by=champion_staff)
    few = [query_count(lambda e=e: client.get(e.get_absolute_url())) for e in (event, fallback)]
    for n in range(6):
        _contact(name=f"Person {n}")
    for _ in range(5):
        make_registration(event)
        make_registration(fallback)

    assert [query_count(lambda e=e: client.get(e.get_absolute_url())) for e in (event, fallback)] == few


def test_it_names_the_contact_on_the_registrants_own_page(client, champion_staff, chosen):
    event = make_event(created_by=champion_staff, contact=chosen)
    registration = make_registration(event)

    response = client.get(registration.get_manage_url())

    html = re.sub(r"\s+", " ", response.content.decode())
    assert "contact the organisers." not in html
    assert "Questions about this event? Contact Chosen Contact, Events officer" in html
    assert 'href="mailto:chosen@gm.example"' in html


def test_no_page_or_email_says_contact_the_organisers_without_saying_how():
    vague = re.compile(r"contact (the|your|its) organi[sz]ers?(?! at)", re.IGNORECASE)
    found = [
        f"{path.relative_to(TEMPLATES)}: {match[0]}"
        for path in TEMPLATES.rglob("*.*")
        for match in vague.finditer(path.read_text())
    ]
    assert found == []


# --- Chosen on the organisers' form -----------------------------------------------------------------


def test_it_offers_champion_staff_only_their_own_champions_contacts(signed_in, champion_staff, chosen):
    _contact(_champion("hartlepool"), name="Not Theirs")

    form = signed_in(champion_staff).get(reverse("events:event_create")).context["form"]

    assert [c.name for c in form.fields["contact"].queryset] == ["First Contact", "Chosen Contact"]


def test_it_saves_the_chosen_contact(signed_in, champion_staff, chosen):
    client = signed_in(champion_staff)

    client.post(reverse("events:event_create"), event_form_data(contact=chosen.pk))

    event = Event.objects.get()
    assert event.contact == chosen
    created = AuditEntry.objects.get(action="event.created")
    assert created.changes["contact"] == [None, str(chosen)]


def test_it_changes_the_contact_and_records_it(signed_in, champion_staff, first, chosen):
    event = make_event(created_by=champion_staff, contact=first)

    response = signed_in(champion_staff).post(
        reverse("events:event_edit", args=[event.pk]), event_form_data(contact=chosen.pk)
    )

    assert response.status_code == 302
    assert Event.objects.get(pk=event.pk).contact == chosen
    entry = AuditEntry.objects.get(action="event.updated")
    assert entry.changes["contact"] == [str(first), str(chosen)]


def test_it_lets_the_event_name_no_contact(signed_in, champion_staff, chosen):
    event = make_event(created_by=champion_staff, contact=chosen)

    signed_in(champion_staff).post(reverse("events:event_edit", args=[event.pk]), event_form_data(contact=""))

    assert Event.objects.get(pk=event.pk).contact is None


def test_it_refuses_another_champions_contact_and_saves_nothing(signed_in, champion_staff, first):
    theirs = _contact(_champion("hartlepool"), name="Not Theirs")
    event = make_event(created_by=champion_staff, title="Before", contact=first)
    client = signed_in(champion_staff)

    created = client.post(reverse("events:event_create"), event_form_data(contact=theirs.pk))
    edited = client.post(reverse("events:event_edit", args=[event.pk]), event_form_data(contact=theirs.pk))

    for response in (created, edited):
        assert response.status_code == 200
        assert error_summary(response) == ["Select one of your champion's contacts, or none"]
    assert list(Event.objects.values_list("title", "contact")) == [("Before", first.pk)]


def test_it_refuses_programme_staff_a_contact_of_another_champion_than_the_events(signed_in, programme_staff, first):
    theirs = _contact(_champion("hartlepool"), name="Hartlepool Contact")
    client = signed_in(programme_staff)
    data = event_form_data(champion=_champion().pk, contact=theirs.pk)

    response = client.post(reverse("events:event_create"), data)

    assert response.status_code == 200
    assert error_summary(response) == ["Select a contact of the champion running the event, or none"]
    assert not Event.objects.exists()
    client.post(reverse("events:event_create"), {**data, "champion": _champion("hartlepool").pk})
    assert Event.objects.get().contact == theirs


# --- In the emails -------------------------------------------------------------------------------


def _register(event: Event, email: str) -> Registration:
    data = RegistrationData(name="Alex Parent", email=email, organisation="Bolton PCF", partner_type="parent_or_carer")
    return registration_create(event=event, data=data, now=NOW)


def _assert_names(message, contact: ChampionContact) -> None:
    html = message.alternatives[0][0]
    for text in (message.body, html):
        assert f"Questions about this event? Contact {contact.name}, {contact.role}" in re.sub(r"\s+", " ", text)
        assert contact.email in text
        assert contact.phone in text


def test_it_names_the_contact_in_every_email_about_a_place(
    champion_staff, chosen, mailoutbox, django_capture_on_commit_callbacks, time_machine
):
    event = make_event(created_by=champion_staff, contact=chosen, capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = _register(event, "first@example.com")
        _register(event, "second@example.com")
        registration_cancel(registration=confirmed, now=NOW)
    week_before = event.starts_at - datetime.timedelta(days=7) + datetime.timedelta(minutes=1)
    time_machine.move_to(week_before, tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        registration_reminders_send(now=week_before)
        event_cancel(event=event, reason="The venue flooded", now=week_before)

    subjects = [message.subject.split(":")[0] for message in mailoutbox]
    assert subjects == [
        "Your place is confirmed",
        "You are on the waiting list",
        "A place has come up for you",  # promoted first: the cancellation then knows who keeps a place
        "Your registration is cancelled",
        "In one week",
        "Cancelled",
    ]
    for message in mailoutbox:
        _assert_names(message, chosen)


def test_it_names_the_champions_first_contact_in_emails_when_none_is_chosen(
    champion_staff, chosen, mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event(created_by=champion_staff)
    with django_capture_on_commit_callbacks(execute=True):
        _register(event, "first@example.com")

    _assert_names(mailoutbox[0], ChampionContact.objects.get(name="First Contact"))


def test_it_gives_the_programme_team_in_emails_when_the_champion_has_no_contacts(
    champion_staff, mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event(created_by=champion_staff)
    with django_capture_on_commit_callbacks(execute=True):
        _register(event, "first@example.com")

    [message] = mailoutbox
    for text in (message.body, message.alternatives[0][0]):
        flat = re.sub(r"\s+", " ", text)
        assert "Questions about this event? Contact Mott MacDonald's programme team" in flat.replace("&#x27;", "'")
        assert settings.PROGRAMME_TEAM_PHONE in text
