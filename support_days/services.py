"""Writes for support-day offers and bookings. Capacity is guarded by a row lock on the offer."""

import datetime
from dataclasses import replace

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Case, CharField, Exists, F, OuterRef, Q, Value, When
from django.utils import timezone

from accounts.models import Role, User
from audit.services import audit_record
from champions_portal import public_cache
from notifications.calendar import CalendarPerson, ics_render
from notifications.models import OutboxMessage
from notifications.reminders import REMINDER_HORIZON, reminder_window
from notifications.services import Attachment, email_queue, outbox_batches
from notifications.unsent import outbox_key, unsent
from regions.models import Champion, LocalAuthority
from support_days.models import PLACE_HOLDING_STATUSES, SupportDay, SupportDayOffer


class SupportDayRefused(Exception):
    """The change cannot be made; the message says why, for the person who tried."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class DateTaken(SupportDayRefused):
    def __init__(self):
        super().__init__("That date has just been taken. Choose another date.")


def _take_place(offer: SupportDayOffer, local_authority: LocalAuthority, today: datetime.date) -> SupportDayOffer:
    """Lock the offer and check it still has room for this LA. The caller is in a transaction."""
    offer = SupportDayOffer.objects.select_for_update().get(pk=offer.pk)
    if offer.withdrawn_at is not None or offer.date <= today:
        raise SupportDayRefused("That date is no longer offered. Choose another date.")
    if offer.support_days.filter(status__in=PLACE_HOLDING_STATUSES).count() >= offer.capacity:
        raise DateTaken
    clash = SupportDay.objects.active().filter(local_authority=local_authority, date=offer.date)
    if clash.exists():
        raise SupportDayRefused(f"{local_authority.name} already has a support day on that date.")
    return offer


# --- Offers -----------------------------------------------------------------------------------


@transaction.atomic
def offers_create(
    *, champion: Champion, dates: list[datetime.date], format: str, capacity: int, notes: str, by: User, now
) -> list[SupportDayOffer]:
    """Offer each date (skipping dates this champion already offers). Returns the new offers."""
    taken = set(SupportDayOffer.objects.open().filter(champion=champion, date__in=dates).values_list("date", flat=True))
    offers = SupportDayOffer.objects.bulk_create(
        SupportDayOffer(
            champion=champion, date=day, format=format, capacity=capacity, notes=notes, created_by=by, created_at=now
        )
        for day in sorted(set(dates) - taken)
    )
    if offers:
        public_cache.changed("support_days")  # bulk_create sends no signal for support_days/page_cache.py to hear
        changes = {"dates": [None, [offer.date for offer in offers]], "capacity": [None, capacity]}
        audit_record(action="support_day.offers_created", obj=champion, actor=by, changes=changes, at=now)
    return offers


@transaction.atomic
def offer_withdraw(*, offer: SupportDayOffer, now) -> SupportDayOffer:
    """Withdraw an offered date nobody has booked. Withdrawing twice is harmless."""
    offer = SupportDayOffer.objects.select_for_update().get(pk=offer.pk)
    if offer.support_days.filter(status__in=PLACE_HOLDING_STATUSES).exists():
        raise SupportDayRefused("Somebody has booked this date, so it cannot be withdrawn. Cancel their day instead.")
    if offer.withdrawn_at is None:
        offer.withdrawn_at = now
        offer.save(update_fields=["withdrawn_at"])
        audit_record(action="support_day.offer_withdrawn", obj=offer, at=now)
    return offer


# --- Local authorities ------------------------------------------------------------------------


@transaction.atomic
def support_day_book(
    *, offer: SupportDayOffer, local_authority: LocalAuthority, themes, context: str, by: User, now
) -> SupportDay:
    """Book an offered date for an LA. Parallel bookings queue on the offer's lock: never over capacity."""
    offer = _take_place(offer, local_authority, timezone.localdate(now))
    try:
        with transaction.atomic():
            day = SupportDay.objects.create(
                champion=offer.champion,
                local_authority=local_authority,
                offer=offer,
                status=SupportDay.Status.BOOKED,
                date=offer.date,
                context=context,
                requested_by=by,
                created_at=now,
                booked_at=now,
            )
    except IntegrityError:  # the same LA booked that date a moment ago
        raise SupportDayRefused(f"{local_authority.name} already has a support day on that date.") from None
    day.themes.set(themes)
    support_day_emails_queue(day=day, template="support_day_booked", now=now)
    audit_record(action="support_day.booked", obj=day, changes={"date": [None, day.date]}, at=now)
    return day


@transaction.atomic
def support_day_request(
    *, champion: Champion, local_authority: LocalAuthority, preferred_dates, themes, context: str, by: User, now
) -> SupportDay:
    """Ask the champion for a day on one of up to three preferred dates; it confirms or declines."""
    day = SupportDay.objects.create(
        champion=champion,
        local_authority=local_authority,
        status=SupportDay.Status.REQUESTED,
        preferred_dates=[d.isoformat() for d in preferred_dates],
        context=context,
        requested_by=by,
        created_at=now,
    )
    day.themes.set(themes)
    support_day_emails_queue(day=day, template="support_day_requested", now=now)
    audit_record(
        action="support_day.requested", obj=day, changes={"preferred_dates": [None, day.preferred_dates]}, at=now
    )
    return day


@transaction.atomic
def support_day_reschedule(*, day: SupportDay, offer: SupportDayOffer, by: User, now) -> SupportDay:
    """Move a booked day to another offered date of the same champion, up to the cut-off. Raises the day's
    calendar sequence, so both sides' emails move the calendar entry rather than add another."""
    day = SupportDay.objects.select_for_update().get(pk=day.pk)
    if day.status != SupportDay.Status.BOOKED or not day.la_can_change(timezone.localdate(now)):
        raise SupportDayRefused("This day can no longer be rescheduled here. Contact your champion.")
    if offer.champion_id != day.champion_id:
        raise SupportDayRefused("Choose one of your champion's dates.")
    offer = _take_place(offer, day.local_authority, timezone.localdate(now))
    before = day.date
    day.offer, day.date = offer, offer.date
    day.calendar_sequence += 1
    day.save(update_fields=["offer", "date", "calendar_sequence"])
    support_day_emails_queue(day=day, template="support_day_rescheduled", now=now, previous_date=before)
    audit_record(action="support_day.rescheduled", obj=day, changes={"date": [before, day.date]}, at=now)
    return day


@transaction.atomic
def support_day_cancel(*, day: SupportDay, reason: str, by: User, now) -> SupportDay:
    """Cancel a requested or booked day. LA officers only up to the cut-off. Raises the day's calendar
    sequence; a booked day's emails remove it from both sides' calendars. Cancelling twice is harmless."""
    day = SupportDay.objects.select_for_update().get(pk=day.pk)
    if day.status == SupportDay.Status.CANCELLED:
        return day
    if day.status not in (SupportDay.Status.REQUESTED, SupportDay.Status.BOOKED):
        raise SupportDayRefused("Only a requested or booked day can be cancelled.")
    if by.is_la_officer and not day.la_can_change(timezone.localdate(now)):
        raise SupportDayRefused("It is too close to the day to cancel here. Contact your champion.")
    day.status = SupportDay.Status.CANCELLED
    day.cancelled_at, day.cancelled_by, day.cancellation_reason = now, by, reason
    day.calendar_sequence += 1
    day.save(update_fields=["status", "cancelled_at", "cancelled_by", "cancellation_reason", "calendar_sequence"])
    support_day_emails_queue(day=day, template="support_day_cancelled", now=now)
    audit_record(action="support_day.cancelled", obj=day, changes={"cancellation_reason": [None, reason]}, at=now)
    return day


@transaction.atomic
def support_day_feedback(*, day: SupportDay, usefulness: int, comments: str, now) -> SupportDay:
    """Record the LA's feedback on a delivered day, once."""
    day = SupportDay.objects.select_for_update().get(pk=day.pk)
    if day.status != SupportDay.Status.DELIVERED:
        raise SupportDayRefused("You can give feedback once the day has been delivered.")
    if day.feedback_at is not None:
        raise SupportDayRefused("Feedback has already been given for this day.")
    day.feedback_usefulness, day.feedback_comments, day.feedback_at = usefulness, comments, now
    day.save(update_fields=["feedback_usefulness", "feedback_comments", "feedback_at"])
    audit_record(
        action="support_day.feedback_given", obj=day, changes={"feedback_usefulness": [None, usefulness]}, at=now
    )
    return day


# --- Champions --------------------------------------------------------------------------------


@transaction.atomic
def support_day_confirm(*, day: SupportDay, date: datetime.date, format: str, by: User, now) -> SupportDay:
    """Confirm a request for `date`, using the champion's offer that day (made if there is none)."""
    day = SupportDay.objects.select_for_update().get(pk=day.pk)
    if day.status != SupportDay.Status.REQUESTED:
        raise SupportDayRefused("Only a requested day can be confirmed.")
    offer = SupportDayOffer.objects.open().filter(champion=day.champion, date=date).first()
    if offer is None:
        offer = SupportDayOffer.objects.create(
            champion=day.champion, date=date, format=format, capacity=1, created_by=by, created_at=now
        )
    offer = _take_place(offer, day.local_authority, timezone.localdate(now))
    day.status, day.offer, day.date, day.booked_at = SupportDay.Status.BOOKED, offer, offer.date, now
    try:
        with transaction.atomic():
            day.save(update_fields=["status", "offer", "date", "booked_at"])
    except IntegrityError:
        raise SupportDayRefused(f"{day.local_authority.name} already has a support day on that date.") from None
    support_day_emails_queue(day=day, template="support_day_confirmed", now=now)
    audit_record(action="support_day.confirmed", obj=day, changes={"date": [None, day.date]}, at=now)
    return day


@transaction.atomic
def support_day_decline(*, day: SupportDay, reason: str, by: User, now) -> SupportDay:
    day = SupportDay.objects.select_for_update().get(pk=day.pk)
    if day.status != SupportDay.Status.REQUESTED:
        raise SupportDayRefused("Only a requested day can be declined.")
    day.status, day.declined_reason = SupportDay.Status.DECLINED, reason
    day.save(update_fields=["status", "declined_reason"])
    support_day_emails_queue(day=day, template="support_day_declined", now=now)
    audit_record(action="support_day.declined", obj=day, changes={"declined_reason": [None, reason]}, at=now)
    return day


@transaction.atomic
def support_day_deliver(*, day: SupportDay, attendees: str, themes, notes: str, now) -> SupportDay:
    """Record a booked day as delivered: who attended from the LA and what was covered."""
    day = SupportDay.objects.select_for_update().get(pk=day.pk)
    if day.status != SupportDay.Status.BOOKED:
        raise SupportDayRefused("Only a booked day can be recorded as delivered.")
    if day.date > timezone.localdate(now):
        raise SupportDayRefused("You can record the day as delivered on or after the day itself.")
    day.status, day.delivered_at, day.attendees, day.delivery_notes = SupportDay.Status.DELIVERED, now, attendees, notes
    day.save(update_fields=["status", "delivered_at", "attendees", "delivery_notes"])
    day.delivered_themes.set(themes)
    audit_record(action="support_day.delivered", obj=day, changes={"attendees": [None, attendees]}, at=now)
    return day


# --- Emails -----------------------------------------------------------------------------------

# Who hears about each change: the LA side, the champion side, or both.
TO_LA = {"support_day_confirmed", "support_day_declined"}
TO_CHAMPION = {"support_day_requested"}


def _recipients(day: SupportDay, template: str) -> list[User]:
    la_officers = User.objects.filter(role=Role.LA_OFFICER, local_authority=day.local_authority, is_active=True)
    champion_staff = User.objects.filter(role=Role.CHAMPION_STAFF, champion=day.champion, is_active=True)
    if template in TO_LA:
        return list(la_officers)
    if template in TO_CHAMPION:
        return list(champion_staff)
    return [*la_officers, *champion_staff]


def support_day_emails_queue(*, day: SupportDay, template: str, now, previous_date: datetime.date | None = None) -> int:
    """Queue an email to everyone on both sides who should hear of this change, once each. A day with a date
    carries its calendar file, naming each recipient as its attendee: the booking, a move or a reminder
    (METHOD:REQUEST), or its cancellation (METHOD:CANCEL). Safe to repeat."""
    entry = None
    if day.date and (day.status == SupportDay.Status.BOOKED or template == "support_day_cancelled"):
        entry = day.calendar_entry()
    occasion = f"{day.date.isoformat()}" if day.date else "request"
    if template == "support_day_rescheduled":  # a day moved back to a date it had is a new move
        occasion += f":{day.calendar_sequence}"
    people = _recipients(day, template)
    keys = {person.pk: f"{template}:{day.pk}:{occasion}:{person.pk}" for person in people}
    queued = set(OutboxMessage.objects.filter(key__in=keys.values()).values_list("key", flat=True))
    sent = 0
    for person in people:
        if keys[person.pk] in queued:  # rendered for nobody who has had it
            continue
        attachments = ()
        if entry:
            ics = ics_render(replace(entry, attendee=CalendarPerson(person.email, person.full_name)), now=now)
            attachments = (Attachment("support-day.ics", ics.encode(), "text/calendar"),)
        sent += email_queue(
            key=keys[person.pk],
            to=person.email,
            template=template,
            context={
                "day": day,
                "person": person,
                "day_url": settings.SITE_URL + day.get_absolute_url(),
                "previous_date": previous_date,
                "calendar_attached": bool(attachments),
            },
            now=now,
            attachments=attachments,
            champion=day.champion,
        )
    return sent


def support_day_reminders_send(*, now) -> int:
    """Send the 7-day and 1-day reminders now due for booked days. One query finds the days with a reminder due
    and not yet queued to someone (see notifications.unsent); only those are rendered. Safe to run twice."""
    today, last = timezone.localdate(now), timezone.localdate(now + REMINDER_HORIZON)
    labels = []  # `reminder_due` for each date in the horizon, as the database will apply it to each day
    for date in (today + datetime.timedelta(days=n) for n in range((last - today).days + 1)):
        starts_at = SupportDay(date=date).starts_at()
        if window := reminder_window(starts_at=starts_at, now=now):
            label, ahead = window
            labels.append(When(date=date, booked_at__lte=starts_at - ahead, then=Value(label)))
    if not labels:
        return 0
    due = (
        SupportDay.objects.filter(status=SupportDay.Status.BOOKED, date__gte=today, date__lte=last)
        .annotate(reminder=Case(*labels, default=Value(None), output_field=CharField()))
        .filter(reminder__isnull=False)
    )
    recipients = User.objects.filter(  # `_recipients` of a reminder: both sides
        Q(role=Role.LA_OFFICER, local_authority_id=OuterRef("local_authority_id"))
        | Q(role=Role.CHAMPION_STAFF, champion_id=OuterRef("champion_id")),
        is_active=True,
    )
    key = outbox_key(
        "support_day_reminder_", OuterRef("reminder"), ":", OuterRef("pk"), ":", OuterRef("date"), ":", F("pk")
    )
    due = due.filter(Exists(unsent(recipients, key=key))).select_related("champion", "local_authority", "offer")
    sent = 0
    with outbox_batches():  # one task and one SMTP connection per batch of messages
        for day in due.order_by("pk"):
            sent += support_day_emails_queue(day=day, template=f"support_day_reminder_{day.reminder}", now=now)
    return sent
