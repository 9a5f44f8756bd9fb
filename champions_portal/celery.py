"""The Celery app. Workers and beat read their configuration from Django settings (CELERY_*)."""

import os

from celery import Celery

# Connects the signals that log one line per task, with the request id of whoever queued it.
import champions_portal.task_logging  # noqa: F401

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "champions_portal.settings")

app = Celery("champions_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
