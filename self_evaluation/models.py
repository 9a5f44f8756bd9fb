"""Quarterly self-evaluation against the Common Delivery Framework (CDF, seed 004).

Each LA completes a `QuarterlyReturn` per quarter while programme staff hold the quarter's
`ReturnsWindow` open: a `Rating` per CDF `Element`, the assessment and planning approaches it uses
and, for pathfinder LAs, the quarter's development costs (`CostLine`s) and grant. Every change to a
return is kept as a `ReturnChange` (who, when, what).

A submitted return changes only explicitly: its officers start a change with a reason, or programme staff
reopen it. The answers as submitted are then kept in a copy (a `QuarterlyReturn` row with its own ratings and
cost lines, `submitted_version_of` the return), which reports count until the return is submitted again.
`QuarterlyReturn.objects` never shows these copies; `QuarterlyReturn.objects.counted()` is what reports read.
"""

from collections import Counter

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import ngettext


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


class QuarterlyReturnManager(models.Manager.from_queryset(QuarterlyReturnQuerySet)):
    """The returns LAs work on. The copies kept of submitted answers while a return is changed are left out
    (they are no return of their own), except from `counted()`."""

    def get_queryset(self):
        return super().get_queryset().filter(submitted_version_of__isnull=True)

    def counted(self):
        """What reports, the readiness grid and the windows pages count: each LA's answers for a quarter as last
        submitted. That is the return itself once submitted; while it is being changed or is reopened, the copy
        of its answers as submitted (which links to it through `get_absolute_url`). At most one per LA per
        quarter (a database constraint); none for a draft, or a return reopened before copies were kept."""
        return QuarterlyReturnQuerySet(self.model, using=self._db).filter(status=QuarterlyReturn.Status.SUBMITTED)


class QuarterlyReturn(models.Model):
    """One LA's self-evaluation for one quarter."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        # Its officers are changing it, while the window is open; the answers as submitted still count.
        CHANGING = "changing", "Being changed"
        # Programme staff reopened it, even after the window closed; the answers as submitted still count.
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
    submitted_version_of = models.OneToOneField(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="submitted_version",
        help_text="Set on a copy of a return's answers as submitted, kept (and counted) while the return is changed.",
    )

    objects = QuarterlyReturnManager()

    class Meta:
        ordering = ["local_authority__name", "quarter__programme__starts_on", "quarter__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "quarter"],
                condition=Q(submitted_version_of__isnull=True),
                name="return_once_per_la_per_quarter",
            ),
            models.UniqueConstraint(
                fields=["local_authority", "quarter"],
                condition=Q(status="submitted"),
                name="return_counted_once_per_la_per_quarter",
            ),
            models.CheckConstraint(
                condition=Q(submitted_version_of__isnull=True) | Q(status="submitted"),
                name="return_copy_is_as_submitted",
            ),
            models.CheckConstraint(
                condition=Q(grant_received__isnull=True) | Q(grant_received__gte=0), name="return_grant_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.local_authority} {self.quarter}"

    def get_absolute_url(self) -> str:
        """The return's page; for a copy of submitted answers, the page of the return it was copied from."""
        return reverse("self_evaluation:return_detail", args=[self.submitted_version_of_id or self.pk])

    @property
    def asks_for_costs(self) -> bool:
        """Pathfinder areas return their development costs; non-pathfinders do not."""
        return self.local_authority.pathfinder_id is not None

    def is_open_to_la(self, window: ReturnsWindow | None) -> bool:
        """Whether the LA may change its answers: a draft, or a return it is changing, while the quarter's window is
        open; a return reopened for correction at any time. A submitted one only after a change is started."""
        if self.status == self.Status.REOPENED:
            return True
        if self.status == self.Status.SUBMITTED:
            return False
        return window is not None and window.is_open

    def may_start_change(self, window: ReturnsWindow | None) -> bool:
        """Whether its officers may start changing it: submitted, and the quarter's window still open."""
        return self.status == self.Status.SUBMITTED and window is not None and window.is_open

    @property
    def may_be_reopened(self) -> bool:
        """Programme staff may reopen a submitted return, or one its officers are changing."""
        return self.status in (self.Status.SUBMITTED, self.Status.CHANGING)

    def counted_version(self) -> "QuarterlyReturn | None":
        """The answers reports count for it: itself once submitted; while it is being changed or reopened, the copy
        of its answers as submitted; else none."""
        if self.status == self.Status.SUBMITTED:
            return self
        return QuarterlyReturn.objects.counted().filter(submitted_version_of=self).first()


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
        CHANGING = "changing", "Opened for changes"
        REOPENED = "reopened", "Reopened for correction"

    class Kind(models.TextChoices):
        """What one field-by-field change was about, for the summary of a save."""

        RATING = "rating"
        EVIDENCE = "evidence"
        APPROACHES = "approaches"
        COST = "cost"
        GRANT = "grant"

    quarterly_return = models.ForeignKey(QuarterlyReturn, on_delete=models.PROTECT, related_name="changes")
    action = models.CharField(max_length=20, choices=Action)
    # [{"kind": "rating", "what": "Governance structures", "before": "Early development", "after": "Full development"},
    # ...]; entries written before kinds were recorded have no "kind".
    changes = models.JSONField(default=list, blank=True)
    note = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.quarterly_return}"

    def summary(self) -> str:
        """One line for the changes of a save, its detail being `changes`: "rated 33 elements, 2 costs changed"."""
        kinds = Counter(change.get("kind", "") for change in self.changes)
        parts = []
        if n := kinds[self.Kind.RATING]:
            parts.append(ngettext("rated %(n)d element", "rated %(n)d elements", n) % {"n": n})
        if n := kinds[self.Kind.EVIDENCE]:
            parts.append(ngettext("%(n)d evidence note changed", "%(n)d evidence notes changed", n) % {"n": n})
        parts += [f"{c['what'].lower()} changed" for c in self.changes if c.get("kind") == self.Kind.APPROACHES]
        if n := kinds[self.Kind.COST]:
            parts.append(ngettext("%(n)d cost changed", "%(n)d costs changed", n) % {"n": n})
        if kinds[self.Kind.GRANT]:
            parts.append("grant received changed")
        if n := kinds[""]:
            parts.append(ngettext("%(n)d answer changed", "%(n)d answers changed", n) % {"n": n})
        return ", ".join(parts)
