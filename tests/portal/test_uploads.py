"""case_studies/uploads.py: files accepted or refused by what they contain, not by their names."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from case_studies.uploads import upload_check
from tests.documents import DOCX, ODT, zip_bytes

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
GIF = b"GIF89a" + b"\x00" * 32


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def _refusal(name: str, content: bytes) -> str:
    with pytest.raises(ValidationError) as error:
        upload_check(_upload(name, content))
    return error.value.messages[0]


@pytest.mark.parametrize(
    "name,content,content_type",
    [
        ("plan.pdf", PDF, "application/pdf"),
        ("PLAN.PDF", PDF, "application/pdf"),
        ("chart.png", PNG, "image/png"),
        ("photo.jpg", JPEG, "image/jpeg"),
        ("photo.jpeg", JPEG, "image/jpeg"),
        ("logo.gif", GIF, "image/gif"),
        ("report.docx", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("report.odt", ODT, "application/vnd.oasis.opendocument.text"),
    ],
)
def test_it_accepts_each_allowed_kind_by_its_content(name, content, content_type):
    assert upload_check(_upload(name, content)) == content_type


def test_it_leaves_the_file_at_its_start_so_it_is_stored_whole():
    upload = _upload("report.docx", DOCX)
    upload_check(upload)
    assert upload.tell() == 0
    assert upload.read() == DOCX


@pytest.mark.parametrize(
    "name,content",
    [
        ("plan.pdf", b"<html>not a pdf</html>"),
        ("script.pdf", b"#!/bin/sh\nrm -rf /\n"),
        ("macro.docx", zip_bytes({"xl/workbook.xml": b"<workbook/>"})),  # a zip, but not a Word document
        ("broken.docx", b"PK\x03\x04 this is not really a zip file"),
        ("sheet.odt", zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"})),
    ],
)
def test_it_refuses_content_that_is_none_of_the_allowed_kinds(name, content):
    assert _refusal(name, content) == (
        "The selected file must be a PDF, Word (DOCX), OpenDocument text (ODT), JPEG, PNG or GIF file"
    )


def test_it_refuses_a_name_that_does_not_match_the_content():
    assert _refusal("plan.docx", PDF) == "The selected file's name ends .docx but it is a PDF file"
    assert _refusal("photo.png", JPEG) == "The selected file's name ends .png but it is a JPEG file"


def test_it_refuses_a_name_with_no_extension():
    assert _refusal("plan", PDF) == "The selected file's name ends with no extension but it is a PDF file"


def test_it_refuses_an_empty_file():
    assert _refusal("plan.pdf", b"") == "The selected file is empty"


def test_it_refuses_a_file_over_the_limit_before_reading_it(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    assert _refusal("plan.pdf", PDF + b"\x00" * 1024) == "The file must be smaller than 1.0\xa0KB"
    assert upload_check(_upload("plan.pdf", PDF.ljust(1024, b"\x00"))) == "application/pdf"
