import datetime

from django.conf import settings
from django.db import transaction

from accounts.models import Invitation, Role, User, email_key
from audit.services import audit_record
from notifications.services import email_queue
from regions.models import Champion, LocalAuthority


class InvitationUnusable(Exception):
    """The invitation link has expired, has been used, or an account already has that email."""


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
    """Create an invitation and write its email to the outbox in the same transaction."""
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
