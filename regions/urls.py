from django.urls import path

from regions import views

app_name = "regions"

urlpatterns = [
    path("regions/", views.RegionListView.as_view(), name="region_list"),
    path("regions/<slug:slug>/", views.RegionDetailView.as_view(), name="region_detail"),
    path("champions/", views.ChampionListView.as_view(), name="champion_list"),
    path("champions/<slug:slug>/", views.ChampionDetailView.as_view(), name="champion_detail"),
    path("pathfinders/", views.PathfinderListView.as_view(), name="pathfinder_list"),
    path("local-authorities/<slug:slug>/", views.LocalAuthorityDetailView.as_view(), name="local_authority_detail"),
    path("local-authorities/<slug:slug>/champion/", views.local_authority_assign, name="local_authority_assign"),
]
