"""Uploaded files are checked by what they contain, not only by their names."""

import copy
import os
import struct
import zipfile
import zlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

ALLOWED = "a PDF, Word (DOCX), OpenDocument text (ODT), JPEG, PNG or GIF file"
# Detected type -> (the names it may have, the content type we serve it as).
TYPES = {
    "pdf": ({".pdf"}, "application/pdf"),
    "docx": ({".docx"}, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "odt": ({".odt"}, "application/vnd.oasis.opendocument.text"),
    "jpeg": ({".jpg", ".jpeg"}, "image/jpeg"),
    "png": ({".png"}, "image/png"),
    "gif": ({".gif"}, "image/gif"),
}

# Word and OpenDocument files are zips, and a zip can say anything about itself: a 261 KB file can hold
# an entry of 256 MB of zeros, or claim 39 bytes and inflate to 256 MB. So before zipfile reads its
# directory, the end record must declare a directory small enough to parse (zipfile holds about 550
# bytes of memory for each entry); then the entries' declared sizes must be plausible for a document
# of at most UPLOAD_MAX_BYTES; and the one entry read (an ODT's mimetype) is inflated with a hard cap,
# never trusting its header. Nested archives are not opened.
ZIP_MAX_ENTRIES = 10_000
# 10,000 entries with names of 6 characters, 6,900 with names of 30; a real document has a few hundred.
ZIP_MAX_DIRECTORY_BYTES = 512 * 1024
ZIP_MAX_ENTRY_BYTES = 50 * 1024 * 1024
ZIP_MAX_TOTAL_BYTES = 100 * 1024 * 1024
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# What a hostile or damaged zip makes zipfile raise: a bad structure, an encrypted or unsupported entry,
# a corrupt deflate stream, a name that is not the UTF-8 its flag says, an offset before the start.
_BROKEN_ZIP = (zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError, ValueError, OSError, zlib.error)
_END = struct.Struct("<4s4H2LH")  # end of central directory record
_END64 = struct.Struct("<4sQ2H2L4Q")  # Zip64 end of central directory record
_END64_LOCATOR_SIZE = 20


def _detect(upload: UploadedFile) -> str | None:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head.startswith(b"PK\x03\x04"):
        return _detect_office(upload)
    return None


def _detect_office(upload: UploadedFile) -> str | None:
    try:
        if not _directory_fits(upload):
            return None
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            if not _sizes_fit(entries):
                return None
            names = {entry.filename for entry in entries}
            if "mimetype" in names and _read_capped(archive, archive.getinfo("mimetype")) == ODT_MIMETYPE:
                return "odt"
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return "docx"
    except _BROKEN_ZIP:
        return None
    finally:
        upload.seek(0)
    return None


def _directory_fits(upload: UploadedFile) -> bool:
    """Whether the end record zipfile will use declares few enough entries and a small enough directory.

    The record is found as zipfile finds it: at the very end, else the last one in the last 64 KB
    (after a comment), with the Zip64 record just before it taking precedence when there is one.
    """
    upload.seek(0, os.SEEK_END)
    start = max(upload.tell() - _END.size - 0xFFFF, 0)
    upload.seek(start)
    tail = upload.read()
    at = len(tail) - _END.size
    if not (at >= 0 and tail[at : at + 4] == b"PK\x05\x06" and tail[-2:] == b"\0\0"):
        at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < _END.size:
        return False
    entries, directory_bytes = _END.unpack_from(tail, at)[4:6]
    zip64_at = start + at - _END64_LOCATOR_SIZE - _END64.size
    if zip64_at >= 0:
        upload.seek(zip64_at)
        record = upload.read(_END64.size + 4)
        if record[:4] == b"PK\x06\x06" and record[_END64.size :] == b"PK\x06\x07":
            entries, directory_bytes = _END64.unpack_from(record)[7:9]
    return entries <= ZIP_MAX_ENTRIES and directory_bytes <= ZIP_MAX_DIRECTORY_BYTES


def _sizes_fit(entries: list[zipfile.ZipInfo]) -> bool:
    """Whether the directory, now read, has few enough entries declaring plausible sizes."""
    return (
        len(entries) <= ZIP_MAX_ENTRIES
        and all(entry.file_size <= ZIP_MAX_ENTRY_BYTES for entry in entries)
        and sum(entry.file_size for entry in entries) <= ZIP_MAX_TOTAL_BYTES
    )


def _read_capped(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, cap: int = 1024) -> bytes | None:
    """The entry's content if it inflates to at most `cap` bytes and to exactly the size it declares.

    zipfile stops at the declared size, but may inflate far past it first; here it is told the entry is
    `cap + 1` bytes long and asked for that many, a few KB at a time, so no header can make it inflate
    more, and an entry that is longer (or shorter) than it says is refused.
    """
    if entry.file_size > cap:
        return None
    bounded = copy.copy(entry)
    bounded.file_size = cap + 1
    with archive.open(bounded) as stream:
        content = stream.read(cap + 1)
    return content if len(content) == entry.file_size else None


def upload_check(upload: UploadedFile) -> str:
    """The content type to serve the file as, or a ValidationError a person can act on."""
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(f"The file must be smaller than {filesizeformat(settings.UPLOAD_MAX_BYTES)}")
    if upload.size == 0:
        raise ValidationError("The selected file is empty")
    kind = _detect(upload)
    if kind is None:
        raise ValidationError(f"The selected file must be {ALLOWED}")
    names, content_type = TYPES[kind]
    suffix = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if suffix not in names:
        raise ValidationError(
            f"The selected file's name ends {suffix or 'with no extension'} but it is a {kind.upper()} file"
        )
    return content_type
