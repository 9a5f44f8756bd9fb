"""Events (conferences, workshops, seminars) and the partner types their registrants belong to."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Case, Count, Q, Value, When
from django.urls import reverse
from django.utils.functional import cached_property

from notifications.calendar import CalendarEntry, CalendarPerson, Method, programme_team
from regions.models import ChampionContact


class PartnerType(models.TextChoices):
    PARENT_CARER_FORUM = "parent_carer_forum", "Parent carer forum"
    PARENT_OR_CARER = "parent_or_carer", "Parent or carer"
    YOUNG_PERSON = "young_person", "Young person"
    EARLY_YEARS = "early_years", "Early years provider"
    SCHOOL = "school", "School"
    POST_16 = "post_16", "Post-16 institution"
    HEALTH = "health", "Health service"
    CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Children's social care"
    ADULT_SOCIAL_CARE = "adult_social_care", "Adult social care"
    LA_EDUCATION = "la_education", "Local authority education"
    VCS = "vcs", "Voluntary and community sector (VCS)"
    OTHER = "other", "Other"


# The partners the letter of 8 May 2013 says must be represented at regional events, and the
# partner types that count for each. "Other" counts for none.
SEED_PARTNER_GROUPS: dict[str, tuple[str, ...]] = {
    "Parents and carers": (PartnerType.PARENT_CARER_FORUM, PartnerType.PARENT_OR_CARER),
    "Children and young people": (PartnerType.YOUNG_PERSON,),
    "Early years providers": (PartnerType.EARLY_YEARS,),
    "Schools": (PartnerType.SCHOOL,),
    "Post-16 institutions": (PartnerType.POST_16,),
    "The health service": (PartnerType.HEALTH,),
    "VCS partners": (PartnerType.VCS,),
    "Local authority education": (PartnerType.LA_EDUCATION,),
    "Children's social care": (PartnerType.CHILDRENS_SOCIAL_CARE,),
    "Adult social care": (PartnerType.ADULT_SOCIAL_CARE,),
}


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Event.Status.PUBLISHED)

    def upcoming(self, now):
        return self.filter(ends_at__gte=now)

    def past(self, now):
        return self.filter(ends_at__lt=now)

    def held(self, now):
        """Published events that have taken place: what counts towards a champion's Annex B targets."""
        return self.published().past(now)

    def visible_to(self, user):
        """Published and cancelled events for everyone; drafts only for their champion and programme staff."""
        visible = Q(status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED])
        if user.is_authenticated and user.is_programme_staff:
            return self
        if user.is_authenticated and user.is_champion_staff:
            visible |= Q(champion_id=user.champion_id)
        return self.filter(visible)

    def with_counts(self):
        from events.models.registrations import Registration  # it imports this module

        return self.annotate(
            confirmed_count=Count("registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)),
            waitlisted_count=Count("registrations", filter=Q(registrations__status=Registration.Status.WAITLISTED)),
        )

    def for_listing(self):
        # Meta.ordering does not apply to a query with aggregates, so order explicitly.
        return (
            self.select_related("champion__region", "network")
            .prefetch_related("themes")
            .with_counts()
            .order_by("starts_at", "pk")
        )


class Event(models.Model):
    """A regional conference, workshop or seminar run by a champion (Annex B)."""

    class Kind(models.TextChoices):
        REGIONAL_CONFERENCE = "regional_conference", "Regional conference"
        WORKSHOP = "workshop", "Workshop"
        SEMINAR = "seminar", "Seminar"

    class Format(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        ONLINE = "online", "Online"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        CANCELLED = "cancelled", "Cancelled"

    champion = models.ForeignKey("regions.Champion", on_delete=models.PROTECT, related_name="events")
    # Whom to ask about the event: one of its champion's contacts (the manage form checks), or none.
    contact = models.ForeignKey(
        "regions.ChampionContact", on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    kind = models.CharField(max_length=30, choices=Kind)
    title = models.CharField(max_length=200)
    description = models.TextField()
    themes = models.ManyToManyField("programme.Theme", related_name="events")
    # The local or regional collaborative network the event is part of (seed 000), if any.
    network = models.ForeignKey("Network", on_delete=models.PROTECT, null=True, blank=True, related_name="events")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    format = models.CharField(max_length=20, choices=Format)
    venue_address = models.TextField(blank=True)
    joining_details = models.TextField(blank=True, help_text="Shown only to confirmed registrants.")
    capacity = models.PositiveIntegerField()
    registration_opens_at = models.DateTimeField()
    registration_closes_at = models.DateTimeField()
    audience_notes = models.TextField(blank=True)
    accessibility_info = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancellation_reason = models.TextField(blank=True)
    # Raised by each change that calendars hold (CALENDAR_FIELDS, cancelling): the .ics SEQUENCE.
    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)
    # Set when the retention job has erased registrants' access and dietary needs.
    needs_erased_at = models.DateTimeField(null=True, blank=True)
    # Set when the retention job has erased registrants' names, addresses and organisations.
    personal_data_erased_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    objects = EventQuerySet.as_manager()

    # What registrants' calendars hold (besides the title and description): a change to any of these is
    # emailed to them with an updated calendar file.
    CALENDAR_FIELDS = ("starts_at", "ends_at", "format", "venue_address", "joining_details")

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [
            # The event finder: counts of upcoming and past events, and its page of ids, from the index alone.
            models.Index(fields=["status", "ends_at", "starts_at", "id"], name="event_listing"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"),
            models.CheckConstraint(
                condition=Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="event_registration_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:event_detail", args=[self.pk])

    @cached_property
    def organiser_contact(self) -> "ChampionContact | None":
        """Whom people should ask about the event: its chosen contact, else its champion's first contact,
        else None (pages and emails then give Mott MacDonald's programme team). One query."""
        contacts = ChampionContact.objects.filter(champion_id=self.champion_id)
        if self.contact_id:
            contacts = contacts.order_by(Case(When(pk=self.contact_id, then=Value(0)), default=Value(1)), "order", "pk")
        return contacts.first()

    def can_view(self, user) -> bool:
        if self.status != self.Status.DRAFT:
            return True
        return self.can_edit(user)

    def can_edit(self, user) -> bool:
        return user.is_authenticated and user.may_act_for_champion(self.champion_id)

    def calendar_entry(
        self,
        *,
        with_joining_details: bool = False,
        method: Method = Method.REQUEST,
        attendee: CalendarPerson | None = None,
    ) -> CalendarEntry:
        """The event for a calendar. One UID everywhere, so calendars merge the download and the emails; its
        SEQUENCE is `calendar_sequence`; organised by its contact, else the programme team. A cancelled event
        is always a cancellation."""
        details = self.joining_details if with_joining_details and self.format == self.Format.ONLINE else ""
        contact = self.organiser_contact
        return CalendarEntry(
            uid=f"event-{self.pk}@champions-portal",
            title=self.title,
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            organizer=CalendarPerson(contact.email, contact.name) if contact else programme_team(),
            sequence=self.calendar_sequence,
            method=Method.CANCEL if self.status == self.Status.CANCELLED else method,
            location=self.venue_address if self.format == self.Format.IN_PERSON else "Online",
            description="\n\n".join(part for part in (self.description, details) if part),
            url=settings.SITE_URL + self.get_absolute_url(),
            attendee=attendee,
        )

    def registration_refusal(self, now) -> str | None:
        """Why nobody can register now, in words for the public, or None when they can."""
        if self.status == self.Status.DRAFT:
            return "This event has not been published yet."
        if self.status == self.Status.CANCELLED:
            return "This event has been cancelled."
        if self.ends_at <= now or self.starts_at <= now:
            return "This event has already taken place."
        if now < self.registration_opens_at:
            return "Registration for this event has not opened yet."
        if now >= self.registration_closes_at:
            return "Registration for this event has closed."
        return None

    def next_change(self, now) -> "datetime.datetime | None":
        """When what the public page says about registering next changes by itself (registration opens or
        closes, the event starts or ends), or None if it will not."""
        moments = (self.registration_opens_at, self.registration_closes_at, self.starts_at, self.ends_at)
        return min((moment for moment in moments if moment > now), default=None)

    def attendance_refusal(self, now) -> str | None:
        """Why attendance cannot be recorded now, in words for the organisers, or None when it can."""
        if self.status == self.Status.CANCELLED:
            return "This event was cancelled, so there is no attendance to record."
        if self.starts_at > now:
            return "You can record attendance once the event has started."
        return None
