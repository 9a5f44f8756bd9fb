"""Keeps the cached public pages (champions_portal/public_cache.py) true to the regions, champions, local
authorities and programme they show (every public page names some of them).

Any save or delete of a region, pathfinder, champion, champion contact or local authority (its assigned
champion), or of the programme, its quarters and themes (the funding allocation, quarter labels and theme
names), from a service, the admin or anywhere else, gives the "regions" topic a new version. Cache coherence
only, no workflow. A write that sends no signal calls `public_cache.changed("regions")` itself, as
`services.champion_contact_move` does after its `bulk_update`.
"""

from django.db.models.signals import post_delete, post_save

from champions_portal import public_cache
from programme.models import Programme, Quarter, Theme
from regions.models import Champion, ChampionContact, LocalAuthority, Pathfinder, Region


def _changed(sender, **kwargs) -> None:
    public_cache.changed("regions")


def connect() -> None:
    for model in (Region, Pathfinder, Champion, ChampionContact, LocalAuthority, Programme, Quarter, Theme):
        post_save.connect(_changed, sender=model, dispatch_uid=f"public_pages_{model.__name__}_save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"public_pages_{model.__name__}_delete")
