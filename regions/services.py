import datetime

from django.db import transaction

from accounts.models import User
from audit.services import audit_record
from regions.models import AssignmentChange, Champion, LocalAuthority


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
