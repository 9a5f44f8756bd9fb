from django.urls import path

from events.views import manage, public

app_name = "events"

urlpatterns = [
    # Anyone, no account needed.
    path("events/", public.event_list, name="event_list"),
    path("events/<int:pk>/", public.event_detail, name="event_detail"),
    path("events/<int:pk>/calendar.ics", public.event_ics, name="event_ics"),
    path("events/<int:pk>/register/", public.registration_create, name="registration_create"),
    path("registrations/<str:token>/", public.registration_manage, name="registration_manage"),
    path("registrations/<str:token>/cancel/", public.registration_cancel, name="registration_cancel"),
    # The organising champion's staff and programme staff.
    path("events/manage/", manage.event_manage_list, name="event_manage_list"),
    path("events/new/", manage.event_create, name="event_create"),
    path("events/<int:pk>/edit/", manage.event_edit, name="event_edit"),
    path("events/<int:pk>/publish/", manage.event_publish, name="event_publish"),
    path("events/<int:pk>/cancel/", manage.event_cancel, name="event_cancel"),
    path("events/<int:pk>/registrations/", manage.registration_list, name="registration_list"),
    path("events/<int:pk>/attendance/", manage.attendance_mark, name="attendance_mark"),
    path("events/<int:pk>/registrations.<str:fmt>", manage.registration_export, name="registration_export"),
    path("events/<int:pk>/attendance-list.<str:fmt>", manage.attendance_export, name="attendance_export"),
    path("events/<int:pk>/representation/", manage.event_representation, name="event_representation"),
]
