from django.contrib import admin

from programme.models import Programme, Quarter, Theme


class QuarterInline(admin.TabularInline):
    model = Quarter
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on", "national_funding", "funding_base_per_champion"]
    inlines = [QuarterInline]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
