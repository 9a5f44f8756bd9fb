from django.contrib import admin
from django.db import models
from django.utils.html import format_html

from case_studies import services
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

    def delete_model(self, request, obj):
        services.case_study_delete(case_study=obj)


class StoredFileAdmin(admin.ModelAdmin):
    """A record with an uploaded file. The file is a link to the download page that checks who may see it (the
    admin's own file widget links to the storage's URL, a signed bucket URL past every check) and cannot be
    replaced here, where it would skip the upload checks; so records are added only through the portal's pages.
    Deleting records deletes their stored files."""

    exclude = ["file"]
    readonly_fields = ["download"]

    def has_add_permission(self, request):
        return False

    def download_url(self, obj) -> str | None:
        raise NotImplementedError

    @admin.display(description="File")
    def download(self, obj):
        if not obj.file:
            return "None"
        if (url := self.download_url(obj)) is None:
            return f"{obj.original_name} (no longer served)"
        return format_html('<a href="{}">{}</a>', url, obj.original_name or "Download")

    def records_delete(self, queryset) -> None:
        raise NotImplementedError

    def delete_model(self, request, obj):
        self.records_delete(self.model.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        self.records_delete(queryset)


@admin.register(Resource)
class ResourceAdmin(StoredFileAdmin):
    list_display = ["title", "region", "champion", "published_at", "removed_at"]
    list_select_related = ["region", "champion"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # Django 6's default, and no warning

    def download_url(self, obj) -> str | None:
        return None if obj.removed_at else obj.get_download_url()

    def records_delete(self, queryset) -> None:
        services.resources_delete(resources=queryset)


@admin.register(Attachment)
class AttachmentAdmin(StoredFileAdmin):
    list_display = ["original_name", "case_study", "content_type", "size", "uploaded_at"]
    list_select_related = ["case_study"]

    def download_url(self, obj) -> str | None:
        return obj.get_absolute_url()

    def records_delete(self, queryset) -> None:
        services.attachments_delete(attachments=queryset)
