"""Pages for programme staff: review submitted case studies, publish and unpublish them, and follow each
quarter's deadline and who has delivered. Everyone else gets a 403 (anonymous visitors: the sign-in page).
"""

from collections import Counter

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Case, Count, Max, Q, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.permissions import programme_staff_required
from case_studies import services
from case_studies.forms.review import DeadlineForm, ReviewForm
from case_studies.models import CaseStudy
from case_studies.progress import quarter_statuses
from case_studies.views.access import get_case_study_for_user
from champions_portal import clock
from champions_portal.dates import govuk_date
from champions_portal.exports import spreadsheet_response
from programme.models import Programme, Quarter
from regions.models import Champion

Status = CaseStudy.Status
PER_PAGE = 50


def _queue():
    """Case studies waiting for review, then approved ones not yet published; each longest waiting first."""
    # `since`: the latest move in its history, i.e. when it was (re)submitted or approved.
    case_studies = CaseStudy.objects.for_listing().filter(status__in=[Status.SUBMITTED, Status.APPROVED])
    waiting_first = Case(When(status=Status.SUBMITTED, then=Value(0)), default=Value(1))
    return case_studies.annotate(since=Max("history__at")).order_by(waiting_first, "since", "pk")


def _review_queue() -> dict[str, list[CaseStudy]]:
    """Both lists in full (for the download)."""
    case_studies = list(_queue())
    return {
        "waiting": [case_study for case_study in case_studies if case_study.status == Status.SUBMITTED],
        "approved": [case_study for case_study in case_studies if case_study.status == Status.APPROVED],
    }


@programme_staff_required
def review_list(request):
    """Both lists as one, PER_PAGE at a time, with how many each has in all."""
    page = Paginator(_queue(), PER_PAGE).get_page(request.GET.get("page"))
    case_studies = list(page.object_list)
    counts = CaseStudy.objects.aggregate(
        waiting_count=Count("pk", filter=Q(status=Status.SUBMITTED)),
        approved_count=Count("pk", filter=Q(status=Status.APPROVED)),
    )
    context = {
        "waiting": [case_study for case_study in case_studies if case_study.status == Status.SUBMITTED],
        "approved": [case_study for case_study in case_studies if case_study.status == Status.APPROVED],
        "page": page,
        **counts,
    }
    return render(request, "case_studies/review/review_list.html", context)


REVIEW_HEADERS = ["List", "Case study", "Themes", "Champion", "Region", "Quarter", "Since", "Status"]


@programme_staff_required
def review_export(request, fmt):
    queue = _review_queue()
    lists = [("Waiting for review", queue["waiting"]), ("Approved, not published", queue["approved"])]
    rows = (
        [
            name,
            case_study.title,
            "; ".join(theme.name for theme in case_study.themes.all()),
            case_study.champion.name,
            case_study.champion.region.name,
            f"Quarter {case_study.quarter.number} {case_study.quarter.programme.slug}",
            case_study.since,
            case_study.get_status_display(),
        ]
        for name, case_studies in lists
        for case_study in case_studies
    )
    return spreadsheet_response(
        fmt=fmt,
        filename="case-studies-to-review",
        title="Case studies to review",
        headers=REVIEW_HEADERS,
        rows=rows,
        description="Case studies to review (since: when submitted or approved), longest waiting first",
    )


@programme_staff_required
def case_study_review(request, pk):
    case_study = get_case_study_for_user(request, pk, write=True)
    form = None
    if case_study.status == Status.SUBMITTED:
        form = ReviewForm(request.POST if request.method == "POST" else None)
    if form is not None and form.is_valid():
        approve = form.cleaned_data["decision"] == ReviewForm.APPROVE
        decide = services.case_study_approve if approve else services.case_study_return
        comments = form.cleaned_data["comments"].strip()
        try:
            decide(case_study=case_study, comments=comments, by=request.user, now=timezone.now())
        except services.ReviewRefused as refusal:
            messages.error(request, refusal.message)
            return redirect("case_studies:case_study_review", case_study.pk)
        if not approve:
            returned = f"{case_study.title} is returned to {case_study.champion.name} with your comments."
            messages.success(request, f"{returned} Their staff are emailed.")
            return redirect("case_studies:review_list")
        messages.success(request, f"{case_study.title} is approved. Publish it to put it in the public library.")
        return redirect("case_studies:case_study_review", case_study.pk)
    context = {
        "case_study": case_study,
        "form": form,
        "attachments": list(case_study.attachments.all()),
        "history": list(case_study.history.select_related("by")),
    }
    return render(request, "case_studies/review/case_study_review.html", context)


@require_POST
@programme_staff_required
def case_study_publish(request, pk):
    case_study = get_case_study_for_user(request, pk, write=True)
    try:
        services.case_study_publish(case_study=case_study, by=request.user, now=timezone.now())
    except services.ReviewRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, f"{case_study.title} is published in the library. The champion's staff are emailed.")
    return redirect("case_studies:case_study_review", case_study.pk)


@require_POST
@programme_staff_required
def case_study_unpublish(request, pk):
    case_study = get_case_study_for_user(request, pk, write=True)
    try:
        services.case_study_unpublish(case_study=case_study, comments="", by=request.user, now=timezone.now())
    except services.ReviewRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, f"{case_study.title} is no longer in the library. It stays approved.")
    return redirect("case_studies:case_study_review", case_study.pk)


def _quarters(today) -> tuple[Programme | None, list[Quarter]]:
    """The current programme's quarters, each with `rows`: (champion, its case-study status) for every
    champion; and `counts` of those statuses."""
    programme = Programme.objects.current(today)
    quarters = list(programme.quarters.select_related("programme")) if programme else []
    champions = list(Champion.objects.select_related("region"))
    statuses = quarter_statuses(quarters=quarters, champions=champions, today=today)
    for quarter in quarters:
        quarter.rows = [(champion, statuses[quarter.pk, champion.pk]) for champion in champions]
        quarter.counts = Counter(status.status for _, status in quarter.rows)
    return programme, quarters


@programme_staff_required
def quarter_list(request):
    today = clock.today()
    programme, quarters = _quarters(today)
    context = {"programme": programme, "quarters": quarters, "today": today}
    return render(request, "case_studies/review/quarter_list.html", context)


QUARTER_HEADERS = ["Quarter", "Deadline", "Deadline changed", "Champion", "Region", "Status"]
QUARTER_HEADERS += ["Case study that counts", "Submitted"]


@programme_staff_required
def quarter_export(request, fmt):
    now = clock.now()
    programme, quarters = _quarters(timezone.localdate(now))
    rows = (
        [
            f"Quarter {quarter.number}",
            quarter.deadline(),
            "Yes" if quarter.case_study_deadline else "No (the default)",
            champion.name,
            champion.region.name,
            status.label,
            status.case_study.title if status.case_study else "None submitted",
            status.case_study.first_submitted_at if status.case_study else "",
        ]
        for quarter in quarters
        for champion, status in quarter.rows
    )
    return spreadsheet_response(
        fmt=fmt,
        filename=f"case-study-quarters-{programme.slug}" if programme else "case-study-quarters",
        title="Case-study quarters",
        headers=QUARTER_HEADERS,
        rows=rows,
        description="Case-study deadlines and who has submitted, each quarter",
        programme=programme.name if programme else "",
        as_at=now,
    )


@programme_staff_required
def quarter_deadline_edit(request, pk):
    quarter = get_object_or_404(Quarter.objects.select_related("programme"), pk=pk)
    form = DeadlineForm(request.POST if request.method == "POST" else None, quarter=quarter)
    if request.method == "POST" and form.is_valid():
        quarter.case_study_deadline = form.cleaned_data["deadline"]
        quarter.save(update_fields=["case_study_deadline"])
        default = "" if quarter.case_study_deadline else " (the default)"
        messages.success(request, f"Quarter {quarter.number}'s deadline is {govuk_date(quarter.deadline())}{default}.")
        return redirect("case_studies:quarter_list")
    return render(request, "case_studies/review/quarter_deadline_edit.html", {"quarter": quarter, "form": form})
