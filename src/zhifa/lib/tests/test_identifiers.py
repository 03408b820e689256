"""Tests for zhifa.lib.identifiers.

Literal examples are kept only when confirmed by an independent source, named
next to them; everything else is constructed with the module's own
``complete_*`` helpers and checked by property tests.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhifa.lib.identifiers import (
    CREDIT_CODE_CHARSET,
    CREDIT_CODE_WEIGHTS,
    PROVINCES,
    RESIDENT_ID_WEIGHTS,
    Sex,
    check_bank_card,
    check_credit_code,
    check_landline,
    check_mobile,
    check_phone,
    check_resident_id,
    complete_credit_code,
    complete_resident_id,
    credit_code_check_char,
    luhn_check_digit,
    luhn_ok,
    org_code_check_char,
    resident_id_check_char,
    upgrade_resident_id_15,
)

TODAY = dt.date(2025, 6, 1)

# ---------------------------------------------------------------------------
# 统一社会信用代码 (GB 32100-2015)
# ---------------------------------------------------------------------------

# Real codes listed as valid in python-stdnum's tests/test_cn_uscc.doctest
# ("found online and should all be valid numbers"); python-stdnum checks only
# the MOD 31 character, these also pass the GB 11714 organization-code check.
STDNUM_VALID_CODES = [
    "121200004013590816",
    "91110000600037341L",
    "91110000710926094P",
    "91120224064012553U",
    "911522010783710635",
    "91152201078371135X",
    "911522010783762860",  # final check 31 -> "0"
    "9115220107837757XE",  # organization-code check 10 -> "X"
    "91152201078382010M",  # organization-code check 11 -> "0"
    "9131012056010553X5",
    "91310115MA1K3BTP2B",
    "91340603MA2UJXXCXF",
    "91420684MA4927PJ7B",
    "9144030071526726XG",
    "91620105L015101280",
    "91620105MA71T4YW8Q",
    "92340602MA2PBMEM24",
    "92340621MA2UK3PJXE",
]
# Widely used sample code, e.g. in hutool's CreditCodeUtilTest and in many
# validators' documentation.
HUTOOL_SAMPLE = "91350100M000100Y43"


def test_weights_are_powers_of_three_mod_31() -> None:
    # GB 32100-2015 §5: Wi = 3^(i-1) mod 31.
    assert CREDIT_CODE_WEIGHTS == (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    assert len(CREDIT_CODE_CHARSET) == 31
    assert not set("IOZSV") & set(CREDIT_CODE_CHARSET)


@pytest.mark.parametrize("code", [*STDNUM_VALID_CODES, HUTOOL_SAMPLE])
def test_known_valid_credit_codes(code: str) -> None:
    r = check_credit_code(code)
    assert r.ok, r.error
    assert r.normalized == code
    assert r.error is None
    assert r.credit_check_ok is True
    assert r.org_check_ok is True
    assert credit_code_check_char(code[:17]) == code[17]
    assert org_code_check_char(code[8:16]) == code[16]
    assert complete_credit_code(code[:16]) == code
    assert complete_credit_code(code[:17]) == code


def test_parsed_fields() -> None:
    r = check_credit_code(HUTOOL_SAMPLE)
    assert r.registration_authority == "9"
    assert r.registration_authority_name == "工商"
    assert r.org_category == "1"
    assert r.org_category_name == "企业"
    assert r.region_code == "350100"
    assert r.org_code == "M000100Y4"
    assert r.expected_check_char == "3"
    assert r.expected_org_check_char == "4"

    institution = check_credit_code("121200004013590816")
    assert (institution.registration_authority_name, institution.org_category_name) == (
        "机构编制",
        "事业单位",
    )
    individual = check_credit_code("92340602MA2PBMEM24")
    assert individual.org_category_name == "个体工商户"


def test_unknown_authority_is_not_an_error() -> None:
    code = complete_credit_code("B1110000" + "60003734")
    r = check_credit_code(code)
    assert r.ok
    assert r.registration_authority == "B"
    assert r.registration_authority_name is None
    assert r.org_category_name is None


def test_check_char_examples() -> None:
    assert credit_code_check_char("91350100M000100Y4") == "3"
    assert org_code_check_char("M000100Y") == "4"
    assert org_code_check_char("07837757") == "X"  # 11 - r == 10, from 9115220107837757XE
    assert org_code_check_char("07838201") == "0"  # 11 - r == 11, from 91152201078382010M
    assert credit_code_check_char("91152201078376286") == "0"  # 31 - r == 31, from 911522010783762860
    assert org_code_check_char("L0151012") == "8"  # letter L counts 21 in GB 11714 (20 in GB 32100)


def test_wrong_final_check_char() -> None:
    r = check_credit_code("91350100M000100Y44")
    assert not r.ok
    assert r.normalized == "91350100M000100Y44"
    assert r.error == "统一社会信用代码校验位错误：应为 3"
    assert r.credit_check_ok is False
    assert r.org_check_ok is True
    assert r.expected_check_char == "3"


def test_wrong_org_check_char_only() -> None:
    # Position 17 wrong ("5" instead of "4") but position 18 recomputed, so only
    # the GB 11714 check fails.
    first17 = "91350100M000100Y5"
    code = first17 + credit_code_check_char(first17)
    r = check_credit_code(code)
    assert not r.ok
    assert r.credit_check_ok is True
    assert r.org_check_ok is False
    assert r.error == "第 9-17 位组织机构代码校验位错误：第 17 位应为 4"


def test_both_checks_wrong_reports_both() -> None:
    r = check_credit_code("91350100M000100Y5" + "3")
    assert not r.ok
    assert r.credit_check_ok is False
    assert r.org_check_ok is False
    assert r.error is not None
    assert "统一社会信用代码校验位错误：应为" in r.error
    assert "组织机构代码校验位错误：第 17 位应为 4" in r.error


def test_early_pilot_codes_are_reported_invalid() -> None:
    # Codes issued in Fujian before GB 32100 was final do not satisfy the MOD 31
    # check; aarioai/id-rule (chinese_org_id.go) documents these exact codes and
    # the same expected check characters (1, R, J). They are reported, not hidden.
    for code, expected in [
        ("91350100M0001TGQXM", "1"),
        ("91350211M0000XUF46", "R"),
        ("91350203M0001FUE2P", "J"),
    ]:
        r = check_credit_code(code)
        assert not r.ok
        assert r.expected_check_char == expected


@pytest.mark.parametrize("bad", list("IOZSV"))
@pytest.mark.parametrize("position", [0, 9, 17])
def test_forbidden_letters(bad: str, position: int) -> None:
    code = HUTOOL_SAMPLE[:position] + bad + HUTOOL_SAMPLE[position + 1 :]
    r = check_credit_code(code)
    assert not r.ok
    assert r.normalized is None
    assert r.error == f"统一社会信用代码含非法字符 {bad}（不使用 I、O、Z、S、V）"


def test_lowercase_o_is_reported_as_forbidden_letter() -> None:
    r = check_credit_code("91350100m0001o0y43")
    assert r.error == "统一社会信用代码含非法字符 O（不使用 I、O、Z、S、V）"


def test_other_illegal_characters() -> None:
    r = check_credit_code("91350100M000100Y4#")
    assert not r.ok
    assert r.error is not None and "#" in r.error


def test_region_code_must_be_digits() -> None:
    code = complete_credit_code("91350100M000100Y")
    bad = code[:5] + "A" + code[6:]
    r = check_credit_code(bad)
    assert not r.ok
    assert r.error == "统一社会信用代码第 3-8 位（登记管理机关行政区划码）应为数字"
    assert r.registration_authority == "9"  # fields parsed so far are still reported


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "统一社会信用代码不能为空"),
        ("   ", "统一社会信用代码不能为空"),
        ("91350100M000100Y4", "统一社会信用代码应为 18 位，实际为 17 位"),
        ("91350100M000100Y433", "统一社会信用代码应为 18 位，实际为 19 位"),
    ],
)
def test_length_errors(raw: str, message: str) -> None:
    r = check_credit_code(raw)
    assert not r.ok
    assert r.error == message


def test_input_normalisation() -> None:
    assert check_credit_code(" 91350100m000100y43 ").normalized == HUTOOL_SAMPLE
    assert check_credit_code("91 350100 M000100Y4 3").normalized == HUTOOL_SAMPLE
    full_width = "９１３５０１００Ｍ０００１００Ｙ４３"
    assert check_credit_code(full_width).normalized == HUTOOL_SAMPLE


def test_complete_credit_code_errors() -> None:
    with pytest.raises(ValueError, match="16 or 17"):
        complete_credit_code("9135")
    with pytest.raises(ValueError, match="charset"):
        complete_credit_code("91350100M000100I")
    with pytest.raises(ValueError, match="region code"):
        complete_credit_code("913501A0M000100Y")
    with pytest.raises(ValueError, match="organization-code check"):
        complete_credit_code("91350100M000100Y5")
    with pytest.raises(ValueError):
        credit_code_check_char("91350100M000100Y")
    with pytest.raises(ValueError):
        org_code_check_char("M000100")


_credit_char = st.sampled_from(CREDIT_CODE_CHARSET)
_credit_prefix16 = st.builds(
    lambda head, region, body: head + region + body,
    st.text(_credit_char, min_size=2, max_size=2),
    st.text(st.sampled_from("0123456789"), min_size=6, max_size=6),
    st.text(_credit_char, min_size=8, max_size=8),
)


@given(_credit_prefix16)
def test_completing_any_prefix_gives_a_valid_code(prefix: str) -> None:
    code = complete_credit_code(prefix)
    r = check_credit_code(code)
    assert r.ok, r.error
    assert r.normalized == code


@given(st.text(_credit_char, min_size=17, max_size=17))
def test_mod31_check_char_always_satisfies_the_mod31_check(first17: str) -> None:
    code = first17 + credit_code_check_char(first17)
    # The organization-code check may fail for arbitrary position 17, the GB 32100 one never.
    assert check_credit_code(code).credit_check_ok in (True, None)
    total = sum(
        CREDIT_CODE_CHARSET.index(c) * w for c, w in zip(code, (*CREDIT_CODE_WEIGHTS, 1), strict=True)
    )
    assert total % 31 == 0


@given(_credit_prefix16, st.integers(0, 17), _credit_char)
def test_any_single_substitution_is_detected(prefix: str, position: int, replacement: str) -> None:
    # MOD 31 with weights 3^i (all non-zero mod the prime 31) and 31 distinct
    # character values detects every single-character substitution.
    code = complete_credit_code(prefix)
    if code[position] == replacement:
        return
    changed = code[:position] + replacement + code[position + 1 :]
    r = check_credit_code(changed)
    assert not r.ok
    if r.credit_check_ok is not None:  # not rejected earlier for format reasons
        assert r.credit_check_ok is False


# ---------------------------------------------------------------------------
# 公民身份号码 (GB 11643-1999)
# ---------------------------------------------------------------------------


def test_resident_id_weights() -> None:
    # GB 11643-1999 §8.2: Wi = 2^(i-1) mod 11, numbered from the right.
    assert RESIDENT_ID_WEIGHTS == (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def test_standard_example_ending_in_x() -> None:
    # GB 11643-1999 Appendix A: a woman born 1949-12-31 in 北京市朝阳区.
    r = check_resident_id("11010519491231002X", today=TODAY)
    assert r.ok, r.error
    assert r.normalized == "11010519491231002X"
    assert r.birth_date == dt.date(1949, 12, 31)
    assert r.sex is Sex.FEMALE
    assert r.sex.label == "女"
    assert r.region_code == "110105"
    assert r.province == "北京市"
    assert r.legacy_15 is False
    assert resident_id_check_char("11010519491231002") == "X"


def test_lowercase_x_is_normalised() -> None:
    r = check_resident_id("11010519491231002x", today=TODAY)
    assert r.ok
    assert r.normalized == "11010519491231002X"
    assert check_resident_id(" 110105 19491231 002x ", today=TODAY).normalized == "11010519491231002X"


def test_standard_example_born_1880_fails_only_on_year_rule() -> None:
    # GB 11643-1999 Appendix A's second example (广东省汕头市, born 1880-01-01, male):
    # its check character is right, but this project rejects birth years < 1900.
    assert resident_id_check_char("44052418800101001") == "4"
    r = check_resident_id("440524188001010014", today=TODAY)
    assert not r.ok
    assert r.error == "居民身份证号码出生日期无效：出生年份 1880 早于 1900 年"
    assert r.birth_date == dt.date(1880, 1, 1)
    assert r.sex is Sex.MALE


@pytest.mark.parametrize(
    ("number", "birth", "sex"),
    [
        # Published as valid samples in jxlwqq/id-validator.py's README (the
        # 81/83 numbers are the Beijing police's sample residence-permit numbers).
        ("440308199901101512", dt.date(1999, 1, 10), Sex.MALE),
        ("810000199408230021", dt.date(1994, 8, 23), Sex.FEMALE),
        ("830000199201300022", dt.date(1992, 1, 30), Sex.FEMALE),
    ],
)
def test_published_valid_samples(number: str, birth: dt.date, sex: Sex) -> None:
    r = check_resident_id(number, today=TODAY)
    assert r.ok, r.error
    assert (r.birth_date, r.sex) == (birth, sex)


def test_wrong_check_char() -> None:
    r = check_resident_id("110105194912310021", today=TODAY)
    assert not r.ok
    assert r.error == "居民身份证号码校验位错误：应为 X"
    assert r.expected_check_char == "X"
    assert r.birth_date == dt.date(1949, 12, 31)  # parsed fields are still reported


@pytest.mark.parametrize(
    ("birth", "message"),
    [
        ("19900230", "居民身份证号码出生日期无效：1990 年 02 月 30 日不存在"),
        ("19900431", "居民身份证号码出生日期无效：1990 年 04 月 31 日不存在"),
        ("19901301", "居民身份证号码出生日期无效：1990 年 13 月 01 日不存在"),
        ("19900100", "居民身份证号码出生日期无效：1990 年 01 月 00 日不存在"),
        ("19000229", "居民身份证号码出生日期无效：1900 年 02 月 29 日不存在"),  # 1900 is not a leap year
        ("18991231", "居民身份证号码出生日期无效：出生年份 1899 早于 1900 年"),
        ("20250602", "居民身份证号码出生日期无效：2025-06-02 晚于今天"),
        ("20300101", "居民身份证号码出生日期无效：2030-01-01 晚于今天"),
    ],
)
def test_bad_birth_dates(birth: str, message: str) -> None:
    number = complete_resident_id("110105" + birth + "002")  # check character right
    r = check_resident_id(number, today=TODAY)
    assert not r.ok
    assert r.error == message


def test_good_edge_birth_dates() -> None:
    for birth in ["20000229", "19000101", "20250601"]:  # leap day; first allowed day; today
        r = check_resident_id(complete_resident_id("110105" + birth + "002"), today=TODAY)
        assert r.ok, (birth, r.error)


def test_default_today_is_used() -> None:
    r = check_resident_id(complete_resident_id("110105" + "29991231" + "002"))
    assert not r.ok
    assert r.error is not None and "晚于今天" in r.error


def test_unknown_province() -> None:
    # python-stdnum lists 486268198802140611 as valid (it only checks MOD 11-2);
    # there is no province 48 in GB/T 2260.
    r = check_resident_id("486268198802140611", today=TODAY)
    assert not r.ok
    assert r.error == "居民身份证号码地址码无效：48 不是省级行政区划代码"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "居民身份证号码不能为空"),
        ("1101051949123100", "居民身份证号码应为 18 位（或旧式 15 位），实际为 16 位"),
        ("11010519491231002Y", "居民身份证号码第 18 位应为数字或 X"),
        ("1101051949123100X2", "居民身份证号码前 17 位应全部为数字"),
        ("11010549123100X", "15 位居民身份证号码应全部为数字"),
    ],
)
def test_resident_id_format_errors(raw: str, message: str) -> None:
    r = check_resident_id(raw, today=TODAY)
    assert not r.ok
    assert r.error == message


def test_legacy_15_digit_conversion() -> None:
    # 610104620927690 is given as a valid 15-digit sample in jxlwqq/id-validator.py.
    r = check_resident_id("610104620927690", today=TODAY)
    assert r.ok, r.error
    assert r.legacy_15 is True
    assert r.birth_date == dt.date(1962, 9, 27)
    assert r.sex is Sex.FEMALE  # last digit 0 is even
    assert r.normalized == upgrade_resident_id_15("610104620927690")
    assert r.normalized == "610104196209276908"
    assert check_resident_id(r.normalized, today=TODAY).ok


def test_legacy_15_digit_bad_date() -> None:
    r = check_resident_id("610104621327690", today=TODAY)
    assert not r.ok
    assert r.error == "居民身份证号码出生日期无效：1962 年 13 月 27 日不存在"


def test_resident_id_helper_errors() -> None:
    with pytest.raises(ValueError):
        resident_id_check_char("1101051949123100")
    with pytest.raises(ValueError):
        resident_id_check_char("1101051949123100X")
    with pytest.raises(ValueError):
        upgrade_resident_id_15("61010462092769")


_province = st.sampled_from(sorted(PROVINCES))
_digits = st.text(st.sampled_from("0123456789"), min_size=1, max_size=1)
_birth = st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY)
_seq = st.integers(0, 999)


@st.composite
def _valid_ids(draw: st.DrawFn) -> tuple[str, dt.date, int]:
    region = draw(_province) + "".join(draw(_digits) for _ in range(4))
    birth = draw(_birth)
    seq = draw(_seq)
    return complete_resident_id(f"{region}{birth:%Y%m%d}{seq:03d}"), birth, seq


@given(_valid_ids())
def test_completed_ids_are_valid(case: tuple[str, dt.date, int]) -> None:
    number, birth, seq = case
    r = check_resident_id(number, today=TODAY)
    assert r.ok, r.error
    assert r.birth_date == birth
    assert r.sex is (Sex.MALE if seq % 2 else Sex.FEMALE)


@given(_valid_ids(), st.integers(0, 17), st.sampled_from("0123456789X"))
def test_any_single_substitution_of_an_id_is_detected(
    case: tuple[str, dt.date, int], position: int, replacement: str
) -> None:
    # MOD 11-2: every weight 2^k mod 11 is non-zero and a digit change is less
    # than 11, so every single substitution changes the checksum.
    number = case[0]
    if (position < 17 and replacement == "X") or number[position] == replacement:
        return
    changed = number[:position] + replacement + number[position + 1 :]
    assert not check_resident_id(changed, today=TODAY).ok
    assert resident_id_check_char(changed[:17]) != changed[17]


@given(st.text(st.sampled_from("0123456789"), min_size=15, max_size=15))
def test_upgrade_always_yields_a_consistent_check_char(number15: str) -> None:
    upgraded = upgrade_resident_id_15(number15)
    assert upgraded[6:8] == "19"
    assert upgraded[:6] + upgraded[8:17] == number15
    assert resident_id_check_char(upgraded[:17]) == upgraded[17]


# ---------------------------------------------------------------------------
# Bank cards (Luhn)
# ---------------------------------------------------------------------------


def test_luhn_known_values() -> None:
    # 79927398713 is the worked example of the Luhn algorithm (Wikipedia, ISO/IEC 7812-1 Annex B);
    # 4111111111111111 is the well-known Visa test number.
    assert luhn_ok("79927398713")
    assert luhn_check_digit("7992739871") == "3"
    assert luhn_ok("4111 1111 1111 1111")
    assert not luhn_ok("79927398710")
    assert not luhn_ok("")
    assert not luhn_ok("7992739871a")
    with pytest.raises(ValueError):
        luhn_check_digit("")


@given(st.text(st.sampled_from("0123456789"), min_size=11, max_size=18), st.data())
def test_luhn_properties(payload: str, data: st.DataObject) -> None:
    number = payload + luhn_check_digit(payload)
    assert luhn_ok(number)
    assert check_bank_card(number).ok
    position = data.draw(st.integers(0, len(number) - 1))
    digit = data.draw(st.sampled_from("0123456789").filter(lambda c: c != number[position]))
    # Luhn detects every single-digit substitution.
    assert not luhn_ok(number[:position] + digit + number[position + 1 :])


def test_check_bank_card_messages() -> None:
    assert check_bank_card("4111-1111-1111-1111").normalized == "4111111111111111"
    assert check_bank_card("").error == "银行卡号不能为空"
    assert check_bank_card("4111 1111 1111 111a").error == "银行卡号只能包含数字"
    assert check_bank_card("79927398713").error == "银行卡号应为 12-19 位数字，实际为 11 位"
    wrong = check_bank_card("4111111111111112")
    assert not wrong.ok
    assert wrong.error == "银行卡号校验位错误（Luhn 校验未通过），请核对"


# ---------------------------------------------------------------------------
# Phone numbers
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    ["13812345678", "138 1234 5678", "138-1234-5678", "+8613812345678", "+86 138 1234 5678",
     "8613812345678", "008613812345678", "19912345678", "１３８１２３４５６７８"],
)  # fmt: skip
def test_valid_mobiles(raw: str) -> None:
    r = check_mobile(raw)
    assert r.ok, raw
    assert r.normalized in ("13812345678", "19912345678")


@pytest.mark.parametrize(
    "raw", ["12812345678", "1381234567", "138123456789", "23812345678", "+8512812345678", "1381234567a"]
)
def test_invalid_mobiles(raw: str) -> None:
    r = check_mobile(raw)
    assert not r.ok
    assert r.error == "手机号码格式错误：应为 11 位数字，以 13-19 开头"
    assert check_mobile("").error == "手机号码不能为空"


@pytest.mark.parametrize(
    ("raw", "normalized", "ext"),
    [
        ("010-88886666", "010-88886666", None),
        ("01088886666", "010-88886666", None),
        ("(010)88886666", "010-88886666", None),
        ("（010）88886666", "010-88886666", None),  # full-width parentheses
        ("021 23456789", "021-23456789", None),
        ("0755-2345678", "0755-2345678", None),
        ("(0755)23456789", "0755-23456789", None),
        ("0571-88888888-123", "0571-88888888-123", "123"),
        ("0571-88888888转123", "0571-88888888-123", "123"),
        ("0571-88888888 ext. 45", "0571-88888888-45", "45"),
        ("0571-88888888 #8", "0571-88888888-8", "8"),
        ("0571-88888888X8", "0571-88888888-8", "8"),
        ("+86 10 88886666", "010-88886666", None),
        ("0086-571-88888888", "0571-88888888", None),
    ],
)
def test_valid_landlines(raw: str, normalized: str, ext: str | None) -> None:
    r = check_landline(raw)
    assert r.ok, raw
    assert r.normalized == normalized
    assert r.extension == ext


@pytest.mark.parametrize(
    "raw",
    [
        "88886666",  # no area code
        "010-12345678",  # local numbers never start with 0 or 1
        "010-02345678",
        "010-8888666612",  # too long (no extension separator)
        "010-88886",  # too short
        "0123-2345678",  # 01x is not an area code except 010
        "010-8888666a",
        "13812345678",
    ],
)
def test_invalid_landlines(raw: str) -> None:
    r = check_landline(raw)
    assert not r.ok
    assert r.error is not None and r.error.startswith("固定电话号码格式错误")


def test_check_phone_accepts_either_kind() -> None:
    assert check_phone("13812345678").kind == "mobile"
    landline = check_phone("0591-87654321")
    assert (landline.kind, landline.normalized) == ("landline", "0591-87654321")
    bad = check_phone("12345")
    assert not bad.ok
    assert bad.kind is None
    assert bad.error == "电话号码格式错误：应为 11 位手机号码，或带区号的固定电话（如 010-88886666）"
    assert check_phone(" ").error == "电话号码不能为空"
