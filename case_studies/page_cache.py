"""Keeps the cached public pages (champions_portal/public_cache.py) true to the library they show.

Any save or delete of a case study (published, withdrawn, edited), an attachment or a resource, and any change
to their themes or local authorities, from a service, the admin or anywhere else, gives the "case_studies"
topic a new version. Cache coherence only, no workflow. A write that sends no signal (`QuerySet.update`,
`bulk_create`) must call `public_cache.changed("case_studies")` itself.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from case_studies.models import Attachment, CaseStudy, Resource
from champions_portal import public_cache


def _changed(sender, **kwargs) -> None:
    public_cache.changed("case_studies")


def connect() -> None:
    for model in (CaseStudy, Attachment, Resource):
        post_save.connect(_changed, sender=model, dispatch_uid=f"public_pages_{model.__name__}_save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"public_pages_{model.__name__}_delete")
    for through in (CaseStudy.themes.through, CaseStudy.local_authorities.through, Resource.themes.through):
        m2m_changed.connect(_changed, sender=through, dispatch_uid=f"public_pages_{through.__name__}")
