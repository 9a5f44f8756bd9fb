from celery import shared_task
from django.utils import timezone

from notifications.services import outbox_batches
from self_evaluation.services import returns_window_notices_send


@shared_task
def returns_window_notices_send_task() -> None:
    """Periodic (beat, hourly): deadline reminders to LAs and the list of who is missing. Safe to run twice."""
    with outbox_batches():  # one task and one SMTP connection per batch of messages
        returns_window_notices_send(now=timezone.now())
