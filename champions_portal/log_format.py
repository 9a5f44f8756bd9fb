"""How log lines are written (LOGGING in settings): every line carries the request id, and in production
each is one JSON object. Nothing here may add personal data: see DEVELOPERS.md, "Logs and error reports"."""

import logging

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

from champions_portal.request_logging import loggable_path, request_id

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


class RequestContextFilter(logging.Filter):
    """Adds `request_id` to every record (the current request's or task's; None outside both). Django's own
    lines about a request ("Not Found: /registrations/<token>/") get the path as `loggable_path` gives it,
    so a token in the address never reaches a log or an email."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if getattr(record, "request_id", None) is None:
            # Django logs a 4xx or 5xx response once the middleware, and so the request's context, is done.
            record.request_id = getattr(request, "request_id", None) or request_id.get()
        path = getattr(request, "path_info", None)
        if isinstance(path, str) and isinstance(record.args, tuple) and record.args:
            raw = request.path
            safe = loggable_path(path, getattr(request, "resolver_match", None))
            record.args = tuple(safe if arg == raw else arg for arg in record.args)
        return True


class JsonFormatter(BaseJsonFormatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, request_id, and the record's
    extra fields (a request's method, path, status, duration_ms, user_id; a task's task_name, task_id,
    outcome, duration_ms). Leaves out `request` (Django's request, whose repr has the raw path) and `data`
    (Celery's, which holds a task's arguments)."""

    def __init__(self):
        super().__init__(
            "%(levelname)s %(name)s %(message)s %(request_id)s",
            rename_fields={"levelname": "level", "name": "logger"},
            timestamp="time",
            reserved_attrs=[*RESERVED_ATTRS, "request", "data"],
        )
