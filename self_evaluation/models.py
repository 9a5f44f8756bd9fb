"""Quarterly self-evaluation against the Common Delivery Framework (CDF, seed 004).

Each LA completes a `QuarterlyReturn` per quarter while programme staff hold the quarter's
`ReturnsWindow` open: a `Rating` per CDF `Element`, the assessment and planning approaches it uses
and, for pathfinder LAs, the quarter's development costs (`CostLine`s) and grant. Every change to a
return is kept as a `ReturnChange` (who, when, what).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse


class CdfTheme(models.TextChoices):
    ORGANISATIONAL = "organisational", "Organisational engagement and cultural change"
    FAMILIES = "families", "Engaging and involving families"
    INFRASTRUCTURE = "infrastructure", "Setting up the infrastructure"


class Level(models.TextChoices):
    """The five-point scale of seed 004, in the order a return asks it."""

    NOT_STARTED = "not_started", "Not started"
    IN_PLACE = "in_place", "In place before the programme"
    EARLY = "early", "Early development"
    PARTIAL = "partial", "Partial development"
    FULL = "full", "Full development"


# One colour per level, the same on every page (GOV.UK tag colours; the report charts' segments in
# frontend/scss/portal.scss follow them). The level's words are always shown too: colour is never the only cue.
LEVEL_COLOURS = {
    Level.NOT_STARTED: "red",
    Level.IN_PLACE: "purple",
    Level.EARLY: "orange",
    Level.PARTIAL: "yellow",
    Level.FULL: "green",
}

# Seed 004 counts "in place before the programme" alongside full development as full implementation.
FULL_IMPLEMENTATION = (Level.FULL, Level.IN_PLACE)


class AssessmentApproach(models.TextChoices):
    BROUGHT_TOGETHER = "brought_together", "A set of assessments from different agencies brought together"
    SINGLE_EPISODE = "single_episode", "A single assessment episode supplemented by ad hoc assessments"
    NONE = "none", "None of these yet"


class PlanningApproach(models.TextChoices):
    SINGLE_EVENT = "single_event", "A single planning event with professionals and the family"
    COORDINATOR = "coordinator", "A planning co-ordinator creating the plan with the family"
    NONE = "none", "None of these yet"


class Agency(models.TextChoices):
    EDUCATION = "education", "Education"
    SOCIAL_CARE = "social_care", "Social care"
    HEALTH = "health", "Health"
    CROSS_CUTTING = "cross_cutting", "Cross-cutting"
    OTHER = "other", "Other"


class Element(models.Model):
    """One element of the CDF, rated in every return. Reference data (reference_data/cdf_elements.csv)."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200, unique=True)
    theme = models.CharField(max_length=20, choices=CdfTheme)
    group = models.CharField(max_length=100, blank=True, help_text="A heading within the theme, if any.")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = "CDF element"

    def __str__(self) -> str:
        return self.name


class ReturnsWindow(models.Model):
    """A quarter's returns window: open from `opened_at` until programme staff close it. Due by `deadline`."""

    quarter = models.OneToOneField("programme.Quarter", on_delete=models.PROTECT, related_name="returns_window")
    deadline = models.DateField(help_text="Returns are due by the end of this day (London time).")
    opened_at = models.DateTimeField()
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["quarter__programme__starts_on", "quarter__number"]

    def __str__(self) -> str:
        return f"Returns for {self.quarter}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class WindowChange(models.Model):
    """The history of a returns window: who opened it, moved its deadline, closed or reopened it, and when."""

    class Action(models.TextChoices):
        OPENED = "opened", "Opened"
        DEADLINE_CHANGED = "deadline_changed", "Deadline changed"
        CLOSED = "closed", "Closed"
        REOPENED = "reopened", "Reopened"

    window = models.ForeignKey(ReturnsWindow, on_delete=models.PROTECT, related_name="history")
    action = models.CharField(max_length=20, choices=Action)
    deadline = models.DateField(help_text="The deadline after this change.")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.window}"


class QuarterlyReturnQuerySet(models.QuerySet):
    def submitted(self):
        """Returns that count in reports: submitted (a return reopened for correction counts again once resubmitted)."""
        return self.filter(status=QuarterlyReturn.Status.SUBMITTED)

    def visible_to(self, user):
        """An LA officer's own LA's; a champion's staff, their assigned LAs'; programme staff, all."""
        from regions.models import LocalAuthority

        if not user.is_authenticated:
            return self.none()
        if user.is_programme_staff:
            return self
        if user.is_champion_staff:
            return self.filter(local_authority__in=LocalAuthority.objects.assigned_to(user.champion))
        if user.is_la_officer:
            return self.filter(local_authority_id=user.local_authority_id)
        return self.none()


class QuarterlyReturn(models.Model):
    """One LA's self-evaluation for one quarter."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        REOPENED = "reopened", "Reopened for correction"

    local_authority = models.ForeignKey("regions.LocalAuthority", on_delete=models.PROTECT, related_name="returns")
    quarter = models.ForeignKey("programme.Quarter", on_delete=models.PROTECT, related_name="returns")
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)
    assessment_approaches = models.JSONField(default=list, blank=True)
    planning_approaches = models.JSONField(default=list, blank=True)
    # Pathfinder LAs only: the development grant received in the quarter, in pounds and pence.
    grant_received = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    started_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", help_text="Copied from."
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)

    objects = QuarterlyReturnQuerySet.as_manager()

    class Meta:
        ordering = ["local_authority__name", "quarter__programme__starts_on", "quarter__number"]
        constraints = [
            models.UniqueConstraint(fields=["local_authority", "quarter"], name="return_once_per_la_per_quarter"),
            models.CheckConstraint(
                condition=Q(grant_received__isnull=True) | Q(grant_received__gte=0), name="return_grant_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.local_authority} {self.quarter}"

    def get_absolute_url(self) -> str:
        return reverse("self_evaluation:return_detail", args=[self.pk])

    @property
    def asks_for_costs(self) -> bool:
        """Pathfinder areas return their development costs; non-pathfinders do not."""
        return self.local_authority.pathfinder_id is not None

    def is_open_to_la(self, window: ReturnsWindow | None) -> bool:
        """Whether the LA may change it: while the quarter's window is open, or once reopened for correction."""
        if self.status == self.Status.REOPENED:
            return True
        return window is not None and window.is_open


class Rating(models.Model):
    """An LA's rating of one element in one return, with an optional evidence note. Level empty: not yet rated."""

    quarterly_return = models.ForeignKey(QuarterlyReturn, on_delete=models.CASCADE, related_name="ratings")
    element = models.ForeignKey(Element, on_delete=models.PROTECT, related_name="ratings")
    level = models.CharField(max_length=20, choices=Level, blank=True)
    evidence = models.TextField(blank=True)

    class Meta:
        ordering = ["element__position"]
        constraints = [
            models.UniqueConstraint(fields=["quarterly_return", "element"], name="rating_once_per_element"),
        ]

    def __str__(self) -> str:
        return f"{self.element}: {self.get_level_display() or 'not rated'}"


class CostLine(models.Model):
    """A pathfinder's development cost for the quarter against one CDF theme and one agency."""

    quarterly_return = models.ForeignKey(QuarterlyReturn, on_delete=models.CASCADE, related_name="cost_lines")
    theme = models.CharField(max_length=20, choices=CdfTheme)
    agency = models.CharField(max_length=20, choices=Agency)
    financial = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    in_kind = models.DecimalField(max_digits=12, decimal_places=2, default=0)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["quarterly_return", "theme", "agency"], name="cost_line_once"),
            models.CheckConstraint(condition=Q(financial__gte=0, in_kind__gte=0), name="cost_line_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.get_theme_display()}, {self.get_agency_display()}"

    @property
    def total(self):
        return self.financial + self.in_kind


class ReturnChange(models.Model):
    """The audit log of a return: every change, who made it and when."""

    class Action(models.TextChoices):
        STARTED = "started", "Started"
        SAVED = "saved", "Changed"
        SUBMITTED = "submitted", "Submitted"
        REOPENED = "reopened", "Reopened for correction"

    quarterly_return = models.ForeignKey(QuarterlyReturn, on_delete=models.PROTECT, related_name="changes")
    action = models.CharField(max_length=20, choices=Action)
    # [{"what": "Governance structures", "before": "Early development", "after": "Full development"}, ...]
    changes = models.JSONField(default=list, blank=True)
    note = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.quarterly_return}"
