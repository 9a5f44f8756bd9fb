from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from support_days.models import SupportDay, SupportDayOffer

CHAMPION_SIDE, LA_SIDE = "champion", "la"


def get_support_day_for_user(request, pk: int, *, side: str | None = None) -> SupportDay:
    """The day, if this person may see it: either side of it, or programme staff.

    Anyone else gets a 404, exactly as for a day that does not exist, so its existence is not revealed.
    With `side`, the action is one side's (CHAMPION_SIDE: its champion's staff and programme staff;
    LA_SIDE: its LA's officers): someone who may see the day but is not on that side gets a 403.
    """
    day = get_object_or_404(
        SupportDay.objects.select_related("champion__region", "local_authority__region", "offer"), pk=pk
    )
    user = request.user
    if not day.can_view(user):
        raise Http404("No such support day")
    if side == CHAMPION_SIDE and not user.may_act_for_champion(day.champion_id):
        raise PermissionDenied
    if side == LA_SIDE and not (user.is_la_officer and user.local_authority_id == day.local_authority_id):
        raise PermissionDenied
    return day


def get_offer_for_champion(request, pk: int) -> SupportDayOffer:
    """The offer, for its champion's staff and programme staff; a 404 for anyone else, as if it did not exist."""
    offer = get_object_or_404(SupportDayOffer.objects.select_related("champion"), pk=pk)
    if not request.user.may_act_for_champion(offer.champion_id):
        raise Http404("No such offer")
    return offer
