"""Signing the evidence log's PDF export, and checking a signed copy.

The PDF is signed with pyHanko (a PAdES-style CMS signature over the whole file) using the key and
certificate named by ``EVIDENCE_SIGNING_KEY`` and ``EVIDENCE_SIGNING_CERT``. What the export covers
(family reference, date range, entries, chain head) is written into the PDF's document information
before signing, so it is covered by the signature too.

:func:`verify_export` accepts a file only if:

* it has exactly one signature, made by the configured certificate, that is cryptographically
  sound and covers the entire file (nothing appended after signing);
* the signature's placeholder holds exactly the signature and zero padding, written as relsafe
  writes it (the only bytes a PDF signature cannot cover, so a change there is refused too);
* it names what it covers.

A changed byte anywhere therefore fails, which ``manage.py verify_evidence_export`` reports.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import io
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

FIELD_NAME = "RelsafeEvidenceLog"
# Document information keys (WeasyPrint writes <meta name="relsafe-family"> as /relsafefamily).
META = {
    "family": "relsafe-family",
    "range": "relsafe-range",
    "entries": "relsafe-entries",
    "chain_head": "relsafe-chain-head",
    "exported_at": "relsafe-exported-at",
}


class SigningUnavailable(RuntimeError):
    """No key and certificate are configured, and making a self-signed pair is switched off."""


def _paths() -> tuple[Path, Path]:
    return Path(settings.EVIDENCE_SIGNING_KEY), Path(settings.EVIDENCE_SIGNING_CERT)


def ensure_signing_pair() -> tuple[Path, Path]:
    """The key and certificate paths, making a self-signed pair first if they are missing and
    ``EVIDENCE_SIGNING_SELF_SIGNED`` allows it (the demo and tests; never production). A lock
    file keeps two processes from writing halves of different pairs."""
    key_path, cert_path = _paths()
    if key_path.exists() and cert_path.exists():
        return key_path, cert_path
    if not settings.EVIDENCE_SIGNING_SELF_SIGNED:
        raise SigningUnavailable(
            "Evidence exports cannot be signed: set EVIDENCE_SIGNING_KEY and "
            "EVIDENCE_SIGNING_CERT to the organisation's key and certificate (PEM files)."
        )
    key_path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = key_path.with_name(key_path.name + ".lock")
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (key_path.exists() and cert_path.exists()):
            key_pem, cert_pem = _self_signed_pair()
            for path, data, mode in ((key_path, key_pem, 0o600), (cert_path, cert_pem, 0o644)):
                temporary = path.with_name(path.name + ".new")
                temporary.write_bytes(data)
                temporary.chmod(mode)
                os.replace(temporary, path)
    return key_path, cert_path


def _self_signed_pair() -> tuple[bytes, bytes]:
    """A demo key (RSA 3072) and a ten-year self-signed certificate for signing documents."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "relsafe demo"),
            x509.NameAttribute(NameOID.COMMON_NAME, "relsafe evidence log exports (self-signed)"),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return key_pem, certificate.public_bytes(serialization.Encoding.PEM)


def sign_pdf(pdf: bytes) -> bytes:
    """The PDF with relsafe's signature over the whole file."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    key_path, cert_path = ensure_signing_pair()
    signer = signers.SimpleSigner.load(str(key_path), str(cert_path))
    if signer is None:
        raise SigningUnavailable("The evidence signing key or certificate could not be read.")
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        reason="Evidence log exported from relsafe",
        location="relsafe",
    )
    output = signers.sign_pdf(writer, meta, signer=signer)
    return bytes(output.getvalue())


@dataclass
class ExportCheck:
    """What :func:`verify_export` found."""

    ok: bool
    problem: str = ""
    covers: dict[str, str] = field(default_factory=dict)
    signer: str = ""


def _placeholder_is_exact(data: bytes, signature: Any) -> bool:
    """The one unsigned part of the file (the signature's hex string) is exactly the signature
    followed by zero padding, in upper-case hex as written at signing."""
    byte_range = [int(x) for x in signature.sig_object["/ByteRange"]]
    if len(byte_range) != 4 or byte_range[0] != 0:
        return False
    start, end = byte_range[0] + byte_range[1], byte_range[2]
    if byte_range[2] + byte_range[3] != len(data):
        return False
    contents = bytes(signature.sig_object["/Contents"])
    if data[start:end] != b"<" + contents.hex().upper().encode() + b">":
        return False
    if len(contents) < 2 or contents[0] != 0x30:
        return False
    length_byte = contents[1]
    if length_byte < 0x80:
        header, length = 2, length_byte
    else:
        count = length_byte & 0x7F
        header, length = 2 + count, int.from_bytes(contents[2 : 2 + count], "big")
    return not any(contents[header + length :])


def verify_export(data: bytes) -> ExportCheck:
    """Check a signed export: see the module docstring for what must hold.

    pyHanko validates through asyncio; the work runs in a thread of its own so the check also
    works when the caller's thread already runs an event loop (a browser test, an async view)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_verify, data).result()


def _verify(data: bytes) -> ExportCheck:
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    _, cert_path = _paths()
    if not cert_path.exists():
        return ExportCheck(False, f"the signing certificate {cert_path} is missing")
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
        if len(signatures) != 1:
            return ExportCheck(False, f"expected one signature, found {len(signatures)}")
        signature = signatures[0]
        context = ValidationContext(trust_roots=[load_cert_from_pemder(str(cert_path))])
        status = validate_pdf_signature(signature, context)
        if not (status.intact and status.valid):
            return ExportCheck(False, "the signature does not match the file: it was changed")
        if not status.trusted:
            return ExportCheck(False, "the file was not signed with relsafe's certificate")
        if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
            return ExportCheck(False, "something was added to the file after it was signed")
        if not _placeholder_is_exact(data, signature):
            return ExportCheck(False, "the signature's own bytes were changed")
        info = reader.trailer["/Info"]
        covers = {key: str(info.get("/" + name.replace("-", ""), "")) for key, name in META.items()}
        signer = status.signing_cert.subject.human_friendly
    except Exception as error:  # a damaged or hostile file: any parser failure means "not valid"
        return ExportCheck(False, f"the file could not be read as a signed PDF ({error})")
    if not covers["family"] or not covers["chain_head"]:
        return ExportCheck(False, "the file does not say which log it covers")
    return ExportCheck(True, covers=covers, signer=signer)
