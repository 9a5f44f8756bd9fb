from django.contrib import admin

from case_studies.models import Attachment, CaseStudy, Resource, ReviewEntry
from champions_portal.admin import AuditLogInline


class ReviewEntryInline(AuditLogInline):
    model = ReviewEntry


@admin.register(CaseStudy)
class CaseStudyAdmin(admin.ModelAdmin):
    list_display = ["title", "champion", "quarter", "status", "submitted_late", "published_at"]
    list_filter = ["status", "champion", "submitted_late"]
    search_fields = ["title"]
    list_select_related = ["champion", "quarter__programme"]
    inlines = [ReviewEntryInline]

    def has_delete_permission(self, request, obj=None):
        """Only a case study with no review history (never submitted) may be deleted."""
        return obj is not None and not obj.history.exists() and super().has_delete_permission(request, obj)


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["title", "region", "champion", "published_at", "removed_at"]
    list_select_related = ["region", "champion"]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "case_study", "content_type", "size", "uploaded_at"]
    list_select_related = ["case_study"]
