"""Every email goes through email_send_once: a key is sent at most once, even under races."""

import threading
import time
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from notifications.models import SentMessage
from notifications.services import Attachment, email_send_once


def _send(key: str = "invitation:1", **overrides) -> bool:
    fields = {
        "key": key,
        "to": "lee@bolton.example",
        "template": "password_reset",
        "context": {
            "user": mock.Mock(full_name="Lee Officer"),
            "protocol": "https",
            "domain": "portal.example",
            "uid": "MQ",
            "token": "abc-123",
        },
        "now": timezone.now(),
    }
    return email_send_once(**{**fields, **overrides})


def test_it_sends_an_email_with_text_and_html_and_records_it(db, mailoutbox):
    assert _send() is True
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.subject == "Reset your Champions Portal password"
    assert message.to == ["lee@bolton.example"]
    assert "https://portal.example/password-reset/MQ/abc-123/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Choose a new password" in html
    row = SentMessage.objects.get()
    assert (row.key, row.to, row.subject) == ("invitation:1", "lee@bolton.example", message.subject)


def test_it_never_sends_the_same_key_twice(db, mailoutbox):
    assert _send() is True
    assert _send() is False
    assert _send(to="someone.else@example.com") is False
    assert len(mailoutbox) == 1
    assert SentMessage.objects.count() == 1


def test_it_sends_different_keys(db, mailoutbox):
    _send("a")
    _send("b")
    assert len(mailoutbox) == 2


def test_it_attaches_files(db, mailoutbox):
    _send(attachments=(Attachment("event.ics", b"BEGIN:VCALENDAR", "text/calendar"),))
    assert mailoutbox[0].attachments == [("event.ics", "BEGIN:VCALENDAR", "text/calendar")]


def test_it_forgets_a_failed_send_so_a_retry_sends(db, mailoutbox):
    with (
        mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("SMTP down")),
        pytest.raises(OSError),
    ):
        _send()
    assert not SentMessage.objects.exists()
    assert _send() is True
    assert len(mailoutbox) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_sends_once_when_two_workers_race_on_the_same_key(mailoutbox):
    """Two real transactions at once; the slow send keeps the first uncommitted while the second tries."""
    real_send = mail.EmailMultiAlternatives.send
    sent = []

    def slow_send(message, *args, **kwargs):
        time.sleep(0.5)
        sent.append(message.to)
        return real_send(message, *args, **kwargs)

    barrier = threading.Barrier(4)
    results = []

    def worker():
        try:
            barrier.wait()
            results.append(_send("race:1"))
        finally:
            connection.close()

    with mock.patch("django.core.mail.EmailMultiAlternatives.send", slow_send):
        threads = [threading.Thread(target=worker) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sorted(results) == [False, False, False, True]
    assert len(sent) == 1
    assert SentMessage.objects.filter(key="race:1").count() == 1
