from django.contrib import admin

from champions_portal.admin import AuditLogAdmin
from regions.models import AssignmentChange, Champion, ChampionContact, LocalAuthority, Pathfinder, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]


@admin.register(Pathfinder)
class PathfinderAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]


class ChampionContactInline(admin.TabularInline):
    model = ChampionContact
    fields = ["order", "name", "role", "email", "phone"]
    extra = 0


@admin.register(Champion)
class ChampionAdmin(admin.ModelAdmin):
    list_display = ["name", "region"]
    list_select_related = ["region"]
    inlines = [ChampionContactInline]


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "pathfinder", "member_of_champion", "champion_override"]
    list_filter = ["region", "pathfinder"]
    search_fields = ["name"]
    list_select_related = ["region", "pathfinder", "member_of_champion", "champion_override"]
    # Changing the assigned champion goes through the portal page, which records who and why.
    readonly_fields = ["champion_override"]


@admin.register(AssignmentChange)
class AssignmentChangeAdmin(AuditLogAdmin):
    list_display = ["local_authority", "from_champion", "to_champion", "changed_by", "changed_at"]
    list_select_related = ["local_authority", "from_champion", "to_champion", "changed_by"]
