"""LA officers' pages (their own LA only): see, book, request, reschedule and give feedback on support days.

Also the pages both sides share: a day's detail and cancelling it. Each page that shows or changes
a day gets it through `get_support_day_for_user`: a 404 for people from neither side, as for a day that
does not exist; the LA officers' own actions are a 403 for the champion side (from `la_only` first).
"""

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F, prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from accounts.models import Role
from accounts.permissions import role_required
from champions_portal.dates import govuk_date
from regions.models import LocalAuthority
from support_days import services
from support_days.forms.local_authority import (
    SupportDayBookForm,
    SupportDayCancelForm,
    SupportDayFeedbackForm,
    SupportDayRequestForm,
    SupportDayRescheduleForm,
)
from support_days.models import SupportDay, SupportDayOffer
from support_days.views.access import LA_SIDE, get_support_day_for_user

la_only = role_required(Role.LA_OFFICER)
either_side = role_required(Role.LA_OFFICER, Role.CHAMPION_STAFF, Role.PROGRAMME_STAFF)
Status = SupportDay.Status
TEMPLATES = "support_days/local_authority"
PER_PAGE = 50


def _own_local_authority(request) -> LocalAuthority:
    """The officer's LA, with its assigned champion and that champion's region, in one query."""
    return LocalAuthority.objects.with_assigned_champion().get(pk=request.user.local_authority_id)


def _bookable_offers(champion, local_authority: LocalAuthority, today: datetime.date):
    """The champion's bookable dates, less any date this LA already has an active day on."""
    held = SupportDay.objects.active().filter(local_authority=local_authority, date__isnull=False).values("date")
    offers = SupportDayOffer.objects.filter(champion=champion).bookable(today).exclude(date__in=held)
    return offers.order_by("date", "pk")  # Meta.ordering is not applied to a GROUP BY query


def _refused(request, day: SupportDay, heading: str, message: str):
    """The change cannot be made: say why. A refused POST is a conflict with the day's state."""
    context = {"day": day, "heading": heading, "message": message}
    return render(
        request, f"{TEMPLATES}/support_day_refused.html", context, status=409 if request.method == "POST" else 200
    )


@la_only
def support_day_list(request):
    local_authority = _own_local_authority(request)
    days = SupportDay.objects.filter(local_authority=local_authority).select_related("champion", "offer")
    page = _page(request, days.order_by(F("date").desc(nulls_first=True), "-pk"))
    today = timezone.localdate()
    for day in page.object_list:
        day.la_changeable = day.la_can_change(today)
    champion = local_authority.assigned_champion
    prefetch_related_objects([champion], "contacts")
    context = {"local_authority": local_authority, "champion": champion, "days": page.object_list, **_pages(page)}
    return render(request, f"{TEMPLATES}/support_day_list.html", context)


@la_only
def offer_choose(request):
    local_authority = _own_local_authority(request)
    champion = local_authority.assigned_champion
    page = _page(request, _bookable_offers(champion, local_authority, timezone.localdate()))
    context = {"local_authority": local_authority, "champion": champion, "offers": page.object_list, **_pages(page)}
    return render(request, f"{TEMPLATES}/offer_choose.html", context)


def _page(request, rows):
    """The page of `rows` asked for in ?page= (the nearest one for anything else), its rows in a list."""
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    return page


def _pages(page) -> dict:
    return {"page": page}


@la_only
def support_day_book(request, offer_pk: int):
    local_authority = _own_local_authority(request)
    champion = local_authority.assigned_champion
    offers = SupportDayOffer.objects.open().with_booked_count().select_related("champion")
    offer = get_object_or_404(offers, pk=offer_pk, champion=champion)
    now = timezone.now()
    if refusal := _offer_refusal(offer, timezone.localdate(now)):
        return _date_taken(request, offer, refusal)
    form = SupportDayBookForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            day = services.support_day_book(
                offer=offer, local_authority=local_authority, by=request.user, now=now, **form.cleaned_data
            )
        except services.SupportDayRefused as refusal:
            return _date_taken(request, offer, refusal)
        messages.success(request, f"Your support day is booked. We have emailed you and {champion.name}.")
        return redirect(day)
    context = {"offer": offer, "champion": champion, "local_authority": local_authority, "form": form}
    return render(request, f"{TEMPLATES}/support_day_book.html", context)


def _offer_refusal(offer: SupportDayOffer, today: datetime.date) -> services.SupportDayRefused | None:
    """Why this offer cannot be booked, as far as the page can tell (the service checks again under a lock)."""
    if offer.date <= today:
        return services.SupportDayRefused("That date is no longer offered. Choose another date.")
    if offer.booked_count >= offer.capacity:
        return services.DateTaken()
    return None


def _date_taken(request, offer: SupportDayOffer, refusal: services.SupportDayRefused):
    context = {"offer": offer, "taken": isinstance(refusal, services.DateTaken), "message": refusal.message}
    status = 409 if request.method == "POST" else 200
    return render(request, f"{TEMPLATES}/support_day_date_taken.html", context, status=status)


@la_only
def support_day_request(request):
    local_authority = _own_local_authority(request)
    champion = local_authority.assigned_champion
    now = timezone.now()
    form = SupportDayRequestForm(request.POST if request.method == "POST" else None, today=timezone.localdate(now))
    if request.method == "POST" and form.is_valid():
        day = services.support_day_request(
            champion=champion,
            local_authority=local_authority,
            preferred_dates=form.cleaned_data["preferred_dates"],
            themes=form.cleaned_data["themes"],
            context=form.cleaned_data["context"],
            by=request.user,
            now=now,
        )
        messages.success(request, f"Your request is sent to {champion.name}. We will email you when they reply.")
        return redirect(day)
    context = {"champion": champion, "local_authority": local_authority, "form": form}
    return render(request, f"{TEMPLATES}/support_day_request.html", context)


@either_side
def support_day_detail(request, pk: int):
    day = get_support_day_for_user(request, pk)
    user, today = request.user, timezone.localdate()
    la_side = user.is_la_officer
    if la_side:  # whom to ask about the day
        prefetch_related_objects([day.champion], "contacts")
    context = {
        "day": day,
        "themes": day.themes.all(),
        "delivered_themes": day.delivered_themes.all() if day.status == Status.DELIVERED else [],
        "preferred_dates": [datetime.date.fromisoformat(d) for d in day.preferred_dates],
        "la_side": la_side,
        "la_can_change": la_side and day.la_can_change(today),
        "can_give_feedback": la_side and day.status == Status.DELIVERED and day.feedback_at is None,
        "can_deliver": not la_side and day.status == Status.BOOKED and day.date <= today,
        "can_cancel": day.status in (Status.REQUESTED, Status.BOOKED) and (not la_side or day.la_can_change(today)),
    }
    return render(request, f"{TEMPLATES}/support_day_detail.html", context)


@la_only
def support_day_reschedule(request, pk: int):
    day = get_support_day_for_user(request, pk, side=LA_SIDE)
    now = timezone.now()
    if day.status != Status.BOOKED or not day.la_can_change(timezone.localdate(now)):
        return _refused(request, day, "You cannot reschedule this day", _change_refusal(day))
    offers = _bookable_offers(day.champion, day.local_authority, timezone.localdate(now))
    form = SupportDayRescheduleForm(request.POST if request.method == "POST" else None, offers=offers)
    if request.method == "POST" and form.is_valid():
        try:
            services.support_day_reschedule(day=day, offer=form.cleaned_data["offer"], by=request.user, now=now)
        except services.DateTaken as refusal:
            form.add_error("offer", refusal.message)
        except services.SupportDayRefused as refusal:
            return _refused(request, day, "You cannot reschedule this day", refusal.message)
        else:
            messages.success(request, f"Your support day is moved. We have emailed you and {day.champion.name}.")
            return redirect(day)
    return render(request, f"{TEMPLATES}/support_day_reschedule.html", {"day": day, "form": form})


def _change_refusal(day: SupportDay) -> str:
    """Why an LA officer cannot reschedule or cancel this day here."""
    if day.status == Status.REQUESTED:
        return "Your champion has not confirmed a date yet, so there is no date to move. You can cancel the request."
    if day.status == Status.BOOKED:
        cutoff = govuk_date(day.change_cutoff())
        return f"The last day to change it here was {cutoff}. Contact {day.champion.name} to change it."
    return f"This day is {day.get_status_display().lower()}, so it can no longer be changed."


@either_side
def support_day_cancel(request, pk: int):
    day = get_support_day_for_user(request, pk)
    if day.status == Status.CANCELLED:
        messages.info(request, "This day was already cancelled. Nothing changed.")
        return redirect(day)
    now = timezone.now()
    if day.status not in (Status.REQUESTED, Status.BOOKED) or (
        request.user.is_la_officer and not day.la_can_change(timezone.localdate(now))
    ):
        return _refused(request, day, "You cannot cancel this day", _change_refusal(day))
    form = SupportDayCancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.support_day_cancel(day=day, reason=form.cleaned_data["reason"], by=request.user, now=now)
        except services.SupportDayRefused as refusal:
            return _refused(request, day, "You cannot cancel this day", refusal.message)
        messages.success(request, "The support day is cancelled. We have emailed both sides.")
        return redirect(day)
    return render(request, f"{TEMPLATES}/support_day_cancel.html", {"day": day, "form": form})


@la_only
def support_day_feedback(request, pk: int):
    day = get_support_day_for_user(request, pk, side=LA_SIDE)
    if refusal := _feedback_refusal(day):
        return _refused(request, day, "You cannot give feedback on this day", refusal)
    form = SupportDayFeedbackForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.support_day_feedback(day=day, now=timezone.now(), **form.cleaned_data)
        except services.SupportDayRefused as refusal:
            return _refused(request, day, "You cannot give feedback on this day", refusal.message)
        messages.success(request, f"Thank you. Your feedback is saved and {day.champion.name} can see it.")
        return redirect(day)
    return render(request, f"{TEMPLATES}/support_day_feedback.html", {"day": day, "form": form})


def _feedback_refusal(day: SupportDay) -> str | None:
    if day.status != Status.DELIVERED:
        return "You can give feedback once the day has been delivered."
    if day.feedback_at is not None:
        return "Feedback has already been given for this day."
    return None
