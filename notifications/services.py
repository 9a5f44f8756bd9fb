"""Email through the outbox: every message is queued with `email_queue` in the transaction of the change
that causes it, and sent afterwards by `outbox_send`, outside any transaction, once per key."""

import base64
import contextlib
import contextvars
import datetime
import logging
import smtplib
import time
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from audit.services import audit_record
from notifications.models import OutboxMessage
from regions.models import Champion

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str


# True only inside `emails_off()`.
_emails_off = contextvars.ContextVar("emails_off", default=False)


@contextlib.contextmanager
def emails_off():
    """Inside this block `email_queue` queues nothing. Only for loading invented sample activity (sample_data)
    through the real services: its invented people must never be emailed."""
    token = _emails_off.set(True)
    try:
        yield
    finally:
        _emails_off.reset(token)


def email_render(*, template: str, context: dict) -> tuple[str, str, str]:
    """Subject, text body and HTML body from templates/emails/<template>_subject|_body.txt|_body.html."""
    context = {"site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
    text = render_to_string(f"emails/{template}_body.txt", context)
    html = render_to_string(f"emails/{template}_body.html", context)
    return subject, text, html


def email_queue(
    *,
    key: str,
    to: str,
    template: str,
    context: dict,
    now: datetime.datetime,
    attachments: tuple[Attachment, ...] = (),
    champion: Champion | None = None,
) -> bool:
    """Write the rendered message to the outbox in the caller's transaction; after it commits, queue the
    task that sends it (the sweeper sends it anyway if that task is lost). Returns False, writing nothing,
    when a message with this key was queued before: safe to repeat, and two racing callers queue one. Also
    False, writing nothing, inside `emails_off()`."""
    if _emails_off.get() or OutboxMessage.objects.filter(key=key).exists():
        return False
    subject, text, html = email_render(template=template, context=context)
    try:
        with transaction.atomic():
            message = OutboxMessage.objects.create(
                key=key,
                template=template,
                champion=champion,
                to=to,
                subject=subject[:255],
                text_body=text,
                html_body=html,
                attachments=[
                    {"filename": a.filename, "mimetype": a.mimetype, "content": base64.b64encode(a.content).decode()}
                    for a in attachments
                ],
                created_at=now,
                next_attempt_at=now,
                retry_until=now + datetime.timedelta(hours=settings.EMAIL_RETRY_HOURS),
            )
    except IntegrityError:
        return False
    transaction.on_commit(partial(_hand_over, message.pk))
    return True


# The ids queued inside `outbox_batches()`, else None.
_batch = contextvars.ContextVar("outbox_batch", default=None)


@contextlib.contextmanager
def outbox_batches():
    """Messages queued (and committed) inside this block are handed to the workers when it ends, in tasks of
    OUTBOX_BATCH_SIZE messages, each sent over one SMTP connection, instead of a task and a connection per
    message. For jobs that queue many messages at once (the reminders). A message whose transaction commits
    after the block goes alone, as usual; one whose task is lost is sent by the sweeper."""
    ids: list[int] = []
    token = _batch.set(ids)
    try:
        yield
    finally:
        _batch.reset(token)
        for start in range(0, len(ids), settings.OUTBOX_BATCH_SIZE):
            _dispatch_batch(ids[start : start + settings.OUTBOX_BATCH_SIZE])


def _hand_over(message_id: int) -> None:
    batch = _batch.get()
    if batch is None:
        _dispatch(message_id)
    else:
        batch.append(message_id)


def _dispatch(message_id: int) -> None:
    """The fast path. With the broker down the message waits for the sweeper, so a failure is only logged:
    the change that caused the email has been saved and the person sees their page as usual."""
    from notifications.tasks import outbox_message_send_task

    try:
        outbox_message_send_task.apply_async((message_id,), retry=False)
    except Exception:
        logger.warning("Could not queue outbox message %s; the sweeper will send it", message_id, exc_info=True)


def _dispatch_batch(message_ids: list[int]) -> None:
    """`_dispatch` for several messages, sent by one task over one connection."""
    from notifications.tasks import outbox_messages_send_task

    try:
        outbox_messages_send_task.apply_async((message_ids,), retry=False)
    except Exception:
        logger.warning("Could not queue %s outbox messages; the sweeper sends them", len(message_ids), exc_info=True)


class NotFailed(Exception):
    """Only a failed message can be sent again; one sent or still being tried is left alone."""


@transaction.atomic
def outbox_message_send_again(*, message: OutboxMessage, now: datetime.datetime) -> OutboxMessage:
    """Put a failed message back in the outbox, due now, with a fresh retry period; its task is queued after
    commit. Still once per key: it is the same row. Raises NotFailed for any other state."""
    message = OutboxMessage.objects.select_for_update().get(pk=message.pk)
    if message.state != OutboxMessage.State.FAILED:
        raise NotFailed
    message.state = OutboxMessage.State.PENDING
    message.next_attempt_at = now
    message.retry_until = now + datetime.timedelta(hours=settings.EMAIL_RETRY_HOURS)
    message.save(update_fields=["state", "next_attempt_at", "retry_until"])
    audit_record(action="email.sent_again", obj=message, changes={"template": [None, message.template]}, at=now)
    transaction.on_commit(partial(_dispatch, message.pk))
    return message


def outbox_sent_erase(*, now: datetime.datetime) -> int:
    """Periodic (beat, daily): clear the address, subject, bodies and attachments of messages sent more than
    EMAIL_RETENTION_DAYS ago; the key, state and times stay, so nothing is sent again. One UPDATE: safe to
    run twice. Returns how many were cleared."""
    cutoff = now - datetime.timedelta(days=settings.EMAIL_RETENTION_DAYS)
    return (
        OutboxMessage.objects.filter(state=OutboxMessage.State.SENT, sent_at__lte=cutoff)
        .exclude(to="", text_body="")
        .update(to="", subject="", text_body="", html_body="", attachments=[])
    )


# --- Sending ----------------------------------------------------------------------------------


def outbox_claim(*, now: datetime.datetime, limit: int, ids: list[int] | None = None) -> list[OutboxMessage]:
    """Claim up to `limit` due messages in one committed transaction: each becomes "sending", attempt n,
    with a lease. Rows another worker holds are skipped (SKIP LOCKED), so parallel senders never share one."""
    with transaction.atomic():
        due = OutboxMessage.objects.due(now)
        if ids is not None:
            due = due.filter(pk__in=ids)
        messages = list(due.select_for_update(skip_locked=True).order_by("next_attempt_at", "pk")[:limit])
        claim = {
            "state": OutboxMessage.State.SENDING,
            "last_attempt_at": now,
            "lease_expires_at": now + datetime.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS),
        }
        OutboxMessage.objects.filter(pk__in=[m.pk for m in messages]).update(attempts=F("attempts") + 1, **claim)
        for message in messages:
            message.attempts += 1
            vars(message).update(claim)
    return messages


def outbox_send(*, now: datetime.datetime, ids: list[int] | None = None) -> int:
    """Claim due messages (or those of `ids` that are due) and send them over one SMTP connection, with no
    database transaction open during any SMTP call. Each outcome is committed on its own: sent with the
    server's reply; a recipient or message refused for good (5xx) failed, or for now (4xx) tried again later,
    and the loop goes on; a failure of the server or connection leaves the rest for the next try, with backoff.
    Returns how many were claimed. Safe to run in parallel and to repeat."""
    messages = outbox_claim(now=now, limit=settings.OUTBOX_BATCH_SIZE, ids=ids)
    if not messages:
        return 0
    mail = get_connection(fail_silently=False)
    try:
        mail.open()
    except Exception as error:
        for message in messages:
            _record_failure(message, error)
        return len(messages)
    try:
        for index, message in enumerate(messages):
            try:
                mail.send_messages([_email(message)])
            except Exception as error:
                _record_failure(message, error)
                if not isinstance(error, MESSAGE_ERRORS):
                    # The server or the connection failed, not this message: the rest wait for the next try.
                    for rest in messages[index + 1 :]:
                        _record_failure(rest, error)
                    break
            else:
                _record(
                    message,
                    state=OutboxMessage.State.SENT,
                    sent_at=timezone.now(),
                    last_error="",
                    server_reply=getattr(mail, "last_reply", "")[:500],
                    lease_expires_at=None,
                )
    finally:
        try:
            mail.close()
        except Exception:  # closing a broken connection must not hide what was recorded
            logger.debug("Closing the SMTP connection failed", exc_info=True)
    return len(messages)


def outbox_send_due(*, now: datetime.datetime) -> int:
    """Periodic (beat, every minute): send every due message, batch after batch, for at most
    OUTBOX_SWEEP_SECONDS. Catches messages whose task was lost with the broker's contents, and those left
    "sending" past their lease by a worker that died. Safe to run twice and in parallel with itself."""
    started = time.monotonic()
    claimed = 0
    while time.monotonic() - started < settings.OUTBOX_SWEEP_SECONDS:
        batch = outbox_send(now=now)
        if not batch:
            break
        claimed += batch
    return claimed


def _email(message: OutboxMessage) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject, body=message.text_body, to=[message.to], headers={"Message-ID": message.message_id}
    )
    email.attach_alternative(message.html_body, "text/html")
    for attachment in message.attachments:
        email.attach(attachment["filename"], base64.b64decode(attachment["content"]), attachment["mimetype"])
    return email


# The server answered about this message alone (its recipient or its content), so the next one may go.
MESSAGE_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError)


def _refused_for_good(error: Exception) -> bool:
    """The server refused this recipient or this message with a permanent (5xx) reply."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    return isinstance(error, smtplib.SMTPDataError) and error.smtp_code >= 500


def _record_failure(message: OutboxMessage, error: Exception) -> None:
    now = timezone.now()
    reason = f"{type(error).__name__}: {error}"[:2000]
    too_old = message.retry_until is not None and now >= message.retry_until
    if _refused_for_good(error) or too_old:
        _record(message, state=OutboxMessage.State.FAILED, last_error=reason, lease_expires_at=None)
        return
    backoff = min(settings.OUTBOX_RETRY_FIRST_SECONDS * 2 ** (message.attempts - 1), 60 * 60)
    _record(
        message,
        state=OutboxMessage.State.PENDING,
        last_error=reason,
        lease_expires_at=None,
        next_attempt_at=now + datetime.timedelta(seconds=backoff),
    )


def _record(message: OutboxMessage, **fields) -> None:
    """Commit an attempt's outcome, if the row is still this attempt's. While the database restarts, keep
    trying for OUTBOX_RECORD_RETRY_SECONDS: recording a sent message late is better than sending it again."""
    deadline = time.monotonic() + settings.OUTBOX_RECORD_RETRY_SECONDS
    while True:
        try:
            OutboxMessage.objects.filter(pk=message.pk, attempts=message.attempts).update(**fields)
            return
        except (OperationalError, InterfaceError):
            if time.monotonic() >= deadline or connection.in_atomic_block:
                raise
            connection.close()
            time.sleep(0.5)
