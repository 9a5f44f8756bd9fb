"""/healthz/background with a real `celery beat` and a real `celery worker`, sending heartbeats through Redis to
the test database every second: healthy while both run, the worker failing (and beat not) once the worker stops,
and beat failing once beat stops. Real time, thresholds of a few seconds."""

import os
import signal
import subprocess
import sys
import time
import uuid

import pytest
import redis
from django.db import connection

from notifications.models import Heartbeat

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

URL = "/healthz/background"

# The same in the processes (environment) and in this one (settings).
THRESHOLDS = {"HEARTBEAT_SECONDS": 1, "HEALTH_BEAT_MARGIN_SECONDS": 2, "HEALTH_WORKER_SECONDS": 1}


@pytest.fixture
def start(transactional_db, tmp_path, settings):
    """start("beat") or start("worker") -> a real Celery process on the test database and REDIS_URL, with a queue
    of this test's own (tests/notifications/celery_settings.py). Their logs are in tmp_path."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    for name, value in THRESHOLDS.items():
        setattr(settings, name, value)
    queue = f"test-heartbeat-{uuid.uuid4().hex}"
    db = connection.settings_dict
    env = {
        **os.environ,
        **{name: str(value) for name, value in THRESHOLDS.items()},
        "DJANGO_SETTINGS_MODULE": "tests.notifications.celery_settings",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
        "TEST_CELERY_QUEUE": queue,
    }
    commands = {
        "beat": ["beat", "--schedule", str(tmp_path / "beat-schedule")],
        "worker": ["worker", "--queues", queue, "--pool", "solo", "--without-gossip", "--without-mingle"],
    }
    processes = []

    def start_process(name: str) -> subprocess.Popen:
        with open(tmp_path / f"{name}.log", "ab") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "champions_portal", *commands[name], "--loglevel", "INFO"],
                cwd=settings.BASE_DIR,
                env=env,
                start_new_session=True,
                stdout=log,
                stderr=log,
            )
        processes.append(process)
        return process

    yield start_process
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    redis.Redis.from_url(settings.REDIS_URL).delete(
        queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}"
    )


def _body_once(client, tmp_path, holds, seconds: float = 30) -> dict:
    """The background check's body as soon as `holds(body)`; after `seconds`, a failure showing the processes' logs."""
    deadline = time.monotonic() + seconds
    while not holds(body := client.get(URL).json()):
        if time.monotonic() > deadline:
            logs = "\n".join(path.read_text(errors="replace")[-3000:] for path in sorted(tmp_path.glob("*.log")))
            raise AssertionError(f"timed out at {body}; the logs end:\n{logs}")
        time.sleep(0.2)
    return body


def _stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGKILL)  # as a machine that dies: nothing is said on the way out
    process.wait()


def test_it_follows_a_real_beat_and_worker_through_redis(client, start, tmp_path):
    assert client.get(URL).status_code == 503  # neither seen yet
    beat, worker = start("beat"), start("worker")
    _body_once(client, tmp_path, lambda body: body["status"] == "ok")
    heartbeat = Heartbeat.objects.get()
    assert heartbeat.worker_ran_sent_at <= heartbeat.beat_sent_at  # the time beat wrote into what the worker ran

    _stop(worker)
    body = _body_once(client, tmp_path, lambda body: body["worker"]["status"] == "failing")
    assert body["worker"]["heartbeat_waiting"] is True
    assert body["beat"]["status"] == "ok"

    _stop(beat)
    body = _body_once(client, tmp_path, lambda body: body["beat"]["status"] == "failing")
    assert body["status"] == "failing"
