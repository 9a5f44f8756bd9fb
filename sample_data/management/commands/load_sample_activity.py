"""Load a realistic year of invented activity for every champion, for a first run that shows a living portal."""

import datetime
import time
from collections import Counter

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from case_studies.models import CaseStudy
from champions_portal.dates import govuk_date
from events.models import Event, Registration
from programme.models import Programme
from sample_data import services
from sample_data.models import SampleLoad
from self_evaluation.models import QuarterlyReturn
from support_days.models import SupportDay, SupportDayOffer
from tracker.delivery import STATUS_LABELS, programme_delivery


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--as-at must be a date like 2014-01-14, not {value!r}.") from None


class Command(BaseCommand):
    help = (
        "Load a year of invented sample activity (events, registrations, support days, case studies, returns) for "
        "every champion up to --as-at, through the portal's own services, sending no email. Development only; "
        "refused on a database with activity of its own or with the sample loaded already. "
        "Remove it with remove_sample_activity."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--as-at",
            type=_date,
            default=services.DEFAULT_AS_AT,
            help="The day the sample year runs up to (midday, London time). Default: 2014-01-14.",
        )
        parser.add_argument("--scale", type=float, default=1.0, help="Fewer registrations and returns: 0 to 1.")
        parser.add_argument("--seed", type=int, default=2013, help="The same seed makes the same sample.")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load only into a database with no activity and no sample yet; otherwise say so and do nothing.",
        )

    def handle(self, *args, as_at, scale, seed, if_empty, **options):
        if settings.PRODUCTION:
            raise CommandError("Sample activity is for development only: it is never loaded in production.")
        moment = timezone.make_aware(datetime.datetime.combine(as_at, datetime.time(12)))
        loaded = SampleLoad.objects.first()
        if loaded and if_empty:
            self.stdout.write(f"Sample activity is loaded, as at {govuk_date(loaded.as_at)}.")
            return
        self.stdout.write(f"Loading a sample year of activity as at {govuk_date(as_at)} (up to a minute)...")
        started = time.monotonic()
        try:
            load = services.sample_activity_load(as_at=moment, scale=scale, seed=seed)
        except services.SampleRefused as refusal:
            if if_empty:
                self.stdout.write(f"Sample activity not loaded: {refusal}")
                return
            raise CommandError(str(refusal)) from None
        seconds = time.monotonic() - started
        counts = {
            "events": Event.objects.count(),
            "registrations": Registration.objects.count(),
            "support-day offers": SupportDayOffer.objects.count(),
            "support days": SupportDay.objects.count(),
            "case studies": CaseStudy.objects.count(),
            "self-evaluation returns": QuarterlyReturn.objects.count(),
        }
        self.stdout.write(f"Loaded in {seconds:.0f} seconds:")
        for what, n in counts.items():
            self.stdout.write(f"  {n:>6} {what}")
        programme = Programme.objects.current(as_at)
        statuses = Counter(d.status for d in programme_delivery(programme=programme, now=load.as_at))
        self.stdout.write(
            "Delivery tracker as at that day: "
            + ", ".join(f"{statuses[s]} {STATUS_LABELS[s].lower()}" for s in STATUS_LABELS)
            + "."
        )
        self.stdout.write(
            f"With SITE_AS_AT={as_at.isoformat()} (`make run` sets it) the site shows the programme as at that day. "
            "Remove the sample with: python manage.py remove_sample_activity"
        )
