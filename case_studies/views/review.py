"""Pages for programme staff: review submitted case studies, publish and unpublish them, and follow each
quarter's deadline and who has delivered. Everyone else gets a 403 (anonymous visitors: the sign-in page).
"""

from collections import Counter

from django.contrib import messages
from django.db.models import Max
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.permissions import programme_staff_required
from case_studies import services
from case_studies.forms.review import DeadlineForm, ReviewForm
from case_studies.models import CaseStudy
from case_studies.progress import quarter_statuses
from case_studies.views.access import get_case_study_for_user
from champions_portal.dates import govuk_date
from programme.models import Programme, Quarter
from regions.models import Champion

Status = CaseStudy.Status


@programme_staff_required
def review_list(request):
    # `since`: the latest move in its history, i.e. when it was (re)submitted or approved.
    case_studies = CaseStudy.objects.for_listing().filter(status__in=[Status.SUBMITTED, Status.APPROVED])
    case_studies = list(case_studies.annotate(since=Max("history__at")).order_by("since", "pk"))
    context = {
        "waiting": [case_study for case_study in case_studies if case_study.status == Status.SUBMITTED],
        "approved": [case_study for case_study in case_studies if case_study.status == Status.APPROVED],
    }
    return render(request, "case_studies/review/review_list.html", context)


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


@programme_staff_required
def quarter_list(request):
    today = timezone.localdate()
    programme = Programme.objects.current(today)
    quarters = list(programme.quarters.select_related("programme")) if programme else []
    champions = list(Champion.objects.select_related("region"))
    statuses = quarter_statuses(quarters=quarters, champions=champions, today=today)
    for quarter in quarters:
        quarter.rows = [(champion, statuses[quarter.pk, champion.pk]) for champion in champions]
        quarter.counts = Counter(status.status for _, status in quarter.rows)
    context = {"programme": programme, "quarters": quarters, "today": today}
    return render(request, "case_studies/review/quarter_list.html", context)


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
