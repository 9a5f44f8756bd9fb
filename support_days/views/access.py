from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from support_days.models import SupportDay


def get_support_day_for_user(request, pk: int) -> SupportDay:
    """The day, if this person is on either side of it or is programme staff; 404 if it does not exist, else 403."""
    day = get_object_or_404(
        SupportDay.objects.select_related("champion__region", "local_authority__region", "offer"), pk=pk
    )
    if not day.can_view(request.user):
        raise PermissionDenied
    return day
