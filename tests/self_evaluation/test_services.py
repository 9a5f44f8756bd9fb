"""Returns windows and quarterly returns: the rules the services keep, and the audit log they write."""

import datetime
from decimal import Decimal

import pytest

from accounts.models import User
from notifications.models import OutboxMessage
from self_evaluation import services
from self_evaluation.models import (
    Agency,
    CdfTheme,
    CostLine,
    Element,
    Level,
    QuarterlyReturn,
    Rating,
    ReturnChange,
    ReturnsWindow,
)
from tests.self_evaluation.builders import complete
from tests.self_evaluation.conftest import DEADLINE, OPENED

NOW = OPENED


def all_levels(level: str = Level.FULL, evidence: str = "") -> dict[int, tuple[str, str]]:
    return dict.fromkeys(Element.objects.values_list("pk", flat=True), (level, evidence))


def zero_costs(grant: str = "0") -> services.Costs:
    return services.Costs(lines={}, grant_received=Decimal(grant))


# --- Windows ----------------------------------------------------------------------------------


def test_it_opens_moves_closes_and_reopens_a_window(q2, programme_staff):
    window = services.window_open(quarter=q2, deadline=DEADLINE, by=programme_staff, now=NOW)
    assert (window.is_open, window.deadline, window.opened_by) == (True, DEADLINE, programme_staff)

    later = DEADLINE + datetime.timedelta(days=7)
    window = services.window_open(quarter=q2, deadline=later, by=programme_staff, now=NOW)
    assert ReturnsWindow.objects.get().deadline == later

    closed_at = NOW + datetime.timedelta(days=10)
    services.window_close(window=window, by=programme_staff, now=closed_at)
    services.window_close(window=window, by=programme_staff, now=closed_at + datetime.timedelta(days=1))
    window.refresh_from_db()
    assert (window.is_open, window.closed_at) == (False, closed_at)

    window = services.window_open(quarter=q2, deadline=later, by=programme_staff, now=closed_at)
    assert window.is_open and window.closed_by is None
    assert ReturnsWindow.objects.count() == 1


# --- Starting a return ------------------------------------------------------------------------


def test_it_refuses_to_start_a_return_when_the_window_is_not_open(q2, la_officer, programme_staff):
    with pytest.raises(services.ReturnRefused):
        services.return_start(local_authority=la_officer.local_authority, quarter=q2, by=la_officer, now=NOW)
    window = services.window_open(quarter=q2, deadline=DEADLINE, by=programme_staff, now=NOW)
    services.window_close(window=window, by=programme_staff, now=NOW)
    with pytest.raises(services.ReturnRefused):
        services.return_start(local_authority=la_officer.local_authority, quarter=q2, by=la_officer, now=NOW)
    assert not QuarterlyReturn.objects.exists()


def test_it_starts_a_blank_draft_once_however_often_it_is_asked(open_q2, q2, la_officer):
    first = services.return_start(local_authority=la_officer.local_authority, quarter=q2, by=la_officer, now=NOW)
    again = services.return_start(local_authority=la_officer.local_authority, quarter=q2, by=la_officer, now=NOW)
    assert first.pk == again.pk
    assert (first.status, first.ratings.count(), first.assessment_approaches) == ("draft", 0, [])
    assert list(first.changes.values_list("action", "note", "by")) == [("started", "Started blank.", la_officer.pk)]


def test_it_starts_from_the_previous_quarter_without_its_costs(q1, q2, trafford_officer, programme_staff):
    services.window_open(quarter=q1, deadline=datetime.date(2013, 7, 14), by=programme_staff, now=NOW)
    earlier = complete(trafford_officer, q1, level=Level.PARTIAL, now=NOW)
    Rating.objects.filter(quarterly_return=earlier, element__slug="local-offer").update(evidence="Draft published")
    services.window_open(quarter=q2, deadline=DEADLINE, by=programme_staff, now=NOW)

    assert services.previous_return(local_authority=trafford_officer.local_authority, quarter=q2) == earlier
    started = services.return_start(
        local_authority=trafford_officer.local_authority, quarter=q2, by=trafford_officer, now=NOW, copy_from=earlier
    )

    assert started.started_from == earlier
    assert set(started.ratings.values_list("level", flat=True)) == {Level.PARTIAL}
    assert started.ratings.count() == Element.objects.count()
    assert started.ratings.get(element__slug="local-offer").evidence == "Draft published"
    assert (started.assessment_approaches, started.planning_approaches) == (["brought_together"], ["coordinator"])
    assert (started.grant_received, started.cost_lines.count()) == (None, 0)
    assert started.status == "draft"
    assert "Quarter 1" in started.changes.get().note


def test_it_refuses_to_start_from_another_las_return(q1, q2, la_officer, other_la_officer, programme_staff):
    services.window_open(quarter=q1, deadline=datetime.date(2013, 7, 14), by=programme_staff, now=NOW)
    theirs = complete(other_la_officer, q1, level=Level.FULL, now=NOW)
    services.window_open(quarter=q2, deadline=DEADLINE, by=programme_staff, now=NOW)
    with pytest.raises(services.ReturnRefused):
        services.return_start(
            local_authority=la_officer.local_authority, quarter=q2, by=la_officer, now=NOW, copy_from=theirs
        )
    assert not QuarterlyReturn.objects.filter(quarter=q2).exists()


# --- Answering --------------------------------------------------------------------------------


def _draft(officer, quarter):
    return services.return_start(local_authority=officer.local_authority, quarter=quarter, by=officer, now=NOW)


def test_it_records_each_rating_change_with_who_when_before_and_after(open_q2, q2, la_officer):
    draft = _draft(la_officer, q2)
    governance = Element.objects.get(slug="governance-structures")
    later = NOW + datetime.timedelta(hours=1)

    services.return_ratings_save(
        quarterly_return=draft, ratings={governance.pk: (Level.EARLY, "")}, by=la_officer, now=NOW
    )
    services.return_ratings_save(
        quarterly_return=draft, ratings={governance.pk: (Level.FULL, "Board meets monthly")}, by=la_officer, now=later
    )
    services.return_ratings_save(
        quarterly_return=draft, ratings={governance.pk: (Level.FULL, "Board meets monthly")}, by=la_officer, now=later
    )

    saved = ReturnChange.objects.filter(quarterly_return=draft, action="saved")
    assert [(c.by, c.at) for c in saved] == [(la_officer, NOW), (la_officer, later)]
    governance_words = {"what": "Governance structures", "before": "Not rated", "after": "Early development"}
    assert saved[0].changes == [{"kind": "rating", **governance_words}]
    evidence = {"what": "Evidence for governance structures", "before": "", "after": "Board meets monthly"}
    assert saved[1].changes == [
        {"kind": "rating", "what": "Governance structures", "before": "Early development", "after": "Full development"},
        {"kind": "evidence", **evidence},
    ]
    assert draft.ratings.get().level == Level.FULL
    draft.refresh_from_db()
    assert draft.updated_at == later


def test_it_keeps_every_element_rated_on_a_submitted_return(open_q2, q2, la_officer):
    submitted = complete(la_officer, q2, level=Level.FULL, now=NOW)
    services.return_change_start(quarterly_return=submitted, reason="A correction", by=la_officer, now=NOW)
    governance = Element.objects.get(slug="governance-structures")
    with pytest.raises(services.ReturnRefused, match="Select how far governance structures has developed"):
        services.return_ratings_save(
            quarterly_return=submitted, ratings={governance.pk: ("", "")}, by=la_officer, now=NOW
        )
    assert submitted.ratings.get(element=governance).level == Level.FULL


def test_it_records_approaches_in_words(open_q2, q2, la_officer):
    draft = _draft(la_officer, q2)
    services.return_approaches_save(
        quarterly_return=draft, assessment=["single_episode"], planning=["none"], by=la_officer, now=NOW
    )
    draft.refresh_from_db()
    assert (draft.assessment_approaches, draft.planning_approaches) == (["single_episode"], ["none"])
    change = draft.changes.get(action="saved")
    assert change.changes == [
        {
            "kind": "approaches",
            "what": "Assessment approaches",
            "before": "Not answered",
            "after": "A single assessment episode supplemented by ad hoc assessments",
        },
        {"kind": "approaches", "what": "Planning approaches", "before": "Not answered", "after": "None of these yet"},
    ]


def test_it_saves_a_pathfinders_costs_by_theme_and_agency_and_logs_only_what_changed(open_q2, q2, trafford_officer):
    draft = _draft(trafford_officer, q2)
    lines = {("organisational", "education"): (Decimal("1500.50"), Decimal("200"))}
    services.return_costs_save(
        quarterly_return=draft,
        costs=services.Costs(lines=lines, grant_received=Decimal("75000")),
        by=trafford_officer,
        now=NOW,
    )
    assert CostLine.objects.filter(quarterly_return=draft).count() == len(CdfTheme) * len(Agency) == 15
    line = CostLine.objects.get(quarterly_return=draft, theme="organisational", agency="education")
    assert (line.financial, line.in_kind, line.total) == (Decimal("1500.50"), Decimal("200"), Decimal("1700.50"))
    draft.refresh_from_db()
    assert draft.grant_received == Decimal("75000")

    lines[("infrastructure", "health")] = (Decimal("10"), Decimal("0"))
    services.return_costs_save(
        quarterly_return=draft,
        costs=services.Costs(lines=lines, grant_received=Decimal("75000")),
        by=trafford_officer,
        now=NOW,
    )
    health = {"what": "Setting up the infrastructure, Health, financial", "before": "£0.00", "after": "£10.00"}
    assert draft.changes.last().changes == [{"kind": "cost", **health}]


@pytest.mark.parametrize("amount", ["-0.01", "12.345", "10000000000"])
def test_it_refuses_costs_that_are_not_pounds_and_pence_and_saves_nothing(open_q2, q2, trafford_officer, amount):
    draft = _draft(trafford_officer, q2)
    lines = {("families", "health"): (Decimal("5"), Decimal(amount))}
    with pytest.raises(services.ReturnRefused, match="pounds and pence"):
        services.return_costs_save(
            quarterly_return=draft,
            costs=services.Costs(lines=lines, grant_received=Decimal(1)),
            by=trafford_officer,
            now=NOW,
        )
    draft.refresh_from_db()
    assert (draft.grant_received, draft.cost_lines.count(), draft.changes.count()) == (None, 0, 1)


def test_it_asks_only_pathfinders_for_costs(open_q2, q2, la_officer):
    draft = _draft(la_officer, q2)
    assert not draft.asks_for_costs
    with pytest.raises(services.ReturnRefused):
        services.return_costs_save(quarterly_return=draft, costs=zero_costs(), by=la_officer, now=NOW)


# --- Submitting, closing and reopening --------------------------------------------------------


def test_it_lists_what_is_missing_and_refuses_to_submit_until_complete(open_q2, q2, trafford_officer):
    draft = _draft(trafford_officer, q2)
    assert services.return_gaps(draft) == [
        ("organisational", "Rate 19 more elements in organisational engagement and cultural change"),
        ("families", "Rate 4 more elements in engaging and involving families"),
        ("infrastructure", "Rate 10 more elements in setting up the infrastructure"),
        ("approaches", "Answer which assessment and planning approaches you use"),
        ("costs", "Give your development costs for the quarter"),
    ]
    with pytest.raises(services.ReturnRefused, match="Rate 19 more"):
        services.return_submit(quarterly_return=draft, by=trafford_officer, now=NOW)
    services.return_ratings_save(quarterly_return=draft, ratings=all_levels(), by=trafford_officer, now=NOW)
    draft = services.return_approaches_save(
        quarterly_return=draft, assessment=["none"], planning=["none"], by=trafford_officer, now=NOW
    )
    assert services.return_gaps(draft) == [("costs", "Give your development costs for the quarter")]
    draft.refresh_from_db()
    assert draft.status == "draft"

    services.return_costs_save(quarterly_return=draft, costs=zero_costs(), by=trafford_officer, now=NOW)
    submitted = services.return_submit(quarterly_return=draft, by=trafford_officer, now=NOW)
    assert (submitted.status, submitted.submitted_at) == ("submitted", NOW)
    assert submitted.changes.last().action == "submitted"
    with pytest.raises(services.ReturnRefused, match="already submitted"):
        services.return_submit(quarterly_return=draft, by=trafford_officer, now=NOW)


def test_it_lets_an_la_change_a_submitted_return_only_while_the_window_is_open(
    open_q2, q2, la_officer, programme_staff
):
    submitted = complete(la_officer, q2, level=Level.FULL, now=NOW)
    governance = Element.objects.get(slug="governance-structures")
    services.return_change_start(quarterly_return=submitted, reason="A correction", by=la_officer, now=NOW)
    services.return_ratings_save(
        quarterly_return=submitted, ratings={governance.pk: (Level.PARTIAL, "")}, by=la_officer, now=NOW
    )
    services.window_close(window=open_q2, by=programme_staff, now=NOW)
    changes_before = ReturnChange.objects.count()

    for attempt in (
        lambda: services.return_ratings_save(
            quarterly_return=submitted, ratings={governance.pk: (Level.FULL, "")}, by=la_officer, now=NOW
        ),
        lambda: services.return_approaches_save(
            quarterly_return=submitted, assessment=["none"], planning=["none"], by=la_officer, now=NOW
        ),
    ):
        with pytest.raises(services.ReturnRefused, match="window for this quarter is closed"):
            attempt()
    assert submitted.ratings.get(element=governance).level == Level.PARTIAL
    assert ReturnChange.objects.count() == changes_before


def test_it_reopens_a_submitted_return_for_correction_after_the_window_closes(
    open_q2, q2, la_officer, programme_staff, mailoutbox, django_capture_on_commit_callbacks
):
    submitted = complete(la_officer, q2, level=Level.FULL, now=NOW)
    draft = _draft(User.objects.get(pk=la_officer.pk), q2)  # the same return
    assert draft.pk == submitted.pk
    services.window_close(window=open_q2, by=programme_staff, now=NOW)

    with django_capture_on_commit_callbacks(execute=True):
        reopened = services.return_reopen(
            quarterly_return=submitted, reason="Health figures were swapped", by=programme_staff, now=NOW
        )
    assert reopened.status == "reopened"
    assert submitted not in QuarterlyReturn.objects.counted()
    assert QuarterlyReturn.objects.counted().get().submitted_version_of == submitted  # as submitted, until resubmitted
    entry = reopened.changes.last()
    assert (entry.action, entry.note, entry.by, entry.at) == (
        "reopened",
        "Health figures were swapped",
        programme_staff,
        NOW,
    )
    assert [m.to for m in mailoutbox] == [[la_officer.email]]
    assert "Health figures were swapped" in mailoutbox[0].body

    governance = Element.objects.get(slug="governance-structures")
    services.return_ratings_save(
        quarterly_return=reopened, ratings={governance.pk: (Level.PARTIAL, "")}, by=la_officer, now=NOW
    )
    resubmitted = services.return_submit(quarterly_return=reopened, by=la_officer, now=NOW)
    assert resubmitted.status == "submitted"
    with pytest.raises(services.ReturnRefused, match="closed"):
        services.return_ratings_save(
            quarterly_return=resubmitted, ratings={governance.pk: (Level.FULL, "")}, by=la_officer, now=NOW
        )


def test_it_reopens_only_a_submitted_return(open_q2, q2, la_officer, programme_staff, mailoutbox):
    draft = _draft(la_officer, q2)
    with pytest.raises(services.ReturnRefused):
        services.return_reopen(quarterly_return=draft, reason="x", by=programme_staff, now=NOW)
    draft.refresh_from_db()
    assert (draft.status, draft.changes.count(), len(mailoutbox)) == ("draft", 1, 0)


def test_it_sends_the_reopened_notice_once_however_often_it_is_queued(
    open_q2, q2, la_officer, programme_staff, mailoutbox, django_capture_on_commit_callbacks
):
    submitted = complete(la_officer, q2, level=Level.FULL, now=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        services.return_reopen(quarterly_return=submitted, reason="Check health", by=programme_staff, now=NOW)
        change = submitted.changes.last()
        for _ in range(3):
            assert services.return_reopened_notice_queue(change=change, now=NOW) == 0
    assert len(mailoutbox) == 1
    [row] = OutboxMessage.objects.filter(key__startswith=f"self_evaluation_reopened:{change.pk}:")
    assert row.state == OutboxMessage.State.SENT


def test_it_counts_an_la_as_missing_until_its_return_is_submitted(open_q2, q2, la_officer, other_la_officer):
    complete(la_officer, q2, level=Level.FULL, now=NOW)
    _draft(other_la_officer, q2)
    missing = set(services.las_missing(q2).values_list("slug", flat=True))
    assert len(missing) == 151
    assert "bolton" not in missing and "sunderland" in missing


def test_it_shows_returns_only_to_the_la_its_champion_and_programme_staff(
    open_q2, q2, la_officer, other_la_officer, champion_staff, other_champion_staff, programme_staff
):
    bolton = complete(la_officer, q2, level=Level.FULL, now=NOW)
    sunderland = complete(other_la_officer, q2, level=Level.FULL, now=NOW)
    assert list(QuarterlyReturn.objects.visible_to(la_officer)) == [bolton]
    assert list(QuarterlyReturn.objects.visible_to(champion_staff)) == [bolton]
    assert list(QuarterlyReturn.objects.visible_to(other_champion_staff)) == [sunderland]
    assert set(QuarterlyReturn.objects.visible_to(programme_staff)) == {bolton, sunderland}


def test_it_records_each_change_to_a_window_and_nothing_for_no_change(q2, programme_staff):
    later = DEADLINE + datetime.timedelta(days=7)
    window = services.window_open(quarter=q2, deadline=DEADLINE, by=programme_staff, now=NOW)
    services.window_open(quarter=q2, deadline=DEADLINE, by=programme_staff, now=NOW)
    services.window_open(quarter=q2, deadline=later, by=programme_staff, now=NOW)
    services.window_close(window=window, by=programme_staff, now=NOW)
    services.window_close(window=window, by=programme_staff, now=NOW)
    services.window_open(quarter=q2, deadline=later, by=programme_staff, now=NOW)
    history = list(window.history.values_list("action", "deadline", "by"))
    assert history == [
        ("opened", DEADLINE, programme_staff.pk),
        ("deadline_changed", later, programme_staff.pk),
        ("closed", later, programme_staff.pk),
        ("reopened", later, programme_staff.pk),
    ]


def test_it_shows_no_returns_to_someone_signed_out(open_q2, q2, la_officer):
    from django.contrib.auth.models import AnonymousUser

    complete(la_officer, q2, level=Level.FULL, now=NOW)
    assert not QuarterlyReturn.objects.visible_to(AnonymousUser()).exists()


def test_it_refuses_a_rating_for_an_element_that_does_not_exist(open_q2, q2, la_officer):
    draft = _draft(la_officer, q2)
    with pytest.raises(services.ReturnRefused):
        services.return_ratings_save(
            quarterly_return=draft, ratings={999_999: (Level.FULL, "")}, by=la_officer, now=NOW
        )
    assert not draft.ratings.exists()
