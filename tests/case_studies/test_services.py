"""Case studies through the services: writing, submission (late or not), review, files, resources."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from case_studies.models import Attachment, CaseStudy, Resource
from case_studies.services import (
    ReviewRefused,
    attachment_add,
    case_study_approve,
    case_study_create,
    case_study_notice_queue,
    case_study_publish,
    case_study_return,
    case_study_submit,
    case_study_unpublish,
    case_study_update,
    resource_publish,
    resource_remove,
)
from notifications.models import OutboxMessage
from programme.models import Quarter, Theme
from regions.models import LocalAuthority
from tests.documents import DOCX, ODT

# Quarter 2 of 2013-14 ends 30 September 2013; its case studies are due 14 October 2013.
BEFORE_DEADLINE = datetime.datetime(2013, 10, 10, 9, 0, tzinfo=datetime.UTC)
AFTER_DEADLINE = datetime.datetime(2013, 10, 15, 9, 0, tzinfo=datetime.UTC)
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _q2() -> Quarter:
    return Quarter.objects.get(number=2)


def _draft(staff, **fields) -> CaseStudy:
    values = {
        "title": "A single assessment pathway in Wigan",
        "summary": "How Wigan brought assessments together.",
        "problem": "Families told their story many times.",
        "approach": "One co-ordinated assessment.",
        "impact": "Plans in 12 weeks, not 26.",
        "lessons": "Start with the family.",
        "consent_confirmed": True,
        **fields,
    }
    return case_study_create(
        champion=staff.champion,
        quarter=_q2(),
        fields=values,
        themes=Theme.objects.filter(slug="coordinated-assessment-ehc-plans"),
        local_authorities=LocalAuthority.objects.filter(slug="wigan"),
        by=staff,
        now=BEFORE_DEADLINE,
    )


def test_it_uses_a_deadline_14_days_after_the_quarter_unless_one_is_set(reference_data):
    quarter = _q2()
    assert quarter.deadline() == datetime.date(2013, 10, 14)
    quarter.case_study_deadline = datetime.date(2013, 10, 31)
    assert quarter.deadline() == datetime.date(2013, 10, 31)


def test_it_records_an_on_time_submission(champion_staff):
    case_study = case_study_submit(case_study=_draft(champion_staff), by=champion_staff, now=BEFORE_DEADLINE)
    assert (case_study.status, case_study.submitted_late, case_study.first_submitted_at) == (
        "submitted",
        False,
        BEFORE_DEADLINE,
    )
    assert [e.action for e in case_study.history.all()] == ["submitted"]


def test_it_allows_a_late_submission_and_records_it_as_late(champion_staff):
    case_study = case_study_submit(case_study=_draft(champion_staff), by=champion_staff, now=AFTER_DEADLINE)
    assert (case_study.status, case_study.submitted_late) == ("submitted", True)


def test_it_refuses_to_submit_without_consent(champion_staff):
    draft = _draft(champion_staff, consent_confirmed=False)
    with pytest.raises(ReviewRefused, match="agreed to be named"):
        case_study_submit(case_study=draft, by=champion_staff, now=BEFORE_DEADLINE)
    assert CaseStudy.objects.get().status == "draft"


def test_it_goes_round_the_review_cycle_and_notifies_the_champion(
    champion_staff, programme_staff, mailoutbox, django_capture_on_commit_callbacks
):
    case_study = case_study_submit(case_study=_draft(champion_staff), by=champion_staff, now=BEFORE_DEADLINE)
    with django_capture_on_commit_callbacks(execute=True):
        case_study = case_study_return(
            case_study=case_study, comments="Add the numbers", by=programme_staff, now=BEFORE_DEADLINE
        )
    assert case_study.status == "returned"
    assert mailoutbox[-1].subject == "Case study returned for changes: A single assessment pathway in Wigan"
    assert "Add the numbers" in mailoutbox[-1].body
    case_study = case_study_update(
        case_study=case_study,
        fields={"impact": "Plans in 12 weeks, not 26: 140 families."},
        themes=Theme.objects.all()[:2],
        local_authorities=[],
        now=AFTER_DEADLINE,
    )
    case_study = case_study_submit(case_study=case_study, by=champion_staff, now=AFTER_DEADLINE)
    assert case_study.submitted_late is False  # lateness is judged on the first submission
    with django_capture_on_commit_callbacks(execute=True):
        case_study = case_study_approve(case_study=case_study, comments="", by=programme_staff, now=AFTER_DEADLINE)
        case_study = case_study_publish(case_study=case_study, by=programme_staff, now=AFTER_DEADLINE)
    assert (case_study.status, case_study.published_at) == ("published", AFTER_DEADLINE)
    assert [m.subject.split(":")[0] for m in mailoutbox] == [
        "Case study returned for changes",
        "Case study approved",
        "Case study published",
    ]
    case_study = case_study_unpublish(case_study=case_study, comments="Names", by=programme_staff, now=AFTER_DEADLINE)
    assert case_study.status == "approved"
    actions = [e.action for e in case_study.history.all()]
    assert actions == ["submitted", "returned", "submitted", "approved", "published", "unpublished"]


def test_it_refuses_moves_that_skip_a_step(champion_staff, programme_staff):
    draft = _draft(champion_staff)
    with pytest.raises(ReviewRefused):
        case_study_publish(case_study=draft, by=programme_staff, now=BEFORE_DEADLINE)
    with pytest.raises(ReviewRefused):
        case_study_approve(case_study=draft, comments="", by=programme_staff, now=BEFORE_DEADLINE)
    submitted = case_study_submit(case_study=draft, by=champion_staff, now=BEFORE_DEADLINE)
    with pytest.raises(ReviewRefused):
        case_study_update(
            case_study=submitted, fields={"title": "x"}, themes=[], local_authorities=[], now=BEFORE_DEADLINE
        )
    assert CaseStudy.objects.get().title == "A single assessment pathway in Wigan"


def test_it_sends_each_notice_once_however_often_it_is_queued(
    champion_staff, programme_staff, mailoutbox, django_capture_on_commit_callbacks
):
    case_study = case_study_submit(case_study=_draft(champion_staff), by=champion_staff, now=BEFORE_DEADLINE)
    with django_capture_on_commit_callbacks(execute=True):
        case_study_return(case_study=case_study, comments="More", by=programme_staff, now=BEFORE_DEADLINE)
        for _ in range(3):
            queued = case_study_notice_queue(case_study=case_study, template="case_study_returned", now=BEFORE_DEADLINE)
            assert queued == 0
    assert len(mailoutbox) == 1
    [row] = OutboxMessage.objects.filter(key__startswith=f"case_study_returned:{case_study.pk}:")
    assert row.state == OutboxMessage.State.SENT


@pytest.mark.parametrize(
    "name,content,content_type",
    [
        ("report.pdf", PDF, "application/pdf"),
        ("Photo.PNG", PNG, "image/png"),
        ("notes.docx", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("notes.odt", ODT, "application/vnd.oasis.opendocument.text"),
    ],
)
def test_it_accepts_files_by_their_content(champion_staff, name, content, content_type):
    attachment = attachment_add(
        case_study=_draft(champion_staff),
        upload=SimpleUploadedFile(name, content),
        by=champion_staff,
        now=BEFORE_DEADLINE,
    )
    assert (attachment.original_name, attachment.content_type, attachment.size) == (name, content_type, len(content))
    assert attachment.file.read() == content
    assert name.lower().rsplit(".", 1)[1] in attachment.file.name  # stored under a random name


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("report.pdf", PNG, "but it is a PNG file"),
        ("virus.pdf", b"MZ\x90\x00" + b"\x00" * 60, "must be a PDF, Word"),
        ("empty.pdf", b"", "empty"),
        ("zip.docx", b"PK\x03\x04not really a zip", "must be a PDF, Word"),
        ("report", PDF, "with no extension"),
    ],
)
def test_it_refuses_files_whose_content_is_wrong_and_stores_nothing(champion_staff, tmp_path, name, content, message):
    draft = _draft(champion_staff)
    with pytest.raises(ValidationError, match=message):
        attachment_add(
            case_study=draft, upload=SimpleUploadedFile(name, content), by=champion_staff, now=BEFORE_DEADLINE
        )
    assert not Attachment.objects.exists()
    assert not (tmp_path / "uploads").exists()


def test_it_refuses_an_oversize_file(champion_staff, settings):
    settings.UPLOAD_MAX_BYTES = 20
    with pytest.raises(ValidationError, match="smaller than 20"):
        attachment_add(
            case_study=_draft(champion_staff),
            upload=SimpleUploadedFile("a.pdf", PDF),
            by=champion_staff,
            now=BEFORE_DEADLINE,
        )


def test_it_publishes_resources_for_the_champions_region_or_nationally(champion_staff, programme_staff):
    themes = Theme.objects.filter(slug="local-offer")
    local = resource_publish(
        fields={"title": "Local offer checklist", "description": "d", "link": "https://example.org/checklist"},
        themes=themes,
        upload=None,
        by=champion_staff,
        now=BEFORE_DEADLINE,
    )
    assert (local.region, local.champion) == (champion_staff.champion.region, champion_staff.champion)
    national = resource_publish(
        fields={"title": "Principles of emerging practice", "description": "d", "link": ""},
        themes=themes,
        upload=SimpleUploadedFile("principles.pdf", PDF),
        by=programme_staff,
        now=BEFORE_DEADLINE,
    )
    assert (national.is_national, national.content_type) == (True, "application/pdf")
    resource_remove(resource=local, now=AFTER_DEADLINE)
    resource_remove(resource=local, now=AFTER_DEADLINE + datetime.timedelta(days=1))
    assert list(Resource.objects.published()) == [national]
    assert Resource.objects.get(pk=local.pk).removed_at == AFTER_DEADLINE
