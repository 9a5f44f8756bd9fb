"""Changing a submitted return is explicit: its officers choose "Change your return" and say why (or programme
staff reopen it for correction). The answers as submitted are kept, and every report, the readiness grid and the
windows pages go on counting them until the return is submitted again."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from audit.models import AuditEntry
from regions.models import Champion
from self_evaluation import services
from self_evaluation.models import CdfTheme, CostLine, Element, Level, QuarterlyReturn, Rating, ReturnChange
from self_evaluation.reports import Population, costs_report, levels_report
from self_evaluation.views.readiness import readiness_grid
from tests.self_evaluation.builders import (
    close_window,
    complete,
    detail_url,
    officer_of,
    open_window,
    quarter,
    rate,
    submitted_in_closed_window,
)

LONDON = ZoneInfo("Europe/London")
# Quarter 2's window is open, due 14 October 2013.
NOW = datetime.datetime(2013, 10, 10, 9, 0, tzinfo=LONDON)
LATER = NOW + datetime.timedelta(hours=2)
REASON = "Our health partners sent corrected figures."
PATHWAY = "assessment-and-planning-pathway"
CHANGING, REOPENED = "changing", "reopened"


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture(autouse=True)
def _one_area_is_enough(settings):
    """The reports here are about which version counts, not about withholding small numbers."""
    settings.SELF_EVALUATION_MIN_AREAS = 1


def _url(name: str, quarterly_return, *args) -> str:
    return reverse(f"self_evaluation:{name}", args=[quarterly_return.pk, *args])


@pytest.fixture
def submitted(programme_staff, la_officer) -> QuarterlyReturn:
    """Bolton's quarter 2 return, every element at early development, submitted while the window is open."""
    open_window(quarter(2), programme_staff)
    return complete(la_officer, quarter(2), level=Level.EARLY)


@pytest.fixture
def trafford(programme_staff) -> QuarterlyReturn:
    """Trafford's (a pathfinder's) quarter 2 return, early development, £350 of costs and £1,000 of grant."""
    open_window(quarter(2), programme_staff)
    return complete(officer_of("trafford"), quarter(2), level=Level.EARLY)


def _change(quarterly_return, officer, *, now=NOW) -> QuarterlyReturn:
    return services.return_change_start(quarterly_return=quarterly_return, reason=REASON, by=officer, now=now)


def _state() -> list:
    """Everything a refused request must leave as it was."""
    return [
        list(QuarterlyReturn._base_manager.order_by("pk").values_list("pk", "status", "updated_at")),
        sorted(Rating.objects.values_list("quarterly_return_id", "element_id", "level", "evidence")),
        sorted(CostLine.objects.values_list("quarterly_return_id", "theme", "agency", "financial", "in_kind")),
        ReturnChange.objects.count(),
        AuditEntry.objects.count(),
    ]


def _levels(quarterly_return) -> set:
    return set(quarterly_return.ratings.values_list("level", flat=True))


# --- A submitted return is read-only until a change is started ----------------------------------


def test_it_shows_a_submitted_return_read_only_with_a_way_to_change_it(signed_in, la_officer, submitted):
    html = signed_in(la_officer).get(detail_url(submitted)).content.decode()
    assert "Check and submit" not in html and "govuk-task-list" not in html
    assert "straight away" not in html
    assert f'href="{_url("return_change_start", submitted)}"' in html and "Change your return" in html
    assert f'href="{_url("return_ratings", submitted, "families")}"' not in html
    assert html.count('govuk-tag--orange">Early development') == 33


def test_it_shows_no_change_links_once_the_return_is_submitted(signed_in, la_officer, submitted):
    html = signed_in(la_officer).get(_url("return_submit", submitted)).content.decode()
    assert '<h1 class="govuk-panel__title">Return submitted</h1>' in html
    assert "straight away" not in html and ">Change<" not in html and "Submit the return" not in html
    assert f'href="{_url("return_ratings", submitted, "families")}"' not in html
    assert "Change your return" in html


def test_it_refuses_to_save_answers_to_a_submitted_return(signed_in, la_officer, submitted):
    governance = Element.objects.get(slug="governance-structures")
    before = _state()
    with pytest.raises(services.ReturnRefused, match="Change your return"):
        services.return_ratings_save(
            quarterly_return=submitted, ratings={governance.pk: (Level.FULL, "")}, by=la_officer, now=NOW
        )
    with pytest.raises(services.ReturnRefused, match="Change your return"):
        services.return_approaches_save(
            quarterly_return=submitted, assessment=["none"], planning=["none"], by=la_officer, now=NOW
        )
    client = signed_in(la_officer)
    for url, data in (
        (_url("return_ratings", submitted, "organisational"), {"level_governance-structures": Level.FULL}),
        (_url("return_approaches", submitted), {"assessment": ["none"], "planning": ["none"]}),
    ):
        response = client.post(url, data, follow=True)
        assert response.redirect_chain[-1][0] == detail_url(submitted)
        assert "choose ‘Change your return’" in response.content.decode()
    assert _state() == before


# --- Starting a change ------------------------------------------------------------------------


def test_it_asks_why_the_return_is_changing(signed_in, la_officer, submitted):
    response = signed_in(la_officer).get(_url("return_change_start", submitted))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Why do you need to change your return?" in html and 'name="reason"' in html and "novalidate" in html
    assert "still count until you submit" in html and "10 October 2013" in html


def test_it_starts_a_change_and_keeps_the_submitted_answers(
    signed_in, trafford, mailoutbox, django_capture_on_commit_callbacks
):
    officer = trafford.created_by
    client = signed_in(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("return_change_start", trafford), {"reason": f"  {REASON} "})
    assert response.status_code == 302 and response.url == detail_url(trafford)
    trafford.refresh_from_db()
    assert (trafford.status, trafford.updated_at, trafford.submitted_at) == (CHANGING, NOW, NOW)
    kept = trafford.counted_version()
    assert kept.pk != trafford.pk and kept.submitted_version_of == trafford
    assert (kept.status, kept.submitted_at, kept.local_authority, kept.quarter) == (
        "submitted",
        NOW,
        trafford.local_authority,
        trafford.quarter,
    )
    assert (kept.assessment_approaches, kept.planning_approaches, kept.grant_received) == (
        ["brought_together"],
        ["coordinator"],
        Decimal("1000.00"),
    )
    assert kept.ratings.count() == 33 and _levels(kept) == {Level.EARLY}
    assert sorted(kept.cost_lines.values_list("theme", "agency", "financial", "in_kind")) == sorted(
        trafford.cost_lines.values_list("theme", "agency", "financial", "in_kind")
    )
    change = trafford.changes.last()
    assert (change.action, change.note, change.by, change.at) == ("changing", REASON, officer, NOW)
    assert AuditEntry.objects.filter(action="return.changing", object_id=str(trafford.pk)).count() == 1
    assert mailoutbox == []
    # Only the return itself is a return: the kept copy is counted, never listed or shown.
    assert list(QuarterlyReturn.objects.all()) == [trafford]
    assert signed_in(officer).get(detail_url(kept)).status_code == 404

    html = client.get(response.url).content.decode()
    assert "You are changing a submitted return" in html
    assert "your answers submitted on 10 October 2013 still count until you submit it again" in html
    assert "govuk-task-list" in html and "Check and submit" in html
    assert "Opened for changes</strong>: " + REASON in html


def test_it_counts_the_submitted_answers_until_the_return_is_submitted_again(
    signed_in, trafford, champion_staff, programme_staff
):
    officer = trafford.created_by
    changing = _change(trafford, officer)
    rate(changing, officer, Level.FULL, now=LATER)
    lines = {(CdfTheme.FAMILIES, "health"): (Decimal("9000.00"), Decimal("0"))}
    services.return_costs_save(
        quarterly_return=changing,
        costs=services.Costs(lines=lines, grant_received=Decimal("2000")),
        by=officer,
        now=LATER,
    )
    assert _levels(changing) == {Level.FULL}

    def counted_levels():
        report = levels_report(quarter=quarter(2), population=Population.ALL, region=None)
        pathway = next(row for theme in report.themes for row in theme.elements if row.element.slug == PATHWAY)
        return report.areas, {level: n for level, n in pathway.counts.items() if n}

    assert counted_levels() == (1, {Level.EARLY: 1})
    costs = costs_report(quarter=quarter(2), region=None)
    assert (costs.areas, costs.total, costs.grant) == (1, Decimal("350.00"), Decimal("1000.00"))
    grid = readiness_grid(Champion.objects.get(slug="greater-manchester-group"))
    [la] = grid["with_returns"]
    assert la.latest.quarter == quarter(2) and la.latest.get_absolute_url() == detail_url(trafford)
    assert {row.cells[0][0] for theme in grid["themes"] for row in theme["rows"]} == {Level.EARLY}
    assert "trafford" not in set(services.las_missing(quarter(2)).values_list("slug", flat=True))
    assert (
        services.previous_return(local_authority=trafford.local_authority, quarter=quarter(3))
        .ratings.filter(level=Level.EARLY)
        .count()
        == 33
    )
    window = signed_in(programme_staff).get(reverse("self_evaluation:window_detail", args=[quarter(2).pk]))
    submitted_rows = window.content.decode().split('id="submitted"')[1]
    assert f'href="{detail_url(trafford)}">Trafford</a>' in submitted_rows and "Being changed" in submitted_rows
    assert window.context["submitted"][0].get_absolute_url() == detail_url(trafford)
    champion_page = signed_in(champion_staff).get(detail_url(trafford)).content.decode()
    assert champion_page.count('govuk-tag--orange">Early development') == 33
    assert "Full development" not in champion_page.split('id="history"')[0]

    services.return_submit(quarterly_return=changing, by=officer, now=LATER)
    trafford.refresh_from_db()
    assert (trafford.status, trafford.submitted_at) == ("submitted", LATER)
    assert list(QuarterlyReturn.objects.counted()) == [trafford]
    assert not QuarterlyReturn._base_manager.filter(submitted_version_of=trafford).exists()
    assert counted_levels() == (1, {Level.FULL: 1})
    costs = costs_report(quarter=quarter(2), region=None)
    assert (costs.total, costs.grant) == (Decimal("9000.00"), Decimal("2000.00"))
    assert [c.action for c in trafford.changes.all()][-4:] == ["changing", "saved", "saved", "submitted"]


def test_it_lets_an_officer_submit_again_without_changing_anything(la_officer, submitted):
    services.return_submit(quarterly_return=_change(submitted, la_officer), by=la_officer, now=LATER)
    submitted.refresh_from_db()
    assert (submitted.status, submitted.submitted_at) == ("submitted", LATER)
    assert QuarterlyReturn._base_manager.count() == 1 and _levels(submitted) == {Level.EARLY}


@pytest.mark.parametrize(
    "reason,message",
    [
        pytest.param("", "Enter why you need to change your return", id="empty"),
        pytest.param("  \n ", "Enter why you need to change your return", id="blank"),
        pytest.param("x" * 2001, "The reason must be 2,000 characters or fewer", id="too-long"),
    ],
)
def test_it_refuses_a_missing_or_too_long_reason_and_changes_nothing(
    signed_in, la_officer, submitted, mailoutbox, reason, message
):
    before = _state()
    response = signed_in(la_officer).post(_url("return_change_start", submitted), {"reason": reason})
    html = response.content.decode()
    assert response.status_code == 200 and "<title>Error: " in html
    assert message in html.split('class="govuk-error-summary"')[1]
    assert _state() == before and mailoutbox == []
    with pytest.raises(services.ReturnRefused, match="Enter why"):
        services.return_change_start(quarterly_return=submitted, reason=" ", by=la_officer, now=NOW)


def test_it_shows_the_error_summary_for_an_empty_post(signed_in, la_officer, submitted):
    response = signed_in(la_officer).post(_url("return_change_start", submitted))
    assert response.status_code == 200 and "Enter why you need to change your return" in response.content.decode()
    assert QuarterlyReturn.objects.get().status == "submitted"


@pytest.mark.parametrize(
    "person,status",
    [
        ("other_la_officer", 404),
        ("champion_staff", 403),
        ("other_champion_staff", 403),
        ("programme_staff", 403),
    ],
)
def test_it_refuses_everyone_but_the_las_officers(request, signed_in, submitted, mailoutbox, person, status):
    client = signed_in(request.getfixturevalue(person))
    before = _state()
    assert client.get(_url("return_change_start", submitted)).status_code == status
    assert client.post(_url("return_change_start", submitted), {"reason": REASON}).status_code == status
    assert _state() == before and mailoutbox == []


def test_it_sends_anonymous_visitors_to_sign_in(client, submitted):
    before = _state()
    for response in (
        client.get(_url("return_change_start", submitted)),
        client.post(_url("return_change_start", submitted), {"reason": REASON}),
    ):
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    assert _state() == before


def test_it_refuses_to_change_a_return_once_the_window_is_closed(signed_in, la_officer, programme_staff):
    closed = submitted_in_closed_window(la_officer, quarter(1), programme_staff)
    before = _state()
    with pytest.raises(services.ReturnRefused, match="window for this quarter is closed"):
        _change(closed, la_officer)
    client = signed_in(la_officer)
    detail = client.get(detail_url(closed)).content.decode()
    assert _url("return_change_start", closed) not in detail and "Ask programme staff to reopen it" in detail
    for response in (
        client.get(_url("return_change_start", closed), follow=True),
        client.post(_url("return_change_start", closed), {"reason": REASON}, follow=True),
    ):
        assert response.redirect_chain[-1][0] == detail_url(closed)
        assert "The returns window for this quarter is closed" in response.content.decode()
    assert _state() == before


def test_it_refuses_to_start_a_change_twice_or_on_a_draft(signed_in, la_officer, other_la_officer, submitted):
    _change(submitted, la_officer)
    draft = services.return_start(
        local_authority=other_la_officer.local_authority, quarter=quarter(2), by=other_la_officer, now=NOW
    )
    before = _state()
    for quarterly_return, officer, why in (
        (submitted, la_officer, "already open for changes"),
        (draft, other_la_officer, "Only a submitted return can be opened for changes"),
    ):
        with pytest.raises(services.ReturnRefused, match=why):
            _change(quarterly_return, officer)
        response = signed_in(officer).post(_url("return_change_start", quarterly_return), {"reason": REASON})
        assert response.status_code == 302 and response.url == detail_url(quarterly_return)
    assert _state() == before


def test_it_keeps_the_submitted_answers_when_the_window_closes_before_the_change_is_submitted(
    signed_in, la_officer, programme_staff, champion_staff, submitted
):
    changing = _change(submitted, la_officer)
    rate(changing, la_officer, Level.FULL)
    close_window(quarter(2), programme_staff)
    with pytest.raises(services.ReturnRefused, match="closed"):
        services.return_submit(quarterly_return=changing, by=la_officer, now=LATER)
    counted = QuarterlyReturn.objects.counted().get()
    assert counted.submitted_version_of == submitted and _levels(counted) == {Level.EARLY}
    html = signed_in(la_officer).get(detail_url(submitted)).content.decode()
    assert "your answers submitted on 10 October 2013 still count" in html
    assert "Check and submit" not in html and html.count('govuk-tag--orange">Early development') == 33
    # Programme staff may reopen it, so that the changes can be submitted after all.
    services.return_reopen(quarterly_return=changing, reason="Submit your change", by=programme_staff, now=LATER)
    changing.refresh_from_db()
    assert changing.status == REOPENED and QuarterlyReturn.objects.counted().get() == counted
    services.return_submit(quarterly_return=changing, by=la_officer, now=LATER)
    assert _levels(QuarterlyReturn.objects.counted().get()) == {Level.FULL}


# --- Programme staff reopening ----------------------------------------------------------------


def test_it_counts_the_previous_submission_while_a_return_is_reopened(
    signed_in, la_officer, programme_staff, mailoutbox, django_capture_on_commit_callbacks
):
    submitted = submitted_in_closed_window(la_officer, quarter(1), programme_staff, level=Level.EARLY)
    with django_capture_on_commit_callbacks(execute=True):
        services.return_reopen(quarterly_return=submitted, reason="Check health", by=programme_staff, now=NOW)
    submitted.refresh_from_db()
    kept = QuarterlyReturn.objects.counted().get()
    assert submitted.status == REOPENED and kept.submitted_version_of == submitted and _levels(kept) == {Level.EARLY}
    assert "keep counting the answers you submitted on 10 October 2013" in mailoutbox[0].body
    report = levels_report(quarter=quarter(1), population=Population.ALL, region=None)
    assert report.areas == 1
    assert "bolton" not in set(services.las_missing(quarter(1)).values_list("slug", flat=True))
    html = signed_in(programme_staff).get(detail_url(submitted)).content.decode()
    assert "Reopened for correction" in html and "submitted on 10 October 2013 still count" in html

    rate(submitted, la_officer, Level.PARTIAL, now=LATER)
    assert _levels(QuarterlyReturn.objects.counted().get()) == {Level.EARLY}
    services.return_submit(quarterly_return=submitted, by=la_officer, now=LATER)
    assert list(QuarterlyReturn.objects.counted()) == [submitted] and _levels(submitted) == {Level.PARTIAL}
    assert QuarterlyReturn._base_manager.count() == 1


def test_it_lets_programme_staff_reopen_a_return_being_changed_and_keeps_one_copy(
    la_officer, programme_staff, submitted
):
    _change(submitted, la_officer)
    services.return_reopen(quarterly_return=submitted, reason="Take your time", by=programme_staff, now=LATER)
    submitted.refresh_from_db()
    assert submitted.status == REOPENED
    assert QuarterlyReturn._base_manager.filter(submitted_version_of=submitted).count() == 1
    with pytest.raises(services.ReturnRefused, match="Only a submitted return can be reopened"):
        services.return_reopen(quarterly_return=submitted, reason="Again", by=programme_staff, now=LATER)


def test_it_lets_the_database_count_one_version_per_la_and_quarter(la_officer, submitted):
    kept = QuarterlyReturn(
        local_authority=submitted.local_authority,
        quarter=submitted.quarter,
        status="submitted",
        submitted_version_of=submitted,
        created_by=la_officer,
        created_at=NOW,
        updated_at=NOW,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        kept.save()
