"""Generate a large, realistic programme state to measure the pages against (`manage.py benchmark_pages`).

Never in production: it writes thousands of fake events and registrations, and people to sign in as.

`--size 1x` is a realistic 2013-14 (301 events, 15,460 registrations, 121 support days); `--size 100x` is a
hundred times that (30,002 events, 1,510,460 registrations, 12,100 support days). Explicit options override
the size's figures.
"""

import datetime
import random
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import ngettext

from accounts.models import Role, User
from case_studies.models import CaseStudy
from champions_portal import public_cache
from events.attendance import attendance_counts_refresh
from events.models import Event, PartnerType, Registration
from programme.models import Programme, Theme
from regions.models import Champion, LocalAuthority
from support_days.models import SupportDay, SupportDayOffer

BATCH_SIZE = 5000
CREATOR_EMAIL = "benchmark-data@example.invalid"
# Mostly workshops and seminars; a conference now and then.
KINDS = [Event.Kind.WORKSHOP] * 6 + [Event.Kind.SEMINAR] * 3 + [Event.Kind.REGIONAL_CONFERENCE]
# The champion whose staff the benchmark signs in as, and who runs the large events; the LA officer's LA.
BENCHMARK_CHAMPION = "greater-manchester-group"
BENCHMARK_LA = "bolton"
# The people the benchmark requests pages as: (email, role, champion or LA slug).
BENCHMARK_PEOPLE = {
    "programme_staff": ("benchmark-programme@example.invalid", Role.PROGRAMME_STAFF, None),
    "champion_staff": ("benchmark-champion@example.invalid", Role.CHAMPION_STAFF, BENCHMARK_CHAMPION),
    "la_officer": ("benchmark-la@example.invalid", Role.LA_OFFICER, BENCHMARK_LA),
}
SIZES = {
    "1x": {
        "events": 300,
        "upcoming_events": 24,
        "registrations": 15_000,
        "large_events": [460],
        "support_days": 121,
        "case_studies": 36,
    },
    "100x": {
        "events": 30_000,
        "upcoming_events": 2_400,
        "registrations": 1_500_000,
        "large_events": [460, 10_000],
        "support_days": 12_100,
        "case_studies": 3_600,
    },
}
DEFAULTS = {
    "events": 10_000,
    "upcoming_events": 0,
    "registrations": 200_000,
    "large_events": [],
    "support_days": 500,
    "case_studies": 36,
}
SUPPORT_DAY_STATUSES = [SupportDay.Status.DELIVERED] * 4 + [
    SupportDay.Status.BOOKED,
    SupportDay.Status.BOOKED,
    SupportDay.Status.REQUESTED,
    SupportDay.Status.DECLINED,
    SupportDay.Status.CANCELLED,
]


def large_event_title(registrations: int) -> str:
    return f"Benchmark event with {registrations:,} {ngettext('registration', 'registrations', registrations)}"


class Command(BaseCommand):
    help = "Create published events, registrations, support days and case studies for benchmarking the pages."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(SIZES), help="A preset: 1x is a realistic 2013-14.")
        parser.add_argument("--events", type=int, help="Events spread over the programme year (and upcoming).")
        parser.add_argument("--upcoming-events", type=int, help="How many of --events start in the coming months.")
        parser.add_argument("--registrations", type=int, help="Spread at random over the events.")
        parser.add_argument(
            "--large-events",
            type=int,
            nargs="*",
            help="Extra past events of the benchmark champion with exactly this many registrations each.",
        )
        parser.add_argument("--support-days", type=int)
        parser.add_argument("--case-studies", type=int)
        parser.add_argument("--seed", type=int, default=2013)
        parser.add_argument(
            "--if-missing", action="store_true", help="Do nothing where the benchmark's people are already there."
        )

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("Refusing to generate benchmark data in production.")
        programme = Programme.objects.order_by("starts_on").first()
        champions = list(Champion.objects.all())
        themes = list(Theme.objects.all())
        if programme is None or not champions or not themes:
            raise CommandError("No reference data: run `python manage.py load_programme` first.")
        emails = [email for email, _, _ in BENCHMARK_PEOPLE.values()]
        if options["if_missing"] and User.objects.filter(email__in=emails).count() == len(emails):
            self.stdout.write("The benchmark data is already there: nothing made.")
            return
        preset = SIZES.get(options["size"], {})
        figures = {
            key: next(v for v in (options[key], preset.get(key), default) if v is not None)
            for key, default in DEFAULTS.items()
        }
        if figures["upcoming_events"] > figures["events"]:
            raise CommandError("--upcoming-events cannot be more than --events.")
        self.random = random.Random(options["seed"])  # noqa: S311 - fake data, repeatable from a seed
        self.now = timezone.now()
        self.programme, self.champions, self.themes = programme, champions, themes
        self.creator = User.objects.filter(email=CREATOR_EMAIL).first() or User.objects.create_user(
            CREATOR_EMAIL, None, full_name="Benchmark data", role=Role.PROGRAMME_STAFF
        )
        started = time.monotonic()
        with transaction.atomic():
            self._people()
            events = self._events(figures["events"], upcoming=figures["upcoming_events"])
            registrations = self._registrations(events, figures["registrations"])
            large = self._large_events(figures["large_events"])
            days, offers = self._support_days(figures["support_days"])
            case_studies = self._case_studies(figures["case_studies"])
        # Written in bulk, which sends no signals: public pages cached before now are built again.
        public_cache.changed(*public_cache.TOPICS)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # plans as on a live database, not on the statistics of an empty one
        events_made, registrations_made = len(events) + len(large), registrations + sum(large)
        made = [
            f"{events_made:,} {ngettext('event', 'events', events_made)}",
            f"{registrations_made:,} {ngettext('registration', 'registrations', registrations_made)}",
            f"{days:,} {ngettext('support day', 'support days', days)}",
            f"{case_studies:,} {ngettext('case study', 'case studies', case_studies)}",
        ]
        self.stdout.write(f"Made {', '.join(made[:3])} and {made[3]} in {time.monotonic() - started:.1f}s.")
        self.stdout.write(
            f"Also {offers:,} support-day {ngettext('offer', 'offers', offers)}; "
            f"{figures['upcoming_events']:,} of the events are upcoming; "
            f"people to sign in as: {', '.join(email for email, _, _ in BENCHMARK_PEOPLE.values())}."
        )

    def _people(self) -> None:
        """The people the benchmark requests pages as (once: a second run finds them)."""
        for email, role, organisation in BENCHMARK_PEOPLE.values():
            if User.objects.filter(email=email).exists():
                continue
            fields = {}
            if role == Role.CHAMPION_STAFF:
                fields["champion"] = Champion.objects.get(slug=organisation)
            elif role == Role.LA_OFFICER:
                fields["local_authority"] = LocalAuthority.objects.get(slug=organisation)
            User.objects.create_user(email, None, full_name=email.split("@")[0], role=role, **fields)

    def _moment(self, hour: int) -> datetime.datetime:
        """A moment at `hour` o'clock London time on a random day of the programme year."""
        days = (self.programme.ends_on - self.programme.starts_on).days
        day = self.programme.starts_on + datetime.timedelta(days=self.random.randint(0, days))
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))

    def _upcoming_moment(self, hour: int, *, within_days: int = 180) -> datetime.datetime:
        """A moment at `hour` o'clock London time on a random day of the coming months (from tomorrow)."""
        day = timezone.localdate(self.now) + datetime.timedelta(days=self.random.randint(1, within_days))
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))

    def _event(self, *, champion: Champion, title: str, starts_at: datetime.datetime, **fields) -> Event:
        # Upcoming events opened for registration a while ago (so their form is open today).
        opens_at = min(starts_at, self.now) - datetime.timedelta(days=30)
        return Event(
            champion=champion,
            kind=fields.pop("kind", None) or self.random.choice(KINDS),
            title=title,
            description="Generated for benchmarking.",
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=3),
            format=Event.Format.ONLINE,
            capacity=fields.pop("capacity", 100),
            registration_opens_at=opens_at,
            registration_closes_at=starts_at - datetime.timedelta(hours=1),
            status=Event.Status.PUBLISHED,
            published_at=opens_at,
            created_by=self.creator,
            created_at=opens_at,
        )

    def _events(self, n: int, *, upcoming: int = 0) -> list[Event]:
        events = [
            self._event(
                champion=self.champions[i % len(self.champions)],
                title=f"Benchmark event {i + 1}",
                starts_at=self._upcoming_moment(10) if i < upcoming else self._moment(10),
            )
            for i in range(n)
        ]
        return self._save_events(events)

    def _save_events(self, events: list[Event]) -> list[Event]:
        events = Event.objects.bulk_create(events, batch_size=BATCH_SIZE)
        links = [
            Event.themes.through(event_id=event.pk, theme_id=theme.pk)
            for event in events
            for theme in self.random.sample(self.themes, self.random.choice([1, 1, 2]))
        ]
        Event.themes.through.objects.bulk_create(links, batch_size=BATCH_SIZE)
        return events

    def _registration(self, event: Event, i: int, partner_types: list[str]) -> Registration:
        attended = event.ends_at < self.now and self.random.random() < 0.7
        return Registration(
            event=event,
            status=Registration.Status.CONFIRMED,
            name=f"Benchmark person {i}",
            email=f"benchmark-{i}@example.invalid",
            organisation="Generated",
            partner_type=self.random.choice(partner_types),
            privacy_agreed_at=event.created_at,
            created_at=event.created_at,
            confirmed_at=event.created_at,
            attendance=Registration.Attendance.ATTENDED if attended else Registration.Attendance.UNKNOWN,
        )

    def _registrations(self, events: list[Event], n: int) -> int:
        """`n` registrations spread at random over `events` (each with its own address)."""
        if not events:
            return 0
        partner_types = list(PartnerType.values)
        for start in range(0, n, BATCH_SIZE):
            batch = [
                self._registration(self.random.choice(events), i + 1, partner_types)
                for i in range(start, min(start + BATCH_SIZE, n))
            ]
            Registration.objects.bulk_create(batch)
        # Written in bulk, not through attendance_mark: recount the events' attendance in this transaction.
        attendance_counts_refresh(event_ids=[event.pk for event in events])
        return n

    def _large_events(self, sizes: list[int]) -> list[int]:
        """One past conference of the benchmark champion per size, with exactly that many registrations."""
        champion = next(c for c in self.champions if c.slug == BENCHMARK_CHAMPION)
        made = []
        for size in sizes:
            starts_at = timezone.make_aware(datetime.datetime.combine(self.programme.starts_on, datetime.time(10)))
            starts_at += datetime.timedelta(days=200 + len(made))
            [event] = self._save_events(
                [
                    self._event(
                        champion=champion,
                        title=large_event_title(size),
                        starts_at=starts_at,
                        kind=Event.Kind.REGIONAL_CONFERENCE,
                        capacity=max(size, 1),
                    )
                ]
            )
            self._registrations([event], size)
            made.append(size)
        return made

    def _support_days(self, n: int) -> tuple[int, int]:
        """`n` support days of every status with the non-pathfinder LAs, the offers booked days took (one per
        champion and date, with a place for each), and a free offer for every tenth day (rounded up) in the coming
        months. Delivered, declined and cancelled days are in the programme year; booked ones are upcoming."""
        las = list(LocalAuthority.objects.non_pathfinder().with_assigned_champion())
        days, taken = [], set()
        while len(days) < n and las:
            la = self.random.choice(las)
            # Every status once first, however few days are asked for; then in SUPPORT_DAY_STATUSES' proportions.
            first = list(SupportDay.Status)
            status = first[len(days)] if len(days) < len(first) else self.random.choice(SUPPORT_DAY_STATUSES)
            moment = self._upcoming_moment(9) if status == SupportDay.Status.BOOKED else self._moment(9)
            if (la.pk, moment.date()) in taken:
                continue  # one active day per LA per date
            taken.add((la.pk, moment.date()))
            requested = status == SupportDay.Status.REQUESTED
            delivered = status == SupportDay.Status.DELIVERED
            days.append(
                SupportDay(
                    champion=la.assigned_champion,
                    local_authority=la,
                    status=status,
                    date=None if requested else moment.date(),
                    preferred_dates=[moment.date().isoformat()] if requested else [],
                    context="Generated.",
                    requested_by=self.creator,
                    created_at=min(moment, self.now) - datetime.timedelta(days=30),
                    booked_at=None if requested else min(moment, self.now) - datetime.timedelta(days=20),
                    declined_reason="Generated." if status == SupportDay.Status.DECLINED else "",
                    delivered_at=moment if delivered else None,
                    feedback_usefulness=self.random.randint(1, 5) if delivered else None,
                    feedback_at=moment + datetime.timedelta(days=2) if delivered else None,
                    cancelled_at=moment - datetime.timedelta(days=5) if status == SupportDay.Status.CANCELLED else None,
                )
            )
        offers = self._offers(days, free=-(-n // 10))  # a tenth, rounded up
        return len(SupportDay.objects.bulk_create(days, batch_size=BATCH_SIZE)), offers

    def _offers(self, days: list[SupportDay], *, free: int) -> int:
        holding = {SupportDay.Status.BOOKED, SupportDay.Status.DELIVERED}
        places: dict[tuple[int, datetime.date], list[SupportDay]] = {}
        for day in days:
            if day.status in holding:
                places.setdefault((day.champion.pk, day.date), []).append(day)
        made = 0
        while made < free and len(places) < 365 * len(self.champions):
            key = (self.random.choice(self.champions).pk, self._upcoming_moment(9, within_days=365).date())
            if key not in places:
                places[key] = []
                made += 1
        offers = SupportDayOffer.objects.bulk_create(
            [
                SupportDayOffer(
                    champion_id=champion_pk,
                    date=date,
                    format=SupportDayOffer.Format.ONLINE,
                    capacity=max(len(taking), 1),
                    created_by=self.creator,
                    created_at=self.now - datetime.timedelta(days=60),
                )
                for (champion_pk, date), taking in places.items()
            ],
            batch_size=BATCH_SIZE,
        )
        for offer, taking in zip(offers, places.values(), strict=True):
            for day in taking:
                day.offer = offer
        return len(offers)

    def _case_studies(self, n: int) -> int:
        quarters = list(self.programme.quarters.all())
        if not quarters:
            return 0
        studies = []
        for i in range(n):
            quarter = self.random.choice(quarters)
            submitted_at = timezone.make_aware(datetime.datetime.combine(quarter.ends_on, datetime.time(12)))
            published = i % 2 == 0  # half, the first included
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
