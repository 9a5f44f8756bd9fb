import datetime

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import AccountRequest, Invitation, Role, User, email_key
from audit.services import audit_changes, audit_record, audit_snapshot
from notifications.services import email_queue
from regions.models import Champion, LocalAuthority


class InvitationUnusable(Exception):
    """The invitation link has expired, has been used, or an account already has that email."""


class InvitationNotAllowed(Exception):
    """The inviter may not offer an account with this role and organisation (User.may_invite)."""


@transaction.atomic
def invitation_create(
    *,
    email: str,
    full_name: str,
    role: str,
    champion: Champion | None,
    local_authority: LocalAuthority | None,
    invited_by: User,
    now: datetime.datetime,
) -> Invitation:
    """Create an invitation and write its email to the outbox in the same transaction. Raises
    InvitationNotAllowed, creating nothing, for what the inviter may not offer (User.may_invite)."""
    if not invited_by.may_invite(role=role, champion=champion, local_authority=local_authority):
        raise InvitationNotAllowed
    invitation = Invitation.objects.create(
        email=email_key(email),
        full_name=full_name,
        role=role,
        champion=champion if role == Role.CHAMPION_STAFF else None,
        local_authority=local_authority if role == Role.LA_OFFICER else None,
        invited_by=invited_by,
        created_at=now,
        expires_at=now + datetime.timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    changes = {"email": [None, invitation.email], "role": [None, role]}
    audit_record(action="invitation.created", obj=invitation, actor=invited_by, changes=changes, at=now)
    invitation_email_queue(invitation=invitation, now=now)
    return invitation


def invitation_email_queue(*, invitation: Invitation, now: datetime.datetime) -> bool:
    """Queue the email with the invitation link, once per invitation. Safe to repeat."""
    return email_queue(
        key=f"invitation:{invitation.pk}",
        to=invitation.email,
        template="invitation",
        context={"invitation": invitation, "accept_url": invitation.accept_url()},
        now=now,
    )


@transaction.atomic
def invitation_accept(*, invitation: Invitation, password: str, now: datetime.datetime) -> User:
    """Create the invitee's account with the invited role and mark the invitation used.

    Locks the invitation row, so two clicks on the same link create one account.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None or invitation.expires_at <= now:
        raise InvitationUnusable
    if User.objects.filter(email=email_key(invitation.email)).exists():
        raise InvitationUnusable
    user = User.objects.create_user(
        email=invitation.email,
        password=password,
        full_name=invitation.full_name,
        role=invitation.role,
        champion=invitation.champion,
        local_authority=invitation.local_authority,
        date_joined=now,
    )
    invitation.accepted_at = now
    invitation.user = user
    invitation.save(update_fields=["accepted_at", "user"])
    audit_record(action="invitation.accepted", obj=user, actor=user, changes={"role": [None, user.role]}, at=now)
    return user


# --- Account requests ----------------------------------------------------------------------------


class AccountRequestDecided(Exception):
    """The request has already been approved or refused (perhaps by someone else a moment ago)."""


class AccountRequestNotAllowed(Exception):
    """This person may not decide this request: it is not for their champion's staff or assigned LAs."""


class AccountAlreadyExists(Exception):
    """Someone has an account with the request's email address now (perhaps a deactivated one)."""


@transaction.atomic
def account_request_create(
    *,
    full_name: str,
    email: str,
    organisation: str,
    role: str,
    champion: Champion | None,
    local_authority: LocalAuthority | None,
    now: datetime.datetime,
) -> AccountRequest | None:
    """Record someone's request for an account and email the people who decide it (the deciders, below),
    in one transaction.

    Creates nothing and returns None when the address already has an active account (its owner is
    emailed a way back in, at most once a day) or a waiting request (nothing is sent again): the caller
    must not tell the two apart from a new request. Safe to repeat; two identical requests at once make
    one (the database allows one waiting request per address).
    """
    email = email_key(email)
    account = User.objects.filter(email=email, is_active=True).first()
    if account is not None:
        account_request_has_account_queue(user=account, now=now)
        return None
    if AccountRequest.objects.waiting().filter(email=email).exists():
        return None
    try:
        with transaction.atomic():
            account_request = AccountRequest.objects.create(
                full_name=full_name,
                email=email,
                organisation=organisation,
                role=role,
                champion=champion if role == Role.CHAMPION_STAFF else None,
                local_authority=local_authority if role == Role.LA_OFFICER else None,
                created_at=now,
            )
    except IntegrityError:
        if AccountRequest.objects.waiting().filter(email=email).exists():
            return None  # the same request, a moment earlier
        raise
    changes = {"email": [None, email], "role": [None, role]}
    audit_record(action="account_request.created", obj=account_request, changes=changes, at=now)
    url = settings.SITE_URL + account_request.get_absolute_url()
    for decider in account_request_deciders(account_request):
        email_queue(
            key=f"account-request:{account_request.pk}:to:{decider.pk}",
            to=decider.email,
            template="account_request_received",
            context={"account_request": account_request, "decider": decider, "url": url},
            now=now,
            champion=account_request.deciding_champion,
        )
    return account_request


def account_request_deciders(account_request: AccountRequest) -> list[User]:
    """Who is emailed about a new request: the active staff of the champion that decides it, or programme
    staff when programme staff decide it or that champion has nobody active."""
    active = User.objects.filter(is_active=True).order_by("pk")
    champion = account_request.deciding_champion
    if champion is not None and (staff := list(active.filter(role=Role.CHAMPION_STAFF, champion=champion))):
        return staff
    return list(active.filter(role=Role.PROGRAMME_STAFF))


def account_request_has_account_queue(*, user: User, now: datetime.datetime) -> bool:
    """Tell someone who asked for an account that they have one, with a password reset link. Once a day
    at most per account, so the request form cannot be used to fill their inbox."""
    reset_path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return email_queue(
        key=f"account-request-has-account:{user.pk}:{now.date().isoformat()}",
        to=user.email,
        template="account_request_has_account",
        context={"user": user, "reset_url": settings.SITE_URL + reset_path},
        now=now,
    )


def _decidable(account_request: AccountRequest, by: User) -> AccountRequest:
    """The request, locked until the transaction ends, if it is waiting and `by` may decide it."""
    account_request = (
        AccountRequest.objects.select_for_update(of=("self",))
        .select_related("champion", "local_authority__region__champion", "local_authority__champion_override")
        .get(pk=account_request.pk)
    )
    if account_request.status != AccountRequest.Status.WAITING:
        raise AccountRequestDecided
    allowed = by.may_invite(
        role=account_request.role, champion=account_request.champion, local_authority=account_request.local_authority
    )
    if not allowed:
        raise AccountRequestNotAllowed
    return account_request


def _decide(account_request: AccountRequest, *, action: str, by: User, now: datetime.datetime, **fields) -> None:
    before = audit_snapshot(account_request, ["status", *fields])
    for name, value in fields.items():
        setattr(account_request, name, value)
    account_request.decided_by = by
    account_request.decided_at = now
    account_request.save(update_fields=[*fields, "decided_by", "decided_at"])
    changes = audit_changes(before, audit_snapshot(account_request, ["status", *fields]))
    audit_record(action=action, obj=account_request, actor=by, changes=changes, at=now)


@transaction.atomic
def account_request_approve(*, account_request: AccountRequest, by: User, now: datetime.datetime) -> Invitation:
    """Approve a waiting request: send the invitation (invitation_create queues its email) and record who
    approved it and when, in one transaction, under a lock on the request, so two deciders at once, or one
    clicking twice, send one invitation. Raises AccountRequestDecided, AccountRequestNotAllowed or
    AccountAlreadyExists, changing and sending nothing."""
    account_request = _decidable(account_request, by)
    if User.objects.filter(email=account_request.email).exists():
        raise AccountAlreadyExists
    invitation = invitation_create(
        email=account_request.email,
        full_name=account_request.full_name,
        role=account_request.role,
        champion=account_request.champion,
        local_authority=account_request.local_authority,
        invited_by=by,
        now=now,
    )
    _decide(
        account_request,
        action="account_request.approved",
        by=by,
        now=now,
        status=AccountRequest.Status.APPROVED,
        invitation=invitation,
    )
    return invitation


@transaction.atomic
def account_request_refuse(
    *, account_request: AccountRequest, by: User, reason: str, now: datetime.datetime
) -> AccountRequest:
    """Refuse a waiting request with a reason, and email the reason to the person who asked, in one
    transaction under a lock on the request (so it is decided once). Raises AccountRequestDecided or
    AccountRequestNotAllowed, changing and sending nothing."""
    account_request = _decidable(account_request, by)
    _decide(
        account_request,
        action="account_request.refused",
        by=by,
        now=now,
        status=AccountRequest.Status.REFUSED,
        refusal_reason=reason,
    )
    email_queue(
        key=f"account-request-refused:{account_request.pk}",
        to=account_request.email,
        template="account_request_refused",
        context={"account_request": account_request},
        now=now,
        champion=account_request.deciding_champion,
    )
    return account_request
