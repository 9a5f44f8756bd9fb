"""outbox_send against a real SMTP server: sent once, one refused address never holds up the others, and
nothing is lost while the server refuses connections, hangs, or the database connection drops."""

import datetime
import threading
from unittest import mock

import pytest
from django.db import connection
from django.utils import timezone

from notifications import services
from notifications.models import OutboxMessage
from notifications.services import outbox_send, outbox_send_due
from tests.notifications.factories import queue_lost, reopened_context


def _states() -> dict[str, int]:
    states: dict[str, int] = {}
    for state in OutboxMessage.objects.values_list("state", flat=True):
        states[state] = states.get(state, 0) + 1
    return states


def test_it_sends_each_due_message_once_and_records_the_servers_reply(db, smtp_server):
    rows = queue_lost(3)
    assert outbox_send_due(now=timezone.now()) == 3
    assert outbox_send_due(now=timezone.now()) == 0
    assert smtp_server.count_by_message_id() == {row.message_id: 1 for row in rows}
    for row in OutboxMessage.objects.all():
        assert row.state == OutboxMessage.State.SENT
        assert row.server_reply.startswith("250 2.0.0 Ok: queued as")


def test_it_fails_only_the_refused_address_and_sends_the_others(db, smtp_server):
    queue_lost(5)
    smtp_server.handler.refused.add("person1@example.com")
    outbox_send_due(now=timezone.now())
    assert sorted(m["To"] for m in smtp_server.received) == [f"person{i}@example.com" for i in (0, 2, 3, 4)]
    refused = OutboxMessage.objects.get(to="person1@example.com")
    assert refused.state == OutboxMessage.State.FAILED and "550" in refused.last_error
    assert _states() == {"sent": 4, "failed": 1}


def test_it_tries_again_later_an_address_the_server_defers_with_a_4xx_and_sends_the_others(db, smtp_server):
    queue_lost(3)
    smtp_server.handler.deferred.add("person1@example.com")
    outbox_send_due(now=timezone.now())
    deferred = OutboxMessage.objects.get(to="person1@example.com")
    assert deferred.state == OutboxMessage.State.PENDING and "450" in deferred.last_error
    assert _states() == {"sent": 2, "pending": 1}
    smtp_server.handler.deferred.clear()
    outbox_send_due(now=deferred.next_attempt_at)
    assert sorted(m["To"] for m in smtp_server.received) == [f"person{i}@example.com" for i in range(3)]


def test_it_keeps_messages_while_the_server_refuses_connections_and_sends_them_once_it_is_back(
    db, smtp_server, time_machine
):
    now = timezone.now()
    time_machine.move_to(now, tick=False)
    rows = queue_lost(4, now=now)
    smtp_server.stop()
    outbox_send_due(now=now)
    assert _states() == {"pending": 4}
    row = OutboxMessage.objects.get(pk=rows[0].pk)
    assert "ConnectionRefusedError" in row.last_error and row.attempts == 1 and row.next_attempt_at > now
    assert outbox_send_due(now=now) == 0  # backing off: not tried again at once
    smtp_server.start()
    time_machine.move_to(now + datetime.timedelta(minutes=1), tick=False)
    assert outbox_send_due(now=timezone.now()) == 4
    assert smtp_server.count_by_message_id() == {row.message_id: 1 for row in rows}
    assert _states() == {"sent": 4}


def test_it_backs_off_exponentially_and_gives_up_after_the_retry_period(db, smtp_server, settings, time_machine):
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    queue_lost(1, now=start)
    smtp_server.stop()
    delays = []
    for _ in range(4):
        outbox_send_due(now=timezone.now())
        row = OutboxMessage.objects.get()
        delays.append((row.next_attempt_at - timezone.now()).total_seconds())
        time_machine.move_to(row.next_attempt_at, tick=False)
    assert delays == [30, 60, 120, 240]
    time_machine.move_to(start + datetime.timedelta(hours=settings.EMAIL_RETRY_HOURS), tick=False)
    outbox_send_due(now=timezone.now())
    assert OutboxMessage.objects.get().state == OutboxMessage.State.FAILED


def test_it_gives_up_on_a_hanging_server_after_email_timeout(db, smtp_server):
    queue_lost(3)
    smtp_server.handler.hang_seconds = 5
    started = timezone.now()
    outbox_send_due(now=timezone.now())
    assert (timezone.now() - started).total_seconds() < 4  # one timeout (1 s), not one per message
    assert _states() == {"pending": 3}
    assert "timed out" in OutboxMessage.objects.first().last_error.lower()
    assert not smtp_server.received


def test_it_sends_again_a_message_left_sending_past_its_lease(db, smtp_server, settings):
    now = timezone.now()
    stale, held = queue_lost(2, now=now)
    lease = datetime.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
    OutboxMessage.objects.filter(pk=stale.pk).update(state="sending", attempts=1, lease_expires_at=now - lease)
    OutboxMessage.objects.filter(pk=held.pk).update(state="sending", attempts=1, lease_expires_at=now + lease)
    assert outbox_send_due(now=now) == 1
    assert [m["Message-ID"] for m in smtp_server.received] == [stale.message_id]
    assert OutboxMessage.objects.get(pk=stale.pk).attempts == 2
    assert OutboxMessage.objects.get(pk=held.pk).state == OutboxMessage.State.SENDING


def test_the_fast_path_sends_only_its_own_message_and_only_if_due(db, smtp_server):
    first, second = queue_lost(2)
    assert outbox_send(now=timezone.now(), ids=[first.pk]) == 1
    assert outbox_send(now=timezone.now(), ids=[first.pk]) == 0  # a duplicate delivery of the task
    assert [m["Message-ID"] for m in smtp_server.received] == [first.message_id]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sweepers_in_parallel_send_each_message_once(smtp_server):
    rows = queue_lost(60)
    barrier = threading.Barrier(2)

    def sweeper():
        try:
            barrier.wait()
            outbox_send_due(now=timezone.now())
        finally:
            connection.close()

    threads = [threading.Thread(target=sweeper) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert smtp_server.count_by_message_id() == {row.message_id: 1 for row in rows}
    assert _states() == {"sent": 60}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_holds_no_transaction_open_while_talking_to_the_server(smtp_server):
    queue_lost(2)
    seen = []

    def look_at_the_database():
        from django.db import connections

        other = connections.create_connection("default")
        with other.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND state LIKE 'idle in transaction%%'"
            )
            seen.append(cursor.fetchone()[0])
        other.close()

    smtp_server.handler.on_data = look_at_the_database
    outbox_send_due(now=timezone.now())
    assert seen == [0, 0]
    assert _states() == {"sent": 2}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_records_the_send_when_the_database_connection_drops_while_the_server_accepts(smtp_server):
    [row] = queue_lost(1)
    connection.ensure_connection()
    sender_pid = connection.connection.info.backend_pid

    def drop_the_senders_connection():
        from django.db import connections

        other = connections.create_connection("default")
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [sender_pid])
        other.close()

    smtp_server.handler.on_data = drop_the_senders_connection
    outbox_send_due(now=timezone.now())
    smtp_server.handler.on_data = None
    outbox_send_due(now=timezone.now() + datetime.timedelta(hours=1))
    assert smtp_server.count_by_message_id() == {row.message_id: 1}
    assert OutboxMessage.objects.get().state == OutboxMessage.State.SENT


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("fault", ["refusing", "hanging"])
def test_password_reset_answers_at_once_while_the_mail_server_is_down_and_the_email_goes_later(
    committed_reference_data, client, smtp_server, fault
):
    from tests.conftest import make_person

    make_person("la_officer")  # lee@bolton.example
    if fault == "refusing":
        smtp_server.stop()
    else:
        smtp_server.handler.hang_seconds = 5
    started = timezone.now()
    response = client.post("/password-reset/", {"email": "lee@bolton.example"})
    assert response.status_code == 302
    assert (timezone.now() - started).total_seconds() < 3  # one EMAIL_TIMEOUT at most, never a hung page
    row = OutboxMessage.objects.get(template="password_reset")
    assert row.state == OutboxMessage.State.PENDING and row.last_error
    smtp_server.handler.hang_seconds = 0
    if fault == "refusing":
        smtp_server.start()
    outbox_send_due(now=timezone.now() + datetime.timedelta(minutes=5))
    assert [m["To"] for m in smtp_server.received] == ["lee@bolton.example"]


def test_it_hands_messages_queued_in_a_batch_block_to_one_task_per_batch(settings):
    settings.OUTBOX_BATCH_SIZE = 20
    batch, one = mock.patch("notifications.services._dispatch_batch"), mock.patch("notifications.services._dispatch")
    with batch as batch, one as one:
        with services.outbox_batches():
            for message_id in range(45):
                services._hand_over(message_id)
        services._hand_over(99)  # committed after the block: alone, as usual
    batches = [call.args[0] for call in batch.call_args_list]
    assert batches == [list(range(20)), list(range(20, 40)), list(range(40, 45))]
    one.assert_called_once_with(99)


@pytest.mark.django_db(transaction=True)
def test_a_job_that_queues_many_messages_sends_them_over_one_connection_per_batch(smtp_server, settings):
    settings.OUTBOX_BATCH_SIZE = 10
    connections = mock.Mock(side_effect=services.get_connection)
    with mock.patch("notifications.services.get_connection", connections), services.outbox_batches():
        for i in range(25):
            services.email_queue(
                key=f"batch:{i}",
                to=f"person{i}@example.com",
                template="self_evaluation_reopened",
                context=reopened_context(i),
                now=timezone.now(),
            )
    assert _states() == {"sent": 25}
    assert len(smtp_server.received) == 25
    assert connections.call_count == 3
