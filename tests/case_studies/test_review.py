"""Programme staff review case studies (approve, or return with comments), publish and unpublish them."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from case_studies.models import CaseStudy, ReviewEntry
from case_studies.views.review import PER_PAGE
from programme.models import Quarter, Theme
from regions.models import Champion
from tests.case_studies.factories import case_study, submitted

LONDON = ZoneInfo("Europe/London")
NOW = datetime.datetime(2013, 10, 10, 9, 0, tzinfo=LONDON)
REVIEW_LIST = reverse("case_studies:review_list")


@pytest.fixture(autouse=True)
def _frozen_with_media(time_machine, settings, tmp_path):
    time_machine.move_to(NOW, tick=False)
    settings.MEDIA_ROOT = tmp_path


def _url(name: str, made: CaseStudy) -> str:
    return reverse(f"case_studies:{name}", args=[made.pk])


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _form_data(**overrides) -> dict:
    data = {
        "quarter": Quarter.objects.get(number=2).pk,
        "title": "Joint commissioning in Manchester",
        "themes": [Theme.objects.get(slug="joint-commissioning").pk],
        "summary": "Health and the council bought short breaks together.",
        "problem": "Two budgets, two processes.",
        "approach": "One commissioning plan.",
        "impact": "Shorter waits for short breaks.",
        "lessons": "Start with the shared outcomes.",
        "consent_confirmed": "on",
    }
    return {**data, **overrides}


def test_it_goes_round_the_whole_cycle_with_emails_to_the_champion(
    signed_in, champion_staff, programme_staff, time_machine, mailoutbox, django_capture_on_commit_callbacks
):
    champion = signed_in(champion_staff)
    champion.post(reverse("case_studies:case_study_create"), _form_data())
    made = CaseStudy.objects.get()
    champion.post(_url("case_study_submit", made))
    made.refresh_from_db()
    assert (made.status, made.submitted_late) == ("submitted", False)

    reviewer = Client()
    reviewer.force_login(programme_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer.post(_url("case_study_review", made), {"decision": "return", "comments": "Add the numbers"})
    assert response.url == REVIEW_LIST
    made.refresh_from_db()
    assert made.status == "returned"
    assert [m.to for m in mailoutbox] == [[champion_staff.email]]
    assert mailoutbox[0].subject == "Case study returned for changes: Joint commissioning in Manchester"
    assert "Add the numbers" in mailoutbox[0].body

    page = champion.get(_url("case_study_edit", made)).content.decode()
    assert "Add the numbers" in page.split("History and comments")[1] and "Returned for changes" in page
    time_machine.move_to(NOW + datetime.timedelta(days=7), tick=False)  # after the 14 October deadline
    champion.post(_url("case_study_edit", made), _form_data(impact="Waits down from 12 weeks to 4."))
    champion.post(_url("case_study_submit", made))
    made.refresh_from_db()
    assert (made.status, made.impact, made.submitted_late) == ("submitted", "Waits down from 12 weeks to 4.", False)

    with django_capture_on_commit_callbacks(execute=True):
        reviewer.post(_url("case_study_review", made), {"decision": "approve", "comments": ""})
        reviewer.post(_url("case_study_publish", made))
    made.refresh_from_db()
    assert (made.status, made.published_at) == ("published", NOW + datetime.timedelta(days=7))
    assert [m.subject.split(":")[0] for m in mailoutbox] == [
        "Case study returned for changes",
        "Case study approved",
        "Case study published",
    ]
    assert {tuple(m.to) for m in mailoutbox} == {(champion_staff.email,)}

    response = reviewer.post(_url("case_study_unpublish", made))
    assert _messages(response)[-1:] == [
        "Joint commissioning in Manchester is no longer in the library. It stays approved."
    ]
    made.refresh_from_db()
    assert made.status == "approved" and len(mailoutbox) == 3
    actions = list(made.history.values_list("action", "by__email"))
    assert actions == [
        ("submitted", champion_staff.email),
        ("returned", programme_staff.email),
        ("submitted", champion_staff.email),
        ("approved", programme_staff.email),
        ("published", programme_staff.email),
        ("unpublished", programme_staff.email),
    ]


def test_it_shows_the_case_study_in_full_with_the_decision_form(signed_in, programme_staff, champion_staff):
    made = submitted(created_by=champion_staff, late=True)
    response = signed_in(programme_staff).get(_url("case_study_review", made))
    html = response.content.decode()
    for words in ("What was the problem?", "Families told their story many times.", "Start with the family."):
        assert words in html
    assert "Approve" in html and "Return for changes" in html and "Comments (needed if you return it)" in html
    assert 'govuk-tag--red">Late' in html and "after the deadline of 14 October 2013" in html


def test_it_asks_for_comments_when_returning_and_changes_nothing(
    signed_in, programme_staff, champion_staff, mailoutbox
):
    made = submitted(created_by=champion_staff)
    client = signed_in(programme_staff)
    for data, message in (
        ({"decision": "return", "comments": "   "}, "Enter what needs to change"),
        ({}, "Select whether to approve it or return it for changes"),
        ({"decision": "publish"}, "Select a valid choice"),
    ):
        response = client.post(_url("case_study_review", made), data)
        html = response.content.decode()
        assert response.status_code == 200 and "<title>Error: " in html
        assert message in html.split('class="govuk-error-summary"')[1]
    made.refresh_from_db()
    assert made.status == "submitted" and not made.history.exists() and mailoutbox == []


def test_it_approves_with_optional_comments(signed_in, programme_staff, champion_staff):
    made = submitted(created_by=champion_staff)
    response = signed_in(programme_staff).post(
        _url("case_study_review", made), {"decision": "approve", "comments": "Lovely"}
    )
    assert response.url == _url("case_study_review", made)
    entry = made.history.get()
    assert (entry.action, entry.comments, entry.by, entry.at) == ("approved", "Lovely", programme_staff, NOW)
    html = signed_in(programme_staff).get(response.url).content.decode()
    assert "Publish in the library" in html and 'name="decision"' not in html


@pytest.mark.parametrize("status", ["draft", "returned"])
def test_it_has_nothing_to_review_before_submission(signed_in, programme_staff, champion_staff, status):
    made = submitted(created_by=champion_staff, status=status)
    client = signed_in(programme_staff)
    html = client.get(_url("case_study_review", made)).content.decode()
    assert "nothing to review" in html and 'name="decision"' not in html
    client.post(_url("case_study_review", made), {"decision": "approve"})
    made.refresh_from_db()
    assert made.status == status and not made.history.exists()


def test_it_refuses_to_publish_what_is_not_approved_or_unpublish_what_is_not_published(
    signed_in, programme_staff, champion_staff
):
    made = submitted(created_by=champion_staff)
    client = signed_in(programme_staff)
    response = client.post(_url("case_study_publish", made))
    assert _messages(response) == ["This case study is submitted for review, so it cannot be published."]
    response = client.post(_url("case_study_unpublish", made))
    assert _messages(response)[-1] == "This case study is submitted for review, so it cannot be unpublished."
    made.refresh_from_db()
    assert (made.status, made.published_at) == ("submitted", None) and not made.history.exists()
    assert client.get(_url("case_study_publish", made)).status_code == 405


def test_it_lists_case_studies_waiting_oldest_first_then_approved_ones(signed_in, programme_staff, champion_staff):
    hartlepool = Champion.objects.get(slug="hartlepool")
    newer = submitted(created_by=champion_staff, title="Newer")
    older = submitted(created_by=champion_staff, title="Older", champion=hartlepool)
    approved = submitted(created_by=champion_staff, title="Approved one", status="approved")
    submitted(created_by=champion_staff, title="Already published", status="published")
    submitted(created_by=champion_staff, title="Back with them", status="returned")
    for made, days_ago, action in ((newer, 1, "submitted"), (older, 3, "submitted"), (approved, 2, "approved")):
        at = NOW - datetime.timedelta(days=days_ago)
        ReviewEntry.objects.create(case_study=made, action=action, by=champion_staff, at=at)
    response = signed_in(programme_staff).get(REVIEW_LIST)
    assert [c.title for c in response.context["waiting"]] == ["Older", "Newer"]
    assert [c.title for c in response.context["approved"]] == ["Approved one"]
    html = response.content.decode()
    assert "Already published" not in html and "Back with them" not in html
    assert "7 October 2013" in html and "Hartlepool" in html
    assert _url("case_study_review", older) in html


def test_it_lists_case_studies_for_review_in_a_constant_number_of_queries(
    signed_in, programme_staff, champion_staff, query_count
):
    client = signed_in(programme_staff)
    themes = list(Theme.objects.all()[:2])
    counts = {}
    for total in (5, 200):
        made = CaseStudy.objects.bulk_create(
            case_study(created_by=champion_staff, status=("submitted", "approved")[n % 2], first_submitted_at=NOW)
            for n in range(CaseStudy.objects.count(), total)
        )
        through = CaseStudy.themes.through
        through.objects.bulk_create(through(casestudy=c, theme=t) for c in made for t in themes)
        ReviewEntry.objects.bulk_create(
            ReviewEntry(case_study=c, action=c.status, by=champion_staff, at=NOW) for c in made
        )
        counts[total] = query_count(lambda: client.get(REVIEW_LIST))
        response = client.get(REVIEW_LIST)
        totals = (response.context["waiting_count"], response.context["approved_count"])
        assert totals == (total - total // 2, total // 2)
        shown = len(response.context["waiting"]) + len(response.context["approved"])
        assert shown == min(total, PER_PAGE)  # a page at a time, waiting ones first
    assert counts[5] == counts[200], counts


def test_it_shows_the_review_queue_a_page_at_a_time_at_the_same_size(
    signed_in, programme_staff, champion_staff, query_count
):
    client = signed_in(programme_staff)
    sizes, counts = {}, {}
    for total in (PER_PAGE + 10, 3 * PER_PAGE):
        made = CaseStudy.objects.bulk_create(
            case_study(created_by=champion_staff, status=("submitted", "approved")[n % 2], first_submitted_at=NOW)
            for n in range(CaseStudy.objects.count(), total)
        )
        ReviewEntry.objects.bulk_create(
            ReviewEntry(case_study=c, action=c.status, by=champion_staff, at=NOW) for c in made
        )
        counts[total] = query_count(lambda: client.get(REVIEW_LIST))
        sizes[total] = len(client.get(REVIEW_LIST).content)
    assert counts[PER_PAGE + 10] == counts[3 * PER_PAGE], counts
    assert abs(sizes[3 * PER_PAGE] - sizes[PER_PAGE + 10]) < 0.02 * sizes[PER_PAGE + 10], sizes
    pages = [client.get(REVIEW_LIST, {"page": n}).context for n in (1, 2, 3)]
    assert [len(p["waiting"]) for p in pages] == [PER_PAGE, PER_PAGE // 2, 0]
    assert [len(p["approved"]) for p in pages] == [0, PER_PAGE // 2, PER_PAGE]


@pytest.mark.parametrize("page", ["abc", "99999", "-1", "0", ""])
def test_it_answers_a_bad_page_of_the_review_queue_with_a_page(signed_in, programme_staff, champion_staff, page):
    CaseStudy.objects.bulk_create(
        case_study(created_by=champion_staff, status="submitted", first_submitted_at=NOW) for _ in range(PER_PAGE + 2)
    )
    response = signed_in(programme_staff).get(REVIEW_LIST, {"page": page})
    assert response.status_code == 200 and response.context["page"].number in (1, 2)
