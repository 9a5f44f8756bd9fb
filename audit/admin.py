from django.contrib import admin

from audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is written by the portal and searched at /audit/."""

    list_display = ["at", "action", "object_repr", "actor_email", "actor_role", "client_address"]
    list_filter = ["action"]
    search_fields = ["object_repr", "actor_email", "action"]
    list_select_related = ["object_type"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
