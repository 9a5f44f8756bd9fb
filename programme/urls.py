from django.urls import path

from programme import views
from programme.views_tracker import champion_export, champion_page, national, national_export, region_page

app_name = "programme"

urlpatterns = [
    path("", views.programme_current, name="programme_current"),
    path("<slug:slug>/", views.programme_detail, name="programme_detail"),
    # The delivery tracker: programme staff (and champion staff for their own champion's page).
    path("<slug:slug>/tracker/", national, name="tracker"),
    path("<slug:slug>/tracker.<str:fmt>", national_export, name="tracker_export"),
    path("<slug:slug>/tracker/champions/<slug:champion>/", champion_page, name="tracker_champion"),
    path("<slug:slug>/tracker/champions/<slug:champion>.<str:fmt>", champion_export, name="tracker_champion_export"),
    path("<slug:slug>/tracker/regions/<slug:region>/", region_page, name="tracker_region"),
]
