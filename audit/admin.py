from django.contrib import admin

from audit.models import AuditEntry
from champions_portal.admin import AuditLogAdmin


@admin.register(AuditEntry)
class AuditEntryAdmin(AuditLogAdmin):
    """Read-only: the log is written by the portal and searched at /audit/."""

    list_display = ["at", "action", "object_repr", "actor_email", "actor_role", "client_address"]
    list_filter = ["action"]
    search_fields = ["object_repr", "actor_email", "action"]
    list_select_related = ["object_type"]
