from django.contrib import admin

from accounts.models import Invitation, User


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "full_name", "role", "champion", "local_authority", "is_active", "last_login"]
    list_filter = ["role", "is_active"]
    search_fields = ["email", "full_name"]
    list_select_related = ["champion", "local_authority"]
    fields = ["email", "full_name", "role", "champion", "local_authority", "is_active", "last_login", "date_joined"]
    readonly_fields = ["email", "last_login", "date_joined"]

    def has_add_permission(self, request):
        return False  # accounts are made by invitation, which checks the email and sets a password


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "role", "champion", "local_authority", "created_at", "expires_at", "accepted_at"]
    list_filter = ["role"]
    search_fields = ["email", "full_name"]
    list_select_related = ["champion", "local_authority"]
    readonly_fields = ["invited_by", "created_at", "accepted_at", "user"]

    def has_add_permission(self, request):
        return False  # invitations are sent from the portal, which emails the link
