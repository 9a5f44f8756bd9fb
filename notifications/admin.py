from django.contrib import admin

from notifications.models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["key", "to", "subject", "state", "attempts", "created_at", "sent_at"]
    list_filter = ["state"]
    search_fields = ["key", "to"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
