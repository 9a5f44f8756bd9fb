from django.db import models


class SentMessage(models.Model):
    """One row per email sent. The unique key (what, for whom, which occasion) stops a resend."""

    key = models.CharField(max_length=200, unique=True)
    to = models.EmailField()
    subject = models.CharField(max_length=255)
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return self.key
