"""Which rows the sample made, listed in SampleRecord when it is loaded, and deleting exactly those.

Rows that go with their parent are not listed: a return's ratings and costs (deleted with it, CASCADE) and the
links between events, days or case studies and their themes or LAs. Removal also deletes what was later added
to a sample row and would stop it being deleted: someone's registration for a sample event, a booking of a
sample date, a review of a sample case study, and the audit entries about sample rows.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Model, Q, QuerySet
from django.db.models.functions import Cast

from accounts.models import User
from audit.models import AuditEntry
from case_studies.models import CaseStudy, ReviewEntry
from events.models import Event, Registration
from sample_data.models import SampleRecord
from self_evaluation.models import QuarterlyReturn, ReturnChange, ReturnsWindow, WindowChange
from support_days.models import SupportDay, SupportDayOffer
from tracker.models import TrackerSnapshot

# In the order they can be deleted, each with the sample parent whose later children go with it.
REMOVAL_ORDER: list[tuple[type[Model], str | None, type[Model] | None]] = [
    (AuditEntry, None, None),
    (Registration, "event", Event),
    (ReviewEntry, "case_study", CaseStudy),
    (CaseStudy, None, None),
    (ReturnChange, "quarterly_return", QuarterlyReturn),
    (QuarterlyReturn, None, None),
    (WindowChange, "window", ReturnsWindow),
    (ReturnsWindow, None, None),
    (SupportDay, "offer", SupportDayOffer),
    (SupportDayOffer, None, None),
    (Event, None, None),
    (TrackerSnapshot, None, None),
    (User, None, None),
]
# What counts as activity: the sample is loaded only where there is none of it.
ACTIVITY = [Event, SupportDayOffer, SupportDay, CaseStudy, ReturnsWindow, QuarterlyReturn, TrackerSnapshot]


def activity_exists() -> bool:
    return any(model.objects.exists() for model in ACTIVITY)


def _audit_about(models: list[type[Model]]) -> Q:
    """Audit entries about any listed row of these models (AuditEntry.object_id is text)."""
    about = Q(pk__in=[])
    for model in models:
        content_type = ContentType.objects.get_for_model(model)
        ids = SampleRecord.objects.filter(content_type=content_type).annotate(text=Cast("object_id", CharField()))
        about |= Q(object_type=content_type, object_id__in=ids.values("text"))
    return about


def sample_records_create(*, users: list[User], snapshots: list[TrackerSnapshot]) -> int:
    """List every row the sample made. Called at the end of the load, in its transaction, on a database that had
    no activity before it: so the rows of these people (and the snapshots taken) are the sample's."""
    user_ids = [user.pk for user in users]
    events = Event.objects.filter(created_by__in=user_ids)
    case_studies = CaseStudy.objects.filter(created_by__in=user_ids)
    windows = ReturnsWindow.objects.filter(opened_by__in=user_ids)
    returns = QuarterlyReturn.objects.filter(created_by__in=user_ids)
    made: dict[type[Model], QuerySet] = {
        User: User.objects.filter(pk__in=user_ids),
        Event: events,
        Registration: Registration.objects.filter(event__in=events),
        SupportDayOffer: SupportDayOffer.objects.filter(created_by__in=user_ids),
        SupportDay: SupportDay.objects.filter(requested_by__in=user_ids),
        CaseStudy: case_studies,
        ReviewEntry: ReviewEntry.objects.filter(case_study__in=case_studies),
        ReturnsWindow: windows,
        WindowChange: WindowChange.objects.filter(window__in=windows),
        QuarterlyReturn: returns,
        ReturnChange: ReturnChange.objects.filter(quarterly_return__in=returns),
        TrackerSnapshot: TrackerSnapshot.objects.filter(pk__in=[s.pk for s in snapshots]),
    }
    records = [
        SampleRecord(content_type=ContentType.objects.get_for_model(model), object_id=pk)
        for model, rows in made.items()
        for pk in rows.values_list("pk", flat=True)
    ]
    SampleRecord.objects.bulk_create(records, batch_size=5000)
    audit = AuditEntry.objects.filter(_audit_about(list(made)) | Q(actor__in=user_ids))
    audit_type = ContentType.objects.get_for_model(AuditEntry)
    entries = [SampleRecord(content_type=audit_type, object_id=pk) for pk in audit.values_list("pk", flat=True)]
    SampleRecord.objects.bulk_create(entries, batch_size=5000)
    return len(records) + len(entries)


def sample_records_delete() -> dict[str, int]:
    """Delete every listed row, and what was later added to them (see the module's docstring), in an order
    that protected references allow. Returns {model label: rows deleted}, cascades included."""
    deleted: dict[str, int] = {}
    about_sample = _audit_about([model for model, _, _ in REMOVAL_ORDER])
    sample_users = SampleRecord.objects.filter(content_type=ContentType.objects.get_for_model(User))
    for model, parent, parent_model in REMOVAL_ORDER:
        listed = SampleRecord.objects.filter(content_type=ContentType.objects.get_for_model(model))
        rows = Q(pk__in=listed.values("object_id"))
        if parent:
            parents = SampleRecord.objects.filter(content_type=ContentType.objects.get_for_model(parent_model))
            rows |= Q(**{f"{parent}__in": parents.values("object_id")})
        if model is AuditEntry:
            rows |= about_sample | Q(actor__in=sample_users.values("object_id"))
        _, counts = model.objects.filter(rows).delete()
        for label, n in counts.items():
            deleted[label] = deleted.get(label, 0) + n
    SampleRecord.objects.all().delete()
    return {label: n for label, n in deleted.items() if n}
