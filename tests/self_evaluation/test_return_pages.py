"""LA officers' self-evaluation pages: the list of returns, starting a return (blank or from the previous
quarter's answers) and a return's own page (task list for its officers, read-only for staff)."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from self_evaluation.models import (
    CdfTheme,
    CostLine,
    Element,
    Level,
    QuarterlyReturn,
    Rating,
    ReturnChange,
)
from tests.self_evaluation.builders import (
    close_window,
    complete,
    detail_url,
    more_quarters,
    officer_of,
    open_window,
    quarter,
    rate,
    start,
    start_url,
    submitted_in_closed_window,
)

LONDON = ZoneInfo("Europe/London")
# The quarter 2 window opens on 7 October 2013 and is due on 14 October.
NOW = datetime.datetime(2013, 10, 10, 9, 0, tzinfo=LONDON)
DEADLINE = datetime.date(2013, 10, 14)
LIST = reverse("self_evaluation:return_list")


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


# --- The list ---------------------------------------------------------------------------------


def test_it_lists_open_quarters_with_their_deadline_and_earlier_returns(signed_in, la_officer, programme_staff):
    first = submitted_in_closed_window(la_officer, quarter(1), programme_staff)
    open_window(quarter(2), programme_staff)
    response = signed_in(la_officer).get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    opened = html.split("Returns open now")[1].split("Earlier returns")[0]
    assert "Quarter 2 2013-14 (July to September 2013)" in opened
    assert "Due by 14 October 2013" in opened
    assert f'href="{start_url(quarter(2))}"' in opened and ">Start<" in opened
    earlier = html.split("Earlier returns")[1]
    assert f'href="{detail_url(first)}"' in earlier
    assert "Quarter 1 2013-14 (April to June 2013)" in earlier
    assert 'govuk-tag--green">Submitted' in earlier and "10 October 2013" in earlier
    assert reverse("self_evaluation:rating_history") in html


def test_it_offers_continue_for_a_draft_and_view_for_a_submitted_return(signed_in, la_officer, programme_staff):
    open_window(quarter(1), programme_staff)
    open_window(quarter(2), programme_staff)
    submitted = complete(la_officer, quarter(1))
    draft = start(la_officer, quarter(2))
    html = signed_in(la_officer).get(LIST).content.decode()
    assert f'href="{detail_url(submitted)}">View' in html
    assert f'href="{detail_url(draft)}">Continue' in html
    assert "None yet." in html


def test_it_says_when_no_returns_are_open(signed_in, la_officer):
    html = signed_in(la_officer).get(LIST).content.decode()
    assert "No returns are open at the moment" in html


def test_it_shows_the_list_only_to_la_officers(client, signed_in, champion_staff, programme_staff):
    assert client.get(LIST).url.startswith(reverse("accounts:login"))
    assert signed_in(champion_staff).get(LIST).status_code == 403
    assert signed_in(programme_staff).get(LIST).status_code == 403


def test_it_lists_returns_in_the_same_number_of_queries_however_many(
    signed_in, la_officer, other_la_officer, programme_staff, query_count
):
    quarters = more_quarters(8)
    for each in quarters[:2]:
        submitted_in_closed_window(la_officer, each, programme_staff)
    client = signed_in(la_officer)
    few = query_count(lambda: client.get(LIST))
    for each in quarters[2:]:
        submitted_in_closed_window(la_officer, each, programme_staff)
    open_window(quarter(1), programme_staff)
    open_window(quarter(2), programme_staff)
    start(la_officer, quarter(2))
    response = client.get(LIST)
    assert len(response.context["others"]) == 8 and len(response.context["open_quarters"]) == 2
    assert query_count(lambda: client.get(LIST)) == few


# --- Starting a return ------------------------------------------------------------------------


def test_it_starts_a_blank_return_when_there_is_no_earlier_one(signed_in, la_officer, programme_staff):
    open_window(quarter(2), programme_staff)
    client = signed_in(la_officer)
    page = client.get(start_url(quarter(2)))
    assert page.status_code == 200 and page.context["form"] is None
    assert "Start the return" in page.content.decode() and "Start from your answers" not in page.content.decode()
    response = client.post(start_url(quarter(2)))
    started = QuarterlyReturn.objects.get(local_authority=la_officer.local_authority, quarter=quarter(2))
    assert response.url == detail_url(started)
    assert (started.status, started.created_by, started.created_at, started.started_from) == (
        "draft",
        la_officer,
        NOW,
        None,
    )
    assert list(started.changes.values_list("action", "by", "at")) == [("started", la_officer.pk, NOW)]


def test_it_offers_the_previous_quarters_answers_and_copies_all_but_the_costs(signed_in, programme_staff):
    officer = officer_of("trafford")
    first = submitted_in_closed_window(officer, quarter(1), programme_staff, level=Level.PARTIAL, evidence="Board")
    open_window(quarter(2), programme_staff)
    client = signed_in(officer)
    html = client.get(start_url(quarter(2))).content.decode()
    assert "Start from your answers for Quarter 1 2013-14 (April to June 2013)" in html
    assert "Costs are not copied" in html and "Start with a blank return" in html
    assert re.search(r'value="previous"\s+checked="checked"', html)

    response = client.post(start_url(quarter(2)), {"start_from": "previous"})
    second = QuarterlyReturn.objects.get(local_authority=officer.local_authority, quarter=quarter(2))
    assert response.url == detail_url(second)
    assert second.started_from == first
    assert set(second.ratings.values_list("level", "evidence")) == {(Level.PARTIAL, "Board")}
    assert second.ratings.count() == Element.objects.count() == 33
    assert (second.assessment_approaches, second.planning_approaches) == (["brought_together"], ["coordinator"])
    assert not second.cost_lines.exists() and second.grant_received is None
    assert CostLine.objects.filter(quarterly_return=first).count() == 15
    assert second.changes.get().note == f"Started from the answers for {quarter(1).label}."


def test_it_starts_blank_when_asked_even_with_an_earlier_return(signed_in, la_officer, programme_staff):
    submitted_in_closed_window(la_officer, quarter(1), programme_staff)
    open_window(quarter(2), programme_staff)
    signed_in(la_officer).post(start_url(quarter(2)), {"start_from": "blank"})
    second = QuarterlyReturn.objects.get(quarter=quarter(2))
    assert second.started_from is None and not second.ratings.exists() and second.assessment_approaches == []


def test_it_asks_how_to_start_and_starts_nothing_without_an_answer(signed_in, la_officer, programme_staff):
    submitted_in_closed_window(la_officer, quarter(1), programme_staff)
    open_window(quarter(2), programme_staff)
    response = signed_in(la_officer).post(start_url(quarter(2)), {"start_from": "sideways"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html and 'href="#id_start_from_1"' in html
    assert (
        "Select how you want to start your return" in signed_in(la_officer).post(start_url(quarter(2))).content.decode()
    )
    assert not QuarterlyReturn.objects.filter(quarter=quarter(2)).exists()


def test_it_finds_no_start_page_unless_the_quarters_window_is_open(signed_in, la_officer, programme_staff):
    client = signed_in(la_officer)
    assert client.get(start_url(quarter(3))).status_code == 404
    open_window(quarter(3), programme_staff)
    close_window(quarter(3), programme_staff)
    assert client.get(start_url(quarter(3))).status_code == 404
    assert client.post(start_url(quarter(3))).status_code == 404
    assert not QuarterlyReturn.objects.exists()


def test_it_goes_to_the_return_that_exists_instead_of_starting_another(signed_in, la_officer, programme_staff):
    open_window(quarter(2), programme_staff)
    existing = start(la_officer, quarter(2))
    client = signed_in(la_officer)
    assert client.get(start_url(quarter(2))).url == detail_url(existing)
    assert client.post(start_url(quarter(2))).url == detail_url(existing)
    assert QuarterlyReturn.objects.count() == 1 and ReturnChange.objects.count() == 1


def test_it_lets_only_la_officers_start_a_return(client, signed_in, champion_staff, programme_staff):
    open_window(quarter(2), programme_staff)
    url = start_url(quarter(2))
    assert client.post(url).url.startswith(reverse("accounts:login"))
    assert signed_in(champion_staff).post(url).status_code == 403
    assert signed_in(programme_staff).post(url).status_code == 403
    assert not QuarterlyReturn.objects.exists()


# --- A return's own page ----------------------------------------------------------------------


def _statuses(response) -> dict[str, str]:
    return {section.title: section.status for section in response.context["sections"]}


def test_it_shows_its_officers_a_task_list_with_each_sections_status(signed_in, la_officer, programme_staff):
    open_window(quarter(2), programme_staff)
    draft = start(la_officer, quarter(2))
    rate(draft, la_officer, elements=Element.objects.filter(theme=CdfTheme.ORGANISATIONAL))
    rate(draft, la_officer, elements=Element.objects.filter(theme=CdfTheme.FAMILIES)[:1])
    response = signed_in(la_officer).get(detail_url(draft))
    assert response.status_code == 200
    assert _statuses(response) == {
        "Organisational engagement and cultural change": "Completed",
        "Engaging and involving families": "In progress",
        "Setting up the infrastructure": "Not started",
        "Assessment and planning approaches": "Not started",
    }
    html = response.content.decode()
    assert "govuk-task-list" in html and "Development costs" not in html
    ratings_url = reverse("self_evaluation:return_ratings", args=[draft.pk, "families"])
    assert f'href="{ratings_url}"' in html
    assert reverse("self_evaluation:return_submit", args=[draft.pk]) in html
    assert "Bolton" in html and "Due by" in html and "14 October 2013" in html and 'govuk-tag--grey">Draft' in html


def test_it_asks_a_pathfinder_for_its_development_costs(signed_in, programme_staff):
    officer = officer_of("manchester")
    open_window(quarter(2), programme_staff)
    draft = start(officer, quarter(2))
    response = signed_in(officer).get(detail_url(draft))
    assert _statuses(response)["Development costs"] == "Not started"
    assert reverse("self_evaluation:return_costs", args=[draft.pk]) in response.content.decode()


def test_it_shows_staff_every_answer_read_only(signed_in, la_officer, champion_staff, programme_staff):
    submitted = submitted_in_closed_window(la_officer, quarter(1), programme_staff, level=Level.FULL, evidence="Agreed")
    for person, reason in (
        (champion_staff, "Bolton is assigned to your champion"),
        (programme_staff, "Only Bolton's officers can change this return"),
    ):
        response = signed_in(person).get(detail_url(submitted))
        assert response.status_code == 200
        html = response.content.decode()
        assert reason in html.replace("&#x27;", "'")
        assert "govuk-task-list" not in html
        assert html.count('govuk-tag--green">Full development') == 33 and "Agreed" in html
        assert "A set of assessments from different agencies brought together" in html
    reopen = reverse("self_evaluation:return_reopen", args=[submitted.pk])
    assert reopen in signed_in(programme_staff).get(detail_url(submitted)).content.decode()
    assert reopen not in signed_in(champion_staff).get(detail_url(submitted)).content.decode()


def test_it_tells_its_officers_why_a_closed_return_cannot_be_changed(signed_in, la_officer, programme_staff):
    submitted = submitted_in_closed_window(la_officer, quarter(1), programme_staff)
    html = signed_in(la_officer).get(detail_url(submitted)).content.decode()
    assert "The returns window for this quarter is closed" in html and "Ask programme staff to reopen it" in html
    assert "govuk-task-list" not in html and "Reopen for correction" not in html


def test_it_shows_a_pathfinders_costs_read_only(signed_in, programme_staff):
    officer = officer_of("trafford")
    submitted = submitted_in_closed_window(officer, quarter(1), programme_staff, grant="2500.5")
    html = signed_in(programme_staff).get(detail_url(submitted)).content.decode()
    assert "£2,500.50" in html and "£350.00" in html and "£250.00" in html


def test_it_hides_a_return_from_other_las_and_other_champions(
    client, signed_in, la_officer, other_la_officer, other_champion_staff, programme_staff
):
    open_window(quarter(2), programme_staff)
    draft = start(la_officer, quarter(2))
    assert client.get(detail_url(draft)).url.startswith(reverse("accounts:login"))
    assert signed_in(other_la_officer).get(detail_url(draft)).status_code == 404
    assert signed_in(other_champion_staff).get(detail_url(draft)).status_code == 404


def test_it_shows_every_change_with_who_when_and_what(signed_in, la_officer, programme_staff):
    open_window(quarter(2), programme_staff)
    draft = start(la_officer, quarter(2))
    governance = Element.objects.get(slug="governance-structures")
    rate(draft, la_officer, Level.PARTIAL, "Board meets monthly", elements=[governance])
    html = signed_in(la_officer).get(detail_url(draft)).content.decode()
    history = html.split("Changes to this return")[1]
    assert "10 October 2013 at 9am" in history and "Lee" in history
    assert "Governance structures: Not rated → Partial development" in history
    assert "Evidence for governance structures: (none) → Board meets monthly" in history
    assert "Started" in history and "Started blank." in history


def test_it_shows_a_return_in_the_same_number_of_queries_however_much_is_answered(
    signed_in, la_officer, champion_staff, programme_staff, query_count
):
    open_window(quarter(2), programme_staff)
    draft = start(la_officer, quarter(2))
    rate(draft, la_officer, elements=Element.objects.all()[:2])
    officer, staff = signed_in(la_officer), None
    few = query_count(lambda: officer.get(detail_url(draft)))
    for level in (Level.PARTIAL, Level.FULL, Level.EARLY):
        rate(draft, la_officer, level, f"Evidence {level}", elements=Element.objects.all()[:8])
    assert draft.ratings.exclude(level="").count() == 8 and draft.changes.count() == 5
    assert query_count(lambda: officer.get(detail_url(draft))) == few
    staff = signed_in(champion_staff)
    staff_few = query_count(lambda: staff.get(detail_url(draft)))
    rate(draft, la_officer, Level.FULL, elements=Element.objects.all())
    assert query_count(lambda: staff.get(detail_url(draft))) == staff_few
    assert Rating.objects.filter(quarterly_return=draft).count() == 33
