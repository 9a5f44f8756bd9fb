from django.urls import path

from events.views import attendance, manage, public, registrations, speakers

app_name = "events"

urlpatterns = [
    # Anyone, no account needed.
    path("events/", public.event_list, name="event_list"),
    path("events/<int:pk>/", public.event_detail, name="event_detail"),
    path("events/<int:pk>/calendar.ics", public.event_ics, name="event_ics"),
    path("events/<int:pk>/register/", public.registration_create, name="registration_create"),
    path("events/<int:pk>/register/group/", public.registration_group_create, name="registration_group_create"),
    path("registrations/<str:token>/", public.registration_manage, name="registration_manage"),
    path("registrations/<str:token>/cancel/", public.registration_cancel, name="registration_cancel"),
    path("registrations/group/<str:token>/", public.registration_group_manage, name="registration_group_manage"),
    # The organising champion's staff and programme staff.
    path("events/manage/", manage.event_manage_list, name="event_manage_list"),
    path("events/manage.<str:fmt>", manage.event_manage_export, name="event_manage_export"),
    path("events/new/", manage.event_create, name="event_create"),
    path("events/<int:pk>/edit/", manage.event_edit, name="event_edit"),
    path("events/<int:pk>/publish/", manage.event_publish, name="event_publish"),
    path("events/<int:pk>/cancel/", manage.event_cancel, name="event_cancel"),
    path("events/<int:pk>/registrations/", registrations.registration_list, name="registration_list"),
    path("events/<int:pk>/attendance/", attendance.attendance_mark, name="attendance_mark"),
    path("events/<int:pk>/registrations.<str:fmt>", manage.registration_export, name="registration_export"),
    path("events/<int:pk>/attendance-list.<str:fmt>", manage.attendance_export, name="attendance_export"),
    path("events/<int:pk>/representation/", manage.event_representation, name="event_representation"),
    path("events/<int:pk>/representation.<str:fmt>", manage.representation_export, name="representation_export"),
    # Speaker requests: organisers ask, programme staff answer.
    path("speaker-requests/", speakers.speaker_request_list, name="speaker_request_list"),
    path("speaker-requests/new/", speakers.speaker_request_create, name="speaker_request_create"),
    path("speaker-requests/<int:pk>/", speakers.speaker_request_detail, name="speaker_request_detail"),
    path("speaker-requests/<int:pk>/answer/", speakers.speaker_request_answer, name="speaker_request_answer"),
    path("speaker-requests/<int:pk>/withdraw/", speakers.speaker_request_withdraw, name="speaker_request_withdraw"),
]
