import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Case, Count, Q, Value, When
from django.db.models.functions import Lower
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


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status=Registration.Status.CANCELLED)

    def waiting_list(self):
        return self.filter(status=Registration.Status.WAITLISTED).order_by("pk")

    def waiting_positions(self) -> dict[int, int]:
        """{registration pk: place on the waiting list, from 1}, in one query (for one event's registrations)."""
        return {pk: n for n, pk in enumerate(self.waiting_list().values_list("pk", flat=True), start=1)}


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class Registration(models.Model):
    """A person's place (or place in the queue) at an event. No account needed."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        WAITLISTED = "waitlisted", "On the waiting list"
        CANCELLED = "cancelled", "Cancelled"

    class Attendance(models.TextChoices):
        UNKNOWN = "", "Not recorded"
        ATTENDED = "attended", "Attended"
        DID_NOT_ATTEND = "did_not_attend", "Did not attend"

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="registrations")
    status = models.CharField(max_length=20, choices=Status)
    name = models.CharField(max_length=150)
    email = models.EmailField()
    organisation = models.CharField(max_length=200)
    partner_type = models.CharField(max_length=30, choices=PartnerType)
    local_authority = models.ForeignKey(
        "regions.LocalAuthority", on_delete=models.PROTECT, null=True, blank=True, related_name="registrations"
    )
    # Special data: only the organising champion and programme staff see these; erased after the event.
    access_needs = models.TextField(blank=True)
    dietary_needs = models.TextField(blank=True)
    # Survive the erasure, so reports can still count them.
    had_access_needs = models.BooleanField(default=False)
    had_dietary_needs = models.BooleanField(default=False)
    privacy_agreed_at = models.DateTimeField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="registrations"
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    created_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attendance = models.CharField(max_length=20, choices=Attendance, blank=True, default=Attendance.UNKNOWN)
    # A group registration (one coordinator, several people): `email` is the coordinator's, `booked_by_name`
    # is the coordinator's name on everyone's row but their own (blank: they registered themselves), and
    # `group_token` is shared by the group's rows: the coordinator's private link to see them all.
    booked_by_name = models.CharField(max_length=150, blank=True)
    group_token = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        indexes = [
            # Confirmed places per event counted from the index alone (the finder, the tracker); one list of an
            # event's registrations (confirmed, waiting or cancelled) a page at a time, in order (organisers).
            models.Index(fields=["event", "status", "id"], name="registration_event_status"),
        ]
        constraints = [
            # One active place per person registering themselves with an address; a coordinator's
            # address may also hold places for other people (booked_by_name set), one per name.
            # Erased registrations (retention) have no email left to be unique.
            models.UniqueConstraint(
                "event",
                Lower("email"),
                condition=~Q(status="cancelled") & ~Q(email="") & Q(booked_by_name=""),
                name="registration_one_self_booking_per_email",
            ),
            models.UniqueConstraint(
                "event",
                Lower("email"),
                Lower("name"),
                condition=~Q(status="cancelled") & ~Q(email=""),
                name="registration_one_active_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} at {self.event}"

    def get_manage_url(self) -> str:
        return reverse("events:registration_manage", args=[self.token])

    def get_group_url(self) -> str:
        """The coordinator's page listing everyone they registered together (a group registration only)."""
        return reverse("events:registration_group_manage", args=[self.group_token])

    def waiting_list_position(self) -> int | None:
        if self.status != self.Status.WAITLISTED:
            return None
        return Registration.objects.waiting_list().filter(event_id=self.event_id, pk__lte=self.pk).count()


class EventAttendance(models.Model):
    """How many people attended an event, per partner type (a column each): the tracker sums these rows rather
    than every attended registration. Kept in the transaction of each write that changes an event's attendance
    (events.attendance.attendance_counts_refresh); `manage.py rebuild_attendance_counts` recounts from the rows.
    No row: nobody attended (yet)."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, primary_key=True, related_name="attendance_counts")
    parent_carer_forum = models.PositiveIntegerField(default=0)
    parent_or_carer = models.PositiveIntegerField(default=0)
    young_person = models.PositiveIntegerField(default=0)
    early_years = models.PositiveIntegerField(default=0)
    school = models.PositiveIntegerField(default=0)
    post_16 = models.PositiveIntegerField(default=0)
    health = models.PositiveIntegerField(default=0)
    childrens_social_care = models.PositiveIntegerField(default=0)
    adult_social_care = models.PositiveIntegerField(default=0)
    la_education = models.PositiveIntegerField(default=0)
    vcs = models.PositiveIntegerField(default=0)
    other = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"Attendance at {self.event_id}"


# --- Networks and speaker requests ------------------------------------------------------------


class NetworkQuerySet(models.QuerySet):
    def with_upcoming_events(self, now):
        """Networks with at least one published event still to come: the event finder's choices. An EXISTS
        per network, so the cost does not grow with the events' registrations."""
        upcoming = Event.objects.published().upcoming(now).filter(network=models.OuterRef("pk"))
        return self.filter(models.Exists(upcoming))


class Network(models.Model):
    """A local or regional collaborative network that events can be part of (seed 000: workshops "should
    be aligned to broader local and regional collaborative networks and events"). Managed by programme
    staff in the admin; the seeds name none, so the reference data has none."""

    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=150, unique=True, help_text="Used in the event finder's links.")
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="networks",
        help_text="Leave empty for a network that is not in one region.",
    )

    objects = NetworkQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """ "Greater Manchester SEND network (North West)": how a network is named where one is chosen."""
        return f"{self.name} ({self.region.name})" if self.region_id else self.name


class SpeakerRequestQuerySet(models.QuerySet):
    def waiting(self):
        """Requests nobody has answered or withdrawn yet: what programme staff have to do."""
        return self.filter(status=SpeakerRequest.Status.REQUESTED)

    def visible_to(self, user):
        """Programme staff see every request; champion staff their champion's; LA officers their LA's."""
        if not user.is_authenticated:
            return self.none()
        if user.is_programme_staff:
            return self
        if user.is_champion_staff:
            return self.filter(champion_id=user.champion_id)
        if user.is_la_officer:
            return self.filter(local_authority_id=user.local_authority_id)
        return self.none()

    def for_listing(self):
        """What a list shows, in a fixed number of queries: waiting requests first, the soonest event
        first; then the others, the latest event first."""
        waiting = Q(status=SpeakerRequest.Status.REQUESTED)
        return self.select_related(
            "requested_by", "champion", "local_authority", "theme", "secured_champion__region"
        ).order_by(
            models.Case(models.When(waiting, then=models.Value(0)), default=models.Value(1)),
            models.Case(models.When(waiting, then="date")).asc(nulls_last=True),
            "-date",
            "pk",
        )


class SpeakerRequest(models.Model):
    """An organiser's request that Mott MacDonald secure a pathfinder champion representative to speak at
    their event (seed 000). Asked by champion staff (for their champion) or an LA officer (for their LA);
    answered by programme staff. The event is named in words: LA officers' events are not in the portal."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        SECURED = "secured", "Speaker secured"
        NOT_POSSIBLE = "not_possible", "Not possible"
        WITHDRAWN = "withdrawn", "Withdrawn"

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The asking side: exactly one of them.
    champion = models.ForeignKey(
        "regions.Champion", on_delete=models.PROTECT, null=True, blank=True, related_name="speaker_requests"
    )
    local_authority = models.ForeignKey(
        "regions.LocalAuthority", on_delete=models.PROTECT, null=True, blank=True, related_name="speaker_requests"
    )
    # One of the asking champion's own events in the portal, if it is one.
    event = models.ForeignKey(Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="speaker_requests")
    event_title = models.CharField(max_length=200)
    date = models.DateField()
    format = models.CharField(max_length=20, choices=Event.Format)
    location = models.TextField(blank=True)
    audience = models.TextField()
    theme = models.ForeignKey("programme.Theme", on_delete=models.PROTECT, related_name="+")
    topic = models.TextField()
    preferred_champion = models.ForeignKey(
        "regions.Champion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.REQUESTED)
    secured_champion = models.ForeignKey(
        "regions.Champion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    speaker_name = models.CharField(max_length=200, blank=True)
    # Why it is not possible, or (when secured) anything the organiser should know.
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    objects = SpeakerRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(champion__isnull=False, local_authority__isnull=True)
                | Q(champion__isnull=True, local_authority__isnull=False),
                name="speaker_request_one_asking_side",
            ),
            models.CheckConstraint(
                condition=~Q(status="secured") | Q(secured_champion__isnull=False),
                name="speaker_request_secured_names_champion",
            ),
        ]

    def __str__(self) -> str:
        return f"Speaker for {self.event_title}"

    def get_absolute_url(self) -> str:
        return reverse("events:speaker_request_detail", args=[self.pk])

    @property
    def asker_organisation(self):
        """The champion or LA that asked."""
        return self.champion or self.local_authority

    def is_asking_side(self, user) -> bool:
        """Whether this person is on the side that asked: staff of its champion, or officers of its LA."""
        if not user.is_authenticated:
            return False
        if self.champion_id is not None:
            return user.is_champion_staff and user.champion_id == self.champion_id
        return user.is_la_officer and user.local_authority_id == self.local_authority_id

    def can_view(self, user) -> bool:
        return user.is_authenticated and (user.is_programme_staff or self.is_asking_side(user))

    def withdraw_refusal(self) -> str | None:
        """Why the asker cannot withdraw it now, or None when they can."""
        if self.status == self.Status.WITHDRAWN:
            return "This request was already withdrawn. Nothing changed."
        if self.status == self.Status.NOT_POSSIBLE:
            return "This request was answered as not possible, so there is nothing to withdraw."
        return None
