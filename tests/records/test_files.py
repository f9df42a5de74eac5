"""File-type checking by content: allowlisted types only, zip limits, names must agree."""

from __future__ import annotations

import contextlib
import io
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from relsafe.records import files
from relsafe.records.files import FileRejected, check_upload, sniff

MAGICS = [files.PDF_MAGIC, files.PNG_MAGIC, files.JPEG_MAGIC, files.ZIP_MAGIC]


def _office(main_type: str, part: str, extra: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            f'<Types><Override PartName="/{part}" ContentType="{main_type}"/></Types>',
        )
        archive.writestr(part, "<x/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


@settings(deadline=None, max_examples=200)
@given(st.binary(max_size=2048))
def test_sniff_never_crashes_and_only_names_allowed_types(data: bytes) -> None:
    try:
        kind = sniff(data)
    except FileRejected:
        return
    assert kind in (None, "pdf", "png", "jpeg", "docx", "xlsx")
    if kind is not None:
        assert any(data.startswith(m) for m in MAGICS)


@settings(deadline=None, max_examples=200)
@given(st.binary(max_size=512).filter(lambda b: not any(b.startswith(m) for m in MAGICS)))
def test_bytes_without_a_known_signature_are_not_accepted(data: bytes) -> None:
    assert sniff(data) is None
    with pytest.raises(FileRejected):
        check_upload(name="file.pdf", data=data or b"x")


@settings(deadline=None, max_examples=200)
@given(st.binary(max_size=512))
def test_anything_starting_like_a_pdf_is_a_pdf(rest: bytes) -> None:
    assert sniff(files.PDF_MAGIC + rest) == "pdf"


@settings(deadline=None, max_examples=200)
@given(st.binary(max_size=512))
def test_a_zip_signature_alone_is_not_an_office_file(rest: bytes) -> None:
    with contextlib.suppress(FileRejected):
        assert sniff(files.ZIP_MAGIC + rest) is None


@settings(deadline=None, max_examples=200)
@given(
    st.sampled_from(["report.pdf", "photo.png", "photo.jpg", "a.docx", "a.xlsx"]),
    st.sampled_from([".exe", ".html", ".svg", ".js", ".png"]),
)
def test_extension_must_agree_with_content(name: str, suffix: str) -> None:
    with pytest.raises(FileRejected, match="does not match"):
        check_upload(name=name + suffix, data=b"%PDF-1.4 text")


def test_each_allowed_type_is_recognised() -> None:
    docx = _office(files.DOCX_MAIN, "word/document.xml")
    xlsx = _office(files.XLSX_MAIN, "xl/workbook.xml")
    png = io.BytesIO()
    Image.new("RGB", (4, 4)).save(png, format="PNG")
    assert check_upload(name="a.docx", data=docx).file_type == "docx"
    assert check_upload(name="a.xlsx", data=xlsx).file_type == "xlsx"
    assert check_upload(name="a.PNG", data=png.getvalue()).file_type == "png"
    assert check_upload(name="a.pdf", data=b"%PDF-1.7").file_type == "pdf"


def test_macro_enabled_office_files_are_refused() -> None:
    docm = _office("application/vnd.ms-word.document.macroEnabled.main+xml", "word/document.xml")
    with_vba = _office(files.DOCX_MAIN, "word/document.xml", {"word/vbaProject.bin": b"vba"})
    for data in (docm, with_vba):
        with pytest.raises(FileRejected):
            check_upload(name="a.docx", data=data)


def test_zip_that_unpacks_too_large_is_refused() -> None:
    bomb = _office(
        files.DOCX_MAIN, "word/document.xml", {"word/media/big.bin": b"\0" * (51 * 1024 * 1024)}
    )
    assert len(bomb) < files.MAX_UPLOAD_BYTES
    with pytest.raises(FileRejected, match="50 MB"):
        check_upload(name="a.docx", data=bomb)


def test_zip_with_too_many_parts_is_refused() -> None:
    many = _office(
        files.DOCX_MAIN,
        "word/document.xml",
        {f"word/p{i}.xml": b"" for i in range(files.MAX_ZIP_MEMBERS + 1)},
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


@settings(deadline=None, max_examples=200)
@given(st.text(max_size=80))
def test_display_names_never_carry_paths_or_quotes(name: str) -> None:
    shown = files.safe_display_name(name)
    assert shown
    assert "/" not in shown
    assert "\\" not in shown
    assert '"' not in shown
    assert all(c.isprintable() for c in shown)
