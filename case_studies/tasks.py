from celery import shared_task
from django.utils import timezone

from case_studies.services import case_study_deadline_notices_send
from notifications.services import outbox_batches


@shared_task
def case_study_deadline_notices_send_task() -> None:
    """Periodic (beat, hourly): deadline reminders and overdue notices now due. Safe to run twice."""
    with outbox_batches():  # one task and one SMTP connection per batch of messages
        case_study_deadline_notices_send(now=timezone.now())
