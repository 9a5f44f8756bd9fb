"""Registration, waiting list, capacity, cancellation and their emails, through the services."""

import datetime

import pytest
from django.utils import timezone

from events.emails import event_cancellation_emails_queue, registration_email_queue
from events.models import Event, Registration
from events.services import (
    AlreadyRegistered,
    CapacityBelowConfirmed,
    RegistrationData,
    RegistrationRefused,
    event_cancel,
    event_publish,
    event_update,
    registration_cancel,
    registration_create,
)
from notifications.models import OutboxMessage
from programme.models import Theme
from regions.models import Champion

NOW = datetime.datetime(2013, 9, 2, 9, 0, tzinfo=datetime.UTC)


def _event(created_by, *, capacity=2, status=Event.Status.PUBLISHED, starts_in_days=30, **fields) -> Event:
    starts_at = NOW + datetime.timedelta(days=starts_in_days)
    values = {
        "champion": Champion.objects.get(slug="greater-manchester-group"),
        "kind": Event.Kind.WORKSHOP,
        "title": "Personal budgets in practice",
        "description": "What works.",
        "starts_at": starts_at,
        "ends_at": starts_at + datetime.timedelta(hours=3),
        "format": Event.Format.ONLINE,
        "joining_details": "https://meet.example/abc",
        "capacity": capacity,
        "registration_opens_at": NOW - datetime.timedelta(days=10),
        "registration_closes_at": starts_at - datetime.timedelta(days=1),
        "status": status,
        "created_by": created_by,
        "created_at": NOW,
    }
    event = Event.objects.create(**{**values, **fields})
    event.themes.set(Theme.objects.filter(slug="personal-budgets"))
    return event


def _register(event, email, now=NOW, **fields) -> Registration:
    data = RegistrationData(
        name=email.split("@")[0].title(),
        email=email,
        organisation="Bolton Parent Carer Forum",
        partner_type="parent_carer_forum",
        **fields,
    )
    return registration_create(event=event, data=data, now=now)


@pytest.fixture
def event(programme_staff):
    return _event(programme_staff)


def test_it_confirms_until_full_then_waitlists_in_order(event, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        regs = [_register(event, f"p{i}@example.com") for i in range(4)]
    assert [r.status for r in regs] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert [r.waiting_list_position() for r in regs] == [None, None, 1, 2]
    subjects = [m.subject for m in mailoutbox]
    assert subjects.count("Your place is confirmed: Personal budgets in practice") == 2
    assert subjects.count("You are on the waiting list: Personal budgets in practice") == 2
    confirmed_mail = mailoutbox[0]
    assert confirmed_mail.attachments[0][0] == "event.ics"
    assert "https://meet.example/abc" in confirmed_mail.body
    assert regs[0].get_manage_url() in confirmed_mail.body
    waitlisted_mail = mailoutbox[2]
    assert "number 1" in waitlisted_mail.body
    assert "https://meet.example/abc" not in waitlisted_mail.body
    assert not waitlisted_mail.attachments


def test_it_keeps_access_needs_out_of_emails_to_others(event, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _register(event, "a@example.com", access_needs="Wheelchair user", dietary_needs="Vegan")
        _register(event, "b@example.com")
    other = [m for m in mailoutbox if m.to == ["b@example.com"]][0]
    assert "Wheelchair" not in other.body and "Vegan" not in other.body


def test_it_refuses_a_second_active_registration_for_the_same_email(event):
    first = _register(event, "sam@example.com")
    with pytest.raises(AlreadyRegistered) as refused:
        _register(event, "SAM@Example.com")
    assert refused.value.registration == first
    assert Registration.objects.count() == 1
    registration_cancel(registration=first, now=NOW)
    assert _register(event, "sam@example.com").status == "confirmed"


@pytest.mark.parametrize(
    "change,message",
    [
        ({"status": Event.Status.DRAFT}, "not been published"),
        ({"status": Event.Status.CANCELLED}, "cancelled"),
        ({"registration_opens_at": NOW + datetime.timedelta(hours=1)}, "not opened"),
        ({"registration_closes_at": NOW}, "closed"),
        ({"starts_in_days": -1}, "already taken place"),
    ],
)
def test_it_refuses_registration_outside_its_window(programme_staff, change, message):
    starts_in_days = change.pop("starts_in_days", 30)
    if starts_in_days < 0:
        change["registration_opens_at"] = NOW - datetime.timedelta(days=20)
        change["registration_closes_at"] = NOW - datetime.timedelta(days=5)
    event = _event(programme_staff, starts_in_days=starts_in_days, **change)
    with pytest.raises(RegistrationRefused) as refused:
        _register(event, "late@example.com")
    assert message in refused.value.message
    assert not Registration.objects.exists()


def test_it_gives_a_cancelled_place_to_the_first_person_waiting(event, mailoutbox, django_capture_on_commit_callbacks):
    first, _, waiting_1, waiting_2 = [_register(event, f"p{i}@example.com") for i in range(4)]
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=first, now=NOW)
    waiting_1.refresh_from_db()
    waiting_2.refresh_from_db()
    assert waiting_1.status == "confirmed" and waiting_1.confirmed_at == NOW
    assert waiting_2.waiting_list_position() == 1
    assert sorted(m.subject.split(":")[0] for m in mailoutbox) == [
        "A place has come up for you",
        "Your registration is cancelled",
    ]
    promoted = [m for m in mailoutbox if m.to == ["p2@example.com"]][0]
    assert promoted.attachments[0][0] == "event.ics"


def test_it_makes_cancelling_twice_harmless(event, mailoutbox, django_capture_on_commit_callbacks):
    first, second, waiting = [_register(event, f"p{i}@example.com") for i in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=first, now=NOW)
        registration_cancel(registration=first, now=NOW + datetime.timedelta(minutes=5))
    first.refresh_from_db()
    assert first.cancelled_at == NOW
    assert Registration.objects.filter(status="confirmed").count() == 2
    assert len(mailoutbox) == 2  # one cancellation, one promotion


def test_it_refuses_a_capacity_below_the_confirmed_count(event):
    _register(event, "a@example.com")
    _register(event, "b@example.com")
    with pytest.raises(CapacityBelowConfirmed) as refused:
        event_update(event=event, fields={"capacity": 1}, themes=event.themes.all(), now=NOW)
    assert refused.value.confirmed == 2
    event.refresh_from_db()
    assert event.capacity == 2


def test_it_promotes_from_the_waiting_list_when_capacity_rises(event, mailoutbox, django_capture_on_commit_callbacks):
    regs = [_register(event, f"p{i}@example.com") for i in range(5)]
    with django_capture_on_commit_callbacks(execute=True):
        event_update(event=event, fields={"capacity": 4}, themes=event.themes.all(), now=NOW)
    statuses = [Registration.objects.get(pk=r.pk).status for r in regs]
    assert statuses == ["confirmed"] * 4 + ["waitlisted"]
    assert [m.to for m in mailoutbox] == [["p2@example.com"], ["p3@example.com"]]


def test_it_publishes_a_draft_once(programme_staff):
    event = _event(programme_staff, status=Event.Status.DRAFT)
    event_publish(event=event, now=NOW)
    event_publish(event=event, now=NOW + datetime.timedelta(days=1))
    event.refresh_from_db()
    assert (event.status, event.published_at) == ("published", NOW)


def test_it_emails_everyone_confirmed_or_waiting_once_when_an_event_is_cancelled(
    event, mailoutbox, django_capture_on_commit_callbacks
):
    confirmed, _, waiting = [_register(event, f"p{i}@example.com") for i in range(3)]
    gone = _register(event, "gone@example.com")
    registration_cancel(registration=gone, now=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        event_cancel(event=event, reason="The venue flooded", now=NOW)
        event_cancel(event=event, reason="Again", now=NOW)
    # Queueing the emails again sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        assert event_cancellation_emails_queue(event=event, now=NOW) == 0
    cancelled = [m for m in mailoutbox if m.subject.startswith("Cancelled:")]
    assert sorted(m.to[0] for m in cancelled) == ["p0@example.com", "p1@example.com", "p2@example.com"]
    assert "The venue flooded" in cancelled[0].body
    event.refresh_from_db()
    assert event.cancellation_reason == "The venue flooded"


def test_it_sends_a_registration_email_once_however_often_it_is_queued(
    event, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = _register(event, "once@example.com")
        for _ in range(3):
            queued = registration_email_queue(registration=registration, template="registration_confirmed", now=NOW)
            assert queued is False
    assert len(mailoutbox) == 1
    assert OutboxMessage.objects.get(key=f"registration_confirmed:{registration.pk}").state == OutboxMessage.State.SENT


def test_it_queues_emails_only_after_commit(event, mailoutbox):
    _register(event, "later@example.com")
    assert mailoutbox == []


def test_it_records_whether_needs_were_given(event):
    registration = _register(event, "n@example.com", access_needs="  ", dietary_needs="Halal")
    assert (registration.had_access_needs, registration.had_dietary_needs) == (False, True)


def test_it_uses_the_real_clock_type(event):
    assert timezone.is_aware(_register(event, "tz@example.com").created_at)


def test_it_counts_only_published_events_that_have_ended_as_held(programme_staff):
    held = _event(programme_staff, starts_in_days=-3, registration_opens_at=NOW - datetime.timedelta(days=20))
    _event(programme_staff, starts_in_days=-3, status=Event.Status.CANCELLED)
    _event(programme_staff, starts_in_days=-3, status=Event.Status.DRAFT)
    _event(programme_staff, starts_in_days=3)
    assert list(Event.objects.held(NOW)) == [held]


def test_it_writes_plain_text_emails_without_html_escaping(
    programme_staff, mailoutbox, django_capture_on_commit_callbacks
):
    event = _event(programme_staff, title="Parents' & carers' day")
    with django_capture_on_commit_callbacks(execute=True):
        _register(event, "o'brien@example.com")
    message = mailoutbox[0]
    assert message.subject == "Your place is confirmed: Parents' & carers' day"
    assert "Parents' & carers' day" in message.body
    assert "Dear O'Brien," in message.body
    assert "Parents&#x27; &amp; carers&#x27; day" in message.alternatives[0][0]
    assert "Wednesday 2 October 2013, 10am to 1pm" in message.body
