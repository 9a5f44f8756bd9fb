"""The per-event attendance counts (EventAttendance) that the delivery tracker sums: after every kind of change
to registrations and events they equal a count from the registrations themselves, and so do the tracker's
attendees per partner type."""

import datetime
import io
from collections import Counter

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.db.models import Count
from django.test import RequestFactory

from events import attendance, services
from events.models import Event, EventAttendance, PartnerType, Registration
from programme.models import Programme
from regions.models import Champion
from tests.events.test_services import NOW, _event, _register
from tracker.delivery import programme_delivery

STARTED = NOW + datetime.timedelta(days=30, hours=1)
ENDED = NOW + datetime.timedelta(days=31)


def _counts() -> dict[int, dict[str, int]]:
    """What EventAttendance says, leaving out zeros."""
    return {
        row.event_id: {t: getattr(row, t) for t in PartnerType.values if getattr(row, t)}
        for row in EventAttendance.objects.all()
        if any(getattr(row, t) for t in PartnerType.values)
    }


def _from_rows() -> dict[int, dict[str, int]]:
    """The same, counted from the registrations."""
    counted: dict[int, dict[str, int]] = {}
    rows = Registration.objects.filter(attendance="attended").values_list("event_id", "partner_type")
    for (event_id, partner_type), n in Counter(rows).items():
        counted.setdefault(event_id, {})[partner_type] = n
    return counted


def _tracker_from_rows(now) -> dict[int, dict[str, int]]:
    """The tracker's attendees as it counted them before the counts existed: attended registrations of published
    events in the programme year that have ended, per champion and partner type."""
    programme = Programme.objects.get()
    rows = (
        Registration.objects.filter(
            attendance="attended",
            event__status="published",
            event__ends_at__lt=now,
            event__starts_at__date__gte=programme.starts_on,
            event__starts_at__date__lte=programme.ends_on,
        )
        .values_list("event__champion_id", "partner_type")
        .annotate(n=Count("pk"))
    )
    counted: dict[int, dict[str, int]] = {}
    for champion_id, partner_type, n in rows:
        counted.setdefault(champion_id, {})[partner_type] = n
    return counted


def _assert_consistent(now=ENDED) -> None:
    assert _counts() == _from_rows()
    deliveries = programme_delivery(programme=Programme.objects.get(), now=now)
    tracker = {d.champion.pk: dict(d.attendees_by_partner_type) for d in deliveries if d.attendees_by_partner_type}
    assert tracker == _tracker_from_rows(now)


@pytest.fixture
def workshop(reference_data, programme_staff) -> Event:
    """A published workshop with three registered (one from a group) and one waiting."""
    event = _event(programme_staff, capacity=3)
    _register(event, "ann@example.com")
    services.registration_create(
        event=event,
        data=services.RegistrationData(
            name="Bob", email="bob@example.com", organisation="Bolton", partner_type="school"
        ),
        now=NOW,
    )
    services.registration_group_create(
        event=event,
        coordinator=services.Coordinator(name="Cat", email="cat@example.com"),
        attendees=[
            services.RegistrationData(name="Cat", email="", organisation="NHS", partner_type="health"),
            services.RegistrationData(name="Dan", email="", organisation="NHS", partner_type="health"),
        ],
        now=NOW,
    )
    return event


def _pk(event: Event, name: str) -> int:
    return event.registrations.get(name=name).pk


def test_it_counts_nothing_for_registrations_and_cancellations(workshop):
    _assert_consistent()
    services.registration_cancel(registration=workshop.registrations.get(name="Ann"), now=NOW)
    _assert_consistent()
    assert _counts() == {}


def test_it_recounts_when_attendance_is_marked_changed_and_cleared(workshop):
    attendance.attendance_mark(
        event=workshop, now=STARTED, attended=[_pk(workshop, "Ann")], did_not_attend=[_pk(workshop, "Bob")]
    )
    _assert_consistent()
    assert _counts() == {workshop.pk: {"parent_carer_forum": 1}}
    attendance.attendance_mark(event=workshop, now=STARTED, everyone_else_attended=True)
    _assert_consistent()
    assert _counts() == {workshop.pk: {"parent_carer_forum": 1, "health": 1}}
    attendance.attendance_mark(event=workshop, now=STARTED, no_longer_absent=[_pk(workshop, "Bob")])
    _assert_consistent()
    assert _counts()[workshop.pk]["school"] == 1
    attendance.attendance_mark(event=workshop, now=STARTED, not_recorded=[_pk(workshop, "Ann"), _pk(workshop, "Bob")])
    _assert_consistent()
    assert _counts() == {workshop.pk: {"health": 1}}


def test_it_stays_consistent_when_an_attended_place_is_cancelled_or_the_event_is(workshop):
    attendance.attendance_mark(event=workshop, now=STARTED, everyone_else_attended=True)
    services.registration_cancel(registration=workshop.registrations.get(name="Ann"), now=STARTED)
    _assert_consistent()
    services.event_cancel(event=workshop, reason="Snow", now=STARTED)
    _assert_consistent()
    # A cancelled event keeps its counts, and the tracker leaves it out, as it left out its registrations.
    assert workshop.pk in _counts()
    assert _tracker_from_rows(ENDED) == {}


def test_it_counts_an_event_only_once_it_has_ended(workshop):
    attendance.attendance_mark(event=workshop, now=STARTED, everyone_else_attended=True)
    _assert_consistent(now=STARTED)
    gm = Champion.objects.get(slug="greater-manchester-group")
    assert (
        programme_delivery(programme=Programme.objects.get(), now=STARTED, champion=gm)[0].attendees_by_partner_type
        == {}
    )
    assert programme_delivery(programme=Programme.objects.get(), now=ENDED, champion=gm)[
        0
    ].attendees_by_partner_type == {
        "parent_carer_forum": 1,
        "school": 1,
        "health": 1,
    }


def test_it_recounts_after_changes_and_deletions_in_the_admin(workshop, programme_staff):
    attendance.attendance_mark(event=workshop, now=STARTED, everyone_else_attended=True)
    other = _event(programme_staff, title="Another")
    model_admin = admin.site._registry[Registration]
    request = RequestFactory().post("/")
    request.user = programme_staff

    ann = workshop.registrations.get(name="Ann")
    ann.partner_type = "vcs"
    model_admin.save_model(request, ann, None, True)
    _assert_consistent()
    bob = workshop.registrations.get(name="Bob")
    bob.event = other  # moved to another event: both are recounted
    model_admin.save_model(request, bob, None, True)
    _assert_consistent()
    assert _counts()[other.pk] == {"school": 1}
    model_admin.delete_model(request, workshop.registrations.get(name="Cat"))
    _assert_consistent()
    model_admin.delete_queryset(request, Registration.objects.filter(name__in=["Dan", "Bob"]))
    _assert_consistent()
    assert _counts() == {workshop.pk: {"vcs": 1}}


def test_it_counts_what_the_benchmark_data_command_writes_in_bulk(reference_data):
    call_command(
        "generate_benchmark_data", events=30, registrations=400, support_days=0, case_studies=0, stdout=io.StringIO()
    )
    assert Registration.objects.filter(attendance="attended").count() > 100
    _assert_consistent(now=datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC))


def test_it_rebuilds_the_counts_from_the_rows_and_is_safe_to_repeat(workshop, programme_staff):
    attendance.attendance_mark(event=workshop, now=STARTED, everyone_else_attended=True)
    expected = _counts()
    # Rows written behind the services' back (as a raw bulk load would) are counted by the rebuild.
    Registration.objects.filter(name="Ann").update(partner_type="early_years")
    EventAttendance.objects.update(health=99)
    call_command("rebuild_attendance_counts", stdout=io.StringIO())
    _assert_consistent()
    call_command("rebuild_attendance_counts", stdout=io.StringIO())
    _assert_consistent()
    assert _counts() != expected and _counts()[workshop.pk]["early_years"] == 1


def test_it_has_a_column_for_every_partner_type():
    columns = {f.name for f in EventAttendance._meta.get_fields()} - {"event"}
    assert columns == set(PartnerType.values)
