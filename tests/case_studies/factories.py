"""Small factories for case studies and resources, straight into the database (no services, no emails).

Shared by the case-study test modules: keep each function small and its defaults plain.
"""

import datetime

from django.utils import timezone

from case_studies.models import CaseStudy, Resource
from programme.models import Quarter, Theme
from regions.models import Champion

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def case_study(*, created_by, champion: Champion | None = None, quarter: Quarter | None = None, **fields) -> CaseStudy:
    """An unsaved draft (for bulk_create) of Greater Manchester Group for quarter 2 of 2013-14, with consent."""
    now = timezone.now()
    values = {
        "champion": champion or Champion.objects.get(slug="greater-manchester-group"),
        "quarter": quarter or Quarter.objects.get(number=2),
        "title": "A single assessment pathway in Wigan",
        "summary": "How Wigan brought education, health and care assessments together.",
        "problem": "Families told their story many times.",
        "approach": "One co-ordinated assessment and a key worker.",
        "impact": "Plans in 12 weeks, not 26.",
        "lessons": "Start with the family.",
        "consent_confirmed": True,
        "status": CaseStudy.Status.DRAFT,
        "created_by": created_by,
        "created_at": now,
        "updated_at": now,
    }
    return CaseStudy(**{**values, **fields})


def make_case_study(*, created_by, themes=("coordinated-assessment-ehc-plans",), **fields) -> CaseStudy:
    """A saved case study: see `case_study`. For a submitted one pass status and first_submitted_at."""
    made = case_study(created_by=created_by, **fields)
    made.save()
    made.themes.set(Theme.objects.filter(slug__in=themes))
    return made


def submitted(*, created_by, at: datetime.datetime | None = None, late: bool = False, **fields) -> CaseStudy:
    """A saved case study submitted at `at` (default now), recorded late or not."""
    at = at or timezone.now()
    return make_case_study(
        created_by=created_by,
        status=fields.pop("status", CaseStudy.Status.SUBMITTED),
        first_submitted_at=at,
        submitted_late=late,
        **fields,
    )


def make_resource(*, published_by, themes=("local-offer",), **fields) -> Resource:
    """A saved resource with a link. National for programme staff; the champion's region for champion staff."""
    champion = published_by.champion if published_by.is_champion_staff else None
    values = {
        "title": "Local offer checklist",
        "description": "What a good local offer covers.",
        "link": "https://www.example.org/local-offer-checklist",
        "region": champion.region if champion else None,
        "champion": champion,
        "published_by": published_by,
        "published_at": timezone.now(),
    }
    made = Resource.objects.create(**{**values, **fields})
    made.themes.set(Theme.objects.filter(slug__in=themes))
    return made
