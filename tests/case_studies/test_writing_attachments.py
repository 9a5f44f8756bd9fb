"""Files on a case study: checked by content, refused with a GOV.UK error and nothing stored, removable."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from case_studies.models import Attachment
from tests.case_studies.factories import PDF, make_case_study, submitted
from tests.documents import DOCX, ODT

NOW = datetime.datetime(2013, 10, 10, 9, 0, tzinfo=ZoneInfo("Europe/London"))
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def _frozen_with_media(time_machine, settings, tmp_path):
    time_machine.move_to(NOW, tick=False)
    settings.MEDIA_ROOT = tmp_path


def _stored(tmp_path) -> list[str]:
    return sorted(path.name for path in tmp_path.rglob("*") if path.is_file())


def _add(client, case_study, name: str, content: bytes):
    url = reverse("case_studies:attachment_add", args=[case_study.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


@pytest.mark.parametrize(
    "name,content,content_type",
    [
        ("Evaluation report.pdf", PDF, "application/pdf"),
        ("notes.docx", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("notes.odt", ODT, "application/vnd.oasis.opendocument.text"),
    ],
)
def test_it_attaches_a_file_checked_by_its_content(signed_in, champion_staff, tmp_path, name, content, content_type):
    draft = make_case_study(created_by=champion_staff)
    client = signed_in(champion_staff)
    response = _add(client, draft, name, content)
    assert response.status_code == 302 and response.url == reverse("case_studies:case_study_edit", args=[draft.pk])
    attachment = Attachment.objects.get()
    assert (attachment.case_study, attachment.original_name, attachment.content_type) == (draft, name, content_type)
    assert (attachment.size, attachment.uploaded_by, attachment.uploaded_at) == (len(content), champion_staff, NOW)
    assert attachment.file.name.startswith("uploads/attachment/") and name not in attachment.file.name
    assert (tmp_path / attachment.file.name).read_bytes() == content
    html = client.get(response.url).content.decode()
    assert f"{name} is attached." in html
    assert reverse("case_studies:attachment_remove", args=[attachment.pk]) in html
    assert f'Remove<span class="govuk-visually-hidden"> {name}</span>' in html


def test_it_shows_the_upload_form_with_its_hint_on_the_edit_page(signed_in, champion_staff):
    draft = make_case_study(created_by=champion_staff)
    html = signed_in(champion_staff).get(reverse("case_studies:case_study_edit", args=[draft.pk])).content.decode()
    form = html.split(f'action="{reverse("case_studies:attachment_add", args=[draft.pk])}"')[1].split("</form>")[0]
    assert 'enctype="multipart/form-data"' in form and 'type="file"' in form
    assert "PDF, Word (DOCX), OpenDocument (ODT), JPEG, PNG or GIF, up to 10 MB" in form
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "two forms on one page must not share an id"


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("report.pdf", PNG, "The selected file&#x27;s name ends .pdf but it is a PNG file"),
        ("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 56, "The selected file must be a PDF, Word (DOCX)"),
        ("empty.pdf", b"", "The selected file is empty"),
        ("big.pdf", PDF + b"x" * 200, "The file must be smaller than 100"),
    ],
    ids=["png-named-pdf", "exe-renamed-pdf", "empty", "oversize"],
)
def test_it_refuses_a_bad_file_with_the_error_summary_and_stores_nothing(
    signed_in, champion_staff, settings, tmp_path, name, content, message
):
    settings.UPLOAD_MAX_BYTES = 100
    draft = make_case_study(created_by=champion_staff)
    response = _add(signed_in(champion_staff), draft, name, content)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    summary = html.split('class="govuk-error-summary"')[1].split("</ul>")[0]
    assert message in summary and 'href="#id_file"' in summary
    field = html.split('id="div_id_file"')[1].split("</div>")[1]
    assert "govuk-error-message" in field and message in field and "govuk-file-upload--error" in field
    assert not Attachment.objects.exists()
    assert _stored(tmp_path) == []


def test_it_asks_for_a_file_when_none_is_chosen(signed_in, champion_staff, tmp_path):
    draft = make_case_study(created_by=champion_staff)
    response = signed_in(champion_staff).post(reverse("case_studies:attachment_add", args=[draft.pk]), {})
    assert response.status_code == 200 and "Select a file" in response.content.decode()
    assert not Attachment.objects.exists()


def test_it_removes_a_file_and_its_stored_copy(signed_in, champion_staff, tmp_path, django_capture_on_commit_callbacks):
    draft = make_case_study(created_by=champion_staff)
    client = signed_in(champion_staff)
    _add(client, draft, "report.pdf", PDF)
    attachment = Attachment.objects.get()
    assert _stored(tmp_path) != []
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("case_studies:attachment_remove", args=[attachment.pk]), follow=True)
    assert "report.pdf is removed." in response.content.decode()
    assert not Attachment.objects.exists()
    assert _stored(tmp_path) == []


def test_it_refuses_to_add_or_remove_files_once_submitted(signed_in, champion_staff, tmp_path):
    made = make_case_study(created_by=champion_staff)
    client = signed_in(champion_staff)
    _add(client, made, "report.pdf", PDF)
    attachment = Attachment.objects.get()
    stored = _stored(tmp_path)
    made.status = "submitted"
    made.save()
    response = client.post(reverse("case_studies:attachment_add", args=[made.pk]), follow=True)
    assert "so it cannot be changed" in response.content.decode()
    response = client.post(reverse("case_studies:attachment_remove", args=[attachment.pk]), follow=True)
    assert "Only a draft or a returned case study can be changed." in response.content.decode()
    assert list(Attachment.objects.all()) == [attachment] and _stored(tmp_path) == stored


def test_it_lists_the_files_of_a_submitted_case_study_without_remove_buttons(signed_in, champion_staff):
    made = submitted(created_by=champion_staff)
    Attachment.objects.create(
        case_study=made,
        file="uploads/attachment/x.pdf",
        original_name="plan.pdf",
        content_type="application/pdf",
        size=len(PDF),
        uploaded_by=champion_staff,
        uploaded_at=NOW,
    )
    html = signed_in(champion_staff).get(reverse("case_studies:case_study_edit", args=[made.pk])).content.decode()
    assert "plan.pdf" in html and "Remove" not in html
