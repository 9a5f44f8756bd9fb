"""Public registration is limited per client address and per email address: 429 beyond, nothing saved."""

import pytest
from django.urls import reverse

from events.models import Registration
from notifications.models import OutboxMessage
from tests.events.test_public_registration import NOW, _url, answers, workshop  # noqa: F401 (fixtures)


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def register(client, answers, django_capture_on_commit_callbacks):  # noqa: F811
    def post(event, email: str, address: str = "203.0.113.9"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(_url(event), {**answers, "email": email}, REMOTE_ADDR=address)

    return post


def test_it_refuses_a_client_registering_too_many_people(register, workshop, settings):  # noqa: F811
    settings.REGISTRATIONS_PER_CLIENT = 2
    workshop.capacity = 10
    workshop.save()
    assert register(workshop, "one@example.com").status_code == 302
    assert register(workshop, "two@example.com").status_code == 302

    refused = register(workshop, "three@example.com")

    assert refused.status_code == 429
    assert "Too many attempts" in refused.content.decode()
    assert not Registration.objects.filter(email="three@example.com").exists()
    assert not OutboxMessage.objects.filter(to="three@example.com").exists()
    assert register(workshop, "three@example.com", "198.51.100.7").status_code == 302


def test_it_refuses_registering_one_address_too_often(register, workshop, settings):  # noqa: F811
    settings.REGISTRATIONS_PER_EMAIL = 2
    assert register(workshop, "victim@example.com", "192.0.2.1").status_code == 302
    assert register(workshop, "VICTIM@example.com", "192.0.2.2").status_code == 200  # already registered

    refused = register(workshop, "victim@example.com", "192.0.2.3")

    assert refused.status_code == 429
    assert Registration.objects.filter(email__iexact="victim@example.com").count() == 1
    assert OutboxMessage.objects.filter(to__iexact="victim@example.com").count() == 1


def _group(email: str, names: list[str]) -> dict:
    data = {"name": "Sam Coordinator", "email": email, "attending": "no", "people": str(len(names)), "privacy": "on"}
    for n, name in enumerate(names, start=1):
        data |= {f"person_{n}_name": name, f"person_{n}_partner_type": "parent_or_carer"}
    return data


@pytest.fixture
def register_group(client, django_capture_on_commit_callbacks):
    def post(event, data: dict, address: str = "203.0.113.9"):
        url = reverse("events:registration_group_create", args=[event.pk])
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data, REMOTE_ADDR=address)

    return post


def test_it_counts_a_group_once_per_client(register_group, register, workshop, settings):  # noqa: F811
    settings.REGISTRATIONS_PER_CLIENT = 2
    workshop.capacity = 10
    workshop.save()
    assert register_group(workshop, _group("sam@example.com", ["A", "B", "C", "D", "E"])).status_code == 302
    assert register(workshop, "one@example.com").status_code == 302

    refused = register_group(workshop, _group("kim@example.com", ["F", "G"]))

    assert refused.status_code == 429
    assert Registration.objects.count() == 6
    assert not OutboxMessage.objects.filter(to="kim@example.com").exists()


def test_it_does_not_refuse_a_coordinators_own_group_by_the_limit_per_address(register_group, workshop, settings):  # noqa: F811
    settings.REGISTRATIONS_PER_EMAIL = 2
    workshop.capacity = 20
    workshop.save()
    people = [f"Person {n}" for n in range(1, 11)]
    assert register_group(workshop, _group("sam@example.com", people), "192.0.2.1").status_code == 302
    assert register_group(workshop, _group("SAM@example.com", ["Eleven"]), "192.0.2.2").status_code == 302

    refused = register_group(workshop, _group("sam@example.com", ["Twelve"]), "192.0.2.3")

    assert refused.status_code == 429
    assert Registration.objects.filter(email="sam@example.com").count() == 11
    assert OutboxMessage.objects.filter(to="sam@example.com").count() == 2  # one email per group


def test_it_does_not_count_adding_or_removing_people(register_group, workshop, settings):  # noqa: F811
    settings.REGISTRATIONS_PER_CLIENT = 1
    settings.REGISTRATIONS_PER_EMAIL = 1
    data = _group("sam@example.com", ["A", "B"])
    for change in ({"add_person": "1"}, {"remove_person": "2"}, {"add_person": "1"}):
        assert register_group(workshop, {**data, **change}).status_code == 200
    assert register_group(workshop, data).status_code == 302
    assert register_group(workshop, {**data, "add_person": "1"}).status_code == 429
