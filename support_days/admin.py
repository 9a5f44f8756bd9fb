from django.contrib import admin

from support_days.models import SupportDay, SupportDayOffer


@admin.register(SupportDayOffer)
class SupportDayOfferAdmin(admin.ModelAdmin):
    list_display = ["champion", "date", "format", "capacity", "withdrawn_at"]
    list_filter = ["champion", "format"]
    list_select_related = ["champion"]


@admin.register(SupportDay)
class SupportDayAdmin(admin.ModelAdmin):
    list_display = ["local_authority", "champion", "date", "status", "feedback_usefulness"]
    list_filter = ["status", "champion"]
    search_fields = ["local_authority__name"]
    list_select_related = ["local_authority", "champion"]
