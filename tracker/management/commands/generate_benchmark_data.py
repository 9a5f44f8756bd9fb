"""Generate a large, realistic programme state to measure the delivery tracker against.

Never in production: it writes thousands of fake events and registrations.
"""

import datetime
import random
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import ngettext

from accounts.models import Role, User
from case_studies.models import CaseStudy
from events.attendance import attendance_counts_refresh
from events.models import Event, PartnerType, Registration
from programme.models import Programme, Theme
from regions.models import Champion, LocalAuthority
from support_days.models import SupportDay

BATCH_SIZE = 5000
CREATOR_EMAIL = "benchmark-data@example.invalid"
# Mostly workshops and seminars; a conference now and then.
KINDS = [Event.Kind.WORKSHOP] * 6 + [Event.Kind.SEMINAR] * 3 + [Event.Kind.REGIONAL_CONFERENCE]


class Command(BaseCommand):
    help = "Create published events, registrations, support days and case studies for benchmarking the tracker."

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, default=10_000)
        parser.add_argument("--registrations", type=int, default=200_000)
        parser.add_argument("--support-days", type=int, default=500)
        parser.add_argument("--case-studies", type=int, default=36)
        parser.add_argument("--seed", type=int, default=2013)

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("Refusing to generate benchmark data in production.")
        programme = Programme.objects.order_by("starts_on").first()
        champions = list(Champion.objects.all())
        themes = list(Theme.objects.all())
        if programme is None or not champions or not themes:
            raise CommandError("No reference data: run `python manage.py load_programme` first.")
        self.random = random.Random(options["seed"])  # noqa: S311 - fake data, repeatable from a seed
        self.now = timezone.now()
        self.programme, self.champions, self.themes = programme, champions, themes
        self.creator = User.objects.filter(email=CREATOR_EMAIL).first() or User.objects.create_user(
            CREATOR_EMAIL, None, full_name="Benchmark data", role=Role.PROGRAMME_STAFF
        )
        started = time.monotonic()
        with transaction.atomic():
            events = self._events(options["events"])
            registrations = self._registrations(events, options["registrations"])
            days = self._support_days(options["support_days"])
            case_studies = self._case_studies(options["case_studies"])
        made = [
            f"{len(events):,} {ngettext('event', 'events', len(events))}",
            f"{registrations:,} {ngettext('registration', 'registrations', registrations)}",
            f"{days:,} {ngettext('support day', 'support days', days)}",
            f"{case_studies:,} {ngettext('case study', 'case studies', case_studies)}",
        ]
        self.stdout.write(f"Made {', '.join(made[:3])} and {made[3]} in {time.monotonic() - started:.1f}s.")

    def _moment(self, hour: int) -> datetime.datetime:
        """A moment at `hour` o'clock London time on a random day of the programme year."""
        days = (self.programme.ends_on - self.programme.starts_on).days
        day = self.programme.starts_on + datetime.timedelta(days=self.random.randint(0, days))
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))

    def _events(self, n: int) -> list[Event]:
        events = []
        for i in range(n):
            starts_at = self._moment(10)
            events.append(
                Event(
                    champion=self.champions[i % len(self.champions)],
                    kind=self.random.choice(KINDS),
                    title=f"Benchmark event {i + 1}",
                    description="Generated for benchmarking.",
                    starts_at=starts_at,
                    ends_at=starts_at + datetime.timedelta(hours=3),
                    format=Event.Format.ONLINE,
                    capacity=100,
                    registration_opens_at=starts_at - datetime.timedelta(days=30),
                    registration_closes_at=starts_at - datetime.timedelta(hours=1),
                    status=Event.Status.PUBLISHED,
                    published_at=starts_at - datetime.timedelta(days=30),
                    created_by=self.creator,
                    created_at=starts_at - datetime.timedelta(days=30),
                )
            )
        events = Event.objects.bulk_create(events, batch_size=BATCH_SIZE)
        links = [
            Event.themes.through(event_id=event.pk, theme_id=theme.pk)
            for event in events
            for theme in self.random.sample(self.themes, self.random.choice([1, 1, 2]))
        ]
        Event.themes.through.objects.bulk_create(links, batch_size=BATCH_SIZE)
        return events

    def _registrations(self, events: list[Event], n: int) -> int:
        if not events:
            return 0
        partner_types = list(PartnerType.values)
        for start in range(0, n, BATCH_SIZE):
            batch = []
            for i in range(start, min(start + BATCH_SIZE, n)):
                event = self.random.choice(events)
                past = event.ends_at < self.now
                attended = past and self.random.random() < 0.7
                batch.append(
                    Registration(
                        event=event,
                        status=Registration.Status.CONFIRMED,
                        name=f"Benchmark person {i + 1}",
                        email=f"benchmark-{i + 1}@example.invalid",
                        organisation="Generated",
                        partner_type=self.random.choice(partner_types),
                        privacy_agreed_at=event.created_at,
                        created_at=event.created_at,
                        confirmed_at=event.created_at,
                        attendance=Registration.Attendance.ATTENDED if attended else Registration.Attendance.UNKNOWN,
                    )
                )
            Registration.objects.bulk_create(batch)
        # Written in bulk, not through attendance_mark: recount the events' attendance in this transaction.
        attendance_counts_refresh(event_ids=[event.pk for event in events])
        return n

    def _support_days(self, n: int) -> int:
        las = list(LocalAuthority.objects.non_pathfinder().with_assigned_champion())
        statuses = [SupportDay.Status.DELIVERED] * 2 + [SupportDay.Status.BOOKED, SupportDay.Status.CANCELLED]
        days, taken = [], set()
        while len(days) < n and las:
            la, moment = self.random.choice(las), self._moment(9)
            if (la.pk, moment.date()) in taken:
                continue  # one active day per LA per date
            taken.add((la.pk, moment.date()))
            status = self.random.choice(statuses)
            days.append(
                SupportDay(
                    champion=la.assigned_champion,
                    local_authority=la,
                    status=status,
                    date=moment.date(),
                    requested_by=self.creator,
                    created_at=moment - datetime.timedelta(days=30),
                    booked_at=moment - datetime.timedelta(days=20),
                    delivered_at=moment if status == SupportDay.Status.DELIVERED else None,
                    cancelled_at=moment - datetime.timedelta(days=5) if status == SupportDay.Status.CANCELLED else None,
                )
            )
        return len(SupportDay.objects.bulk_create(days, batch_size=BATCH_SIZE))

    def _case_studies(self, n: int) -> int:
        quarters = list(self.programme.quarters.all())
        if not quarters:
            return 0
        studies = []
        for i in range(n):
            quarter = self.random.choice(quarters)
            submitted_at = timezone.make_aware(datetime.datetime.combine(quarter.ends_on, datetime.time(12)))
            published = self.random.random() < 0.5
            studies.append(
                CaseStudy(
                    champion=self.champions[i % len(self.champions)],
                    quarter=quarter,
                    title=f"Benchmark case study {i + 1}",
                    summary="Generated.",
                    problem="Generated.",
                    approach="Generated.",
                    impact="Generated.",
                    lessons="Generated.",
                    consent_confirmed=True,
                    status=CaseStudy.Status.PUBLISHED if published else CaseStudy.Status.SUBMITTED,
                    created_by=self.creator,
                    created_at=submitted_at - datetime.timedelta(days=14),
                    updated_at=submitted_at,
                    first_submitted_at=submitted_at,
                    published_at=submitted_at + datetime.timedelta(days=7) if published else None,
                )
            )
        studies = CaseStudy.objects.bulk_create(studies, batch_size=BATCH_SIZE)
        links = [
            CaseStudy.themes.through(casestudy_id=s.pk, theme_id=self.random.choice(self.themes).pk) for s in studies
        ]
        CaseStudy.themes.through.objects.bulk_create(links, batch_size=BATCH_SIZE)
        return len(studies)
