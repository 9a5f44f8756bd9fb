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
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    server_reply = models.CharField(max_length=500, blank=True)

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="outbox_state_due")]

    def __str__(self) -> str:
        return self.key

    @property
    def message_id(self) -> str:
        """The same Message-ID on every attempt, so a receiving system can recognise a rare repeat."""
        digest = hashlib.sha256(self.key.encode()).hexdigest()[:32]
        return f"<{digest}@{settings.EMAIL_MESSAGE_ID_DOMAIN}>"
