from celery import shared_task
from django.utils import timezone

from accounts.models import Invitation
from accounts.services import invitation_email_send


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def invitation_email_send_task(invitation_id: int) -> None:
    """Email an invitation's link. Sends at most once, however often it runs."""
    invitation = Invitation.objects.filter(pk=invitation_id).first()
    if invitation is not None:
        invitation_email_send(invitation=invitation, now=timezone.now())
