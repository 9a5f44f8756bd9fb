"""Programme staff's reports on the quarterly self-evaluation: levels per element, change between two
quarters, and costs; each as a page (a chart and the same figures as a table) and as CSV and XLSX.

The figures come from self_evaluation.reports; these views parse the filters and arrange the answer.
Each runs a fixed number of queries whatever the number of areas.
"""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.permissions import programme_staff_required
from champions_portal.exports import FORMATS, filter_words, workbook_response
from self_evaluation.forms.reports import ChangeFilterForm, CostsFilterForm, LevelsFilterForm
from self_evaluation.models import LEVEL_COLOURS, Level
from self_evaluation.report_exports import change_sheets, costs_sheets, levels_sheets
from self_evaluation.reports import change_report, costs_report, levels_report


def _levels(filters):
    if not filters["quarter"]:
        return None
    return levels_report(quarter=filters["quarter"], population=filters["areas"], region=filters["region"])


def _change(filters):
    if not (filters["before"] and filters["after"]):
        return None
    return change_report(
        before=filters["before"], after=filters["after"], population=filters["areas"], region=filters["region"]
    )


def _costs(filters):
    return costs_report(quarter=filters["quarter"], region=filters["region"]) if filters["quarter"] else None


REPORTS = {
    "levels": (LevelsFilterForm, _levels, levels_sheets),
    "change": (ChangeFilterForm, _change, change_sheets),
    "costs": (CostsFilterForm, _costs, costs_sheets),
}
# (name, page title, what the CSV holds)
PAGES = [
    ("levels", "Levels by element", "areas at each level"),
    ("change", "Change between two quarters", "change per element"),
    ("costs", "Development costs", "cost per area"),
]


def _page(request, name: str):
    form_class, build, _sheets = REPORTS[name]
    form = form_class(request.GET)
    filters = form.filters()
    title, csv_words = next((title, words) for page, title, words in PAGES if page == name)
    context = {
        "form": form,
        "report": build(filters) if filters else None,
        "query": form.query(),
        "levels": [(level, LEVEL_COLOURS[level]) for level in Level],
        "title": title,
        "csv_words": csv_words,
        "current": name,
        "export_url_name": f"self_evaluation:report_{name}_export",
        "report_links": [(page, f"self_evaluation:report_{page}", words) for page, words, _csv in PAGES],
    }
    return render(request, f"self_evaluation/reports/{name}.html", context)


def _export(request, name: str, fmt: str):
    if fmt not in FORMATS:
        raise Http404("Download as csv or xlsx")
    form_class, build, sheets = REPORTS[name]
    form = form_class(request.GET)
    filters = form.filters()
    report = build(filters) if filters else None
    if report is None:  # bad filters, or nothing to report: the page says which
        page = reverse(f"self_evaluation:report_{name}")
        return redirect(f"{page}?{request.GET.urlencode()}" if request.GET else page)
    quarter = filters.get("quarter") or filters.get("after")
    return workbook_response(
        fmt=fmt,
        filename=f"self-evaluation-{name}-{form.query_slug()}",
        sheets=sheets(report),
        description=f"Self-evaluation: {next(title for page, title, _ in PAGES if page == name)}",
        programme=quarter.programme.name,
        filters={"Region": "England", **filter_words(form, filters)},
    )


@programme_staff_required
def levels(request):
    return _page(request, "levels")


@programme_staff_required
def levels_export(request, fmt):
    return _export(request, "levels", fmt)


@programme_staff_required
def change(request):
    return _page(request, "change")


@programme_staff_required
def change_export(request, fmt):
    return _export(request, "change", fmt)


@programme_staff_required
def costs(request):
    return _page(request, "costs")


@programme_staff_required
def costs_export(request, fmt):
    return _export(request, "costs", fmt)
