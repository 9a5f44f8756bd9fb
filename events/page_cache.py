"""Keeps the cached public pages (champions_portal/public_cache.py) true to the events they show.

Any save or delete of an event, a registration (places left) or a network, and any change to an event's themes,
from a service, the admin or anywhere else, gives the "events" topic a new version. This is cache coherence,
not workflow: nothing else happens here. Writes that send no signal (`QuerySet.update`, `bulk_create`) must call
`public_cache.changed("events")` themselves if they change what a public page shows; today's (erasing needs and
personal data, marking attendance) do not.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from champions_portal import public_cache
from events.models import Event, Network, Registration


def _changed(sender, **kwargs) -> None:
    public_cache.changed("events")


def connect() -> None:
    for model in (Event, Registration, Network):
        post_save.connect(_changed, sender=model, dispatch_uid=f"public_pages_{model.__name__}_save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"public_pages_{model.__name__}_delete")
    m2m_changed.connect(_changed, sender=Event.themes.through, dispatch_uid="public_pages_event_themes")
