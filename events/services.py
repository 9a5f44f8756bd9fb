"""Writes for events and registrations. Capacity is guarded by a row lock on the event."""

import datetime
import secrets
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone

from accounts.models import User
from audit.services import audit_changes, audit_record, audit_snapshot
from champions_portal.dates import govuk_datetime_range
from events.emails import (
    event_cancellation_emails_queue,
    event_change_emails_queue,
    registration_email_queue,
    registration_group_email_queue,
)
from events.models import Event, Registration
from notifications.models import OutboxMessage
from notifications.reminders import REMINDER_HORIZON, REMINDER_WINDOWS, reminder_due_q, reminder_label
from notifications.services import outbox_batches
from notifications.unsent import IsoDateTime, outbox_key, unsent_ids
from programme.models import Programme
from regions.models import Champion, LocalAuthority


class RegistrationRefused(Exception):
    """Nobody can register for this event now; the message says why, for the public."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class AlreadyRegistered(Exception):
    """Someone being registered already has an active place at the event with this address. `index` says
    which of a group's people it is (from 0); None for a single registration."""

    def __init__(self, registration: Registration, index: int | None = None):
        super().__init__(registration.email)
        self.registration = registration
        self.index = index


class CapacityBelowConfirmed(Exception):
    def __init__(self, confirmed: int):
        super().__init__(confirmed)
        self.confirmed = confirmed


@dataclass(frozen=True)
class RegistrationData:
    name: str
    email: str
    organisation: str
    partner_type: str
    local_authority: LocalAuthority | None = None
    access_needs: str = ""
    dietary_needs: str = ""


@dataclass(frozen=True)
class EventChange:
    """One thing registrants' calendars hold that an edit changed, in words: "When", "Where"."""

    label: str
    before: str
    after: str


@dataclass(frozen=True)
class Coordinator:
    """Whoever registers a group of people: every email about the group's places goes to their address."""

    name: str
    email: str


def _lock(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def _promote_from_waiting_list(event: Event, now: datetime.datetime) -> list[Registration]:
    """Give free places to the people waiting longest. The caller holds the event's lock."""
    confirmed = event.registrations.filter(status=Registration.Status.CONFIRMED).count()
    promoted = list(event.registrations.waiting_list()[: max(event.capacity - confirmed, 0)])
    for registration in promoted:
        registration.status = Registration.Status.CONFIRMED
        registration.confirmed_at = now
        registration.save(update_fields=["status", "confirmed_at"])
        registration_email_queue(registration=registration, template="registration_promoted", now=now)
    return promoted


# --- Events -----------------------------------------------------------------------------------


@transaction.atomic
def event_create(*, champion: Champion, fields: dict, themes, created_by: User, now: datetime.datetime) -> Event:
    """Create a draft event for `champion`."""
    event = Event.objects.create(champion=champion, created_by=created_by, created_at=now, **fields)
    event.themes.set(themes)
    audit_record(action="event.created", obj=event, changes=audit_changes({}, fields), at=now)
    return event


def _where(format: str, venue_address: str) -> str:
    return venue_address if format == Event.Format.IN_PERSON else "Online"


def _calendar_changes(before: dict, event: Event) -> tuple[list[EventChange], bool]:
    """What an edit changed that registrants' calendars hold: the "When" and "Where" shown to everyone, and
    whether the joining details (shown only to people with a place) of an online event changed."""
    changes = []
    when = govuk_datetime_range(before["starts_at"], before["ends_at"])
    if when != govuk_datetime_range(event.starts_at, event.ends_at):
        changes.append(EventChange("When", when, govuk_datetime_range(event.starts_at, event.ends_at)))
    where = _where(before["format"], before["venue_address"])
    if where != _where(event.format, event.venue_address):
        changes.append(EventChange("Where", where, _where(event.format, event.venue_address)))
    joining = event.format == Event.Format.ONLINE and before["joining_details"] != event.joining_details
    return changes, joining


@transaction.atomic
def event_update(*, event: Event, fields: dict, themes, now: datetime.datetime) -> Event:
    """Change an event's details. Refuses a capacity below the confirmed count; a larger one
    promotes people from the waiting list (emailed after commit).

    A change to what calendars hold (Event.CALENDAR_FIELDS) raises `calendar_sequence`; for a published
    event that has not ended, everyone with a place or waiting is emailed once about that change
    (`event_change_emails_queue`), in this transaction. The returned event's `change_emails_queued` says
    how many were emailed.
    """
    event = _lock(event)
    confirmed = event.registrations.filter(status=Registration.Status.CONFIRMED).count()
    if fields.get("capacity", event.capacity) < confirmed:
        raise CapacityBelowConfirmed(confirmed)
    before = {**audit_snapshot(event, fields), "themes": sorted(map(str, event.themes.all()))}
    calendar_before = audit_snapshot(event, Event.CALENDAR_FIELDS)
    for name, value in fields.items():
        setattr(event, name, value)
    changes, joining_changed = _calendar_changes(calendar_before, event)
    before["calendar_sequence"] = event.calendar_sequence
    if changes or joining_changed:
        event.calendar_sequence += 1
    event.save()
    event.themes.set(themes)
    after = {**fields, "themes": sorted(map(str, event.themes.all())), "calendar_sequence": event.calendar_sequence}
    audit_record(action="event.updated", obj=event, changes=audit_changes(before, after), at=now)
    event.change_emails_queued = 0
    registrants_hold_it = event.status == Event.Status.PUBLISHED and calendar_before["ends_at"] > now
    if (changes or joining_changed) and registrants_hold_it:
        event.change_emails_queued = event_change_emails_queue(
            event=event, changes=changes, joining_details_changed=joining_changed, now=now
        )
    _promote_from_waiting_list(event, now)
    return event


@transaction.atomic
def event_publish(*, event: Event, now: datetime.datetime) -> Event:
    """Make a draft visible to everyone. Publishing again changes nothing."""
    event = _lock(event)
    if event.status == Event.Status.DRAFT:
        event.status = Event.Status.PUBLISHED
        event.published_at = now
        event.save(update_fields=["status", "published_at"])
        audit_record(action="event.published", obj=event, at=now)
    return event


@transaction.atomic
def event_cancel(*, event: Event, reason: str, now: datetime.datetime) -> Event:
    """Cancel the event and, in the same transaction, email everyone confirmed or waiting. Safe to repeat."""
    event = _lock(event)
    if event.status == Event.Status.CANCELLED:
        return event
    event.status = Event.Status.CANCELLED
    event.cancelled_at = now
    event.cancellation_reason = reason
    event.calendar_sequence += 1
    event.save(update_fields=["status", "cancelled_at", "cancellation_reason", "calendar_sequence"])
    audit_record(action="event.cancelled", obj=event, changes={"cancellation_reason": [None, reason]}, at=now)
    event_cancellation_emails_queue(event=event, now=now)
    return event


# --- Registrations ----------------------------------------------------------------------------


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _existing_registration(event: Event, data: RegistrationData, *, self_booked: bool) -> Registration | None:
    """The active registration a new one would duplicate: the same person at the same address or, for
    someone registering themselves, any place they booked for themselves with it. Compared as the
    database constraints compare (Lower), so a refusal here is never an IntegrityError there."""
    same_address = event.registrations.active().alias(email_lower=Lower("email"), name_lower=Lower("name"))
    same_address = same_address.filter(email_lower=Lower(Value(data.email.lower())))
    duplicate = Q(name_lower=Lower(Value(data.name)))
    if self_booked:
        duplicate |= Q(booked_by_name="")
    return same_address.filter(duplicate).first()


def _free_places(event: Event) -> int:
    """Places not yet confirmed. The caller holds the event's lock."""
    return event.capacity - event.registrations.filter(status=Registration.Status.CONFIRMED).count()


def _registration_add(
    *,
    event: Event,
    data: RegistrationData,
    confirmed: bool,
    now: datetime.datetime,
    user: User | None,
    booked_by_name: str = "",
    group_token: str = "",
    group_size: int = 1,
) -> Registration:
    """Save one place (or place in the queue) and its audit entry. The caller holds the event's lock and has
    checked that the event is open and the person is not already registered."""
    fields = asdict(data)
    fields["email"] = data.email.lower()
    registration = Registration.objects.create(
        event=event,
        status=Registration.Status.CONFIRMED if confirmed else Registration.Status.WAITLISTED,
        user=user,
        created_at=now,
        confirmed_at=now if confirmed else None,
        privacy_agreed_at=now,
        had_access_needs=bool(data.access_needs.strip()),
        had_dietary_needs=bool(data.dietary_needs.strip()),
        booked_by_name=booked_by_name,
        group_token=group_token,
        **fields,
    )
    # Against the event, with no name or address: the log outlives the registrant's details.
    changes = {"registration": [None, registration.pk], "status": [None, registration.status]}
    if group_token:
        changes["registered in a group of"] = [None, group_size]
    audit_record(action="event.registration_created", obj=event, actor=user, changes=changes, at=now)
    return registration


@transaction.atomic
def registration_create(
    *, event: Event, data: RegistrationData, now: datetime.datetime, user: User | None = None
) -> Registration:
    """Confirm a place, or join the waiting list when the event is full. Emails after commit.

    Locks the event row, so parallel registrations are counted one at a time: never more
    confirmed than capacity, and the waiting list is in arrival order.
    """
    event = _lock(event)
    refusal = event.registration_refusal(now)
    if refusal:
        raise RegistrationRefused(refusal)
    existing = _existing_registration(event, data, self_booked=True)
    if existing:
        raise AlreadyRegistered(existing)
    is_confirmed = _free_places(event) > 0
    registration = _registration_add(event=event, data=data, confirmed=is_confirmed, now=now, user=user)
    registration_email_queue(
        registration=registration,
        template="registration_confirmed" if is_confirmed else "registration_waitlisted",
        now=now,
    )
    return registration


@transaction.atomic
def registration_group_create(
    *,
    event: Event,
    coordinator: Coordinator,
    attendees: Sequence[RegistrationData],
    now: datetime.datetime,
    user: User | None = None,
) -> list[Registration]:
    """Register several people from one coordinator's address, all or nothing, and queue one email to the
    coordinator listing each person's status and private link (sent after commit, once per group).

    Each person gets their own row and link, so each can cancel alone and the waiting list moves person
    by person. The event row is locked once and the people are counted in the order given: confirmed
    while places remain, then the waiting list; a parallel group or single registration waits for the
    lock, so places are never over capacity. The person with the coordinator's name is the coordinator's
    own place (booked_by_name blank, linked to `user`); the others are booked by the coordinator.

    Raises RegistrationRefused when the event is not open, AlreadyRegistered (with the person's index)
    when someone already has a place with this address, and saves nothing then.
    """
    keys = [_name_key(person.name) for person in attendees]
    if not keys or len(set(keys)) != len(keys):
        raise ValueError("A group registration needs at least one person, each named once")
    event = _lock(event)
    refusal = event.registration_refusal(now)
    if refusal:
        raise RegistrationRefused(refusal)
    people = [replace(person, email=coordinator.email) for person in attendees]
    own = [key == _name_key(coordinator.name) for key in keys]
    for index, person in enumerate(people):
        if existing := _existing_registration(event, person, self_booked=own[index]):
            raise AlreadyRegistered(existing, index)
    free, group_token = _free_places(event), secrets.token_urlsafe(32)
    registrations = [
        _registration_add(
            event=event,
            data=person,
            confirmed=index < free,
            now=now,
            user=user if own[index] else None,
            booked_by_name="" if own[index] else coordinator.name,
            group_token=group_token,
            group_size=len(people),
        )
        for index, person in enumerate(people)
    ]
    registration_group_email_queue(registrations=registrations, coordinator=coordinator, now=now)
    return registrations


@transaction.atomic
def registration_cancel(*, registration: Registration, now: datetime.datetime) -> Registration:
    """Cancel a place; the first person waiting gets it and is emailed. The cancelled person's email removes
    the event from their calendar (METHOD:CANCEL) unless their address still holds a place there (a group's
    coordinator). Cancelling twice is harmless."""
    event = _lock(registration.event)
    registration = Registration.objects.get(pk=registration.pk)
    if registration.status == Registration.Status.CANCELLED:
        return registration
    was_confirmed = registration.status == Registration.Status.CONFIRMED
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = now
    registration.save(update_fields=["status", "cancelled_at"])
    changes = {
        "registration": [None, registration.pk],
        "status": ["confirmed" if was_confirmed else "waitlisted", "cancelled"],
    }
    audit_record(action="event.registration_cancelled", obj=event, changes=changes, at=now)
    if was_confirmed and event.status == Event.Status.PUBLISHED and event.starts_at > now:
        _promote_from_waiting_list(event, now)
    # After any promotion: someone promoted at the same address keeps the calendar entry.
    registration.event = event
    registration_email_queue(registration=registration, template="registration_cancelled", now=now)
    return registration


# --- Periodic jobs ----------------------------------------------------------------------------


def registration_reminders_send(*, now: datetime.datetime) -> int:
    """Send the 7-day and 1-day reminders now due to confirmed registrants of published events.

    One query finds the reminders due and not yet queued (see notifications.reminders and .unsent); only
    those are rendered. Safe to run twice, and in parallel: the outbox key still admits each message once.
    """
    starts_at, booked_at = F("event__starts_at"), Coalesce("confirmed_at", "created_at")
    due = Registration.objects.filter(
        reminder_due_q(starts_at=starts_at, booked_at=booked_at, now=now),
        status=Registration.Status.CONFIRMED,
        event__status=Event.Status.PUBLISHED,
        event__starts_at__gt=now,
        event__starts_at__lte=now + REMINDER_HORIZON,
    ).annotate(reminder=reminder_label(starts_at=starts_at, booked_at=booked_at, now=now))
    key = outbox_key("registration_reminder_", F("reminder"), ":", F("pk"), ":", IsoDateTime("event__starts_at"))
    # A reminder for an event inside the horizon was queued inside the horizon: the job's `now` only moves on.
    recent = OutboxMessage.objects.filter(
        template__in=[f"registration_reminder_{label}" for label, _ in REMINDER_WINDOWS],
        created_at__gte=now - REMINDER_HORIZON - datetime.timedelta(days=1),
    )
    ids = unsent_ids(due, key=key, among=recent)
    sent = 0
    with outbox_batches():  # one task and one SMTP connection per batch of messages
        for registration in due.filter(pk__in=ids).select_related("event__champion").order_by("pk") if ids else []:
            sent += registration_email_queue(
                registration=registration, template=f"registration_reminder_{registration.reminder}", now=now
            )
    return sent


@transaction.atomic
def registration_needs_erase(*, now: datetime.datetime) -> int:
    """Erase access and dietary needs of events that ended longer ago than the retention period.

    The had_* flags keep the counts for reports. Returns how many events were erased. Safe to repeat.
    """
    cutoff = now - datetime.timedelta(days=settings.EVENT_NEEDS_RETENTION_DAYS)
    events = list(Event.objects.select_for_update().filter(ends_at__lte=cutoff, needs_erased_at__isnull=True))
    Registration.objects.filter(event__in=events).update(access_needs="", dietary_needs="")
    Event.objects.filter(pk__in=[e.pk for e in events]).update(needs_erased_at=now)
    return len(events)


@transaction.atomic
def registration_personal_data_erase(*, now: datetime.datetime) -> int:
    """Erase registrants' names, email addresses, organisations, needs, account links and who booked them
    (a group's coordinator) for events in a programme year that ended longer ago than
    REGISTRATION_RETENTION_DAYS (the privacy notice's 12 months).

    What is left (partner type, local authority, status, attendance, dates) keeps the counts. The
    registrant's link to their registration then answers 404. Returns how many events were erased.
    Safe to repeat.
    """
    cutoff = timezone.localdate(now) - datetime.timedelta(days=settings.REGISTRATION_RETENTION_DAYS)
    ended = Programme.objects.filter(ends_on__lt=cutoff).order_by("-ends_on").first()
    if ended is None:
        return 0
    events = Event.objects.filter(starts_at__date__lte=ended.ends_on, personal_data_erased_at__isnull=True)
    count = len(events.select_for_update().values_list("pk", flat=True))
    Registration.objects.filter(event__in=events).update(
        name="",
        email="",
        organisation="",
        access_needs="",
        dietary_needs="",
        booked_by_name="",
        user=None,
    )
    events.filter(needs_erased_at__isnull=True).update(needs_erased_at=now)
    events.update(personal_data_erased_at=now)
    return count
