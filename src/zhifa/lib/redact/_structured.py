"""Structured identifiers: resident IDs, phones, bank cards, plates, e-mail, passports and permits,
property certificates, unified social credit codes.

Every pattern runs on the same-length ASCII-folded view of the text and is fenced by explicit
look-arounds on ASCII letters and digits (``(?<![0-9A-Za-z])`` … ``(?![0-9A-Za-z])``): Chinese
characters are ``\\w`` in Python, so ``\\b`` would never fire between ``号`` and ``1``, while the
look-arounds also stop an 18-digit ID from being cut out of a longer run of digits. Each match is
then checked with the validators of :mod:`zhifa.lib.identifiers` (check digits, dates, area codes,
Luhn). A token that fails its check is still taken when it stands right after its own label
(``身份证号码：`` …): a mistyped ID is still somebody's ID.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from zhifa.lib.identifiers import (
    check_bank_card,
    check_credit_code,
    check_landline,
    check_mobile,
    check_resident_id,
)
from zhifa.lib.redact._candidates import HAN, P_RESCUED, P_STRUCTURED, Candidate

_L: Final = r"(?<![0-9A-Za-z])"
_R: Final = r"(?![0-9A-Za-z])"
# Numbers followed by a unit or preceded by 第 are amounts, counts or document numbers.
_UNIT_AFTER: Final = re.compile(
    r"\s?(?:元|万|亿|%|‰|年|月|日|个|件|次|吨|公斤|千克|克|米|平方|立方|号(?!码))"
)
_DECIMAL_AROUND: Final = re.compile(r"\.\d")

_ID18: Final = re.compile(_L + r"\d{6}[ \-]?\d{8}[ \-]?\d{3}[0-9Xx]" + _R)
_ID15: Final = re.compile(_L + r"\d{15}" + _R)
_MOBILE: Final = re.compile(
    r"(?<![0-9A-Za-z+])(?:(?:\+|00)86[ \-]?|\(\+?86\)[ \-]?|86[ \-]?)?1[3-9]\d(?:[ \-]?\d{4}){2}" + _R
)
_LANDLINE: Final = re.compile(
    r"(?<![0-9A-Za-z+])"
    r"(?:(?:\+|00)86[ \-]?)?"
    r"(?:\((?P<area1>010|02\d|0[3-9]\d{2})\)|(?P<area2>010|02\d|0[3-9]\d{2}))[ \-]?"
    r"(?P<local>[2-9]\d{2,3}[ \-]?\d{4})"
    r"(?:(?:-|转|分机|ext\.?|#)(?P<ext>\d{1,6}))?" + _R
)
# Hong Kong (+852, 8 digits, first 2-9) and Macao (+853, 8 digits: mobiles 6…, landlines 28…)
# numbers, written with their country code (``+852 9123 4567``, ``(853) 6612 3456``, ``00852-…``):
# without the code an 8-digit run is too often something else.
_HKMO: Final = re.compile(
    r"(?<![0-9A-Za-z+])(?:(?:\+|00)(?:852|853)|\(\+?(?:852|853)\))[ \-]?[2-9]\d{3}[ \-]?\d{4}" + _R
)
_CARD: Final = re.compile(
    _L + r"(?:\d{4}(?:[ \-]\d{4}){2,3}(?:[ \-]\d{1,3})?|\d{6}[ \-]\d{6,13}|\d{12,19})" + _R
)
_EMAIL: Final = re.compile(
    r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]{0,63}@"
    r"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?)*"
    r"\.[A-Za-z]{2,24}(?![A-Za-z0-9\-])"
)
PROVINCE_ABBR: Final = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_PLATE_LETTER: Final = "A-HJ-NP-Z"
_PLATE: Final = re.compile(
    rf"[{PROVINCE_ABBR}][{_PLATE_LETTER}](?P<sep>[ ·\-]?)"
    rf"(?P<serial>[A-HJK][{_PLATE_LETTER}0-9]\d{{4}}|\d{{5}}[A-HJK]"
    rf"|[{_PLATE_LETTER}0-9]{{4}}[{_PLATE_LETTER}0-9挂学警港澳])" + _R
)
_PASSPORT: Final = re.compile(
    _L
    + rf"(?:E[{_PLATE_LETTER}0-9]\d{{7}}|[EGDSP]\d{{8}}|[CHMTL]\d{{8}}|[HM]\d{{10}}"
    + rf"|C[{_PLATE_LETTER}]\d{{7}})"
    + _R
)
# A drug's or a licence's number looks like a permit's: 国药准字H43021859, 许可证编号：湘CB7314736号
# (a province's abbreviation glued to it). After these it is no travel document.
_LICENCE_BEFORE: Final = re.compile(
    r"(?:[准备]字|许可证?(?:编号|号)?[:：]?[\u4e00-\u9fff]?|[\u4e00-\u9fff]字)$"
)
_CREDIT: Final = re.compile(_L + r"[0-9A-HJ-NP-RTUW-Y]{2}\d{6}[0-9A-HJ-NP-RTUW-Y]{10}" + _R)
_PROPERTY: Final = re.compile(
    # 浙(2021)杭州市不动产权第0123456号, 苏(2020)南京市不动产证明第0012345号
    rf"[{PROVINCE_ABBR}]\(\d{{4}}\)[{HAN}]{{1,12}}?不动产(?:权|证明)第 ?\d{{4,10}} ?号"
    # X京房权证朝字第123456号, 杭房权证西移字第12345678号, 呼房权证字第01234567号 (no district),
    # 房地产权证, 房屋所有权证, and a year in brackets before 第 (乌房权证义字(2008)第12345号)
    rf"|(?P<pre1>(?:X|[{HAN}]){{0,3}})房(?:权|屋所有权|地产权|地权|产)证[{HAN}]{{0,4}}字"
    rf"(?:\(\d{{4}}\))?第 ?\d{{3,12}} ?号"
    # 沪房地浦字(2005)第012345号
    rf"|[{PROVINCE_ABBR}]房地[{HAN}]{{1,4}}字\(\d{{4}}\)第 ?\d{{3,12}} ?号"
    # 杭国用(2010)第123456号, 集用 / 集建
    rf"|(?P<pre2>[{HAN}]{{1,3}})(?:国用|集用|集建)\(\d{{4}}\)第? ?\d{{3,12}} ?号"
)
# Characters that end the word before a certificate number (登记于杭国用… -> 杭国用…).
_PROPERTY_LEFT_STOP: Final = frozenset("的有为是号持和及与其将把在于至入记登证书码即系：:、，")

_RESCUE: Final = re.compile(
    r"(?P<kw>公民身份号码|居民身份证号码|身份证件号码|身份证号码|身份证号|身份证|证件号码|证件号"
    r"|联系电话|联系方式|电话号码|手机号码|手机号|手机|电话|固话|座机|传真|微信号|QQ号|QQ"
    r"|银行账号|银行卡号|开户账号|收款账号|账号|卡号|账户"
    r"|护照号码|护照号|护照|通行证号码|通行证号|通行证|台胞证号|台胞证|回乡证号|回乡证"
    r"|不动产权证号|不动产权证书号|房产证号|房屋所有权证号|土地证号|权属证书编号|产权证号|产权证书编号"
    r"|登记证书编号"
    r"|统一社会信用代码|信用代码"
    r"|车牌号码|车牌号|号牌号码|车牌)"
    r"(?:[:：]|为|是)?\s?"
    # A space (not a line break: the next line may start with a date) may group the digits.
    rf"(?P<v>[{PROVINCE_ABBR}{HAN}]?[0-9A-Za-z](?:[0-9A-Za-z\-·]|[ \t](?=\d)){{4,29}})" + _R
)
_RESCUE_CATEGORY: Final = {
    "公民身份号码": "id_number",
    "居民身份证号码": "id_number",
    "身份证件号码": "id_number",
    "身份证号码": "id_number",
    "身份证号": "id_number",
    "身份证": "id_number",
    "证件号码": "id_number",
    "证件号": "id_number",
    "统一社会信用代码": "credit_code",
    "信用代码": "credit_code",
    "车牌号码": "vehicle_plate",
    "车牌号": "vehicle_plate",
    "号牌号码": "vehicle_plate",
    "车牌": "vehicle_plate",
}
for _kw in ("联系电话", "联系方式", "电话号码", "手机号码", "手机号", "手机", "电话", "固话", "座机", "传真"):
    _RESCUE_CATEGORY[_kw] = "phone"
for _kw in ("微信号", "QQ号", "QQ"):
    _RESCUE_CATEGORY[_kw] = "phone"  # instant-messaging IDs are 通讯方式 too (legal-rules §6.3)
for _kw in ("银行账号", "银行卡号", "开户账号", "收款账号", "账号", "卡号", "账户"):
    _RESCUE_CATEGORY[_kw] = "bank_account"
for _kw in (
    "护照号码",
    "护照号",
    "护照",
    "通行证号码",
    "通行证号",
    "通行证",
    "台胞证号",
    "台胞证",
    "回乡证号",
    "回乡证",
):
    _RESCUE_CATEGORY[_kw] = "passport"
for _kw in (
    "不动产权证号",
    "不动产权证书号",
    "房产证号",
    "房屋所有权证号",
    "土地证号",
    "权属证书编号",
    "产权证号",
    "产权证书编号",
    "登记证书编号",
):
    _RESCUE_CATEGORY[_kw] = "property_certificate"
_CREDIT_CONTEXT: Final = re.compile(r"(?:信用代码|注册号|组织机构代码)[:：]?\s?$")


def _looks_like_amount(view: str, start: int, end: int) -> bool:
    if _UNIT_AFTER.match(view, end) or _DECIMAL_AROUND.match(view, end):
        return True
    return start > 0 and view[start - 1] in "第.￥¥$"


def _digits_only(s: str) -> str:
    return "".join(c for c in s if c.isdigit() or c in "Xx")


def find_structured(view: str) -> list[Candidate]:
    """All structured identifiers in ``view`` (the ASCII-folded text); they may overlap each other,
    but one span has one category: the category its label gives it (银行账号：…) if it has a label,
    else the one with the highest priority (an all-digit credit code that also passes Luhn is a
    credit code)."""
    by_span: dict[tuple[int, int], list[Candidate]] = {}
    for c in _find_all(view):
        by_span.setdefault((c.start, c.end), []).append(c)
    out: list[Candidate] = []
    for group in by_span.values():
        rescued = [c for c in group if c.source == "rescued"]
        category = rescued[0].category if rescued else max(group, key=lambda c: c.priority).category
        if category == "credit_code" and any(c.category == "id_number" for c in group):
            # A valid resident ID under a credit-code label (a natural person has no credit code;
            # forms print the ID in that field): it is the person's ID.
            category = "id_number"
        out.extend(c for c in group if c.category == category)
    return out


def _find_all(view: str) -> Iterator[Candidate]:
    has_digit = any(c.isdigit() for c in view)
    if has_digit:
        yield from _find_numbers(view)
        yield from _find_property(view)
        yield from _find_rescued(view)
    if "@" in view:
        for m in _EMAIL.finditer(view):
            yield Candidate(m.start(), m.end(), "email", P_STRUCTURED, "email")
    if has_digit:
        for m in _PLATE.finditer(view):
            if any(c.isdigit() for c in m.group("serial")):
                yield Candidate(m.start(), m.end(), "vehicle_plate", P_STRUCTURED, "plate")
        for m in _PASSPORT.finditer(view):
            if not _LICENCE_BEFORE.search(view, max(0, m.start() - 10), m.start()):
                yield Candidate(m.start(), m.end(), "passport", P_STRUCTURED, "passport")


def _find_numbers(view: str) -> Iterator[Candidate]:
    for m in _ID18.finditer(view):
        raw = _digits_only(m.group())
        id_ok = check_resident_id(raw).ok
        credit_ok = check_credit_code(raw).ok
        if id_ok and not (credit_ok and _CREDIT_CONTEXT.search(view, max(0, m.start() - 12), m.start())):
            yield Candidate(m.start(), m.end(), "id_number", P_STRUCTURED, "id18")
    for m in _ID15.finditer(view):
        if check_resident_id(m.group()).ok and not _looks_like_amount(view, m.start(), m.end()):
            yield Candidate(m.start(), m.end(), "id_number", P_STRUCTURED, "id15")
    for m in _MOBILE.finditer(view):
        raw = m.group().replace("(", "").replace(")", "")
        if check_mobile(raw).ok and not _looks_like_amount(view, m.start(), m.end()):
            yield Candidate(m.start(), m.end(), "phone", P_STRUCTURED, "mobile")
    for m in _LANDLINE.finditer(view):
        area = m.group("area1") or m.group("area2")
        local = m.group("local").replace(" ", "").replace("-", "")
        normalized = f"{area}-{local}" + (f"-{m.group('ext')}" if m.group("ext") else "")
        if check_landline(normalized).ok and not _looks_like_amount(view, m.start(), m.end()):
            yield Candidate(m.start(), m.end(), "phone", P_STRUCTURED, "landline")
    for m in _HKMO.finditer(view):
        yield Candidate(m.start(), m.end(), "phone", P_STRUCTURED, "hkmo")
    for m in _CARD.finditer(view):
        if check_bank_card(m.group()).ok and not _looks_like_amount(view, m.start(), m.end()):
            yield Candidate(m.start(), m.end(), "bank_account", P_STRUCTURED - 1, "card")
    for m in _CREDIT.finditer(view):
        if check_credit_code(m.group()).ok:
            yield Candidate(m.start(), m.end(), "credit_code", P_STRUCTURED, "credit")


_PROPERTY_HINTS: Final = ("不动产", "房权证", "房屋所有权证", "房产证", "房地", "国用", "集用", "集建")


def _find_property(view: str) -> Iterator[Candidate]:
    if not any(h in view for h in _PROPERTY_HINTS):
        return
    for m in _PROPERTY.finditer(view):
        start = m.start()
        for group in ("pre1", "pre2"):
            pre = m.group(group)
            if pre:
                # The optional leading characters may have caught the end of the preceding words.
                cut = max((i + 1 for i, ch in enumerate(pre) if ch in _PROPERTY_LEFT_STOP), default=0)
                start = m.start(group) + cut
        if start < m.end():
            yield Candidate(start, m.end(), "property_certificate", P_STRUCTURED, "property")


def _find_rescued(view: str) -> Iterator[Candidate]:
    for m in _RESCUE.finditer(view):
        value = m.group("v").rstrip(" -·")
        digits = sum(c.isdigit() for c in value)
        category = _RESCUE_CATEGORY[m.group("kw")]
        if category == "vehicle_plate":
            if digits < 3 or not ("A" <= value[1:2].upper() <= "Z"):
                continue
        elif digits < 5:
            continue
        start = m.start("v")
        yield Candidate(start, start + len(value), category, P_RESCUED, "rescued")
