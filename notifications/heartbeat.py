"""Whether Celery beat and the workers are running, for /healthz/background (and how long email has waited).

Beat sends `heartbeat_ran_record_task` every HEARTBEAT_SECONDS (CELERY_BEAT_SCHEDULE). In the beat process only,
two Celery signal receivers write into each heartbeat the time beat sent it and, once the broker has it, record
that time as beat's last tick; the worker that runs it records when it ran it and which tick it was. Beat and the
workers each write their own columns of the one `Heartbeat` row, so a stopped beat and a stopped worker are told
apart, and the check is two small queries on the database: it never waits on the broker or a worker.
"""

import datetime

from celery.signals import after_task_publish, beat_init, before_task_publish
from django.conf import settings
from django.db import close_old_connections
from django.db.models import F, Min, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from notifications.models import Heartbeat, OutboxMessage

HEARTBEAT_TASK = "notifications.tasks.heartbeat_ran_record_task"
IN_PROCESS = "No broker (REDIS_URL is not set): tasks run in the web process, so there is no worker or beat to watch."


def _advance(**moments: datetime.datetime) -> None:
    """Move each named column of the one row forward to its moment, never back: safe to repeat, in any order."""
    changes = {name: Greatest(Coalesce(F(name), Value(moment)), Value(moment)) for name, moment in moments.items()}
    if not Heartbeat.objects.filter(pk=1).update(**changes):
        Heartbeat.objects.get_or_create(pk=1)
        Heartbeat.objects.filter(pk=1).update(**changes)


def heartbeat_sent_record(*, sent_at: datetime.datetime) -> None:
    """Beat's side: it sent the heartbeat stamped `sent_at`. Safe to repeat."""
    _advance(beat_sent_at=sent_at)


def heartbeat_ran_record(*, sent_at: datetime.datetime | None, now: datetime.datetime) -> None:
    """A worker's side: it ran, at `now`, the heartbeat beat sent at `sent_at` (None: one sent by hand, not by beat).
    Safe to repeat, and a late duplicate of an older heartbeat moves nothing back."""
    _advance(worker_ran_at=now, **({"worker_ran_sent_at": sent_at} if sent_at else {}))


# --- In the beat process ------------------------------------------------------------------------------------


def _stamp(sender=None, body=None, **kwargs) -> None:
    """Before beat publishes the heartbeat: write into its kwargs (body is (args, kwargs, embed)) when it was sent."""
    body[1].setdefault("sent_at", timezone.now().isoformat())


def _sent(sender=None, body=None, **kwargs) -> None:
    """After the broker took it. Beat keeps its database connection between ticks, unlike a worker between tasks,
    so one broken by a database restart is closed here rather than failing every tick after."""
    close_old_connections()
    heartbeat_sent_record(sent_at=datetime.datetime.fromisoformat(body[1]["sent_at"]))


def _beat_started(sender=None, **kwargs) -> None:
    before_task_publish.connect(_stamp, sender=HEARTBEAT_TASK)
    after_task_publish.connect(_sent, sender=HEARTBEAT_TASK)


def connect_beat_receivers() -> None:
    """Called from NotificationsConfig.ready: only a process that starts beat (`celery beat`, or a worker's `-B`)
    stamps and records the heartbeats it publishes; one sent by hand from a shell proves nothing about beat."""
    beat_init.connect(_beat_started)


# --- The check ----------------------------------------------------------------------------------------------


def _age(now: datetime.datetime, moment: datetime.datetime | None) -> int | None:
    return None if moment is None else max(0, int((now - moment).total_seconds()))


def _ok(good: bool) -> str:
    return "ok" if good else "failing"


def background_health(*, now: datetime.datetime) -> tuple[bool, dict]:
    """Whether beat, the workers and the outbox are keeping up, and the figures for a monitor (no personal data)."""
    oldest = OutboxMessage.objects.filter(
        state__in=[OutboxMessage.State.PENDING, OutboxMessage.State.SENDING]
    ).aggregate(oldest=Min("created_at"))["oldest"]
    waited = _age(now, oldest)
    outbox_ok = waited is None or waited <= settings.HEALTH_OUTBOX_SECONDS
    body = {
        "outbox": {
            "status": _ok(outbox_ok),
            "oldest_unsent_seconds": waited,
            "failing_after_seconds": settings.HEALTH_OUTBOX_SECONDS,
        }
    }
    if settings.CELERY_TASK_ALWAYS_EAGER:
        body["worker"] = body["beat"] = {"status": "not used", "detail": IN_PROCESS}
        return outbox_ok, {"status": _ok(outbox_ok), **body}

    heartbeat = Heartbeat.objects.filter(pk=1).first() or Heartbeat()
    beat_limit = settings.HEARTBEAT_SECONDS + settings.HEALTH_BEAT_MARGIN_SECONDS
    tick = _age(now, heartbeat.beat_sent_at)
    beat_ok = tick is not None and tick <= beat_limit
    waiting = heartbeat.beat_sent_at is not None and (
        heartbeat.worker_ran_sent_at is None or heartbeat.beat_sent_at > heartbeat.worker_ran_sent_at
    )
    seen = _age(now, heartbeat.worker_ran_at)
    worker_ok = seen is not None and (not waiting or seen <= settings.HEALTH_WORKER_SECONDS)
    healthy = outbox_ok and beat_ok and worker_ok
    return healthy, {
        "status": _ok(healthy),
        "worker": {
            "status": _ok(worker_ok),
            "last_seen_seconds": seen,
            "heartbeat_waiting": waiting,
            "failing_after_seconds": settings.HEALTH_WORKER_SECONDS,
        },
        "beat": {"status": _ok(beat_ok), "last_tick_seconds": tick, "failing_after_seconds": beat_limit},
        **body,
    }
