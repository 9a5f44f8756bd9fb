from django.contrib import admin
from django.db import transaction

from events.attendance import attendance_counts_refresh
from events.models import Event, Network, Registration, SpeakerRequest


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
    search_fields = ["name", "email", "organisation", "booked_by_name"]
    list_select_related = ["event"]
    readonly_fields = ["token"]

    # An edit here may change attendance or partner type: recount the events' attendance in the same transaction
    # (the admin wraps each change in one), moving a registration recounts both events.
    def save_model(self, request, obj, form, change):
        before = Registration.objects.filter(pk=obj.pk).values_list("event_id", flat=True).first()
        super().save_model(request, obj, form, change)
        attendance_counts_refresh(event_ids={obj.event_id, before} - {None})

    def delete_model(self, request, obj):
        event_id = obj.event_id
        super().delete_model(request, obj)
        attendance_counts_refresh(event_ids=[event_id])

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        event_ids = set(queryset.values_list("event_id", flat=True))
        super().delete_queryset(request, queryset)
        attendance_counts_refresh(event_ids=event_ids)


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    """Local and regional networks that events can be part of: programme staff add them here."""

    list_display = ["name", "region"]
    list_filter = ["region"]
    search_fields = ["name"]
    list_select_related = ["region"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(SpeakerRequest)
class SpeakerRequestAdmin(admin.ModelAdmin):
    """To look up; requests are asked and answered in the portal, which emails and audits each change."""

    list_display = ["event_title", "date", "champion", "local_authority", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["event_title"]
    list_select_related = ["champion", "local_authority"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
