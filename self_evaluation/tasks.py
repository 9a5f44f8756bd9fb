from celery import shared_task
from django.utils import timezone

from self_evaluation.models import ReturnChange
from self_evaluation.services import return_reopened_notice_send, returns_window_notices_send


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def return_reopened_notice_send_task(change_id: int) -> None:
    """Tell the LA's officers their return was reopened for correction. Once per person per reopening."""
    change = ReturnChange.objects.select_related("quarterly_return__local_authority").filter(pk=change_id).first()
    if change is not None:
        return_reopened_notice_send(change=change, now=timezone.now())


@shared_task
def returns_window_notices_send_task() -> None:
    """Periodic (beat, hourly): deadline reminders to LAs and the list of who is missing. Safe to run twice."""
    returns_window_notices_send(now=timezone.now())
