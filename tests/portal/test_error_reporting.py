"""Errors in web requests and Celery tasks reach someone, with nothing personal: Sentry's events when SENTRY_DSN
is set (captured here by a test transport, no network), else emails to ADMINS
(champions_portal/error_reporting.py, error_emails.py, task_logging.py)."""

import json
import logging
import os
import subprocess
import sys
from unittest import mock

import pytest
import sentry_sdk
from django.conf import settings
from django.core import mail
from django.core.signals import request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client, RequestFactory
from sentry_sdk.transport import Transport

from champions_portal.error_reporting import sentry_init
from notifications.tasks import outbox_message_send_task

pytestmark = pytest.mark.urls("tests.portal.error_urls")

PATH_TOKEN = "Pt0k3n-in-the-path-0123456789abcdef"
QUERY_TOKEN = "Qt0k3n-in-the-query-0123456789abcdef"
POSTED = {
    "name": "Alex Parent",
    "email": "alex.parent@example.com",
    "access_needs": "wheelchair access and a hearing loop",
}
COOKIE = "a-cookie-of-someone-0123456789"
SEND_TASK = "notifications.tasks.outbox_message_send_task"


class CapturingTransport(Transport):
    """Keeps each event Sentry would send, and sends nothing."""

    def __init__(self, options=None):
        super().__init__(options)
        self.events = []

    def capture_envelope(self, envelope):
        if (event := envelope.get_event()) is not None:
            self.events.append(event)


@pytest.fixture
def sentry_events():
    """Sentry started as settings start it with SENTRY_DSN set, reporting to a list; stopped afterwards, so
    other tests run without it."""
    transport = CapturingTransport()
    sentry_init(dsn="http://public@127.0.0.1:9/1", environment="test", transport=transport)
    try:
        yield transport.events
    finally:
        sentry_sdk.get_client().close()
        sentry_sdk.get_global_scope().set_client(None)
        sentry_sdk.get_isolation_scope().clear()
        sentry_sdk.get_current_scope().clear()


@pytest.fixture
def broken_post(la_officer):
    """broken_post() -> (status, headers, session key): a POST by a signed-in LA officer with a registrant's
    details, a token in the path, the query string and the referrer, and cookies, to a page that raises. Through
    the WSGI application, as gunicorn calls it (Sentry reads the address and headers there)."""

    def post():
        client = Client()
        client.force_login(la_officer)
        session_key = client.cookies["sessionid"].value
        environ = (
            RequestFactory()
            .post(
                f"/broken/{PATH_TOKEN}/?token={QUERY_TOKEN}",
                POSTED,
                HTTP_COOKIE=f"sessionid={session_key}; tracking={COOKIE}",
                HTTP_REFERER=f"http://testserver/registrations/{PATH_TOKEN}/",
            )
            .environ
        )
        started = {}
        # As the test client does: the test's transaction must outlive the request.
        request_started.disconnect(close_old_connections)
        try:
            get_wsgi_application()(environ, lambda status, headers: started.update(status=status, headers=headers))
        finally:
            request_started.connect(close_old_connections)
        assert started["status"] == "500 Internal Server Error"
        return dict(started["headers"]), session_key

    return post


def _personal(la_officer, session_key: str) -> list[str]:
    return [*POSTED.values(), PATH_TOKEN, QUERY_TOKEN, COOKIE, session_key, la_officer.email, la_officer.full_name]


@pytest.fixture
def failing_send():
    """The outbox's send task, failing: run in-process, its error reaches the caller too."""
    with mock.patch("notifications.tasks.outbox_send", side_effect=RuntimeError("SMTP said no")):
        yield lambda: pytest.raises(RuntimeError, outbox_message_send_task.delay, 987654)


# --- Sentry ------------------------------------------------------------------------------------


def test_it_reports_a_failing_page_to_sentry_once_with_nothing_personal(sentry_events, broken_post, la_officer):
    headers, session_key = broken_post()

    [event] = sentry_events
    [exception] = event["exception"]["values"]
    assert (exception["type"], exception["value"]) == ("RuntimeError", "The page broke")
    assert event["user"] == {"id": str(la_officer.pk)}
    assert event["request"]["url"] == "http://testserver/broken/<str:token>/"
    assert event["request"]["method"] == "POST"
    assert set(event["request"]) == {"method", "url", "headers"}
    assert event["tags"]["request_id"] == headers["X-Request-ID"]
    assert all("vars" not in frame for frame in exception["stacktrace"]["frames"])
    sent = json.dumps(event)
    assert [found for found in _personal(la_officer, session_key) if found in sent] == []


def test_it_reports_a_failing_task_to_sentry_once_without_its_arguments(sentry_events, failing_send, db):
    failing_send()

    [event] = sentry_events
    [exception] = event["exception"]["values"]
    assert (exception["type"], exception["value"]) == ("RuntimeError", "SMTP said no")
    assert event["extra"]["celery-job"]["task_name"] == SEND_TASK
    assert "987654" not in json.dumps(event)
    assert "user" not in event
    assert len(event["tags"]["request_id"]) == 32


def test_it_emails_nobody_when_sentry_reports(sentry_events, broken_post, failing_send, settings):
    """In these tests Sentry starts after LOGGING: so here ADMINS stay empty. Settings leave out the email
    handlers when SENTRY_DSN is set (test_it_emails_admins_only_without_sentry)."""
    broken_post()
    failing_send()

    assert len(sentry_events) == 2
    assert mail.outbox == []


# --- Email to ADMINS ---------------------------------------------------------------------------


@pytest.fixture
def admins(settings):
    settings.ADMINS = [("Ops Team", "ops@champions.example")]


def test_it_emails_admins_a_failing_page_with_nothing_personal_or_secret(admins, broken_post, la_officer, settings):
    # URLs with passwords in them, whatever this run's own settings hold (none on SQLite).
    settings.DATABASE_URL = "postgres://portal:db-password-1@db.internal:5432/portal"
    settings.REDIS_URL = "redis://:redis-password-1@redis.internal:6379/0"
    _, session_key = broken_post()

    [email] = mail.outbox
    assert email.to == ["ops@champions.example"]
    assert email.subject == "[Champions Portal] ERROR (EXTERNAL IP): Internal Server Error: /broken/<str:token>/"
    assert "RuntimeError" in email.body and "The page broke" in email.body
    assert f"USER: user {la_officer.pk}" in email.body
    assert "name = '********************'" in email.body
    assert [found for found in _personal(la_officer, session_key) if found in email.body] == []
    # Settings that hold a password in a URL are hidden too.
    assert "db-password-1" not in email.body
    assert "redis-password-1" not in email.body


def test_it_emails_admins_a_failing_task_without_its_arguments(admins, failing_send, db):
    failing_send()

    [email] = mail.outbox
    assert email.to == ["ops@champions.example"]
    assert email.subject.startswith(f"[Champions Portal] ERROR: task {SEND_TASK} ")
    assert email.subject.endswith("ms") and " failure " in email.subject
    assert "RuntimeError\nSMTP said no" in email.body
    assert "987654" not in email.body + email.subject


def test_it_emails_nobody_without_admins(broken_post, failing_send, db):
    broken_post()
    failing_send()

    assert mail.outbox == []


def test_it_emails_admins_only_without_sentry():
    """Django's errors and failed tasks go to ADMINS here, where SENTRY_DSN is not set; in a process with it set,
    to Sentry alone."""
    probe = (
        "import logging, sentry_sdk; "
        "print([type(h).__name__ for name in ('django', 'champions_portal.task') "
        "for h in logging.getLogger(name).handlers], sentry_sdk.get_client().is_active())"
    )
    here = [type(h).__name__ for name in ("django", "champions_portal.task") for h in logging.getLogger(name).handlers]
    assert here == ["AdminEmailHandler", "AdminEmailHandler"]
    assert _shell(probe, {"SENTRY_DSN": "http://public@127.0.0.1:9/1"}) == "[] True"


def _shell(code: str, env: dict) -> str:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SENTRY_") and k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()
