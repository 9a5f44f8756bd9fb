"""Benchmark, run by hand (not a test): time and memory of an event's registrants download (the largest export,
through its view and champions_portal/exports.py) for events of N registrants, as CSV and as XLSX.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/champions_portal \\
        .venv/bin/python manage.py benchmark_exports --rows 1000 10000 50000

For each size it makes one event with N registrants, in a transaction rolled back at the end. It reads each
download to its end (as a client would, without keeping it), first to time it, then again under tracemalloc
for the peak of memory allocated while it was made and sent (tracemalloc slows Python, so it is not timed).
"""

import datetime
import time
import tracemalloc

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role, User
from events.models import Event, Registration
from events.views.manage import registration_export
from regions.models import Champion, LocalAuthority


class Command(BaseCommand):
    help = "Time and memory of the registrants download at several sizes (rolled back after)."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, nargs="+", default=[1000, 10_000, 50_000])
        parser.add_argument("--formats", nargs="+", default=["csv", "xlsx"], choices=["csv", "xlsx"])

    def handle(self, *args, rows: list[int], formats: list[str], **options):
        for count in rows:
            with transaction.atomic():
                user, event = _event_with_registrants(count)
                for fmt in formats:
                    seconds, size, queries = _download(user, event, fmt)
                    tracemalloc.start()
                    _download(user, event, fmt)
                    peak = tracemalloc.get_traced_memory()[1]
                    tracemalloc.stop()
                    self.stdout.write(
                        f"{count:>7,} rows {fmt:<4}: {seconds:6.2f} s, {size / 1e6:5.1f} MB file, "
                        f"peak {peak / 1e6:6.1f} MB allocated, {queries} queries"
                    )
                transaction.set_rollback(True)


def _download(user: User, event: Event, fmt: str) -> tuple[float, int, int]:
    request = RequestFactory().get(f"/events/{event.pk}/registrations.{fmt}")
    request.user = user
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = registration_export(request, pk=event.pk, fmt=fmt)
        size = sum(len(chunk) for chunk in response)
        if file := getattr(response, "file_to_stream", None):  # not response.close(): it ends the "request",
            file.close()  # which closes the database connection, and this benchmark's transaction with it
        seconds = time.perf_counter() - started
    return seconds, size, len(queries)


def _event_with_registrants(count: int) -> tuple[User, Event]:
    now = timezone.now()
    user = User.objects.create_user(
        f"benchmark-exports-{now.timestamp():.0f}@example.com", None, role=Role.PROGRAMME_STAFF, full_name="Benchmark"
    )
    event = Event.objects.create(
        champion=Champion.objects.order_by("pk").first(),
        kind=Event.Kind.REGIONAL_CONFERENCE,
        title="Benchmark conference",
        description="Benchmark",
        starts_at=now + datetime.timedelta(days=30),
        ends_at=now + datetime.timedelta(days=30, hours=6),
        format=Event.Format.IN_PERSON,
        venue_address="Manchester Central",
        capacity=count,
        registration_opens_at=now,
        registration_closes_at=now + datetime.timedelta(days=29),
        status=Event.Status.PUBLISHED,
        created_by=user,
        created_at=now,
    )
    authorities = list(LocalAuthority.objects.order_by("pk"))
    Registration.objects.bulk_create(
        (
            Registration(
                event=event,
                status=Registration.Status.CONFIRMED,
                name=f"Person {i}",
                email=f"person{i}@example.com",
                organisation="Bolton Parent Carer Forum",
                partner_type="parent_carer_forum",
                local_authority=authorities[i % len(authorities)] if authorities else None,
                access_needs="Hearing loop" if i % 10 == 0 else "",
                privacy_agreed_at=now,
                created_at=now,
                confirmed_at=now,
                token=f"benchmark-exports-{i}",
            )
            for i in range(count)
        ),
        batch_size=5000,
    )
    return user, event
