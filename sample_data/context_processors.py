import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.functional import SimpleLazyObject


@dataclass(frozen=True)
class SampleBanner:
    as_at: datetime.datetime
    clock_matches: bool  # SITE_AS_AT is set to the sample's day, so the tracker shows the year in progress


def _banner() -> SampleBanner | None:
    from sample_data.models import SampleLoad

    load = SampleLoad.objects.order_by().only("as_at").first()
    if load is None:
        return None
    clock = settings.SITE_AS_AT
    matches = clock is not None and timezone.localdate(clock) == timezone.localdate(load.as_at)
    return SampleBanner(as_at=load.as_at, clock_matches=matches)


def sample_data(request) -> dict:
    """`sample_data` for the banner in base.html: the loaded sample, or None. Lazy: one query on a one-row
    table, only when a page renders the banner; none where SAMPLE_DATA_BANNER is off (production, tests)."""
    if not settings.SAMPLE_DATA_BANNER:
        return {}
    return {"sample_data": SimpleLazyObject(_banner)}
