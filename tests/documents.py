"""Small, valid office documents for upload tests, the same bytes every time.

They appear in test ids, and each xdist worker must collect the same ids: a zip entry otherwise
carries the time it was written, so two workers collecting a second apart disagree and the run stops.
"""

import io
import zipfile


def zip_bytes(entries: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2013, 9, 2, 9, 0, 0)), content)
    return buffer.getvalue()


DOCX = zip_bytes({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
ODT = zip_bytes({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office:document/>"})
