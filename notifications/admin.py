from django.contrib import admin

from notifications.models import SentMessage


@admin.register(SentMessage)
class SentMessageAdmin(admin.ModelAdmin):
    list_display = ["key", "to", "subject", "sent_at"]
    search_fields = ["key", "to"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
