"""The readiness grid: how far each LA a champion supports has got with each CDF element, from its most
recent submitted return, so that the champion can target its support days and workshops.

Champion staff see their own champion's assigned LAs; programme staff choose a champion. LA officers
get a 403 (anonymous visitors: the sign-in page). A fixed number of queries, however many LAs and returns.
"""

from dataclasses import dataclass, field

from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.models import Role
from accounts.permissions import role_required
from champions_portal.exports import FORMATS, Sheet, workbook_response
from regions.models import Champion, LocalAuthority
from self_evaluation.forms.readiness import ReadinessChooserForm
from self_evaluation.models import FULL_IMPLEMENTATION, CdfTheme, Element, Level, QuarterlyReturn, Rating

champions_only = role_required(Role.PROGRAMME_STAFF, Role.CHAMPION_STAFF)

# The words in the grid's cells: short, so the table stays narrow; the key gives the full labels.
SHORT_WORDS = {
    Level.NOT_STARTED: "Not started",
    Level.IN_PLACE: "In place",
    Level.EARLY: "Early",
    Level.PARTIAL: "Partial",
    Level.FULL: "Full",
}
# How developed each level is, for ordering elements least developed first.
SCORES = {Level.NOT_STARTED: 0, Level.EARLY: 1, Level.PARTIAL: 2, Level.FULL: 3, Level.IN_PLACE: 3}
KEY_ORDER = [Level.FULL, Level.IN_PLACE, Level.PARTIAL, Level.EARLY, Level.NOT_STARTED]


@dataclass
class ElementRow:
    element: Element
    cells: list[tuple[str, str]] = field(default_factory=list)  # (level, short words) per LA with a return

    @property
    def levels(self) -> list[str]:
        return [level for level, _ in self.cells]

    @property
    def full_or_in_place(self) -> int:
        return sum(level in FULL_IMPLEMENTATION for level in self.levels)

    def count(self, level: str) -> int:
        return self.levels.count(level)

    @property
    def partial(self) -> int:
        return self.count(Level.PARTIAL)

    @property
    def early(self) -> int:
        return self.count(Level.EARLY)

    @property
    def not_started(self) -> int:
        return self.count(Level.NOT_STARTED)

    @property
    def development(self) -> tuple:
        """Lower is less developed: fewer at full implementation, then a lower total score, then CDF order."""
        score = sum(SCORES.get(level, 0) for level in self.levels)
        return (self.full_or_in_place, score, self.element.position)


def readiness_grid(champion: Champion) -> dict:
    """The champion's assigned LAs split into those with a submitted return (each with `.latest`, its most
    recent submitted return) and those without; a row per CDF element grouped by theme; the elements
    least developed first. Five queries."""
    latest = (
        QuarterlyReturn.objects.counted()
        .filter(local_authority=OuterRef("pk"))
        .order_by("-quarter__starts_on", "-quarter__number")
        .values("pk")[:1]
    )
    las = LocalAuthority.objects.assigned_to(champion).select_related("region", "pathfinder")
    las = list(las.annotate(latest_return_id=Subquery(latest)).order_by("name"))
    ids = [la.latest_return_id for la in las if la.latest_return_id]
    returns = QuarterlyReturn.objects.counted().select_related("quarter__programme").in_bulk(ids)
    ratings = Rating.objects.filter(quarterly_return_id__in=ids)
    levels = {(r, e): level for r, e, level in ratings.values_list("quarterly_return_id", "element_id", "level")}
    with_returns = [la for la in las if la.latest_return_id]
    for la in with_returns:
        la.latest = returns[la.latest_return_id]
    rows = []
    for element in Element.objects.all():
        row = ElementRow(element)
        for la in with_returns:
            level = levels.get((la.latest_return_id, element.pk), "")
            row.cells.append((level, SHORT_WORDS.get(level, "Not rated")))
        rows.append(row)
    themes = [
        {"slug": theme.value, "label": theme.label, "rows": [r for r in rows if r.element.theme == theme]}
        for theme in CdfTheme
    ]
    return {
        "las": las,
        "with_returns": with_returns,
        "without_returns": [la for la in las if not la.latest_return_id],
        "themes": themes,
        "least_developed": sorted(rows, key=lambda r: r.development),
        "key": [(level, SHORT_WORDS[level], level.label) for level in KEY_ORDER],
    }


def _chosen(request) -> tuple[ReadinessChooserForm | None, Champion | None]:
    """Champion staff: their own champion. Programme staff: the one chosen in the GET form, if any."""
    if request.user.is_champion_staff:
        return None, request.user.champion
    chooser = ReadinessChooserForm(request.GET or None)
    return chooser, chooser.chosen()


@champions_only
def readiness(request):
    chooser, champion = _chosen(request)
    context = {"chooser": chooser, "champion": champion, **(readiness_grid(champion) if champion else {})}
    return render(request, "self_evaluation/readiness.html", context)


def readiness_sheets(grid: dict) -> list[Sheet]:
    """The grid (the CSV), the elements least developed first, and which return each LA's column shows."""
    labels = dict(Level.choices)
    rated = grid["with_returns"]
    cells = Sheet(
        "Readiness grid",
        ["CDF theme", "CDF element", *(la.name for la in rated)],
        [
            [theme["label"], row.element.name, *(labels.get(level, "Not rated") for level in row.levels)]
            for theme in grid["themes"]
            for row in theme["rows"]
        ],
    )
    least = Sheet(
        "Least developed first",
        ["CDF element", "CDF theme", "Full or in place", "Partial", "Early", "Not started", "Areas with a return"],
        [
            [r.element.name, r.element.get_theme_display(), r.full_or_in_place, r.partial, r.early, r.not_started]
            + [len(rated)]
            for r in grid["least_developed"]
        ],
    )
    las = Sheet(
        "Local authorities",
        ["Local authority", "Region", "Pathfinder", "Return shown"],
        [
            [
                la.name,
                la.region.name,
                "Yes" if la.pathfinder_id else "No",
                la.latest.quarter.label if la.latest_return_id else "No return submitted yet",
            ]
            for la in grid["las"]
        ],
    )
    return [cells, least, las]


@champions_only
def readiness_export(request, fmt):
    if fmt not in FORMATS:
        raise Http404("Download as csv or xlsx")
    _chooser, champion = _chosen(request)
    if champion is None:  # the page says to choose one, or what is wrong with the choice
        return redirect(f"{reverse('self_evaluation:readiness')}?{request.GET.urlencode()}")
    return workbook_response(
        fmt=fmt,
        filename=f"readiness-{champion.slug}",
        sheets=readiness_sheets(readiness_grid(champion)),
        description="Readiness against the Common Delivery Framework: each local authority's latest submitted return",
        filters={"Champion": champion.label},
    )
