import datetime

from celery import shared_task
from django.utils import timezone

from notifications.heartbeat import heartbeat_ran_record
from notifications.services import outbox_send, outbox_send_due, outbox_sent_erase


@shared_task
def outbox_message_send_task(message_id: int) -> None:
    """The fast path after commit: send this outbox message if it is still due. Safe to repeat: a message
    already sent or held by another worker is skipped, and the sweeper covers a task that never runs."""
    outbox_send(now=timezone.now(), ids=[message_id])


@shared_task
def outbox_messages_send_task(message_ids: list[int]) -> None:
    """The fast path for a batch queued by a job (see `outbox_batches`): send those of these messages that are
    still due, over one SMTP connection. Safe to repeat, as `outbox_message_send_task`."""
    outbox_send(now=timezone.now(), ids=message_ids)


@shared_task
def outbox_send_due_task() -> None:
    """Periodic (beat, every minute): send every due message. Safe to run twice and in parallel."""
    outbox_send_due(now=timezone.now())


@shared_task
def outbox_sent_erase_task() -> None:
    """Periodic (beat, daily): clear addresses and bodies of messages sent long enough ago. Safe to run twice."""
    outbox_sent_erase(now=timezone.now())


@shared_task
def heartbeat_ran_record_task(sent_at: str | None = None) -> None:
    """Periodic (beat, every HEARTBEAT_SECONDS): record that a worker ran the heartbeat beat sent at `sent_at` (an ISO
    time that beat writes in as it sends it), for /healthz/background. Safe to run twice and out of order."""
    heartbeat_ran_record(sent_at=datetime.datetime.fromisoformat(sent_at) if sent_at else None, now=timezone.now())
