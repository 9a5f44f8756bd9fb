"""email_queue: each message is written to the outbox in the caller's transaction, once per key, and sent
only after that transaction commits; a broker that is down loses nothing."""

import threading
from unittest import mock

import pytest
from django.db import connection, transaction
from django.utils import timezone

from notifications.models import OutboxMessage
from notifications.services import Attachment, email_queue, outbox_send_due

CONTEXT = {
    "user": mock.Mock(full_name="Lee Officer"),
    "protocol": "https",
    "domain": "portal.example",
    "uid": "MQ",
    "token": "abc-123",
}


def _queue(key: str = "password-reset:1", **overrides) -> bool:
    fields = {"key": key, "to": "lee@bolton.example", "template": "password_reset", "context": CONTEXT}
    return email_queue(**{**fields, "now": timezone.now(), **overrides})


def test_it_writes_the_rendered_message_and_sends_it_after_commit(db, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert _queue(attachments=(Attachment("event.ics", b"BEGIN:VCALENDAR", "text/calendar"),)) is True
        row = OutboxMessage.objects.get()
        assert row.state == OutboxMessage.State.PENDING and not mailoutbox
    assert len(callbacks) == 1
    [message] = mailoutbox
    assert message.subject == "Reset your Champions Portal password" == row.subject
    assert message.to == ["lee@bolton.example"]
    assert "https://portal.example/password-reset/MQ/abc-123/" in message.body
    assert "Choose a new password" in message.alternatives[0][0]
    assert message.attachments == [("event.ics", "BEGIN:VCALENDAR", "text/calendar")]
    assert message.extra_headers["Message-ID"] == row.message_id
    row.refresh_from_db()
    assert (row.state, row.attempts, row.template) == (OutboxMessage.State.SENT, 1, "password_reset")
    assert row.sent_at is not None


def test_it_queues_each_key_once(db, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert _queue() is True
        assert _queue() is False
        assert _queue(to="someone.else@example.com") is False
        assert _queue("password-reset:2") is True
    assert OutboxMessage.objects.count() == 2
    assert len(mailoutbox) == 2


def test_it_keeps_the_same_message_id_for_a_key():
    assert OutboxMessage(key="a").message_id == OutboxMessage(key="a").message_id != OutboxMessage(key="b").message_id
    assert (
        OutboxMessage(key="a").message_id.startswith("<")
        and "@champions-portal.example>" in OutboxMessage(key="a").message_id
    )


def test_it_writes_nothing_when_the_change_is_rolled_back(db, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        _queue()
        raise RuntimeError("the change failed")
    assert not OutboxMessage.objects.exists()
    assert not mailoutbox


def test_it_loses_nothing_when_the_broker_is_down(db, mailoutbox, django_capture_on_commit_callbacks, caplog):
    with (
        mock.patch(
            "notifications.tasks.outbox_message_send_task.apply_async", side_effect=ConnectionRefusedError("Redis")
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert _queue() is True
    assert not mailoutbox
    assert "the sweeper will send it" in caplog.text
    assert OutboxMessage.objects.get().state == OutboxMessage.State.PENDING
    assert outbox_send_due(now=timezone.now()) == 1
    assert len(mailoutbox) == 1
    assert OutboxMessage.objects.get().state == OutboxMessage.State.SENT


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_queues_once_when_four_transactions_race_on_the_same_key(mailoutbox):
    barrier = threading.Barrier(4)
    results = []

    def worker():
        try:
            barrier.wait()
            with transaction.atomic():
                results.append(_queue("race:1"))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, False, False, True]
    assert OutboxMessage.objects.filter(key="race:1").count() == 1
    assert len(mailoutbox) == 1
