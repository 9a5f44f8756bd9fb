"""Pages for LA officers completing their LA's quarterly self-evaluation returns against the CDF, and
the page where anyone allowed to read a return sees it.

LA officers only (others 403, anonymous visitors the sign-in page): the list of returns, the rating
history, starting a return, answering its sections (views/return_sections.py), submitting it, and opening
a submitted return for changes (with a reason; the answers as submitted count until it is submitted again).
A return's own page is for whoever `get_return_for_user` allows: the LA's officers, the staff of its
assigned champion and programme staff; anyone else gets a 404.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from accounts.models import Role
from accounts.permissions import role_required
from self_evaluation import services
from self_evaluation.forms.returns import ChangeReasonForm, StartForm
from self_evaluation.models import CdfTheme, Element, QuarterlyReturn, Rating, ReturnsWindow
from self_evaluation.views.access import get_return_for_user
from self_evaluation.views.return_sections import (
    la_officers_only,
    return_approaches,
    return_costs,
    return_ratings,
    return_sections,
)

__all__ = [
    "rating_history",
    "return_approaches",
    "return_change_start",
    "return_costs",
    "return_detail",
    "return_list",
    "return_ratings",
    "return_start",
    "return_submit",
]

signed_in_people = role_required(Role.LA_OFFICER, Role.CHAMPION_STAFF, Role.PROGRAMME_STAFF)


@la_officers_only
def return_list(request):
    local_authority = request.user.local_authority
    returns = QuarterlyReturn.objects.filter(local_authority=local_authority).select_related("quarter__programme")
    by_quarter = {r.quarter_id: r for r in returns.order_by("-quarter__starts_on")}
    windows = ReturnsWindow.objects.filter(closed_at__isnull=True).select_related("quarter__programme")
    open_quarters = [(window, by_quarter.pop(window.quarter_id, None)) for window in windows]
    context = {"local_authority": local_authority, "open_quarters": open_quarters, "others": list(by_quarter.values())}
    return render(request, "self_evaluation/returns/return_list.html", context)


@la_officers_only
def rating_history(request):
    """Each element's level, quarter by quarter, from the LA's submitted returns: in three queries."""
    returns = list(
        QuarterlyReturn.objects.counted()
        .filter(local_authority_id=request.user.local_authority_id)
        .select_related("quarter__programme")
        .order_by("quarter__starts_on")
    )
    rows = Rating.objects.filter(quarterly_return__in=returns).values_list("quarterly_return_id", "element_id", "level")
    levels = {(return_id, element_id): level for return_id, element_id, level in rows}
    elements = list(Element.objects.all()) if returns else []
    themes = [
        (theme, [(e, [levels.get((r.pk, e.pk), "") for r in returns]) for e in elements if e.theme == theme])
        for theme in CdfTheme
    ]
    context = {"local_authority": request.user.local_authority, "returns": returns, "themes": themes}
    return render(request, "self_evaluation/returns/rating_history.html", context)


@la_officers_only
def return_start(request, quarter):
    window = get_object_or_404(
        ReturnsWindow.objects.select_related("quarter__programme"), quarter_id=quarter, closed_at__isnull=True
    )
    local_authority = request.user.local_authority
    if existing := QuarterlyReturn.objects.filter(local_authority=local_authority, quarter_id=quarter).first():
        return redirect(existing)
    previous = services.previous_return(local_authority=local_authority, quarter=window.quarter)
    data = request.POST if request.method == "POST" else None
    form = StartForm(data, previous=previous) if previous else None
    if request.method == "POST" and (form is None or form.is_valid()):
        copy_from = previous if form and form.cleaned_data["start_from"] == "previous" else None
        try:
            started = services.return_start(
                local_authority=local_authority,
                quarter=window.quarter,
                by=request.user,
                now=timezone.now(),
                copy_from=copy_from,
            )
        except services.ReturnRefused as refusal:
            messages.error(request, refusal.message)
            return redirect("self_evaluation:return_list")
        return redirect(started)
    context = {"window": window, "local_authority": local_authority, "previous": previous, "form": form}
    return render(request, "self_evaluation/returns/return_start.html", context)


def _why_not(request, quarterly_return: QuarterlyReturn) -> str:
    """Why this person cannot change the return here, in a sentence for the page."""
    la = quarterly_return.local_authority
    if request.user.is_la_officer:
        return services.why_closed_to_la(quarterly_return, quarterly_return.window)
    if request.user.is_champion_staff:
        return f"{la.name} is assigned to your champion, so you can read this return. Only its officers can change it."
    return f"Only {la.name}'s officers can change this return."


@signed_in_people
def return_detail(request, pk):
    quarterly_return = get_return_for_user(request, pk)
    window, officer = quarterly_return.window, request.user.is_la_officer
    changeable = officer and quarterly_return.is_open_to_la(window)
    counted = quarterly_return.counted_version()
    kept = counted if counted is not None and counted.pk != quarterly_return.pk else None
    context = {
        "quarterly_return": quarterly_return,
        "window": window,
        # Read only, a return being changed shows what counts: its answers as submitted.
        "sections": return_sections(quarterly_return if changeable or kept is None else kept),
        "changeable": changeable,
        "can_change": officer and quarterly_return.may_start_change(window),
        "kept": kept,
        "why_not": "" if changeable else _why_not(request, quarterly_return),
        "history": list(quarterly_return.changes.select_related("by")),
        "can_reopen": request.user.is_programme_staff and quarterly_return.may_be_reopened,
    }
    return render(request, "self_evaluation/returns/return_detail.html", context)


def _gaps_with_links(sections) -> list[tuple[str, str]]:
    """What is still to answer, in words, with the address of its section: the gaps `services.return_submit`
    refuses on, since both read `self_evaluation.completeness`."""
    return [(section.progress.gap, section.url) for section in sections if not section.progress.complete]


@la_officers_only
def return_submit(request, pk):
    quarterly_return = get_return_for_user(request, pk, write=True)
    submitted = quarterly_return.status == QuarterlyReturn.Status.SUBMITTED
    # Once submitted, the page confirms it (and says how to change it); until then, only while open to the LA.
    if not submitted and (why := services.why_closed_to_la(quarterly_return, quarterly_return.window)):
        messages.error(request, why)
        return redirect(quarterly_return)
    refusal = ""
    if request.method == "POST":
        try:
            services.return_submit(quarterly_return=quarterly_return, by=request.user, now=timezone.now())
        except services.ReturnRefused as refused:
            refusal = refused.message
        else:
            return redirect("self_evaluation:return_submit", quarterly_return.pk)
    sections = return_sections(quarterly_return)
    context = {
        "quarterly_return": quarterly_return,
        "window": quarterly_return.window,
        "sections": sections,
        "gaps": _gaps_with_links(sections),
        "refusal": refusal,
        "submitted": submitted,
        "can_change": quarterly_return.may_start_change(quarterly_return.window),
        "changing_submitted": not submitted and quarterly_return.counted_version() is not None,
    }
    return render(request, "self_evaluation/returns/return_submit.html", context)


@la_officers_only
def return_change_start(request, pk):
    """Open a submitted return for changes, saying why, while its window is open. Its answers as submitted
    still count (a copy is kept) until it is submitted again."""
    quarterly_return = get_return_for_user(request, pk, write=True)
    if why := services.why_no_change_start(quarterly_return, quarterly_return.window):
        messages.error(request, why)
        return redirect(quarterly_return)
    form = ChangeReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        reason, now = form.cleaned_data["reason"], timezone.now()
        try:
            services.return_change_start(quarterly_return=quarterly_return, reason=reason, by=request.user, now=now)
        except services.ReturnRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, "Your return is open for changes. Submit it again when they are done.")
        return redirect(quarterly_return)
    context = {"quarterly_return": quarterly_return, "window": quarterly_return.window, "form": form}
    return render(request, "self_evaluation/returns/return_change_start.html", context)
