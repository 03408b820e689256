"""Addresses: find them after their labels, decide whose they are, cut below county level.

An address is taken after a label (住址、家庭住址、户籍地、现住、家住、住所、地址、经营场所 …) up to the
next delimiter, and trimmed back to its last address-like character (号 室 栋 村 组 …). Whose it is:

* personal labels (住址、家庭住址、现住址、户籍地、户籍所在地、居住地、家住、暂住 …): a natural person;
* business labels (经营场所、经营地址、注册地址、营业场所、生产地址 …): an organization;
* neutral labels (住所、住所地、地址、联系地址、送达地址 …): the party whose block it is in. The block's
  head is the nearest ``当事人：X`` (or 被处罚人 …) before the label: X is looked up among the given
  parties, then among the detected person names, then judged by an organization suffix; failing
  that, 男/女/出生/身份证 between the head and the label mark a natural person.

Addresses of natural-person parties given in ``parties`` are found wherever they occur.

The cut: the address is parsed from its start as [province][prefecture][county] (each optional, in
this order) and everything after the last of them is the redacted part; an address with none of
them is redacted whole. ``江北市临江县城关镇幸福路12号3栋`` -> the span covers ``城关镇幸福路12号3栋``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Final

from zhifa.lib.redact._candidates import HAN, P_ADDRESS, Candidate, is_han, words
from zhifa.lib.redact._model import Party
from zhifa.lib.redact._names import looks_like_person_name


def _is_person(p: Party) -> bool:
    """A natural person, or a 个体工商户 without a 字号 (its name is its operator's: 马德福)."""
    return p.kind == "natural_person" or (p.kind == "individual_business" and looks_like_person_name(p.name))


_PERSONAL: Final = words(
    """
    家庭住址 家庭地址 家庭住所 现住址 现住所 现居住地 现居住 现居 现住 暂住地 暂住 经常居住地
    居住地址 居住地 居住在 居住于 户籍地址 户籍所在地 户籍地 户口所在地 户籍 身份证住址 身份证地址 住址
    家住 住在
    """
)
_BUSINESS: Final = words(
    """
    生产经营场所 生产经营地址 经营场所 经营地址 经营地点 营业场所 营业地址 注册地址 注册地 生产地址
    办公地址 办公场所 公司地址 门店地址 仓库地址
    """
)
_NEUTRAL: Final = words(
    """
    住所地 住所 联系地址 通讯地址 通信地址 送达地址 地址 地址/住址 地址或住址 住所或地址 住址或地址
    """
)
_KIND: Final = {**dict.fromkeys(_PERSONAL, "person"), **dict.fromkeys(_BUSINESS, "org")}
_KIND.update(dict.fromkeys(_NEUTRAL, "neutral"))


def _spaced(word: str) -> str:
    """A short label as a pattern that also matches it spread out (住 所, 地 址, 当 事 人); longer
    labels are not spread out in practice (and the alternation stays fast)."""
    if len(word) > 3:
        return re.escape(word)
    return "[ \t\u3000]?".join(re.escape(c) for c in word)


_LABEL_RE: Final = re.compile(
    "(?P<kw>"
    + "|".join(_spaced(w) for w in sorted(_KIND, key=len, reverse=True))
    + rf"|(?<![入留居暂现常])住(?=[{HAN}]{{2,12}}?(?:省|市|县|区|自治州|旗)|[:：]))"
    # 住所（住址）：… — the bracketed alternative label belongs to the label
    + r"(?:[(（](?:住址|住所|地址|经营场所)[)）])?"
    + r"(?P<sep>[:：]|为|是|在|于)?[ \t\u3000]*"
)

# Where an address run stops: delimiters, and labels of the next field.
_STOP_RE: Final = re.compile(
    r"[，,。；;、\n\r\t]|\s{2,}|\s(?=\d{4}年)|(?:联系|电话|手机|身份证|公民身份|邮箱|电子邮|统一社会|信用代码|法定代表|负责人|经营者|邮编"
    r"|邮政编码|护照|开户|银行|账号|出生|民族|性别|职业|工作单位)"
)
_MAX_LEN: Final = 60
# Characters an address may end with (a run is trimmed back to the last of them or a digit/letter).
_FINAL: Final = frozenset(
    "号室栋幢座楼层组村社区苑园院弄巷里街路道屯寨堡庄湾坪场县市镇乡单元户队屋舍厦城坊圩岗岭房"
)
_ADDRESSY: Final = re.compile(
    rf"[{HAN}]{{0,12}}?(?:省|市|县|区|镇|乡|街道|村|路|街|巷|弄|号|组|社区|小区|大道)"
)

_NAME_CHAR: Final = f"[{HAN}]"
_COMPONENT_REST_EXCL: Final = "省市县区镇乡村路街巷号"
_REST: Final = f"[^\\W\\d_A-Za-z{_COMPONENT_REST_EXCL}]"
_ADMIN_RE: Final = re.compile(
    r"(?P<prov>(?:北京|天津|上海|重庆)市|(?:内蒙古|广西壮族|西藏|宁夏回族|新疆维吾尔)自治区|(?:香港|澳门)特别行政区"
    rf"|{_NAME_CHAR}{_REST}{{1,3}}?省)?"
    rf"(?P<city>{_NAME_CHAR}{_REST}{{1,7}}?(?:自治州|地区|市|盟))?"
    rf"(?P<county>{_NAME_CHAR}{_REST}{{0,7}}?(?:自治县|自治旗|林区|特区|县|区|旗|市))?"
)

_HEAD_RE: Final = re.compile(
    "(?:"
    + "|".join(_spaced(w) for w in ("当事人", "被处罚人", "被检查人", "被申请人", "申请人", "第三人"))
    + r")(?:姓名|名称)?(?:[(（][^()（）\n]{0,8}[)）]|或姓名|或名称)?(?:[:：]|为|是)?[ \t]*"
)
_PERSON_SIGNS: Final = re.compile(
    r"[，,、：:\s](?:男|女)(?:[，,、\s]|$)|出生|身份证|公民身份号码|(?:汉|回|满|壮|苗|维吾尔|藏|蒙古|土家|彝)族"
)
_ORG_SIGNS: Final = re.compile(r"统一社会信用代码|法定代表人|主体类型|注册资本|成立日期|营业执照")
_ORG_SUFFIX: Final = re.compile(
    r"(?:公司|合作社|经营部|商行|超市|药房|药店|诊所|门诊部|卫生院|医院|学校|幼儿园|酒店|酒楼|宾馆|饭店|餐厅|面馆"
    r"|网吧|网咖|门市|商店|工作室|加工厂|加工坊"
    r"|店|厂|场|中心|事务所|集团|协会|委员会|银行|加油站|站|部|馆|社|院|所|个体工商户)"
)
_ORG_SUFFIX_END: Final = re.compile(_ORG_SUFFIX.pattern + "$")
# An empty field (统一社会信用代码：, 主体资格证照名称：) is no salutation.
_FIELD_END: Final = re.compile(
    r"(?:代码|名称|号码|住所|住址|地址|电话|方式|代表人|经营者|负责人|类型|日期|范围)$"
)
# A decision addressed to an organization opens with its name and a colon on a line of its own
# (汨罗市恒锋新材料有限公司：): that is the head of the block as much as 当事人：… is.
_SALUTATION_RE: Final = re.compile(
    r"(?:^|\n)[ \t]*([^\n：:，,。]{2,40}?)(?:（个体工商户）|\(个体工商户\))?[：:][ \t]*(?=\n)"
)
_REDACTED_PERSON: Final = re.compile(rf"[{HAN}]{{1,2}}(?:某{{1,2}}|××|\*\*?)[{HAN}]?")
_HEAD_ENTITY_END: Final = re.compile(r"[，,。；;\n（(]")


def cut_point(address: str) -> int:
    """Index in ``address`` after its county-level part (0 when it has no administrative prefix)."""
    m = _ADMIN_RE.match(address)
    if m is None:
        return 0
    return max(
        m.end("prov") if m.group("prov") else 0,
        m.end("city") if m.group("city") else 0,
        m.end("county") if m.group("county") else 0,
    )


def _trim(view: str, start: int, end: int) -> int:
    while end > start and not (
        view[end - 1] in _FINAL or (view[end - 1].isascii() and view[end - 1].isalnum())
    ):
        end -= 1
    return end


def _run_end(view: str, start: int) -> int:
    limit = min(len(view), start + _MAX_LEN)
    m = _STOP_RE.search(view, start, limit)
    end = m.start() if m else limit
    # A bracket opened inside the address may hold a building name; an unmatched closing one ends it.
    for i in range(start, end):
        if view[i] in ")）" and "(" not in view[start:i] and "（" not in view[start:i]:
            end = i
            break
    return _trim(view, start, end)


def _owner(
    view: str,
    kw_start: int,
    person_spans: Sequence[tuple[int, int]],
    parties: Sequence[Party],
) -> str:
    """``person`` or ``org`` for a neutral label at ``kw_start``."""
    window_start = max(0, kw_start - 300)
    head = None
    for m in _HEAD_RE.finditer(view, window_start, kw_start):
        head = m
    salutation = None
    for m in _SALUTATION_RE.finditer(view, window_start, kw_start):
        salutation = m
    if salutation is not None and (head is None or salutation.start() > head.start()):
        entity = salutation.group(1).strip()
        if _ORG_SUFFIX_END.search(entity) and not _FIELD_END.search(entity):
            return "org"
        if any(p.name == entity and _is_person(p) for p in parties):
            return "person"
    seg_start = head.end() if head else max(0, kw_start - 120)
    if head is not None:
        em = _HEAD_ENTITY_END.search(view, head.end(), kw_start)
        entity = view[head.end() : em.start() if em else kw_start].strip()
        for p in parties:
            if p.name and (entity == p.name or entity.startswith(p.name)):
                return "person" if _is_person(p) else "org"
        for a, b in person_spans:
            if a == head.end() and b - a >= len(entity) - 1:
                return "person"
        if _REDACTED_PERSON.fullmatch(entity):
            return "person"  # 当事人：蒋某 — a person already pseudonymized
        if _ORG_SUFFIX.search(entity):
            return "org"
    segment = view[seg_start:kw_start]
    if _PERSON_SIGNS.search(segment):
        return "person"
    if _ORG_SIGNS.search(segment):
        return "org"
    for a, _ in person_spans:
        if seg_start <= a < kw_start:
            return "person"
    return "org"


def _headed_by_org(view: str, kw_start: int, parties: Sequence[Party]) -> bool:
    """The block holding ``kw_start`` is headed by an organization: its salutation line names one,
    or its 当事人：… is an organization party or has an organization's suffix."""
    window_start = max(0, kw_start - 300)
    head = None
    for m in _HEAD_RE.finditer(view, window_start, kw_start):
        head = m
    salutation = None
    for m in _SALUTATION_RE.finditer(view, window_start, kw_start):
        salutation = m
    if salutation is not None and (head is None or salutation.start() > head.start()):
        entity = salutation.group(1).strip()
        return bool(_ORG_SUFFIX_END.search(entity)) and not _FIELD_END.search(entity)
    if head is None:
        return False
    em = _HEAD_ENTITY_END.search(view, head.end(), kw_start)
    entity = view[head.end() : em.start() if em else kw_start].strip()
    for p in parties:
        if p.name and (entity == p.name or entity.startswith(p.name)):
            return not _is_person(p)
    return bool(_ORG_SUFFIX_END.search(entity))


def _line_start(view: str, pos: int) -> bool:
    i = pos - 1
    while i >= 0 and view[i] in " \t\u3000":
        i -= 1
    return i < 0 or view[i] == "\n"


# A field of the party's own line (当事人：蔡勇，男，身份证号…，定州市李亲顾镇北庄村。) that is an address
# without a label: an administrative prefix, address words, an address-like end.
_FIELD_SPLIT: Final = re.compile(r"[，,；;]")


def _unlabelled_in_head(view: str, person_spans: Sequence[tuple[int, int]]) -> Iterator[tuple[int, int, int]]:
    """(start, cut, end) of unlabelled address fields in a natural person's 当事人 line."""
    for head in _HEAD_RE.finditer(view):
        line_end = len(view)
        for stop in ("\n", "。"):
            i = view.find(stop, head.end())
            if 0 <= i < line_end:
                line_end = i
        line = view[head.end() : line_end]
        if not (_PERSON_SIGNS.search(line) or any(a == head.end() for a, _ in person_spans)):
            continue
        pos = head.end()
        for field in _FIELD_SPLIT.split(line):
            f_start = pos + len(field) - len(field.lstrip())
            f_end = pos + len(field.rstrip())
            pos += len(field) + 1
            text = view[f_start:f_end]
            if f_start == head.end() or len(text) < 5 or ":" in text or "：" in text:
                continue
            if is_address_like(text):
                yield f_start, f_start + cut_point(text), f_end


def is_address_like(text: str) -> bool:
    """An administrative prefix, an address word, an address-like end, no organization suffix."""
    if text[-1] not in _FINAL or not any(c in "省市县区旗州盟" for c in text):
        return False
    if not all(is_han(c) or c.isalnum() or c in "-－" for c in text):
        return False
    cut = cut_point(text)
    return cut > 0 and _ADDRESSY.search(text, cut) is not None and not _ORG_SUFFIX.search(text)


def find_addresses(
    view: str, parties: Sequence[Party], person_spans: Sequence[tuple[int, int]]
) -> Iterator[Candidate]:
    """Address candidates: ``qualifier`` is ``natural_person`` or ``organization``; the span is the
    part below county level (callers that keep organizations' addresses drop those)."""
    seen: set[tuple[int, int]] = set()
    for p in parties:
        addr = p.address.strip()
        if len(addr) < 4:
            continue
        owner = "natural_person" if _is_person(p) else "organization"
        start = view.find(addr)
        while start >= 0:
            cut = start + cut_point(addr)
            end = start + len(addr)
            if cut < end and (cut, end) not in seen:
                seen.add((cut, end))
                yield Candidate(
                    cut,
                    end,
                    "address",
                    P_ADDRESS + (owner == "natural_person"),
                    "party",
                    owner,
                    full_start=start,
                )
            start = view.find(addr, start + 1)
    for m in _LABEL_RE.finditer(view):
        start = m.end()
        if start >= len(view):
            continue
        end = _run_end(view, start)
        if end - start < 2 or not _ADDRESSY.search(view, start, end):
            continue
        kind = _KIND.get(re.sub(r"\s", "", m.group("kw")), "person")
        if kind == "neutral":
            kind = _owner(view, m.start(), person_spans, parties)
        elif (
            kind == "person"
            and _line_start(view, m.start())
            and not _PERSON_SIGNS.search(view, view.rfind("\n", 0, m.start()) + 1, m.start())
        ):
            # 住址： on its own line in a block headed by a company is the company's address (an
            # environmental decision to 汨罗市恒锋新材料有限公司 writes 住址：汨罗市罗江镇金塘村).
            kind = "org" if _headed_by_org(view, m.start(), parties) else "person"
        cut = start + cut_point(view[start:end])
        if cut >= end or (cut, end) in seen:
            continue
        seen.add((cut, end))
        owner = "natural_person" if kind == "person" else "organization"
        yield Candidate(cut, end, "address", P_ADDRESS, "label", owner, full_start=start)
        if owner == "natural_person" and end - start >= 6:
            # The same home written again elsewhere (在海门市常乐镇新港村4组16号施长根家中检查).
            whole = view[start:end]
            again = view.find(whole)
            while again >= 0:
                c = again + (cut - start)
                if again != start and (c, again + len(whole)) not in seen:
                    seen.add((c, again + len(whole)))
                    yield Candidate(
                        c, again + len(whole), "address", P_ADDRESS, "repeat", owner, full_start=again
                    )
                again = view.find(whole, again + 1)
    for start, cut, end in _unlabelled_in_head(view, person_spans):
        if (cut, end) not in seen and not any(a < end and cut < b for a, b in seen):
            seen.add((cut, end))
            yield Candidate(cut, end, "address", P_ADDRESS, "head", "natural_person", full_start=start)
