"""The legal-basis cell (执法依据) of the items registry, as agencies really write it.

A cell holds references separated by "；", ";" or line breaks (not inside quotation marks). Each
reference is::

    [enumerator] [role ("：" | ":")] law [version] [articles] [quoted text]

    enumerator := "1." | "（一）" | "一、" | "【法律】" …            (dropped)
    role       := "设定依据" | "处罚依据" | "程序依据" | "实施依据" | "依据"   (default: 设定依据)
    law        := "《" name "》" | a name followed by an article (the name is kept as written)
    version    := "（" … year "年" … "修订"|"修正"|"修改"|"公布" "）"   ("（2015年修订）",
                  "（2009年2月28日主席令第九号，2015年4月24日修订）": the last one counts);
                  other parentheses after 《》 (a document number such as "（国发〔2016〕58号）") are
                  kept in the reference's text only
    articles   := ref { ("、" | "，" | "和" | "及" | "以及") ref } | 第N条 "至" 第M条
    ref        := "第" N "条" ["之" N] | "第" N "款" | "第" ["（"] N ["）"] "项"
                  (a 款 or 项 after a separator continues the article before it:
                  "第12条第1款、第2款" is 第12条第1款 and 第12条第2款)
    quoted     := after "：", "规定" or a quotation mark, the article's text (kept as text;
                  it may itself contain "；")
    N          := Arabic digits ("124") or Chinese numerals ("一百二十四")

Several laws in one reference ("《甲法》第二条、《乙法》第三条") are several references. A 规范性文件
or any document in 《》 may be cited without an article (the whole document).

Nothing is refused: a reference that does not fit is kept as written with ``problem`` saying why, and
the item shows it for review. A blank cell is no basis at all (a gap to fill, not an error).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from zhifa.catalog.models import LegalBasis
from zhifa.catalog.services import BasisRef, parse_version_label
from zhifa.lib.chinese_numbers import DIGIT_VALUES, SMALL_UNITS

_CN_DIGITS = DIGIT_VALUES
_CN_UNITS = SMALL_UNITS

_NUMBER = r"[0-9０-９零〇一二两三四五六七八九十百千]+"
_ROLES = {
    "设定依据": LegalBasis.Role.DUTY,
    "实施依据": LegalBasis.Role.DUTY,
    "依据": LegalBasis.Role.DUTY,
    "处罚依据": LegalBasis.Role.PENALTY,
    "程序依据": LegalBasis.Role.PROCEDURE,
}
_ROLE = re.compile(r"\s*(?P<role>设定依据|处罚依据|程序依据|实施依据|依据)\s*[:：]\s*")
_ENUMERATOR = re.compile(
    r"\s*(?:【[^】]*】|\[[^\]]*\]|[(（]\s*[0-9０-９一二三四五六七八九十]+\s*[)）]"
    r"|[0-9０-９]+\s*[.．、](?!\d)|[一二三四五六七八九十]+\s*、)\s*"
)
_BRACKETED_LAW = re.compile(r"\s*《(?P<law>[^《》]+)》\s*")
_BARE_LAW = re.compile(
    rf"\s*(?P<law>[^《》;；:：“”\"「」\s][^《》;；:：“”\"「」]*?)\s*(?=第\s*{_NUMBER}\s*条)"
)
_PAREN = re.compile(r"\s*[(（](?P<inner>[^()（）]*)[)）]\s*")
_TRAILING_PAREN = re.compile(r"[(（](?P<inner>[^()（）]*)[)）]\s*$")
_ARTICLE = re.compile(rf"\s*第\s*(?P<n>{_NUMBER})\s*条(?:\s*之\s*(?P<suffix>{_NUMBER}))?")
_PARAGRAPH = re.compile(rf"\s*第\s*(?P<n>{_NUMBER})\s*款")
_CLAUSE = re.compile(rf"\s*第?\s*[(（]?\s*(?P<n>{_NUMBER})\s*[)）]?\s*项")
_JOIN = re.compile(r"\s*(?:以及|[、，,和及与])\s*")
_RANGE = re.compile(r"\s*(?:至|到|～|~|—|-)\s*")
_QUOTE_START = re.compile(r"\s*(?:的?规定\s*[:：，,]?|[:：]|(?=[“\"「‘]))\s*|\s+")
_QUOTES = {"“": "”", "「": "」", "‘": "’", '"': '"'}
_MAX_RANGE = 50

GRAMMAR_HINT = "格式应为“《法律名称》第N条[第N款][第N项]”，多条依据用分号分隔"


class _Unparsed(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def parse_chinese_number(text: str) -> int | None:
    """``124``, ``一百二十四``, ``十二``, ``一百零五``, ``两千``… → int; None if not a number in 1..9999."""
    text = unicodedata.normalize("NFKC", text)
    if text.isascii() and text.isdigit():
        value = int(text)
        return value if 0 < value <= 9999 else None
    total = 0
    digit: int | None = None
    last_unit = 10_000
    zero_seen = False
    for ch in text:
        if ch in _CN_DIGITS:
            if digit is not None:
                return None  # two digits in a row ("一二")
            d = _CN_DIGITS[ch]
            if d == 0:
                if zero_seen or total == 0:
                    return None
                zero_seen = True
                continue
            digit = d
        elif ch in _CN_UNITS:
            unit = _CN_UNITS[ch]
            if unit >= last_unit:
                return None
            if digit is None:
                if unit != 10 or total != 0:  # only a leading 十 may stand without a digit
                    return None
                digit = 1
            total += digit * unit
            digit = None
            last_unit = unit
            zero_seen = False
        else:
            return None
    if digit is not None:
        if zero_seen or last_unit == 10_000 or last_unit == 10:
            total += digit
        else:
            # "一百五" (colloquial 150) is not how statutes number articles.
            return None
    return total if 0 < total <= 9999 else None


def split_references(text: str) -> list[str]:
    """The cell's references: split at "；", ";" and line breaks outside quotation marks."""
    parts: list[str] = []
    current: list[str] = []
    closing: str | None = None
    for ch in text:
        if closing is not None:
            current.append(ch)
            if ch == closing:
                closing = None
            continue
        if ch in _QUOTES:
            closing = _QUOTES[ch]
            current.append(ch)
        elif ch in ";；\n\r":
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p.strip().rstrip("。").strip() for p in parts if p.strip().rstrip("。").strip()]


def parse_basis(text: str) -> list[BasisRef]:
    """Parse a legal-basis cell into references. Never raises: what does not fit is kept as text."""
    refs: list[BasisRef] = []
    for part in split_references(text):
        try:
            refs.extend(_parse_reference(part))
        except _Unparsed as exc:
            previous = refs[-1] if refs else None
            if previous is not None and previous.quoted and not previous.problem:
                # The quoted article text went on past a "；" without quotation marks.
                quoted = f"{previous.quoted}；{part}"
                refs[-1] = replace(previous, quoted=quoted, text=f"{previous.text}；{part}")
                for i in range(len(refs) - 2, -1, -1):
                    if refs[i].text != previous.text:
                        break
                    refs[i] = replace(refs[i], quoted=quoted, text=refs[-1].text)
                continue
            refs.append(BasisRef(law="", article=None, text=part, problem=exc.message))
    return refs


def _number(raw: str, label: str) -> int:
    value = parse_chinese_number(raw)
    if value is None:
        raise _Unparsed(f"“第{raw}{label}”不是有效的序号，{GRAMMAR_HINT}")
    return value


def _parse_reference(part: str) -> list[BasisRef]:
    pos = 0
    while (e := _ENUMERATOR.match(part, pos)) is not None and e.end() > pos:
        pos = e.end()
    role: str = LegalBasis.Role.DUTY
    if (r := _ROLE.match(part, pos)) is not None:
        role = _ROLES[r["role"]]
        pos = r.end()
    refs: list[BasisRef] = []
    while True:
        law, version, pos = _law(part, pos)
        numbers, pos = _articles(part, pos)
        quoted = ""
        rest = part[pos:]
        after = _next_law(part, pos)
        if after is not None:
            pos = after
            more = True
        else:
            more = False
            if rest.strip():
                q = _QUOTE_START.match(part, pos)
                if q is None:
                    raise _Unparsed(f"无法识别“{rest.strip()}”，{GRAMMAR_HINT}")
                quoted = _strip_quotes(part[q.end() :])
        for article, suffix, paragraph, clause in numbers or [(None, None, None, None)]:
            refs.append(
                BasisRef(
                    law=law,
                    article=article,
                    article_suffix=suffix,
                    paragraph=paragraph,
                    clause=clause,
                    role=role,
                    version=version,
                    text=part,
                    quoted=quoted,
                )
            )
        if not more:
            return refs


def _next_law(part: str, pos: int) -> int | None:
    """Where another 《law》 of the same reference starts: after "、" or "和", or after spaces and an
    enumerator ("…第十三条 2.《城镇排水与污水处理条例》…"); None if the reference ends here."""
    j = _JOIN.match(part, pos) or re.compile(r"\s+").match(part, pos)
    if j is None:
        return None
    after = j.end()
    while (e := _ENUMERATOR.match(part, after)) is not None and e.end() > after:
        after = e.end()
    return after if part.startswith("《", after) else None


def _law(part: str, pos: int) -> tuple[str, str, int]:
    """The law's name and cited version at ``pos``; a name without 《》 must be followed by an article."""
    version = ""
    m = _BRACKETED_LAW.match(part, pos)
    if m is not None:
        law = m["law"].strip()
        pos = m.end()
        while (p := _PAREN.match(part, pos)) is not None:
            if parse_version_label(p["inner"]) is not None:
                version = p["inner"].strip()
            pos = p.end()
        return law, version, pos
    m = _BARE_LAW.match(part, pos)
    if m is None:
        raise _Unparsed(f"未能识别法律法规名称和条款，{GRAMMAR_HINT}")
    law = m["law"].strip()
    t = _TRAILING_PAREN.search(law)
    if t is not None and parse_version_label(t["inner"]) is not None:
        version = t["inner"].strip()
        law = law[: t.start()].strip()
    return law, version, m.end()


Numbers = tuple[int | None, int | None, int | None, int | None]


def _articles(part: str, pos: int) -> tuple[list[Numbers], int]:
    """ "第十二条、第十三条", "第12条第1款、第2款", "第十条之一", "第五条至第八条" → their numbers."""
    found: list[Numbers] = []
    article: int | None = None
    suffix: int | None = None
    paragraph: int | None = None
    clause: int | None = None
    pending = False

    def flush() -> None:
        if pending:
            found.append((article, suffix, paragraph, clause))

    while True:
        start = pos
        if found or pending:
            j = _JOIN.match(part, pos)
            r = _RANGE.match(part, pos)
            if r is not None and pending and paragraph is None and clause is None and article is not None:
                a = _ARTICLE.match(part, r.end())
                if a is not None:
                    last = _number(a["n"], "条")
                    if not article < last <= article + _MAX_RANGE:
                        raise _Unparsed(f"条文范围“{part[start : a.end()].strip()}”无效，{GRAMMAR_HINT}")
                    flush()
                    found.extend((n, None, None, None) for n in range(article + 1, last))
                    article, suffix = last, None
                    pos = a.end()
                    continue
            if j is not None:
                pos = j.end()
        if (a := _ARTICLE.match(part, pos)) is not None:
            flush()
            article = _number(a["n"], "条")
            suffix = _number(a["suffix"], "之") if a["suffix"] else None
            paragraph = clause = None
            pending = True
            pos = a.end()
        elif (p := _PARAGRAPH.match(part, pos)) is not None and article is not None:
            if paragraph is not None or clause is not None:
                flush()
            paragraph = _number(p["n"], "款")
            clause = None
            pending = True
            pos = p.end()
        elif (c := _CLAUSE.match(part, pos)) is not None and article is not None:
            if clause is not None:
                flush()
            clause = _number(c["n"], "项")
            pending = True
            pos = c.end()
        else:
            flush()
            return found, start


def _strip_quotes(text: str) -> str:
    text = text.strip()
    if text and text[0] in _QUOTES and text.endswith(_QUOTES[text[0]]) and len(text) > 1:
        text = text[1:-1].strip()
    return text
