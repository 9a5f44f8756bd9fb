from celery import shared_task
from django.utils import timezone

from case_studies.models import CaseStudy
from case_studies.services import case_study_deadline_notices_send, case_study_notice_send


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def case_study_notice_send_task(case_study_id: int, template: str) -> None:
    """Tell the champion about a return, approval or publication. Once per person per occasion."""
    case_study = CaseStudy.objects.select_related("champion", "quarter__programme").filter(pk=case_study_id).first()
    if case_study is not None:
        case_study_notice_send(case_study=case_study, template=template, now=timezone.now())


@shared_task
def case_study_deadline_notices_send_task() -> None:
    """Periodic (beat, hourly): deadline reminders and overdue notices now due. Safe to run twice."""
    case_study_deadline_notices_send(now=timezone.now())
