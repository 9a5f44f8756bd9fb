"""Programme staff reopen a submitted return for correction, with a reason the LA's officers are emailed.
A return that is not submitted cannot be reopened; bad input and other roles change nothing."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from programme.models import Quarter
from regions.models import LocalAuthority
from self_evaluation import services
from self_evaluation.models import (
    AssessmentApproach,
    Element,
    Level,
    PlanningApproach,
    QuarterlyReturn,
    ReturnChange,
)

LONDON = ZoneInfo("Europe/London")
NOW = datetime.datetime(2013, 10, 20, 9, 0, tzinfo=LONDON)
REASON = "Your rating for the assessment and planning pathway contradicts your evidence. Please check it."


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def _q(number: int) -> Quarter:
    return Quarter.objects.get(number=number)


def _url(name: str, *args) -> str:
    return reverse(f"self_evaluation:{name}", args=args)


@pytest.fixture
def submitted(programme_staff, la_officer) -> QuarterlyReturn:
    """Bolton's complete return for quarter 2, submitted through the services on 10 October 2013; the window
    closed on 15 October."""
    at = datetime.datetime(2013, 10, 1, 10, 0, tzinfo=LONDON)
    window = services.window_open(quarter=_q(2), deadline=datetime.date(2013, 10, 14), by=programme_staff, now=at)
    bolton = LocalAuthority.objects.get(slug="bolton")
    quarterly_return = services.return_start(local_authority=bolton, quarter=_q(2), by=la_officer, now=at)
    ratings = {element.pk: (Level.EARLY, "") for element in Element.objects.all()}
    services.return_ratings_save(quarterly_return=quarterly_return, ratings=ratings, by=la_officer, now=at)
    services.return_approaches_save(
        quarterly_return=quarterly_return,
        assessment=[AssessmentApproach.SINGLE_EPISODE],
        planning=[PlanningApproach.COORDINATOR],
        by=la_officer,
        now=at,
    )
    done = datetime.datetime(2013, 10, 10, 16, 0, tzinfo=LONDON)
    services.return_submit(quarterly_return=quarterly_return, by=la_officer, now=done)
    services.window_close(window=window, by=programme_staff, now=datetime.datetime(2013, 10, 15, 9, tzinfo=LONDON))
    quarterly_return.refresh_from_db()
    return quarterly_return


@pytest.fixture
def draft(la_officer) -> QuarterlyReturn:
    return QuarterlyReturn.objects.create(
        local_authority=LocalAuthority.objects.get(slug="sunderland"),
        quarter=_q(2),
        created_by=la_officer,
        created_at=NOW,
        updated_at=NOW,
    )


def _state() -> list:
    returns = list(QuarterlyReturn.objects.order_by("pk").values_list("status", "updated_at"))
    return [returns, ReturnChange.objects.count()]


def test_it_asks_why_the_return_needs_correcting(signed_in, programme_staff, submitted):
    response = signed_in(programme_staff).get(_url("return_reopen", submitted.pk))
    html = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 200
    assert "Reopen Bolton's return for correction" in html
    assert "Why does the return need correcting?" in html and 'name="reason"' in html
    assert "10 October 2013" in html and _url("return_detail", submitted.pk) in html


def test_it_reopens_a_submitted_return_and_emails_its_officers(
    signed_in, programme_staff, la_officer, other_la_officer, submitted, mailoutbox, django_capture_on_commit_callbacks
):
    client = signed_in(programme_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("return_reopen", submitted.pk), {"reason": f"  {REASON}  "})
    assert response.status_code == 302 and response.url == _url("window_detail", _q(2).pk)
    submitted.refresh_from_db()
    assert (submitted.status, submitted.updated_at) == (QuarterlyReturn.Status.REOPENED, NOW)
    change = submitted.changes.last()
    assert (change.action, change.note, change.by, change.at) == ("reopened", REASON, programme_staff, NOW)
    assert [message.to for message in mailoutbox] == [[la_officer.email]]
    email = mailoutbox[0]
    assert _q(2).label in email.subject and REASON in email.body
    assert f"http://testserver{_url('return_detail', submitted.pk)}" in email.body
    html = client.get(response.url).content.decode().replace("&#x27;", "'")
    assert f"Bolton's return for {_q(2).label} is reopened for correction. Its officers are emailed" in html
    # Its answers as submitted still count until it is submitted again.
    assert "Bolton" not in html.split('id="missing"')[1].split('id="submitted"')[0]
    submitted_rows = html.split('id="submitted"')[1]
    assert "Submitted (1)" in html
    assert "Reopened for correction" in submitted_rows.split(">Bolton<")[1].split("</tr>")[0]
    assert _url("return_reopen", submitted.pk) not in submitted_rows


@pytest.mark.parametrize(
    "reason,message",
    [
        ("", "Enter why the return needs correcting"),
        ("   \n  ", "Enter why the return needs correcting"),
        ("x" * 2001, "The reason must be 2,000 characters or fewer"),
    ],
)
def test_it_refuses_a_missing_or_too_long_reason_and_changes_nothing(
    signed_in, programme_staff, submitted, mailoutbox, django_capture_on_commit_callbacks, reason, message
):
    before = _state()
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(programme_staff).post(_url("return_reopen", submitted.pk), {"reason": reason})
    html = response.content.decode()
    assert response.status_code == 200 and "<title>Error: " in html
    assert message in html.split('class="govuk-error-summary"')[1]
    assert _state() == before and mailoutbox == []


def test_it_shows_the_error_summary_for_an_empty_post(signed_in, programme_staff, submitted):
    response = signed_in(programme_staff).post(_url("return_reopen", submitted.pk))
    assert response.status_code == 200 and "Enter why the return needs correcting" in response.content.decode()
    assert QuarterlyReturn.objects.get().status == "submitted"


def test_it_accepts_a_reason_of_2000_characters(signed_in, programme_staff, submitted):
    signed_in(programme_staff).post(_url("return_reopen", submitted.pk), {"reason": "x" * 2000})
    assert submitted.changes.last().note == "x" * 2000


def test_it_refuses_to_reopen_a_draft(
    signed_in, programme_staff, draft, mailoutbox, django_capture_on_commit_callbacks
):
    client = signed_in(programme_staff)
    html = client.get(_url("return_reopen", draft.pk)).content.decode()
    assert "This return is draft, not submitted, so there is nothing to reopen." in html
    assert 'name="reason"' not in html
    before = _state()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("return_reopen", draft.pk), {"reason": REASON})
    html = response.content.decode()
    assert response.status_code == 200 and "<title>Error: " in html
    summary = html.split('class="govuk-error-summary"')[1]
    assert "Only a submitted return can be reopened." in summary and 'href="#id_reason"' in summary
    assert _state() == before and mailoutbox == []


def test_it_refuses_to_reopen_a_return_twice(signed_in, programme_staff, submitted):
    client = signed_in(programme_staff)
    client.post(_url("return_reopen", submitted.pk), {"reason": REASON})
    before = _state()
    response = client.post(_url("return_reopen", submitted.pk), {"reason": "Again"})
    assert response.status_code == 200 and "Only a submitted return can be reopened." in response.content.decode()
    assert _state() == before


def test_it_gives_404_for_an_unknown_return(signed_in, programme_staff):
    client = signed_in(programme_staff)
    assert client.get(_url("return_reopen", 999999)).status_code == 404
    assert client.post(_url("return_reopen", 999999), {"reason": REASON}).status_code == 404


def test_it_sends_anonymous_visitors_to_sign_in(client, submitted):
    before = _state()
    for response in (
        client.get(_url("return_reopen", submitted.pk)),
        client.post(_url("return_reopen", submitted.pk), {"reason": REASON}),
    ):
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    assert _state() == before


@pytest.mark.parametrize("person", ["la_officer", "other_la_officer", "champion_staff", "other_champion_staff"])
def test_it_refuses_everyone_but_programme_staff(request, signed_in, submitted, mailoutbox, person):
    """Bolton's own officer and its champion (Greater Manchester Group) included."""
    client = signed_in(request.getfixturevalue(person))
    before = _state()
    assert client.get(_url("return_reopen", submitted.pk)).status_code == 403
    assert client.post(_url("return_reopen", submitted.pk), {"reason": REASON}).status_code == 403
    assert _state() == before and mailoutbox == []
