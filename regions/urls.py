from django.urls import path

from regions.views import contacts, public

app_name = "regions"

urlpatterns = [
    path("regions/", public.RegionListView.as_view(), name="region_list"),
    path("regions/<slug:slug>/", public.RegionDetailView.as_view(), name="region_detail"),
    path("champions/", public.ChampionListView.as_view(), name="champion_list"),
    path("champions/<slug:slug>/", public.ChampionDetailView.as_view(), name="champion_detail"),
    # The champion's own staff and programme staff.
    path("champions/<slug:slug>/contacts/", contacts.champion_contact_list, name="champion_contact_list"),
    path("champions/<slug:slug>/contacts/add/", contacts.champion_contact_add, name="champion_contact_add"),
    path("champions/<slug:slug>/contacts/<int:pk>/", contacts.champion_contact_edit, name="champion_contact_edit"),
    path(
        "champions/<slug:slug>/contacts/<int:pk>/remove/",
        contacts.champion_contact_remove,
        name="champion_contact_remove",
    ),
    path("champions/<slug:slug>/contacts/<int:pk>/move/", contacts.champion_contact_move, name="champion_contact_move"),
    path("pathfinders/", public.PathfinderListView.as_view(), name="pathfinder_list"),
    path("local-authorities/<slug:slug>/", public.LocalAuthorityDetailView.as_view(), name="local_authority_detail"),
    path("local-authorities/<slug:slug>/champion/", public.local_authority_assign, name="local_authority_assign"),
]
