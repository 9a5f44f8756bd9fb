"""Pages anyone can use, with no account: find events, register, and view or cancel a registration.

A registration is reached only through its unguessable token, which is the access check.
"""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from accounts.models import email_key
from champions_portal.public_cache import Fragment, query_key
from champions_portal.ratelimit import Limit, client_address, limit_count, refusal_if_limited
from events import services
from events.finder import finder_page, next_change
from events.forms.group_registration import ADD, REMOVE, GroupRegistrationForm
from events.forms.public import EventFilterForm, RegistrationForm
from events.models import Event, Registration
from events.views.access import get_event_for_user
from notifications.calendar import Method, ics_render

# What the finder and an event's page show: events, registrations and networks; champions, their regions and
# contacts, and themes. A change to any of them gives the topic a new version (events/page_cache.py).
PAGE_TOPICS = ("events", "regions")


@require_safe
def event_list(request):
    """The finder. Its shared part (everything but the header and messages) comes from the cache, keyed by the
    query string; it is built again after any change to what it shows, or when an event listed ends."""
    now = timezone.now()
    fragment = Fragment("event_list", topics=PAGE_TOPICS, key=query_key(request.GET))
    context = {}
    if (shared := fragment.get(now)) is None:
        context = _finder_context(request, now)
        shared = {
            "errors": bool(context["form"].errors),
            "page_number": context["page"].number,
            "num_pages": context["page"].paginator.num_pages,
            "content": render_to_string("events/public/_event_list.html", context, request),
        }
        fragment.set(shared, until=next_change(now))
    return render(request, "events/public/event_list.html", {"shared": shared, **context})


def _finder_context(request, now) -> dict:
    form = EventFilterForm(request.GET, now=now)
    # Cancelled events are listed, marked, only when the visitor ticks "Show cancelled events".
    events = form.filter(Event.objects.filter(status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED]))
    page, upcoming_count = finder_page(events, now=now, number=request.GET.get("page"))
    return {
        "form": form,
        "page": page,
        "upcoming": [e for e in page.object_list if e.ends_at >= now],
        "past": [e for e in page.object_list if e.ends_at < now],
        "upcoming_count": upcoming_count,
        "past_count": page.paginator.count - upcoming_count,
        "filtered": any(value for name, value in request.GET.items() if name != "page"),
    }


@require_safe
def event_detail(request, pk: int):
    """An event's page. A published or cancelled event's page, but for the organisers' link, comes from the cache
    (so a hit needs no access check: only an event anyone may see is kept); a draft's is never kept."""
    now = timezone.now()
    fragment = Fragment("event_detail", topics=PAGE_TOPICS, key=str(pk))
    context = {}
    if (shared := fragment.get(now)) is None:
        event = get_event_for_user(request, pk)
        confirmed = event.registrations.filter(status=Registration.Status.CONFIRMED).count()
        context = {
            "event": event,
            "themes": event.themes.all(),
            "places_left": max(event.capacity - confirmed, 0),
            "refusal": event.registration_refusal(now),
        }
        shared = {
            "title": event.title,
            "champion_id": event.champion_id,
            "heading": render_to_string("events/public/_event_detail_heading.html", context, request),
            "body": render_to_string("events/public/_event_detail_body.html", context, request),
        }
        if event.status != Event.Status.DRAFT:
            fragment.set(shared, until=event.next_change(now))
    user = request.user
    can_manage = user.is_authenticated and user.may_act_for_champion(shared["champion_id"])
    return render(
        request, "events/public/event_detail.html", {"shared": shared, "pk": pk, "can_manage": can_manage, **context}
    )


@require_safe
def event_ics(request, pk: int):
    """The event for a calendar. Never the joining details: those go only to confirmed registrants."""
    event = get_event_for_user(request, pk)
    response = HttpResponse(
        ics_render(event.calendar_entry(method=Method.PUBLISH), now=timezone.now()),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = content_disposition_header(True, f"{slugify(event.title) or 'event'}.ics")
    return response


def _per_client() -> Limit:
    return Limit("registration-client", settings.REGISTRATIONS_PER_CLIENT, settings.RATE_LIMIT_WINDOW_SECONDS)


def _per_email() -> Limit:
    return Limit("registration-email", settings.REGISTRATIONS_PER_EMAIL, settings.RATE_LIMIT_WINDOW_SECONDS)


@require_http_methods(["GET", "HEAD", "POST"])
def registration_create(request, pk: int):
    """Register for an event. Limited per client address and per email address (429 beyond), so
    nobody can use it to fill the event or someone's inbox."""
    event = get_event_for_user(request, pk)
    now = timezone.now()
    if refusal := event.registration_refusal(now):
        return _refused(request, event, refusal)
    client = client_address(request)
    if request.method == "POST" and (refusal := refusal_if_limited(request, [(_per_client(), client)])):
        return refusal
    form = RegistrationForm(
        request.POST if request.method == "POST" else None, initial=RegistrationForm.initial_for(request.user)
    )
    if request.method == "POST" and form.is_valid():
        email = email_key(form.cleaned_data["email"])
        if refusal := refusal_if_limited(request, [(_per_email(), email)]):
            return refusal
        limit_count(_per_client(), client)
        limit_count(_per_email(), email)
        user = request.user if request.user.is_authenticated else None
        try:
            registration = services.registration_create(event=event, data=form.registration_data(), now=now, user=user)
        except services.RegistrationRefused as refused:
            return _refused(request, event, refused.message)
        except services.AlreadyRegistered:
            return render(request, "events/public/registration_already.html", {"event": event})
        messages.success(request, _registered_message(registration))
        return redirect(registration.get_manage_url())
    confirmed = event.registrations.filter(status=Registration.Status.CONFIRMED).count()
    return render(
        request,
        "events/public/registration_form.html",
        {"event": event, "form": form, "is_full": confirmed >= event.capacity},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def registration_group_create(request, pk: int):
    """Register several people from one address (a coordinator's, such as a parent carer forum's). Limited
    as one registration is: a group counts once per client address and once per email address."""
    event = get_event_for_user(request, pk)
    now = timezone.now()
    if refusal := event.registration_refusal(now):
        return _refused(request, event, refusal)
    client = client_address(request)
    if request.method == "POST" and (refusal := refusal_if_limited(request, [(_per_client(), client)])):
        return refusal
    initial = GroupRegistrationForm.initial_for(request.user)
    if request.method == "POST" and (ADD in request.POST or REMOVE in request.POST):
        return _group_form_page(request, event, GroupRegistrationForm.changed(request.POST, initial=initial))
    form = GroupRegistrationForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        email = email_key(form.cleaned_data["email"])
        if refusal := refusal_if_limited(request, [(_per_email(), email)]):
            return refusal
        limit_count(_per_client(), client)
        limit_count(_per_email(), email)
        user = request.user if request.user.is_authenticated else None
        coordinator, attendees = form.coordinator(), form.attendees()
        try:
            registrations = services.registration_group_create(
                event=event, coordinator=coordinator, attendees=attendees, now=now, user=user
            )
        except services.RegistrationRefused as refused:
            return _refused(request, event, refused.message)
        except services.AlreadyRegistered as already:
            form.refuse_already_registered(already.index)
        else:
            people = "1 person" if len(registrations) == 1 else f"{len(registrations)} people"
            messages.success(
                request, f"You have registered {people}. We have emailed the details to {registrations[0].email}."
            )
            return redirect(registrations[0].get_group_url())
    return _group_form_page(request, event, form)


def _group_form_page(request, event: Event, form: GroupRegistrationForm):
    confirmed = event.registrations.filter(status=Registration.Status.CONFIRMED).count()
    return render(
        request,
        "events/public/registration_group_form.html",
        {"event": event, "form": form, "places_left": max(event.capacity - confirmed, 0)},
    )


def _refused(request, event: Event, message: str):
    """Nobody can register now: say why. A refused POST is a conflict with the event's state."""
    status = 409 if request.method == "POST" else 200
    return render(
        request, "events/public/registration_refused.html", {"event": event, "message": message}, status=status
    )


def _registered_message(registration: Registration) -> str:
    if registration.status == Registration.Status.CONFIRMED:
        return f"Your place is confirmed. We have emailed the details and a calendar invite to {registration.email}."
    return (
        f"This event is full, so you are on the waiting list, number {registration.waiting_list_position()}. "
        f"We have emailed {registration.email} and will email again if a place comes up."
    )


def _get_registration_by_token(token: str) -> Registration:
    return get_object_or_404(
        Registration.objects.select_related("event__champion__region", "local_authority"),
        token=token,
        event__personal_data_erased_at__isnull=True,
    )


def _cancel_refusal(registration: Registration, now) -> str | None:
    """Why this registration cannot be cancelled now, or None when it can."""
    if registration.status == Registration.Status.CANCELLED:
        return "Your registration was already cancelled. Nothing has changed."
    if registration.event.status == Event.Status.CANCELLED:
        return "This event has been cancelled, so there is nothing more for you to do."
    if registration.event.starts_at <= now:
        return "This event has already started, so your registration can no longer be cancelled."
    return None


@never_cache
@require_safe
def registration_manage(request, token: str):
    registration = _get_registration_by_token(token)
    event = registration.event
    return render(
        request,
        "events/public/registration_manage.html",
        {
            "registration": registration,
            "event": event,
            "position": registration.waiting_list_position(),
            "can_cancel": _cancel_refusal(registration, timezone.now()) is None,
            "show_joining_details": registration.status == Registration.Status.CONFIRMED
            and event.status == Event.Status.PUBLISHED
            and event.format == Event.Format.ONLINE,
        },
    )


@never_cache
@require_safe
def registration_group_manage(request, token: str):
    """The coordinator's page for a group: everyone they registered together, each with their status and the
    link to their own registration. Reached only through the group's token (404 for any other)."""
    registrations = list(
        Registration.objects.select_related("event__champion__region").filter(
            group_token=token, event__personal_data_erased_at__isnull=True
        )
    )
    if not token or not registrations:
        raise Http404("No such registration")
    event = registrations[0].event
    positions = event.registrations.waiting_positions()
    for registration in registrations:
        registration.position = positions.get(registration.pk)
    coordinator = next((r.booked_by_name for r in registrations if r.booked_by_name), registrations[0].name)
    return render(
        request,
        "events/public/registration_group_manage.html",
        {"event": event, "registrations": registrations, "coordinator": coordinator, "email": registrations[0].email},
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def registration_cancel(request, token: str):
    registration = _get_registration_by_token(token)
    now = timezone.now()
    if refusal := _cancel_refusal(registration, now):
        messages.info(request, refusal)
        return redirect(registration.get_manage_url())
    if request.method == "POST":
        was_waiting = registration.status == Registration.Status.WAITLISTED
        services.registration_cancel(registration=registration, now=now)
        messages.success(
            request,
            ("You have left the waiting list." if was_waiting else "Your registration is cancelled.")
            + f" We have emailed {registration.email} to confirm.",
        )
        return redirect(registration.get_manage_url())
    return render(
        request, "events/public/registration_cancel.html", {"registration": registration, "event": registration.event}
    )
