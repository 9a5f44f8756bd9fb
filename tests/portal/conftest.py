"""The world of objects that the URL-walking tests share (tests/portal/world.py), and a real Celery worker."""

import pytest
import time_machine
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.db import transaction
from django.test import override_settings

from champions_portal.celery import app
from tests.conftest import SHARED_PEOPLE, _ensure_reference_data, make_person
from tests.portal.world import NOW, world_build


@pytest.fixture(scope="module")
def _world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The people and objects every URL case uses, built once per test module in a transaction
    that is rolled back at its end. Each test runs in a savepoint inside it (pytest-django's `db`), so
    whatever a test changes is undone and the next test finds the world as it was built."""
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    with django_db_blocker.unblock(), media, transaction.atomic():
        _ensure_reference_data()
        with time_machine.travel(NOW, tick=False):
            built = world_build(**{name: make_person(name) for name in SHARED_PEOPLE})
        yield built
        transaction.set_rollback(True)


@pytest.fixture
def world(_world, db) -> dict:
    return _world


@pytest.fixture
def redis_worker():
    """A real worker thread consuming from this test run's Redis broker, with tasks no longer run in-process. Tests
    that use it share the xdist group "redis-broker", so that no worker takes another test's tasks."""
    previous = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=settings.REDIS_URL, task_always_eager=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=10):
            yield
    finally:
        app.conf.update(previous)
