import base64
import datetime
import time

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.forms import (
    AcceptInvitationForm,
    AccountRequestApproveForm,
    AccountRequestForm,
    AccountRequestRefuseForm,
    EmailPreferencesForm,
    InvitationForm,
    PasswordResetForm,
    SecondFactorCodeForm,
    SetPasswordForm,
    SignInForm,
    sign_in_failures_per_client,
)
from accounts.models import AccountRequest, Invitation, Role, User
from accounts.permissions import programme_staff_required, role_required
from accounts.services import (
    AccountAlreadyExists,
    AccountRequestDecided,
    AccountRequestNotAllowed,
    InvitationUnusable,
    account_request_approve,
    account_request_create,
    account_request_refuse,
    invitation_accept,
    invitation_create,
)
from accounts.sessions import session_touch
from accounts.two_factor import second_factor_enrol, second_factor_verify, totp_device_for_enrolment
from audit.services import audit_record
from champions_portal.exports import spreadsheet_response
from champions_portal.ratelimit import Limit, client_address, limit_clear, limit_count, refusal_if_limited


def start(request):
    if request.user.is_authenticated:
        return redirect("accounts:home")
    return render(request, "accounts/start.html")


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        refusal = refusal_if_limited(request, [(sign_in_failures_per_client(), client_address(request))])
        return refusal or super().post(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        audit_record(action="signin.succeeded", obj=form.get_user(), actor=form.get_user())
        return response


def _password_resets_per_client() -> Limit:
    return Limit("password-reset-client", settings.PASSWORD_RESETS_PER_CLIENT, settings.RATE_LIMIT_WINDOW_SECONDS)


def _password_resets_per_email() -> Limit:
    return Limit("password-reset-email", settings.PASSWORD_RESETS_PER_EMAIL, settings.RATE_LIMIT_WINDOW_SECONDS)


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link. Limited per client address and per address asked for (429 beyond), so
    nobody can use it to fill someone's inbox."""

    template_name = "accounts/password_reset_form.html"
    form_class = PasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request, *args, **kwargs):
        refusal = refusal_if_limited(request, [(_password_resets_per_client(), client_address(request))])
        return refusal or super().post(request, *args, **kwargs)

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        if refusal := refusal_if_limited(self.request, [(_password_resets_per_email(), email)]):
            return refusal
        limit_count(_password_resets_per_client(), client_address(self.request))
        limit_count(_password_resets_per_email(), email)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = SetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")


INVITATIONS_PER_PAGE = 50


def _visible_invitations(request):
    """The invitations this person may see, newest first."""
    invitations = Invitation.objects.select_related("champion", "local_authority", "invited_by")
    if request.user.is_champion_staff:  # their own champion's colleagues and LAs, and what they sent
        champion = request.user.champion
        invitations = invitations.filter(
            Q(invited_by=request.user)
            | Q(champion=champion)
            | Q(local_authority__in=champion.assigned_local_authorities())
        )
    return invitations


def _with_status(invitations) -> list[Invitation]:
    invitations = list(invitations)
    now = timezone.now()
    for invitation in invitations:
        invitation.current_status = invitation.status(now)
    return invitations


def _invitations(request) -> list[Invitation]:
    """Every invitation this person may see, newest first, each with `current_status`."""
    return _with_status(_visible_invitations(request))


@role_required(Role.PROGRAMME_STAFF, Role.CHAMPION_STAFF)
def invitation_list(request):
    page = Paginator(_visible_invitations(request), INVITATIONS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "invitations": _with_status(page.object_list),
        "requests_waiting": AccountRequest.objects.waiting_for(request.user).count(),
        "page": page,
    }
    return render(request, "accounts/invitation_list.html", context)


INVITATION_HEADERS = ["Person", "Email", "Role", "Organisation", "Sent", "Sent by", "Expires", "Accepted", "Status"]
PROGRAMME_TEAM = "Department for Education / Mott MacDonald"


def _invitation_filters(user: User) -> dict[str, str]:
    if not user.is_champion_staff:
        return {}
    return {"Invitations": f"to {user.champion.label} and the local authorities it supports, and those you sent"}


@role_required(Role.PROGRAMME_STAFF, Role.CHAMPION_STAFF)
def invitation_export(request, fmt):
    rows = (
        [
            invitation.full_name,
            invitation.email,
            invitation.get_role_display(),
            str(invitation.organisation or PROGRAMME_TEAM),
            invitation.created_at,
            str(invitation.invited_by),
            invitation.expires_at,
            invitation.accepted_at or "",
            invitation.current_status,
        ]
        for invitation in _invitations(request)
    )
    response = spreadsheet_response(
        fmt=fmt,
        filename="invitations",
        title="Invitations",
        headers=INVITATION_HEADERS,
        rows=rows,
        description="Invitations sent, newest first",
        filters=_invitation_filters(request.user),
    )
    audit_record(action="export.invitations", changes={"format": [None, fmt]})
    return response


@role_required(Role.PROGRAMME_STAFF, Role.CHAMPION_STAFF)
def invitation_create_view(request):
    form = InvitationForm(request.POST if request.method == "POST" else None, inviter=request.user)
    if request.method == "POST" and form.is_valid():
        invitation = invitation_create(**form.cleaned_data, invited_by=request.user, now=timezone.now())
        messages.success(request, f"We have emailed an invitation to {invitation.email}.")
        return redirect("accounts:invitation_list")
    context = {"form": form, "invitation_valid_days": settings.INVITATION_VALID_DAYS}
    return render(request, "accounts/invitation_form.html", context)


def invitation_accept_view(request, token: str):
    invitation = Invitation.from_token(token)
    now = timezone.now()
    if invitation is None or invitation.accepted_at or invitation.expires_at <= now:
        return render(request, "accounts/invitation_unusable.html", {"invitation": invitation}, status=410)
    form = AcceptInvitationForm(request.POST if request.method == "POST" else None, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accept(invitation=invitation, password=form.cleaned_data["new_password1"], now=now)
        except InvitationUnusable:
            return render(request, "accounts/invitation_unusable.html", {"invitation": invitation}, status=410)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Your account is ready. You are signed in.")
        return redirect("accounts:home")
    return render(request, "accounts/invitation_accept.html", {"invitation": invitation, "form": form})


@programme_staff_required
def email_preferences(request):
    form = EmailPreferencesForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your email settings are saved.")
        return redirect("accounts:home")
    return render(request, "accounts/email_preferences.html", {"form": form})


def signed_out(request):
    """Where a staff session that has ended lands: why, and a way back in."""
    reason = request.GET.get("reason")
    context = {
        "reason": reason if reason in ("idle", "limit", "everywhere") else None,
        "idle_minutes": settings.STAFF_SESSION_IDLE_SECONDS // 60,
        "limit_hours": settings.STAFF_SESSION_MAX_SECONDS // 3600,
    }
    return render(request, "accounts/signed_out.html", context)


@require_POST
@login_required
def session_extend(request):
    """ "Stay signed in" on the timeout warning (which only JavaScript shows): counts as activity."""
    if request.user.has_session_limits:
        session_touch(request.session, time.time(), force=True)
    if request.headers.get("Accept") == "application/json":
        return HttpResponse(status=204)
    return redirect("accounts:home")


@require_POST
@login_required
def sign_out_everywhere(request):
    """End every session of this person, on every device, this one too."""
    User.objects.filter(pk=request.user.pk).update(session_generation=F("session_generation") + 1)
    audit_record(action="signout.everywhere", obj=request.user)
    logout(request)
    return redirect(f"{reverse('accounts:signed_out')}?reason=everywhere")


def _next_or_home(request) -> str:
    target = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("accounts:home")


@login_required
def two_factor_enrol(request):
    """Set up an authenticator app: a QR code, the secret written out, and a code from the app to confirm."""
    device = totp_device_for_enrolment(request.user)
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = second_factor_enrol(request=request, device=device, code=form.cleaned_data["code"].strip())
        if codes is not None:
            request.session["backup_codes"] = codes
            return redirect(f"{reverse('accounts:two_factor_backup_codes')}?{request.GET.urlencode()}")
        form.code_refused("The code is not correct. Enter the code your app shows now")
    secret = base64.b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "qr_code": segno.make(device.config_url, micro=False).svg_inline(scale=4, border=4, light="#fff"),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    }
    return render(request, "accounts/two_factor_enrol.html", context)


@login_required
def two_factor_backup_codes(request):
    """The backup codes, shown once, straight after setting up the app."""
    codes = request.session.pop("backup_codes", None)
    if not codes:
        return redirect(_next_or_home(request))
    return render(request, "accounts/two_factor_backup_codes.html", {"codes": codes, "next": _next_or_home(request)})


@login_required
def two_factor_verify(request):
    """The second step of signing in."""
    hint = "Or enter one of your backup codes"
    form = SecondFactorCodeForm(request.POST or None, hint=hint)
    limit = Limit("second-factor", settings.LOGIN_FAILURE_LIMIT, settings.LOGIN_FAILURE_WINDOW_SECONDS)
    subject = f"account:{request.user.pk}"
    if request.method == "POST" and (refusal := refusal_if_limited(request, [(limit, subject)])):
        return refusal
    if request.method == "POST" and form.is_valid():
        if second_factor_verify(request=request, code=form.cleaned_data["code"]):
            limit_clear(limit, subject)
            return redirect(_next_or_home(request))
        limit_count(limit, subject)
        form.code_refused("The code is not correct. Enter the code your app shows now, or a backup code")
    return render(request, "accounts/two_factor_verify.html", {"form": form})


# --- Account requests --------------------------------------------------------------------------

ACCOUNT_REQUESTS_DECIDED_DAYS = 30
ACCOUNT_REQUESTS_DECIDED_SHOWN = 50
# Waiting requests are listed this many a page, oldest first.
ACCOUNT_REQUESTS_PER_PAGE = 50
deciders_only = role_required(Role.PROGRAMME_STAFF, Role.CHAMPION_STAFF)


def _account_requests_per_client() -> Limit:
    return Limit("account-request-client", settings.ACCOUNT_REQUESTS_PER_CLIENT, settings.RATE_LIMIT_WINDOW_SECONDS)


def _account_requests_per_email() -> Limit:
    return Limit("account-request-email", settings.ACCOUNT_REQUESTS_PER_EMAIL, settings.RATE_LIMIT_WINDOW_SECONDS)


@require_http_methods(["GET", "HEAD", "POST"])
def account_request_create_view(request):
    """Ask for an account (anyone). Limited per client address and per address asked for (429 beyond), so
    nobody can use it to fill inboxes. What follows reads the same whether the address is new, has a waiting
    request or already has an account: it never says who has one."""
    client = client_address(request)
    per_client, per_email = _account_requests_per_client(), _account_requests_per_email()
    if request.method == "POST" and (refusal := refusal_if_limited(request, [(per_client, client)])):
        return refusal
    form = AccountRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if refusal := refusal_if_limited(request, [(per_email, data["email"])]):
            return refusal
        limit_count(per_client, client)
        limit_count(per_email, data["email"])
        account_request_create(**data, now=timezone.now())
        # Where it went, from what they chose, never from what the service did.
        deciding = AccountRequest(**data).deciding_champion
        request.session["account_request_sent"] = {
            "email": data["email"],
            "champion": deciding.name if deciding else "",
            "local_authority": data["local_authority"].name if data["role"] == Role.LA_OFFICER else "",
        }
        return redirect("accounts:account_request_sent")
    return render(request, "accounts/account_request_form.html", {"form": form})


@require_safe
def account_request_sent(request):
    return render(request, "accounts/account_request_sent.html", {"sent": request.session.get("account_request_sent")})


def _get_account_request_for_user(request, pk: int) -> AccountRequest:
    """A request this person may decide; any other is a 404, as if it did not exist."""
    requests = AccountRequest.objects.visible_to(request.user)
    return get_object_or_404(
        requests.select_related("champion__region", "local_authority", "decided_by", "invitation"), pk=pk
    )


@require_safe
@deciders_only
def account_request_list(request):
    requests = AccountRequest.objects.visible_to(request.user).select_related("champion", "local_authority")
    since = timezone.now() - datetime.timedelta(days=ACCOUNT_REQUESTS_DECIDED_DAYS)
    decided = requests.exclude(status=AccountRequest.Status.WAITING).filter(decided_at__gte=since)
    page = Paginator(requests.waiting().order_by("created_at", "pk"), ACCOUNT_REQUESTS_PER_PAGE)
    page = page.get_page(request.GET.get("page"))
    context = {
        "waiting": list(page.object_list),
        "page": page,
        "decided": list(
            decided.select_related("decided_by").order_by("-decided_at", "-pk")[:ACCOUNT_REQUESTS_DECIDED_SHOWN]
        ),
        "decided_days": ACCOUNT_REQUESTS_DECIDED_DAYS,
    }
    return render(request, "accounts/account_request_list.html", context)


def _account_request_page(request, account_request: AccountRequest, approve_form=None, status: int = 200):
    approve_form = approve_form or AccountRequestApproveForm(
        action=reverse("accounts:account_request_approve", args=[account_request.pk])
    )
    context = {
        "account_request": account_request,
        "approve_form": approve_form,
        "has_account": User.objects.filter(email=account_request.email).exists(),
    }
    return render(request, "accounts/account_request_detail.html", context, status=status)


@require_safe
@deciders_only
def account_request_detail(request, pk: int):
    return _account_request_page(request, _get_account_request_for_user(request, pk))


def _already_decided(request, account_request: AccountRequest):
    messages.info(request, "This request has already been decided.")
    return redirect(account_request)


@require_POST
@deciders_only
def account_request_approve_view(request, pk: int):
    account_request = _get_account_request_for_user(request, pk)
    form = AccountRequestApproveForm(request.POST, action=request.path)
    try:
        invitation = account_request_approve(account_request=account_request, by=request.user, now=timezone.now())
    except AccountRequestDecided:
        return _already_decided(request, account_request)
    except AccountRequestNotAllowed as error:  # its LA moved to another champion a moment ago
        raise Http404 from error
    except AccountAlreadyExists:
        form.is_valid()
        form.add_error(None, "There is already an account for this email address")
        return _account_request_page(request, account_request, form)
    messages.success(request, f"You approved the request. We have emailed an invitation to {invitation.email}.")
    return redirect("accounts:account_request_list")


@require_http_methods(["GET", "HEAD", "POST"])
@deciders_only
def account_request_refuse_view(request, pk: int):
    account_request = _get_account_request_for_user(request, pk)
    if account_request.status != AccountRequest.Status.WAITING:
        return _already_decided(request, account_request)
    form = AccountRequestRefuseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            account_request_refuse(
                account_request=account_request, by=request.user, reason=form.cleaned_data["reason"], now=timezone.now()
            )
        except AccountRequestDecided:
            return _already_decided(request, account_request)
        except AccountRequestNotAllowed as error:
            raise Http404 from error
        messages.success(request, f"You refused the request. We have emailed {account_request.email} with your reason.")
        return redirect("accounts:account_request_list")
    return render(request, "accounts/account_request_refuse.html", {"account_request": account_request, "form": form})
