"""One log line per Celery task, with the id of the request (or task) that queued it.

`before_task_publish` writes the current request id into the message's headers, and `task_prerun` takes it
from there in the worker. A task run in-process (CELERY_TASK_ALWAYS_EAGER) is not published: it keeps the
id of the request it runs in. A task queued from no request (beat's) gets an id of its own, which the tasks
it queues share. The line names the task, its id and how it ended, never its arguments.

A failure is logged at ERROR with its traceback, which settings send to ADMINS when there is no SENTRY_DSN.
Connected when the Celery app is made (champions_portal/celery.py), in web processes and workers alike.
"""

import logging
import sys
import time

from celery import signals

from champions_portal.request_logging import accepted_request_id, request_id

logger = logging.getLogger("champions_portal.task")

HEADER = "request_id"
OUTCOMES = {"SUCCESS": "success", "FAILURE": "failure", "RETRY": "retry"}
LEVELS = {"success": logging.INFO, "retry": logging.WARNING, "failure": logging.ERROR}


@signals.before_task_publish.connect
def _request_id_sent(headers=None, **kwargs):
    current = request_id.get()
    if current and headers is not None:
        headers.setdefault(HEADER, current)


@signals.task_prerun.connect
def _task_started(task=None, **kwargs):
    context = task.request
    sent = getattr(context, HEADER, None) or (context.headers or {}).get(HEADER)
    context.log_started = time.perf_counter()
    context.log_exc_info = None
    context.log_token = request_id.set(accepted_request_id(sent or request_id.get()))


@signals.task_failure.connect
def _task_failed(sender=None, exception=None, traceback=None, **kwargs):
    sender.request.log_exc_info = (type(exception), exception, traceback)


@signals.task_postrun.connect
def _task_ended(task=None, task_id=None, state=None, **kwargs):
    context = task.request
    started = getattr(context, "log_started", None)
    if started is None:  # prerun not seen: nothing to time or to put back
        return
    exc_info = context.log_exc_info
    if state is None and sys.exc_info()[0] is not None:
        # Run in-process with CELERY_TASK_EAGER_PROPAGATES: Celery raises to the caller before it records a
        # state or sends task_failure, and sends this signal on the way out.
        state, exc_info = "FAILURE", sys.exc_info()
    outcome = OUTCOMES.get(state, str(state).lower())
    duration_ms = round((time.perf_counter() - started) * 1000)
    fields = {
        "request_id": request_id.get(),
        "task_name": task.name,
        "task_id": task_id,
        "outcome": outcome,
        "duration_ms": duration_ms,
    }
    try:
        logger.log(
            LEVELS.get(outcome, logging.WARNING),
            "task %s %s %s %sms",
            task.name,
            task_id,
            outcome,
            duration_ms,
            exc_info=exc_info if outcome == "failure" else None,
            extra=fields,
        )
    finally:
        context.log_exc_info = None
        request_id.reset(context.log_token)


@signals.setup_logging.connect
def _keep_django_logging(**kwargs):
    """A receiver here stops a worker from replacing the LOGGING that Django has set up with Celery's own, so
    worker lines are written as web lines are (JSON in production)."""
