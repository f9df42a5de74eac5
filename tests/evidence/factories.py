"""Evidence log test helpers: entries made through the real service (so every one is in its
family's chain and the audit trail), and photos with and without a location."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.test import TestCase
from django.utils import timezone
from PIL import ExifTags, Image

from relsafe.evidence import services
from relsafe.evidence.models import EvidenceEntry

GPS = {1: "N", 2: (51.0, 30.0, 12.5), 3: "W", 4: (0.0, 7.0, 39.0)}


def jpeg_with_gps(size: tuple[int, int] = (40, 30)) -> bytes:
    """A JPEG whose EXIF says where it was taken (and with which camera)."""
    image = Image.new("RGB", size, "grey")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[ExifTags.IFD.GPSInfo] = GPS
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def gps_of(data: bytes) -> dict[int, Any]:
    with Image.open(io.BytesIO(data)) as image:
        return dict(image.getexif().get_ifd(ExifTags.IFD.GPSInfo))


def make_entry(
    *,
    actor: Any,
    family: Any,
    what: str = "A grey Audi stopped outside and flashed its lights.",
    days_ago: int = 1,
    photos: list[tuple[str, bytes]] | None = None,
    **kwargs: Any,
) -> EvidenceEntry:
    """An entry through ``services.submit_entry``; photo files are written (on commit) too."""
    uploads = [services.PhotoUpload(name=n, data=d) for n, d in (photos or [])]
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.submit_entry(
            actor=actor,
            family=family,
            occurred_on=timezone.localdate() - dt.timedelta(days=days_ago),
            what_happened=what,
            photo_uploads=uploads,
            **kwargs,
        )
