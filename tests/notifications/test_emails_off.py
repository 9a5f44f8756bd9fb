"""emails_off(): the services queue no email inside it (loading sample activity), and do again outside it."""

from unittest import mock

import pytest
from django.utils import timezone

from notifications.models import OutboxMessage
from notifications.services import email_queue, emails_off

CONTEXT = {"user": mock.Mock(full_name="Lee Officer"), "protocol": "https", "domain": "portal.example"}
CONTEXT |= {"uid": "MQ", "token": "abc-123"}


def _queue(key: str) -> bool:
    return email_queue(key=key, to="lee@bolton.example", template="password_reset", context=CONTEXT, now=timezone.now())


def test_it_queues_nothing_inside_the_block_and_as_usual_after_it(db, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, emails_off():
        assert _queue("password-reset:1") is False
    assert not OutboxMessage.objects.exists() and callbacks == [] and mailoutbox == []
    assert _queue("password-reset:1") is True
    assert OutboxMessage.objects.get().key == "password-reset:1"


def test_it_queues_again_after_a_block_that_failed(db):
    with pytest.raises(RuntimeError), emails_off():
        raise RuntimeError("a sample action failed")
    assert _queue("password-reset:2") is True
