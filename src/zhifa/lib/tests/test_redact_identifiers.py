"""Structured identifiers in zhifa.lib.redact: generated valid identifiers, embedded in Chinese prose
without spaces, must all be found (100 % recall) with the right category and offsets, and the
redacted text must keep none of their digits. Plus negative cases (order numbers, dates, amounts).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from zhifa.lib.identifiers import (
    CREDIT_CODE_CHARSET,
    PROVINCES,
    check_bank_card,
    check_resident_id,
    complete_credit_code,
    complete_resident_id,
    luhn_check_digit,
    resident_id_check_char,
)
from zhifa.lib.redact import Policy, redact

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ALL_REDACTED = Policy.national_default().with_overrides({"credit_code": "delete", "vehicle_plate": "delete"})

DIGITS = "0123456789"
_PROVINCE_CODES = sorted(c for c in PROVINCES if c not in ("71", "81", "82", "83"))

# ------------------------------------------------------------------------------------ generators


@st.composite
def resident_ids(draw: st.DrawFn, *, ending_x: bool | None = None) -> str:
    region = draw(st.sampled_from(_PROVINCE_CODES)) + draw(st.text(DIGITS, min_size=4, max_size=4))
    birth = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2024, 12, 31)))
    seq = draw(st.integers(0, 999))
    if ending_x is not None:
        # Walk the sequence code until the check character is (or is not) X: every residue mod 11
        # is reached within 11 steps.
        for step in range(1000):
            first17 = f"{region}{birth:%Y%m%d}{(seq + step) % 1000:03d}"
            if (resident_id_check_char(first17) == "X") == ending_x:
                break
    else:
        first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
    number = complete_resident_id(first17)
    if number.endswith("X") and draw(st.booleans()):
        number = number[:-1] + "x"
    return number


@st.composite
def resident_ids_15(draw: st.DrawFn) -> str:
    region = draw(st.sampled_from(_PROVINCE_CODES)) + draw(st.text(DIGITS, min_size=4, max_size=4))
    birth = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(1999, 12, 31)))
    return f"{region}{birth:%y%m%d}{draw(st.integers(0, 999)):03d}"


@st.composite
def mobiles(draw: st.DrawFn) -> str:
    body = "1" + draw(st.sampled_from("3456789")) + draw(st.text(DIGITS, min_size=9, max_size=9))
    a, b, c = body[:3], body[3:7], body[7:]
    return draw(
        st.sampled_from(
            [
                body,
                f"+86{body}",
                f"+86 {body}",
                f"+86-{body}",
                f"86{body}",
                f"0086{body}",
                f"{a} {b} {c}",
                f"{a}-{b}-{c}",
                f"+86 {a} {b} {c}",
                f"(+86){body}",
            ]
        )
    )


@st.composite
def landlines(draw: st.DrawFn) -> str:
    area = draw(st.sampled_from(["010", "020", "021", "022", "023", "0571", "0755", "0371", "0898", "0931"]))
    length = draw(st.sampled_from([7, 8])) if len(area) == 4 else 8
    local = draw(st.sampled_from("23456789")) + draw(
        st.text(DIGITS, min_size=length - 1, max_size=length - 1)
    )
    half = len(local) - 4
    return draw(
        st.sampled_from(
            [
                f"{area}-{local}",
                f"({area}){local}",
                f"{area} {local[:half]} {local[half:]}",
                f"{area}{local}",
                f"{area}-{local}-{draw(st.integers(1, 9999))}",
                f"{area}-{local}转{draw(st.integers(1, 999))}",
            ]
        )
    )


@st.composite
def bank_cards(draw: st.DrawFn) -> str:
    length = draw(st.integers(12, 19))
    prefix = draw(st.sampled_from(["62", "4", "5", "3"]))
    payload = prefix + draw(
        st.text(DIGITS, min_size=length - 1 - len(prefix), max_size=length - 1 - len(prefix))
    )
    number = payload + luhn_check_digit(payload)
    # A number that is also a valid resident ID is genuinely ambiguous (and found as an ID).
    assume(not check_resident_id(number).ok)
    style = draw(st.sampled_from(["plain", "space", "hyphen"]))
    if style == "plain" or length % 4 == 2 or length < 12:
        return number
    groups = [number[i : i + 4] for i in range(0, length, 4)]
    if len(groups[-1]) < 1:
        groups.pop()
    return (" " if style == "space" else "-").join(groups)


_PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


@st.composite
def plates(draw: st.DrawFn) -> str:
    head = draw(st.sampled_from(_PLATE_PROVINCES)) + draw(st.sampled_from(_PLATE_LETTERS))
    kind = draw(st.sampled_from(["standard", "nev_small", "nev_large"]))
    if kind == "standard":
        serial = draw(st.text(_PLATE_LETTERS + DIGITS, min_size=5, max_size=5))
        assume(any(c.isdigit() for c in serial))
    elif kind == "nev_small":
        serial = (
            draw(st.sampled_from("DF"))
            + draw(st.sampled_from(_PLATE_LETTERS + DIGITS))
            + draw(st.text(DIGITS, min_size=4, max_size=4))
        )
    else:
        serial = draw(st.text(DIGITS, min_size=5, max_size=5)) + draw(st.sampled_from("DF"))
    sep = draw(st.sampled_from(["", "·", " ", "•"]))
    return head + sep + serial


emails = st.builds(
    lambda user, dom, tld: f"{user}@{dom}.{tld}",
    st.from_regex(r"[a-z][a-z0-9]{0,8}(\.[a-z0-9]{1,6})?", fullmatch=True),
    st.from_regex(r"[a-z0-9]{2,10}(\.[a-z]{2,8})?", fullmatch=True),
    st.sampled_from(["com", "cn", "net", "org", "gov.cn", "com.cn"]),
)


@st.composite
def passports(draw: st.DrawFn) -> str:
    form = draw(st.sampled_from(["E8", "EL7", "G8", "C8", "CL7", "H8", "H10", "M8", "M10"]))
    letters = form.rstrip(DIGITS)
    n = int(form[len(letters) :])
    prefix = letters[0]
    if letters.endswith("L"):
        prefix += draw(st.sampled_from("ABCDEFGHJKLMNPQRSTUVWXYZ"))
    return prefix + draw(st.text(DIGITS, min_size=n, max_size=n))


@st.composite
def credit_codes(draw: st.DrawFn) -> str:
    head = draw(st.sampled_from(["91", "92", "93", "11", "12", "51", "52", "31"]))
    region = draw(st.sampled_from(_PROVINCE_CODES)) + draw(st.text(DIGITS, min_size=4, max_size=4))
    body = draw(st.text(CREDIT_CODE_CHARSET, min_size=8, max_size=8))
    return complete_credit_code(head + region + body)


@st.composite
def property_certificates(draw: st.DrawFn) -> str:
    n = draw(st.text(DIGITS, min_size=6, max_size=8))
    year = draw(st.integers(2000, 2025))
    return draw(
        st.sampled_from(
            [
                f"浙({year})杭州市不动产权第{n}号",
                f"苏（{year}）南京市不动产权第{n}号",
                f"X京房权证朝字第{n}号",
                f"杭房权证西移字第{n}号",
                f"沪房地浦字（{year}）第{n}号",
                f"杭国用（{year}）第{n}号",
            ]
        )
    )


# Chinese contexts without digits (so that any digit left in the output would be a leak).
_BEFORE = {
    "id_number": ["当事人身份证号", "公民身份号码：", "经核实，其身份证件号码为", "当事人（", "身份证"],
    "phone": ["联系电话", "联系电话：", "手机号码为", "当事人称其电话是", "请拨打"],
    "bank_account": ["银行账号", "开户账号：", "将款项转入", "收款卡号为", "账户"],
    "vehicle_plate": ["驾驶号牌为", "车牌号码：", "当事人驾驶的", "查获车辆"],
    "email": ["电子邮箱", "邮箱：", "发送至", "联系邮箱为"],
    "passport": ["护照号码", "护照号：", "往来港澳通行证号码", "持证件"],
    "credit_code": ["统一社会信用代码", "统一社会信用代码：", "信用代码为", "该公司"],
    "property_certificate": ["不动产权证号", "房屋所有权证号：", "持有", "登记于"],
}
_AFTER = ["，联系电话另行告知。", "。", "）的当事人", "，住址详见卷宗。", "的材料已收到", "，特此说明"]


def _embed(ident: str, category: str, before_idx: int, after_idx: int) -> tuple[str, int]:
    befores = _BEFORE[category]
    before = befores[before_idx % len(befores)]
    after = _AFTER[after_idx % len(_AFTER)]
    return before + ident + after, len(before)


def _assert_found(ident: str, category: str, before_idx: int, after_idx: int) -> None:
    text, start = _embed(ident, category, before_idx, after_idx)
    result = redact(text, policy=ALL_REDACTED)
    end = start + len(ident)
    matching = [s for s in result.spans if s.start == start and s.end == end]
    assert matching, f"{category} {ident!r} not found as a whole in {text!r}: {result.spans}"
    assert matching[0].category == category, (text, matching)
    assert matching[0].original == ident
    assert not any(c.isdigit() for c in result.text), (text, result.text)


@pytest.mark.parametrize("ending_x", [True, False])
@SETTINGS
@given(data=st.data(), before=st.integers(0, 20), after=st.integers(0, 20))
def test_resident_ids_18(ending_x: bool, data: st.DataObject, before: int, after: int) -> None:
    ident = data.draw(resident_ids(ending_x=ending_x))
    _assert_found(ident, "id_number", before, after)


@SETTINGS
@given(ident=resident_ids_15(), before=st.integers(0, 20), after=st.integers(0, 20))
def test_resident_ids_15(ident: str, before: int, after: int) -> None:
    _assert_found(ident, "id_number", before, after)


@SETTINGS
@given(ident=mobiles(), before=st.integers(0, 20), after=st.integers(0, 20))
def test_mobiles(ident: str, before: int, after: int) -> None:
    _assert_found(ident, "phone", before, after)


@SETTINGS
@given(ident=landlines(), before=st.integers(0, 20), after=st.integers(0, 20))
def test_landlines(ident: str, before: int, after: int) -> None:
    _assert_found(ident, "phone", before, after)


@SETTINGS
@given(ident=bank_cards(), before=st.integers(0, 20), after=st.integers(0, 20))
def test_bank_cards(ident: str, before: int, after: int) -> None:
    assert check_bank_card(ident).ok
    _assert_found(ident, "bank_account", before, after)


@SETTINGS
@given(ident=plates(), before=st.integers(0, 20), after=st.integers(0, 20))
def test_plates(ident: str, before: int, after: int) -> None:
    _assert_found(ident, "vehicle_plate", before, after)


@SETTINGS
@given(ident=emails, before=st.integers(0, 20), after=st.integers(0, 20))
def test_emails(ident: str, before: int, after: int) -> None:
    _assert_found(ident, "email", before, after)


@SETTINGS
@given(ident=passports(), before=st.integers(0, 20), after=st.integers(0, 20))
def test_passports(ident: str, before: int, after: int) -> None:
    _assert_found(ident, "passport", before, after)


@SETTINGS
@given(ident=credit_codes(), before=st.integers(0, 20), after=st.integers(0, 20))
def test_credit_codes_when_policy_redacts_them(ident: str, before: int, after: int) -> None:
    _assert_found(ident, "credit_code", before, after)


@SETTINGS
@given(ident=property_certificates(), before=st.integers(0, 20), after=st.integers(0, 20))
def test_property_certificates(ident: str, before: int, after: int) -> None:
    _assert_found(ident, "property_certificate", before, after)


@SETTINGS
@given(
    idn=resident_ids(),
    mob=mobiles(),
    card=bank_cards(),
    plate=plates(),
    mail=emails,
    passport=passports(),
)
def test_many_identifiers_in_one_paragraph(
    idn: str, mob: str, card: str, plate: str, mail: str, passport: str
) -> None:
    parts = [
        ("当事人身份证号", idn, "id_number"),
        ("，联系电话", mob, "phone"),
        ("，银行账号", card, "bank_account"),
        ("，驾驶车辆", plate, "vehicle_plate"),
        ("，邮箱", mail, "email"),
        ("，护照号码", passport, "passport"),
    ]
    text = ""
    expected = []
    for before, ident, category in parts:
        text += before
        expected.append((len(text), len(text) + len(ident), category))
        text += ident
    text += "。"
    result = redact(text, policy=ALL_REDACTED)
    got = {(s.start, s.end, s.category) for s in result.spans}
    assert set(expected) <= got, (text, result.spans)
    assert not any(c.isdigit() for c in result.text)


def test_the_example_of_the_issue() -> None:
    text = "当事人身份证号11010519491231002X，联系电话13912345678。"
    result = redact(text)
    assert [(s.category, s.original) for s in result.spans] == [
        ("id_number", "11010519491231002X"),
        ("phone", "13912345678"),
    ]
    assert result.text == "当事人身份证号[已隐去]，联系电话[已隐去]。"


def test_full_width_digits_are_found_with_input_offsets() -> None:
    text = "联系电话：１３９１２３４５６７８。"
    result = redact(text)
    assert [(s.start, s.end, s.category) for s in result.spans] == [(5, 16, "phone")]


# ------------------------------------------------------------------------------------- negatives


@pytest.mark.parametrize(
    "text",
    [
        "订单号2026031512已发货。",  # 10 digits
        "于20260315作出决定。",  # a date
        "罚款金额123456789元。",  # an amount
        "共计罚没款1234567890123元整。",  # a long amount (unit after it)
        "文号第123456789012号。",  # a document number (第…号)
        "编号1101051949123100211的文件。",  # an ID inside a longer digit run
        "编号A11010519491231002X的文件。",  # an ID glued to a letter
        "面积12345678.5平方米。",
        "检测值为13912345678.25毫克。",
        "第13912345678号通知。",
    ],
)
def test_negatives_are_not_identifiers(text: str) -> None:
    result = redact(text)
    assert [s for s in result.spans if s.category in ("id_number", "bank_account", "phone")] == [], (
        result.spans
    )


def test_an_invalid_id_is_taken_only_after_its_label() -> None:
    bad = "110105194912310021"  # check character should be X
    assert not check_resident_id(bad).ok
    assert redact(f"编号{bad}的文件").spans == ()
    spans = redact(f"身份证号码：{bad}，").spans
    assert [(s.category, s.original) for s in spans] == [("id_number", bad)]


def test_the_replacement_leaks_no_digit_by_default() -> None:
    text = (
        "身份证号11010519491231002X，手机13912345678，卡号6222021234567890128，"
        "邮箱a1b2@x9.cn，护照E12345678。"
    )
    result = redact(text)
    assert not re.search(r"\d", result.text), result.text


def test_credit_codes_are_kept_by_default() -> None:
    code = complete_credit_code("91330100MA27XYK1")
    result = redact(f"统一社会信用代码：{code}。")
    assert result.spans == ()
    assert code in result.text


def test_plate_replacement_keeps_province_and_letter() -> None:
    result = redact("驾驶浙A·12345号车辆，另有浙AD12345。")
    assert [s.replacement for s in result.spans] == ["浙A·*****", "浙A******"]
