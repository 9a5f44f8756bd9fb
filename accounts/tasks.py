from celery import shared_task
from django.core.management import call_command


@shared_task
def sessions_clear_task() -> None:
    """Periodic (beat, daily): delete expired sessions (Django's clearsessions). Safe to run twice."""
    call_command("clearsessions")
