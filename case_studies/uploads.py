"""Uploaded files are checked by what they contain, not only by their names."""

import zipfile

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
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype") == b"application/vnd.oasis.opendocument.text":
                return "odt"
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return "docx"
    except zipfile.BadZipFile:
        return None
    finally:
        upload.seek(0)
    return None


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
