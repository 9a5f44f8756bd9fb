from django.db import models

from champions_portal.dates import govuk_date


class TrackerSnapshot(models.Model):
    """The delivery tracker's figures kept at a quarter end (or each week, for the digest), to compare with later."""

    class Kind(models.TextChoices):
        QUARTER = "quarter", "Quarter end"
        WEEK = "week", "Weekly"

    programme = models.ForeignKey("programme.Programme", on_delete=models.CASCADE, related_name="snapshots")
    kind = models.CharField(max_length=10, choices=Kind)
    # "Q1" for a quarter end, "2013-W42" for a week: with kind and programme, says which occasion.
    occasion = models.CharField(max_length=20)
    as_at = models.DateTimeField()
    taken_at = models.DateTimeField()
    figures = models.JSONField()

    class Meta:
        ordering = ["as_at"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "kind", "occasion"], name="snapshot_once_per_occasion")
        ]

    def __str__(self) -> str:
        return f"{self.programme.slug} {self.occasion}"

    @property
    def label(self) -> str:
        when = govuk_date(self.as_at)
        if self.kind == self.Kind.QUARTER:
            return f"End of quarter {self.occasion.removeprefix('Q')} ({when})"
        return f"Week {self.occasion} ({when})"
