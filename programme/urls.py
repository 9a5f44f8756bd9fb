from django.urls import path

from programme import views

app_name = "programme"

urlpatterns = [
    path("", views.programme_current, name="programme_current"),
    path("<slug:slug>/", views.programme_detail, name="programme_detail"),
    path("<slug:slug>/funding.<str:fmt>", views.funding_export, name="funding_export"),
]
