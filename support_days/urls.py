from django.urls import path

from support_days.views import champion, coverage, local_authority

app_name = "support_days"

urlpatterns = [
    # LA officers (their own LA).
    path("support-days/", local_authority.support_day_list, name="support_day_list"),
    path("support-days/book/", local_authority.offer_choose, name="offer_choose"),
    path("support-days/book/<int:offer_pk>/", local_authority.support_day_book, name="support_day_book"),
    path("support-days/request/", local_authority.support_day_request, name="support_day_request"),
    path("support-days/<int:pk>/reschedule/", local_authority.support_day_reschedule, name="support_day_reschedule"),
    path("support-days/<int:pk>/feedback/", local_authority.support_day_feedback, name="support_day_feedback"),
    # Both sides.
    path("support-days/<int:pk>/", local_authority.support_day_detail, name="support_day_detail"),
    path("support-days/<int:pk>/cancel/", local_authority.support_day_cancel, name="support_day_cancel"),
    # Champion staff (their own champion) and programme staff.
    path("support-days/offers/", champion.offer_list, name="offer_list"),
    path("support-days/offers.<str:fmt>", champion.offer_export, name="offer_export"),
    path("support-days/offers/new/", champion.offers_create, name="offers_create"),
    path("support-days/offers/<int:pk>/withdraw/", champion.offer_withdraw, name="offer_withdraw"),
    path("support-days/patch/", champion.patch, name="patch"),
    path("support-days/patch.<str:fmt>", champion.patch_export, name="patch_export"),
    path("support-days/<int:pk>/confirm/", champion.support_day_confirm, name="support_day_confirm"),
    path("support-days/<int:pk>/decline/", champion.support_day_decline, name="support_day_decline"),
    path("support-days/<int:pk>/deliver/", champion.support_day_deliver, name="support_day_deliver"),
    # Programme staff.
    path("support-days/coverage/", coverage.coverage, name="coverage"),
    path("support-days/coverage.<str:fmt>", coverage.coverage_export, name="coverage_export"),
]
