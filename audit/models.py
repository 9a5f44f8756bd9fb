from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from accounts.models import Role


class AuditEntryQuerySet(models.QuerySet):
    def older_than(self, cutoff):
        return self.filter(at__lt=cutoff)


class AuditEntry(models.Model):
    """One thing that happened: who (person, role and client address at the time), what (a dotted action
    such as `event.updated` or `signin.failed`), to which object, when, and the changed fields with their
    old and new values. Written only by audit.services.audit_record; never changed afterwards."""

    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # As they were at the time (a person's role may change); empty for the system (a periodic job).
    actor_role = models.CharField(max_length=20, blank=True)
    actor_email = models.CharField(max_length=254, blank=True)
    client_address = models.GenericIPAddressField(null=True, blank=True)
    action = models.CharField(max_length=60, db_index=True)
    object_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    # {"field": [old, new], ...}; never a password, token or code.
    changes = models.JSONField(default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.action} {self.object_repr}".strip()

    def get_actor_role_display(self) -> str:
        return Role(self.actor_role).label if self.actor_role in Role.values else self.actor_role
