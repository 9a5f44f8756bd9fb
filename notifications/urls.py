from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("emails/", views.message_list, name="message_list"),
    path("emails/<int:pk>/send-again/", views.message_send_again, name="message_send_again"),
    path("healthz/background", views.background_healthz, name="background_healthz"),
]
