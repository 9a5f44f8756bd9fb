"""Only programme staff review, publish and set deadlines; everyone else is refused and changes nothing."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from case_studies.models import CaseStudy, ReviewEntry
from programme.models import Quarter
from tests.case_studies.factories import submitted

NOW = datetime.datetime(2013, 10, 10, 9, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def waiting(champion_staff) -> CaseStudy:
    return submitted(created_by=champion_staff, title="Waiting for review")


@pytest.fixture
def approved(champion_staff) -> CaseStudy:
    return submitted(created_by=champion_staff, title="Approved, not published", status="approved")


def _requests(waiting: CaseStudy, approved: CaseStudy) -> list[tuple[str, str, dict | None]]:
    """Every review page as a GET, and every change as a POST that would work for programme staff."""
    url = lambda name, pk: reverse(f"case_studies:{name}", args=[pk])  # noqa: E731
    quarter = Quarter.objects.get(number=2)
    return [
        ("get", reverse("case_studies:review_list"), None),
        ("get", reverse("case_studies:quarter_list"), None),
        ("get", url("case_study_review", waiting.pk), None),
        ("post", url("case_study_review", waiting.pk), {"decision": "approve", "comments": ""}),
        ("post", url("case_study_publish", approved.pk), None),
        ("post", url("case_study_unpublish", approved.pk), None),
        ("get", url("quarter_deadline_edit", quarter.pk), None),
        (
            "post",
            url("quarter_deadline_edit", quarter.pk),
            {"deadline_0": "1", "deadline_1": "11", "deadline_2": "2013"},
        ),
    ]


def _state() -> list:
    case_studies = CaseStudy.objects.order_by("pk").values_list("status", "published_at")
    deadlines = Quarter.objects.order_by("pk").values_list("case_study_deadline", flat=True)
    return [list(case_studies), list(deadlines), ReviewEntry.objects.count()]


def _send(client, method: str, url: str, data):
    return client.post(url, data or {}) if method == "post" else client.get(url)


def test_it_sends_anonymous_visitors_to_sign_in(client, waiting, approved):
    before = _state()
    for method, url, data in _requests(waiting, approved):
        response = _send(client, method, url, data)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("accounts:login")), url
    assert _state() == before


@pytest.mark.parametrize("person", ["champion_staff", "other_champion_staff", "la_officer", "other_la_officer"])
def test_it_refuses_everyone_but_programme_staff(request, signed_in, waiting, approved, person):
    client = signed_in(request.getfixturevalue(person))
    before = _state()
    for method, url, data in _requests(waiting, approved):
        response = _send(client, method, url, data)
        assert response.status_code == 403, url
        assert b"Waiting for review" not in response.content
    assert _state() == before


def test_it_lets_programme_staff_in(signed_in, programme_staff, waiting, approved):
    client = signed_in(programme_staff)
    for method, url, data in _requests(waiting, approved):
        response = _send(client, method, url, data)
        assert response.status_code == (200 if method == "get" else 302), url
    waiting.refresh_from_db()
    approved.refresh_from_db()
    # Published, then unpublished: approved again.
    assert (waiting.status, approved.status, approved.published_at) == ("approved", "approved", NOW)
    assert Quarter.objects.get(number=2).case_study_deadline == datetime.date(2013, 11, 1)


def test_it_gives_404_for_an_unknown_case_study_or_quarter(signed_in, programme_staff):
    client = signed_in(programme_staff)
    assert client.get(reverse("case_studies:case_study_review", args=[999999])).status_code == 404
    assert client.get(reverse("case_studies:quarter_deadline_edit", args=[999999])).status_code == 404
