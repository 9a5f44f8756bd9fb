"""Files in the library: a case study's attachments go only to those who may see the case study (by
direct URL too), and a published resource's file or link to anyone."""

import pytest
from django.urls import reverse

from case_studies.models import CaseStudy
from tests.case_studies.library_factories import PUBLISHED_AT, make_attachment, make_case_study, make_resource

UNPUBLISHED = ["draft", "submitted", "returned", "approved"]
CONTENT = b"%PDF-1.4\nthe pathway map\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _url(attachment) -> str:
    return reverse("case_studies:attachment_download", args=[attachment.pk])


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def _attachment_of(case_study: CaseStudy, **fields):
    return make_attachment(case_study, name="Pathway map.pdf", content=CONTENT, **fields)


def test_it_serves_an_attachment_of_a_published_case_study_to_anyone(client, champion_staff):
    attachment = _attachment_of(make_case_study(by=champion_staff))

    response = client.get(_url(attachment))

    assert response.status_code == 200
    assert _body(response) == CONTENT
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Pathway map.pdf"'
    assert response["Content-Length"] == str(len(CONTENT))
    assert response["X-Content-Type-Options"] == "nosniff"
    # Stored under a random name, not the one it was uploaded with.
    assert "Pathway" not in attachment.file.name


def test_it_serves_it_with_the_content_type_that_was_checked_not_a_guess(client, champion_staff):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
    attachment = make_attachment(
        make_case_study(by=champion_staff), name="Photo.png", content=png, content_type="image/png"
    )
    response = client.get(_url(attachment))
    assert response["Content-Type"] == "image/png"
    assert _body(response) == png


def test_it_encodes_a_filename_that_is_not_plain_ascii(client, champion_staff):
    attachment = make_attachment(make_case_study(by=champion_staff), name="Plan d’action – été.pdf")
    disposition = client.get(_url(attachment))["Content-Disposition"]
    assert disposition == "attachment; filename*=utf-8''Plan%20d%E2%80%99action%20%E2%80%93%20%C3%A9t%C3%A9.pdf"


@pytest.mark.parametrize("status", UNPUBLISHED)
@pytest.mark.parametrize("person", [None, "la_officer", "other_la_officer", "other_champion_staff"])
def test_it_is_a_404_by_direct_url_until_the_case_study_is_published(
    client, signed_in, request, champion_staff, status, person
):
    attachment = _attachment_of(make_case_study(by=champion_staff, status=status))
    browser = signed_in(request.getfixturevalue(person)) if person else client

    response = browser.get(_url(attachment))

    assert response.status_code == 404
    assert CONTENT not in response.content


@pytest.mark.parametrize("status", UNPUBLISHED)
@pytest.mark.parametrize("person", ["champion_staff", "programme_staff"])
def test_it_serves_an_unpublished_attachment_to_its_champion_and_programme_staff(
    signed_in, request, champion_staff, status, person
):
    attachment = _attachment_of(make_case_study(by=champion_staff, status=status))

    response = signed_in(request.getfixturevalue(person)).get(_url(attachment))

    assert response.status_code == 200
    assert _body(response) == CONTENT
    assert "no-cache" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_it_stops_serving_an_attachment_once_the_case_study_is_unpublished(client, champion_staff):
    case_study = make_case_study(by=champion_staff)
    attachment = _attachment_of(case_study)
    assert client.get(_url(attachment)).status_code == 200

    CaseStudy.objects.filter(pk=case_study.pk).update(status=CaseStudy.Status.APPROVED)

    assert client.get(_url(attachment)).status_code == 404


def test_it_is_a_404_for_an_attachment_that_does_not_exist(client, reference_data):
    assert client.get(reverse("case_studies:attachment_download", args=[999])).status_code == 404


def test_it_is_a_404_not_an_error_when_the_stored_file_has_gone(client, champion_staff):
    attachment = _attachment_of(make_case_study(by=champion_staff))
    attachment.file.storage.delete(attachment.file.name)
    assert client.get(_url(attachment)).status_code == 404


def test_it_refuses_a_post(client, champion_staff):
    attachment = _attachment_of(make_case_study(by=champion_staff))
    assert client.post(_url(attachment)).status_code == 405


# --- Resources ---------------------------------------------------------------------------------


def _resource_url(resource) -> str:
    return reverse("case_studies:resource_download", args=[resource.pk])


def test_it_serves_a_published_resource_file_to_anyone(client, programme_staff):
    resource = make_resource(by=programme_staff, file=CONTENT)

    response = client.get(_resource_url(resource))

    assert response.status_code == 200
    assert _body(response) == CONTENT
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Tool.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_it_sends_people_to_the_link_of_a_resource_with_no_file(client, champion_staff):
    resource = make_resource(by=champion_staff, link="https://www.example.org/toolkit")
    response = client.get(_resource_url(resource))
    assert response.status_code == 302
    assert response["Location"] == "https://www.example.org/toolkit"


@pytest.mark.parametrize("file", [CONTENT, None])
def test_it_is_a_404_for_a_removed_resource(client, signed_in, programme_staff, file):
    resource = make_resource(by=programme_staff, file=file, removed_at=PUBLISHED_AT)
    assert client.get(_resource_url(resource)).status_code == 404
    assert signed_in(programme_staff).get(_resource_url(resource)).status_code == 404


def test_it_is_a_404_for_a_resource_that_does_not_exist(client, reference_data):
    assert client.get(reverse("case_studies:resource_download", args=[999])).status_code == 404
