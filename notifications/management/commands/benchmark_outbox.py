"""Benchmark, run by hand (not a test): send N messages through the outbox to a local SMTP sink, and the same
messages with plain send_mail over the same connection settings, in one run; print both rates and the ratio.
With --rounds R it alternates the two R times (plain, outbox, plain, outbox...) and prints each round and the
medians, so that a busy machine slows both alike.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/champions_portal .venv/bin/python manage.py benchmark_outbox

Needs aiosmtpd (requirements-dev.txt). Writes its rows under a "benchmark:" key prefix and deletes them after.
"""

import logging
import statistics
import time
import uuid

from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.test import override_settings
from django.utils import timezone
from django.utils.translation import ngettext

from notifications.models import OutboxMessage
from notifications.services import outbox_send_due


class _Sink:
    def __init__(self):
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        return "250 OK"


class Command(BaseCommand):
    help = "Compare sending through the outbox with plain send_mail, against a local SMTP sink."

    def add_arguments(self, parser):
        parser.add_argument("--messages", type=int, default=2000)
        parser.add_argument("--rounds", type=int, default=1)

    def handle(self, *args, messages: int, rounds: int, **options):
        from aiosmtpd.controller import Controller

        logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command at INFO
        sink = _Sink()
        controller = Controller(sink, hostname="127.0.0.1", port=8025)
        controller.start()
        smtp = {
            "EMAIL_BACKEND": "notifications.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": 8025,
            "EMAIL_USE_TLS": False,
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
            "OUTBOX_SWEEP_SECONDS": 3600,
        }
        raw_rates, outbox_rates = [], []
        try:
            with override_settings(**smtp):
                for round_number in range(1, rounds + 1):
                    raw_rate, outbox_rate = self._plain(messages), self._outbox(messages)
                    raw_rates.append(raw_rate)
                    outbox_rates.append(outbox_rate)
                    self.stdout.write(
                        f"round {round_number}: plain send_mail {raw_rate:.0f} messages/s, "
                        f"outbox {outbox_rate:.0f} messages/s, outbox / plain {outbox_rate / raw_rate:.2f}"
                    )
        finally:
            controller.stop()
        raw_rate, outbox_rate = statistics.median(raw_rates), statistics.median(outbox_rates)
        ratios = sorted(o / r for o, r in zip(outbox_rates, raw_rates, strict=True))
        self.stdout.write(f"plain send_mail: {messages} per round, median {raw_rate:.0f} messages/s")
        self.stdout.write(f"outbox:          {messages} per round, median {outbox_rate:.0f} messages/s")
        each = ", ".join(f"{r:.2f}" for r in ratios)
        self.stdout.write(f"outbox / plain:  median {statistics.median(ratios):.2f} (rounds, sorted: {each})")
        sent = 2 * messages * rounds
        self.stdout.write(f"the SMTP sink received {sink.count} of {sent} {ngettext('message', 'messages', sent)}")

    def _plain(self, messages: int) -> float:
        started = time.perf_counter()
        for i in range(messages):
            send_mail("Reminder", BODY, None, [f"person{i}@example.com"], html_message=f"<p>{BODY}</p>")
        return messages / (time.perf_counter() - started)

    def _outbox(self, messages: int) -> float:
        prefix = f"benchmark:{uuid.uuid4().hex[:8]}:"
        try:
            now = timezone.now()
            OutboxMessage.objects.bulk_create(
                OutboxMessage(
                    key=f"{prefix}{i}",
                    to=f"person{i}@example.com",
                    subject="Reminder",
                    text_body=BODY,
                    html_body=f"<p>{BODY}</p>",
                    created_at=now,
                    next_attempt_at=now,
                )
                for i in range(messages)
            )
            started = time.perf_counter()
            outbox_send_due(now=timezone.now())
            seconds = time.perf_counter() - started
            sent = OutboxMessage.objects.filter(key__startswith=prefix, state="sent").count()
        finally:
            OutboxMessage.objects.filter(key__startswith=prefix).delete()
        return sent / seconds


BODY = "Your event starts in 7 days.\n" * 20
