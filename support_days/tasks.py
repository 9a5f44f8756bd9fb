from celery import shared_task
from django.utils import timezone

from support_days.models import SupportDay
from support_days.services import support_day_emails_send, support_day_reminders_send


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def support_day_emails_send_task(support_day_id: int, template: str) -> None:
    """Tell both sides about a change to a support day. Each person hears at most once."""
    day = SupportDay.objects.select_related("champion", "local_authority", "offer").filter(pk=support_day_id).first()
    if day is not None:
        support_day_emails_send(day=day, template=template, now=timezone.now())


@shared_task
def support_day_reminders_send_task() -> None:
    """Periodic (beat): the 7-day and 1-day support-day reminders now due. Safe to run twice."""
    support_day_reminders_send(now=timezone.now())
