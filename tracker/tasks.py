from celery import shared_task
from django.utils import timezone

from tracker.services import tracker_digest_send, tracker_quarter_snapshots_take


@shared_task
def tracker_quarter_snapshots_take_task() -> None:
    """Periodic (beat, daily): keep the tracker's figures for each quarter that has ended. Safe to run twice."""
    tracker_quarter_snapshots_take(now=timezone.now())


@shared_task
def tracker_digest_send_task() -> None:
    """Periodic (beat, Mondays 08:00 Europe/London): the weekly digest. Once per person per week."""
    tracker_digest_send(now=timezone.now())
