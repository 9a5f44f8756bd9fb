"""Pages for programme staff: open, change and close each quarter's returns window, see which LAs
have not submitted (and download the list), and reopen a submitted return for correction.
Everyone else gets a 403 (anonymous visitors: the sign-in page).
"""

from django.contrib import messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.permissions import programme_staff_required
from champions_portal.dates import govuk_date
from champions_portal.exports import FORMATS, spreadsheet_response
from programme.models import Quarter
from regions.models import LocalAuthority
from self_evaluation import services
from self_evaluation.forms.windows import ReopenForm, WindowDeadlineForm
from self_evaluation.models import QuarterlyReturn, ReturnsWindow
from self_evaluation.views.access import get_return_for_user


def _quarter(pk: int) -> Quarter:
    return get_object_or_404(Quarter.objects.select_related("programme"), pk=pk)


def _window(quarter: Quarter) -> ReturnsWindow | None:
    return ReturnsWindow.objects.select_related("opened_by", "closed_by").filter(quarter=quarter).first()


def window_state(window: ReturnsWindow | None) -> tuple[str, str]:
    """The window's state in words, and the colour of its tag."""
    if window is None:
        return "Not opened", "grey"
    if window.is_open:
        return f"Open, due {govuk_date(window.deadline)}", "green"
    return f"Closed on {govuk_date(window.closed_at)}", "blue"


def _windows() -> dict:
    """Every quarter, each with its window's `state` and `tag`, and `submitted_count`; and the `total` of LAs."""
    quarters = Quarter.objects.select_related("programme", "returns_window")
    quarters = list(quarters.order_by("programme__starts_on", "number"))
    submitted = QuarterlyReturn.objects.counted().values("quarter_id").annotate(n=Count("pk")).order_by()
    counts = {row["quarter_id"]: row["n"] for row in submitted}
    for quarter in quarters:
        quarter.state, quarter.tag = window_state(getattr(quarter, "returns_window", None))
        quarter.submitted_count = counts.get(quarter.pk, 0)
    return {"quarters": quarters, "total": LocalAuthority.objects.count()}


@programme_staff_required
def window_list(request):
    return render(request, "self_evaluation/windows/window_list.html", _windows())


WINDOW_HEADERS = ["Quarter", "Programme", "Returns window", "Deadline", "Opened", "Closed"]
WINDOW_HEADERS += ["Returns submitted", "Local authorities"]


def _window_row(quarter: Quarter, total: int) -> list:
    window = getattr(quarter, "returns_window", None)
    dates = [window.deadline, window.opened_at, window.closed_at or ""] if window else ["", "", ""]
    return [quarter.label, quarter.programme.name, quarter.state, *dates, quarter.submitted_count, total]


@programme_staff_required
def window_export(request, fmt):
    windows = _windows()
    rows = (_window_row(quarter, windows["total"]) for quarter in windows["quarters"])
    return spreadsheet_response(
        fmt=fmt,
        filename="self-evaluation-returns-windows",
        title="Returns windows",
        headers=WINDOW_HEADERS,
        rows=rows,
        description="Self-evaluation returns windows: each quarter's window and how many returns were submitted",
    )


def missing_rows(quarter: Quarter) -> list[LocalAuthority]:
    """The LAs with no submitted return for the quarter, each with `.unsubmitted`: its draft or reopened return."""
    missing = list(services.las_missing(quarter).select_related("pathfinder"))
    unsubmitted = QuarterlyReturn.objects.filter(quarter=quarter).exclude(status=QuarterlyReturn.Status.SUBMITTED)
    by_la = {r.local_authority_id: r for r in unsubmitted}
    for local_authority in missing:
        local_authority.unsubmitted = by_la.get(local_authority.pk)
    return missing


@programme_staff_required
def window_detail(request, quarter):
    quarter = _quarter(quarter)
    window = _window(quarter)
    submitted = QuarterlyReturn.objects.counted().filter(quarter=quarter)
    # A copy of answers as submitted names its return (submitted_version_of), being changed or reopened.
    submitted = submitted.select_related("local_authority__region", "submitted_version_of")
    submitted = list(submitted.order_by("local_authority__name"))
    missing = missing_rows(quarter)
    state, tag = window_state(window)
    context = {
        "quarter": quarter,
        "window": window,
        "state": state,
        "tag": tag,
        "missing": missing,
        "submitted": submitted,
        "total": len(missing) + len(submitted),
        "history": list(window.history.select_related("by")) if window else [],
    }
    return render(request, "self_evaluation/windows/window_detail.html", context)


@programme_staff_required
def window_open(request, quarter):
    quarter = _quarter(quarter)
    window = _window(quarter)
    now = timezone.now()
    data = request.POST if request.method == "POST" else None
    form = WindowDeadlineForm(data, quarter=quarter, window=window, today=timezone.localdate(now))
    if request.method == "POST" and form.is_valid():
        deadline = form.cleaned_data["deadline"]
        services.window_open(quarter=quarter, deadline=deadline, by=request.user, now=now)
        due = govuk_date(deadline)
        if window is None:
            message = f"Returns for {quarter.label} are open, due {due}. LAs can now start their returns."
        elif window.is_open:
            message = f"The deadline for returns for {quarter.label} is now {due}."
        else:
            message = f"Returns for {quarter.label} are open again, due {due}. LAs can change and submit them."
        messages.success(request, message)
        return redirect("self_evaluation:window_detail", quarter.pk)
    context = {"quarter": quarter, "window": window, "form": form}
    return render(request, "self_evaluation/windows/window_open.html", context)


@require_POST
@programme_staff_required
def window_close(request, quarter):
    quarter = _quarter(quarter)
    window = _window(quarter)
    if window is None:
        messages.info(request, f"Returns for {quarter.label} have not been opened, so there is nothing to close.")
    elif not window.is_open:
        closed = govuk_date(window.closed_at)
        messages.info(request, f"Returns for {quarter.label} were already closed on {closed}. Nothing has changed.")
    else:
        services.window_close(window=window, by=request.user, now=timezone.now())
        messages.success(
            request,
            f"Returns for {quarter.label} are closed. LAs can no longer change or submit them; "
            "you can still reopen a return for correction.",
        )
    return redirect("self_evaluation:window_detail", quarter.pk)


MISSING_HEADERS = ["Local authority", "Region", "Pathfinder", "Return"]


@programme_staff_required
def missing_export(request, quarter, fmt):
    if fmt not in FORMATS:
        raise Http404("Download as csv or xlsx")
    quarter = _quarter(quarter)
    rows = (
        [
            la.name,
            la.region.name,
            la.pathfinder.name if la.pathfinder else "No",
            la.unsubmitted.get_status_display() if la.unsubmitted else "Not started",
        ]
        for la in missing_rows(quarter)
    )
    return spreadsheet_response(
        fmt=fmt,
        filename=f"returns-missing-{quarter.programme.slug}-q{quarter.number}",
        title=f"Missing returns Q{quarter.number}",
        headers=MISSING_HEADERS,
        rows=rows,
        description=f"Local authorities that have not submitted a self-evaluation return for {quarter.label}",
        programme=quarter.programme.name,
    )


@programme_staff_required
def return_reopen(request, pk):
    quarterly_return = get_return_for_user(request, pk)
    form = ReopenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        reason, now = form.cleaned_data["reason"], timezone.now()
        try:
            services.return_reopen(quarterly_return=quarterly_return, reason=reason, by=request.user, now=now)
        except services.ReturnRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            name = quarterly_return.local_authority.name
            messages.success(
                request,
                f"{name}'s return for {quarterly_return.quarter.label} is reopened for correction. "
                "Its officers are emailed. The reports count its answers as submitted until they submit it again.",
            )
            return redirect("self_evaluation:window_detail", quarterly_return.quarter_id)
    context = {"quarterly_return": quarterly_return, "form": form}
    return render(request, "self_evaluation/windows/return_reopen.html", context)
