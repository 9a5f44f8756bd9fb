"""Tasks really travel through Redis to a worker, and a duplicate delivery sends nothing twice."""

import time
from unittest import mock

import pytest
from django.utils import timezone

from accounts.models import Invitation, Role
from accounts.services import invitation_email_queue
from notifications.models import OutboxMessage
from notifications.tasks import outbox_message_send_task


@pytest.mark.redis
@pytest.mark.xdist_group("redis-broker")  # its worker would take tasks another test sends to REDIS_URL: one at a time
@pytest.mark.django_db(transaction=True)
def test_it_delivers_a_task_through_redis_and_sends_once_however_often_it_runs(
    redis_worker, programme_staff, mailoutbox
):
    invitation = Invitation.objects.create(
        email="new@bolton.example",
        full_name="New Officer",
        role=Role.PROGRAMME_STAFF,
        invited_by=programme_staff,
        created_at=timezone.now(),
        expires_at=timezone.now() + timezone.timedelta(days=7),
    )
    with mock.patch("notifications.services._dispatch"):  # queued, its own task not sent
        invitation_email_queue(invitation=invitation, now=timezone.now())
    message = OutboxMessage.objects.get()
    results = [outbox_message_send_task.delay(message.pk) for _ in range(3)]
    assert all(result.id for result in results)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and len(mailoutbox) < 1:
        time.sleep(0.1)
    # Let the duplicates be consumed too before counting.
    time.sleep(1.5)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["new@bolton.example"]
    message.refresh_from_db()
    assert (message.key, message.state, message.attempts) == (f"invitation:{invitation.pk}", "sent", 1)
