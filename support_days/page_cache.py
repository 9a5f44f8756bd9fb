"""Keeps the cached pages true to the support days and offered dates they show: the tracker's figures
(tracker/delivery_cache.py), national coverage, the champion's patch and offered dates, and the LA officer's home.

Any save or delete of a support day or an offered date, and any change to a day's themes, from a service, the admin
or anywhere else, gives the "support_days" topic of champions_portal/public_cache.py a new version. Cache coherence
only, no workflow. A write that sends no signal (`QuerySet.update`, `bulk_create`) must call
`public_cache.changed("support_days")` itself, as `services.offers_create` does.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from champions_portal import public_cache
from support_days.models import SupportDay, SupportDayOffer


def _changed(sender, **kwargs) -> None:
    public_cache.changed("support_days")


def connect() -> None:
    for model in (SupportDay, SupportDayOffer):
        post_save.connect(_changed, sender=model, dispatch_uid=f"page_cache_{model.__name__}_save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"page_cache_{model.__name__}_delete")
    for through in (SupportDay.themes.through, SupportDay.delivered_themes.through):
        m2m_changed.connect(_changed, sender=through, dispatch_uid=f"page_cache_{through.__name__}")
