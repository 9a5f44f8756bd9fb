"""Checking and submitting a return; a submitted return cannot be changed once its window closes, unless
programme staff reopen it for correction, after which it can be corrected and submitted again."""

from decimal import Decimal

from django.urls import reverse

from self_evaluation import services
from self_evaluation.models import CdfTheme, CostLine, Element, Level, Rating, ReturnChange
from tests.self_evaluation.builders import (
    complete,
    detail_url,
    officer_of,
    open_window,
    quarter,
    rate,
    start,
    submitted_in_closed_window,
)
from tests.self_evaluation.test_return_pages import NOW, _frozen  # noqa: F401


def _url(name: str, quarterly_return, *args) -> str:
    return reverse(f"self_evaluation:{name}", args=[quarterly_return.pk, *args])


def _answer_everything(quarterly_return, officer) -> None:
    rate(quarterly_return, officer, Level.PARTIAL, "Evidence")
    services.return_approaches_save(
        quarterly_return=quarterly_return, assessment=["none"], planning=["single_event"], by=officer, now=NOW
    )
    if quarterly_return.asks_for_costs:
        costs = services.Costs(lines={}, grant_received=Decimal("5000"))
        services.return_costs_save(quarterly_return=quarterly_return, costs=costs, by=officer, now=NOW)


def test_it_lists_what_is_missing_with_links_and_offers_no_submit_button(signed_in, programme_staff):
    officer = officer_of("trafford")
    open_window(quarter(2), programme_staff)
    draft = start(officer, quarter(2))
    rate(draft, officer, elements=Element.objects.filter(theme=CdfTheme.ORGANISATIONAL))
    response = signed_in(officer).get(_url("return_submit", draft))
    assert response.status_code == 200
    html = response.content.decode()
    assert "You cannot submit your return yet" in html and "Submit the return" not in html
    families = _url("return_ratings", draft, "families")
    assert (
        f'<a class="govuk-link" href="{families}">Rate 4 more elements in engaging and involving families</a>' in html
    )
    assert f'href="{_url("return_approaches", draft)}">Answer which assessment and planning approaches' in html
    assert f'href="{_url("return_costs", draft)}">Give your development costs' in html


def test_it_shows_every_answer_with_change_links_and_submits(signed_in, programme_staff, mailoutbox):
    officer = officer_of("trafford")
    open_window(quarter(2), programme_staff)
    draft = start(officer, quarter(2))
    _answer_everything(draft, officer)
    client = signed_in(officer)
    html = client.get(_url("return_submit", draft)).content.decode()
    assert "Check your answers before submitting your return" in html and "You cannot submit" not in html
    assert html.count('govuk-tag--yellow">Partial development') == 33
    assert "None of these yet" in html and "A single planning event with professionals and the family" in html
    assert "£5,000.00" in html
    for section in ("organisational", "families", "infrastructure"):
        assert f'href="{_url("return_ratings", draft, section)}">Change' in html
    assert f'href="{_url("return_costs", draft)}">Change' in html

    response = client.post(_url("return_submit", draft))
    assert response.url == _url("return_submit", draft)
    draft.refresh_from_db()
    assert (draft.status, draft.submitted_at) == ("submitted", NOW)
    entry = draft.changes.last()
    assert (entry.action, entry.by, entry.at) == (ReturnChange.Action.SUBMITTED, officer, NOW)
    panel = client.get(response.url).content.decode()
    assert '<h1 class="govuk-panel__title">Return submitted</h1>' in panel and "on 10 October 2013" in panel
    assert "Submit the return" not in panel


def test_it_shows_the_refusal_when_a_return_cannot_be_submitted(signed_in, la_officer, programme_staff):
    open_window(quarter(2), programme_staff)
    draft = start(la_officer, quarter(2))
    response = signed_in(la_officer).post(_url("return_submit", draft))
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html and "You cannot submit yet. Rate 19 more elements" in html
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.changes.count() == 1


def test_it_refuses_to_submit_twice(signed_in, la_officer, programme_staff):
    open_window(quarter(2), programme_staff)
    submitted = complete(la_officer, quarter(2))
    response = signed_in(la_officer).post(_url("return_submit", submitted))
    assert response.status_code == 200 and "This return is already submitted." in response.content.decode()
    assert submitted.changes.filter(action="submitted").count() == 1


def test_it_changes_nothing_once_the_window_is_closed(signed_in, programme_staff):
    officer = officer_of("trafford")
    submitted = submitted_in_closed_window(officer, quarter(1), programme_staff)
    ratings = set(Rating.objects.values_list("pk", "level", "evidence"))
    costs = set(CostLine.objects.values_list("pk", "financial", "in_kind"))
    changes = ReturnChange.objects.count()
    client = signed_in(officer)
    posts = [
        (_url("return_ratings", submitted, "families"), {"level_families-recruited": Level.FULL}),
        (_url("return_approaches", submitted), {"assessment": ["none"], "planning": ["none"]}),
        (_url("return_costs", submitted), {"grant_received": "1", "financial_families_health": "9"}),
    ]
    for url, data in posts:
        for response in (client.get(url), client.post(url, data, follow=True)):
            final = response.redirect_chain[-1][0] if hasattr(response, "redirect_chain") else response.url
            assert final == detail_url(submitted)
    # The submit page only confirms it was submitted, and says whom to ask.
    confirmed = client.get(_url("return_submit", submitted)).content.decode()
    assert "Return submitted" in confirmed and "ask programme staff to reopen your return" in confirmed
    refused = client.post(_url("return_submit", submitted))
    assert refused.status_code == 200 and "This return is already submitted." in refused.content.decode()
    html = client.get(_url("return_ratings", submitted, "families"), follow=True).content.decode()
    assert "The returns window for this quarter is closed" in html
    assert set(Rating.objects.values_list("pk", "level", "evidence")) == ratings
    assert set(CostLine.objects.values_list("pk", "financial", "in_kind")) == costs
    submitted.refresh_from_db()
    assert submitted.assessment_approaches == ["brought_together"] and submitted.grant_received == 1000
    assert ReturnChange.objects.count() == changes


def test_it_lets_a_reopened_return_be_corrected_and_submitted_again(signed_in, la_officer, programme_staff):
    submitted = submitted_in_closed_window(la_officer, quarter(1), programme_staff)
    services.return_reopen(quarterly_return=submitted, reason="Check health", by=programme_staff, now=NOW)
    client = signed_in(la_officer)
    detail = client.get(detail_url(submitted)).content.decode()
    assert "govuk-task-list" in detail and "Programme staff reopened this return for correction" in detail
    assert "Reopened for correction</strong>: Check health" in detail

    families = {f"level_{e.slug}": Level.FULL for e in Element.objects.filter(theme=CdfTheme.FAMILIES)}
    families["level_families-recruited"] = ""
    refused = client.post(_url("return_ratings", submitted, "families"), families)
    assert refused.status_code == 200 and "Select how far families recruited to take part has developed" in (
        refused.content.decode()
    )
    families["level_families-recruited"] = Level.PARTIAL
    assert client.post(_url("return_ratings", submitted, "families"), families).status_code == 302
    assert client.post(_url("return_submit", submitted)).status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == "submitted"
    assert submitted.ratings.get(element__slug="families-recruited").level == Level.PARTIAL
    actions = list(submitted.changes.values_list("action", "by"))
    assert actions[-3:] == [("reopened", programme_staff.pk), ("saved", la_officer.pk), ("submitted", la_officer.pk)]
