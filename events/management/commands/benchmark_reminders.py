"""Benchmark, run by hand (not a test): how long the registration reminder job takes when every reminder due
was already queued (the run every 15 minutes that has nothing to send), for N candidates at each size asked.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/champions_portal \\
        .venv/bin/python manage.py benchmark_reminders --candidates 2319 231900

2,319 candidates is 2013-14 at its busiest week (1x); 231,900 is the same at 100x. For each size it makes
published events starting over the next 6 days, each with confirmed registrants booked a month ago, and the
outbox rows of the reminders they are due (as a run of the job would have left them), then times a run of
`registration_reminders_send` (best and median of --runs) and counts its queries. Everything it writes is in
one transaction per size, rolled back at the end.
"""

import datetime
import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role, User
from events.models import Event, Registration
from events.services import registration_reminders_send
from notifications.models import OutboxMessage
from notifications.reminders import reminder_due
from regions.models import Champion


class Command(BaseCommand):
    help = "Time the registration reminder job with nothing to send, for N candidates (rolled back after)."

    def add_arguments(self, parser):
        parser.add_argument("--candidates", type=int, nargs="+", default=[2319, 231_900])
        parser.add_argument("--per-event", type=int, default=100)
        parser.add_argument("--runs", type=int, default=5)
        parser.add_argument("--explain", action="store_true", help="print the plan of the job's query (PostgreSQL)")

    def handle(self, *args, candidates: list[int], per_event: int, runs: int, explain: bool, **options):
        for count in candidates:
            with transaction.atomic():
                now = timezone.now().replace(microsecond=0)
                made = time.perf_counter()
                self._candidates(count, per_event=per_event, now=now)
                made = time.perf_counter() - made
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute("ANALYZE events_event, events_registration, notifications_outboxmessage")
                seconds = []
                for _ in range(runs):
                    with CaptureQueriesContext(connection) as queries:
                        started = time.perf_counter()
                        sent = registration_reminders_send(now=now)
                        seconds.append(time.perf_counter() - started)
                    assert sent == 0, f"the run sent {sent}: the benchmark's outbox keys do not match the job's"
                if explain and connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {queries[0]['sql']}")
                        self.stdout.write("\n".join(row[0] for row in cursor.fetchall()))
                transaction.set_rollback(True)
            self.stdout.write(
                f"{count:>9,} candidates (made in {made:.0f} s): a run with nothing to send took "
                f"best {min(seconds):.3f} s, median {statistics.median(seconds):.3f} s, {len(queries)} queries"
            )

    def _candidates(self, count: int, *, per_event: int, now: datetime.datetime) -> None:
        by = User.objects.create_user(
            f"benchmark-{now.timestamp():.0f}@example.com", None, role=Role.PROGRAMME_STAFF, full_name="Benchmark"
        )
        champions = list(Champion.objects.order_by("pk"))
        number = -(-count // per_event)
        apart = datetime.timedelta(days=6) / number  # from an hour ahead to six days ahead: both reminders due
        events = Event.objects.bulk_create(
            _event(i, champions[i % len(champions)], starts_at=now + datetime.timedelta(hours=1) + i * apart, by=by)
            for i in range(number)
        )
        booked = now - datetime.timedelta(days=30)
        registrations = Registration.objects.bulk_create(
            (
                Registration(
                    event=events[i // per_event],
                    status=Registration.Status.CONFIRMED,
                    name=f"Person {i}",
                    email=f"person{i}@example.com",
                    organisation="Benchmark",
                    partner_type="parent_carer_forum",
                    privacy_agreed_at=booked,
                    created_at=booked,
                    confirmed_at=booked,
                    token=f"benchmark-{i}",
                )
                for i in range(count)
            ),
            batch_size=5000,
        )
        starts = dict(Event.objects.filter(pk__in=[e.pk for e in events]).values_list("pk", "starts_at"))
        OutboxMessage.objects.bulk_create(
            (
                OutboxMessage(
                    key=f"registration_reminder_{due}:{r.pk}:{starts[r.event_id].isoformat()}",
                    template=f"registration_reminder_{due}",
                    subject="Reminder",
                    state=OutboxMessage.State.SENT,
                    created_at=now,
                    next_attempt_at=now,
                    sent_at=now,
                )
                for r in registrations
                if (due := reminder_due(starts_at=starts[r.event_id], booked_at=booked, now=now))
            ),
            batch_size=5000,
        )


def _event(i: int, champion: Champion, *, starts_at: datetime.datetime, by: User) -> Event:
    now = timezone.now()
    return Event(
        champion=champion,
        kind=Event.Kind.WORKSHOP,
        title=f"Benchmark workshop {i}",
        description="Benchmark",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=3),
        format=Event.Format.ONLINE,
        joining_details="https://meet.example/benchmark",
        capacity=100_000,
        registration_opens_at=now - datetime.timedelta(days=60),
        registration_closes_at=starts_at - datetime.timedelta(hours=1),
        status=Event.Status.PUBLISHED,
        created_by=by,
        created_at=now,
    )
