"""Speaker requests and networks straight into the database (no services, no emails), for the tests of
speaker requests and networks and the URL-walking world."""

import datetime

from django.utils import timezone
from django.utils.text import slugify

from events.models import Event, Network, SpeakerRequest
from programme.models import Theme


def speaker_request(*, by, **fields) -> SpeakerRequest:
    """An unsaved request by `by` (champion staff or an LA officer) for an in-person conference 40 days on."""
    now = timezone.now()
    values = {
        "requested_by": by,
        "champion": by.champion if by.is_champion_staff else None,
        "local_authority": by.local_authority if by.is_la_officer else None,
        "event_title": "Bolton SEND conference",
        "date": timezone.localdate(now) + datetime.timedelta(days=40),
        "format": Event.Format.IN_PERSON,
        "location": "Bolton Town Hall",
        "audience": "About 80 SENCOs and parent carer forum members",
        "theme": Theme.objects.get(slug="personal-budgets"),
        "topic": "How personal budgets were introduced in a pathfinder area",
        "created_at": now,
    }
    return SpeakerRequest(**{**values, **fields})


def make_speaker_request(*, by, **fields) -> SpeakerRequest:
    made = speaker_request(by=by, **fields)
    made.save()
    return made


def make_network(name: str = "Greater Manchester SEND network", **fields) -> Network:
    return Network.objects.create(name=name, slug=fields.pop("slug", slugify(name)), **fields)
