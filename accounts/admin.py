from django.contrib import admin
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import AccountRequest, Invitation, User
from accounts.two_factor import second_factor_reset
from audit.services import audit_changes, audit_record, audit_snapshot

# A change to any of these is a change of what the person may see and do.
ACCESS_FIELDS = ["role", "champion", "local_authority", "is_active"]


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "full_name", "role", "champion", "local_authority", "is_active", "last_login"]
    list_filter = ["role", "is_active"]
    search_fields = ["email", "full_name"]
    list_select_related = ["champion", "local_authority"]
    fields = ["email", "full_name", "role", "champion", "local_authority", "is_active", "last_login", "date_joined"]
    readonly_fields = ["email", "last_login", "date_joined"]
    actions = ["reset_second_factor"]

    @admin.action(description="Reset the second sign-in step (for a lost phone)")
    def reset_second_factor(self, request, queryset):
        for user in queryset:
            second_factor_reset(user=user, by=request.user)
        self.message_user(request, f"Reset for {len(queryset)}: they set up an app at their next sign-in.")

    def has_add_permission(self, request):
        return False  # accounts are made by invitation, which checks the email and sets a password

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        before = audit_snapshot(User.objects.get(pk=obj.pk), ACCESS_FIELDS + ["full_name"])
        super().save_model(request, obj, form, change)
        changes = audit_changes(before, audit_snapshot(obj, ACCESS_FIELDS + ["full_name"]))
        if changes:
            access_changed = set(changes) & set(ACCESS_FIELDS)
            audit_record(action="user.role_changed" if access_changed else "user.updated", obj=obj, changes=changes)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "role", "champion", "local_authority", "created_at", "expires_at", "accepted_at"]
    list_filter = ["role"]
    search_fields = ["email", "full_name"]
    list_select_related = ["champion", "local_authority"]
    readonly_fields = ["invited_by", "created_at", "accepted_at", "user"]

    def has_add_permission(self, request):
        return False  # invitations are sent from the portal, which emails the link


@admin.register(AccountRequest)
class AccountRequestAdmin(admin.ModelAdmin):
    """To look at, and to delete if someone asks for their details to be erased: requests are decided in the
    portal, which sends the invitation or the refusal."""

    list_display = ["email", "full_name", "role", "champion", "local_authority", "status", "created_at", "decided_at"]
    list_filter = ["status", "role"]
    search_fields = ["email", "full_name", "organisation"]
    list_select_related = ["champion", "local_authority"]
    readonly_fields = [
        "full_name",
        "email",
        "organisation",
        "role",
        "champion",
        "local_authority",
        "status",
        "refusal_reason",
        "created_at",
        "decided_by",
        "decided_at",
        "invitation",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# Second-step devices are not managed here: a person sets up their own app, and programme staff reset
# it with the "Reset the second sign-in step" action on the person (recorded in the audit log).
admin.site.unregister(TOTPDevice)
admin.site.unregister(StaticDevice)
