"""Two-factor sign-in (django-otp): an authenticator app's time-based codes, and single-use backup codes.

Programme and champion staff (and anyone who can open the admin) must use it: after their password they
enrol or enter a code before any other page. LA officers may enrol, and are then asked for a code too.
"""

import secrets

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from audit.services import audit_record

BACKUP_CODES = 10
APP_NAME = "Authenticator app"
# Pages a signed-in person may open before the second step: the second step itself, and the way out.
OPEN_BEFORE_SECOND_STEP = {
    "accounts:two_factor_verify",
    "accounts:two_factor_enrol",
    "accounts:two_factor_backup_codes",
    "accounts:logout",
    "accounts:signed_out",
    "accounts:session_extend",
}


def second_factor_needed(user) -> bool:
    if not (settings.SECOND_FACTOR_REQUIRED and user.is_authenticated):
        return False
    return user.has_session_limits or user.is_staff or user_has_device(user)


def totp_device_for_enrolment(user: User) -> TOTPDevice:
    """The person's authenticator app being set up: the same one (same secret) until they confirm it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=False)


def _new_backup_codes(user: User) -> list[str]:
    static, _ = StaticDevice.objects.get_or_create(user=user, defaults={"name": "Backup codes"})
    static.token_set.all().delete()
    codes = [secrets.token_hex(4) for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=code) for code in codes)
    return codes


@transaction.atomic
def second_factor_enrol(*, request, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the app with a code it shows; replace any earlier app and backup codes; mark this session as
    having passed the second step. Returns the new backup codes, or None when the code is wrong."""
    if device.user_id != request.user.pk or not device.verify_token(code):
        audit_record(action="second_factor.enrol_failed", obj=request.user)
        return None
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_backup_codes(device.user)
    otp_login(request, device)
    audit_record(action="second_factor.enrolled", obj=device.user)
    return codes


def second_factor_verify(*, request, code: str) -> bool:
    """The second step: a 6-digit code from the app, or a backup code (each works once)."""
    code = code.replace(" ", "").replace("-", "").lower()
    devices = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
    for device in devices.objects.filter(user=request.user, confirmed=True):
        with transaction.atomic():
            device = type(device).objects.select_for_update().get(pk=device.pk)
            if device.verify_token(code):
                otp_login(request, device)
                action = "second_factor.verified" if devices is TOTPDevice else "second_factor.backup_code_used"
                audit_record(action=action, obj=request.user)
                return True
    audit_record(action="second_factor.failed", obj=request.user)
    return False


@transaction.atomic
def second_factor_reset(*, user: User, by: User) -> None:
    """Programme staff, for someone who lost their device: remove their app and backup codes and end their
    sessions; they set up a new app at their next sign-in."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    audit_record(action="user.second_factor_reset", obj=user, actor=by)


class SecondFactorMiddleware:
    """Sends a person who needs the second step, and has not passed it in this session, to it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not second_factor_needed(user) or user.is_verified():
            return None
        if request.resolver_match.view_name in OPEN_BEFORE_SECOND_STEP:
            return None
        confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).exists() or user_has_device(user)
        step = reverse("accounts:two_factor_verify" if confirmed else "accounts:two_factor_enrol")
        if request.method == "GET":
            step += "?" + urlencode({"next": request.get_full_path()})
        return redirect(step)
