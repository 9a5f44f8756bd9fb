"""The per-event attendance counts stay equal to the registrations under real parallel transactions on PostgreSQL."""

import datetime
import threading

import pytest
from django.db import connection, transaction

from events import attendance
from events.models import EventAttendance, Registration
from events.services import RegistrationData, registration_create
from tests.events.test_services import NOW, _event

STARTED = NOW + datetime.timedelta(days=30, hours=1)
PEOPLE = 6


def _workshop(django_user_model):
    staff = django_user_model.objects.create_user("pat@dfe.example", "x", full_name="Pat", role="programme_staff")
    event = _event(staff, capacity=PEOPLE)
    for i in range(PEOPLE):
        data = RegistrationData(name=f"P{i}", email=f"p{i}@example.com", organisation="", partner_type="school")
        registration_create(event=event, data=data, now=NOW)
    return event


def _in_parallel(work, n: int) -> list[Exception]:
    errors = []

    def run(i: int) -> None:
        try:
            work(i)
        except Exception as error:  # any error at all fails the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def _attended(event) -> int:
    return Registration.objects.filter(event=event, attendance="attended").count()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_keeps_the_counts_when_two_writers_change_one_events_attendance_at_once(
    committed_reference_data, django_user_model
):
    """Two transactions each change a registration (as the admin does: no lock before the write), wait for each
    other, then recount. The recount's row lock on the event makes the second wait for the first to commit and
    count its row too. Without the lock (attendance_counts_refresh not locking the events) both count only their
    own change: run so, this fails with a duplicate key error on the counts, or a count of 1 for 2 attended."""
    event = _workshop(django_user_model)
    pks = list(event.registrations.values_list("pk", flat=True))
    barrier = threading.Barrier(2)

    def change(i: int) -> None:
        with transaction.atomic():
            Registration.objects.filter(pk=pks[i]).update(attendance="attended")
            barrier.wait(timeout=10)
            attendance.attendance_counts_refresh(event_ids=[event.pk])

    assert _in_parallel(change, 2) == []
    assert _attended(event) == 2
    assert EventAttendance.objects.get(event=event).school == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_keeps_the_counts_when_organisers_mark_attendance_at_once(committed_reference_data, django_user_model):
    event = _workshop(django_user_model)
    pks = list(event.registrations.values_list("pk", flat=True))
    barrier = threading.Barrier(PEOPLE)

    def mark(i: int) -> None:
        barrier.wait(timeout=10)
        if i % 2:
            attendance.attendance_mark(event=event, now=STARTED, attended=[pks[i]])
        else:
            attendance.attendance_mark(event=event, now=STARTED, did_not_attend=[pks[i]])

    assert _in_parallel(mark, PEOPLE) == []
    assert _attended(event) == PEOPLE // 2
    assert EventAttendance.objects.get(event=event).school == PEOPLE // 2
