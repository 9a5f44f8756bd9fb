from celery import shared_task
from django.utils import timezone

from support_days.services import support_day_reminders_send


@shared_task
def support_day_reminders_send_task() -> None:
    """Periodic (beat): the 7-day and 1-day support-day reminders now due. Safe to run twice."""
    support_day_reminders_send(now=timezone.now())
