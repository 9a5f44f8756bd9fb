from celery import shared_task
from django.utils import timezone

from events.services import registration_needs_erase, registration_personal_data_erase, registration_reminders_send


@shared_task
def registration_reminders_send_task() -> None:
    """Periodic (beat): the 7-day and 1-day reminders now due. Safe to run twice."""
    registration_reminders_send(now=timezone.now())


@shared_task
def registration_needs_erase_task() -> None:
    """Periodic (beat): erase access and dietary needs after the retention period. Safe to run twice."""
    registration_needs_erase(now=timezone.now())


@shared_task
def registration_personal_data_erase_task() -> None:
    """Periodic (beat): erase registrants' personal details 12 months after their programme year. Safe to run twice."""
    registration_personal_data_erase(now=timezone.now())
