"""No overbooking under real parallel transactions on PostgreSQL."""

import threading

import pytest
from django.db import connection

from events.models import Registration
from events.services import RegistrationData, registration_create
from tests.events.test_services import NOW, _event

PEOPLE = 50
CAPACITY = 10


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_never_confirms_more_than_capacity_when_many_register_at_once(committed_reference_data, django_user_model):
    staff = django_user_model.objects.create_user("pat@dfe.example", "x", full_name="Pat", role="programme_staff")
    event = _event(staff, capacity=CAPACITY)
    barrier = threading.Barrier(PEOPLE)
    results, errors = {}, []

    def register(i: int) -> None:
        try:
            barrier.wait()
            data = RegistrationData(
                name=f"Person {i}", email=f"p{i}@example.com", organisation="PCF", partner_type="parent_carer_forum"
            )
            results[i] = registration_create(event=event, data=data, now=NOW)
        except Exception as error:  # any error at all fails the test below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(i,)) for i in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Registration.objects.filter(event=event).count() == PEOPLE
    assert Registration.objects.filter(event=event, status="confirmed").count() == CAPACITY
    waiting = list(Registration.objects.filter(event=event).waiting_list())
    assert len(waiting) == PEOPLE - CAPACITY
    # Arrival order: everyone confirmed arrived before everyone waiting, and positions run 1..40.
    confirmed_pks = Registration.objects.filter(event=event, status="confirmed").values_list("pk", flat=True)
    assert max(confirmed_pks) < min(r.pk for r in waiting)
    assert [r.waiting_list_position() for r in waiting] == list(range(1, PEOPLE - CAPACITY + 1))
