"""Uploaded files (relsafe.core.files): type by content and by parsing, zip limits, names that must
agree, and a validator that only ever accepts or refuses with a message, whatever the bytes."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pypdf import PdfWriter
from pypdf.actions import JavaScript

from relsafe.core import checks, files
from relsafe.core.files import FileRejected, check_upload, sniff
from tests import sample_files

MAGICS = [files.PDF_MAGIC, files.PNG_MAGIC, files.JPEG_MAGIC, files.ZIP_MAGIC]
NAMES = ["a.pdf", "a.png", "a.jpg", "a.docx", "a.xlsx", "a.txt", "noextension"]
VALID = {
    "a.pdf": sample_files.pdf_bytes(),
    "a.docx": sample_files.docx_bytes(),
    "a.xlsx": sample_files.xlsx_bytes(),
    "a.png": sample_files.png_bytes(),
    "a.jpg": sample_files.jpeg_with_exif(),
}


def accepts_or_refuses(name: str, data: bytes, **kwargs: Any) -> files.CheckedFile | None:
    """The validator's whole contract: a checked file, or FileRejected with a message."""
    try:
        return check_upload(name=name, data=data, **kwargs)
    except FileRejected as refused:
        assert str(refused).strip().endswith(".")
        return None


# --- Hypothesis: no bytes crash the validator ------------------------------------------------------


@settings(max_examples=300)
@given(st.sampled_from(NAMES), st.binary(max_size=4096))
def test_random_bytes_are_accepted_or_refused_never_crash(name: str, data: bytes) -> None:
    accepts_or_refuses(name, data)


@settings(max_examples=200)
@given(st.sampled_from(MAGICS), st.sampled_from(NAMES), st.binary(max_size=2048))
def test_known_signatures_followed_by_anything_never_crash(
    magic: bytes, name: str, rest: bytes
) -> None:
    checked = accepts_or_refuses(name, magic + rest)
    # Nothing but a real file of the kind gets through: a signature alone is not enough.
    assert checked is None or checked.file_type in ("png", "jpeg")


def _mutated(original: bytes, data: st.DataObject) -> bytes:
    out = bytearray(original)
    for _ in range(data.draw(st.integers(1, 8))):
        position = data.draw(st.integers(0, len(out) - 1))
        out[position] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(len(out) // 2, len(out)))
    return bytes(out[:cut])


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(VALID)), st.data())
@example(name="a.pdf", data=None)  # the file as it is, unharmed: accepted
def test_damaged_real_files_are_accepted_or_refused_never_crash(
    name: str, data: st.DataObject | None
) -> None:
    original = VALID[name]
    if data is None:
        assert accepts_or_refuses(name, original) is not None
        return
    accepts_or_refuses(name, _mutated(original, data))


@settings(max_examples=200)
@given(st.binary(max_size=2048))
def test_sniff_never_crashes_and_only_names_allowed_types(data: bytes) -> None:
    try:
        kind = sniff(data)
    except FileRejected:
        return
    assert kind in (None, "pdf", "png", "jpeg", "docx", "xlsx")
    if kind is not None:
        assert any(data.startswith(m) for m in MAGICS)


@settings(max_examples=200)
@given(st.binary(max_size=512).filter(lambda b: not any(b.startswith(m) for m in MAGICS)))
def test_bytes_without_a_known_signature_are_not_accepted(data: bytes) -> None:
    assert sniff(data) is None
    with pytest.raises(FileRejected, match="must be a PDF"):
        check_upload(name="file.pdf", data=data or b"x")


@settings(max_examples=200)
@given(st.binary(max_size=512))
def test_a_zip_signature_alone_is_not_an_office_file(rest: bytes) -> None:
    with contextlib.suppress(FileRejected):
        assert sniff(files.ZIP_MAGIC + rest) is None


@settings(max_examples=50)
@given(
    st.sampled_from(["report.pdf", "photo.png", "photo.jpg", "a.docx", "a.xlsx"]),
    st.sampled_from([".exe", ".html", ".svg", ".js", ".png"]),
)
def test_extension_must_agree_with_content(name: str, suffix: str) -> None:
    with pytest.raises(FileRejected, match="does not match"):
        check_upload(name=name + suffix, data=sample_files.pdf_bytes())


@settings(max_examples=100)
@given(st.text(max_size=80))
def test_display_names_never_carry_paths_or_quotes(name: str) -> None:
    shown = files.safe_display_name(name)
    assert shown
    assert "/" not in shown and "\\" not in shown and '"' not in shown
    assert all(c.isprintable() for c in shown)


# --- What is accepted -----------------------------------------------------------------------------


def test_each_allowed_type_is_recognised() -> None:
    assert check_upload(name="a.docx", data=VALID["a.docx"]).file_type == "docx"
    assert check_upload(name="a.xlsx", data=VALID["a.xlsx"]).file_type == "xlsx"
    assert check_upload(name="a.PNG", data=VALID["a.png"]).file_type == "png"
    assert check_upload(name="a.jpeg", data=VALID["a.jpg"]).file_type == "jpeg"
    checked = check_upload(name="Letter.pdf", data=VALID["a.pdf"])
    assert checked.file_type == "pdf"
    assert checked.data == VALID["a.pdf"]  # documents are kept as sent
    assert checked.content_type == "application/pdf"


def test_a_caller_can_allow_pictures_only() -> None:
    """The evidence log's photos: the same checks, a narrower list."""
    with pytest.raises(FileRejected, match="must be a PNG or JPEG file"):
        check_upload(name="a.pdf", data=VALID["a.pdf"], allowed=files.IMAGE_TYPES)
    assert check_upload(name="a.png", data=VALID["a.png"], allowed=files.IMAGE_TYPES)


# --- PDFs are parsed ------------------------------------------------------------------------------


def test_html_dressed_as_a_pdf_is_refused() -> None:
    """The security review's probe: the right first bytes, HTML inside."""
    fake = b"%PDF-1.7\n<html><body><script>alert(document.cookie)</script></body></html>"
    assert sniff(fake) == "pdf"
    with pytest.raises(FileRejected, match="The PDF could not be read"):
        check_upload(name="letter.pdf", data=fake)


@pytest.mark.parametrize("data", [b"%PDF-1.7", b"%PDF-1.4 visit note", b"%PDF-1.7\n%%EOF"])
def test_a_pdf_header_alone_is_not_a_pdf(data: bytes) -> None:
    with pytest.raises(FileRejected, match="could not be read"):
        check_upload(name="a.pdf", data=data)


def test_password_protected_pdf_is_refused() -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    writer.encrypt("secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(FileRejected, match="protected with a password"):
        check_upload(name="a.pdf", data=out.getvalue())


@pytest.mark.parametrize("active", ["script", "embedded file"])
def test_pdf_that_runs_a_script_or_carries_files_is_refused(active: str) -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    if active == "script":
        writer.add_open_action(JavaScript("app.alert(1)"))
    else:
        writer.add_attachment("run.exe", b"MZ")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(FileRejected, match="runs a script or carries other files"):
        check_upload(name="a.pdf", data=out.getvalue())


# --- Office packages are parsed --------------------------------------------------------------------


def test_office_package_whose_main_part_is_not_a_document_is_refused() -> None:
    not_word = sample_files.office_bytes(
        main_type=files.DOCX_MAIN, part="word/document.xml", body="<html><script/></html>"
    )
    broken = sample_files.office_bytes(
        main_type=files.DOCX_MAIN, part="word/document.xml", body="<w:document"
    )
    no_rels = sample_files.office_bytes(
        main_type=files.DOCX_MAIN,
        part="word/document.xml",
        body=f'<w:document xmlns:w="{sample_files.WORD_NS}"/>',
        rels=False,
    )
    for data in (not_word, broken, no_rels):
        with pytest.raises(FileRejected, match="Word or Excel file could not be read"):
            check_upload(name="a.docx", data=data)


def test_entity_expansion_in_an_office_part_is_refused() -> None:
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;">]>'
        f'<w:document xmlns:w="{sample_files.WORD_NS}">&b;</w:document>'
    )
    bomb = sample_files.office_bytes(
        main_type=files.DOCX_MAIN, part="word/document.xml", body=laughs
    )
    with pytest.raises(FileRejected, match="could not be read"):
        check_upload(name="a.docx", data=bomb)


def test_macro_enabled_office_files_are_refused() -> None:
    docm = sample_files.office_bytes(
        main_type="application/vnd.ms-word.document.macroEnabled.main+xml",
        part="word/document.xml",
        body=f'<w:document xmlns:w="{sample_files.WORD_NS}"/>',
    )
    with_vba = sample_files.docx_bytes({"word/vbaProject.bin": b"vba"})
    for data in (docm, with_vba):
        with pytest.raises(FileRejected, match="macros"):
            check_upload(name="a.docx", data=data)


def test_other_zip_files_are_not_accepted() -> None:
    out = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "hello")
    with pytest.raises(FileRejected, match="must be a PDF"):
        check_upload(name="a.docx", data=out.getvalue())


def test_zip_that_unpacks_too_large_is_refused() -> None:
    bomb = sample_files.docx_bytes({"word/media/big.bin": b"\0" * (51 * 1024 * 1024)})
    assert len(bomb) < files.MAX_UPLOAD_BYTES
    with pytest.raises(FileRejected, match="50 MB"):
        check_upload(name="a.docx", data=bomb)


def test_zip_with_too_many_parts_is_refused() -> None:
    many = sample_files.docx_bytes(
        {f"word/p{i}.xml": b"" for i in range(files.MAX_ZIP_MEMBERS + 1)}
    )
    with pytest.raises(FileRejected, match="parts"):
        check_upload(name="a.docx", data=many)


def test_size_limit_and_empty_file() -> None:
    with pytest.raises(FileRejected, match="10 MB"):
        check_upload(name="a.pdf", data=b"%PDF-" + b"0" * files.MAX_UPLOAD_BYTES)
    with pytest.raises(FileRejected, match="empty"):
        check_upload(name="a.pdf", data=b"")


def test_damaged_picture_is_refused() -> None:
    with pytest.raises(FileRejected, match="could not be read"):
        check_upload(name="a.png", data=files.PNG_MAGIC + b"not really a png")


# --- Storage: written after the commit, never before -------------------------------------------------


def _nothing() -> None:
    pass


def _stored(folder: str, name: str) -> bool:
    return files.file_storage().exists(files.storage_name(folder, name))


@pytest.mark.django_db
def test_nothing_is_written_until_the_transaction_commits(
    django_capture_on_commit_callbacks: Any,
) -> None:
    name = files.new_stored_name()
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            files.save_after_commit(folder="test", stored_name=name, data=b"x", on_failure=_nothing)
            assert not _stored("test", name)
        assert not _stored("test", name)
    assert _stored("test", name)
    assert (
        Path(files.file_storage().path(files.storage_name("test", name))).stat().st_mode & 0o777
        == 0o600
    )


@pytest.mark.django_db
def test_a_rolled_back_transaction_writes_nothing(django_capture_on_commit_callbacks: Any) -> None:
    name = files.new_stored_name()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        contextlib.suppress(RuntimeError),
        transaction.atomic(),
    ):
        files.save_after_commit(folder="test", stored_name=name, data=b"x", on_failure=_nothing)
        raise RuntimeError("a later step failed")
    assert callbacks == []
    assert not _stored("test", name)


def test_stored_names_are_random_hex_and_nothing_else() -> None:
    names = {files.new_stored_name() for _ in range(50)}
    assert len(names) == 50
    assert all(len(n) == 48 for n in names)
    for bad in ("../etc/passwd", "a/b", "", "LETTER.pdf"):
        with pytest.raises(ValueError):
            files.storage_name("attachments", bad)


def test_files_may_not_live_where_static_files_are_served(settings: Any) -> None:
    assert checks.files_outside_the_web_root() == []
    settings.MEDIA_ROOT = Path(settings.STATIC_ROOT) / "files"
    errors = checks.files_outside_the_web_root()
    assert [e.id for e in errors] == ["relsafe.E001"]


def test_cleanup_command_without_registered_rows_reports_nothing_to_do(
    capsys: pytest.CaptureFixture[str], db: Any
) -> None:
    call_command("clean_orphan_files")
    assert "0 file(s) with no record" in capsys.readouterr().out
