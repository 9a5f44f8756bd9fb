"""Small factories for support-day offers and days, straight into the database (no services, no emails).

Shared by the support-day test modules: keep each function small and its defaults plain.
`offer` and `support_day` build unsaved rows for bulk_create; `make_offer` and `make_support_day` save.
"""

import datetime

from django.utils import timezone

from programme.models import Theme
from regions.models import Champion, LocalAuthority
from support_days.models import SupportDay, SupportDayOffer


def offer(*, created_by, champion: Champion | None = None, date: datetime.date | None = None, **fields):
    """An unsaved open offer of Greater Manchester Group, in person, one place, 14 days from today."""
    values = {
        "champion": champion or Champion.objects.get(slug="greater-manchester-group"),
        "date": date or timezone.localdate() + datetime.timedelta(days=14),
        "format": SupportDayOffer.Format.IN_PERSON,
        "capacity": 1,
        "created_by": created_by,
        "created_at": timezone.now(),
    }
    return SupportDayOffer(**{**values, **fields})


def make_offer(**fields) -> SupportDayOffer:
    """A saved offer: see `offer`."""
    made = offer(**fields)
    made.save()
    return made


def support_day(
    *,
    local_authority: LocalAuthority,
    requested_by,
    status: str = SupportDay.Status.BOOKED,
    offer: SupportDayOffer | None = None,
    **fields,
) -> SupportDay:
    """An unsaved day with the LA's assigned champion (or the offer's), on the offer's date if given.

    A requested day has no date and asks for two dates 14 and 21 days from today; a booked or
    delivered day without an offer or a date is 14 days from today.
    """
    now, today = timezone.now(), timezone.localdate()
    requested = status == SupportDay.Status.REQUESTED
    values = {
        "champion": offer.champion if offer else local_authority.assigned_champion,
        "local_authority": local_authority,
        "offer": offer,
        "status": status,
        "date": None if requested else (offer.date if offer else today + datetime.timedelta(days=14)),
        "preferred_dates": [(today + datetime.timedelta(days=n)).isoformat() for n in (14, 21)] if requested else [],
        "context": "We want to get our local offer right.",
        "requested_by": requested_by,
        "created_at": now,
        "booked_at": None if requested else now,
        "delivered_at": now if status == SupportDay.Status.DELIVERED else None,
    }
    return SupportDay(**{**values, **fields})


def make_support_day(*, themes=("local-offer",), **fields) -> SupportDay:
    """A saved day with the themes it asks to focus on: see `support_day`."""
    made = support_day(**fields)
    made.save()
    made.themes.set(Theme.objects.filter(slug__in=themes))
    return made
