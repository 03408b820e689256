"""Administrative enforcement documents (行政执法文书) rendered to PDF after GB/T 9704-2012.

Pure module: data in, bytes out, no Django. ``render_pdf(OfficialDocument(...))`` lays out a
立案审批表, 行政处罚事先告知书, 行政处罚决定书, 送达回证 … in the 文件格式 of GB/T 9704-2012
《党政机关公文格式》:

* A4, 版心 156 mm × 225 mm: margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (5.2);
* body in 3号 (16 pt) 仿宋, 22 lines × 28 characters a page (5.2.2): the line pitch is 225 mm / 22 and
  the character pitch 156 mm / 28, i.e. 16 pt glyphs with a −0.21 pt character spacing, as word
  processors set 公文 (“固定值 28.95 磅”); paragraphs 左空二字, 回行顶格, justified (7.3.3);
* 版头: 发文机关标志 centred in red bold 宋 (小标宋 stand-in), its top 35 mm below the 版心 top (7.2.2);
  发文字号 centred two blank lines below it, with 〔〕 around the year (7.2.3); a red separator
  line as wide as the 版心 4 mm below the 发文字号 (7.2.5);
* title in 2号 (22 pt) bold 宋 centred two blank lines below the red line (7.3.1);
* 成文日期 in Arabic numerals (2026年11月22日), 右空四字; 发文机关署名 centred over the date; two blank
  lines between the body and the 署名 leave room for the seal, which should press on both (7.3.5.1).
  If that block does not fit, it moves to the next page together with the last two body lines, so
  that no page carries the 署名 alone (7.3.5.4);
* 页码 “— 1 —” in 4号 (14 pt), its dashes 7 mm below the 版心, odd pages 右空一字, even pages
  左空一字 (7.5) — ``PageStyle(mirror_page_numbers=False)`` centres them instead;
* ``copy_note`` (e.g. “本文书一式两份……”) goes at the foot of the last page between two rules, the
  lower one on the 版心 bottom edge, like the 版记 (8);
* line breaking with the 禁则 of GB/T 15834-2011: no line starts with a 点号 or a closing bracket or
  quote (，。、；：！？）》」』〕】” …), no line ends with an opening one (（《「『〔【“ …); “——” and “……”
  are never split, nor are runs of ASCII letters and digits (numbers, dates, case numbers). A break
  that would violate a rule moves characters from the end of the line to the next one
  (see ``break_lines`` / ``layout_lines``).

Fonts — a decision. The text must be real, extractable text in an embedded font on a machine with
only Python and no network, so the fonts are vendored in ``zhifa/lib/fonts/``:

* ``FandolFang-Regular-GB2312.ttf`` (仿宋, body) and ``FandolSong-Bold-GB2312.ttf`` (bold 宋 for the
  发文机关标志 and the title), 5.8 MB + 4.3 MB, from the Fandol fonts 0.3 (CTAN fonts/fandol, by
  Clerk Ma and Jie Su, also in Debian's ``texlive-lang-chinese``). Licence: GNU GPL v3 with the font
  exception (a document that embeds the font is not thereby covered by the GPL); text in
  ``fonts/COPYING`` and ``fonts/README.md``. The OpenType/CFF originals were subset to GB 2312
  (6,763 hanzi and its symbols) plus ASCII, Latin-1, general and CJK punctuation, full-width forms,
  and converted to TrueType outlines, because reportlab embeds TrueType (glyf) subsets only. The
  regeneration script (fontTools) and the source checksums are in ``fonts/README.md``.
* Why Fandol: it is the only free *仿宋* (the face GB/T 9704 prescribes) found in a package registry
  here, and it has a matching bold 宋. No PyPI package ships a 仿宋; the Noto/Source Han CJK fonts on
  PyPI are 宋/黑 only, CFF-flavoured, 8-12 MB each, and would be runtime dependencies of single-author
  packages. The Fandol faces are FontForge-drawn and plainer than the commercial 方正仿宋_GB2312 and
  方正小标宋 that government offices use, but they print as recognisably official type.
* Characters outside the fonts (e.g. 赟 喆 堃 昇 珺, which are not in GB 2312) are refused by
  ``render_pdf`` with ``UnsupportedCharactersError`` rather than printed as empty boxes; use
  ``unsupported_characters()`` to check first. Titles and issuer names that the bold face lacks
  fall back to the 仿宋 with a stroked (faux bold) rendering.

Renderer: reportlab (pure Python wheel), one TrueType subset per 256 glyphs, /FontFile2 with
/ToUnicode maps, so ``extract_text`` (pypdf) gets the Chinese back. Output is deterministic: reportlab
runs in invariant mode and the info dict's dates are the document date at 00:00 +08'00', so the same
``OfficialDocument`` always gives the same bytes (hash-addressable; re-renderable for the archive).
The PDF is not PDF/A (no XMP packet or output intent).
"""

from __future__ import annotations

import datetime
import io
import json
import re
import threading
import unicodedata
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFInfo, PDFName, PDFStreamFilterZCompress, PDFString
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from zhifa.lib.qr import qr_rectangles

__all__ = [
    "Heading",
    "OfficialDocument",
    "PageStyle",
    "Paragraph",
    "Table",
    "UnsupportedCharactersError",
    "break_lines",
    "extract_text",
    "format_date",
    "layout_lines",
    "render_pdf",
    "unsupported_characters",
]

FONT_DIR = Path(__file__).resolve().parent / "fonts"
BODY_FONT_FILE = FONT_DIR / "FandolFang-Regular-GB2312.ttf"
TITLE_FONT_FILE = FONT_DIR / "FandolSong-Bold-GB2312.ttf"
_BODY_FONT = "ZhifaFangSong"
_TITLE_FONT = "ZhifaSongBold"

MM = 72.0 / 25.4
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_TOP = 37 * MM
MARGIN_BOTTOM = 35 * MM
MARGIN_LEFT = 28 * MM
MARGIN_RIGHT = 26 * MM
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT  # 156 mm
TEXT_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM  # 225 mm
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
LINE_PITCH = TEXT_HEIGHT / LINES_PER_PAGE  # 28.99 pt
CHAR_PITCH = TEXT_WIDTH / CHARS_PER_LINE  # 15.79 pt
BODY_SIZE = 16.0  # 3号
TITLE_SIZE = 22.0  # 2号
PAGE_NUMBER_SIZE = 14.0  # 4号
NOTE_SIZE = 14.0  # 4号, as the 版记
BODY_CHAR_SPACE = CHAR_PITCH - BODY_SIZE  # −0.21 pt: 28 glyphs of 16 pt fill 156 mm
RED = (1.0, 0.0, 0.0)
_TOP = PAGE_HEIGHT - MARGIN_TOP
_RIGHT = PAGE_WIDTH - MARGIN_RIGHT
_EPS = 1e-6

# GB/T 15834-2011 禁则. A line must not start with these (点号, closing halves of brackets and quotes,
# 连接号 and 间隔号); ASCII counterparts included.
NO_LINE_START = frozenset("，。、；：！？）》」』〕】〉］｝”’·・—～／％‰℃,.;:!?)]}/%")
# … and must not end with these (opening halves).
NO_LINE_END = frozenset("（《「『〔【〈［｛“‘([{")

_TOKEN = re.compile(
    r"[A-Za-z0-9]+(?:[.\-_/:@][A-Za-z0-9]+)*"  # numbers, dates, case numbers, e-mail/URLs stay whole
    r"|——|……|──|⋯⋯"  # 破折号 and 省略号 are never split
    r"|.",
    re.DOTALL,
)


class UnsupportedCharactersError(ValueError):
    """The document holds characters that the embedded fonts cannot draw."""

    def __init__(self, characters: frozenset[str]) -> None:
        self.characters = characters
        listed = " ".join(f"{c}(U+{ord(c):04X})" for c in sorted(characters))
        super().__init__(f"characters missing from the embedded font: {listed}")


@dataclass(frozen=True)
class Heading:
    """A section heading in the body: level 1 “一、…” (bold, for GB/T 9704's 黑体), level 2 “（一）…”
    and below in the body face. Indented two characters like the body."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph with a first-line indent other than two characters: ``indent=0`` for the
    主送机关 or the party addressed (“江北市福源食品有限公司：”), which GB/T 9704 sets 顶格 (7.3.2).
    A plain ``str`` is a paragraph with ``indent=2``."""

    text: str
    indent: int = 2


@dataclass(frozen=True)
class Table:
    """A ruled table, e.g. the grid of a 送达回证 or 立案审批表.

    ``rows`` are rows of cell texts (“\\n” breaks a line inside a cell); a row with fewer cells than
    the widest row lets its last cell span the remaining columns. ``col_widths`` are relative
    weights (equal columns when empty); ``align`` gives each column's horizontal alignment (left
    when missing). Rows are at least ``min_row_height_mm`` high (room for a signature) and are never
    split across pages.
    """

    rows: Sequence[Sequence[str]]
    col_widths: Sequence[float] = ()
    align: Sequence[Literal["left", "center"]] = ()
    font_size: float = 14.0
    min_row_height_mm: float = 10.0


Block = str | Paragraph | Heading | Table


@dataclass(frozen=True)
class OfficialDocument:
    """One document. ``paragraphs`` are body paragraphs (a “\\n” inside a string starts a new one; an
    empty string is a blank line), ``Paragraph``s (other first-line indents), ``Heading``s and
    ``Table``s. ``number`` is the 发文字号
    (“江北市监罚〔2026〕12号”, or “” for none); ``signature`` the 发文机关署名 (“” leaves out the 署名
    and the printed date, for forms that carry their own signature cells); ``date`` the 成文日期,
    also the PDF's creation date. A long ``title`` is broken into lines of about equal length; a
    “\n” in it forces a break where the sense asks for one.

    ``metadata`` goes into the PDF information dictionary: Title, Author, Subject, Keywords, Creator
    and Producer replace the defaults (title, issuer, number, —, “zhifa”, reportlab's); any other key
    (a PDF name: ASCII letters, digits, “_”, e.g. ``CaseNumber``) is added as a custom entry.

    ``qr_code``: text (a verification URL, e.g. an inspection code's public page) printed as a QR code
    in the top right corner of the first page, inside the top margin, clear of the 版心 — where real
    systems print the 检查码 of a 现场检查笔录 (扫码核验). Empty: no code.
    """

    issuer: str
    number: str
    title: str
    paragraphs: Sequence[Block]
    signature: str
    date: datetime.date
    copy_note: str = ""
    metadata: Mapping[str, str] = field(default_factory=dict)
    qr_code: str = ""


@dataclass(frozen=True)
class PageStyle:
    """Layout knobs. The defaults are GB/T 9704-2012's 文件格式.

    ``issuer_offset_mm``: from the 版心 top to the top of the 发文机关标志 (35 mm in 7.2.2; 0 puts it
    on the first line). ``issuer_size``: its type size in pt, ``None`` for the largest size up to
    ``issuer_max_size`` that fits the 版心 width. ``mirror_page_numbers``: odd page numbers on the
    right, even on the left (7.5), else centred.
    """

    issuer_offset_mm: float = 35.0
    issuer_size: float | None = None
    issuer_max_size: float = 42.0
    mirror_page_numbers: bool = True


DEFAULT_STYLE = PageStyle()


# --------------------------------------------------------------------------------------------------
# Fonts


@dataclass(frozen=True)
class _Face:
    name: str
    widths: Mapping[int, float]  # advance per code point, in 1/1000 em

    def covers(self, text: str) -> bool:
        return all(ord(c) in self.widths for c in text)

    def width(self, text: str, size: float, char_space: float = 0.0) -> float:
        """Advance of ``text``, each glyph followed by ``char_space`` (as PDF's Tc does)."""
        w = self.widths
        if len(text) == 1:  # line breaking measures one character at a time: skip the generator
            return w.get(ord(text), 1000.0) * size / 1000.0 + char_space
        return sum(w.get(ord(c), 1000.0) for c in text) * size / 1000.0 + char_space * len(text)


_fonts: tuple[_Face, _Face] | None = None
_fonts_lock = threading.Lock()
_render_lock = threading.Lock()


def _load_face(name: str, path: Path) -> _Face:
    if not path.is_file():
        raise FileNotFoundError(
            f"{path} is missing: the official-document fonts are package data of zhifa.lib "
            "(see zhifa/lib/fonts/README.md)"
        )
    font = TTFont(name, str(path))
    pdfmetrics.registerFont(font)
    face = font.face
    char_widths = cast(dict[int, float], face.charWidths)
    widths = {code: float(char_widths.get(code, 1000.0)) for code in cast(dict[int, int], face.charToGlyph)}
    return _Face(name, widths)


def _faces() -> tuple[_Face, _Face]:
    """(仿宋 body face, bold 宋 title face), loaded and registered with reportlab once."""
    global _fonts
    if _fonts is None:
        with _fonts_lock:
            if _fonts is None:
                _fonts = (_load_face(_BODY_FONT, BODY_FONT_FILE), _load_face(_TITLE_FONT, TITLE_FONT_FILE))
    return _fonts


# --------------------------------------------------------------------------------------------------
# Line breaking


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


_PAIRS = frozenset(("——", "……", "──", "⋯⋯"))  # may start a line (GB/T 15834-2011 appendix)


def _no_start(token: str) -> bool:
    return token[0] in NO_LINE_START and token not in _PAIRS


def _bad_break(tokens: Sequence[str], i: int) -> bool:
    """Whether breaking before tokens[i] breaks a 禁则 rule."""
    return _no_start(tokens[i]) or tokens[i - 1][-1] in NO_LINE_END


def break_lines(
    text: str,
    width: float,
    measure: Callable[[str], float],
    *,
    first_indent: float = 0.0,
) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` (the first ``first_indent`` narrower).

    Greedy, token by token (a token is one character, or an unbreakable run: ASCII letters and
    digits with inner . - _ / : @, “——”, “……”). When the token that overflows may not start a line,
    or the line would end with an opening bracket or quote, tokens move from the end of the line to
    the next one until the break is allowed. If the whole line would have to move, a closing mark
    hangs at the end of the line instead (and otherwise the rule gives way). Spaces at the start of
    a continuation line are dropped. ``measure`` gives the width of a token in the unit of ``width``.
    """
    tokens = _tokens(text)
    lines: list[str] = []
    start = 0
    while start < len(tokens):
        avail = width - (first_indent if not lines else 0.0)
        used = 0.0
        i = start
        while i < len(tokens):
            w = measure(tokens[i])
            if used + w > avail + _EPS * max(1.0, avail):
                break
            used += w
            i += 1
        if i == len(tokens):
            lines.append("".join(tokens[start:]))
            break
        if i == start:
            # A single token wider than the line: cut it by characters.
            chars = list(tokens[start])
            cut, used = 0, 0.0
            while cut < len(chars) and used + measure(chars[cut]) <= avail + _EPS * max(1.0, avail):
                used += measure(chars[cut])
                cut += 1
            cut = max(cut, 1)
            lines.append("".join(chars[:cut]))
            tokens[start : start + 1] = ["".join(chars[cut:])] if cut < len(chars) else []
            continue
        j = i
        while j > start + 1 and _bad_break(tokens, j):
            j -= 1
        if _bad_break(tokens, j):
            # Nothing left to move: hang closing marks (at most two, e.g. “。”) past the margin.
            j = i
            while j < len(tokens) and j < i + 2 and _no_start(tokens[j]):
                j += 1
        lines.append("".join(tokens[start:j]))
        start = j
        while start < len(tokens) and tokens[start] in (" ", "\u3000") and start + 1 < len(tokens):
            start += 1
    return lines


def _em_width(token: str) -> float:
    """Width in em of the body face, or by East Asian width when the fonts are not at hand."""
    faces = _fonts
    if faces is not None:
        return faces[0].width(token, 1.0)
    return sum(1.0 if unicodedata.east_asian_width(c) in "WFA" else 0.5 for c in token)


def layout_lines(text: str, chars_per_line: int = CHARS_PER_LINE, *, indent: int = 0) -> list[str]:
    """``break_lines`` with widths in em of the body face (a hanzi is 1, an ASCII digit ½).

    ``chars_per_line`` is the line width in hanzi, ``indent`` the first-line indent in hanzi. This is
    the breaking that ``render_pdf`` applies to the body (where 1 em is the 15.79 pt character
    pitch), exposed for tests and previews.
    """
    _faces()
    return break_lines(text, float(chars_per_line), _em_width, first_indent=float(indent))


# --------------------------------------------------------------------------------------------------
# Checks and small helpers


def format_date(date: datetime.date) -> str:
    """成文日期 with Arabic numerals, full year, no leading zeros (GB/T 9704-2012 7.3.5.1)."""
    return f"{date.year}年{date.month}月{date.day}日"


def _block_texts(block: Block) -> list[str]:
    if isinstance(block, str):
        return [block]
    if isinstance(block, Heading | Paragraph):
        return [block.text]
    return [cell for row in block.rows for cell in row]


def unsupported_characters(doc: OfficialDocument) -> frozenset[str]:
    """Characters of ``doc`` that the body face lacks (line breaks and tabs aside)."""
    body, _title = _faces()
    texts = [doc.issuer, doc.number, doc.title, doc.signature, doc.copy_note]
    for block in doc.paragraphs:
        texts.extend(_block_texts(block))
    used = set("".join(texts)) - {"\n", "\r", "\t"}  # each distinct character once
    return frozenset(c for c in used if ord(c) not in body.widths)


# --------------------------------------------------------------------------------------------------
# The document as data: what a case step vouches for before the PDF exists


def to_json(doc: OfficialDocument) -> str:
    """``doc`` as canonical JSON (sorted keys, no spaces, UTF-8 text, defaults written out): the same
    document always gives the same string, so its SHA-256 names the document's content. A step
    journals that digest when it issues the document; the PDF is rendered from this string later
    (``from_json``) and, rendering being deterministic, anyone can render it again and compare."""
    blocks: list[dict[str, Any]] = []
    for block in doc.paragraphs:
        if isinstance(block, str):
            blocks.append({"p": block, "indent": 2})
        elif isinstance(block, Paragraph):
            blocks.append({"p": block.text, "indent": block.indent})
        elif isinstance(block, Heading):
            blocks.append({"h": block.text, "level": block.level})
        else:
            blocks.append(
                {
                    "table": [list(row) for row in block.rows],
                    "col_widths": [float(w) for w in block.col_widths],
                    "align": list(block.align),
                    "font_size": float(block.font_size),
                    "min_row_height_mm": float(block.min_row_height_mm),
                }
            )
    data = {
        "format": 1,
        "issuer": doc.issuer,
        "number": doc.number,
        "title": doc.title,
        "blocks": blocks,
        "signature": doc.signature,
        "date": doc.date.isoformat(),
        "copy_note": doc.copy_note,
        "metadata": dict(doc.metadata),
    }
    if doc.qr_code:  # written only when set: every document issued before the field keeps its digest
        data["qr_code"] = doc.qr_code
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)


def from_json(text: str) -> OfficialDocument:
    """The document ``to_json`` wrote. A plain paragraph comes back as a ``str``, so that
    ``to_json(from_json(s)) == s`` (the digest a step journaled stays the digest of what is rendered)."""
    data = json.loads(text)
    if data.get("format") != 1:
        raise ValueError(f"unknown document format {data.get('format')!r}")
    blocks: list[Block] = []
    for b in data["blocks"]:
        if "p" in b:
            blocks.append(b["p"] if b["indent"] == 2 else Paragraph(b["p"], indent=b["indent"]))
        elif "h" in b:
            blocks.append(Heading(b["h"], level=b["level"]))
        else:
            blocks.append(
                Table(
                    rows=[list(row) for row in b["table"]],
                    col_widths=b["col_widths"],
                    align=b["align"],
                    font_size=b["font_size"],
                    min_row_height_mm=b["min_row_height_mm"],
                )
            )
    return OfficialDocument(
        issuer=data["issuer"],
        number=data["number"],
        title=data["title"],
        paragraphs=blocks,
        signature=data["signature"],
        date=datetime.date.fromisoformat(data["date"]),
        copy_note=data["copy_note"],
        metadata=data["metadata"],
        qr_code=data.get("qr_code", ""),
    )


def _pdf_date(date: datetime.date) -> str:
    return f"D:{date.year:04d}{date.month:02d}{date.day:02d}000000+08'00'"


_PDF_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_STANDARD_INFO = ("Title", "Author", "Subject", "Keywords", "Creator", "Producer")


class _Info(PDFInfo):
    """The information dictionary with fixed dates and custom entries."""

    def __init__(self, entries: Mapping[str, str], date: datetime.date) -> None:
        super().__init__()
        self._entries = dict(entries)
        self._date = date

    def format(self, document: Any) -> bytes:
        d: dict[str, object] = {key: PDFString(value) for key, value in self._entries.items()}
        d["CreationDate"] = d["ModDate"] = PDFString(_pdf_date(self._date))
        d["Trapped"] = PDFName("False")
        return PDFDictionary(d).format(document)


def _info_entries(doc: OfficialDocument) -> dict[str, str]:
    title = doc.title.replace("\n", "")
    entries = {
        "Title": title,
        "Author": doc.issuer,
        "Subject": doc.number or title,
        "Keywords": "",
        "Creator": "zhifa",
        "Producer": "ReportLab PDF Library - (opensource)",
    }
    for key, value in doc.metadata.items():
        if key in ("CreationDate", "ModDate", "Trapped") or not _PDF_NAME.fullmatch(key):
            raise ValueError(f"metadata key {key!r} is not allowed (PDF name of letters, digits, _)")
        entries[key] = value
    return entries


# --------------------------------------------------------------------------------------------------
# Layout: blocks become items (line boxes and table rows), items are paginated, then drawn.

_Draw = Callable[[Canvas, float], None]  # draws an item whose box top is at y


@dataclass
class _Item:
    height: float
    draw: _Draw
    kind: Literal["line", "blank", "row", "closing"] = "line"


def _baseline(top: float, box: float, size: float) -> float:
    """Baseline that centres the em box (ascent 0.88 em) of ``size`` in a box ``box`` high."""
    return top - (box - size) / 2.0 - 0.88 * size


def _text_item(
    face: _Face,
    text: str,
    x: float,
    size: float,
    char_space: float,
    *,
    box: float = LINE_PITCH,
    color: tuple[float, float, float] | None = None,
    bold: bool = False,
) -> _Item:
    def draw(c: Canvas, top: float) -> None:
        c.setFont(face.name, size)
        if color is not None:
            c.setFillColorRGB(*color)
            c.setStrokeColorRGB(*color)
        if bold:
            c.setLineWidth(size * 0.035)
        c.drawString(x, _baseline(top, box, size), text, mode=2 if bold else None, charSpace=char_space)
        if color is not None:
            c.setFillColorRGB(0, 0, 0)
            c.setStrokeColorRGB(0, 0, 0)

    return _Item(box, draw)


def _paragraph_items(face: _Face, text: str, *, indent_chars: int = 2, bold: bool = False) -> list[_Item]:
    """Body lines of one paragraph: first line indented, all but the last justified."""
    if not text.strip():
        return [_Item(LINE_PITCH, lambda c, top: None, "blank")]
    size, cs = BODY_SIZE, BODY_CHAR_SPACE
    indent = indent_chars * CHAR_PITCH
    lines = break_lines(text, TEXT_WIDTH, lambda t: face.width(t, size, cs), first_indent=indent)
    items = []
    for n, line in enumerate(lines):
        x = MARGIN_LEFT + (indent if n == 0 else 0.0)
        avail = TEXT_WIDTH - (indent if n == 0 else 0.0)
        line_cs = cs
        if n < len(lines) - 1 and len(line) > 1:
            extra = avail - face.width(line, size, cs)
            if 0 < extra <= 3 * CHAR_PITCH:  # a wider gap (long unbreakable run) stays ragged
                line_cs = cs + extra / (len(line) - 1)
        items.append(_text_item(face, line, x, size, line_cs, bold=bold))
    return items


def _table_items(face: _Face, table: Table) -> list[_Item]:
    ncols = max((len(r) for r in table.rows), default=0)
    if ncols == 0:
        return []
    weights = list(table.col_widths) or [1.0] * ncols
    if len(weights) != ncols or any(w <= 0 for w in weights):
        raise ValueError(f"col_widths needs {ncols} positive weights, got {list(table.col_widths)}")
    total = sum(weights)
    widths = [TEXT_WIDTH * w / total for w in weights]
    edges = [MARGIN_LEFT]
    for w in widths:
        edges.append(edges[-1] + w)
    size = table.font_size
    pitch = size * 1.6
    pad_x, pad_y = 1.5 * MM, 2.0 * MM
    items: list[_Item] = []
    for row in table.rows:
        if not row:
            continue
        spans = [(k, k + 1) for k in range(len(row) - 1)] + [(len(row) - 1, ncols)]
        cells: list[tuple[float, float, list[str], str]] = []
        for (a, b), text in zip(spans, row, strict=True):
            inner = edges[b] - edges[a] - 2 * pad_x
            lines = [
                line
                for part in text.split("\n")
                for line in (break_lines(part, inner, lambda t: face.width(t, size)) or [""])
            ]
            cells.append((edges[a], edges[b], lines, table.align[a] if a < len(table.align) else "left"))
        height = max(
            table.min_row_height_mm * MM, max(len(lines) for _, _, lines, _ in cells) * pitch + 2 * pad_y
        )

        def draw(
            c: Canvas, top: float, cells: list[tuple[float, float, list[str], str]] = cells, h: float = height
        ) -> None:
            c.setLineWidth(0.6)
            c.setFont(face.name, size)
            for left, right, lines, align in cells:
                c.rect(left, top - h, right - left, h)
                first = top - (h - len(lines) * pitch) / 2.0
                for k, line in enumerate(lines):
                    y = _baseline(first - k * pitch, pitch, size)
                    if align == "center":
                        c.drawString((left + right - face.width(line, size)) / 2.0, y, line)
                    else:
                        c.drawString(left + pad_x, y, line)

        items.append(_Item(height, draw, "row"))
    return items


def _closing_items(body: _Face, doc: OfficialDocument) -> list[_Item]:
    """Two blank lines for the seal, the 署名 centred over the date, the date 右空四字.

    None without a ``signature``: forms such as the 送达回证 carry their own signature cells."""
    if not doc.signature:
        return []
    size, cs = BODY_SIZE, BODY_CHAR_SPACE
    date = format_date(doc.date)
    date_w = body.width(date, size, cs)
    date_x = _RIGHT - 4 * CHAR_PITCH - date_w
    sig_w = body.width(doc.signature, size, cs)
    sig_x = min(date_x + (date_w - sig_w) / 2.0, _RIGHT - sig_w)
    items = [_Item(LINE_PITCH, lambda c, top: None, "closing") for _ in range(2)]
    items.append(_text_item(body, doc.signature, max(MARGIN_LEFT, sig_x), size, cs))
    items.append(_text_item(body, date, date_x, size, cs))
    for item in items:
        item.kind = "closing"
    return items


def _display_face(faces: tuple[_Face, _Face], text: str) -> tuple[_Face, bool]:
    """The bold 宋 if it has every character of ``text``, else the 仿宋 drawn faux bold."""
    body, title = faces
    return (title, False) if title.covers(text) else (body, True)


def _balanced_lines(text: str, measure: Callable[[str], float]) -> list[str]:
    """Lines of a title: as many as needed in the 版心, made about equally long (the narrowest width
    that needs no more lines), so a two-line title is not one full line and a stub (7.3.1)."""
    lines = break_lines(text, TEXT_WIDTH, measure)
    if len(lines) < 2:
        return lines
    lo, hi = measure(text) / len(lines), TEXT_WIDTH
    for _ in range(20):
        mid = (lo + hi) / 2.0
        if len(break_lines(text, mid, measure)) > len(lines):
            lo = mid
        else:
            hi = mid
    return break_lines(text, hi, measure)


def _draw_header(c: Canvas, faces: tuple[_Face, _Face], doc: OfficialDocument, style: PageStyle) -> float:
    """Draw the 版头 and title on the first page; return the y where the body starts."""
    body = faces[0]
    y = _TOP - style.issuer_offset_mm * MM
    if doc.issuer:
        face, faux = _display_face(faces, doc.issuer)
        natural = face.width(doc.issuer, 1.0)
        size = style.issuer_size or min(style.issuer_max_size, TEXT_WIDTH / max(natural, 1.0))
        c.setFont(face.name, size)
        c.setFillColorRGB(*RED)
        c.setStrokeColorRGB(*RED)
        c.setLineWidth(size * 0.03)
        x = MARGIN_LEFT + (TEXT_WIDTH - face.width(doc.issuer, size)) / 2.0
        c.drawString(x, y - 0.88 * size, doc.issuer, mode=2 if faux else None)
        c.setFillColorRGB(0, 0, 0)
        c.setStrokeColorRGB(0, 0, 0)
        y -= size + 0.12 * size  # below the em box
    if doc.number:
        y -= 2 * LINE_PITCH  # 下空二行
        c.setFont(body.name, BODY_SIZE)
        x = MARGIN_LEFT + (TEXT_WIDTH - body.width(doc.number, BODY_SIZE)) / 2.0
        c.drawString(x, _baseline(y, LINE_PITCH, BODY_SIZE), doc.number)
        y -= LINE_PITCH
        line_y = _baseline(y + LINE_PITCH, LINE_PITCH, BODY_SIZE) - 0.12 * BODY_SIZE - 4 * MM
    else:
        line_y = y - 4 * MM
    if doc.issuer or doc.number:
        c.setStrokeColorRGB(*RED)
        c.setLineWidth(1.5)
        c.line(MARGIN_LEFT, line_y, _RIGHT, line_y)
        c.setStrokeColorRGB(0, 0, 0)
        y = line_y - 2 * LINE_PITCH  # 标题在分隔线下空二行
    if doc.title:
        face, faux = _display_face(faces, doc.title.replace("\n", ""))
        box = max(LINE_PITCH, TITLE_SIZE * 1.35)
        lines = [
            line
            for part in doc.title.split("\n")  # “\n” breaks where the sense allows (词意完整)
            for line in _balanced_lines(part, lambda t: face.width(t, TITLE_SIZE))
        ]
        c.setFont(face.name, TITLE_SIZE)
        c.setLineWidth(TITLE_SIZE * 0.03)
        for line in lines:
            x = MARGIN_LEFT + (TEXT_WIDTH - face.width(line, TITLE_SIZE)) / 2.0
            c.drawString(x, _baseline(y, box, TITLE_SIZE), line, mode=2 if faux else None)
            y -= box
        y -= LINE_PITCH  # 标题下空一行
    return y


def _paginate(items: Sequence[_Item], first_top: float) -> list[list[tuple[_Item, float]]]:
    """Place items top-down; a closing block that does not fit takes two body lines along."""
    bottom = MARGIN_BOTTOM - 0.01
    pages: list[list[tuple[_Item, float]]] = [[]]
    y = first_top
    k = 0
    while k < len(items):
        item = items[k]
        if item.kind == "closing":
            group = [it for it in items[k:] if it.kind == "closing"]
            height = sum(it.height for it in group)
            if y - height < bottom:
                moved: list[_Item] = []
                while len(moved) < 2 and len(pages[-1]) > 1 and pages[-1][-1][0].kind in ("line", "row"):
                    moved.insert(0, pages[-1].pop()[0])
                pages.append([])
                y = _TOP
                for it in moved:
                    pages[-1].append((it, y))
                    y -= it.height
            for it in group:
                pages[-1].append((it, y))
                y -= it.height
            k += len(group)
            continue
        if y - item.height < bottom and pages[-1]:
            pages.append([])
            y = _TOP
            if item.kind == "blank":
                k += 1
                continue
        pages[-1].append((item, y))
        y -= item.height
        k += 1
    return pages


def _note_lines(body: _Face, note: str) -> list[str]:
    inner = TEXT_WIDTH - 2 * NOTE_SIZE  # 左右各空一字
    return [
        line
        for part in note.split("\n")
        for line in break_lines(part, inner, lambda t: body.width(t, NOTE_SIZE))
    ]


def _draw_note(c: Canvas, body: _Face, lines: Sequence[str]) -> None:
    pitch = NOTE_SIZE * 1.8
    top = MARGIN_BOTTOM + len(lines) * pitch
    c.setLineWidth(0.35 * MM)
    c.line(MARGIN_LEFT, top, _RIGHT, top)
    c.line(MARGIN_LEFT, MARGIN_BOTTOM, _RIGHT, MARGIN_BOTTOM)
    c.setFont(body.name, NOTE_SIZE)
    for k, line in enumerate(lines):
        c.drawString(MARGIN_LEFT + NOTE_SIZE, _baseline(top - k * pitch, pitch, NOTE_SIZE), line)


QR_SIZE = 24 * MM  # scans from a phone at arm's length; fits the 37 mm top margin with room to spare
QR_TOP_GAP = 7 * MM


def _draw_qr(c: Canvas, text: str) -> None:
    """The QR code of ``text`` in the top right corner of the page, inside the top margin, drawn as
    filled rectangles (no font, nothing to embed)."""
    left, bottom = _RIGHT - QR_SIZE, PAGE_HEIGHT - QR_TOP_GAP - QR_SIZE
    c.saveState()
    c.setFillColorRGB(0, 0, 0)
    for x, y, w, h in qr_rectangles(text, QR_SIZE):
        c.rect(left + x, bottom + y, w, h, stroke=0, fill=1)
    c.restoreState()


def _draw_page_number(c: Canvas, body: _Face, n: int, style: PageStyle) -> None:
    text = f"— {n} —"
    w = body.width(text, PAGE_NUMBER_SIZE)
    if not style.mirror_page_numbers:
        x = MARGIN_LEFT + (TEXT_WIDTH - w) / 2.0
    elif n % 2:
        x = _RIGHT - PAGE_NUMBER_SIZE - w  # 单页码居右空一字
    else:
        x = MARGIN_LEFT + PAGE_NUMBER_SIZE  # 双页码居左空一字
    # The dashes (at about 0.33 em) sit 7 mm below the 版心.
    c.setFont(body.name, PAGE_NUMBER_SIZE)
    c.drawString(x, MARGIN_BOTTOM - 7 * MM - 0.33 * PAGE_NUMBER_SIZE, text)


def _body_items(faces: tuple[_Face, _Face], doc: OfficialDocument) -> list[_Item]:
    body = faces[0]
    items: list[_Item] = []
    for block in doc.paragraphs:
        if isinstance(block, Heading):
            items.extend(_paragraph_items(body, block.text, bold=block.level <= 1))
        elif isinstance(block, Table):
            items.extend(_table_items(body, block))
        else:
            para = block if isinstance(block, Paragraph) else Paragraph(block)
            for part in para.text.replace("\r\n", "\n").replace("\t", " ").split("\n"):
                items.extend(_paragraph_items(body, part, indent_chars=para.indent))
    while items and items[-1].kind == "blank":
        items.pop()
    return items


class _FastFlate(PDFStreamFilterZCompress):
    """FlateDecode at zlib level 1 instead of reportlab's default 6. Most of a document's bytes are its
    font subset's glyph outlines, which barely compress further at level 6 (95 KB → 63.6 KB at 6,
    67.0 KB at 1) but take twice as long (3.9 ms vs 1.8 ms): a quarter of a document's rendering."""

    def encode(self, text: str | bytes) -> bytes:
        return zlib.compress(text.encode("utf8") if isinstance(text, str) else text, 1)


_FAST_FLATE = _FastFlate()


@contextmanager
def _fast_flate() -> Iterator[None]:
    """reportlab names its Flate filter through the module global ``pdfdoc.PDFZCompress`` when it builds
    page and font-file streams; swap it for the duration of one render (under ``_render_lock``)."""
    saved = pdfdoc.PDFZCompress
    pdfdoc.PDFZCompress = _FAST_FLATE
    try:
        yield
    finally:
        pdfdoc.PDFZCompress = saved


def render_pdf(doc: OfficialDocument, *, style: PageStyle = DEFAULT_STYLE) -> bytes:
    """Render ``doc`` to PDF bytes; the same input always gives the same bytes.

    Raises ``UnsupportedCharactersError`` if the text holds characters the embedded 仿宋 lacks.
    """
    faces = _faces()
    body = faces[0]
    missing = unsupported_characters(doc)
    if missing:
        raise UnsupportedCharactersError(missing)
    info = _info_entries(doc)
    items = _body_items(faces, doc) + _closing_items(body, doc)
    note = _note_lines(body, doc.copy_note) if doc.copy_note.strip() else []

    buf = io.BytesIO()
    with _render_lock, _fast_flate():  # reportlab's font registry and subset state are shared
        c = Canvas(
            buf,
            pagesize=A4,
            invariant=1,
            pageCompression=1,
            pdfVersion=(1, 4),
            initialFontName=cast(
                Any, _BODY_FONT
            ),  # else an unembedded Helvetica is declared (stub says float)
            initialFontSize=BODY_SIZE,
        )
        cast(Any, c)._doc.info = _Info(info, doc.date)
        if doc.qr_code:
            _draw_qr(c, doc.qr_code)
        first_top = _draw_header(c, faces, doc, style)
        pages = _paginate(items, first_top)
        if note:
            last = pages[-1]
            lowest = last[-1][1] - last[-1][0].height if last else first_top
            if lowest - LINE_PITCH < MARGIN_BOTTOM + len(note) * NOTE_SIZE * 1.8:
                pages.append([])
        for n, page in enumerate(pages, start=1):
            for item, top in page:
                item.draw(c, top)
            if note and n == len(pages):
                _draw_note(c, body, note)
            _draw_page_number(c, body, n, style)
            c.showPage()
        c.save()
    return buf.getvalue()


def extract_text(pdf: bytes) -> str:
    """The text of ``pdf`` page by page (pypdf), pages separated by form feeds."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return "\f".join(page.extract_text() for page in reader.pages)
