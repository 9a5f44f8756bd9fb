"""The one way to write the audit log."""

import datetime
import decimal
from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from audit.context import current_actor
from audit.models import AuditEntry

# Never written to the log, whatever a caller passes.
SECRET_FIELDS = {"password", "token", "code", "secret", "key"}


def _plain(value):
    """A JSON-safe form of a field's value: objects by their text, dates in ISO form."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime.date | datetime.datetime | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, Iterable) and not isinstance(value, str | bytes | dict):
        return [_plain(item) for item in value]
    return value


def audit_changes(before: dict, after: dict) -> dict:
    """{field: [old, new]} for the fields whose value differs."""
    return {
        field: [_plain(before.get(field)), _plain(after.get(field))]
        for field in sorted(set(before) | set(after))
        if _plain(before.get(field)) != _plain(after.get(field))
    }


def audit_snapshot(obj: models.Model, fields: Iterable[str]) -> dict:
    return {field: getattr(obj, field) for field in fields}


def audit_record(
    *,
    action: str,
    obj: models.Model | None = None,
    changes: dict | None = None,
    actor=None,
    client_address: str | None = None,
    at: datetime.datetime | None = None,
) -> AuditEntry:
    """Record that `action` happened to `obj`. Who: `actor` if given, else the person making this
    request (audit.context), else the system. Call it in the transaction of the change it records."""
    context = current_actor()
    if actor is None and context is not None:
        actor = context.user
    if client_address is None and context is not None:
        client_address = context.client_address
    changes = {
        field: [_plain(value) for value in values]
        for field, values in (changes or {}).items()
        if not (SECRET_FIELDS & set(field.split("_")))
    }
    return AuditEntry.objects.create(
        at=at or timezone.now(),
        actor=actor,
        actor_role=getattr(actor, "role", "") or "",
        actor_email=getattr(actor, "email", "") or "",
        client_address=client_address,
        action=action,
        object_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        changes=changes,
    )


def audit_entries_purge(*, now: datetime.datetime) -> int:
    """Delete entries older than AUDIT_RETENTION_DAYS. One DELETE: safe to run twice or in parallel."""
    cutoff = now - datetime.timedelta(days=settings.AUDIT_RETENTION_DAYS)
    deleted, _ = AuditEntry.objects.older_than(cutoff).delete()
    return deleted
