"""The supervision app's settings, each read with its default so that the app runs with none configured
(settings.py sets them from the environment; README.md documents them).

ZHIFA_COMPLAINT_RATE_LIMIT / _RATE_WINDOW_SECONDS   complaint submissions per client address per window
ZHIFA_COMPLAINT_QUERY_RATE_LIMIT                     progress queries per client address per window
ZHIFA_COMPLAINT_FORM_MIN_SECONDS / _MAX_SECONDS      how old the form's token must be, and may be
ZHIFA_COMPLAINT_ATTACHMENT_MAX_BYTES / _MAX_COUNT    attachment limits
ZHIFA_COMPLAINT_ATTACHMENT_TYPES                     accepted (sniffed) content types, comma-separated
ZHIFA_CLIENT_ADDRESS_HEADER                          the META key holding the client address behind a proxy
"""

from __future__ import annotations

from django.conf import settings

MIB = 1024**2

# Photos and scans of what a citizen saw, and documents: the types a phone produces and a handler opens
# safely. Sniffed from the bytes (evidence.blobstore.sniff), never taken from the client's name or header.
DEFAULT_TYPES = ("image/jpeg", "image/png", "image/gif", "image/webp", "image/heic", "application/pdf")
TYPE_LABELS = {
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/gif": "GIF",
    "image/webp": "WebP",
    "image/heic": "HEIC",
    "application/pdf": "PDF",
    "text/plain": "文本",
    "video/mp4": "MP4",
}


def _int(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def rate_limit() -> int:
    return _int("ZHIFA_COMPLAINT_RATE_LIMIT", 5)


def rate_window_seconds() -> int:
    return _int("ZHIFA_COMPLAINT_RATE_WINDOW_SECONDS", 3600)


def query_rate_limit() -> int:
    return _int("ZHIFA_COMPLAINT_QUERY_RATE_LIMIT", 30)


def form_min_seconds() -> int:
    return _int("ZHIFA_COMPLAINT_FORM_MIN_SECONDS", 5)


def form_max_seconds() -> int:
    # Long enough to write a complaint and photograph what it is about; a stale form is refused with a
    # message and a fresh token, nothing the citizen typed is lost.
    return _int("ZHIFA_COMPLAINT_FORM_MAX_SECONDS", 24 * 3600)


def attachment_max_bytes() -> int:
    return _int("ZHIFA_COMPLAINT_ATTACHMENT_MAX_BYTES", 10 * MIB)


def attachment_max_count() -> int:
    return _int("ZHIFA_COMPLAINT_ATTACHMENT_MAX_COUNT", 5)


def attachment_types() -> tuple[str, ...]:
    raw = getattr(settings, "ZHIFA_COMPLAINT_ATTACHMENT_TYPES", None)
    if not raw:
        return DEFAULT_TYPES
    if isinstance(raw, str):
        raw = raw.split(",")
    return tuple(t.strip() for t in raw if t.strip())


def type_labels() -> str:
    return "、".join(dict.fromkeys(TYPE_LABELS.get(t, t) for t in attachment_types()))


def client_address_header() -> str:
    return str(getattr(settings, "ZHIFA_CLIENT_ADDRESS_HEADER", "") or "")
