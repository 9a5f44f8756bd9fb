"""Pages for the organising champion's staff and programme staff: create, edit, publish and cancel
events; download lists, see who was represented. The registrations are listed on `registrations.py`'s page
and attendance is marked on `attendance.py`'s.

Every page gets its event through `get_event_for_user(..., write=True)`: a 403 for someone who may
see the event but not manage it, a 404 for a draft they may not see.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Case, Count, F, Q, QuerySet, Value, When
from django.db.models.functions import Lower
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.permissions import role_required
from audit.services import audit_record
from champions_portal.charts import percent
from champions_portal.dates import govuk_date
from champions_portal.exports import Sheet, spreadsheet_response, workbook_response
from events import services
from events.forms.manage import ChampionFilterForm, EventCancelForm, EventForm
from events.models import SEED_PARTNER_GROUPS, Event, PartnerType, Registration
from events.views.access import get_event_for_user

organisers_only = role_required(Role.PROGRAMME_STAFF, Role.CHAMPION_STAFF)
Status = Registration.Status
EVENTS_PER_PAGE = 50


def _chosen_events(request) -> tuple[ChampionFilterForm | None, dict[str, str], QuerySet]:
    """The events on the organiser's list: a champion's staff see their own champion's; programme staff every
    champion's, or the one chosen in the filter form. With the filters in words."""
    events = Event.objects.all()
    filter_form = None
    if request.user.is_champion_staff:
        events = events.filter(champion_id=request.user.champion_id)
        filters = {"Champion": request.user.champion.label}
    else:
        filter_form = ChampionFilterForm(request.GET or None)
        chosen = filter_form.cleaned_data["champion"] if filter_form.is_valid() else None
        if chosen:
            events = events.filter(champion=chosen)
        filters = {"Champion": chosen.label if chosen else "All champions"}
    return filter_form, filters, events


def _managed_events(request) -> tuple[ChampionFilterForm | None, dict[str, str], list[Event]]:
    """Every event on the organiser's list, in date order, with their counts (for the download)."""
    filter_form, filters, events = _chosen_events(request)
    # Ordered here: Django ignores Meta.ordering on a GROUP BY query such as with_counts().
    events = events.select_related("champion__region", "network").with_counts().order_by("starts_at", "pk")
    return filter_form, filters, list(events)


def _upcoming_first(events, now):
    """Events still to end, soonest first, then past events, most recent first: one ordering, one list of pages."""
    to_come = Q(ends_at__gte=now)
    return events.order_by(
        Case(When(to_come, then=Value(0)), default=Value(1)),
        Case(When(to_come, then=F("starts_at"))).asc(),
        F("starts_at").desc(),
        Case(When(to_come, then=F("pk"))).asc(),
        F("pk").desc(),
    )


@organisers_only
def event_manage_list(request):
    filter_form, _filters, events = _chosen_events(request)
    now = timezone.now()
    # The page's ids first, then only those events with their counts: the counts join registrations.
    page = Paginator(_upcoming_first(events, now).values_list("pk", flat=True), EVENTS_PER_PAGE)
    page = page.get_page(request.GET.get("page"))
    ids = list(page.object_list)
    shown = Event.objects.filter(pk__in=ids).select_related("champion__region", "network").with_counts()
    by_id = {event.pk: event for event in shown.order_by()}
    listed = [by_id[pk] for pk in ids]
    context = {
        "filter_form": filter_form,
        "page": page,
        "upcoming": [event for event in listed if event.ends_at >= now],
        "past": [event for event in listed if event.ends_at < now],
    }
    return render(request, "events/manage/event_manage_list.html", context)


EVENT_HEADERS = ["Event", "Kind", "Format", "Champion", "Network", "Starts", "Ends", "Status"]
EVENT_HEADERS += ["Confirmed places", "Places", "Waiting list"]


@organisers_only
def event_manage_export(request, fmt):
    _filter_form, filters, events = _managed_events(request)
    rows = (
        [
            event.title,
            event.get_kind_display(),
            event.get_format_display(),
            event.champion.name,
            event.network.name if event.network else "",
            event.starts_at,
            event.ends_at,
            event.get_status_display(),
            event.confirmed_count,
            event.capacity,
            event.waitlisted_count,
        ]
        for event in events
    )
    return spreadsheet_response(
        fmt=fmt,
        filename="events",
        title="Events",
        headers=EVENT_HEADERS,
        rows=rows,
        description="Regional conferences, workshops and seminars, with drafts and cancelled events",
        filters=filters,
    )


@organisers_only
def event_create(request):
    now = timezone.now()
    form = EventForm(request.POST if request.method == "POST" else None, user=request.user, now=now)
    if request.method == "POST" and form.is_valid():
        event = services.event_create(
            champion=form.cleaned_data.get("champion") or request.user.champion,
            fields=form.event_fields(),
            themes=form.cleaned_data["themes"],
            created_by=request.user,
            now=now,
        )
        messages.success(request, f"{event.title} is saved as a draft. Publish it when people can register.")
        return redirect("events:registration_list", event.pk)
    return render(request, "events/manage/event_form.html", {"form": form})


@organisers_only
def event_edit(request, pk):
    event = get_event_for_user(request, pk, write=True)
    if event.status == Event.Status.CANCELLED:
        messages.error(request, "This event has been cancelled, so it cannot be changed.")
        return redirect("events:registration_list", event.pk)
    now = timezone.now()
    form = EventForm(request.POST if request.method == "POST" else None, instance=event, user=request.user, now=now)
    if request.method == "POST" and form.is_valid():
        waiting = event.registrations.waiting_list().count()
        try:
            updated = services.event_update(
                event=event, fields=form.event_fields(with_champion=True), themes=form.cleaned_data["themes"], now=now
            )
        except services.CapacityBelowConfirmed as refusal:
            form.refuse_capacity(refusal.confirmed)
        else:
            messages.success(request, "Your changes are saved.")
            if emailed := updated.change_emails_queued:
                text = ngettext("%d person registered is", "%d people registered are", emailed) % emailed
                messages.success(request, f"{text} being emailed about the change.")
            promoted = waiting - event.registrations.waiting_list().count()
            if promoted:
                people = "person" if promoted == 1 else "people"
                messages.success(request, f"{promoted} {people} on the waiting list now have a place and are emailed.")
            return redirect("events:registration_list", event.pk)
    counts = event.registrations.aggregate(
        confirmed_count=Count("pk", filter=Q(status=Status.CONFIRMED)),
        waiting_count=Count("pk", filter=Q(status=Status.WAITLISTED)),
    )
    ended = event.status == Event.Status.PUBLISHED and event.ends_at <= now
    context = {"form": form, "event": event, "ended": ended, **counts}
    return render(request, "events/manage/event_form.html", context)


@require_POST
@organisers_only
def event_publish(request, pk):
    event = get_event_for_user(request, pk, write=True)
    if event.status == Event.Status.CANCELLED:
        messages.error(request, "This event has been cancelled, so it cannot be published.")
    elif event.status == Event.Status.PUBLISHED:
        messages.info(request, "This event was already published. Nothing changed.")
    else:
        services.event_publish(event=event, now=timezone.now())
        messages.success(request, f"{event.title} is published. People can now find it and register.")
    return redirect("events:registration_list", event.pk)


@organisers_only
def event_cancel(request, pk):
    event = get_event_for_user(request, pk, write=True)
    if event.status == Event.Status.CANCELLED:
        messages.info(request, "This event was already cancelled. Nothing changed.")
        return redirect("events:registration_list", event.pk)
    form = EventCancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.event_cancel(event=event, reason=form.cleaned_data["reason"], now=timezone.now())
        messages.success(request, f"{event.title} is cancelled. Everyone with a place or waiting is being emailed.")
        return redirect("events:registration_list", event.pk)
    counts = event.registrations.aggregate(
        confirmed_count=Count("pk", filter=Q(status=Status.CONFIRMED)),
        waiting_count=Count("pk", filter=Q(status=Status.WAITLISTED)),
    )
    return render(request, "events/manage/event_cancel.html", {"event": event, "form": form, **counts})


# Registrants are read from the database this many at a time, as the download is written (it is streamed).
EXPORT_CHUNK_ROWS = 2000
REGISTRANT_HEADERS = ["Name", "Email", "Organisation", "Partner type", "Local authority"]
NEEDS_HEADERS = ["Access needs", "Dietary needs"]


def _registrant_row(r: Registration, *, with_email: bool = True) -> list:
    la = r.local_authority.name if r.local_authority else ""
    email = [r.email] if with_email else []
    return [r.name, *email, r.organisation, r.get_partner_type_display(), la, r.access_needs, r.dietary_needs]


@organisers_only
def registration_export(request, pk, fmt):
    event = get_event_for_user(request, pk, write=True)
    rows = (
        [r.get_status_display(), *_registrant_row(r), r.get_attendance_display(), r.created_at, _booker(r)]
        for r in event.registrations.select_related("local_authority").iterator(chunk_size=EXPORT_CHUNK_ROWS)
    )
    headers = ["Status", *REGISTRANT_HEADERS, *NEEDS_HEADERS, "Attendance", "Registered at", "Registered by"]
    response = spreadsheet_response(
        fmt=fmt,
        filename=f"{slugify(event.title)[:60]}-registrations",
        title="Registrations",
        headers=headers,
        rows=rows,
        description=f"Registrations for {_named(event)}",
    )
    audit_record(action="export.registrations", obj=event, changes={"format": [None, fmt]})
    return response


@organisers_only
def attendance_export(request, pk, fmt):
    event = get_event_for_user(request, pk, write=True)
    confirmed = event.registrations.filter(status=Status.CONFIRMED).select_related("local_authority")
    confirmed = confirmed.order_by(Lower("name"), "pk").iterator(chunk_size=EXPORT_CHUNK_ROWS)
    rows = ([*_registrant_row(r, with_email=False), ""] for r in confirmed)
    headers = [h for h in REGISTRANT_HEADERS if h != "Email"] + [*NEEDS_HEADERS, "Signature"]
    response = spreadsheet_response(
        fmt=fmt,
        filename=f"{slugify(event.title)[:60]}-attendance-list",
        title="Attendance list",
        headers=headers,
        rows=rows,
        description=f"Attendance list for {_named(event)}",
    )
    audit_record(action="export.attendance", obj=event, changes={"format": [None, fmt]})
    return response


def _booker(r: Registration) -> str:
    """Who registered this person: a group's coordinator, or the person themselves (blank once erased)."""
    return r.booked_by_name or ("Themselves" if r.email else "")


def _named(event: Event) -> str:
    """ "Personal budgets in practice, 14 October 2013": an event as a download's title block names it."""
    return f"{event.title}, {govuk_date(event.starts_at)}"


def _representation(event: Event) -> tuple[list[dict], list[dict]]:
    """Registrants (confirmed or waiting) and attendees per partner type, and per partner group the seeds name."""
    counts = {
        row["partner_type"]: row
        for row in event.registrations.active()
        .order_by()
        .values("partner_type")
        .annotate(registered=Count("pk"), attended=Count("pk", filter=Q(attendance=Registration.Attendance.ATTENDED)))
    }
    types = [
        {"label": label, **{k: counts.get(value, {}).get(k, 0) for k in ("registered", "attended")}}
        for value, label in PartnerType.choices
    ]
    by_value = dict(zip(PartnerType.values, types, strict=True))
    groups = [
        {"name": name, **{k: sum(by_value[t][k] for t in members) for k in ("registered", "attended")}}
        for name, members in SEED_PARTNER_GROUPS.items()
    ]
    most = max((row["registered"] for row in types), default=0)
    for row in types:
        row["width"] = percent(row["registered"], most)
    return types, groups


@organisers_only
def event_representation(request, pk):
    event = get_event_for_user(request, pk, write=True)
    types, groups = _representation(event)
    started = event.starts_at <= timezone.now()
    context = {
        "event": event,
        "types": types,
        "groups": groups,
        "started": started,
        "missing_registered": [g["name"] for g in groups if not g["registered"]],
        "missing_attended": [g["name"] for g in groups if started and not g["attended"]],
    }
    return render(request, "events/manage/event_representation.html", context)


@organisers_only
def representation_export(request, pk, fmt):
    event = get_event_for_user(request, pk, write=True)
    types, groups = _representation(event)
    started = event.starts_at <= timezone.now()

    def counts(row: dict) -> list:
        return [row["registered"], row["attended"] if started else "Not yet"]

    headers = ["Registrants", "Attendees"]
    sheets = [
        Sheet("Partner groups", ["Partner group", *headers], [[g["name"], *counts(g)] for g in groups]),
        Sheet("Partner types", ["Partner type", *headers], [[t["label"], *counts(t)] for t in types]),
    ]
    return workbook_response(
        fmt=fmt,
        filename=f"{slugify(event.title)[:60]}-representation",
        sheets=sheets,
        description=f"Partners represented at {_named(event)}",
    )
