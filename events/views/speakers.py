"""Speaker requests: organisers (champion staff, LA officers) ask Mott MacDonald to secure a champion
representative to speak at their event and follow its state; programme staff see every request and answer.

Every page about one request gets it through `get_speaker_request_for_user`: a 404 for anyone not on the
side that asked (nor programme staff), as for a request that does not exist; the asker's own action
(withdrawing) is a 403 for programme staff, and answering is a 403 for everyone but programme staff.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts.models import Role
from accounts.permissions import programme_staff_required, role_required
from events import speakers
from events.forms.speakers import SpeakerRequestAnswerForm, SpeakerRequestForm, SpeakerRequestWithdrawForm
from events.models import SpeakerRequest
from events.views.access import get_speaker_request_for_user

askers_only = role_required(Role.CHAMPION_STAFF, Role.LA_OFFICER)
signed_in_roles = role_required(Role.PROGRAMME_STAFF, Role.CHAMPION_STAFF, Role.LA_OFFICER)
TEMPLATES = "events/speakers"
PER_PAGE = 50


@require_safe
@signed_in_roles
def speaker_request_list(request):
    """The asker's side sees its own requests; programme staff see every request, waiting ones first;
    PER_PAGE at a time."""
    visible = SpeakerRequest.objects.visible_to(request.user)
    page = Paginator(visible.for_listing(), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "speaker_requests": list(page.object_list),
        "waiting_count": visible.filter(status=SpeakerRequest.Status.REQUESTED).count(),
        "page": page,
    }
    return render(request, f"{TEMPLATES}/speaker_request_list.html", context)


@askers_only
def speaker_request_create(request):
    now = timezone.now()
    form = SpeakerRequestForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        today=timezone.localdate(now),
        now=now,
    )
    if request.method == "POST" and form.is_valid():
        speaker_request = speakers.speaker_request_create(by=request.user, data=form.request_data(), now=now)
        messages.success(request, "Your request is sent. Mott MacDonald will email you when they have an answer.")
        return redirect(speaker_request)
    return render(request, f"{TEMPLATES}/speaker_request_form.html", {"form": form})


@require_safe
@signed_in_roles
def speaker_request_detail(request, pk: int):
    speaker_request = get_speaker_request_for_user(request, pk)
    context = {
        "speaker_request": speaker_request,
        "asking_side": speaker_request.is_asking_side(request.user),
        "can_withdraw": speaker_request.withdraw_refusal() is None,
    }
    return render(request, f"{TEMPLATES}/speaker_request_detail.html", context)


@programme_staff_required
def speaker_request_answer(request, pk: int):
    speaker_request = get_speaker_request_for_user(request, pk)
    if speaker_request.status != SpeakerRequest.Status.REQUESTED:
        messages.info(request, _not_waiting(speaker_request))
        return redirect(speaker_request)
    form = SpeakerRequestAnswerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            answered = speakers.speaker_request_answer(
                speaker_request=speaker_request, **form.answer(), by=request.user, now=timezone.now()
            )
        except speakers.SpeakerRequestRefused as refusal:
            messages.info(request, refusal.message)
            return redirect(speaker_request)
        outcome = "speaker secured" if answered.status == SpeakerRequest.Status.SECURED else "not possible"
        asker = answered.requested_by.full_name
        messages.success(request, f"{answered.event_title}: {outcome}. We have emailed {asker}.")
        return redirect(answered)
    context = {"speaker_request": speaker_request, "form": form}
    return render(request, f"{TEMPLATES}/speaker_request_answer.html", context)


def _not_waiting(speaker_request: SpeakerRequest) -> str:
    if speaker_request.status == SpeakerRequest.Status.WITHDRAWN:
        return "This request was withdrawn, so it needs no answer. Nothing changed."
    return "This request has already been answered. Nothing changed."


@askers_only
def speaker_request_withdraw(request, pk: int):
    speaker_request = get_speaker_request_for_user(request, pk, asking_side=True)
    if refusal := speaker_request.withdraw_refusal():
        messages.info(request, refusal)
        return redirect(speaker_request)
    form = SpeakerRequestWithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            speakers.speaker_request_withdraw(speaker_request=speaker_request, now=timezone.now())
        except speakers.SpeakerRequestRefused as refusal:
            messages.info(request, refusal.message)
        else:
            messages.success(request, "Your request is withdrawn. We have told Mott MacDonald.")
        return redirect(speaker_request)
    context = {"speaker_request": speaker_request, "form": form}
    return render(request, f"{TEMPLATES}/speaker_request_withdraw.html", context)
