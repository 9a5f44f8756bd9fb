from celery import shared_task
from django.utils import timezone

from events.models import Event, Registration
from events.services import (
    event_cancellation_emails_send,
    registration_email_send,
    registration_needs_erase,
    registration_reminders_send,
)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def registration_email_send_task(registration_id: int, template: str) -> None:
    """Send one registration email. Sends at most once however often it is delivered."""
    registration = Registration.objects.select_related("event").filter(pk=registration_id).first()
    if registration is not None:
        registration_email_send(registration=registration, template=template, now=timezone.now())


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def event_cancellation_emails_send_task(event_id: int) -> None:
    """Tell everyone confirmed or waiting that the event is cancelled. Safe to repeat."""
    event = Event.objects.filter(pk=event_id).first()
    if event is not None:
        event_cancellation_emails_send(event=event, now=timezone.now())


@shared_task
def registration_reminders_send_task() -> None:
    """Periodic (beat): the 7-day and 1-day reminders now due. Safe to run twice."""
    registration_reminders_send(now=timezone.now())


@shared_task
def registration_needs_erase_task() -> None:
    """Periodic (beat): erase access and dietary needs after the retention period. Safe to run twice."""
    registration_needs_erase(now=timezone.now())
