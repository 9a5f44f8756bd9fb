"""Small factories for events and registrations, straight into the database (no services, no emails).

Shared by the event test modules: keep each function small and its defaults plain.
"""

import datetime
import itertools

from django.utils import timezone

from events.attendance import attendance_counts_refresh
from events.models import Event, Registration
from programme.models import Theme
from regions.models import Champion

_numbers = itertools.count(1)


def make_event(
    *,
    created_by,
    champion: Champion | None = None,
    starts_at: datetime.datetime | None = None,
    themes=("personal-budgets",),
    **fields,
) -> Event:
    """A published online workshop of Greater Manchester Group, 30 days from now, open for registration."""
    made = event(created_by=created_by, champion=champion, starts_at=starts_at, **fields)
    made.save()
    made.themes.set(Theme.objects.filter(slug__in=themes))
    return made


def event(
    *, created_by, champion: Champion | None = None, starts_at: datetime.datetime | None = None, **fields
) -> Event:
    """An unsaved event (for bulk_create), with the defaults of `make_event` and no themes."""
    now = timezone.now()
    starts_at = starts_at or (now + datetime.timedelta(days=30)).replace(microsecond=0)
    values = {
        "champion": champion or Champion.objects.get(slug="greater-manchester-group"),
        "kind": Event.Kind.WORKSHOP,
        "title": "Personal budgets in practice",
        "description": "What works, from the pathfinders.",
        "starts_at": starts_at,
        "ends_at": starts_at + datetime.timedelta(hours=3),
        "format": Event.Format.ONLINE,
        "joining_details": "https://meet.example/abc",
        "capacity": 20,
        "registration_opens_at": min(now, starts_at) - datetime.timedelta(days=10),
        "registration_closes_at": starts_at - datetime.timedelta(hours=1),
        "status": Event.Status.PUBLISHED,
        "published_at": now,
        "created_by": created_by,
        "created_at": now,
    }
    return Event(**{**values, **fields})


def registration(event: Event, *, status: str = Registration.Status.CONFIRMED, **fields) -> Registration:
    """An unsaved registration (for bulk_create); a unique name and email unless given."""
    n = next(_numbers)
    values = {
        "event": event,
        "status": status,
        "name": f"Person {n}",
        "email": f"person{n}@example.com",
        "organisation": "Bolton Parent Carer Forum",
        "partner_type": "parent_carer_forum",
        "privacy_agreed_at": event.created_at,
        "created_at": event.created_at,
        "confirmed_at": event.created_at if status == Registration.Status.CONFIRMED else None,
    }
    return Registration(**{**values, **fields})


def make_registration(event: Event, **fields) -> Registration:
    """A saved registration: see `registration`. One saved as attended is counted (EventAttendance), as
    `attendance_mark` would."""
    made = registration(event, **fields)
    made.save()
    if made.attendance == Registration.Attendance.ATTENDED:
        attendance_counts_refresh(event_ids=[made.event_id])
    return made


def event_form_data(*, on: datetime.date | None = None, **overrides) -> dict:
    """Valid POST data for the organisers' event form: an in-person workshop, 10:00 to 13:00 UK time."""
    on = on or timezone.localdate() + datetime.timedelta(days=40)
    closes = on - datetime.timedelta(days=1)
    opens = timezone.localdate()
    data = {
        "kind": "workshop",
        "title": "Local offer clinic",
        "description": "Bring your local offer; leave with a plan.",
        "themes": [Theme.objects.get(slug="local-offer").pk],
        **{f"date_{i}": part for i, part in enumerate((on.day, on.month, on.year))},
        "start_time": "10:00",
        "end_time": "1pm",
        "format": "in_person",
        "venue_address": "Bolton Town Hall, Victoria Square, Bolton BL1 1RU",
        "joining_details": "",
        "capacity": "30",
        **{f"registration_opens_date_{i}": part for i, part in enumerate((opens.day, opens.month, opens.year))},
        "registration_opens_time": "09:00",
        **{f"registration_closes_date_{i}": part for i, part in enumerate((closes.day, closes.month, closes.year))},
        "registration_closes_time": "17:00",
        "audience_notes": "Parent carer forums and SENCOs",
        "accessibility_info": "Step-free access and a hearing loop",
    }
    return {**data, **overrides}


_MOMENTS = ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at")


def edit_form_data(event: Event, **overrides) -> dict:
    """The organisers' edit form's POST data for `event` as it is (times in UK time), with `overrides`."""
    local = {name: getattr(event, name).astimezone(timezone.get_default_timezone()) for name in _MOMENTS}

    def date(name: str, moment: datetime.datetime) -> dict:
        return {f"{name}_{i}": part for i, part in enumerate((moment.day, moment.month, moment.year))}

    data = {
        "kind": event.kind,
        "title": event.title,
        "description": event.description,
        "themes": [t.pk for t in event.themes.all()],
        **date("date", local["starts_at"]),
        "start_time": local["starts_at"].strftime("%H:%M"),
        "end_time": local["ends_at"].strftime("%H:%M"),
        "format": event.format,
        "venue_address": event.venue_address,
        "joining_details": event.joining_details,
        "capacity": str(event.capacity),
        **date("registration_opens_date", local["registration_opens_at"]),
        "registration_opens_time": local["registration_opens_at"].strftime("%H:%M"),
        **date("registration_closes_date", local["registration_closes_at"]),
        "registration_closes_time": local["registration_closes_at"].strftime("%H:%M"),
        "audience_notes": event.audience_notes,
        "accessibility_info": event.accessibility_info,
    }
    return {**data, **overrides}
