"""Small but real files for upload tests: a PDF pypdf wrote, Office packages laid out as Word and
Excel lay them out, and pictures Pillow drew."""

from __future__ import annotations

import io
import zipfile

from PIL import Image
from pypdf import PdfWriter

DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
WORD_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
EXCEL_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def pdf_bytes(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def office_bytes(
    *,
    main_type: str,
    part: str,
    body: str,
    extra: dict[str, bytes] | None = None,
    rels: bool = True,
) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            f'<Override PartName="/{part}" ContentType="{main_type}"/></Types>',
        )
        if rels:
            archive.writestr(
                "_rels/.rels",
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                f'<Relationship Id="rId1" Type="{OFFICE_DOCUMENT}" Target="{part}"/>'
                "</Relationships>",
            )
        archive.writestr(part, body)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def docx_bytes(extra: dict[str, bytes] | None = None) -> bytes:
    return office_bytes(
        main_type=DOCX_MAIN,
        part="word/document.xml",
        body=f'<w:document xmlns:w="{WORD_NS}"><w:body><w:p><w:r><w:t>Plan</w:t></w:r></w:p>'
        "</w:body></w:document>",
        extra=extra,
    )


def xlsx_bytes() -> bytes:
    return office_bytes(
        main_type=XLSX_MAIN,
        part="xl/workbook.xml",
        body=f'<workbook xmlns="{EXCEL_NS}"><sheets/></workbook>',
    )


def png_bytes(size: tuple[int, int] = (4, 4)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "blue").save(out, format="PNG")
    return out.getvalue()


def jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x0132] = "2026:01:01 10:00:00"  # DateTime
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()
