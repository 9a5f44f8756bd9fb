import datetime

from django.db import transaction

from accounts.models import User
from audit.services import audit_changes, audit_record, audit_snapshot
from champions_portal import public_cache
from regions.models import AssignmentChange, Champion, ChampionContact, LocalAuthority

CONTACT_FIELDS = ("name", "role", "email", "phone")


@transaction.atomic
def local_authority_assign_champion(
    *, local_authority: LocalAuthority, champion: Champion, reason: str, by: User, now: datetime.datetime
) -> AssignmentChange | None:
    """Make `champion` the LA's assigned champion and record who changed it and why.

    Assigning the LA back to its own region's champion clears the override. Returns None (and
    records nothing) when the LA already has that champion, so a repeated submit is harmless.
    """
    local_authority = (
        LocalAuthority.objects.select_for_update(of=("self",))
        .select_related("region__champion")
        .get(pk=local_authority.pk)
    )
    previous = local_authority.assigned_champion
    if previous == champion:
        return None
    local_authority.champion_override = None if champion == local_authority.region.champion else champion
    local_authority.save(update_fields=["champion_override"])
    changes = {"champion": [previous, champion], "reason": [None, reason]}
    audit_record(action="local_authority.champion_changed", obj=local_authority, actor=by, changes=changes, at=now)
    return AssignmentChange.objects.create(
        local_authority=local_authority,
        from_champion=previous,
        to_champion=champion,
        reason=reason,
        changed_by=by,
        changed_at=now,
    )


# --- A champion's named contacts ---------------------------------------------------------------
# Every write locks the champion's row, so the order of its contacts is changed by one request at a time.


def _lock_champion(champion_id: int) -> Champion:
    return Champion.objects.select_for_update().get(pk=champion_id)


@transaction.atomic
def champion_contact_create(*, champion: Champion, fields: dict, now: datetime.datetime) -> ChampionContact:
    """Add a named contact after the champion's others, and record it in the audit log."""
    champion = _lock_champion(champion.pk)
    last = champion.contacts.order_by("-order").values_list("order", flat=True).first()
    contact = ChampionContact.objects.create(champion=champion, order=0 if last is None else last + 1, **fields)
    changes = audit_changes({}, {"champion": champion, **fields})
    audit_record(action="champion_contact.added", obj=contact, changes=changes, at=now)
    return contact


@transaction.atomic
def champion_contact_update(*, contact: ChampionContact, fields: dict, now: datetime.datetime) -> ChampionContact:
    """Change a contact's details; records the fields that changed (nothing when none did)."""
    _lock_champion(contact.champion_id)
    contact = ChampionContact.objects.select_related("champion").get(pk=contact.pk)
    before = audit_snapshot(contact, fields)
    for name, value in fields.items():
        setattr(contact, name, value)
    contact.save(update_fields=list(fields))
    changes = audit_changes(before, fields)
    if changes:
        audit_record(action="champion_contact.changed", obj=contact, changes=changes, at=now)
    return contact


@transaction.atomic
def champion_contact_remove(*, contact: ChampionContact, now: datetime.datetime) -> None:
    """Remove a contact. Events that named them lose their chosen contact (SET_NULL) and name the
    champion's first contact instead. The audit log keeps who it was. Removing twice is harmless."""
    _lock_champion(contact.champion_id)
    contact = ChampionContact.objects.select_related("champion").filter(pk=contact.pk).first()
    if contact is None:
        return
    changes = audit_changes(audit_snapshot(contact, CONTACT_FIELDS), {})
    audit_record(action="champion_contact.removed", obj=contact, changes=changes, at=now)
    contact.delete()


@transaction.atomic
def champion_contact_move(*, contact: ChampionContact, up: bool, now: datetime.datetime) -> bool:
    """Swap a contact with the one before (up) or after it, and number the champion's contacts 0, 1, 2...
    Returns False, changing nothing, when it is already first (or last)."""
    champion = _lock_champion(contact.champion_id)
    contacts = list(champion.contacts.all())
    at = next((i for i, c in enumerate(contacts) if c.pk == contact.pk), None)
    to = None if at is None else (at - 1 if up else at + 1)
    if to is None or not 0 <= to < len(contacts):
        return False
    contacts[at], contacts[to] = contacts[to], contacts[at]
    for order, each in enumerate(contacts):
        each.order = order
    ChampionContact.objects.bulk_update(contacts, ["order"])
    public_cache.changed("regions")  # bulk_update sends no signal for regions/page_cache.py to hear
    audit_record(action="champion_contact.moved", obj=contacts[to], changes={"position": [at + 1, to + 1]}, at=now)
    return True
