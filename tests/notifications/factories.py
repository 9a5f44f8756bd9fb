"""Outbox messages for tests: rows in a given state, and messages queued as if their fast-path task was lost."""

import datetime
from unittest import mock

from django.utils import timezone

from notifications.models import OutboxMessage
from notifications.services import email_queue
from regions.models import Champion


def make_message(key: str, *, state: str, attempts: int = 1, champion: Champion | None = None, **fields):
    """A row as the sender leaves it: queued two hours ago, tried `attempts` times."""
    now = timezone.now()
    values = {
        "template": "registration_confirmed",
        "to": f"{key}@example.com",
        "subject": f"Subject {key}",
        "text_body": "Hello",
        "html_body": "<p>Hello</p>",
        "created_at": now - datetime.timedelta(hours=2),
        "next_attempt_at": now + datetime.timedelta(minutes=5),
        "retry_until": now + datetime.timedelta(hours=40),
    }
    return OutboxMessage.objects.create(
        key=key, state=state, attempts=attempts, champion=champion, **{**values, **fields}
    )


def reopened_context(i: int) -> dict:
    """What the self_evaluation_reopened email needs, for person i."""
    return {
        "person": mock.Mock(full_name=f"Person {i}"),
        "quarterly_return": mock.Mock(),
        "change": mock.Mock(),
        "return_url": "https://portal.example/returns/1/",
    }


def queue_lost(n: int, *, now: datetime.datetime | None = None) -> list[OutboxMessage]:
    """n messages in the outbox whose fast-path tasks were never delivered (as when the broker is emptied)."""
    now = now or timezone.now()
    with mock.patch("notifications.services._dispatch"):
        for i in range(n):
            email_queue(
                key=f"test:{i}",
                to=f"person{i}@example.com",
                template="self_evaluation_reopened",
                context=reopened_context(i),
                now=now,
            )
    return list(OutboxMessage.objects.order_by("pk"))
