"""Tasks really travel through Redis to a worker, and a duplicate delivery sends nothing twice."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.utils import timezone

from accounts.models import Invitation, Role
from accounts.tasks import invitation_email_send_task
from champions_portal.celery import app
from notifications.models import SentMessage


@pytest.fixture
def redis_worker():
    """A real worker thread consuming from the Redis broker, with tasks no longer run in-process."""
    previous = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=settings.REDIS_URL, task_always_eager=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=10):
            yield
    finally:
        app.conf.update(previous)


@pytest.mark.redis
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
    results = [invitation_email_send_task.delay(invitation.pk) for _ in range(3)]
    assert all(result.id for result in results)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and len(mailoutbox) < 1:
        time.sleep(0.1)
    # Let the duplicates be consumed too before counting.
    time.sleep(1.5)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["new@bolton.example"]
    assert SentMessage.objects.filter(key=f"invitation:{invitation.pk}").count() == 1
