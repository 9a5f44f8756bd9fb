"""What `load_sample_activity` made, so that the banner can say it is there and `remove_sample_activity` can
delete exactly that."""

from django.contrib.contenttypes.models import ContentType
from django.db import models


class SampleLoad(models.Model):
    """Sample activity is loaded, as at `as_at`. At most one row: the command refuses to load twice."""

    as_at = models.DateTimeField(help_text="The sample year runs up to this moment.")
    loaded_at = models.DateTimeField()
    scale = models.FloatField(default=1.0)
    seed = models.PositiveIntegerField()

    class Meta:
        verbose_name = "sample activity load"

    def __str__(self) -> str:
        return f"Sample activity as at {self.as_at:%Y-%m-%d}"


class SampleRecord(models.Model):
    """One row the sample made. Rows deleted with their parent (a return's ratings and costs, the links between
    events and themes) are not listed: deleting the parent removes them."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id"], name="sample_record_once")]

    def __str__(self) -> str:
        return f"{self.content_type.model} {self.object_id}"
