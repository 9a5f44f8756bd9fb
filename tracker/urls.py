"""The delivery tracker's pages. They keep the URLs and names they had under programme/ (programme:tracker...),
so links and bookmarks still work: the root URLconf mounts them in the "programme" namespace."""

from django.urls import path

from tracker import views

urlpatterns = [
    # Programme staff (and champion staff for their own champion's page).
    path("<slug:slug>/tracker/", views.national, name="tracker"),
    path("<slug:slug>/tracker.<str:fmt>", views.national_export, name="tracker_export"),
    path("<slug:slug>/tracker/champions/<slug:champion>/", views.champion_page, name="tracker_champion"),
    path(
        "<slug:slug>/tracker/champions/<slug:champion>.<str:fmt>",
        views.champion_export,
        name="tracker_champion_export",
    ),
    path("<slug:slug>/tracker/regions/<slug:region>/", views.region_page, name="tracker_region"),
]
