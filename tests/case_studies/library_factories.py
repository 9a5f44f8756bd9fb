"""What the library tests need on top of tests/case_studies/factories.py: published case studies of any
champion, stored attachments, and resources with a stored file. Straight into the database."""

import datetime
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile

from case_studies.models import Attachment, CaseStudy, Resource
from programme.models import Theme
from regions.models import Champion, LocalAuthority
from tests.case_studies import factories
from tests.case_studies.factories import PDF

LONDON = ZoneInfo("Europe/London")
PUBLISHED_AT = datetime.datetime(2013, 10, 20, 10, 0, tzinfo=LONDON)


def case_study(*, by, champion: str = "greater-manchester-group", **fields) -> CaseStudy:
    """An unsaved case study (for bulk_create) of the champion with this slug: published unless a status is given."""
    status = fields.pop("status", CaseStudy.Status.PUBLISHED)
    values = {
        "status": status,
        "first_submitted_at": None if status == CaseStudy.Status.DRAFT else PUBLISHED_AT - datetime.timedelta(days=7),
        "published_at": PUBLISHED_AT if status == CaseStudy.Status.PUBLISHED else None,
    }
    return factories.case_study(created_by=by, champion=Champion.objects.get(slug=champion), **{**values, **fields})


def make_case_study(*, by, themes=("personal-budgets",), local_authorities=(), **fields) -> CaseStudy:
    """A saved case study: see `case_study`; `local_authorities` are slugs."""
    made = case_study(by=by, **fields)
    made.save()
    made.themes.set(Theme.objects.filter(slug__in=themes))
    made.local_authorities.set(LocalAuthority.objects.filter(slug__in=local_authorities))
    return made


def make_attachment(case_study: CaseStudy, *, name: str = "Pathway.pdf", content: bytes = PDF, **fields) -> Attachment:
    """A file stored through the storage API (point MEDIA_ROOT at tmp_path) on the case study."""
    values = {
        "file": ContentFile(content, name=name),
        "original_name": name,
        "content_type": "application/pdf",
        "size": len(content),
        "uploaded_by": case_study.created_by,
        "uploaded_at": case_study.created_at,
    }
    return Attachment.objects.create(case_study=case_study, **{**values, **fields})


def make_resource(*, by, themes=("personal-budgets",), file: bytes | None = None, **fields) -> Resource:
    """factories.make_resource published at PUBLISHED_AT; with `file`, a stored "Tool.pdf" and no link."""
    values = {"published_at": PUBLISHED_AT}
    if file is not None:
        values |= {
            "file": ContentFile(file, name="Tool.pdf"),
            "original_name": "Tool.pdf",
            "content_type": "application/pdf",
            "link": "",
        }
    return factories.make_resource(published_by=by, themes=themes, **{**values, **fields})
