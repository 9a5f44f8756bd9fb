from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from events.models import Event


def get_event_for_user(request, pk: int, *, write: bool = False) -> Event:
    """The event, if this person may see it (or change it, with write=True).

    A draft is a 404 for anyone who may not see it, so its existence is not revealed; a
    visible event someone may not change is a 403.
    """
    event = get_object_or_404(Event.objects.select_related("champion__region"), pk=pk)
    if not event.can_view(request.user):
        raise Http404("No such event")
    if write and not event.can_edit(request.user):
        raise PermissionDenied
    return event
