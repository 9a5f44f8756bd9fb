"""Registrations for events, and the attendance counts the tracker sums (kept by events.attendance)."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse

from events.models.events import Event, PartnerType


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status=Registration.Status.CANCELLED)

    def waiting_list(self):
        return self.filter(status=Registration.Status.WAITLISTED).order_by("pk")

    def waiting_positions(self) -> dict[int, int]:
        """{registration pk: place on the waiting list, from 1}, in one query (for one event's registrations)."""
        return {pk: n for n, pk in enumerate(self.waiting_list().values_list("pk", flat=True), start=1)}


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class Registration(models.Model):
    """A person's place (or place in the queue) at an event. No account needed."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        WAITLISTED = "waitlisted", "On the waiting list"
        CANCELLED = "cancelled", "Cancelled"

    class Attendance(models.TextChoices):
        UNKNOWN = "", "Not recorded"
        ATTENDED = "attended", "Attended"
        DID_NOT_ATTEND = "did_not_attend", "Did not attend"

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="registrations")
    status = models.CharField(max_length=20, choices=Status)
    name = models.CharField(max_length=150)
    email = models.EmailField()
    organisation = models.CharField(max_length=200)
    partner_type = models.CharField(max_length=30, choices=PartnerType)
    local_authority = models.ForeignKey(
        "regions.LocalAuthority", on_delete=models.PROTECT, null=True, blank=True, related_name="registrations"
    )
    # Special data: only the organising champion and programme staff see these; erased after the event.
    access_needs = models.TextField(blank=True)
    dietary_needs = models.TextField(blank=True)
    # Survive the erasure, so reports can still count them.
    had_access_needs = models.BooleanField(default=False)
    had_dietary_needs = models.BooleanField(default=False)
    privacy_agreed_at = models.DateTimeField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="registrations"
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    created_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attendance = models.CharField(max_length=20, choices=Attendance, blank=True, default=Attendance.UNKNOWN)
    # A group registration (one coordinator, several people): `email` is the coordinator's, `booked_by_name`
    # is the coordinator's name on everyone's row but their own (blank: they registered themselves), and
    # `group_token` is shared by the group's rows: the coordinator's private link to see them all.
    booked_by_name = models.CharField(max_length=150, blank=True)
    group_token = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        indexes = [
            # Confirmed places per event counted from the index alone (the finder, the tracker); one list of an
            # event's registrations (confirmed, waiting or cancelled) a page at a time, in order (organisers).
            models.Index(fields=["event", "status", "id"], name="registration_event_status"),
        ]
        constraints = [
            # One active place per person registering themselves with an address; a coordinator's
            # address may also hold places for other people (booked_by_name set), one per name.
            # Erased registrations (retention) have no email left to be unique.
            models.UniqueConstraint(
                "event",
                Lower("email"),
                condition=~Q(status="cancelled") & ~Q(email="") & Q(booked_by_name=""),
                name="registration_one_self_booking_per_email",
            ),
            models.UniqueConstraint(
                "event",
                Lower("email"),
                Lower("name"),
                condition=~Q(status="cancelled") & ~Q(email=""),
                name="registration_one_active_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} at {self.event}"

    def get_manage_url(self) -> str:
        return reverse("events:registration_manage", args=[self.token])

    def get_group_url(self) -> str:
        """The coordinator's page listing everyone they registered together (a group registration only)."""
        return reverse("events:registration_group_manage", args=[self.group_token])

    def waiting_list_position(self) -> int | None:
        if self.status != self.Status.WAITLISTED:
            return None
        return Registration.objects.waiting_list().filter(event_id=self.event_id, pk__lte=self.pk).count()


class EventAttendance(models.Model):
    """How many people attended an event, per partner type (a column each): the tracker sums these rows rather
    than every attended registration. Kept in the transaction of each write that changes an event's attendance
    (events.attendance.attendance_counts_refresh); `manage.py rebuild_attendance_counts` recounts from the rows.
    No row: nobody attended (yet)."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, primary_key=True, related_name="attendance_counts")
    parent_carer_forum = models.PositiveIntegerField(default=0)
    parent_or_carer = models.PositiveIntegerField(default=0)
    young_person = models.PositiveIntegerField(default=0)
    early_years = models.PositiveIntegerField(default=0)
    school = models.PositiveIntegerField(default=0)
    post_16 = models.PositiveIntegerField(default=0)
    health = models.PositiveIntegerField(default=0)
    childrens_social_care = models.PositiveIntegerField(default=0)
    adult_social_care = models.PositiveIntegerField(default=0)
    la_education = models.PositiveIntegerField(default=0)
    vcs = models.PositiveIntegerField(default=0)
    other = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"Attendance at {self.event_id}"
