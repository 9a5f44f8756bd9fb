import secrets
import unicodedata

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core import signing
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac


class Role(models.TextChoices):
    PROGRAMME_STAFF = "programme_staff", "Programme staff"
    CHAMPION_STAFF = "champion_staff", "Champion staff"
    LA_OFFICER = "la_officer", "Local authority officer"


# A role and the organisation it belongs to must agree; shared by users and invitations.
ROLE_ORGANISATION_MATCHES = (
    Q(role=Role.PROGRAMME_STAFF, champion__isnull=True, local_authority__isnull=True)
    | Q(role=Role.CHAMPION_STAFF, champion__isnull=False, local_authority__isnull=True)
    | Q(role=Role.LA_OFFICER, champion__isnull=True, local_authority__isnull=False)
)


def email_key(value: str) -> str:
    """The one form an email address is stored, matched and counted under: NFKC, then case folded.

    So "LEE@Bolton.example", "lee@bo\u017fton.example" (a long s) and full-width letters are all
    "lee@bolton.example", and none of them gets sign-in tries of its own. Letters of another alphabet
    that only look alike stay different addresses.
    """
    return unicodedata.normalize("NFKC", value).casefold().strip()


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, email: str) -> "User":
        # Addresses are stored under email_key; people type them however their inbox shows them.
        return self.get(email=email_key(email))

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        user = self.model(email=email_key(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields.setdefault("role", Role.PROGRAMME_STAFF)
        fields["is_superuser"] = True
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with their email address. Their role decides what they can do."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=150)
    role = models.CharField(max_length=20, choices=Role)
    champion = models.ForeignKey(
        "regions.Champion", on_delete=models.PROTECT, null=True, blank=True, related_name="staff"
    )
    local_authority = models.ForeignKey(
        "regions.LocalAuthority", on_delete=models.PROTECT, null=True, blank=True, related_name="officers"
    )
    is_active = models.BooleanField(default=True)
    wants_weekly_digest = models.BooleanField(
        default=True, help_text="Programme staff: the delivery tracker's digest every Monday morning."
    )
    date_joined = models.DateTimeField(default=timezone.now)
    # Raised by "sign out everywhere": part of the session hash, so every session of the person ends.
    session_generation = models.PositiveIntegerField(default=0, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["email"]
        constraints = [
            models.CheckConstraint(condition=ROLE_ORGANISATION_MATCHES, name="user_role_matches_organisation"),
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ignoring_case"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name

    @property
    def is_programme_staff(self) -> bool:
        return self.is_active and self.role == Role.PROGRAMME_STAFF

    @property
    def is_champion_staff(self) -> bool:
        return self.is_active and self.role == Role.CHAMPION_STAFF

    @property
    def is_la_officer(self) -> bool:
        return self.is_active and self.role == Role.LA_OFFICER

    def may_act_for_champion(self, champion_id: int | None) -> bool:
        """Whether this person may act for the champion with this id: active programme staff for any
        champion, active champion staff for their own champion only. With None (no champion, e.g. a
        national resource), only programme staff. The one definition of "programme staff, or staff of
        this champion"; anonymous visitors are not Users, so callers check `is_authenticated` first."""
        if self.is_programme_staff:
            return True
        return champion_id is not None and self.is_champion_staff and self.champion_id == champion_id

    def may_invite(self, *, role: str, champion, local_authority) -> bool:
        """Whether this person may offer an account with this role: programme staff anyone; champion staff
        their own champion's colleagues and officers of the LAs assigned to their champion; nobody else.
        The one definition, for invitations and for approving account requests."""
        if self.is_programme_staff:
            return True
        if not self.is_champion_staff:
            return False
        if role == Role.CHAMPION_STAFF:
            return champion is not None and champion.pk == self.champion_id
        if role == Role.LA_OFFICER:
            return local_authority is not None and local_authority.assigned_champion.pk == self.champion_id
        return False

    @property
    def has_session_limits(self) -> bool:
        """Programme and champion staff see health data: their sessions end when idle and after a limit."""
        return self.is_programme_staff or self.is_champion_staff

    def _get_session_auth_hash(self, secret=None):
        """Django's hash of the password, with the session generation once it is raised: a password
        change or "sign out everywhere" ends every session of this person. (Generation 0 gives
        Django's own hash, so sessions from before it existed stay valid.)"""
        value = self.password if not self.session_generation else f"{self.password}:{self.session_generation}"
        key_salt = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"
        return salted_hmac(key_salt, value, secret=secret, algorithm="sha256").hexdigest()

    @property
    def is_staff(self) -> bool:
        """Django admin access: programme staff manage the reference data there."""
        return self.is_programme_staff or (self.is_active and self.is_superuser)


class InvitationQuerySet(models.QuerySet):
    def pending(self, now):
        return self.filter(accepted_at__isnull=True, expires_at__gt=now)


class Invitation(models.Model):
    """An emailed, single-use, expiring offer of an account with a role."""

    TOKEN_SALT = "accounts.invitation"  # noqa: S105 (a signing namespace, not a secret)

    email = models.EmailField()
    full_name = models.CharField(max_length=150)
    role = models.CharField(max_length=20, choices=Role)
    champion = models.ForeignKey("regions.Champion", on_delete=models.PROTECT, null=True, blank=True)
    local_authority = models.ForeignKey("regions.LocalAuthority", on_delete=models.PROTECT, null=True, blank=True)
    # Part of the signed token: a fresh invitation's link never opens another's.
    nonce = models.CharField(max_length=64, default=secrets.token_hex, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="invitation"
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=ROLE_ORGANISATION_MATCHES, name="invitation_role_matches_organisation")
        ]

    def __str__(self) -> str:
        return f"Invitation for {self.email}"

    @property
    def organisation(self):
        return self.champion or self.local_authority

    def token(self) -> str:
        return signing.dumps({"id": self.pk, "nonce": self.nonce}, salt=self.TOKEN_SALT)

    def accept_url(self) -> str:
        return settings.SITE_URL + reverse("accounts:invitation_accept", args=[self.token()])

    @classmethod
    def from_token(cls, token: str) -> "Invitation | None":
        try:
            data = signing.loads(token, salt=cls.TOKEN_SALT)
        except signing.BadSignature:
            return None
        return (
            cls.objects.select_related("champion", "local_authority")
            .filter(pk=data.get("id"), nonce=data.get("nonce"))
            .first()
        )

    def status(self, now) -> str:
        if self.accepted_at:
            return "Accepted"
        return "Expired" if self.expires_at <= now else "Waiting"


class AccountRequestQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(status=AccountRequest.Status.WAITING)

    def visible_to(self, user) -> "AccountRequestQuerySet":
        """The requests this person may see and decide, whatever their state: every one for programme staff;
        for champion staff those for their champion's staff and for officers of the LAs assigned to it (so a
        request follows its LA to another champion); none for anyone else."""
        if getattr(user, "is_programme_staff", False):
            return self.all()
        if getattr(user, "is_champion_staff", False):
            from regions.models import LocalAuthority

            assigned = LocalAuthority.objects.assigned_to(user.champion)
            return self.filter(
                Q(role=Role.CHAMPION_STAFF, champion_id=user.champion_id)
                | Q(role=Role.LA_OFFICER, local_authority__in=assigned)
            )
        return self.none()

    def waiting_for(self, user) -> "AccountRequestQuerySet":
        """The waiting requests this person may decide (for a count on their home page)."""
        return self.visible_to(user).waiting()


class AccountRequest(models.Model):
    """Someone without an account asking for one, from the sign-in page. The staff of the champion it
    concerns (or programme staff) approve it, which sends an invitation, or refuse it with a reason."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting"
        APPROVED = "approved", "Approved"
        REFUSED = "refused", "Refused"

    full_name = models.CharField(max_length=150)
    email = models.EmailField(help_text="Stored under email_key.")
    organisation = models.CharField(max_length=200, help_text="The organisation they say they work for.")
    role = models.CharField(max_length=20, choices=Role)
    champion = models.ForeignKey("regions.Champion", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    local_authority = models.ForeignKey(
        "regions.LocalAuthority", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.WAITING)
    refusal_reason = models.TextField(blank=True)
    created_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    invitation = models.OneToOneField(
        Invitation, on_delete=models.PROTECT, null=True, blank=True, related_name="account_request"
    )

    objects = AccountRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=ROLE_ORGANISATION_MATCHES, name="account_request_role_matches_organisation"
            ),
            # One waiting request per address: asking again, or twice at once, adds nothing.
            models.UniqueConstraint(
                fields=["email"], condition=Q(status="waiting"), name="account_request_one_waiting_per_email"
            ),
            models.CheckConstraint(
                condition=Q(status="waiting", decided_at__isnull=True, invitation__isnull=True)
                | Q(status="approved", decided_at__isnull=False, invitation__isnull=False)
                | (Q(status="refused", decided_at__isnull=False, invitation__isnull=True) & ~Q(refusal_reason="")),
                name="account_request_decision_recorded",
            ),
        ]

    def __str__(self) -> str:
        return f"Account request from {self.email}"

    def get_absolute_url(self) -> str:
        return reverse("accounts:account_request_detail", args=[self.pk])

    @property
    def organisation_asked_for(self):
        """The champion or LA whose account they asked for; None for programme staff."""
        return self.champion or self.local_authority

    @property
    def deciding_champion(self):
        """The champion whose staff decide this request (an LA's assigned champion, for its officers); None
        when programme staff decide it."""
        if self.role == Role.LA_OFFICER and self.local_authority is not None:
            return self.local_authority.assigned_champion
        if self.role == Role.CHAMPION_STAFF:
            return self.champion
        return None
