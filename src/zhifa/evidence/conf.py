"""The evidence app's settings, each read with its default so that the app runs with none configured.

ZHIFA_EVIDENCE_MAX_BYTES        largest evidence file (tus `Tus-Max-Size`), default 20 GiB
ZHIFA_EVIDENCE_FORM_MAX_BYTES   largest file through the plain upload form, default 50 MiB
ZHIFA_EVIDENCE_PATCH_MAX_BYTES  largest body of one tus PATCH, default 256 MiB
ZHIFA_EVIDENCE_UPLOAD_EXPIRY_HOURS  an unfinished upload expires this long after its last chunk, default 24
    (the A/V rules ask for upload within 24 hours of recording, legal-rules §11; a device that is offline
    longer starts again)
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.conf import settings

GIB = 1024**3
MIB = 1024**2


def human_size(n: int) -> str:
    """A size for messages: "50 MB", "20 GB", "512 KB" (binary units, as the settings are written)."""
    for unit, factor in (("GB", GIB), ("MB", MIB), ("KB", 1024)):
        if n >= factor:
            value = n / factor
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{n} 字节"


def max_bytes() -> int:
    return int(getattr(settings, "ZHIFA_EVIDENCE_MAX_BYTES", 20 * GIB))


def form_max_bytes() -> int:
    return int(getattr(settings, "ZHIFA_EVIDENCE_FORM_MAX_BYTES", 50 * MIB))


def patch_max_bytes() -> int:
    return int(getattr(settings, "ZHIFA_EVIDENCE_PATCH_MAX_BYTES", 256 * MIB))


def patch_commit_every() -> int:
    """How many bytes of a PATCH without Upload-Checksum are received between two durable offsets
    (fdatasync + the offset committed), so that a PATCH killed in the middle resumes from there. 0: only
    at the end of each PATCH."""
    return int(getattr(settings, "ZHIFA_EVIDENCE_PATCH_COMMIT_BYTES", 16 * MIB))


def upload_expiry() -> timedelta:
    return timedelta(hours=float(getattr(settings, "ZHIFA_EVIDENCE_UPLOAD_EXPIRY_HOURS", 24)))


def uploads_dir() -> Path:
    """Where unfinished tus uploads live: `ZHIFA_VAR_DIR/uploads/` (local disk, not the blob storage, since
    a tus upload is appended to in place; the finished file then goes to the storage)."""
    path = Path(
        getattr(settings, "ZHIFA_EVIDENCE_UPLOAD_DIR", Path(getattr(settings, "VAR_DIR", "var")) / "uploads")
    )
    path.mkdir(parents=True, exist_ok=True)
    return path
