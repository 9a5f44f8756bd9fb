"""No overbooking under real parallel transactions on PostgreSQL."""

import threading

import pytest
from django.db import connection

from events.models import Registration
from events.services import Coordinator, RegistrationData, registration_create, registration_group_create
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


GROUPS = 8
GROUP_SIZE = 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_never_confirms_more_than_capacity_when_groups_register_at_the_capacity_edge(
    committed_reference_data, django_user_model
):
    """Coordinators send groups of 3 at once, with 2 places left. Each group is counted whole under the
    event's lock: exactly the capacity is confirmed, one group is split at the edge, and each group's rows
    are together in arrival order. Without the lock (`_lock` a plain read), the groups read the same count
    and each confirms its first 2 people: run so, it fails with 24 confirmed for 10 places."""
    staff = django_user_model.objects.create_user("pat@dfe.example", "x", full_name="Pat", role="programme_staff")
    event = _event(staff, capacity=CAPACITY)
    for i in range(CAPACITY - 2):
        registration_create(
            event=event,
            data=RegistrationData(name=f"Early {i}", email=f"e{i}@example.com", organisation="", partner_type="school"),
            now=NOW,
        )
    barrier = threading.Barrier(GROUPS)
    results, errors = {}, []

    def register_group(g: int) -> None:
        try:
            barrier.wait()
            attendees = [
                RegistrationData(name=f"Person {g}.{n}", email="", organisation="PCF", partner_type="parent_or_carer")
                for n in range(GROUP_SIZE)
            ]
            coordinator = Coordinator(name=f"Coordinator {g}", email=f"c{g}@example.com")
            results[g] = registration_group_create(event=event, coordinator=coordinator, attendees=attendees, now=NOW)
        except Exception as error:  # any error at all fails the test below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register_group, args=(g,)) for g in range(GROUPS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    rows = list(Registration.objects.filter(event=event).exclude(group_token="").order_by("pk"))
    assert len(rows) == GROUPS * GROUP_SIZE
    assert Registration.objects.filter(event=event, status="confirmed").count() == CAPACITY
    assert [r.status for r in rows[:2]] == ["confirmed", "confirmed"]
    assert {r.status for r in rows[2:]} == {"waitlisted"}
    # Each group's rows were written together, one whole group at a time.
    for group in results.values():
        pks = [r.pk for r in group]
        assert pks == [r.pk for r in rows if r.group_token == group[0].group_token]
        assert _contiguous(rows, pks)
    waiting = list(Registration.objects.filter(event=event).waiting_list())
    assert [r.waiting_list_position() for r in waiting] == list(range(1, len(waiting) + 1))


def _contiguous(rows: list[Registration], pks: list[int]) -> bool:
    """The group's rows are next to each other among the event's group rows."""
    order = [r.pk for r in rows]
    start = order.index(pks[0])
    return order[start : start + len(pks)] == pks
