"""Real faults against a real Celery worker process, Redis, PostgreSQL and an SMTP server, counting what the
server received per Message-ID: the broker emptied, the worker killed with SIGKILL, Redis unreachable while
someone registers. Each test process has a Redis database of its own as the broker."""

import datetime
import os
import signal
import subprocess
import sys
import time

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from champions_portal.celery import app
from events.models import Event, PartnerType, Registration
from notifications.models import OutboxMessage
from notifications.services import email_queue
from notifications.tasks import outbox_send_due_task
from regions.models import LocalAuthority
from tests.events.factories import make_event
from tests.notifications.factories import queue_lost, reopened_context

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _broker_url() -> str:
    """A Redis database of this test process's own as the broker (REDIS_URL's server, counting down from 14,
    skipping the cache's), so that emptying it touches no cache and no other xdist worker's broker."""
    base, _, cache_db = settings.REDIS_URL.rpartition("/")
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    free = [db for db in range(14, -1, -1) if str(db) != cache_db]
    return f"{base}/{free[worker]}"


def _use_broker(**conf) -> None:
    """Point the Celery app at another broker: new connections from now on."""
    app.conf.update(conf)
    app._pool = None  # kombu keeps one producer pool per broker URL; these are re-fetched for the new URL
    app.amqp._producer_pool = None


@pytest.fixture
def broker():
    url = _broker_url()
    client = redis.Redis.from_url(url)
    client.flushdb()
    previous = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    _use_broker(broker_url=url, task_always_eager=False)
    try:
        yield client
    finally:
        _use_broker(**previous)
        client.flushdb()


@pytest.fixture
def start_worker(broker, smtp_server, tmp_path):
    """start_worker() -> a real `celery worker` process (2 prefork children) on the test database. Its log
    goes to worker.log, which a timed-out wait prints."""
    workers = []
    log = open(tmp_path / "worker.log", "ab")  # noqa: SIM115 (closed at teardown)
    db = connection.settings_dict

    def start() -> subprocess.Popen:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "REDIS_URL": _broker_url(),
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_server.port),
            "EMAIL_USE_TLS": "false",
            "OUTBOX_LEASE_SECONDS": "3",
            "OUTBOX_BATCH_SIZE": "5",
        }
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "champions_portal",
                "worker",
                "--concurrency",
                "2",
                "--loglevel",
                "INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
            stdout=log,
            stderr=log,
        )
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
    log.close()


def _wait_for(condition, log_dir, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            log = (log_dir / "worker.log").read_text(errors="replace")[-5000:]
            raise AssertionError(f"timed out; the worker's log ends:\n{log}")
        time.sleep(0.1)


@pytest.mark.django_db(transaction=True)
def test_it_sends_everything_after_the_broker_is_emptied(broker, start_worker, smtp_server, tmp_path):
    """30 messages queued with their tasks published to Redis; Redis then loses them all."""
    for i in range(30):
        email_queue(
            key=f"lost:{i}",
            to=f"p{i}@example.com",
            template="self_evaluation_reopened",
            context=reopened_context(i),
            now=timezone.now(),
        )
    assert broker.llen("celery") == 30
    broker.flushdb()
    start_worker()
    outbox_send_due_task.delay()  # the next beat tick
    _wait_for(lambda: len(smtp_server.received) >= 30, tmp_path)
    time.sleep(1)
    rows = list(OutboxMessage.objects.all())
    assert smtp_server.count_by_message_id() == {row.message_id: 1 for row in rows}
    assert {row.state for row in rows} == {"sent"}


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_batch_loses_nothing_and_repeats_at_most_one_per_process(
    broker, start_worker, smtp_server, tmp_path
):
    rows = queue_lost(120)
    smtp_server.handler.on_data = lambda: time.sleep(0.02)
    worker = start_worker()
    for _ in range(2):
        outbox_send_due_task.delay()
    _wait_for(lambda: len(smtp_server.received) >= 30, tmp_path)
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()
    received_before = len(smtp_server.received)
    assert received_before < 120, "the worker finished before it was killed"
    start_worker()
    time.sleep(3.5)  # the dead worker's leases run out
    outbox_send_due_task.delay()
    _wait_for(lambda: OutboxMessage.objects.filter(state="sent").count() == 120, tmp_path)
    counts = smtp_server.count_by_message_id()
    assert set(counts) == {row.message_id for row in rows}  # nothing lost
    repeats = sum(count - 1 for count in counts.values())
    assert repeats <= 2  # at most one per killed worker process, with the same Message-ID


@pytest.mark.django_db(transaction=True)
def test_registering_while_redis_is_down_answers_as_usual_and_the_email_goes_later(
    committed_reference_data, client, smtp_server, django_user_model
):
    from tests.conftest import make_person

    organiser = make_person("champion_staff")
    event = make_event(
        created_by=organiser,
        title="Local offer workshop",
        format=Event.Format.ONLINE,
        joining_details="https://meet.example/x",
        starts_at=timezone.now() + datetime.timedelta(days=20),
    )
    previous = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    _use_broker(broker_url="redis://127.0.0.1:1/0", task_always_eager=False)  # nothing listens there
    try:
        response = client.post(
            reverse("events:registration_create", args=[event.pk]),
            {
                "name": "Alex Parent",
                "email": "alex@example.com",
                "organisation": "Bolton PCF",
                "partner_type": PartnerType.PARENT_CARER_FORUM,
                "local_authority": str(LocalAuthority.objects.get(slug="bolton").pk),
                "privacy": "on",
            },
        )
    finally:
        _use_broker(**previous)
    assert response.status_code == 302
    assert Registration.objects.filter(email="alex@example.com").exists()
    row = OutboxMessage.objects.get(template="registration_confirmed")
    assert row.state == "pending" and not smtp_server.received
    outbox_send_due_task()  # the sweeper, once Redis is back
    assert [m["To"] for m in smtp_server.received] == ["alex@example.com"]
