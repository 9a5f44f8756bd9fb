"""The emails about events and registrations, each queued once through the outbox with the calendar file that
adds, updates or removes the event. The services in events/services.py call these inside their transactions."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models.functions import Lower

from events.models import Event, Registration
from notifications.calendar import CalendarPerson, Method, ics_render
from notifications.services import Attachment, email_queue

if TYPE_CHECKING:
    from events.services import Coordinator, EventChange


def event_change_emails_queue(
    *, event: Event, changes: list[EventChange], joining_details_changed: bool, now: datetime.datetime
) -> int:
    """Queue the "event changed" email to each confirmed or waiting registrant, once per registration and
    calendar sequence: people with a place get the updated calendar file (METHOD:REQUEST, the new
    SEQUENCE). A change of joining details alone goes only to people with a place. Safe to repeat."""
    statuses = [Registration.Status.CONFIRMED]
    if changes:
        statuses.append(Registration.Status.WAITLISTED)
    registrations = event.registrations.filter(status__in=statuses)
    positions = event.registrations.waiting_positions()
    context = {"changes": changes, "joining_details_changed": joining_details_changed}
    queued = 0
    for registration in registrations:
        registration.event = event  # one event, so one query for its contact
        queued += registration_email_queue(
            registration=registration,
            template="event_changed",
            now=now,
            context={**context, "position": positions.get(registration.pk)},
        )
    return queued


def event_cancellation_emails_queue(*, event: Event, now: datetime.datetime) -> int:
    """Queue an email to each confirmed or waiting registrant of a cancelled event, once each; people with a
    place get the calendar file that removes the event (METHOD:CANCEL). Safe to repeat."""
    registrations = list(
        event.registrations.filter(status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED])
    )
    for registration in registrations:
        registration.event = event  # one event, so one query for its contact
    return sum(registration_email_queue(registration=r, template="event_cancelled", now=now) for r in registrations)


# Emails that put the event in the recipient's calendar (or update it), and those that take it out.
CALENDAR_REQUESTS = {"registration_confirmed", "registration_promoted", "event_changed"}
CALENDAR_CANCELS = {"event_cancelled", "registration_cancelled"}


def _calendar_method(registration: Registration, template: str) -> Method | None:
    """What the email does to the recipient's calendar entry for the event, or None to attach nothing. Only
    a place (never the waiting list) is put in a calendar; a cancellation goes to an address that was sent
    the entry and holds no other place at the event."""
    if template in CALENDAR_REQUESTS:
        return Method.REQUEST if registration.status == Registration.Status.CONFIRMED else None
    if template == "event_cancelled":
        return Method.CANCEL if registration.status == Registration.Status.CONFIRMED else None
    if template == "registration_cancelled" and registration.confirmed_at is not None:
        same_address = Registration.objects.alias(email_lower=Lower("email")).filter(
            event_id=registration.event_id,
            status=Registration.Status.CONFIRMED,
            email_lower=registration.email.lower(),
        )
        return None if same_address.exists() else Method.CANCEL
    return None


def registration_email_queue(
    *, registration: Registration, template: str, now: datetime.datetime, context: dict | None = None
) -> bool:
    """Queue one of the registration emails, once per registration (per event date for reminders, per
    calendar sequence for changes), with the calendar file that adds, updates or removes the event."""
    event = registration.event
    key = f"{template}:{registration.pk}"
    if template.startswith("registration_reminder"):
        key += f":{event.starts_at.isoformat()}"
    if template == "event_changed":
        key = f"event_changed:{event.pk}:{event.calendar_sequence}:{registration.pk}"
    attachments = ()
    if method := _calendar_method(registration, template):
        attendee = CalendarPerson(registration.email, registration.booked_by_name or registration.name)
        entry = event.calendar_entry(with_joining_details=method == Method.REQUEST, method=method, attendee=attendee)
        attachments = (Attachment("event.ics", ics_render(entry, now=now).encode(), "text/calendar"),)
    return email_queue(
        key=key,
        to=registration.email,
        template=template,
        context={
            "registration": registration,
            "event": event,
            "manage_url": settings.SITE_URL + registration.get_manage_url(),
            "event_url": settings.SITE_URL + event.get_absolute_url(),
            "show_joining_details": registration.status == Registration.Status.CONFIRMED,
            "position": registration.waiting_list_position(),
            "calendar_attached": bool(attachments),
            **(context or {}),
        },
        now=now,
        attachments=attachments,
        champion=event.champion,
    )


def registration_group_email_queue(
    *, registrations: list[Registration], coordinator: Coordinator, now: datetime.datetime
) -> bool:
    """Queue the one email telling a coordinator each person's status and private link, with the calendar
    file when anyone has a place. Once per group (keyed by its first registration)."""
    first = registrations[0]
    event = first.event
    positions = event.registrations.waiting_positions()
    any_confirmed = any(r.status == Registration.Status.CONFIRMED for r in registrations)
    attachments = ()
    if any_confirmed:
        attendee = CalendarPerson(coordinator.email, coordinator.name)
        ics = ics_render(event.calendar_entry(with_joining_details=True, attendee=attendee), now=now)
        attachments = (Attachment("event.ics", ics.encode(), "text/calendar"),)
    people = [
        {"registration": r, "manage_url": settings.SITE_URL + r.get_manage_url(), "position": positions.get(r.pk)}
        for r in registrations
    ]
    return email_queue(
        key=f"registration_group_booked:{first.pk}",
        to=first.email,
        template="registration_group_booked",
        context={
            "coordinator": coordinator,
            "people": people,
            "event": event,
            "group_url": settings.SITE_URL + first.get_group_url(),
            "event_url": settings.SITE_URL + event.get_absolute_url(),
            "show_joining_details": any_confirmed,
        },
        now=now,
        attachments=attachments,
        champion=event.champion,
    )
