"""One rule decides whether a return is complete: the task list, the check-answers page and submitting agree."""

from decimal import Decimal

import pytest
from django.urls import reverse

from self_evaluation import completeness, services
from self_evaluation.models import CdfTheme, Element, Level
from tests.self_evaluation.builders import officer_of, open_window, quarter, rate, start
from tests.self_evaluation.test_return_pages import NOW, _frozen  # noqa: F401


def _approaches(quarterly_return, officer, *, planning=("coordinator",)) -> None:
    services.return_approaches_save(
        quarterly_return=quarterly_return, assessment=["none"], planning=list(planning), by=officer, now=NOW
    )


def _costs(quarterly_return, officer, *, lines: bool, grant: str | None) -> None:
    if not quarterly_return.asks_for_costs:
        return  # a non-pathfinder is not asked
    lines = {(CdfTheme.FAMILIES, "health"): (Decimal("250.00"), Decimal("0"))} if lines else {}
    costs = services.Costs(lines=lines, grant_received=Decimal(grant) if grant is not None else None)
    services.return_costs_save(quarterly_return=quarterly_return, costs=costs, by=officer, now=NOW)


def _families(quarterly_return, officer) -> None:
    rate(quarterly_return, officer, elements=Element.objects.filter(theme=CdfTheme.FAMILIES))


# How far a return is answered: each step is what an officer would have done through the pages.
STAGES = {
    "nothing yet": [],
    "evidence only": [lambda r, o: rate(r, o, "", "A note", elements=Element.objects.filter(theme=CdfTheme.FAMILIES))],
    "one theme rated": [_families],
    "one element short": [lambda r, o: rate(r, o, Level.EARLY, elements=Element.objects.all()[1:])],
    "ratings only": [lambda r, o: rate(r, o)],
    "one approach": [lambda r, o: rate(r, o), lambda r, o: _approaches(r, o, planning=())],
    "all but costs": [lambda r, o: rate(r, o), _approaches],
    "costs without lines": [lambda r, o: rate(r, o), _approaches, lambda r, o: _costs(r, o, lines=False, grant="0")],
    "everything": [lambda r, o: rate(r, o), _approaches, lambda r, o: _costs(r, o, lines=True, grant="1000")],
}


@pytest.fixture
def officers(programme_staff) -> dict:
    open_window(quarter(2), programme_staff)
    return {"pathfinder": officer_of("trafford"), "non-pathfinder": officer_of("bury")}


@pytest.mark.parametrize("area", ["pathfinder", "non-pathfinder"])
@pytest.mark.parametrize("stage", list(STAGES))
def test_it_agrees_on_the_task_list_the_check_page_and_submitting(signed_in, officers, area, stage):
    officer = officers[area]
    draft = start(officer, quarter(2))
    for step in STAGES[stage]:
        step(draft, officer)
    draft.refresh_from_db()
    client = signed_in(officer)

    sections = client.get(reverse("self_evaluation:return_detail", args=[draft.pk])).context["sections"]
    unfinished = [section for section in sections if section.status != completeness.COMPLETED]
    check_page = client.get(reverse("self_evaluation:return_submit", args=[draft.pk]))
    gaps = services.return_gaps(draft)

    # The task list's unfinished sections are exactly the gaps the check page links to and submitting names.
    assert [(s.key, s.url) for s in unfinished] == [
        (key, url) for (key, _), (_, url) in zip(gaps, check_page.context["gaps"], strict=True)
    ]
    assert [words for words, _ in check_page.context["gaps"]] == [words for _, words in gaps]
    response = client.post(reverse("self_evaluation:return_submit", args=[draft.pk]))
    draft.refresh_from_db()
    if unfinished:
        assert response.status_code == 200
        assert response.context["refusal"] == f"You cannot submit yet. {gaps[0][1]}."
        assert draft.status == "draft"
    else:
        assert response.status_code == 302
        assert draft.status == "submitted"
    assert (area == "pathfinder") == any(section.key == "costs" for section in sections)


def test_it_names_each_gap_in_the_words_the_pages_always_used(officers):
    officer = officers["pathfinder"]
    draft = start(officer, quarter(2))
    rate(draft, officer, elements=Element.objects.filter(theme=CdfTheme.ORGANISATIONAL)[1:])
    assert completeness.return_gaps(draft) == [
        ("organisational", "Rate 1 more element in organisational engagement and cultural change"),
        ("families", "Rate 4 more elements in engaging and involving families"),
        ("infrastructure", "Rate 10 more elements in setting up the infrastructure"),
        ("approaches", "Answer which assessment and planning approaches you use"),
        ("costs", "Give your development costs for the quarter"),
    ]


@pytest.mark.parametrize("area", ["pathfinder", "non-pathfinder"])
def test_it_decides_completeness_in_three_queries_at_most(officers, query_count, area):
    officer = officers[area]
    draft = start(officer, quarter(2))
    rate(draft, officer)
    draft = type(draft).objects.select_related("local_authority").get(pk=draft.pk)
    assert query_count(lambda: completeness.return_gaps(draft)) <= 3
