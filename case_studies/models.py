import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse


def _upload_to(instance, filename: str) -> str:
    # A random name: nobody can guess a stored file's address, and names never collide.
    return f"uploads/{instance._meta.model_name}/{uuid.uuid4().hex}{PurePosixPath(filename).suffix.lower()}"


class CaseStudyQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=CaseStudy.Status.PUBLISHED)

    def visible_to(self, user):
        """Published ones for everyone; the rest only for their champion's staff and programme staff."""
        if user.is_authenticated and user.is_programme_staff:
            return self
        if user.is_authenticated and user.is_champion_staff:
            return self.filter(Q(status=CaseStudy.Status.PUBLISHED) | Q(champion_id=user.champion_id))
        return self.published()

    def submitted(self):
        """Case studies that have been submitted at least once: these count towards the quarterly target."""
        return self.filter(first_submitted_at__isnull=False)

    def for_listing(self):
        return self.select_related("champion__region", "quarter__programme").prefetch_related("themes")


class CaseStudy(models.Model):
    """A champion's quarterly case study of an effective approach to the SEND reforms (Annex B)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted for review"
        RETURNED = "returned", "Returned for changes"
        APPROVED = "approved", "Approved"
        PUBLISHED = "published", "Published"

    champion = models.ForeignKey("regions.Champion", on_delete=models.PROTECT, related_name="case_studies")
    quarter = models.ForeignKey("programme.Quarter", on_delete=models.PROTECT, related_name="case_studies")
    title = models.CharField(max_length=200)
    themes = models.ManyToManyField("programme.Theme", related_name="case_studies")
    local_authorities = models.ManyToManyField("regions.LocalAuthority", related_name="case_studies", blank=True)
    summary = models.TextField()
    problem = models.TextField("What the problem was")
    approach = models.TextField("What they did")
    impact = models.TextField("The impact")
    lessons = models.TextField("Lessons for others")
    consent_confirmed = models.BooleanField(default=False, help_text="Named people agreed to be named.")
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_late = models.BooleanField(default=False, help_text="First submitted after the quarter's deadline.")
    published_at = models.DateTimeField(null=True, blank=True)

    objects = CaseStudyQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at", "-pk"]
        verbose_name_plural = "case studies"
        indexes = [
            # The first case study submitted for each quarter and champion (case_studies.progress.quarter_statuses).
            models.Index(fields=["quarter", "champion", "first_submitted_at", "id"], name="case_study_first_submitted"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("case_studies:case_study_detail", args=[self.pk])

    def can_view(self, user) -> bool:
        return self.status == self.Status.PUBLISHED or self.can_edit_as_owner_or_staff(user)

    def can_edit_as_owner_or_staff(self, user) -> bool:
        return user.is_authenticated and user.may_act_for_champion(self.champion_id)

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class ReviewEntry(models.Model):
    """The history of a case study: each submission, return (with comments), approval and publication."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        RETURNED = "returned", "Returned for changes"
        APPROVED = "approved", "Approved"
        PUBLISHED = "published", "Published"
        UNPUBLISHED = "unpublished", "Unpublished"

    case_study = models.ForeignKey(CaseStudy, on_delete=models.PROTECT, related_name="history")
    action = models.CharField(max_length=20, choices=Action)
    comments = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name_plural = "review history"

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.case_study}"


class Attachment(models.Model):
    """A file on a case study. Served only through a view that checks who may see the case study."""

    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_upload_to)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("case_studies:attachment_download", args=[self.pk])


class ResourceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(removed_at__isnull=True)

    def for_listing(self):
        return self.select_related("region", "champion").prefetch_related("themes")


class Resource(models.Model):
    """A good-practice resource in the library: a national tool or a region's local material."""

    title = models.CharField(max_length=200)
    description = models.TextField()
    themes = models.ManyToManyField("programme.Theme", related_name="resources")
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, null=True, blank=True, help_text="Empty for a national resource."
    )
    champion = models.ForeignKey(
        "regions.Champion", on_delete=models.PROTECT, null=True, blank=True, related_name="resources"
    )
    file = models.FileField(upload_to=_upload_to, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    link = models.URLField(blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField()
    removed_at = models.DateTimeField(null=True, blank=True)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(file="") | ~Q(link=""), name="resource_has_file_or_link"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_national(self) -> bool:
        return self.region_id is None

    def can_remove(self, user) -> bool:
        return user.is_authenticated and user.may_act_for_champion(self.champion_id)

    def get_download_url(self) -> str:
        return reverse("case_studies:resource_download", args=[self.pk])
