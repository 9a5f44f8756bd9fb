from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from events.models import Event, SpeakerRequest


def get_event_for_user(request, pk: int, *, write: bool = False) -> Event:
    """The event, if this person may see it (or change it, with write=True).

    A draft is a 404 for anyone who may not see it, so its existence is not revealed; a
    visible event someone may not change is a 403.
    """
    event = get_object_or_404(Event.objects.select_related("champion__region", "network__region"), pk=pk)
    if not event.can_view(request.user):
        raise Http404("No such event")
    if write and not event.can_edit(request.user):
        raise PermissionDenied
    return event


def get_speaker_request_for_user(request, pk: int, *, asking_side: bool = False) -> SpeakerRequest:
    """The speaker request, if this person may see it: the side that asked (staff of its champion, or
    officers of its LA) and programme staff. Anyone else gets a 404, as for one that does not exist. With
    `asking_side`, the action is the asker's own: programme staff, who may see it, get a 403.
    """
    speaker_request = get_object_or_404(
        SpeakerRequest.objects.select_related(
            "requested_by",
            "champion__region",
            "local_authority",
            "event",
            "theme",
            "preferred_champion__region",
            "secured_champion__region",
            "answered_by",
        ),
        pk=pk,
    )
    if not speaker_request.can_view(request.user):
        raise Http404("No such speaker request")
    if asking_side and not speaker_request.is_asking_side(request.user):
        raise PermissionDenied
    return speaker_request
