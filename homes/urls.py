"""The home page keeps its URL name, accounts:home: the root URLconf mounts these under the accounts namespace."""

from django.urls import path

from homes import views

urlpatterns = [
    path("home/", views.home, name="home"),
]
