"""Keeps the cached tracker figures (tracker/delivery_cache.py) true to the support days they count.

Any save or delete of a support day, from a service, the admin or anywhere else, gives the "support_days" topic
of champions_portal/public_cache.py a new version. Cache coherence only, no workflow. A write that sends no signal
(`QuerySet.update`, `bulk_create`) must call `public_cache.changed("support_days")` itself.
"""

from django.db.models.signals import post_delete, post_save

from champions_portal import public_cache
from support_days.models import SupportDay


def _changed(sender, **kwargs) -> None:
    public_cache.changed("support_days")


def connect() -> None:
    post_save.connect(_changed, sender=SupportDay, dispatch_uid="page_cache_SupportDay_save")
    post_delete.connect(_changed, sender=SupportDay, dispatch_uid="page_cache_SupportDay_delete")
