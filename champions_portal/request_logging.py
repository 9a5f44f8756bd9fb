"""One log line per request, and the request id that ties it to every other line and task it causes.

The id comes from the proxy's X-Request-ID when that is well formed, else it is made here; it is returned
in the response's X-Request-ID, kept in a context variable for the log filter (champions_portal/log_format.py),
and handed to the tasks the request queues (champions_portal/task_logging.py).

Never log personal data: the line names the user by id, and the path without its query string, with the
route pattern instead of the path where the path carries a secret (a registration's or invitation's token).
"""

import contextvars
import logging
import re
import time
import uuid

from django.urls import Resolver404, resolve
from django.utils.functional import empty

logger = logging.getLogger("champions_portal.request")

HEADER = "X-Request-ID"
_WELL_FORMED = re.compile(r"[A-Za-z0-9-]{1,64}")
# URL parameters that are secrets: a path with one is logged as its route, "/registrations/<str:token>/".
SECRET_URL_KWARGS = frozenset({"token", "uidb64"})
# An address that matches no route (a token link missing its last slash): segments this long are left out.
_LONG_SEGMENT = re.compile(r"[^/]{20,}")

request_id = contextvars.ContextVar("request_id", default=None)
current_request = contextvars.ContextVar("current_request", default=None)


def new_request_id() -> str:
    return uuid.uuid4().hex


def accepted_request_id(value: str | None) -> str:
    """The proxy's id when it is short and plain ([A-Za-z0-9-], up to 64 characters), else a new one."""
    return value if value and _WELL_FORMED.fullmatch(value) else new_request_id()


def loggable_path(path: str, match=None) -> str:
    """`path` as it may be logged or reported: its route where it has a secret parameter, long segments
    replaced where it matches no route. Pass the request's `resolver_match` when there is one."""
    if match is None:
        try:
            match = resolve(path)
        except Resolver404:
            return _LONG_SEGMENT.sub("<redacted>", path)
    if SECRET_URL_KWARGS & match.kwargs.keys():
        return "/" + match.route
    return path


def request_path(request) -> str:
    return loggable_path(request.path_info, getattr(request, "resolver_match", None))


def user_id_of(request) -> int | None:
    """The signed-in user's id, only if something in the request already looked them up: asking would
    cost a query on pages that never needed to know."""
    user = getattr(request, "user", None)
    wrapped = getattr(user, "_wrapped", user)  # request.user is lazy until something reads it
    if wrapped is empty or wrapped is None or not getattr(wrapped, "is_authenticated", False):
        return None
    return wrapped.pk


class RequestLoggingMiddleware:
    """First in MIDDLEWARE, so that the line times and sees the whole response, redirects and 404s included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        request.request_id = accepted_request_id(request.headers.get(HEADER))
        id_token = request_id.set(request.request_id)
        request_token = current_request.set(request)
        try:
            response = self.get_response(request)
            response.headers[HEADER] = request.request_id
            _log(request, response.status_code, started)
            return response
        finally:
            current_request.reset(request_token)
            request_id.reset(id_token)


def _log(request, status: int, started: float) -> None:
    duration_ms = round((time.perf_counter() - started) * 1000)
    path = request_path(request)
    fields = {
        "request_id": request.request_id,
        "method": request.method,
        "path": path,
        "status": status,
        "duration_ms": duration_ms,
        "user_id": user_id_of(request),
    }
    level = logging.ERROR if status >= 500 else logging.INFO
    logger.log(level, "%s %s %s %sms", request.method, path, status, duration_ms, extra=fields)
