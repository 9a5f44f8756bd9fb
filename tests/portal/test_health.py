"""/healthz answers 200 when the database (and broker, when configured) answer, else 503."""

import datetime
from unittest import mock

import pytest
from django.db.utils import OperationalError
from django.test import override_settings
from django.utils import timezone

from notifications.heartbeat import heartbeat_sent_record
from tests.portal.test_settings import PRODUCTION_ENV, _manage


def test_it_reports_healthy_with_the_database_up(client, db, settings):
    settings.CELERY_BROKER_URL = None
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_it_reports_503_when_the_database_is_down(client, db, settings):
    settings.CELERY_BROKER_URL = None
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "failing"


@pytest.mark.redis
def test_it_checks_the_real_broker(client, db, settings):
    settings.CELERY_BROKER_URL = settings.REDIS_URL
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["broker"] == "ok"


def test_it_reports_503_when_the_broker_is_unreachable(client, db):
    with override_settings(CELERY_BROKER_URL="redis://127.0.0.1:1/0"):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "broker": "failing"}


def test_it_refuses_post(client, db):
    assert client.post("/healthz").status_code == 405


def test_it_stays_healthy_for_the_load_balancer_whatever_the_background_checks_say(client, db, settings):
    """A stopped worker or beat must not take every web machine out of service: /healthz/background says so."""
    settings.CELERY_BROKER_URL, settings.CELERY_TASK_ALWAYS_EAGER = None, False
    heartbeat_sent_record(sent_at=timezone.now() - datetime.timedelta(days=1))
    assert client.get("/healthz/background").status_code == 503
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_it_answers_both_checks_over_plain_http_in_production():
    code = (
        "from django.middleware.security import SecurityMiddleware\n"
        "from django.test import RequestFactory\n"
        "check = SecurityMiddleware(lambda request: None).process_request\n"
        "for path in ['/healthz', '/healthz/background', '/events/']:\n"
        "    response = check(RequestFactory().get(path, HTTP_HOST='champions.example'))\n"
        "    print(path, response.status_code if response else 'answered')\n"
    )
    result = _manage("shell", "-c", code, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    answers = [line for line in result.stdout.splitlines() if line.startswith("/")]
    assert answers == ["/healthz answered", "/healthz/background answered", "/events/ 301"]
