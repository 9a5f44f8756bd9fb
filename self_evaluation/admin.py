from django.contrib import admin

from champions_portal.admin import AuditLogInline
from self_evaluation.models import Element, QuarterlyReturn, Rating, ReturnChange, ReturnsWindow, WindowChange


@admin.register(Element)
class ElementAdmin(admin.ModelAdmin):
    list_display = ["name", "theme", "group", "position"]
    list_filter = ["theme"]


class WindowChangeInline(AuditLogInline):
    model = WindowChange


@admin.register(ReturnsWindow)
class ReturnsWindowAdmin(admin.ModelAdmin):
    """Read-only here: windows are opened and closed in the portal, which records each change."""

    list_display = ["quarter", "deadline", "opened_at", "closed_at"]
    list_select_related = ["quarter__programme"]
    inlines = [WindowChangeInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RatingInline(admin.TabularInline):
    model = Rating
    extra = 0
    readonly_fields = ["element", "level", "evidence"]
    can_delete = False


class ReturnChangeInline(AuditLogInline):
    model = ReturnChange


@admin.register(QuarterlyReturn)
class QuarterlyReturnAdmin(admin.ModelAdmin):
    """Read-only here: changes to a return go through the portal, which records them."""

    list_display = ["local_authority", "quarter", "status", "submitted_at"]
    list_filter = ["status", "quarter"]
    list_select_related = ["local_authority", "quarter__programme"]
    inlines = [RatingInline, ReturnChangeInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
