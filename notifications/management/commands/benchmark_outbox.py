"""Benchmark, run by hand (not a test): send N messages through the outbox to a local SMTP sink, and the same
messages with plain send_mail over the same connection settings, in one run; print both rates and the ratio.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/champions_portal .venv/bin/python manage.py benchmark_outbox

Needs aiosmtpd (requirements-dev.txt). Writes its rows under a "benchmark:" key prefix and deletes them after.
"""

import logging
import time
import uuid

from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.test import override_settings
from django.utils import timezone

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

    def handle(self, *args, messages: int, **options):
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
        prefix = f"benchmark:{uuid.uuid4().hex[:8]}:"
        body = "Your event starts in 7 days.\n" * 20
        try:
            with override_settings(**smtp):
                started = time.perf_counter()
                for i in range(messages):
                    send_mail("Reminder", body, None, [f"person{i}@example.com"], html_message=f"<p>{body}</p>")
                raw_seconds = time.perf_counter() - started

                now = timezone.now()
                OutboxMessage.objects.bulk_create(
                    OutboxMessage(
                        key=f"{prefix}{i}",
                        to=f"person{i}@example.com",
                        subject="Reminder",
                        text_body=body,
                        html_body=f"<p>{body}</p>",
                        created_at=now,
                        next_attempt_at=now,
                    )
                    for i in range(messages)
                )
                started = time.perf_counter()
                outbox_send_due(now=timezone.now())
                outbox_seconds = time.perf_counter() - started
                sent = OutboxMessage.objects.filter(key__startswith=prefix, state="sent").count()
        finally:
            OutboxMessage.objects.filter(key__startswith=prefix).delete()
            controller.stop()
        raw_rate, outbox_rate = messages / raw_seconds, sent / outbox_seconds
        self.stdout.write(f"plain send_mail: {messages} in {raw_seconds:.1f} s, {raw_rate:.0f} messages/s")
        self.stdout.write(f"outbox:          {sent} in {outbox_seconds:.1f} s, {outbox_rate:.0f} messages/s")
        self.stdout.write(f"outbox / plain:  {outbox_rate / raw_rate:.2f}; the SMTP sink received {sink.count}")
