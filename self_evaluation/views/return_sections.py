"""The sections of a quarterly return, and the pages where the LA's officers answer them: the ratings
of each CDF theme, the assessment and planning approaches, and (pathfinders) the development costs.

Each page gets the return through `get_return_for_user(..., write=True)` (champion and programme staff:
403 from `la_officers_only`; another LA's officers: 404), and changes nothing while the return is not open to
the LA (submitted, until a change is started; or its window closed). Each section's status comes from
`self_evaluation.completeness`, the rule submitting checks.
`urls.py` reaches these views through `views/returns.py`.
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
from self_evaluation.completeness import APPROACHES, COSTS, Answers, SectionProgress, sections_progress
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

CLOSED = services.RETURN_CLOSED


@dataclass
class Section:
    """One part of a return, for the task list, the check-answers page and the read-only summary."""

    title: str
    url: str
    progress: SectionProgress
    rows: list = field(default_factory=list)
    # Development costs only: the quarter's total cost (financial and in kind) and the grant received.
    total: object = None
    grant_received: object = None

    @property
    def key(self) -> str:
        return self.progress.key

    @property
    def status(self) -> str:
        return self.progress.status


def _url(name: str, quarterly_return: QuarterlyReturn, *args) -> str:
    return reverse(f"self_evaluation:{name}", args=[quarterly_return.pk, *args])


def return_sections(quarterly_return: QuarterlyReturn) -> list[Section]:
    """Every section with its status and answers, in the order a return asks them. Three queries at most."""
    answers = Answers.of(quarterly_return)
    progress = {section.key: section for section in sections_progress(quarterly_return, answers)}
    sections = []
    for theme in CdfTheme:
        rows = [(element, answers.ratings.get(element.pk)) for element in answers.elements if element.theme == theme]
        url = _url("return_ratings", quarterly_return, theme.value)
        sections.append(Section(theme.label, url, progress[theme.value], rows))
    rows = [
        ("Assessment approaches", [AssessmentApproach(v).label for v in quarterly_return.assessment_approaches]),
        ("Planning approaches", [PlanningApproach(v).label for v in quarterly_return.planning_approaches]),
    ]
    url = _url("return_approaches", quarterly_return)
    sections.append(Section("Assessment and planning approaches", url, progress[APPROACHES], rows))
    if COSTS in progress:
        sections.append(_costs_section(quarterly_return, answers, progress[COSTS]))
    return sections


def _costs_section(quarterly_return: QuarterlyReturn, answers: Answers, progress: SectionProgress) -> Section:
    lines = {(line.theme, line.agency): line for line in answers.cost_lines}
    rows = []
    for theme in CdfTheme:
        agencies = [(agency.label, lines.get((theme.value, agency.value))) for agency in Agency]
        total = sum((line.total for _, line in agencies if line), start=0)
        rows.append((theme.label, agencies, total))
    return Section(
        "Development costs",
        _url("return_costs", quarterly_return),
        progress,
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
    """Not open to the LA: say why on the return's page, which shows the answers read-only."""
    messages.error(request, services.why_closed_to_la(quarterly_return, quarterly_return.window))
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
