"""Internal: a detection before overlap resolution, and the shared character classes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

# CJK Unified Ideographs and Extension A. Anything else (digits, Latin, punctuation, spaces) is a
# boundary for names. Python's ``\b`` is useless here: CJK characters are ``\w``.
HAN: Final = "\u3400-\u4dbf\u4e00-\u9fff"

# Priorities (higher wins an overlap; see the package docstring for the reasoning).
P_STRUCTURED: Final = 100  # validated by check digit / syntax
P_RESCUED: Final = 90  # identifier-looking token right after its label (身份证号：…), not validated
P_KNOWN: Final = 80  # names of the given parties
P_CONTEXT: Final = 70  # names after 当事人/法定代表人/证人 …
P_ADDRESS: Final = 60  # natural persons' addresses
P_FREE: Final = 50  # surname detector, and further occurrences of a detected name


@dataclass(frozen=True, slots=True)
class Candidate:
    start: int
    end: int
    category: str
    priority: int
    source: str
    qualifier: str = ""
    #: person_name: the full name this occurrence stands for (for 某 and numbering).
    name: str = ""
    #: address: where the whole address starts (``start`` is the cut below county level).
    full_start: int = -1


def is_han(ch: str) -> bool:
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF


# Full-width ASCII and a few look-alikes mapped one-to-one onto ASCII, so that the detectors see
# ``１３９`` as ``139`` while every offset stays an offset into the input.
_FULLWIDTH: Final = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH.update(
    {
        0x3000: 0x20,  # ideographic space
        0x00A0: 0x20,  # no-break space
        0x2010: 0x2D,  # hyphen
        0x2011: 0x2D,
        0x2012: 0x2D,
        0x2013: 0x2D,  # en dash
        0x2014: 0x2D,  # em dash
        0x2212: 0x2D,  # minus
        0x2022: 0xB7,  # bullet -> middle dot (plates 浙A•12345)
        0x30FB: 0xB7,  # katakana middle dot
        0x2027: 0xB7,  # hyphenation point
        0xFF65: 0xB7,
    }
)
# The full-width colon and parentheses are kept as ASCII too (：->:, （->( ).


def normalize_view(text: str) -> str:
    """A same-length view of ``text`` with full-width ASCII folded to ASCII."""
    return text.translate(_FULLWIDTH)


def words(block: str) -> tuple[str, ...]:
    """The whitespace-separated words of a (triple-quoted) block."""
    return tuple(block.split())
