"""The sections of a quarterly return, and the pages where the LA's officers answer them: the ratings
of each CDF theme, the assessment and planning approaches, and (pathfinders) the development costs.

Each page gets the return through `get_return_for_user(..., write=True)` (anyone but the LA's own
officers: 404), and changes nothing once the return is no longer open to the LA. `urls.py` reaches
these views through `views/returns.py`.
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.permissions import role_required
from self_evaluation import services
from self_evaluation.forms.returns import ApproachesForm, CostsForm, RatingsForm
from self_evaluation.models import (
    Agency,
    AssessmentApproach,
    CdfTheme,
    Element,
    PlanningApproach,
    QuarterlyReturn,
)
from self_evaluation.views.access import get_return_for_user

la_officers_only = role_required(Role.LA_OFFICER)

COMPLETED, IN_PROGRESS, NOT_STARTED = "Completed", "In progress", "Not started"
CLOSED = services.RETURN_CLOSED


@dataclass
class Section:
    """One part of a return, for the task list, the check-answers page and the read-only summary."""

    key: str
    title: str
    url: str
    status: str
    rows: list = field(default_factory=list)
    # Development costs only: the quarter's total cost (financial and in kind) and the grant received.
    total: object = None
    grant_received: object = None


def _status(done: int, of: int, touched: bool) -> str:
    return COMPLETED if done == of else IN_PROGRESS if done or touched else NOT_STARTED


def _url(name: str, quarterly_return: QuarterlyReturn, *args) -> str:
    return reverse(f"self_evaluation:{name}", args=[quarterly_return.pk, *args])


def return_sections(quarterly_return: QuarterlyReturn) -> list[Section]:
    """Every section with its status and answers, in the order a return asks them. Three queries at most."""
    ratings = {r.element_id: r for r in quarterly_return.ratings.all()}
    elements = list(Element.objects.all())
    sections = []
    for theme in CdfTheme:
        rows = [(element, ratings.get(element.pk)) for element in elements if element.theme == theme]
        done = sum(1 for _, rating in rows if rating and rating.level)
        touched = any(rating and rating.evidence for _, rating in rows)
        url = _url("return_ratings", quarterly_return, theme.value)
        sections.append(Section(theme.value, theme.label, url, _status(done, len(rows), touched), rows))
    answered = [quarterly_return.assessment_approaches, quarterly_return.planning_approaches]
    rows = [
        ("Assessment approaches", [AssessmentApproach(v).label for v in quarterly_return.assessment_approaches]),
        ("Planning approaches", [PlanningApproach(v).label for v in quarterly_return.planning_approaches]),
    ]
    status = _status(sum(map(bool, answered)), 2, False)
    url = _url("return_approaches", quarterly_return)
    sections.append(Section("approaches", "Assessment and planning approaches", url, status, rows))
    if quarterly_return.asks_for_costs:
        sections.append(_costs_section(quarterly_return))
    return sections


def _costs_section(quarterly_return: QuarterlyReturn) -> Section:
    lines = {(line.theme, line.agency): line for line in quarterly_return.cost_lines.all()}
    rows = []
    for theme in CdfTheme:
        agencies = [(agency.label, lines.get((theme.value, agency.value))) for agency in Agency]
        total = sum((line.total for _, line in agencies if line), start=0)
        rows.append((theme.label, agencies, total))
    answered = int(bool(lines)) + int(quarterly_return.grant_received is not None)
    return Section(
        "costs",
        "Development costs",
        _url("return_costs", quarterly_return),
        _status(answered, 2, False),
        rows,
        total=sum((line.total for line in lines.values()), start=0) if lines else None,
        grant_received=quarterly_return.grant_received,
    )


def next_url(quarterly_return: QuarterlyReturn, after: str) -> str:
    """Where "Save and continue" goes: the next theme, then approaches, then costs (pathfinders), then submit."""
    keys = [*CdfTheme.values, "approaches", *(["costs"] if quarterly_return.asks_for_costs else [])]
    following = keys[keys.index(after) + 1 :]
    if not following:
        return _url("return_submit", quarterly_return)
    if following[0] in CdfTheme.values:
        return _url("return_ratings", quarterly_return, following[0])
    return _url(f"return_{following[0]}", quarterly_return)


def _closed(request, quarterly_return: QuarterlyReturn):
    """No longer open to the LA: say why on the return's page, which shows the answers read-only."""
    messages.error(request, CLOSED)
    return redirect(quarterly_return)


def _save(request, quarterly_return: QuarterlyReturn, save, after: str):
    """Call the service; on refusal say why on the return's page (nothing was saved), else go on."""
    try:
        save(quarterly_return=quarterly_return, by=request.user, now=timezone.now())
    except services.ReturnRefused as refusal:
        messages.error(request, refusal.message)
        return redirect(quarterly_return)
    return redirect(next_url(quarterly_return, after))


@la_officers_only
def return_ratings(request, pk, theme):
    if theme not in CdfTheme.values:
        raise Http404("No such CDF theme")
    quarterly_return = get_return_for_user(request, pk, write=True)
    if not quarterly_return.is_open_to_la(quarterly_return.window):
        return _closed(request, quarterly_return)
    elements = list(Element.objects.filter(theme=theme))
    ratings = {r.element_id: r for r in quarterly_return.ratings.filter(element__theme=theme)}
    required = quarterly_return.status != QuarterlyReturn.Status.DRAFT
    data = request.POST if request.method == "POST" else None
    form = RatingsForm(data, elements=elements, ratings=ratings, required=required)
    if request.method == "POST" and form.is_valid():
        ratings = form.ratings()
        return _save(request, quarterly_return, lambda **kw: services.return_ratings_save(ratings=ratings, **kw), theme)
    context = {"quarterly_return": quarterly_return, "form": form, "theme": CdfTheme(theme), "required": required}
    return render(request, "self_evaluation/returns/return_ratings.html", context)


@la_officers_only
def return_approaches(request, pk):
    quarterly_return = get_return_for_user(request, pk, write=True)
    if not quarterly_return.is_open_to_la(quarterly_return.window):
        return _closed(request, quarterly_return)
    form = ApproachesForm(request.POST if request.method == "POST" else None, quarterly_return=quarterly_return)
    if request.method == "POST" and form.is_valid():
        chosen = {"assessment": form.cleaned_data["assessment"], "planning": form.cleaned_data["planning"]}
        save = lambda **kw: services.return_approaches_save(**chosen, **kw)  # noqa: E731
        return _save(request, quarterly_return, save, "approaches")
    context = {"quarterly_return": quarterly_return, "form": form}
    return render(request, "self_evaluation/returns/return_approaches.html", context)


@la_officers_only
def return_costs(request, pk):
    quarterly_return = get_return_for_user(request, pk, write=True)
    if not quarterly_return.asks_for_costs:
        raise Http404("Only pathfinder areas return development costs")
    if not quarterly_return.is_open_to_la(quarterly_return.window):
        return _closed(request, quarterly_return)
    data = request.POST if request.method == "POST" else None
    form = CostsForm(data, quarterly_return=quarterly_return, cost_lines=quarterly_return.cost_lines.all())
    if request.method == "POST" and form.is_valid():
        costs = form.costs()
        return _save(request, quarterly_return, lambda **kw: services.return_costs_save(costs=costs, **kw), "costs")
    context = {"quarterly_return": quarterly_return, "form": form}
    return render(request, "self_evaluation/returns/return_costs.html", context)
