"""Errors in web requests and Celery tasks reported to Sentry (or any service that speaks its protocol), when
SENTRY_DSN is set. Called from settings.

Nothing personal is sent: no request body, cookies, query string or headers but a few plain ones; no
variables from the stack; the address with its route instead of a token; the user by id only. Without
SENTRY_DSN, ADMINS are emailed instead (LOGGING in settings, champions_portal/error_emails.py).
"""

from urllib.parse import urlsplit, urlunsplit

from champions_portal.request_logging import current_request, loggable_path, request_id, user_id_of

# Request headers an event keeps; any other (Referer, Cookie, X-Forwarded-For...) may say who or where.
KEPT_HEADERS = frozenset({"host", "user-agent", "accept", "content-type", "content-length", "x-request-id"})
# Our own lines: the request and task lines say nothing the integrations do not already report.
IGNORED_LOGGERS = ("champions_portal.request", "champions_portal.task")


def sentry_init(
    *,
    dsn: str,
    environment: str | None = None,
    release: str | None = None,
    traces_sample_rate: float | None = None,
    transport=None,
) -> None:
    """Start reporting. `traces_sample_rate` None leaves performance tracing off. `transport` is for tests."""
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.integrations.logging import ignore_logger

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        # What sentry-sdk 2.75 has instead of send_default_pii=False (deprecated), and stricter: no user details,
        # cookies, query strings, bodies, SQL or task arguments, frame variables; only the plain headers.
        data_collection={
            "user_info": False,
            "cookies": {"mode": "off"},
            "http_headers": {"request": {"mode": "allowlist", "terms": sorted(KEPT_HEADERS)}},
            "http_bodies": [],
            "url_query_params": {"mode": "off"},
            "database_query_data": False,
            "queues": False,
            "stack_frame_variables": False,
        },
        max_request_body_size="never",
        traces_sample_rate=traces_sample_rate,
        before_send=scrub_event,
        before_send_transaction=scrub_event,
        transport=transport,
    )
    for name in IGNORED_LOGGERS:
        ignore_logger(name)


def scrub_event(event: dict, hint: dict | None = None) -> dict:
    """What is left of an event once anything personal is taken out (before_send)."""
    if request := event.get("request"):
        event["request"] = {
            "method": request.get("method"),
            "url": _scrubbed_url(request.get("url")),
            "headers": {k: v for k, v in (request.get("headers") or {}).items() if k.lower() in KEPT_HEADERS},
        }
    http_request = current_request.get()
    user_id = user_id_of(http_request) if http_request is not None else None
    if user_id is None:
        event.pop("user", None)
    else:
        event["user"] = {"id": str(user_id)}
    if current_id := request_id.get():
        event.setdefault("tags", {})["request_id"] = current_id
    for breadcrumb in (event.get("breadcrumbs") or {}).get("values", []):
        breadcrumb.pop("data", None)
    return event


def _scrubbed_url(url: str | None) -> str | None:
    if not url:
        return url
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, loggable_path(parts.path), "", ""))
