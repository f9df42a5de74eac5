"""Checking uploaded files by what they contain, not what they are called (ASVS 5.2).

Only PDF, PNG, JPEG, DOCX and XLSX are kept. The type is read from the file's first bytes (and, for
the zip-based Office formats, from the package's declared content types); the name's extension must
agree. Zip packages are also checked for their uncompressed size and number of members, so a small
upload cannot unpack into gigabytes. Images are re-encoded without their metadata, so a photo's
EXIF block (camera, time, GPS position) never reaches the record.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_ZIP_MEMBERS = 500
MAX_IMAGE_PIXELS = 40_000_000

PDF_MAGIC = b"%PDF-"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"
ZIP_MAGIC = b"PK\x03\x04"

DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"

EXTENSIONS = {
    "pdf": {".pdf"},
    "png": {".png"},
    "jpeg": {".jpg", ".jpeg"},
    "docx": {".docx"},
    "xlsx": {".xlsx"},
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class FileRejected(ValueError):
    """The upload is not kept; the message is written for the person who chose the file."""


@dataclass(frozen=True)
class CheckedFile:
    file_type: str
    data: bytes


def _office_type(data: bytes) -> str | None:
    """'docx' or 'xlsx' for an Office Open XML package within the limits, else None."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return None
    if len(members) > MAX_ZIP_MEMBERS:
        raise FileRejected(
            f"The file contains more than {MAX_ZIP_MEMBERS} parts. Save it again and retry."
        )
    if sum(m.file_size for m in members) > MAX_UNCOMPRESSED_BYTES:
        raise FileRejected("The file unpacks to more than 50 MB. Save a smaller copy.")
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names or any(n.endswith("vbaProject.bin") for n in names):
        return None
    info = archive.getinfo("[Content_Types].xml")
    if info.file_size > 1024 * 1024:
        return None
    try:
        declared = archive.read(info).decode("utf-8", errors="replace")
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return None
    if DOCX_MAIN in declared and "word/document.xml" in names:
        return "docx"
    if XLSX_MAIN in declared and "xl/workbook.xml" in names:
        return "xlsx"
    return None


def sniff(data: bytes) -> str | None:
    """The allowed type these bytes really are, or None. Raises FileRejected for zip bombs."""
    if data.startswith(PDF_MAGIC):
        return "pdf"
    if data.startswith(PNG_MAGIC):
        return "png"
    if data.startswith(JPEG_MAGIC):
        return "jpeg"
    if data.startswith(ZIP_MAGIC):
        return _office_type(data)
    return None


def extension_of(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def strip_image_metadata(data: bytes, file_type: str) -> bytes:
    """Re-encode the picture from its pixels only: EXIF, GPS, comments and text chunks are dropped.
    The picture is turned upright first, so dropping the orientation tag does not turn it over."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as probe:
            width, height = probe.size
            if width * height > MAX_IMAGE_PIXELS:
                raise FileRejected("The picture is too large. Send a smaller copy.")
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            upright = ImageOps.exif_transpose(image)
            out = io.BytesIO()
            if file_type == "jpeg":
                upright.convert("RGB").save(out, format="JPEG", quality=90)
            else:
                upright.save(out, format="PNG")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise FileRejected("The picture could not be read. It may be damaged.") from error
    return out.getvalue()


def check_upload(*, name: str, data: bytes) -> CheckedFile:
    """Accept the file only if it is small enough, of an allowed type by content and extension;
    images come back without metadata."""
    if not data:
        raise FileRejected("The selected file is empty.")
    if len(data) > MAX_UPLOAD_BYTES:
        raise FileRejected("The selected file must be smaller than 10 MB.")
    file_type = sniff(data)
    if file_type is None:
        raise FileRejected(
            "The selected file must be a PDF, PNG, JPEG, Word (.docx) or Excel (.xlsx) file."
        )
    if extension_of(name) not in EXTENSIONS[file_type]:
        raise FileRejected(
            "The file's name does not match what it contains. Check you chose the right file."
        )
    if file_type in ("png", "jpeg"):
        data = strip_image_metadata(data, file_type)
    return CheckedFile(file_type=file_type, data=data)


def safe_display_name(name: str) -> str:
    """The name shown and offered on download: no path, no control or quote characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(c for c in base if c.isprintable() and c not in '"<>;')
    return cleaned.strip()[:200] or "attachment"
