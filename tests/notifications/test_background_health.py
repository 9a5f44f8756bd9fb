"""/healthz/background, for a monitor: whether a worker runs what beat sends, whether beat sends at all, and how
long the oldest email has waited in the outbox. Time is frozen; beat and the worker are played by the services
they call (tests/notifications/test_background_processes.py runs the real ones)."""

import datetime
from unittest import mock

import pytest
from django.conf import settings
from django.db.utils import OperationalError
from django.utils import timezone

from notifications.heartbeat import heartbeat_sent_record
from notifications.models import Heartbeat, OutboxMessage
from notifications.tasks import heartbeat_ran_record_task
from tests.notifications.factories import make_message

URL = "/healthz/background"
START = datetime.datetime(2014, 1, 14, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def background(settings, time_machine):
    """A deployment with a broker (so a worker and beat to watch), the default thresholds, time frozen at START."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.HEARTBEAT_SECONDS = 60
    settings.HEALTH_BEAT_MARGIN_SECONDS = 60
    settings.HEALTH_WORKER_SECONDS = 180
    settings.HEALTH_OUTBOX_SECONDS = 900
    time_machine.move_to(START, tick=False)
    return time_machine


def _at(background, seconds: int) -> datetime.datetime:
    moment = START + datetime.timedelta(seconds=seconds)
    background.move_to(moment, tick=False)
    return moment


def _beat_sends() -> datetime.datetime:
    """What beat does every HEARTBEAT_SECONDS: send the heartbeat task, stamped with the time, and record it."""
    sent_at = timezone.now()
    heartbeat_sent_record(sent_at=sent_at)
    return sent_at


def _worker_runs(sent_at: datetime.datetime) -> None:
    heartbeat_ran_record_task(sent_at=sent_at.isoformat())


def _tick() -> None:
    _worker_runs(_beat_sends())


def _get(client):
    response = client.get(URL)
    return response.status_code, response.json()


def test_it_is_healthy_once_a_worker_has_run_what_beat_sent(client, db, background):
    _tick()
    _at(background, 30)
    status, body = _get(client)
    assert status == 200
    assert body == {
        "status": "ok",
        "worker": {"status": "ok", "last_seen_seconds": 30, "heartbeat_waiting": False, "failing_after_seconds": 180},
        "beat": {"status": "ok", "last_tick_seconds": 30, "failing_after_seconds": 120},
        "outbox": {"status": "ok", "oldest_unsent_seconds": None, "failing_after_seconds": 900},
    }


def test_it_says_the_worker_is_failing_when_what_beat_sends_waits_and_healthy_after_the_next_run(
    client, db, background
):
    _tick()
    for seconds in (60, 120, 180):
        _at(background, seconds)
        sent_at = _beat_sends()  # nobody runs it
    status, body = _get(client)
    assert status == 200  # 180 seconds is still within the threshold
    assert body["worker"] == {
        "status": "ok",
        "last_seen_seconds": 180,
        "heartbeat_waiting": True,
        "failing_after_seconds": 180,
    }
    _at(background, 181)
    status, body = _get(client)
    assert status == 503
    assert body["status"] == "failing"
    assert body["worker"]["status"] == "failing"
    assert body["worker"]["last_seen_seconds"] == 181
    assert body["beat"] == {"status": "ok", "last_tick_seconds": 1, "failing_after_seconds": 120}
    _worker_runs(sent_at)  # a worker is back and runs what waited
    status, body = _get(client)
    assert status == 200
    assert body["worker"]["status"] == "ok" and body["worker"]["last_seen_seconds"] == 0
    assert body["worker"]["heartbeat_waiting"] is False


def test_it_says_beat_is_failing_when_it_stops_while_the_worker_has_run_everything_it_sent(client, db, background):
    _tick()
    _at(background, 120)
    assert _get(client)[0] == 200  # one period and the margin: still on time
    _at(background, 121)
    status, body = _get(client)
    assert status == 503
    assert body["beat"] == {"status": "failing", "last_tick_seconds": 121, "failing_after_seconds": 120}
    _at(background, 600)  # long past the workers' threshold too, but nothing beat sent is waiting for them
    status, body = _get(client)
    assert status == 503
    assert body["beat"]["status"] == "failing"
    assert body["worker"] == {
        "status": "ok",
        "last_seen_seconds": 600,
        "heartbeat_waiting": False,
        "failing_after_seconds": 180,
    }
    _tick()
    status, body = _get(client)
    assert status == 200
    assert body["beat"]["last_tick_seconds"] == 0


def test_it_fails_both_before_beat_or_a_worker_was_ever_seen(client, db, background):
    status, body = _get(client)
    assert status == 503
    assert body["beat"] == {"status": "failing", "last_tick_seconds": None, "failing_after_seconds": 120}
    assert body["worker"] == {
        "status": "failing",
        "last_seen_seconds": None,
        "heartbeat_waiting": False,
        "failing_after_seconds": 180,
    }
    _beat_sends()
    status, body = _get(client)
    assert body["beat"]["status"] == "ok"
    assert body["worker"]["status"] == "failing" and body["worker"]["heartbeat_waiting"] is True


def test_it_takes_its_thresholds_from_settings(client, db, background, settings):
    settings.HEARTBEAT_SECONDS, settings.HEALTH_BEAT_MARGIN_SECONDS = 10, 5
    settings.HEALTH_WORKER_SECONDS = 20
    _tick()
    _at(background, 15)
    _beat_sends()
    assert _get(client)[0] == 200
    _at(background, 21)
    status, body = _get(client)
    assert (status, body["worker"]["status"], body["beat"]["status"]) == (503, "failing", "ok")
    assert body["beat"]["failing_after_seconds"] == 15 and body["worker"]["failing_after_seconds"] == 20


def test_it_records_each_heartbeat_once_however_often_and_in_whatever_order_it_runs(db, background):
    first = _beat_sends()
    _at(background, 60)
    second = _beat_sends()
    _worker_runs(second)
    _worker_runs(second)
    _worker_runs(first)  # a late duplicate of the earlier one moves nothing back
    heartbeat = Heartbeat.objects.get()
    assert (heartbeat.beat_sent_at, heartbeat.worker_ran_at, heartbeat.worker_ran_sent_at) == (second, second, second)
    heartbeat_sent_record(sent_at=first)
    assert Heartbeat.objects.get().beat_sent_at == second


def test_it_records_a_heartbeat_run_by_hand_without_the_time_beat_sent_it(db, background):
    _tick()
    _at(background, 30)
    heartbeat_ran_record_task()
    heartbeat = Heartbeat.objects.get()
    assert heartbeat.worker_ran_at == START + datetime.timedelta(seconds=30)
    assert heartbeat.worker_ran_sent_at == START


def test_it_reports_the_oldest_email_waiting_and_fails_when_it_has_waited_too_long(client, db, background):
    _tick()
    make_message("sent", state=OutboxMessage.State.SENT, created_at=START - datetime.timedelta(days=3))
    # Failed for good: shown to staff at /emails/, not waiting, so not the monitor's business.
    make_message("failed", state=OutboxMessage.State.FAILED, created_at=START - datetime.timedelta(days=2))
    pending = make_message("pending", state=OutboxMessage.State.PENDING, created_at=START)
    sending = make_message(
        "sending", state=OutboxMessage.State.SENDING, created_at=START + datetime.timedelta(minutes=5)
    )
    _at(background, 600)
    _tick()
    status, body = _get(client)
    assert status == 200
    assert body["outbox"] == {"status": "ok", "oldest_unsent_seconds": 600, "failing_after_seconds": 900}
    _at(background, 901)
    _tick()
    status, body = _get(client)
    assert status == 503
    assert body["outbox"] == {"status": "failing", "oldest_unsent_seconds": 901, "failing_after_seconds": 900}
    assert (body["worker"]["status"], body["beat"]["status"]) == ("ok", "ok")
    OutboxMessage.objects.filter(pk=pending.pk).update(state=OutboxMessage.State.SENT)
    status, body = _get(client)
    assert status == 200
    assert body["outbox"]["oldest_unsent_seconds"] == 601  # the one still sending, queued five minutes later
    OutboxMessage.objects.filter(pk=sending.pk).update(state=OutboxMessage.State.SENT)
    status, body = _get(client)
    assert (status, body["outbox"]["oldest_unsent_seconds"]) == (200, None)


def test_it_shows_nothing_about_the_emails_but_their_age(client, db, background):
    make_message("registration:1", state=OutboxMessage.State.PENDING, to="lee@bolton.example", subject="Your place")
    text = client.get(URL).content.decode()
    for private in ("lee@bolton.example", "bolton", "Your place", "registration"):
        assert private not in text


def test_it_says_there_is_no_worker_or_beat_when_tasks_run_in_process(client, db, background, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    status, body = _get(client)
    assert status == 200
    assert body["status"] == "ok"
    for process in ("worker", "beat"):
        assert body[process]["status"] == "not used"
        assert "tasks run in the web process" in body[process]["detail"]
    assert body["outbox"]["status"] == "ok"
    make_message("stuck", state=OutboxMessage.State.PENDING, created_at=START - datetime.timedelta(hours=1))
    status, body = _get(client)
    assert (status, body["outbox"]["status"]) == (503, "failing")


def test_it_is_never_cached_and_refuses_post(client, db, background):
    response = client.get(URL)
    assert "no-cache" in response["Cache-Control"]
    assert client.post(URL).status_code == 405


def test_it_says_the_database_is_failing_when_it_cannot_read_the_heartbeat(client, db, background):
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("down")):
        status, body = _get(client)
    assert (status, body) == (503, {"status": "failing", "database": "failing"})


def test_it_has_beat_send_the_heartbeat_every_heartbeat_seconds():
    entry = settings.CELERY_BEAT_SCHEDULE["heartbeat"]
    assert entry["task"] == "notifications.tasks.heartbeat_ran_record_task"
    assert entry["schedule"] == settings.HEARTBEAT_SECONDS == 60
