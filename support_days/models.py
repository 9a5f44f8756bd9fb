import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone

from champions_portal.dates import govuk_date
from notifications.calendar import CalendarEntry, CalendarPerson, Method, programme_team
from regions.models import ChampionContact


def working_days_before(day: datetime.date, working_days: int) -> datetime.date:
    """The date `working_days` working days (Monday to Friday) before `day`."""
    while working_days > 0:
        day -= datetime.timedelta(days=1)
        if day.weekday() < 5:
            working_days -= 1
    return day


class OfferQuerySet(models.QuerySet):
    def open(self):
        return self.filter(withdrawn_at__isnull=True)

    def with_booked_count(self):
        # Meta.ordering does not apply to a query with aggregates, so order explicitly.
        return self.annotate(
            booked_count=Count("support_days", filter=Q(support_days__status__in=PLACE_HOLDING_STATUSES))
        ).order_by("date", "pk")

    def bookable(self, today: datetime.date):
        """Open offers from today on with a free place (needs with_booked_count)."""
        return self.open().filter(date__gt=today).with_booked_count().filter(booked_count__lt=models.F("capacity"))


class SupportDayOffer(models.Model):
    """A date a champion can give support days on, to `capacity` LAs (usually one)."""

    class Format(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        ONLINE = "online", "Online"

    champion = models.ForeignKey("regions.Champion", on_delete=models.PROTECT, related_name="support_day_offers")
    date = models.DateField()
    format = models.CharField(max_length=20, choices=Format)
    capacity = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])
    notes = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="offer_capacity_at_least_one"),
            models.UniqueConstraint(
                fields=["champion", "date"], condition=Q(withdrawn_at__isnull=True), name="offer_one_open_per_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.champion} on {govuk_date(self.date)}"

    # A list of offers prefetches `support_days` (every status), so these read no more rows.
    @property
    def booked_days(self) -> list["SupportDay"]:
        """The days that take its places: booked or delivered."""
        return [day for day in self.support_days.all() if day.status in PLACE_HOLDING_STATUSES]

    def past_outcome(self) -> tuple[str, str]:
        """What happened on a date that is over, as (a SupportDay status, or "withdrawn" or "none"; its words).
        A day still booked comes first, because someone has to record whether it was delivered."""
        if self.withdrawn_at:
            return "withdrawn", "Withdrawn"
        statuses = {day.status for day in self.support_days.all()}
        for status, words in PAST_OUTCOMES:
            if status in statuses:
                return status, words
        return "none", "Nobody booked"


class SupportDayQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)

    def for_listing(self):
        return self.select_related("champion__region", "local_authority__region", "offer").prefetch_related(
            "themes", "delivered_themes"
        )

    def waiting_for(self, champion, today: datetime.date, shown: int):
        """The champion's requests to answer and booked days that have happened (to record as delivered), the
        `shown` oldest of each, oldest first, each with `of`: how many of its kind there are. One query (and
        one for themes), from the index on champion, status and date."""
        waiting = self.filter(champion=champion).filter(
            Q(status=SupportDay.Status.REQUESTED) | Q(status=SupportDay.Status.BOOKED, date__lte=today)
        )
        waiting = waiting.annotate(
            position=Window(RowNumber(), partition_by=[F("status")], order_by=[F("created_at").asc(), F("pk").asc()]),
            of=Window(Count("pk"), partition_by=[F("status")]),
        )
        waiting = waiting.filter(position__lte=shown).select_related("local_authority").prefetch_related("themes")
        return waiting.order_by("created_at", "pk")


class SupportDay(models.Model):
    """A 1:1 support day between a champion and a local authority (Annex B)."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        BOOKED = "booked", "Booked"
        DELIVERED = "delivered", "Delivered"
        DECLINED = "declined", "Declined"
        CANCELLED = "cancelled", "Cancelled"

    champion = models.ForeignKey("regions.Champion", on_delete=models.PROTECT, related_name="support_days")
    local_authority = models.ForeignKey("regions.LocalAuthority", on_delete=models.PROTECT, related_name="support_days")
    offer = models.ForeignKey(
        SupportDayOffer, on_delete=models.PROTECT, null=True, blank=True, related_name="support_days"
    )
    status = models.CharField(max_length=20, choices=Status)
    # The day it happens: the offer's date once booked. Empty while only requested.
    date = models.DateField(null=True, blank=True)
    preferred_dates = models.JSONField(default=list, blank=True, help_text="Up to three ISO dates, for a request.")
    themes = models.ManyToManyField("programme.Theme", related_name="support_days_requested", blank=True)
    context = models.TextField(blank=True, help_text="What the LA wants to focus on, in its own words.")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    booked_at = models.DateTimeField(null=True, blank=True)
    declined_reason = models.TextField(blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancellation_reason = models.TextField(blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    attendees = models.TextField(blank=True, help_text="Who attended from the LA.")
    delivered_themes = models.ManyToManyField("programme.Theme", related_name="support_days_delivered", blank=True)
    delivery_notes = models.TextField(blank=True)
    feedback_usefulness = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    feedback_comments = models.TextField(blank=True)
    feedback_at = models.DateTimeField(null=True, blank=True)
    # Raised each time the day moves or is cancelled: the .ics SEQUENCE.
    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)

    objects = SupportDayQuerySet.as_manager()

    class Meta:
        ordering = ["date", "pk"]
        indexes = [
            # An LA's best day with a champion (support_days/coverage.py best_day_id): one probe per status.
            models.Index(fields=["local_authority", "champion", "status", "date"], name="support_day_la_champ_status"),
            # A champion's days waiting for it (SupportDayQuerySet.waiting_for).
            models.Index(fields=["champion", "status", "date"], name="support_day_champ_status"),
        ]
        constraints = [
            # An LA never holds two active days on the same date (the database has the last word).
            models.UniqueConstraint(
                fields=["local_authority", "date"],
                condition=Q(status__in=["requested", "booked"]),
                name="support_day_one_active_per_la_per_date",
            ),
            models.CheckConstraint(
                condition=Q(feedback_usefulness__isnull=True)
                | Q(feedback_usefulness__gte=1, feedback_usefulness__lte=5),
                name="support_day_feedback_one_to_five",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.local_authority} with {self.champion}"

    def get_absolute_url(self) -> str:
        return reverse("support_days:support_day_detail", args=[self.pk])

    def can_view(self, user) -> bool:
        """Either side of the day (the champion's staff, the LA's officers) or programme staff."""
        if not user.is_authenticated:
            return False
        if user.may_act_for_champion(self.champion_id):
            return True
        return user.is_la_officer and user.local_authority_id == self.local_authority_id

    def change_cutoff(self) -> datetime.date | None:
        """The last date an LA officer may reschedule or cancel: N working days before the day."""
        if self.date is None:
            return None
        return working_days_before(self.date, settings.SUPPORT_DAY_CHANGE_CUTOFF_WORKING_DAYS)

    def la_can_change(self, today: datetime.date) -> bool:
        if self.status == self.Status.REQUESTED:
            return True
        return self.status == self.Status.BOOKED and today <= self.change_cutoff()

    def starts_at(self) -> datetime.datetime | None:
        """The moment reminders count from: 9am Europe/London on the day."""
        if self.date is None:
            return None
        return timezone.make_aware(datetime.datetime.combine(self.date, datetime.time(9, 0)))

    def calendar_entry(self, *, attendee: CalendarPerson | None = None) -> CalendarEntry:
        """The day for the calendars of both sides: one UID from booking to cancellation, SEQUENCE
        `calendar_sequence`, organised by the champion's first contact, else the programme team."""
        starts_at = self.starts_at()
        contact = ChampionContact.objects.filter(champion_id=self.champion_id).first()
        return CalendarEntry(
            uid=f"support-day-{self.pk}@champions-portal",
            title=f"1:1 support day: {self.local_authority.name} with {self.champion.name}",
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=7),
            organizer=CalendarPerson(contact.email, contact.name) if contact else programme_team(),
            sequence=self.calendar_sequence,
            method=Method.CANCEL if self.status == self.Status.CANCELLED else Method.REQUEST,
            location=self.offer.get_format_display() if self.offer else "",
            description=self.context,
            url=settings.SITE_URL + self.get_absolute_url(),
            attendee=attendee,
        )


ACTIVE_STATUSES = [SupportDay.Status.REQUESTED, SupportDay.Status.BOOKED]
# Days that take up a place on their offer.
PLACE_HOLDING_STATUSES = [SupportDay.Status.BOOKED, SupportDay.Status.DELIVERED]
# A past date's outcome, from the statuses of its days, the first that applies.
PAST_OUTCOMES = [
    (SupportDay.Status.BOOKED, "Delivery not recorded"),
    (SupportDay.Status.DELIVERED, "Delivered"),
    (SupportDay.Status.CANCELLED, "Cancelled"),
    (SupportDay.Status.DECLINED, "Declined"),
]
