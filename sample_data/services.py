"""Loading and removing the sample year of activity (development only)."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from notifications.models import OutboxMessage
from notifications.services import emails_off
from sample_data import people, records
from sample_data.case_studies import case_studies_load
from sample_data.events import events_load
from sample_data.models import SampleLoad
from sample_data.plan import plan_for
from sample_data.returns import returns_load
from sample_data.support_days import support_days_load
from tracker.models import TrackerSnapshot
from tracker.services import tracker_quarter_snapshots_take

# The default as-at moment: 14 January 2014, half way through quarter 4, the day quarter 3's case studies are due.
DEFAULT_AS_AT = datetime.date(2014, 1, 14)


class SampleRefused(Exception):
    """The sample cannot be loaded or removed here; the message says why."""


def _refuse_in_production() -> None:
    if settings.PRODUCTION:
        raise SampleRefused("Sample activity is for development only: it is never loaded in production.")


@transaction.atomic
def sample_activity_load(*, as_at: datetime.datetime, scale: float = 1.0, seed: int = 2013) -> SampleLoad:
    """Load a year of invented activity for every champion up to `as_at`, in one transaction, through the same
    services the pages use, each action at its planned moment as `now` (see sample_data/plan.py).

    Refused in production, when sample activity is loaded already, or when the database has any activity of its
    own (events, offers, days, case studies, windows, returns, tracker snapshots): not safe to repeat. Sends no
    email: the services run inside `notifications.services.emails_off()`, so they put nothing in the outbox (and
    the load fails, saving nothing, if anything got there). Lists every row it made in SampleRecord.
    """
    _refuse_in_production()
    if SampleLoad.objects.exists():
        raise SampleRefused(
            "Sample activity is loaded already. Remove it first: python manage.py remove_sample_activity"
        )
    if records.activity_exists():
        raise SampleRefused("This database has activity of its own: sample activity is loaded only into an empty one.")
    if not 0 < scale <= 1:
        raise SampleRefused("The scale must be more than 0 and at most 1.")
    try:
        plan = plan_for(as_at=as_at, scale=scale, seed=seed)
    except ValueError as error:
        raise SampleRefused(str(error)) from None
    last_message = OutboxMessage.objects.aggregate(last=Max("pk"))["last"] or 0
    with emails_off():
        users = people.sample_accounts_create(plan)
        events_load(plan)
        support_days_load(plan)
        case_studies_load(plan)
        returns_load(plan)
        # The tracker's quarter-end figures, as the periodic job would have kept them.
        tracker_quarter_snapshots_take(now=as_at)
    if OutboxMessage.objects.filter(pk__gt=last_message).exists():
        raise RuntimeError("Loading the sample put email in the outbox; nothing was loaded.")
    records.sample_records_create(users=users, snapshots=list(TrackerSnapshot.objects.all()))
    return SampleLoad.objects.create(as_at=as_at, loaded_at=timezone.now(), scale=scale, seed=seed)


@transaction.atomic
def sample_activity_remove() -> dict[str, int]:
    """Delete everything the sample made (records.sample_records_delete) and the mark that it is loaded, in one
    transaction. Returns {model label: rows deleted}; empty when no sample is loaded. Safe to repeat."""
    _refuse_in_production()
    if not SampleLoad.objects.select_for_update().exists():
        return {}
    deleted = records.sample_records_delete()
    SampleLoad.objects.all().delete()
    return deleted
