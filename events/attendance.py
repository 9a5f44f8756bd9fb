"""Recording who came to an event: the organisers mark the exceptions, everyone else attended. And the per-event
counts of who attended (EventAttendance) that the tracker reads, kept in the same transaction as each change."""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Q

from audit.services import audit_record
from champions_portal import public_cache
from events.models import Event, EventAttendance, PartnerType, Registration

REFRESH_BATCH = 1000


class AttendanceRefused(Exception):
    """Attendance cannot be recorded for this event now; the message says why, for the organisers."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@transaction.atomic
def attendance_mark(
    *,
    event: Event,
    now: datetime.datetime,
    attended: Iterable[int] = (),
    did_not_attend: Iterable[int] = (),
    not_recorded: Iterable[int] = (),
    no_longer_absent: Iterable[int] = (),
    everyone_else_attended: bool = False,
) -> int:
    """Record attendance for the confirmed registrants of this event, by registration id, under the event's
    row lock, in one UPDATE per state (never one per person); other events' and unconfirmed ids are ignored.

    `did_not_attend` are the exceptions; `no_longer_absent` are people whose exception is withdrawn: those
    marked as not attending are marked as attended, the rest are left alone. `everyone_else_attended` marks
    every confirmed registrant not yet recorded as attended. `attended` and `not_recorded` set or clear a
    mark. An id in several lists counts once: did not attend, then not recorded, then attended.

    Raises AttendanceRefused (and changes nothing) before the event starts or once it is cancelled. Writes one
    audit entry with how many people changed to each state. Safe to repeat: rows already in the state asked
    for are not updated, and a call that changes nothing records nothing. Returns how many rows changed.
    """
    event = Event.objects.select_for_update().get(pk=event.pk)
    if refusal := event.attendance_refusal(now):
        raise AttendanceRefused(refusal)
    Attendance = Registration.Attendance
    absent = set(did_not_attend)
    cleared = set(not_recorded) - absent
    confirmed = Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED)
    to_attend = Q(pk__in=set(attended)) | Q(pk__in=set(no_longer_absent), attendance=Attendance.DID_NOT_ATTEND)
    if everyone_else_attended:
        to_attend |= Q(attendance=Attendance.UNKNOWN)
    changed = {
        "did not attend": confirmed.filter(pk__in=absent)
        .exclude(attendance=Attendance.DID_NOT_ATTEND)
        .update(attendance=Attendance.DID_NOT_ATTEND),
        "attended": confirmed.filter(to_attend)
        .exclude(pk__in=absent | cleared)
        .exclude(attendance=Attendance.ATTENDED)
        .update(attendance=Attendance.ATTENDED),
        "not recorded": confirmed.filter(pk__in=cleared)
        .exclude(attendance=Attendance.UNKNOWN)
        .update(attendance=Attendance.UNKNOWN),
    }
    changes = {state: [None, count] for state, count in changed.items() if count}
    if changes:
        audit_record(action="event.attendance_marked", obj=event, changes=changes, at=now)
        attendance_counts_refresh(event_ids=[event.pk])
    return sum(changed.values())


@transaction.atomic
def attendance_counts_refresh(*, event_ids: Iterable[int]) -> None:
    """Recount these events' EventAttendance rows from their registrations (attendance "attended", per partner
    type, whatever the registration's status, as the tracker counts), in the caller's transaction.

    Every write that changes a registration's attendance or partner type, or adds or deletes an attended one,
    calls this after its write: `attendance_mark`, the admin, the bulk data commands. It locks the events' rows
    first (in pk order, so callers never deadlock), so two transactions changing one event's registrations
    recount one after the other, and the later one sees the earlier one's rows: the counts are never stale.
    Safe to repeat: it recounts, it never adds.
    """
    ids = sorted(set(event_ids))
    for start in range(0, len(ids), REFRESH_BATCH):
        batch = ids[start : start + REFRESH_BATCH]
        list(Event.objects.select_for_update().filter(pk__in=batch).order_by("pk").values_list("pk", flat=True))
        counts = (
            Registration.objects.filter(event_id__in=batch, attendance=Registration.Attendance.ATTENDED)
            .order_by()
            .values("event_id")
            .annotate(**{value: Count("pk", filter=Q(partner_type=value)) for value in PartnerType.values})
        )
        EventAttendance.objects.filter(event_id__in=batch).delete()
        EventAttendance.objects.bulk_create(EventAttendance(**row) for row in counts)
    public_cache.changed("events")  # the tracker's cached figures (bulk_create sends no signal)


@transaction.atomic
def attendance_counts_rebuild() -> int:
    """Recount every event's EventAttendance from the registrations (`manage.py rebuild_attendance_counts`, and
    the migration that added them). Returns how many events were recounted. Safe to repeat."""
    ids = list(Event.objects.order_by("pk").values_list("pk", flat=True))
    attendance_counts_refresh(event_ids=ids)
    return len(ids)
