"""The outbox's periodic jobs, each safe to run twice: erasing sent messages' contents, clearing sessions."""

import datetime

from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from accounts.tasks import sessions_clear_task
from notifications.models import OutboxMessage
from notifications.services import outbox_sent_erase


def _sent(key: str, *, days_ago: int, state: str = "sent") -> OutboxMessage:
    when = timezone.now() - datetime.timedelta(days=days_ago)
    return OutboxMessage.objects.create(
        key=key,
        to=f"{key}@example.com",
        subject="Your place",
        text_body="Hello",
        html_body="<p>Hello</p>",
        attachments=[{"filename": "event.ics", "mimetype": "text/calendar", "content": "QkVHSU4="}],
        state=state,
        attempts=1,
        created_at=when,
        next_attempt_at=when,
        sent_at=when if state == "sent" else None,
    )


def test_it_clears_addresses_and_bodies_of_old_sent_messages_and_keeps_the_key(db, settings):
    settings.EMAIL_RETENTION_DAYS = 30
    old, recent, failed = (
        _sent("old", days_ago=31),
        _sent("recent", days_ago=29),
        _sent("failed", days_ago=40, state="failed"),
    )
    assert outbox_sent_erase(now=timezone.now()) == 1
    assert outbox_sent_erase(now=timezone.now()) == 0  # run twice: nothing more
    old.refresh_from_db()
    assert (old.key, old.state, old.to, old.subject, old.text_body, old.html_body, old.attachments) == (
        "old",
        "sent",
        "",
        "",
        "",
        "",
        [],
    )
    assert old.sent_at is not None
    assert OutboxMessage.objects.get(pk=recent.pk).to == "recent@example.com"
    assert OutboxMessage.objects.get(pk=failed.pk).to == "failed@example.com"  # staff still need to see it


def test_it_says_so_in_the_privacy_notice(client, settings):
    assert "deleted 30 days after the email is sent" in client.get("/privacy/").content.decode()


def test_it_clears_expired_sessions_twice_safely(db):
    expired = SessionStore()
    expired.set_expiry(-1)
    expired.create()
    live = SessionStore()
    live.create()
    sessions_clear_task()
    sessions_clear_task()
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]
