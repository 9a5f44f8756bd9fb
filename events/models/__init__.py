"""The events app's models, a module each for events, registrations and speakers (one file grew past 500 lines)."""

from events.models.events import SEED_PARTNER_GROUPS, Event, EventQuerySet, PartnerType
from events.models.registrations import EventAttendance, Registration, RegistrationQuerySet, _new_token
from events.models.speakers import Network, NetworkQuerySet, SpeakerRequest, SpeakerRequestQuerySet

__all__ = [
    "SEED_PARTNER_GROUPS",
    "Event",
    "EventAttendance",
    "EventQuerySet",
    "Network",
    "NetworkQuerySet",
    "PartnerType",
    "Registration",
    "RegistrationQuerySet",
    "SpeakerRequest",
    "SpeakerRequestQuerySet",
    "_new_token",  # named by migration 0001
]
