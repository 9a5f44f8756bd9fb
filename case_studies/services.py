"""Writes for case studies, their review and attachments, and library resources."""

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import Role, User
from audit.services import audit_changes, audit_record, audit_snapshot
from case_studies.models import Attachment, CaseStudy, Resource, ReviewEntry
from case_studies.uploads import upload_check
from notifications.reminders import deadline_reminder_due
from notifications.services import email_queue
from notifications.unsent import outbox_key, unsent
from programme.models import Quarter
from regions.models import Champion


class ReviewRefused(Exception):
    """The case study is not in a state that allows this; the message says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _lock(case_study: CaseStudy) -> CaseStudy:
    return CaseStudy.objects.select_for_update().get(pk=case_study.pk)


def _move(case_study: CaseStudy, *, expected: tuple[str, ...], to: str, action: str, comments: str, by: User, now):
    case_study = _lock(case_study)
    if case_study.status not in expected:
        raise ReviewRefused(f"This case study is {case_study.get_status_display().lower()}, so it cannot be {action}.")
    case_study.status = to
    case_study.save(update_fields=["status"])
    ReviewEntry.objects.create(case_study=case_study, action=action, comments=comments, by=by, at=now)
    audit_record(
        action=f"case_study.{action}", obj=case_study, actor=by, changes={"comments": [None, comments]}, at=now
    )
    return case_study


# --- Writing ----------------------------------------------------------------------------------


@transaction.atomic
def case_study_create(
    *, champion: Champion, quarter: Quarter, fields: dict, themes, local_authorities, by: User, now
) -> CaseStudy:
    """Save a new draft."""
    case_study = CaseStudy.objects.create(
        champion=champion, quarter=quarter, created_by=by, created_at=now, updated_at=now, **fields
    )
    case_study.themes.set(themes)
    case_study.local_authorities.set(local_authorities)
    audit_record(action="case_study.created", obj=case_study, actor=by, changes=audit_changes({}, fields), at=now)
    return case_study


@transaction.atomic
def case_study_update(*, case_study: CaseStudy, fields: dict, themes, local_authorities, now) -> CaseStudy:
    """Change a draft or a returned case study."""
    case_study = _lock(case_study)
    if not case_study.is_editable:
        raise ReviewRefused("Only a draft or a returned case study can be changed.")
    before = audit_snapshot(case_study, fields)
    for name, value in fields.items():
        setattr(case_study, name, value)
    case_study.updated_at = now
    case_study.save()
    audit_record(action="case_study.updated", obj=case_study, changes=audit_changes(before, fields), at=now)
    case_study.themes.set(themes)
    case_study.local_authorities.set(local_authorities)
    return case_study


@transaction.atomic
def case_study_submit(*, case_study: CaseStudy, by: User, now) -> CaseStudy:
    """Send a draft (or a returned one, again) for review. The first submission records whether it was late."""
    case_study = _lock(case_study)
    if not case_study.consent_confirmed:
        raise ReviewRefused("Confirm that the people named agreed to be named before you submit.")
    case_study = _move(
        case_study,
        expected=(CaseStudy.Status.DRAFT, CaseStudy.Status.RETURNED),
        to=CaseStudy.Status.SUBMITTED,
        action=ReviewEntry.Action.SUBMITTED,
        comments="",
        by=by,
        now=now,
    )
    if case_study.first_submitted_at is None:
        case_study.first_submitted_at = now
        case_study.submitted_late = timezone.localdate(now) > case_study.quarter.deadline()
        case_study.save(update_fields=["first_submitted_at", "submitted_late"])
    return case_study


@transaction.atomic
def attachment_add(*, case_study: CaseStudy, upload: UploadedFile, by: User, now) -> Attachment:
    """Store a checked file on a draft or returned case study (through Django's storage API)."""
    case_study = _lock(case_study)
    if not case_study.is_editable:
        raise ReviewRefused("Only a draft or a returned case study can be changed.")
    content_type = upload_check(upload)
    attachment = Attachment.objects.create(
        case_study=case_study,
        file=upload,
        original_name=upload.name[:255],
        content_type=content_type,
        size=upload.size,
        uploaded_by=by,
        uploaded_at=now,
    )
    changes = {"attachment": [None, attachment.original_name]}
    audit_record(action="case_study.attachment_added", obj=case_study, actor=by, changes=changes, at=now)
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment) -> None:
    case_study = _lock(attachment.case_study)
    if not case_study.is_editable:
        raise ReviewRefused("Only a draft or a returned case study can be changed.")
    stored = attachment.file.name
    changes = {"attachment": [attachment.original_name, None]}
    audit_record(action="case_study.attachment_removed", obj=case_study, changes=changes)
    attachment.delete()
    stored_files_delete(names=[stored])


# --- Stored files -----------------------------------------------------------------------------


def stored_files_delete(*, names) -> None:
    """Delete these files from storage (local disk or the bucket) once the current transaction commits: never
    before, so that a rollback cannot leave a row naming a missing file. Each file is deleted on its own; one that
    storage fails to delete is logged as an error and left behind, named by nothing, rather than failing a change
    already made. Deleting a file already gone is harmless."""
    for name in sorted({name for name in names if name}):
        transaction.on_commit(_stored_file_deleter(name), robust=True)


def _stored_file_deleter(name: str):
    def delete_stored_file() -> None:
        Attachment.file.field.storage.delete(name)  # attachments and resources both use the default storage

    return delete_stored_file


@transaction.atomic
def case_study_delete(*, case_study: CaseStudy) -> None:
    """Delete a case study (the admin offers it only for one never submitted) with its attachments, and their
    stored files after commit."""
    names = list(case_study.attachments.values_list("file", flat=True))
    audit_record(action="case_study.deleted", obj=case_study)
    case_study.delete()
    stored_files_delete(names=names)


@transaction.atomic
def attachments_delete(*, attachments) -> None:
    """Delete these attachments (a queryset: the admin's delete, whatever their case study's state), and their
    stored files after commit."""
    attachments = list(attachments.select_related("case_study"))
    for attachment in attachments:
        changes = {"attachment": [attachment.original_name, None]}
        audit_record(action="case_study.attachment_removed", obj=attachment.case_study, changes=changes)
    Attachment.objects.filter(pk__in=[attachment.pk for attachment in attachments]).delete()
    stored_files_delete(names=[attachment.file.name for attachment in attachments])


@transaction.atomic
def resources_delete(*, resources) -> None:
    """Delete these resources (a queryset: the admin's delete; the library's "Remove" only hides one), and their
    stored files after commit."""
    resources = list(resources)
    for resource in resources:
        audit_record(action="resource.deleted", obj=resource)
    Resource.objects.filter(pk__in=[resource.pk for resource in resources]).delete()
    stored_files_delete(names=[resource.file.name for resource in resources])


# --- Review (programme staff) -----------------------------------------------------------------


@transaction.atomic
def case_study_return(*, case_study: CaseStudy, comments: str, by: User, now) -> CaseStudy:
    """Send a submitted case study back to its champion with comments."""
    statuses = (CaseStudy.Status.SUBMITTED,)
    case_study = _move(
        case_study, expected=statuses, to="returned", action="returned", comments=comments, by=by, now=now
    )
    case_study_notice_queue(case_study=case_study, template="case_study_returned", now=now)
    return case_study


@transaction.atomic
def case_study_approve(*, case_study: CaseStudy, comments: str, by: User, now) -> CaseStudy:
    statuses = (CaseStudy.Status.SUBMITTED,)
    case_study = _move(
        case_study, expected=statuses, to="approved", action="approved", comments=comments, by=by, now=now
    )
    case_study_notice_queue(case_study=case_study, template="case_study_approved", now=now)
    return case_study


@transaction.atomic
def case_study_publish(*, case_study: CaseStudy, by: User, now) -> CaseStudy:
    """Put an approved case study in the public library."""
    statuses = (CaseStudy.Status.APPROVED,)
    case_study = _move(case_study, expected=statuses, to="published", action="published", comments="", by=by, now=now)
    if case_study.published_at is None:
        case_study.published_at = now
        case_study.save(update_fields=["published_at"])
    case_study_notice_queue(case_study=case_study, template="case_study_published", now=now)
    return case_study


@transaction.atomic
def case_study_unpublish(*, case_study: CaseStudy, comments: str, by: User, now) -> CaseStudy:
    """Take a case study out of the library; it stays approved and can be published again."""
    statuses = (CaseStudy.Status.PUBLISHED,)
    return _move(case_study, expected=statuses, to="approved", action="unpublished", comments=comments, by=by, now=now)


# --- Resources --------------------------------------------------------------------------------


@transaction.atomic
def resource_publish(*, fields: dict, themes, upload: UploadedFile | None, by: User, now, region=None) -> Resource:
    """Publish a resource: champion staff for their own region, programme staff nationally or for a region."""
    champion = by.champion if by.is_champion_staff else None
    region = champion.region if champion else region
    file_fields = {}
    if upload is not None:
        file_fields = {"file": upload, "original_name": upload.name[:255], "content_type": upload_check(upload)}
    resource = Resource.objects.create(
        region=region, champion=champion, published_by=by, published_at=now, **fields, **file_fields
    )
    resource.themes.set(themes)
    audit_record(action="resource.published", obj=resource, actor=by, at=now)
    return resource


@transaction.atomic
def resource_remove(*, resource: Resource, now) -> Resource:
    """Take a resource out of the library. Removing twice is harmless."""
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    if resource.removed_at is None:
        resource.removed_at = now
        resource.save(update_fields=["removed_at"])
        audit_record(action="resource.removed", obj=resource, at=now)
    return resource


# --- Emails and the deadline job --------------------------------------------------------------


def _champion_staff(champion: Champion):
    return User.objects.filter(role=Role.CHAMPION_STAFF, champion=champion, is_active=True)


def case_study_notice_queue(*, case_study: CaseStudy, template: str, now) -> int:
    """Queue a notice telling the champion's staff their case study was returned, approved or published. Once each."""
    latest = case_study.history.filter(action=template.removeprefix("case_study_")).last()
    occasion = latest.pk if latest else "none"
    return sum(
        email_queue(
            key=f"{template}:{case_study.pk}:{occasion}:{person.pk}",
            to=person.email,
            template=template,
            context={
                "case_study": case_study,
                "entry": latest,
                "person": person,
                "case_study_url": settings.SITE_URL + case_study.get_absolute_url(),
            },
            now=now,
            champion=case_study.champion,
        )
        for person in _champion_staff(case_study.champion)
    )


# Reminders this many days before a deadline.
DEADLINE_REMINDER_DAYS = (1, 7, 14)
# Overdue notices go out from the day after the deadline, for a week (not for quarters long past).
OVERDUE_NOTICE_DAYS = 7


def champions_missing(quarter: Quarter):
    """Champions with no case study submitted for the quarter."""
    submitted = CaseStudy.objects.submitted().filter(quarter=quarter).values("champion_id")
    return Champion.objects.exclude(pk__in=submitted).select_related("region")


def case_study_deadline_notices_send(*, now) -> int:
    """Reminders 14, 7 and 1 days before each quarter's deadline to champions that have not submitted;
    from the day after, an overdue notice to them and a digest to programme staff. Found from the
    database each run, only the messages not yet queued (notifications.unsent), and queued through email_queue:
    safe to run twice."""
    today = timezone.localdate(now)
    sent = 0
    for quarter in Quarter.objects.select_related("programme"):
        days_left = (quarter.deadline() - today).days
        due = deadline_reminder_due(deadline=quarter.deadline(), today=today, days_before=DEADLINE_REMINDER_DAYS)
        overdue = -OVERDUE_NOTICE_DAYS <= days_left < 0
        if not (due or overdue):
            continue
        template = f"case_study_reminder_{due}" if due else "case_study_overdue"
        staff = User.objects.filter(
            role=Role.CHAMPION_STAFF, is_active=True, champion__in=champions_missing(quarter).values("pk")
        )
        key = outbox_key(f"{template}:{quarter.pk}:", F("champion_id"), ":", F("pk"))
        for person in unsent(staff, key=key).select_related("champion__region").order_by("pk"):
            sent += email_queue(
                key=f"{template}:{quarter.pk}:{person.champion_id}:{person.pk}",
                to=person.email,
                template=template,
                context={"quarter": quarter, "champion": person.champion, "person": person, "days_left": days_left},
                now=now,
                champion=person.champion,
            )
        if not overdue:
            continue
        programme_staff = User.objects.filter(role=Role.PROGRAMME_STAFF, is_active=True)
        digest_to = list(unsent(programme_staff, key=outbox_key(f"case_study_overdue_digest:{quarter.pk}:", F("pk"))))
        missing = list(champions_missing(quarter)) if digest_to else []
        for person in digest_to if missing else []:
            sent += email_queue(
                key=f"case_study_overdue_digest:{quarter.pk}:{person.pk}",
                to=person.email,
                template="case_study_overdue_digest",
                context={"quarter": quarter, "missing": missing, "person": person},
                now=now,
            )
    return sent
