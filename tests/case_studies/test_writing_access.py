"""Only the owning champion's staff and programme staff write a case study; everyone else changes nothing."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from case_studies.models import Attachment, CaseStudy
from programme.models import Quarter, Theme
from tests.case_studies.factories import PDF, make_case_study

NOW = datetime.datetime(2013, 10, 10, 9, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def _frozen_with_media(time_machine, settings, tmp_path):
    time_machine.move_to(NOW, tick=False)
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def draft(champion_staff) -> CaseStudy:
    """Greater Manchester Group's draft, with one file."""
    made = make_case_study(created_by=champion_staff, title="Secret draft")
    Attachment.objects.create(
        case_study=made,
        file="uploads/attachment/abc.pdf",
        original_name="plan.pdf",
        content_type="application/pdf",
        size=10,
        uploaded_by=champion_staff,
        uploaded_at=NOW,
    )
    return made


def _form_data() -> dict:
    return {
        "quarter": Quarter.objects.get(number=2).pk,
        "title": "Changed by someone else",
        "themes": [Theme.objects.get(slug="local-offer").pk],
        **dict.fromkeys(("summary", "problem", "approach", "impact", "lessons"), "Changed"),
        "consent_confirmed": "on",
    }


def _requests(case_study: CaseStudy) -> list[tuple[str, str, dict | None]]:
    """Every writing page of the case study, as a GET, and every change, as a POST that would work."""
    url = lambda name, pk=case_study.pk: reverse(f"case_studies:{name}", args=[pk])  # noqa: E731
    return [
        ("get", url("case_study_edit"), None),
        ("post", url("case_study_edit"), _form_data()),
        ("post", url("case_study_submit"), None),
        ("post", url("attachment_add"), {"file": SimpleUploadedFile("x.pdf", PDF)}),
        ("post", url("attachment_remove", case_study.attachments.get().pk), None),
    ]


def _general() -> list[tuple[str, str, dict | None]]:
    return [
        ("get", reverse("case_studies:case_study_list"), None),
        ("get", reverse("case_studies:case_study_create"), None),
        ("post", reverse("case_studies:case_study_create"), _form_data()),
    ]


def _state() -> list:
    case_studies = CaseStudy.objects.order_by("pk").values_list("title", "status", "first_submitted_at")
    return [list(case_studies), list(Attachment.objects.order_by("pk").values_list("pk", "file"))]


def _send(client, method: str, url: str, data):
    return client.post(url, data or {}) if method == "post" else client.get(url)


def test_it_sends_anonymous_visitors_to_sign_in(client, draft):
    before = _state()
    for method, url, data in _general() + _requests(draft):
        response = _send(client, method, url, data)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("accounts:login")), url
    assert _state() == before


@pytest.mark.parametrize("person", ["la_officer", "other_la_officer"])
def test_it_refuses_la_officers(request, signed_in, draft, person):
    client = signed_in(request.getfixturevalue(person))
    before = _state()
    for method, url, data in _general() + _requests(draft):
        assert _send(client, method, url, data).status_code == 403, url
    assert _state() == before


@pytest.mark.parametrize("status,expected", [("draft", 404), ("returned", 404), ("submitted", 404), ("published", 403)])
def test_it_does_not_reveal_a_case_study_to_another_champions_staff(
    signed_in, other_champion_staff, draft, status, expected
):
    """Unpublished: not found, as if it did not exist. Published, so anyone may read it: refused."""
    CaseStudy.objects.filter(pk=draft.pk).update(status=status)
    client = signed_in(other_champion_staff)
    before = _state()
    for method, url, data in _requests(draft):
        response = _send(client, method, url, data)
        assert response.status_code == expected, url
        assert b"Secret draft" not in response.content
    assert _state() == before
    assert b"Secret draft" not in client.get(reverse("case_studies:case_study_list")).content


def test_it_lets_the_champions_staff_and_programme_staff_work_on_it(signed_in, champion_staff, programme_staff, draft):
    for person in (champion_staff, programme_staff):
        client = signed_in(person)
        for method, url, _data in _general() + _requests(draft):
            if method == "get":
                assert client.get(url).status_code == 200, url
        assert b"Secret draft" in client.get(reverse("case_studies:case_study_list")).content
    response = signed_in(programme_staff).post(reverse("case_studies:case_study_edit", args=[draft.pk]), _form_data())
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Changed by someone else"


def test_it_gives_404_for_an_unknown_case_study_or_file(signed_in, champion_staff):
    client = signed_in(champion_staff)
    assert client.get(reverse("case_studies:case_study_edit", args=[999999])).status_code == 404
    assert client.post(reverse("case_studies:attachment_remove", args=[999999])).status_code == 404
