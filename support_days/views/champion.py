"""Pages for champion staff (their own champion) and programme staff (any champion): offer dates,
see the patch, answer requests and record delivered days.

LA officers get a 403 from `champions_only`. Every page about one day gets it through `_get_day_for_champion`,
and an offer through `get_offer_for_champion`: another champion's staff get a 404, as for a day or offer
that does not exist.
"""

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Case, F, Prefetch, Q, Value, When
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.permissions import role_required
from champions_portal.dates import govuk_date
from champions_portal.exports import FORMATS, spreadsheet_response
from champions_portal.public_cache import Fragment, csrf_placeholder, query_key, with_csrf_token
from regions.models import Champion, LocalAuthority
from support_days import services
from support_days.coverage import CoverageRow, best_day_id, chosen_days, status_counts
from support_days.forms.champion import (
    ChampionChooserForm,
    ConfirmForm,
    DeclineForm,
    DeliverForm,
    OffersCreateForm,
)
from support_days.models import SupportDay, SupportDayOffer
from support_days.views.access import CHAMPION_SIDE, get_offer_for_champion, get_support_day_for_user

champions_only = role_required(Role.PROGRAMME_STAFF, Role.CHAMPION_STAFF)
Status = SupportDay.Status
# The patch lists at most this many requests to answer and days to record, oldest first, with how many in all.
WAITING_SHOWN = 50
OFFERS_PER_PAGE = 50


def _with_preferred(day: SupportDay) -> SupportDay:
    day.preferred = [datetime.date.fromisoformat(iso) for iso in day.preferred_dates]
    return day


def _get_day_for_champion(request, pk: int) -> SupportDay:
    return _with_preferred(get_support_day_for_user(request, pk, side=CHAMPION_SIDE))


def _chosen_champion(request, *, empty_label: str, submit: str) -> tuple[ChampionChooserForm | None, Champion | None]:
    """Champion staff: their own champion. Programme staff: the one chosen in the GET form, if any."""
    if request.user.is_champion_staff:
        return None, request.user.champion
    chooser = ChampionChooserForm(request.GET or None, empty_label=empty_label, submit=submit)
    return chooser, chooser.champion()


def _url_for(request, name: str, champion: Champion) -> str:
    """A page about `champion`: programme staff need it named in the query string."""
    url = reverse(f"support_days:{name}")
    return f"{url}?champion={champion.pk}" if request.user.is_programme_staff else url


def _offers(champion: Champion | None):
    """The champion's offers (None: every champion's), each with its days prefetched."""
    # Every day, cancelled and declined too: a past date says what happened (SupportDayOffer.past_outcome).
    days = SupportDay.objects.select_related("local_authority").order_by("local_authority__name", "pk")
    offers = SupportDayOffer.objects.select_related("champion").prefetch_related(
        Prefetch("support_days", queryset=days)
    )
    return offers.filter(champion=champion) if champion else offers


def _upcoming_first(offers, today: datetime.date):
    """Dates to come, soonest first, then past dates, most recent first: one ordering, so one list of pages."""
    to_come = Q(date__gt=today)
    return offers.order_by(
        Case(When(to_come, then=Value(0)), default=Value(1)),
        Case(When(to_come, then=F("date"))).asc(),
        F("date").desc(),
        Case(When(to_come, then=F("pk"))).asc(),
        F("pk").desc(),
    )


# What the offered dates show: the dates and their days, and the LAs and champions those belong to.
OFFERS_TOPICS = ("support_days", "regions")


@champions_only
def offer_list(request):
    chooser, champion = _chosen_champion(request, empty_label="All champions", submit="Show dates")
    context = {"chooser": chooser, "champion": champion, "shared": _offers_section(request, champion)}
    return render(request, "support_days/champion/offer_list.html", context)


def _offers_section(request, champion: Champion | None) -> dict:
    """A page of offered dates, the same for everyone who may see them: built once per champion (or all of them),
    query string and day, and kept in the cache until a date, a day, an LA or a champion changes; each visitor's
    CSRF token is put into the withdraw buttons' forms."""
    now = timezone.now()
    today = timezone.localdate(now)
    key = f"{champion.pk if champion else 'all'}|{today.isoformat()}|{query_key(request.GET)}"
    fragment = Fragment("offer_list", topics=OFFERS_TOPICS, key=key)
    if (shared := fragment.get(now)) is None:
        page = Paginator(_upcoming_first(_offers(champion), today), OFFERS_PER_PAGE).get_page(request.GET.get("page"))
        offers = list(page.object_list)
        for offer in offers:  # from the prefetched days: no GROUP BY over every offer
            offer.booked_count = len(offer.booked_days)
        context = {
            "champion": champion,
            "page": page,
            "upcoming": [offer for offer in offers if offer.date > today],
            "past": [offer for offer in offers if offer.date <= today],
            "csrf_token": csrf_placeholder(),
        }
        shared = {"content": render_to_string("support_days/champion/_offers.html", context, request)}
        fragment.set(shared)
    return {"content": with_csrf_token(shared["content"], request)}


OFFER_HEADERS = ["Date", "Champion", "Format", "Places", "Booked", "Local authorities", "Status", "Notes"]


def _offer_row(offer: SupportDayOffer, *, upcoming: bool) -> list:
    """A date as the offers page shows it: to come, its booked LAs and whether it is open; past, every
    LA's day and what happened."""
    if upcoming:
        las = "; ".join(day.local_authority.name for day in offer.booked_days)
        full = offer.booked_count >= offer.capacity
        status = "Withdrawn" if offer.withdrawn_at else "Fully booked" if full else "Open"
    else:
        las = "; ".join(f"{day.local_authority.name} ({day.get_status_display()})" for day in offer.support_days.all())
        status = offer.past_outcome()[1]
    details = [offer.get_format_display(), offer.capacity, offer.booked_count, las, status, offer.notes]
    return [offer.date, offer.champion.name, *details]


@champions_only
def offer_export(request, fmt):
    _chooser, champion = _chosen_champion(request, empty_label="All champions", submit="Show dates")
    # Ordered here: Django ignores Meta.ordering on a GROUP BY query such as with_booked_count().
    offers = _offers(champion).with_booked_count().order_by("date", "pk")
    today = timezone.localdate()
    rows = (_offer_row(offer, upcoming=offer.date > today) for offer in offers)
    return spreadsheet_response(
        fmt=fmt,
        filename=f"support-day-offers-{champion.slug}" if champion else "support-day-offers",
        title="Offered dates",
        headers=OFFER_HEADERS,
        rows=rows,
        description="Dates offered for 1:1 support days, earliest first",
        filters={"Champion": champion.label if champion else "All champions"},
    )


def _offered_message(offered: int, skipped: int) -> str:
    message = f"{offered} date{'s' if offered != 1 else ''} offered."
    if skipped:
        already = "1 was" if skipped == 1 else f"{skipped} were"
        message += f" {already} already offered, so {'it was' if skipped == 1 else 'they were'} skipped."
    return message


@champions_only
def offers_create(request):
    now = timezone.now()
    initial = {"champion": request.GET.get("champion")}
    form = OffersCreateForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        user=request.user,
        today=timezone.localdate(now),
    )
    if request.method == "POST" and form.is_valid():
        champion = form.cleaned_data.get("champion") or request.user.champion
        dates = form.dates()
        data = {name: form.cleaned_data[name] for name in ("format", "capacity", "notes")}
        offered = services.offers_create(champion=champion, dates=dates, by=request.user, now=now, **data)
        if offered:
            messages.success(request, _offered_message(len(offered), len(dates) - len(offered)))
        else:
            messages.info(request, "You already offer every one of those dates. Nothing changed.")
        return redirect(_url_for(request, "offer_list", champion))
    return render(request, "support_days/champion/offers_create.html", {"form": form})


@require_POST
@champions_only
def offer_withdraw(request, pk):
    offer = get_offer_for_champion(request, pk)
    if offer.withdrawn_at:
        messages.info(request, f"{govuk_date(offer.date, with_weekday=True)} was already withdrawn. Nothing changed.")
    else:
        try:
            services.offer_withdraw(offer=offer, now=timezone.now())
        except services.SupportDayRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(
                request,
                f"{govuk_date(offer.date, with_weekday=True)} is withdrawn. Local authorities can no longer book it.",
            )
    return redirect(_url_for(request, "offer_list", offer.champion))


def _patch(champion: Champion) -> dict:
    """Every LA assigned to the champion with its status there, no-day-yet first; and the days waiting for
    the champion, oldest first, at most WAITING_SHOWN of each kind. A fixed number of queries, whatever the
    number of days: the LAs with their best day's id, those days, the waiting days with their totals, themes."""
    las = LocalAuthority.objects.assigned_to(champion).select_related("region", "pathfinder")
    las = list(las.annotate(best_day_id=best_day_id(champion=champion.pk)))
    days = chosen_days(las)
    rows = sorted(
        (CoverageRow(la, champion, days.get(la.best_day_id)) for la in las),
        key=lambda row: (row.rank, row.local_authority.name),
    )
    counted = [row for row in rows if not row.local_authority.is_pathfinder]
    waiting = [
        _with_preferred(day) for day in SupportDay.objects.waiting_for(champion, timezone.localdate(), WAITING_SHOWN)
    ]
    requests = [day for day in waiting if day.status == Status.REQUESTED]
    to_deliver = [day for day in waiting if day.status == Status.BOOKED]
    return {
        "rows": rows,
        "counted": len(counted),
        "totals": {total["status"]: total for total in status_counts(counted)},
        "status_counts": status_counts(counted),
        "requests": requests,
        "requests_count": requests[0].of if requests else 0,
        "to_deliver": to_deliver,
        "to_deliver_count": to_deliver[0].of if to_deliver else 0,
    }


# What the patch shows: support days, and the LAs, champions and regions (and theme names) they belong to.
PATCH_TOPICS = ("support_days", "regions")


def _patch_section(request, champion: Champion) -> dict:
    """The patch below the chooser. It is the same for everyone who may see this champion's patch (but for "you"
    to its own staff), so it is built once per champion, query string and day, and kept in the cache until a
    support day, LA, champion or region changes (champions_portal/public_cache.py)."""
    now = timezone.now()
    viewer_is_champion = request.user.is_champion_staff
    key = f"{champion.pk}|{timezone.localdate(now).isoformat()}|{viewer_is_champion}|{query_key(request.GET)}"
    fragment = Fragment("patch", topics=PATCH_TOPICS, key=key)
    if (shared := fragment.get(now)) is None:
        context = {"champion": champion, "viewer_is_champion": viewer_is_champion, **_patch(champion)}
        shared = {"content": render_to_string("support_days/champion/_patch.html", context, request)}
        fragment.set(shared)
    return shared


@champions_only
def patch(request):
    chooser, champion = _chosen_champion(request, empty_label="Choose a champion", submit="Show the patch")
    context = {"chooser": chooser, "champion": champion}
    if champion:
        context["shared"] = _patch_section(request, champion)
    return render(request, "support_days/champion/patch.html", context)


PATCH_HEADERS = ["Local authority", "Region", "Pathfinder (not counted)", "From a neighbouring region"]
PATCH_HEADERS += ["Support-day status", "Date"]


@champions_only
def patch_export(request, fmt):
    if fmt not in FORMATS:
        raise Http404("Download as csv or xlsx")
    _chooser, champion = _chosen_champion(request, empty_label="Choose a champion", submit="Show the patch")
    if champion is None:  # the page says to choose one, or what is wrong with the choice
        return redirect(f"{reverse('support_days:patch')}?{request.GET.urlencode()}")
    rows = (
        [
            row.local_authority.name,
            row.local_authority.region.name,
            "Yes" if row.local_authority.is_pathfinder else "No",
            "Yes" if row.local_authority.region_id != champion.region_id else "No",
            row.status_label,
            (row.day.date or "Not agreed yet") if row.day else "",
        ]
        for row in _patch(champion)["rows"]
    )
    return spreadsheet_response(
        fmt=fmt,
        filename=f"support-days-patch-{champion.slug}",
        title="Patch",
        headers=PATCH_HEADERS,
        rows=rows,
        description=f"{champion.name}'s patch: the local authorities it supports and their support days",
        filters={"Champion": champion.label},
    )


def _answered(request, day: SupportDay, status: str, message: str):
    """A redirect to the patch when the day is no longer `status` (someone got there first), else None."""
    if day.status == status:
        return None
    messages.info(request, message)
    return redirect(_url_for(request, "patch", day.champion))


@champions_only
def support_day_confirm(request, pk):
    day = _get_day_for_champion(request, pk)
    if response := _answered(request, day, Status.REQUESTED, "This request has already been answered."):
        return response
    now = timezone.now()
    form = ConfirmForm(
        request.POST if request.method == "POST" else None,
        preferred_dates=day.preferred_dates,
        today=timezone.localdate(now),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.support_day_confirm(day=day, date=data["date"], format=data["format"], by=request.user, now=now)
        except services.SupportDayRefused as refusal:
            form.add_error("date_choice", refusal.message)
        else:
            booked = f"{day.local_authority.name}'s day is booked for {govuk_date(data['date'], with_weekday=True)}."
            messages.success(request, f"{booked} Their officers are emailed.")
            return redirect(_url_for(request, "patch", day.champion))
    return render(request, "support_days/champion/support_day_confirm.html", {"day": day, "form": form})


@champions_only
def support_day_decline(request, pk):
    day = _get_day_for_champion(request, pk)
    if response := _answered(request, day, Status.REQUESTED, "This request has already been answered."):
        return response
    form = DeclineForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            reason = form.cleaned_data["reason"]
            services.support_day_decline(day=day, reason=reason, by=request.user, now=timezone.now())
        except services.SupportDayRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, f"You declined {day.local_authority.name}'s request. Their officers are emailed.")
            return redirect(_url_for(request, "patch", day.champion))
    return render(request, "support_days/champion/support_day_decline.html", {"day": day, "form": form})


@champions_only
def support_day_deliver(request, pk):
    day = _get_day_for_champion(request, pk)
    if response := _answered(request, day, Status.BOOKED, "Only a booked day can be recorded as delivered."):
        return response
    form = DeliverForm(request.POST if request.method == "POST" else None, initial={"themes": day.themes.all()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.support_day_deliver(
                day=day, attendees=data["attendees"], themes=data["themes"], notes=data["notes"], now=timezone.now()
            )
        except services.SupportDayRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, f"{day.local_authority.name}'s day is recorded as delivered.")
            return redirect(_url_for(request, "patch", day.champion))
    return render(request, "support_days/champion/support_day_deliver.html", {"day": day, "form": form})
