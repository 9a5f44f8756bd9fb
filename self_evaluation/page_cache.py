"""Keeps the cached pages true to the returns windows and returns they show (an LA officer's home says whether
the open quarter's return is started or submitted, and when it is due).

Any save or delete of a returns window or a return, from a service, the admin or anywhere else, gives the
"self_evaluation" topic of champions_portal/public_cache.py a new version. Cache coherence only, no workflow. A write
that sends no signal (`QuerySet.update`, `bulk_create`) of either must call `public_cache.changed("self_evaluation")`
itself; the ratings and cost lines written in bulk are not shown on a cached page.
"""

from django.db.models.signals import post_delete, post_save

from champions_portal import public_cache
from self_evaluation.models import QuarterlyReturn, ReturnsWindow


def _changed(sender, **kwargs) -> None:
    public_cache.changed("self_evaluation")


def connect() -> None:
    for model in (ReturnsWindow, QuarterlyReturn):
        post_save.connect(_changed, sender=model, dispatch_uid=f"page_cache_{model.__name__}_save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"page_cache_{model.__name__}_delete")
