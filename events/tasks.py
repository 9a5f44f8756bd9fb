from celery import shared_task
from django.utils import timezone

from events.services import registration_needs_erase, registration_reminders_send


@shared_task
def registration_reminders_send_task() -> None:
    """Periodic (beat): the 7-day and 1-day reminders now due. Safe to run twice."""
    registration_reminders_send(now=timezone.now())


@shared_task
def registration_needs_erase_task() -> None:
    """Periodic (beat): erase access and dietary needs after the retention period. Safe to run twice."""
    registration_needs_erase(now=timezone.now())
