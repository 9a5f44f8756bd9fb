import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q


class OutboxMessageQuerySet(models.QuerySet):
    def due(self, now):
        """Waiting and due, or left "sending" by a worker that stopped before its lease ran out."""
        waiting = Q(state=OutboxMessage.State.PENDING, next_attempt_at__lte=now)
        abandoned = Q(state=OutboxMessage.State.SENDING, lease_expires_at__lte=now)
        return self.filter(waiting | abandoned)

    def needing_attention(self):
        """Failed for good, or delayed: tried at least once and waiting to be tried again."""
        failed = Q(state=OutboxMessage.State.FAILED)
        delayed = Q(state__in=[OutboxMessage.State.PENDING, OutboxMessage.State.SENDING], attempts__gte=1)
        return self.filter(failed | delayed)

    def visible_to(self, user):
        """Programme staff see every message; champion staff those about their own events and support days."""
        if getattr(user, "is_programme_staff", False):
            return self
        if getattr(user, "is_champion_staff", False):
            return self.filter(champion_id=user.champion_id)
        return self.none()


class OutboxMessage(models.Model):
    """One email, written in the same transaction as the change that causes it, then sent by a worker.

    The unique key (what, for whom, which occasion) means each message is queued once, however often
    the code that queues it runs. The row records every attempt, so staff can see what failed and why.
    """

    class State(models.TextChoices):
        PENDING = "pending", "Waiting to send"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    key = models.CharField(max_length=200, unique=True)
    template = models.CharField(max_length=100, blank=True)
    # The champion whose event, support day or case study the message is about, so its staff see failures.
    champion = models.ForeignKey(
        "regions.Champion", null=True, blank=True, on_delete=models.SET_NULL, related_name="outbox_messages"
    )
    to = models.EmailField(blank=True)
    subject = models.CharField(max_length=255)
    text_body = models.TextField(blank=True)
    html_body = models.TextField(blank=True)
    # [{"filename", "mimetype", "content" (text)}]: calendar files, the only attachments we send.
    attachments = models.JSONField(default=list, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()
    next_attempt_at = models.DateTimeField()
    # Transient failures are tried again until then (EMAIL_RETRY_HOURS after queueing, or after "send again").
    retry_until = models.DateTimeField(null=True, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    server_reply = models.CharField(max_length=500, blank=True)

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="outbox_state_due"),
            # A reminder job compares its candidates with the recent messages of its own templates only.
            models.Index(fields=["template", "created_at"], name="outbox_template_created"),
        ]

    def __str__(self) -> str:
        return self.key

    @property
    def is_delayed(self) -> bool:
        return self.state != self.State.FAILED and self.state != self.State.SENT and self.attempts > 0

    @property
    def message_id(self) -> str:
        """The same Message-ID on every attempt, so a receiving system can recognise a rare repeat."""
        digest = hashlib.sha256(self.key.encode()).hexdigest()[:32]
        return f"<{digest}@{settings.EMAIL_MESSAGE_ID_DOMAIN}>"


class Heartbeat(models.Model):
    """One row, read by /healthz/background: when beat last sent the heartbeat task, and when a worker last ran one.

    Beat writes `beat_sent_at` each time it sends one (notifications/heartbeat.py); the worker that runs it writes
    `worker_ran_at` and `worker_ran_sent_at`, the time beat had written into that heartbeat. Beat has stopped when
    `beat_sent_at` is old. A worker has stopped when beat sent one after `worker_ran_sent_at` (both beat's clock)
    and no worker has run one for a while; with beat stopped, nothing waits, and the workers are not to blame.
    """

    beat_sent_at = models.DateTimeField(null=True)
    worker_ran_at = models.DateTimeField(null=True)
    worker_ran_sent_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"beat sent {self.beat_sent_at}, a worker ran {self.worker_ran_at}"
