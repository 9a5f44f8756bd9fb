"""Pages for champion staff (their own champion) and programme staff (any champion): write case studies,
attach files, submit them for review; share and remove library resources.

LA officers get a 403 (and anonymous visitors the sign-in page) from `writers_only`. Every page about
one case study gets it through `get_case_study_for_user(..., write=True)`: another champion's staff
get a 404, so an unpublished case study is not revealed, and a 403 for a published one they can read.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Max
from django.db.models.functions import Coalesce, Greatest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.permissions import role_required
from case_studies import services
from case_studies.forms.writing import (
    AttachmentForm,
    CaseStudyForm,
    ChampionChooserForm,
    ChampionFilterForm,
    ResourceForm,
)
from case_studies.models import Attachment, CaseStudy
from case_studies.views.access import get_case_study_for_user, get_resource_for_remover
from champions_portal.dates import govuk_date

writers_only = role_required(Role.PROGRAMME_STAFF, Role.CHAMPION_STAFF)
PER_PAGE = 50


@writers_only
def case_study_list(request):
    last_change = Greatest("updated_at", Coalesce(Max("history__at"), "updated_at"))
    case_studies = CaseStudy.objects.for_listing().annotate(last_change=last_change).order_by("-last_change", "-pk")
    filter_form = None
    if request.user.is_champion_staff:
        case_studies = case_studies.filter(champion_id=request.user.champion_id)
    else:
        filter_form = ChampionFilterForm(request.GET or None)
        if champion := filter_form.champion():
            case_studies = case_studies.filter(champion=champion)
    page = Paginator(case_studies, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "case_studies": list(page.object_list),
        "filter_form": filter_form,
        "page": page,
    }
    return render(request, "case_studies/writing/case_study_list.html", context)


@writers_only
def case_study_create(request):
    champion = request.user.champion
    if request.user.is_programme_staff:
        chooser = ChampionChooserForm(request.GET or None)
        if (champion := chooser.champion()) is None:
            return render(request, "case_studies/writing/case_study_form.html", {"chooser": chooser})
    now = timezone.now()
    data = request.POST if request.method == "POST" else None
    form = CaseStudyForm(data, champion=champion, today=timezone.localdate(now))
    if request.method == "POST" and form.is_valid():
        case_study = services.case_study_create(
            champion=champion,
            quarter=form.cleaned_data["quarter"],
            fields=form.case_study_fields(),
            themes=form.cleaned_data["themes"],
            local_authorities=form.cleaned_data["local_authorities"],
            by=request.user,
            now=now,
        )
        messages.success(request, f"{case_study.title} is saved as a draft. Submit it for review when it is ready.")
        return redirect("case_studies:case_study_edit", case_study.pk)
    return render(request, "case_studies/writing/case_study_form.html", {"form": form, "champion": champion})


def _edit_page(request, case_study: CaseStudy, *, form=None, upload_form=None):
    """The case study with its history; for a draft or returned one, the form, its files and an upload form."""
    if case_study.is_editable:
        form = form or CaseStudyForm(instance=case_study, champion=case_study.champion, today=timezone.localdate())
        upload_form = upload_form or AttachmentForm(case_study=case_study)
    context = {
        "case_study": case_study,
        "form": form,
        "upload_form": upload_form,
        "attachments": list(case_study.attachments.all()),
        "history": list(case_study.history.select_related("by")),
    }
    return render(request, "case_studies/writing/case_study_edit.html", context)


@writers_only
def case_study_edit(request, pk):
    case_study = get_case_study_for_user(request, pk, write=True)
    if request.method != "POST" or not case_study.is_editable:
        return _edit_page(request, case_study)
    now = timezone.now()
    form = CaseStudyForm(request.POST, instance=case_study, champion=case_study.champion, today=timezone.localdate(now))
    if not form.is_valid():
        return _edit_page(request, case_study, form=form)
    try:
        services.case_study_update(
            case_study=case_study,
            fields={**form.case_study_fields(), "quarter": form.cleaned_data["quarter"]},
            themes=form.cleaned_data["themes"],
            local_authorities=form.cleaned_data["local_authorities"],
            now=now,
        )
    except services.ReviewRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, "Your changes are saved.")
    return redirect("case_studies:case_study_edit", case_study.pk)


@require_POST
@writers_only
def case_study_submit(request, pk):
    case_study = get_case_study_for_user(request, pk, write=True)
    try:
        case_study = services.case_study_submit(case_study=case_study, by=request.user, now=timezone.now())
    except services.ReviewRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("case_studies:case_study_edit", case_study.pk)
    message = f"{case_study.title} is submitted for review. Programme staff will approve it or return it."
    if case_study.submitted_late:
        deadline = govuk_date(case_study.quarter.deadline())
        message += f" It is recorded as late: it was first submitted after the deadline of {deadline}."
    messages.success(request, message)
    return redirect("case_studies:case_study_list")


@require_POST
@writers_only
def attachment_add(request, pk):
    case_study = get_case_study_for_user(request, pk, write=True)
    if not case_study.is_editable:
        messages.error(
            request, f"This case study is {case_study.get_status_display().lower()}, so it cannot be changed."
        )
        return redirect("case_studies:case_study_edit", case_study.pk)
    form = AttachmentForm(request.POST, request.FILES, case_study=case_study)
    if not form.is_valid():
        return _edit_page(request, case_study, upload_form=form)
    upload = form.cleaned_data["file"]
    try:
        services.attachment_add(case_study=case_study, upload=upload, by=request.user, now=timezone.now())
    except ValidationError as error:
        form.add_error("file", error)
        return _edit_page(request, case_study, upload_form=form)
    except services.ReviewRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, f"{upload.name} is attached.")
    return redirect("case_studies:case_study_edit", case_study.pk)


@require_POST
@writers_only
def attachment_remove(request, pk):
    attachment = get_object_or_404(Attachment, pk=pk)
    case_study = get_case_study_for_user(request, attachment.case_study_id, write=True)
    try:
        services.attachment_remove(attachment=attachment)
    except services.ReviewRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, f"{attachment.original_name} is removed.")
    return redirect("case_studies:case_study_edit", case_study.pk)


@writers_only
def resource_create(request):
    data = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = ResourceForm(*data, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            resource = services.resource_publish(
                fields=form.resource_fields(),
                themes=form.cleaned_data["themes"],
                upload=form.cleaned_data["file"],
                by=request.user,
                now=timezone.now(),
                region=form.cleaned_data.get("region"),
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, f"{resource.title} is in the library.")
            return redirect("case_studies:library")
    return render(request, "case_studies/writing/resource_form.html", {"form": form})


@require_POST
@writers_only
def resource_remove(request, pk):
    resource = get_resource_for_remover(request, pk)
    if resource.removed_at:
        messages.info(request, f"{resource.title} was already removed. Nothing changed.")
    else:
        services.resource_remove(resource=resource, now=timezone.now())
        messages.success(request, f"{resource.title} is removed from the library.")
    return redirect("case_studies:library")
