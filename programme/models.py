import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse

from champions_portal.dates import govuk_month_range


class Theme(models.Model):
    """One of the six thematic areas of Annex B."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=150, unique=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name


class ProgrammeQuerySet(models.QuerySet):
    def current(self, today: datetime.date) -> "Programme | None":
        """The programme running on `today`, else the most recent one that has started, else the first."""
        running = self.filter(starts_on__lte=today, ends_on__gte=today).first()
        return running or self.filter(starts_on__lte=today).order_by("-starts_on").first() or self.first()


class Programme(models.Model):
    """A programme year, with its national funding, its allocation rule and the Annex B targets."""

    class FundingRule(models.TextChoices):
        BASE_PLUS_PER_LA = (
            "base_plus_per_la",
            "Equal base per champion plus an equal share per non-pathfinder LA assigned",
        )

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=150)
    starts_on = models.DateField()
    ends_on = models.DateField()
    national_funding = models.PositiveIntegerField(help_text="In whole pounds.")
    funding_rule = models.CharField(max_length=30, choices=FundingRule, default=FundingRule.BASE_PLUS_PER_LA)
    funding_base_per_champion = models.PositiveIntegerField(
        help_text="In whole pounds. Every champion gets this; the rest is shared per non-pathfinder LA."
    )
    target_regional_conferences = models.PositiveSmallIntegerField(default=1)
    target_workshops_per_theme = models.PositiveSmallIntegerField(default=4)
    target_support_days_per_non_pathfinder_la = models.PositiveSmallIntegerField(default=1)
    target_case_studies_per_quarter = models.PositiveSmallIntegerField(default=1)
    # The delivery tracker's status rule: progress is compared with what is expected pro rata to the
    # time elapsed in the programme year; below these percentages of it a figure is at risk or off track.
    tracker_at_risk_below_percent = models.PositiveSmallIntegerField(default=80)
    tracker_off_track_below_percent = models.PositiveSmallIntegerField(default=50)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")), name="programme_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programme:programme_detail", args=[self.slug])

    def elapsed_fraction(self, today: datetime.date) -> float:
        """How much of the programme year has passed on `today`, from 0 to 1."""
        days = (self.ends_on - self.starts_on).days + 1
        return min(max((today - self.starts_on).days + 1, 0), days) / days

    def delivery_status(self, *, actual: int, target: int, today: datetime.date) -> str:
        """ "on_track", "at_risk" or "off_track" by the stored rule: actual against the target pro rata."""
        expected = target * self.elapsed_fraction(today)
        if actual >= target or expected == 0:
            return "on_track"
        percent = 100 * actual / expected
        if percent >= self.tracker_at_risk_below_percent:
            return "on_track"
        return "at_risk" if percent >= self.tracker_off_track_below_percent else "off_track"


class Quarter(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="quarters")
    number = models.PositiveSmallIntegerField()
    starts_on = models.DateField()
    ends_on = models.DateField()
    case_study_deadline = models.DateField(
        null=True, blank=True, help_text="Empty: CASE_STUDY_DEADLINE_DAYS after the quarter ends."
    )

    class Meta:
        ordering = ["programme", "number"]
        constraints = [models.UniqueConstraint(fields=["programme", "number"], name="quarter_unique_number")]

    def __str__(self) -> str:
        return f"Q{self.number} {self.programme.slug}"

    @property
    def label(self) -> str:
        return f"Quarter {self.number} {self.programme.slug} ({govuk_month_range(self.starts_on, self.ends_on)})"

    def deadline(self) -> datetime.date:
        """The date case studies for this quarter are due (by the end of that day, London time)."""
        return self.case_study_deadline or self.ends_on + datetime.timedelta(days=settings.CASE_STUDY_DEADLINE_DAYS)
