"""Uploaded files, once for every app: checked by what they contain, kept through Django's storage
API, written only once the database has committed, and handed back only as downloads.

Contact attachments use it today; the evidence log's photos are meant to use it next. An app that
keeps files:

1. checks the upload with :func:`check_upload` (type by content *and* by parsing it: pypdf for PDFs,
   the Office Open XML package structure for DOCX/XLSX, Pillow for pictures, which are re-encoded
   without their EXIF/GPS metadata; size and zip-bomb limits) — :class:`FileRejected` carries a
   message written for the person who chose the file;
2. saves its row with a random name from :func:`new_stored_name` and, in the same transaction, calls
   :func:`save_after_commit`: the bytes reach the storage only after the row commits, so a failed or
   rolled-back save leaves no file behind; if the storage then fails, ``on_failure`` removes the row
   again so no row points at a missing file, and :class:`FileNotStored` is raised;
3. registers its folder and the names its rows hold with :func:`register_stored_files` (from
   ``AppConfig.ready``), so ``manage.py clean_orphan_files`` can find files without a row and rows
   without a file;
4. serves a file only from a view that has already checked access, with :func:`download_response`
   (streamed from the storage, ``Content-Disposition: attachment``, ``nosniff``, sandboxing CSP).

The storage is ``STORAGES["default"]`` (a FileSystemStorage under ``RELSAFE_FILES_DIR`` unless
configured otherwise), never under the web root; nothing ever asks it for a URL.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import secrets
import zipfile
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.db import transaction
from django.http import FileResponse, Http404

from relsafe.core import crypto

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_ZIP_MEMBERS = 500
MAX_IMAGE_PIXELS = 40_000_000
MAX_XML_PART_BYTES = 1024 * 1024  # [Content_Types].xml and _rels/.rels are a few hundred bytes

PDF_MAGIC = b"%PDF-"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"
ZIP_MAGIC = b"PK\x03\x04"

DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
MACRO_MAIN_TYPES = {
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
}
# The main part's root element, in the transitional and the strict (ISO 29500) namespaces.
OFFICE_ROOTS = {
    "docx": {
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}document",
        "{http://purl.oclc.org/ooxml/wordprocessingml/main}document",
    },
    "xlsx": {
        "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}workbook",
        "{http://purl.oclc.org/ooxml/spreadsheetml/main}workbook",
    },
}
_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"

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
ALL_TYPES: frozenset[str] = frozenset(CONTENT_TYPES)
IMAGE_TYPES: frozenset[str] = frozenset({"png", "jpeg"})


class FileRejected(ValueError):
    """The upload is not kept; the message is written for the person who chose the file."""


class FileNotStored(FileRejected):
    """The record was saved but the file storage failed; the record was removed again."""


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed every check: ``data`` is what to store (pictures re-encoded)."""

    file_type: str
    data: bytes

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.file_type]

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


# --- What a file is -------------------------------------------------------------------------------


def _read_member(archive: zipfile.ZipFile, name: str, limit: int) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > limit:
        return None
    with archive.open(info) as member:
        return member.read(limit + 1)[:limit]


def _parse_xml(data: bytes) -> Any:
    """A small XML part, parsed with entity expansion and external references refused."""
    from defusedxml.ElementTree import fromstring

    return fromstring(data)


def _office_main_part(archive: zipfile.ZipFile) -> tuple[str, str] | None:
    """The package's main part and its declared content type, read from ``_rels/.rels`` and
    ``[Content_Types].xml`` as Office itself does (None when either is missing or malformed)."""
    types_xml = _read_member(archive, "[Content_Types].xml", MAX_XML_PART_BYTES)
    rels_xml = _read_member(archive, "_rels/.rels", MAX_XML_PART_BYTES)
    if types_xml is None or rels_xml is None:
        return None
    types = _parse_xml(types_xml)
    rels = _parse_xml(rels_xml)
    if types.tag != f"{_CT_NS}Types" or rels.tag != f"{_REL_NS}Relationships":
        return None
    target = next(
        (
            rel.get("Target", "")
            for rel in rels.iter(f"{_REL_NS}Relationship")
            if rel.get("Type", "").endswith("/officeDocument")
            and rel.get("TargetMode", "Internal") == "Internal"
        ),
        "",
    )
    part = target.lstrip("/")
    if not part:
        return None
    declared = {
        o.get("PartName", "").lstrip("/"): o.get("ContentType", "").strip()
        for o in types.iter(f"{_CT_NS}Override")
    }
    return part, declared.get(part, "")


def _check_zip_limits(members: list[zipfile.ZipInfo]) -> None:
    """Zip bombs: too many parts, or too much once unpacked."""
    if len(members) > MAX_ZIP_MEMBERS:
        raise FileRejected(
            f"The file contains more than {MAX_ZIP_MEMBERS} parts. Save it again and retry."
        )
    if sum(m.file_size for m in members) > MAX_UNCOMPRESSED_BYTES:
        raise FileRejected("The file unpacks to more than 50 MB. Save a smaller copy.")


def _office_type(data: bytes) -> str | None:
    """'docx' or 'xlsx' for an Office Open XML package within the limits, None for any other zip.
    Raises FileRejected for zip bombs, macros and packages that claim to be Office but are not."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return None
    _check_zip_limits(members)
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names:
        return None
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise FileRejected(_MACROS)
    try:
        main = _office_main_part(archive)
    except Exception:  # any failure of a parser on hostile input means "not readable"
        raise FileRejected(_UNREADABLE_OFFICE) from None
    if main is None:
        raise FileRejected(_UNREADABLE_OFFICE)
    part, content_type = main
    if content_type in MACRO_MAIN_TYPES:
        raise FileRejected(_MACROS)
    file_type = {DOCX_MAIN: "docx", XLSX_MAIN: "xlsx"}.get(content_type)
    if file_type is None:
        return None
    if part not in names:
        raise FileRejected(_UNREADABLE_OFFICE)
    _check_office_part(archive, part, file_type)
    return file_type


_UNREADABLE_OFFICE = (
    "The Word or Excel file could not be read. It may be damaged: open it, save it again and retry."
)
_MACROS = "Files with macros cannot be added. Save it as a .docx or .xlsx file without macros."


def _check_office_part(archive: zipfile.ZipFile, part: str, file_type: str) -> None:
    """The main part must be well-formed XML whose root is a Word document or an Excel workbook.
    Parsed as a stream (entities refused), so a large document is read without building it."""
    from defusedxml.ElementTree import iterparse

    try:
        with archive.open(part) as stream:
            root_seen = False
            for event, element in iterparse(stream, events=("start", "end")):
                if not root_seen:
                    if element.tag not in OFFICE_ROOTS[file_type]:
                        raise FileRejected(_UNREADABLE_OFFICE)
                    root_seen = True
                elif event == "end":
                    element.clear()
    except FileRejected:
        raise
    except Exception:  # a parser on hostile input: any failure means "not readable"
        raise FileRejected(_UNREADABLE_OFFICE) from None


_UNREADABLE_PDF = (
    "The PDF could not be read. It may be damaged or not really a PDF: save or print it as a "
    "PDF again and retry."
)


def _pdf_dictionary(value: Any) -> Any:
    """A PDF object resolved to a dictionary, or an empty one (a missing or odd entry)."""
    from pypdf.generic import DictionaryObject

    resolved = value.get_object() if value is not None else None
    return resolved if isinstance(resolved, DictionaryObject) else DictionaryObject()


def _check_pdf(data: bytes) -> None:
    """Open the PDF with pypdf and walk its page tree; refuse one that does not parse, has no
    pages, is locked with a password, or runs a script or carries other files when opened."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise FileRejected(
                "The PDF is protected with a password. Save a copy without the password and retry."
            )
        if len(reader.pages) == 0:
            raise FileRejected(_UNREADABLE_PDF)
        catalogue = _pdf_dictionary(reader.trailer["/Root"])
        names = _pdf_dictionary(catalogue.get("/Names"))
        open_action = _pdf_dictionary(catalogue.get("/OpenAction"))
        active = (
            "/JavaScript" in names
            or "/EmbeddedFiles" in names
            or "/AA" in catalogue
            or (open_action.get("/S") in ("/JavaScript", "/Launch"))
        )
    except FileRejected:
        raise
    except Exception:  # any failure of a parser on hostile input means "not readable"
        raise FileRejected(_UNREADABLE_PDF) from None
    if active:
        raise FileRejected(
            "The PDF runs a script or carries other files when opened, so it cannot be added. "
            "Print it to a new PDF and retry."
        )


def sniff(data: bytes) -> str | None:
    """The allowed type these bytes claim to be, by their signature (and, for a zip, by the
    Office package's declared main part), or None. Raises FileRejected for zip bombs, macros and
    Office packages that do not parse. PDFs and pictures are parsed by :func:`check_upload`."""
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
    except FileRejected:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise FileRejected("The picture could not be read. It may be damaged.") from None
    except Exception:  # a decoder on hostile input: any failure means "not readable"
        raise FileRejected("The picture could not be read. It may be damaged.") from None
    return out.getvalue()


def _kinds_sentence(allowed: Collection[str]) -> str:
    labels = {
        "pdf": "PDF",
        "png": "PNG",
        "jpeg": "JPEG",
        "docx": "Word (.docx)",
        "xlsx": "Excel (.xlsx)",
    }
    names = [labels[t] for t in ("pdf", "png", "jpeg", "docx", "xlsx") if t in allowed]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def check_upload(
    *,
    name: str,
    data: bytes,
    allowed: Collection[str] = ALL_TYPES,
    max_bytes: int = MAX_UPLOAD_BYTES,
) -> CheckedFile:
    """Accept the file only if it is small enough, of an ``allowed`` type by its content, parses
    as that type, and its name's extension agrees; pictures come back without metadata.

    Never raises anything but :class:`FileRejected` for any bytes (tests/core/test_files.py
    checks this with Hypothesis)."""
    if not data:
        raise FileRejected("The selected file is empty.")
    if len(data) > max_bytes:
        raise FileRejected(
            f"The selected file must be smaller than {max_bytes // (1024 * 1024)} MB."
        )
    kinds = _kinds_sentence(allowed)
    try:
        file_type = sniff(data)
    except FileRejected:
        raise
    except Exception:  # the zip reader on hostile input
        file_type = None
    if file_type is None or file_type not in allowed:
        raise FileRejected(f"The selected file must be a {kinds} file.")
    if extension_of(name) not in EXTENSIONS[file_type]:
        raise FileRejected(
            "The file's name does not match what it contains. Check you chose the right file."
        )
    if file_type == "pdf":
        _check_pdf(data)
    elif file_type in IMAGE_TYPES:
        data = strip_image_metadata(data, file_type)
    return CheckedFile(file_type=file_type, data=data)


def read_upload(upload: IO[bytes], *, max_bytes: int = MAX_UPLOAD_BYTES) -> bytes:
    """The upload's bytes, reading one byte past the limit at most, so :func:`check_upload` can
    refuse an oversized file without relsafe holding more than that."""
    return upload.read(max_bytes + 1)


def safe_display_name(name: str) -> str:
    """The name shown and offered on download: no path, no control or quote characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(c for c in base if c.isprintable() and c not in '"<>;')
    return cleaned.strip()[:200] or "attachment"


# --- Where a file is kept ---------------------------------------------------------------------------


def file_storage() -> Storage:
    """The configured default storage (``STORAGES["default"]``)."""
    return default_storage


def new_stored_name() -> str:
    """A random name (48 hex characters) that says nothing about the file or the person."""
    return secrets.token_hex(24)


def storage_name(folder: str, stored_name: str) -> str:
    """The name inside the storage: one folder per kind of file, then the random name."""
    if not stored_name or not all(c in "0123456789abcdef" for c in stored_name):
        raise ValueError("A stored name is the random hex name from new_stored_name().")
    return f"{folder}/{stored_name}"


def _write(folder: str, stored_name: str, data: bytes, *, encrypt: bool = False) -> None:
    name = storage_name(folder, stored_name)
    if encrypt:
        data = crypto.encrypt_bytes(data)
    saved = file_storage().save(name, ContentFile(data))
    if saved != name:  # the storage chose another name: ours was taken, so it is not ours to keep
        file_storage().delete(saved)
        raise FileExistsError(name)


def save_after_commit(
    *,
    folder: str,
    stored_name: str,
    data: bytes,
    on_failure: Callable[[], None],
    encrypt: bool = False,
) -> None:
    """Write ``data`` to the storage once the current transaction commits (as a Fernet token under
    the newest key when ``encrypt``: ``core.crypto``, for files whose leak would endanger someone).

    Call it inside the transaction that saves the file's row. If that transaction rolls back
    (a later check fails, the caller's own transaction is abandoned), nothing is ever written.
    If the storage fails after the commit, ``on_failure`` is called to remove the row again (in
    its own transaction, with its own audit entry) and :class:`FileNotStored` is raised, so no
    row is left pointing at a missing file. Outside any transaction the write happens at once.
    """

    def write() -> None:
        try:
            _write(folder, stored_name, data, encrypt=encrypt)
        except Exception as error:
            logger.exception(
                "Storing %s failed; removing its record", storage_name(folder, stored_name)
            )
            on_failure()
            raise FileNotStored(
                "The file could not be saved, so it was not added. Try again; if it keeps "
                "happening, tell your administrator."
            ) from error

    transaction.on_commit(write)


def delete_after_commit(*, folder: str, stored_name: str) -> None:
    """Delete the file once the transaction that deleted its row commits (never before, so a
    rolled-back delete keeps both)."""

    def delete() -> None:
        try:
            file_storage().delete(storage_name(folder, stored_name))
        except Exception:  # the row is gone; clean_orphan_files will find the file
            logger.exception("Deleting %s failed", storage_name(folder, stored_name))

    transaction.on_commit(delete)


def read_stored(*, folder: str, stored_name: str, encrypted: bool = False) -> bytes:
    """A stored file's bytes (decrypted when it was saved encrypted); FileNotFoundError/OSError
    when it is missing."""
    with file_storage().open(storage_name(folder, stored_name), "rb") as handle:
        data = handle.read()
    return crypto.decrypt_bytes(data) if encrypted else data


def reencrypt_stored(*, folder: str, stored_name: str) -> bool:
    """Rewrite an encrypted file under the newest key (``rotate_encryption_keys``; a file kept
    before encryption at rest is encrypted); False when it already was. On a file system the new bytes replace the old in one rename, so a stopped run
    never leaves a file half-written or missing."""
    name = storage_name(folder, stored_name)
    storage = file_storage()
    with storage.open(name, "rb") as handle:
        token = handle.read()
    if not token.startswith(crypto.TOKEN_PREFIX.encode()):
        rotated = crypto.encrypt_bytes(token)  # kept before encryption at rest: encrypt it now
    elif crypto.is_under_newest_key(token.decode("ascii")):
        return False
    else:
        rotated = crypto.rotate_bytes(token)
    try:
        path = storage.path(name)
    except NotImplementedError:  # a remote storage: delete and save again
        storage.delete(name)
        if storage.save(name, ContentFile(rotated)) != name:
            raise FileExistsError(name) from None
        return True
    temporary = f"{path}.rotating"
    with open(temporary, "wb") as out:
        out.write(rotated)
        out.flush()
        os.fsync(out.fileno())
    os.chmod(temporary, os.stat(path).st_mode & 0o777)
    os.replace(temporary, path)
    return True


def download_response(
    *, folder: str, stored_name: str, file_type: str, filename: str, encrypted: bool = False
) -> FileResponse:
    """Stream a stored file as a download. The caller has already decided the person may have it
    (and audited it); this only sends it, never inline, never sniffed, never scriptable. An
    ``encrypted`` file is decrypted in memory (uploads are at most MAX_UPLOAD_BYTES)."""
    try:
        if encrypted:
            handle: Any = io.BytesIO(
                read_stored(folder=folder, stored_name=stored_name, encrypted=True)
            )
        else:
            handle = file_storage().open(storage_name(folder, stored_name), "rb")
    except (FileNotFoundError, OSError):
        raise Http404("The file is missing") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=safe_display_name(filename),
        content_type=CONTENT_TYPES[file_type],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- Which files should exist: the cleanup's registry -------------------------------------------------


@dataclass(frozen=True)
class StoredFileKind:
    """One app's files: the storage folder they live in and the stored names its rows hold."""

    folder: str
    label: str
    stored_names: Callable[[], Iterable[str]]


_KINDS: dict[str, StoredFileKind] = {}


def register_stored_files(
    *, folder: str, label: str, stored_names: Callable[[], Iterable[str]]
) -> None:
    """Declare a folder of kept files and how to list the names its rows point at (called from
    ``AppConfig.ready``), so core can check storage against the database without importing the
    app."""
    _KINDS[folder] = StoredFileKind(folder=folder, label=label, stored_names=stored_names)


def registered_kinds() -> list[StoredFileKind]:
    return sorted(_KINDS.values(), key=lambda k: k.folder)


@dataclass
class StorageReport:
    """Files kept with no row (``orphan_files``, storage names) and rows whose file is missing
    (``missing_files``, by folder label and stored name)."""

    orphan_files: list[str] = field(default_factory=list)
    missing_files: list[tuple[str, str]] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.orphan_files and not self.missing_files


def check_storage(*, delete_orphans: bool = False) -> StorageReport:
    """Compare every registered folder with the rows that point into it.

    Files are listed *before* the rows are read: a file is only written after its row commits,
    so a file listed first whose row is absent afterwards really has no row. A row whose file is
    missing may be one whose write is still finishing; it is only reported, never changed."""
    storage = file_storage()
    report = StorageReport()
    for kind in registered_kinds():
        try:
            _, listed = storage.listdir(kind.folder)
        except FileNotFoundError:
            listed = []
        expected = set(kind.stored_names())
        for stored in sorted(set(listed) - expected):
            report.orphan_files.append(f"{kind.folder}/{stored}")
        for stored in sorted(expected - set(listed)):
            report.missing_files.append((kind.label, stored))
    if delete_orphans:
        for name in report.orphan_files:
            storage.delete(name)
            report.deleted.append(name)
    return report
