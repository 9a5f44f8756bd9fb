"""An officer of a pathfinder LA completes and submits quarter 2's self-evaluation return, starting from the
answers of the quarter 1 return they submitted: changes a rating, gets a cost wrong once, fills in the
approaches and costs, checks the answers and submits. Then they change the submitted return (saying why, after
a first try without a reason) and submit it again, while the answers first submitted still count; the return's
history stays short, its detail behind disclosures. Axe on every page, error states included."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role, User
from programme.models import Quarter
from regions.models import LocalAuthority
from self_evaluation import services
from self_evaluation.models import CdfTheme, Element, Level, QuarterlyReturn
from tests.conftest import PASSWORD


@pytest.fixture
def trafford_officer(reference_data) -> User:
    """An officer of Trafford, a pathfinder LA in the North West."""
    trafford = LocalAuthority.objects.get(slug="trafford")
    return User.objects.create_user(
        "tess@trafford.example", PASSWORD, full_name="Tess Trafford", role=Role.LA_OFFICER, local_authority=trafford
    )


def _submitted_quarter_1(officer: User, by: User) -> QuarterlyReturn:
    """Quarter 1's return, every element at early development, submitted, and its window closed."""
    now = timezone.now()
    q1 = Quarter.objects.get(programme__slug="2013-14", number=1)
    window = services.window_open(quarter=q1, deadline=timezone.localdate(now), by=by, now=now)
    first = services.return_start(local_authority=officer.local_authority, quarter=q1, by=officer, now=now)
    ratings = dict.fromkeys(Element.objects.values_list("pk", flat=True), (Level.EARLY, "Quarter 1 evidence"))
    services.return_ratings_save(quarterly_return=first, ratings=ratings, by=officer, now=now)
    services.return_approaches_save(
        quarterly_return=first, assessment=["brought_together"], planning=["coordinator"], by=officer, now=now
    )
    lines = {(CdfTheme.FAMILIES, "health"): (Decimal("800"), Decimal("200"))}
    costs = services.Costs(lines=lines, grant_received=Decimal("4000"))
    services.return_costs_save(quarterly_return=first, costs=costs, by=officer, now=now)
    first = services.return_submit(quarterly_return=first, by=officer, now=now)
    services.window_close(window=window, by=by, now=now)
    return first


def test_it_lets_a_pathfinder_officer_complete_a_return_from_the_previous_quarters(
    page, trafford_officer, programme_staff, sign_in, assert_accessible, assert_error_summary
):
    first = _submitted_quarter_1(trafford_officer, programme_staff)
    q2 = Quarter.objects.get(programme__slug="2013-14", number=2)
    deadline = timezone.localdate() + datetime.timedelta(days=14)
    services.window_open(quarter=q2, deadline=deadline, by=programme_staff, now=timezone.now())

    sign_in(page, trafford_officer.email, PASSWORD)
    assert_accessible(page)
    page.get_by_role("link", name="Self-evaluation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Self-evaluation")
    expect(page.get_by_text(f"Due by {deadline.day} {deadline:%B %Y}")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name=re.compile("^Start the return for Quarter 2")).click()
    start_from_previous = page.get_by_label(re.compile("Start from your answers for Quarter 1 2013-14"))
    expect(start_from_previous).to_be_checked()
    assert_accessible(page)
    page.get_by_role("button", name="Start the return").click()

    expect(page.locator(".govuk-task-list")).to_be_visible()
    expect(page.locator("#section-costs-status")).to_have_text("Not started")
    expect(page.locator("#section-infrastructure-status")).to_have_text("Completed")
    assert_accessible(page)

    page.get_by_role("link", name="Setting up the infrastructure").click()
    pathway = page.get_by_role("group", name="Assessment and planning pathway")
    expect(pathway.get_by_label("Early development")).to_be_checked()
    assert_accessible(page)
    pathway.get_by_label("Full development").check()
    page.get_by_label(re.compile("Evidence for assessment and planning pathway")).fill("Pathway agreed by the board")
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Assessment and planning approaches")
    assessment = page.get_by_role("group", name="Which assessment approaches does your area use?")
    expect(assessment.get_by_label("A set of assessments from different agencies brought together")).to_be_checked()
    assert_accessible(page)
    assessment.get_by_label("A single assessment episode supplemented by ad hoc assessments").check()
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Development costs")
    assert_accessible(page)
    organisational = page.get_by_role("group", name="Organisational engagement and cultural change")
    organisational.get_by_label("Education: financial cost").fill("-100")
    page.get_by_label("Development grant received this quarter").fill("5,000")
    page.get_by_role("button", name="Save and continue").click()
    assert_error_summary(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("must be £0 or more")
    assert_accessible(page)
    organisational.get_by_label("Education: financial cost").fill("1,500.50")
    page.get_by_role("group", name="Engaging and involving families").get_by_label("Health: in-kind cost").fill("£250")
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before submitting your return")
    expect(page.get_by_text("£5,000.00")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Submit the return").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("Return submitted")
    assert_accessible(page)

    page.get_by_role("link", name="Back to self-evaluation").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="See your ratings quarter by quarter").click()
    expect(page.get_by_role("columnheader", name="Quarter 2 2013-14")).to_have_count(3)
    assert_accessible(page)

    second = QuarterlyReturn.objects.get(local_authority=trafford_officer.local_authority, quarter=q2)
    assert (second.status, second.started_from) == ("submitted", first)
    levels = dict(second.ratings.values_list("element__slug", "level"))
    assert levels.pop("assessment-and-planning-pathway") == Level.FULL
    assert len(levels) == 32 and set(levels.values()) == {Level.EARLY}
    assert second.ratings.get(element__slug="assessment-and-planning-pathway").evidence == "Pathway agreed by the board"
    assert second.ratings.get(element__slug="local-offer").evidence == "Quarter 1 evidence"
    assert second.assessment_approaches == ["brought_together", "single_episode"]
    assert second.planning_approaches == ["coordinator"]
    costs = {(c.theme, c.agency): (c.financial, c.in_kind) for c in second.cost_lines.all()}
    assert len(costs) == 15 and second.grant_received == Decimal("5000.00")
    assert costs["organisational", "education"] == (Decimal("1500.50"), Decimal(0))
    assert costs["families", "health"] == (Decimal(0), Decimal("250.00"))
    assert sum(f + k for f, k in costs.values()) == Decimal("1750.50")
    actions = list(second.changes.values_list("action", "by"))
    assert actions == [
        ("started", trafford_officer.pk),
        ("saved", trafford_officer.pk),
        ("saved", trafford_officer.pk),
        ("saved", trafford_officer.pk),
        ("submitted", trafford_officer.pk),
    ]

    # The submitted return is read only: changing it is explicit, with a reason.
    page.get_by_role("link", name="Back to self-evaluation").click()
    page.get_by_role("link", name=re.compile("^View the return for Quarter 2")).click()
    expect(page.get_by_role("link", name="Check and submit")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("button", name="Change your return").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change your return")
    assert_accessible(page)
    page.get_by_role("button", name="Change your return").click()
    assert_error_summary(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why you need to change your return")
    assert_accessible(page)
    page.get_by_label("Why do you need to change your return?").fill("The pathway is only partly in place")
    page.get_by_role("button", name="Change your return").click()
    expect(page.locator(".govuk-warning-text")).to_contain_text("You are changing a submitted return")
    assert_accessible(page)
    page.get_by_role("link", name="Setting up the infrastructure").click()
    page.get_by_role("group", name="Assessment and planning pathway").get_by_label("Partial development").check()
    page.get_by_role("button", name="Save and continue").click()
    counted = QuarterlyReturn.objects.counted().get(quarter=q2)
    assert counted.submitted_version_of == second
    assert counted.ratings.get(element__slug="assessment-and-planning-pathway").level == Level.FULL
    page.get_by_role("link", name="Back to your return").click()
    page.get_by_role("link", name="Check and submit").click()
    expect(page.locator(".govuk-inset-text")).to_contain_text("You are changing a submitted return")
    assert_accessible(page)
    page.get_by_role("button", name="Submit the return").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("Return submitted")
    assert list(QuarterlyReturn.objects.counted().filter(quarter=q2)) == [second]
    assert second.ratings.get(element__slug="assessment-and-planning-pathway").level == Level.PARTIAL

    # One line per save in the history, the field-by-field detail behind a disclosure.
    page.get_by_role("link", name="your return", exact=True).click()
    history = page.locator("#history + table")
    expect(history.locator("tbody tr")).to_have_count(8)
    expect(history).to_contain_text("Opened for changes: The pathway is only partly in place")
    expect(history).to_contain_text("Changed: rated 1 element")
    detail = history.locator("details").last
    pathway_change = detail.get_by_text("Assessment and planning pathway: Full development → Partial development")
    expect(pathway_change).to_be_hidden()
    detail.locator("summary").click()
    expect(pathway_change).to_be_visible()
    assert_accessible(page)
    assert history.bounding_box()["height"] < 1200
