"""National coverage of 1:1 support days, for programme staff: Annex B asks each champion for at least
one with every non-pathfinder LA it supports. The rule for an LA's status is in `support_days/coverage.py`.

The page is the same for every programme staff member, so its content is built once per filter and kept in the
cache (champions_portal/public_cache.py) until a support day, LA, champion or region changes.
"""

from collections import Counter

from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.permissions import programme_staff_required
from champions_portal.exports import filter_words, spreadsheet_response
from champions_portal.public_cache import Fragment, query_key
from support_days.coverage import CoverageRow, coverage_rows, status_counts
from support_days.forms.coverage import CoverageFilterForm


def _by_region(rows: list[CoverageRow]) -> list[dict]:
    regions: dict = {}
    for row in rows:
        counts = regions.setdefault(row.local_authority.region, Counter())
        counts[row.status] += 1
    return [{"region": region, "total": counts.total(), "counts": counts} for region, counts in regions.items()]


def _filtered(request) -> tuple[CoverageFilterForm, list[CoverageRow], list[CoverageRow]]:
    """The filter form, every row, and the rows the valid filters keep."""
    form = CoverageFilterForm(request.GET or None)
    filters = form.filters()
    everything = coverage_rows()
    rows = [
        row
        for row in everything
        if (not filters["region"] or row.local_authority.region_id == filters["region"].pk)
        and (not filters["status"] or row.status == filters["status"])
    ]
    return form, everything, rows


@programme_staff_required
def coverage(request):
    fragment = Fragment("coverage", topics=("support_days", "regions"), key=query_key(request.GET))
    context = {}
    if (shared := fragment.get(timezone.now())) is None:
        context = _coverage_context(request)
        shared = {
            "errors": bool(context["form"].errors),
            "content": render_to_string("support_days/coverage/_coverage.html", context, request),
        }
        fragment.set(shared)
    return render(request, "support_days/coverage/coverage.html", {"shared": shared, **context})


def _coverage_context(request) -> dict:
    form, everything, rows = _filtered(request)
    region = form.filters()["region"]
    in_region = [row for row in everything if not region or row.local_authority.region_id == region.pk]
    return {
        "form": form,
        "rows": rows,
        "region": region,
        "in_region_count": len(in_region),
        "totals": status_counts(in_region),
        "regions": _by_region(everything),
        "national_total": len(everything),
        "national_totals": status_counts(everything),
        "query": form.query(),
    }


HEADERS = ["Region", "Local authority", "Assigned champion", "Champion from a neighbouring region", "Status", "Date"]


@programme_staff_required
def coverage_export(request, fmt):
    form, _everything, rows = _filtered(request)
    lines = (
        [
            row.local_authority.region.name,
            row.local_authority.name,
            row.champion.name,
            row.champion.region.name if row.local_authority.is_assigned_across_regions else "No",
            row.status_label,
            row.day.date if row.day and row.day.date else "",
        ]
        for row in rows
    )
    return spreadsheet_response(
        fmt=fmt,
        filename="support-day-coverage",
        title="Support day coverage",
        headers=HEADERS,
        rows=lines,
        description="Support-day coverage: each non-pathfinder local authority's 1:1 support day",
        filters={"Region": "All regions", "Support-day status": "Any status", **filter_words(form, form.filters())},
    )
