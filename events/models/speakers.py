"""Networks that events belong to, and requests for a speaker at an event."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from events.models.events import Event


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
        """Programme staff and the side that asked (for a champion's request: `User.may_act_for_champion`)."""
        if not user.is_authenticated:
            return False
        if self.champion_id is not None:
            return user.may_act_for_champion(self.champion_id)
        return user.is_programme_staff or self.is_asking_side(user)

    def withdraw_refusal(self) -> str | None:
        """Why the asker cannot withdraw it now, or None when they can."""
        if self.status == self.Status.WITHDRAWN:
            return "This request was already withdrawn. Nothing changed."
        if self.status == self.Status.NOT_POSSIBLE:
            return "This request was answered as not possible, so there is nothing to withdraw."
        return None
