from celery import shared_task
from django.utils import timezone

from audit.services import audit_entries_purge


@shared_task
def audit_entries_purge_task() -> None:
    """Periodic (beat): delete audit entries past their retention period. Safe to run twice."""
    audit_entries_purge(now=timezone.now())
