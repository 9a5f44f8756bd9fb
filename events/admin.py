from django.contrib import admin

from events.models import Event, Registration


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "champion", "kind", "starts_at", "status", "capacity"]
    list_filter = ["status", "kind", "champion"]
    search_fields = ["title"]
    list_select_related = ["champion"]
    filter_horizontal = ["themes"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "event", "status", "partner_type", "attendance", "created_at"]
    list_filter = ["status", "partner_type", "attendance"]
    search_fields = ["name", "email", "organisation"]
    list_select_related = ["event"]
    readonly_fields = ["token"]
