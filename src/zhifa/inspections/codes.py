"""检查码 (inspection codes): the code that identifies one inspection to the business inspected.

国办发〔2024〕54号 and the 司法部 解答 ask for 扫码入企 (赋码监管): every inspection carries a code that the
business scans to check that the inspection is real, who came and for what, and to rate it (上海
"先赋码、再凭码检查、最后扫码评价"; 深圳 行政执法监督码; supervision.md §2.3). Ours: 16 characters of a
32-letter alphabet without the look-alikes 0/O and 1/I — 80 random bits (`secrets`), so that codes cannot
be guessed or enumerated from the public page — printed as text and as a QR code of its public URL.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from reportlab.graphics.shapes import Drawing

from zhifa.lib.qr import qr_drawing, qr_svg

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
LENGTH = 16
_ALLOWED = frozenset(ALPHABET)


def new_code() -> str:
    """A fresh random code. Uniqueness is the database's (Inspection.code is unique): at 80 bits a
    collision is not expected in the life of the platform, and the insert would fail loudly if one
    happened. The low 5 bits of a random byte pick one of the 32 letters uniformly (256 = 8 × 32): one call
    to the OS generator per code instead of sixteen (a draw writes ~10,000 codes in one transaction)."""
    return "".join([ALPHABET[b & 31] for b in secrets.token_bytes(LENGTH)])


def normalize(text: str) -> str:
    """A code as typed by a person: spaces and dashes dropped, upper case. ("" is not a code.)"""
    return "".join(c for c in text.upper() if c not in " -\u3000")


def is_well_formed(code: str) -> bool:
    return len(code) == LENGTH and all(c in _ALLOWED for c in code)


def public_path(code: str) -> str:
    return f"/inspections/code/{code}/"


def public_url(code: str) -> str:
    """The absolute URL the QR code holds (settings.ZHIFA_PUBLIC_URL: documents are rendered outside any
    request, so the host cannot come from one)."""
    return f"{settings.ZHIFA_PUBLIC_URL}{public_path(code)}"


def grouped(code: str) -> str:
    """For reading aloud or typing: ABCD-EFGH-JKLM-NPQR."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def code_svg(code: str, size: float = 160.0) -> str:
    """The QR code of the public URL as an SVG document (served as an image on staff pages)."""
    return qr_svg(public_url(code), size)


def code_drawing(code: str, size: float) -> Drawing:
    """The QR code of the public URL as a reportlab drawing `size` points wide, for a PDF page."""
    return qr_drawing(public_url(code), size)
