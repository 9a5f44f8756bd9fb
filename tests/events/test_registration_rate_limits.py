"""Public registration is limited per client address and per email address: 429 beyond, nothing saved."""

import pytest

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
