from celery import shared_task
from django.utils import timezone

from self_evaluation.services import returns_window_notices_send


@shared_task
def returns_window_notices_send_task() -> None:
    """Periodic (beat, hourly): deadline reminders to LAs and the list of who is missing. Safe to run twice."""
    returns_window_notices_send(now=timezone.now())
