"""Admin building blocks shared by the apps."""

from django.contrib import admin


class AuditLogInline(admin.TabularInline):
    """An audit log shown under the record it audits: nobody adds, changes or deletes an entry here
    (the portal writes them; the foreign key protects the record while it has any)."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditLogAdmin(admin.ModelAdmin):
    """An audit log of its own in the admin: to read, never to add, change or delete."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
