"""The sections of a return that an LA's officers answer: each CDF theme's ratings, the assessment and
planning approaches and (pathfinders) the development costs. Bad input saves nothing; only the LA's own
officers may answer."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from self_evaluation import services
from self_evaluation.models import CdfTheme, CostLine, Element, Level, QuarterlyReturn, Rating, ReturnChange
from tests.self_evaluation.builders import (
    complete,
    detail_url,
    officer_of,
    open_window,
    quarter,
    rate,
    start,
)
from tests.self_evaluation.test_return_pages import NOW, _frozen  # noqa: F401


def _url(name: str, quarterly_return, *args) -> str:
    return reverse(f"self_evaluation:{name}", args=[quarterly_return.pk, *args])


def _ratings_data(theme: str, level: str = Level.EARLY, evidence: str = "") -> dict:
    data = {}
    for element in Element.objects.filter(theme=theme):
        data[f"level_{element.slug}"] = level
        data[f"evidence_{element.slug}"] = evidence
    return data


@pytest.fixture
def draft(la_officer, programme_staff) -> QuarterlyReturn:
    """Bolton's blank draft for quarter 2 (window open)."""
    open_window(quarter(2), programme_staff)
    return start(la_officer, quarter(2))


@pytest.fixture
def pathfinder_draft(programme_staff) -> QuarterlyReturn:
    """Trafford's (a pathfinder's) blank draft for quarter 2 (window open)."""
    open_window(quarter(2), programme_staff)
    return start(officer_of("trafford"), quarter(2))


# --- Ratings ----------------------------------------------------------------------------------


def test_it_shows_each_element_of_a_theme_under_its_group_prefilled(signed_in, la_officer, draft):
    governance = Element.objects.get(slug="governance-structures")
    rate(draft, la_officer, Level.PARTIAL, "Board meets monthly", elements=[governance])
    response = signed_in(la_officer).get(_url("return_ratings", draft, "organisational"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="govuk-heading-l">Organisational engagement and cultural change</h1>' in html
    for heading in ("Governance", "Engaged in governance", "Commitment to share resources", "Change management"):
        assert f'<h2 class="govuk-heading-m">{heading}</h2>' in html
    assert html.count('type="radio"') == 19 * 5
    assert "Governance structures" in html and "In place before the programme" in html
    assert re.search(r'id="id_level_governance-structures_4"\s+value="partial"\s+checked="checked"', html)
    assert "Board meets monthly</textarea>" in html
    assert 'Evidence<span class="govuk-visually-hidden"> for governance structures</span> (optional)' in html


def test_it_saves_a_themes_ratings_and_goes_on_to_the_next_section(signed_in, la_officer, draft):
    client = signed_in(la_officer)
    response = client.post(
        _url("return_ratings", draft, "families"), _ratings_data("families", Level.FULL, "Forum minutes")
    )
    assert response.url == _url("return_ratings", draft, "infrastructure")
    assert set(draft.ratings.values_list("element__theme", "level", "evidence")) == {
        ("families", Level.FULL, "Forum minutes")
    }
    assert draft.ratings.count() == 4
    entry = draft.changes.last()
    assert (entry.action, entry.by, entry.at) == (ReturnChange.Action.SAVED, la_officer, NOW)
    recruited = {"what": "Families recruited to take part", "before": "Not rated", "after": "Full development"}
    assert {"kind": "rating", **recruited} in entry.changes
    last = client.post(_url("return_ratings", draft, "infrastructure"), _ratings_data("infrastructure"))
    assert last.url == _url("return_approaches", draft)


def test_it_lets_a_draft_leave_elements_unrated(signed_in, la_officer, draft):
    data = _ratings_data("families")
    data["level_families-recruited"] = ""
    response = signed_in(la_officer).post(_url("return_ratings", draft, "families"), data)
    assert response.status_code == 302
    assert not draft.ratings.filter(element__slug="families-recruited").exclude(level="").exists()
    assert draft.ratings.exclude(level="").count() == 3


def test_it_finds_no_such_theme(signed_in, la_officer, draft):
    assert signed_in(la_officer).get(_url("return_ratings", draft, "personal-budgets")).status_code == 404


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"evidence_peer-support-parent-carers": "x" * 2001}, "Evidence for peer support for parent carers must be"),
        ({"level_peer-support-parent-carers": "brilliant"}, "Select how far peer support for parent carers has"),
    ],
)
def test_it_shows_bad_ratings_and_saves_nothing(signed_in, la_officer, draft, change, message):
    data = {**_ratings_data("families"), **change}
    response = signed_in(la_officer).post(_url("return_ratings", draft, "families"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html and message in html
    assert not draft.ratings.exists() and draft.changes.count() == 1


def test_it_requires_every_rating_once_the_return_is_submitted(signed_in, la_officer, programme_staff):
    open_window(quarter(2), programme_staff)
    submitted = complete(la_officer, quarter(2))
    services.return_change_start(quarterly_return=submitted, reason="A correction", by=la_officer, now=NOW)
    data = _ratings_data("organisational", Level.FULL)
    data["level_governance-structures"] = ""
    response = signed_in(la_officer).post(_url("return_ratings", submitted, "organisational"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Select how far governance structures has developed" in html
    assert 'href="#id_level_governance-structures_1"' in html
    assert not submitted.ratings.filter(level=Level.FULL).exists()


def test_it_lets_an_la_change_its_submitted_return_once_it_opens_it_for_changes(signed_in, la_officer, programme_staff):
    open_window(quarter(2), programme_staff)
    submitted = complete(la_officer, quarter(2))
    client = signed_in(la_officer)
    refused = client.post(_url("return_ratings", submitted, "families"), _ratings_data("families", Level.FULL))
    assert refused.url == _url("return_detail", submitted) and not submitted.ratings.filter(level=Level.FULL).exists()
    services.return_change_start(quarterly_return=submitted, reason="A correction", by=la_officer, now=NOW)
    response = client.post(_url("return_ratings", submitted, "families"), _ratings_data("families", Level.FULL))
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == "changing"
    assert submitted.ratings.filter(level=Level.FULL).count() == 4


# --- Approaches -------------------------------------------------------------------------------


def test_it_saves_the_approaches_and_goes_on(signed_in, la_officer, draft):
    response = signed_in(la_officer).post(
        _url("return_approaches", draft), {"assessment": ["brought_together", "single_episode"], "planning": ["none"]}
    )
    assert response.url == _url("return_submit", draft)
    draft.refresh_from_db()
    assert (draft.assessment_approaches, draft.planning_approaches) == (
        ["brought_together", "single_episode"],
        ["none"],
    )
    entry = draft.changes.last()
    assert (entry.by, entry.at, entry.changes[1]["after"]) == (la_officer, NOW, "None of these yet")


def test_it_goes_on_from_approaches_to_costs_for_a_pathfinder(signed_in, pathfinder_draft):
    officer = pathfinder_draft.created_by
    response = signed_in(officer).post(
        _url("return_approaches", pathfinder_draft), {"assessment": ["none"], "planning": ["coordinator"]}
    )
    assert response.url == _url("return_costs", pathfinder_draft)


def test_it_shows_the_approach_questions_with_seed_wording(signed_in, la_officer, draft):
    html = signed_in(la_officer).get(_url("return_approaches", draft)).content.decode()
    for words in (
        "A set of assessments from different agencies brought together",
        "A single assessment episode supplemented by ad hoc assessments",
        "A single planning event with professionals and the family",
        "A planning co-ordinator creating the plan with the family",
        "None of these yet",
    ):
        assert words in html
    assert 'class="govuk-checkboxes__divider">or<' in html


@pytest.mark.parametrize(
    ("data", "messages"),
    [
        ({}, ["Select the assessment approaches you use, or ‘None of these yet’", "Select the planning approaches"]),
        (
            {"assessment": ["none", "single_episode"], "planning": ["coordinator"]},
            ["Select ‘None of these yet’ on its own, or only the approaches you use"],
        ),
        ({"assessment": ["guesswork"], "planning": ["coordinator"]}, ["Select the assessment approaches you use"]),
    ],
)
def test_it_shows_bad_approaches_and_saves_nothing(signed_in, la_officer, draft, data, messages):
    response = signed_in(la_officer).post(_url("return_approaches", draft), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html and all(message in html for message in messages)
    draft.refresh_from_db()
    assert (draft.assessment_approaches, draft.planning_approaches) == ([], []) and draft.changes.count() == 1


# --- Costs ------------------------------------------------------------------------------------


def _costs_data(grant="1000", **amounts) -> dict:
    return {"grant_received": grant, **amounts}


def test_it_shows_thirty_labelled_cost_inputs_with_the_pound_prefix(signed_in, pathfinder_draft):
    html = signed_in(pathfinder_draft.created_by).get(_url("return_costs", pathfinder_draft)).content.decode()
    assert html.count('inputmode="decimal"') == 31 and html.count('govuk-input__prefix" aria-hidden="true">£') == 31
    assert html.count('<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">') == 3
    assert 'for="id_financial_families_education">Education: financial cost</label>' in html
    assert 'for="id_in_kind_infrastructure_other">Other: in-kind cost</label>' in html
    assert "Development grant received this quarter" in html


def test_it_saves_costs_in_pounds_and_pence_with_blanks_as_nothing(signed_in, pathfinder_draft):
    officer = pathfinder_draft.created_by
    data = _costs_data(
        "£12,000",
        financial_organisational_education="1500",
        in_kind_organisational_education="1,500.50",
        financial_families_health="£1500.5",
        in_kind_infrastructure_cross_cutting=" 0.99 ",
    )
    response = signed_in(officer).post(_url("return_costs", pathfinder_draft), data)
    assert response.url == _url("return_submit", pathfinder_draft)
    lines = {(c.theme, c.agency): (c.financial, c.in_kind) for c in pathfinder_draft.cost_lines.all()}
    assert len(lines) == 15
    assert lines["organisational", "education"] == (Decimal("1500.00"), Decimal("1500.50"))
    assert lines["families", "health"] == (Decimal("1500.50"), Decimal(0))
    assert lines["infrastructure", "cross_cutting"] == (Decimal(0), Decimal("0.99"))
    assert lines["families", "other"] == (Decimal(0), Decimal(0))
    pathfinder_draft.refresh_from_db()
    assert pathfinder_draft.grant_received == Decimal("12000.00")
    entry = pathfinder_draft.changes.last()
    assert (entry.by, entry.at) == (officer, NOW)
    assert {"kind": "grant", "what": "Grant received", "before": "Not answered", "after": "£12,000.00"} in entry.changes
    again = signed_in(officer).get(_url("return_costs", pathfinder_draft)).content.decode()
    assert 'value="1500.50"' in again and 'value="12000.00"' in again


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-5", "The education financial cost for engaging and involving families must be £0 or more"),
        ("£-5", "must be £0 or more"),
        ("12.345", "must be in pounds and pence, with no more than 2 decimal places"),
        ("twelve", "Enter the education financial cost for engaging and involving families as an amount in pounds"),
        ("1,50", "like 1500 or 1500.50"),
        ("1e3", "like 1500 or 1500.50"),
        ("10000000000", "must be less than £10,000,000,000"),
        ("1" * 40 + ".5", "must be less than £10,000,000,000"),
        ("0." + "0" * 40 + "1", "no more than 2 decimal places"),
    ],
)
def test_it_refuses_bad_amounts_and_saves_nothing(signed_in, pathfinder_draft, amount, message):
    data = _costs_data(financial_organisational_health="10", financial_families_education=amount)
    response = signed_in(pathfinder_draft.created_by).post(_url("return_costs", pathfinder_draft), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html and message in html
    assert 'href="#id_financial_families_education"' in html and "govuk-input--error" in html
    assert not CostLine.objects.exists()
    pathfinder_draft.refresh_from_db()
    assert pathfinder_draft.grant_received is None and pathfinder_draft.changes.count() == 1


def test_it_requires_the_grant_received(signed_in, pathfinder_draft):
    response = signed_in(pathfinder_draft.created_by).post(_url("return_costs", pathfinder_draft), _costs_data(""))
    assert response.status_code == 200
    assert "Enter the development grant received this quarter" in response.content.decode()
    assert not CostLine.objects.exists()


def test_it_accepts_a_grant_of_nothing(signed_in, pathfinder_draft):
    signed_in(pathfinder_draft.created_by).post(_url("return_costs", pathfinder_draft), _costs_data("0"))
    pathfinder_draft.refresh_from_db()
    assert pathfinder_draft.grant_received == 0 and pathfinder_draft.cost_lines.count() == 15


def test_it_finds_no_costs_page_for_a_non_pathfinder(signed_in, la_officer, draft):
    client = signed_in(la_officer)
    assert client.get(_url("return_costs", draft)).status_code == 404
    assert client.post(_url("return_costs", draft), _costs_data()).status_code == 404
    assert not CostLine.objects.exists()


# --- Who may answer ---------------------------------------------------------------------------


def _changes(quarterly_return) -> list[tuple[str, dict]]:
    """Every page that changes a return, with a POST that would work for its officers."""
    return [
        (_url("return_ratings", quarterly_return, "families"), _ratings_data("families")),
        (_url("return_approaches", quarterly_return), {"assessment": ["none"], "planning": ["none"]}),
        (_url("return_costs", quarterly_return), _costs_data()),
        (_url("return_submit", quarterly_return), {}),
    ]


def test_it_lets_only_the_las_own_officers_answer(
    client, signed_in, pathfinder_draft, la_officer, champion_staff, programme_staff
):
    for url, data in _changes(pathfinder_draft):
        client.logout()
        assert client.post(url, data).url.startswith(reverse("accounts:login"))
        assert signed_in(champion_staff).post(url, data).status_code == 403
        assert signed_in(programme_staff).post(url, data).status_code == 403
        assert signed_in(la_officer).post(url, data).status_code == 404
        assert signed_in(la_officer).get(url).status_code == 404
    assert not Rating.objects.exists() and not CostLine.objects.exists()
    pathfinder_draft.refresh_from_db()
    assert pathfinder_draft.assessment_approaches == [] and pathfinder_draft.status == "draft"
    assert pathfinder_draft.changes.count() == 1


def test_it_keeps_the_section_pages_to_a_fixed_number_of_queries(signed_in, pathfinder_draft, query_count):
    client = signed_in(pathfinder_draft.created_by)
    client.get(detail_url(pathfinder_draft))
    for theme in CdfTheme.values:
        assert query_count(lambda theme=theme: client.get(_url("return_ratings", pathfinder_draft, theme))) <= 10
    assert query_count(lambda: client.get(_url("return_costs", pathfinder_draft))) <= 10
