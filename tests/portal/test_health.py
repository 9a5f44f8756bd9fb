"""/healthz answers 200 when the database (and broker, when configured) answer, else 503."""

from unittest import mock

import pytest
from django.db.utils import OperationalError
from django.test import override_settings


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
