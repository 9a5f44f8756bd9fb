"""Zip bombs and broken archives (issue 13, "Zip bomb"): refused with the usual error, nothing stored, and
checking one costs a few MB of memory, not the size it would inflate to.

Word (DOCX) and OpenDocument (ODT) files are zips; case_studies/uploads.py looks inside them. The bombs
are built here with zipfile, each a few hundred KB to a few MB.
"""

import functools
import io
import re
import struct
import tracemalloc
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from case_studies.models import Attachment
from case_studies.uploads import upload_check
from tests.case_studies.factories import make_case_study

MB = 1024 * 1024
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
DOCX_PARTS = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}
REFUSED = "The selected file must be a PDF, Word (DOCX), OpenDocument text (ODT), JPEG, PNG or GIF file"
MEMORY_LIMIT = 8 * MB


def _archive(entries: dict[str, bytes] | None = None, *, zeros: dict[str, int] | None = None, prefix=b"") -> bytes:
    """A deflated zip of `entries`, then of entries of `zeros[name]` MB of zeros (after `prefix`), deflated as
    they are written, so building one never holds the inflated content."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in (entries or {}).items():
            archive.writestr(name, content)
        for name, size in (zeros or {}).items():
            with archive.open(name, "w") as entry:
                entry.write(prefix)
                for _ in range(size):
                    entry.write(bytes(MB))
    return buffer.getvalue()


# Offsets of each field in a local file header and in a central directory record.
_FIELDS = {
    "flag_bits": ("<H", 6, 8),
    "compress_type": ("<H", 8, 10),
    "crc": ("<L", 14, 16),
    "file_size": ("<L", 22, 24),
}


def _patched(data: bytes, name: str, **fields: int) -> bytes:
    """The archive with `name`'s headers (local and central) saying something else."""
    out = bytearray(data)
    local = zipfile.ZipFile(io.BytesIO(data)).getinfo(name).header_offset
    central = next(
        match.start()
        for match in re.finditer(rb"PK\x01\x02", data)
        if data[match.start() + 46 : match.start() + 46 + len(name)] == name.encode()
    )
    for field, value in fields.items():
        layout, local_at, central_at = _FIELDS[field]
        struct.pack_into(layout, out, local + local_at, value)
        struct.pack_into(layout, out, central + central_at, value)
    return bytes(out)


def _understating_entries(data: bytes, count: int) -> bytes:
    """The archive with its end record saying it has `count` entries."""
    out = bytearray(data)
    end = data.rfind(b"PK\x05\x06")
    struct.pack_into("<HH", out, end + 8, count, count)
    return bytes(out)


def _many_entries(count: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in DOCX_PARTS.items():
            archive.writestr(name, content)
        for number in range(count):
            archive.writestr(f"{number:x}", b"")
    return buffer.getvalue()


@functools.cache
def _bomb(kind: str) -> tuple[str, bytes]:
    """(file name, content) of each kind of bomb; built once per run."""
    if kind == "odt, mimetype of 256 MB of zeros":  # the one in the issue: 261 KB
        return "report.odt", _archive({"content.xml": b"<office/>"}, zeros={"mimetype": 256})
    if kind == "odt, mimetype of 40 MB of zeros, under the caps on declared sizes":
        return "report.odt", _archive(zeros={"mimetype": 40})
    if kind == "odt, mimetype declaring 39 bytes that inflates to 256 MB":
        honest = _archive(zeros={"mimetype": 256}, prefix=ODT_MIMETYPE)
        return "report.odt", _patched(honest, "mimetype", file_size=len(ODT_MIMETYPE), crc=zlib.crc32(ODT_MIMETYPE))
    if kind == "docx, 10,002 entries":
        return "report.docx", _many_entries(10_000)
    if kind == "docx, 10,002 entries, its end record saying 2":  # a directory small enough to read
        return "report.docx", _understating_entries(_many_entries(10_000), 2)
    if kind == "docx, 30,002 entries, its end record saying 2":
        return "report.docx", _understating_entries(_many_entries(30_000), 2)
    if kind == "docx, parts declaring 120 MB in all":
        return "report.docx", _archive(DOCX_PARTS, zeros={f"word/media/image{n}.png": 40 for n in range(3)})
    if kind == "docx, one part declaring 60 MB":
        return "report.docx", _archive(DOCX_PARTS, zeros={"word/media/image1.png": 60})
    if kind == "zip of 16 bombs, named docx":
        inner = _bomb("odt, mimetype of 256 MB of zeros")[1]
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for number in range(16):
                archive.writestr(f"{number}.zip", inner)
        return "report.docx", buffer.getvalue()
    raise ValueError(kind)


BOMBS = [
    "odt, mimetype of 256 MB of zeros",
    "odt, mimetype of 40 MB of zeros, under the caps on declared sizes",
    "odt, mimetype declaring 39 bytes that inflates to 256 MB",
    "docx, 10,002 entries",
    "docx, 10,002 entries, its end record saying 2",
    "docx, 30,002 entries, its end record saying 2",
    "docx, parts declaring 120 MB in all",
    "docx, one part declaring 60 MB",
    "zip of 16 bombs, named docx",
]


def _check_measured(name: str, content: bytes) -> tuple[str | None, int]:
    """What upload_check says (None: accepted) and the most memory Python held while it ran."""
    upload = SimpleUploadedFile(name, content)
    tracemalloc.start()
    try:
        try:
            upload_check(upload)
            message = None
        except ValidationError as error:
            message = error.messages[0]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return message, peak


@pytest.mark.parametrize("kind", BOMBS)
def test_it_refuses_a_zip_bomb_using_a_few_mb_of_memory(kind):
    name, content = _bomb(kind)
    assert len(content) < 5 * MB
    message, peak = _check_measured(name, content)
    assert message == REFUSED
    assert peak < MEMORY_LIMIT, f"{peak / MB:.1f} MB"


def test_it_still_accepts_real_looking_documents_near_the_limits():
    many = _many_entries(9_000)  # 9,002 entries
    large = _archive(DOCX_PARTS, zeros={"word/media/image1.png": 45, "word/media/image2.png": 45})
    odt = _archive({"mimetype": ODT_MIMETYPE, "content.xml": b"<office/>"}, zeros={"Pictures/1.png": 45})
    for name, content in (("many.docx", many), ("large.docx", large), ("large.odt", odt)):
        message, peak = _check_measured(name, content)
        assert message is None, name
        assert peak < MEMORY_LIMIT, f"{name}: {peak / MB:.1f} MB"


def _odt_with_a_deflated_mimetype() -> bytes:
    return _archive({"mimetype": ODT_MIMETYPE, "content.xml": b"<office/>"})


def _garbled_deflate() -> bytes:
    data = _odt_with_a_deflated_mimetype()
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("mimetype")
    start = info.header_offset + 30 + len("mimetype")
    return data[:start] + b"\xff" * info.compress_size + data[start + info.compress_size :]


def _name_not_utf8() -> bytes:
    data = _patched(_odt_with_a_deflated_mimetype(), "content.xml", flag_bits=0x800)
    return data.replace(b"content.xml", b"\xff" * len("content.xml"))


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(lambda: _patched(_odt_with_a_deflated_mimetype(), "mimetype", flag_bits=1), id="encrypted"),
        pytest.param(lambda: _patched(_odt_with_a_deflated_mimetype(), "mimetype", compress_type=99), id="aes"),
        pytest.param(_garbled_deflate, id="garbled-deflate"),
        pytest.param(_name_not_utf8, id="name-not-utf-8"),
        pytest.param(lambda: _odt_with_a_deflated_mimetype()[:-30], id="truncated"),
    ],
)
def test_it_refuses_a_broken_archive_with_the_usual_error(content):
    message, _ = _check_measured("report.odt", content())
    assert message == REFUSED


@pytest.mark.parametrize("kind", BOMBS)
def test_it_shows_the_error_summary_and_stores_nothing_for_a_bomb(signed_in, champion_staff, settings, tmp_path, kind):
    settings.MEDIA_ROOT = tmp_path
    name, content = _bomb(kind)
    draft = make_case_study(created_by=champion_staff)
    url = reverse("case_studies:attachment_add", args=[draft.pk])
    response = signed_in(champion_staff).post(url, {"file": SimpleUploadedFile(name, content)})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    summary = html.split('class="govuk-error-summary"')[1].split("</ul>")[0]
    assert "The selected file must be a PDF, Word (DOCX)" in summary and 'href="#id_file"' in summary
    assert not Attachment.objects.exists()
    assert [path for path in tmp_path.rglob("*") if path.is_file()] == []
