"""Validation of Chinese identifiers: pure functions, standard library only.

Every ``check_*`` function takes the raw user input and returns a small frozen
dataclass: ``ok``, ``normalized`` (the canonical form, or ``None`` when the input
could not even be parsed), ``error`` (a Chinese message for the person who typed
it, ``None`` when ``ok``) and the fields that could be parsed out of the number.
None of them raises on bad input; the ``*_check_char`` / ``complete_*`` helpers,
which are meant for programmers, raise ``ValueError`` on malformed arguments.

Input normalisation common to all validators: Unicode NFKC (so full-width
``９１３５`` typed with a Chinese IME becomes ``9135``), surrounding whitespace
stripped. Each validator documents what else it tolerates.

Standards implemented:

* GB 32100-2015《法人和其他组织统一社会信用代码编码规则》 — unified social credit code;
* GB 11714-1997《全国组织机构代码编制规则》 — the organization code embedded in it
  (positions 9-17), which carries its own check character;
* GB 11643-1999《公民身份号码》 — resident identity number, ISO 7064:1983 MOD 11-2;
* ISO/IEC 7812-1 Annex B (Luhn) — bank card numbers;
* mainland numbering plan (工业和信息化部《电信网编号计划》) — simple mobile and
  landline syntax checks.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Final, Literal

__all__ = [
    "BankCardCheck",
    "CreditCodeCheck",
    "LandlineCheck",
    "MobileCheck",
    "PhoneCheck",
    "ResidentIdCheck",
    "Sex",
    "check_bank_card",
    "check_credit_code",
    "check_landline",
    "check_mobile",
    "check_phone",
    "check_resident_id",
    "complete_credit_code",
    "complete_resident_id",
    "credit_code_check_char",
    "luhn_check_digit",
    "luhn_ok",
    "org_code_check_char",
    "resident_id_check_char",
    "upgrade_resident_id_15",
]

# China Standard Time has had no daylight saving since 1991: a fixed offset is exact.
_CHINA_TZ: Final = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")


_WHITESPACE: Final = re.compile(r"\s")


def _clean(raw: str) -> str:
    """NFKC-normalise (full-width -> ASCII) and strip surrounding whitespace."""
    return unicodedata.normalize("NFKC", raw).strip()


def _today_in_china() -> dt.date:
    return dt.datetime.now(tz=_CHINA_TZ).date()


# ---------------------------------------------------------------------------
# 统一社会信用代码 — GB 32100-2015
# ---------------------------------------------------------------------------

# GB 32100-2015 §4 (代码字符集): digits and upper-case Latin letters except I, O, Z, S, V.
# The value of a character is its index in this string (A=10 ... H=17, J=18 ... Y=30).
CREDIT_CODE_CHARSET: Final = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_VALUE: Final = {c: i for i, c in enumerate(CREDIT_CODE_CHARSET)}
# GB 32100-2015 §5 (校验码): weight of position i (1-based) is 3^(i-1) mod 31.
CREDIT_CODE_WEIGHTS: Final = tuple(pow(3, i, 31) for i in range(17))
assert CREDIT_CODE_WEIGHTS == (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

# GB 11714-1997 §5: the organization code body uses digits and all 26 upper-case
# letters, with values 0-9 and A=10 ... Z=35 (unlike GB 32100, I/O/S/V/Z are counted).
_ORG_VALUE: Final = {c: i for i, c in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")}
# GB 11714-1997 §5: C9 = 11 - MOD(sum(Ci * Wi), 11); 10 is written X and 11 is written 0.
ORG_CODE_WEIGHTS: Final = (3, 7, 9, 10, 5, 8, 4, 2)

# Position 1 (登记管理部门代码) and position 2 (机构类别代码), as assigned under
# GB 32100-2015 §4.2-4.3 by the code-assignment authorities. Informational only:
# an unlisted code is not an error (new departments/categories get added), but it
# yields ``None`` for the name.
REGISTRATION_AUTHORITIES: Final[dict[str, tuple[str, dict[str, str]]]] = {
    "1": ("机构编制", {"1": "机关", "2": "事业单位", "3": "中央编办直接管理机构编制的群众团体", "9": "其他"}),
    "2": ("外交", {"1": "外国常住新闻机构", "9": "其他"}),
    "3": (
        "司法行政",
        {
            "1": "律师执业机构",
            "2": "公证处",
            "3": "基层法律服务所",
            "4": "司法鉴定机构",
            "5": "仲裁委员会",
            "9": "其他",
        },
    ),
    "4": ("文化", {"1": "外国在华文化中心", "9": "其他"}),
    "5": ("民政", {"1": "社会团体", "2": "民办非企业单位", "3": "基金会", "9": "其他"}),
    "6": (
        "旅游",
        {
            "1": "外国旅游部门常驻代表机构",
            "2": "港澳台地区旅游部门常驻内地（大陆）代表机构",
            "9": "其他",
        },
    ),
    "7": ("宗教", {"1": "宗教活动场所", "2": "宗教院校", "9": "其他"}),
    "8": ("工会", {"1": "基层工会", "9": "其他"}),
    "9": ("工商", {"1": "企业", "2": "个体工商户", "3": "农民专业合作社"}),
    "A": ("中央军委改革和编制办公室", {"1": "军队事业单位", "9": "其他"}),
    "N": ("农业", {"1": "组级集体经济组织", "2": "村级集体经济组织", "3": "乡镇级集体经济组织", "9": "其他"}),
    "Y": ("其他", {"1": "其他"}),
}

_CREDIT_FORBIDDEN: Final = "IOZSV"


@dataclass(frozen=True, slots=True)
class CreditCodeCheck:
    """Result of :func:`check_credit_code`.

    ``credit_check_ok`` / ``org_check_ok`` say which of the two check characters
    passed (``None`` when the code was too malformed to compute them);
    ``expected_check_char`` / ``expected_org_check_char`` are the values they
    should have had.
    """

    ok: bool
    normalized: str | None
    error: str | None
    registration_authority: str | None = None
    registration_authority_name: str | None = None
    org_category: str | None = None
    org_category_name: str | None = None
    region_code: str | None = None
    org_code: str | None = None
    credit_check_ok: bool | None = None
    org_check_ok: bool | None = None
    expected_check_char: str | None = None
    expected_org_check_char: str | None = None


def _require_credit_chars(s: str, what: str) -> None:
    bad = [c for c in s if c not in _CREDIT_VALUE]
    if bad:
        raise ValueError(f"{what} contains characters outside the GB 32100 charset: {''.join(bad)!r}")


def credit_code_check_char(first17: str) -> str:
    """The 18th character (GB 32100-2015 §5) for the given first 17 characters.

    ``C18 = 31 - MOD(sum(Ci * Wi), 31)``, where a result of 31 is written ``0``.
    Raises ``ValueError`` if ``first17`` is not 17 characters of the GB 32100 charset.
    """
    if len(first17) != 17:
        raise ValueError(f"expected 17 characters, got {len(first17)}")
    _require_credit_chars(first17, "first17")
    total = sum(_CREDIT_VALUE[c] * w for c, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True))
    return CREDIT_CODE_CHARSET[(31 - total % 31) % 31]


def org_code_check_char(body8: str) -> str:
    """The 9th character of a GB 11714-1997 organization code for its 8-character body.

    ``C9 = 11 - MOD(sum(Ci * Wi), 11)`` with weights 3,7,9,10,5,8,4,2; 10 is written
    ``X`` and 11 is written ``0``. Raises ``ValueError`` on malformed input.
    """
    if len(body8) != 8:
        raise ValueError(f"expected 8 characters, got {len(body8)}")
    bad = [c for c in body8 if c not in _ORG_VALUE]
    if bad:
        raise ValueError(f"body8 contains characters outside the GB 11714 charset: {''.join(bad)!r}")
    total = sum(_ORG_VALUE[c] * w for c, w in zip(body8, ORG_CODE_WEIGHTS, strict=True))
    value = 11 - total % 11
    if value == 10:
        return "X"
    if value == 11:
        return "0"
    return str(value)


def complete_credit_code(prefix: str) -> str:
    """Append the missing check character(s) to a credit code prefix.

    * 16 characters (positions 1-16): computes the GB 11714 organization-code
      check (position 17), then the GB 32100 check (position 18).
    * 17 characters: position 17 must already be the correct organization-code
      check character (``ValueError`` otherwise); appends position 18.

    The prefix must use the GB 32100 charset and have digits in positions 3-8.
    The result always passes :func:`check_credit_code`. Intended for test and
    demo data.
    """
    if len(prefix) not in (16, 17):
        raise ValueError(f"expected 16 or 17 characters, got {len(prefix)}")
    _require_credit_chars(prefix, "prefix")
    if not prefix[2:8].isdigit():
        raise ValueError("positions 3-8 (region code) must be digits")
    org_check = org_code_check_char(prefix[8:16])
    if len(prefix) == 16:
        prefix += org_check
    elif prefix[16] != org_check:
        raise ValueError(f"position 17 should be the organization-code check character {org_check!r}")
    return prefix + credit_code_check_char(prefix)


def check_credit_code(raw: str) -> CreditCodeCheck:
    """Validate a unified social credit code (统一社会信用代码, GB 32100-2015).

    Tolerated: lower-case letters (upper-cased), full-width characters, spaces
    anywhere. Checked, in order: length 18 (§4.1); charset without I/O/Z/S/V
    (§4); positions 3-8 digits (§4.4, a GB/T 2260 region code); then both check
    characters — position 17 (GB 11714-1997 organization code) and position 18
    (GB 32100 §5); when both fail the message names both.

    Positions 1-2 are parsed and named from :data:`REGISTRATION_AUTHORITIES` but
    an unknown value is not an error. Note that a few codes issued by early
    pilot regions before the standard was final are known not to satisfy the
    check characters; such a code is reported invalid here and has to be
    confirmed against the registration record.
    """
    s = _WHITESPACE.sub("", _clean(raw)).upper()
    if not s:
        return CreditCodeCheck(ok=False, normalized=None, error="统一社会信用代码不能为空")
    if len(s) != 18:
        return CreditCodeCheck(
            ok=False, normalized=None, error=f"统一社会信用代码应为 18 位，实际为 {len(s)} 位"
        )
    forbidden = sorted({c for c in s if c in _CREDIT_FORBIDDEN})
    if forbidden:
        return CreditCodeCheck(
            ok=False,
            normalized=None,
            error=f"统一社会信用代码含非法字符 {'、'.join(forbidden)}（不使用 I、O、Z、S、V）",
        )
    illegal = sorted({c for c in s if c not in _CREDIT_VALUE})
    if illegal:
        return CreditCodeCheck(
            ok=False,
            normalized=None,
            error=f"统一社会信用代码含非法字符 {'、'.join(illegal)}（只能使用数字和大写英文字母）",
        )
    authority = REGISTRATION_AUTHORITIES.get(s[0])
    parsed = CreditCodeCheck(
        ok=False,
        normalized=None,
        error=None,
        registration_authority=s[0],
        registration_authority_name=authority[0] if authority else None,
        org_category=s[1],
        org_category_name=authority[1].get(s[1]) if authority else None,
        region_code=s[2:8],
        org_code=s[8:17],
    )
    if not s[2:8].isdigit():
        return replace(parsed, error="统一社会信用代码第 3-8 位（登记管理机关行政区划码）应为数字")
    expected_org = org_code_check_char(s[8:16])
    expected = credit_code_check_char(s[:17])
    org_ok = s[16] == expected_org
    credit_ok = s[17] == expected
    errors: list[str] = []
    if not credit_ok:
        errors.append(f"统一社会信用代码校验位错误：应为 {expected}")
    if not org_ok:
        errors.append(f"第 9-17 位组织机构代码校验位错误：第 17 位应为 {expected_org}")
    return replace(
        parsed,
        ok=not errors,
        normalized=s,
        error="；".join(errors) if errors else None,
        credit_check_ok=credit_ok,
        org_check_ok=org_ok,
        expected_check_char=expected,
        expected_org_check_char=expected_org,
    )


# ---------------------------------------------------------------------------
# 公民身份号码 — GB 11643-1999
# ---------------------------------------------------------------------------

# GB 11643-1999 §8.2 / ISO 7064:1983 MOD 11-2: Wi = 2^(18-i) mod 11 for i = 1..17.
RESIDENT_ID_WEIGHTS: Final = tuple(pow(2, 17 - i, 11) for i in range(17))
assert RESIDENT_ID_WEIGHTS == (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
# Check character indexed by MOD(sum, 11) (GB 11643-1999 §8.2, Appendix B).
_RESIDENT_ID_CHECK_MAP: Final = "10X98765432"

# GB/T 2260 province-level codes (first two digits of the 地址码, GB 11643-1999 §6).
# 71 is Taiwan in GB/T 2260; 81/82/83 are used by the 港澳台居民居住证 numbers,
# which follow the same GB 11643 structure.
PROVINCES: Final[dict[str, str]] = {
    "11": "北京市", "12": "天津市", "13": "河北省", "14": "山西省", "15": "内蒙古自治区",
    "21": "辽宁省", "22": "吉林省", "23": "黑龙江省",
    "31": "上海市", "32": "江苏省", "33": "浙江省", "34": "安徽省", "35": "福建省",
    "36": "江西省", "37": "山东省",
    "41": "河南省", "42": "湖北省", "43": "湖南省", "44": "广东省", "45": "广西壮族自治区",
    "46": "海南省",
    "50": "重庆市", "51": "四川省", "52": "贵州省", "53": "云南省", "54": "西藏自治区",
    "61": "陕西省", "62": "甘肃省", "63": "青海省", "64": "宁夏回族自治区", "65": "新疆维吾尔自治区",
    "71": "台湾省",
    "81": "香港特别行政区", "82": "澳门特别行政区", "83": "台湾地区（居住证）",
}  # fmt: skip

# Birth years before 1900 are rejected (project rule: no living person, and the
# 15-digit numbers could only encode 19YY anyway).
MIN_BIRTH_YEAR: Final = 1900


class Sex(StrEnum):
    """Sex encoded by the parity of the sequence code (GB 11643-1999 §7: odd = male)."""

    MALE = "M"
    FEMALE = "F"

    @property
    def label(self) -> str:
        return "男" if self is Sex.MALE else "女"


@dataclass(frozen=True, slots=True)
class ResidentIdCheck:
    """Result of :func:`check_resident_id`.

    ``normalized`` is always the 18-character form (upper-case ``X``); for a
    legacy 15-digit input it is the upgraded number and ``legacy_15`` is true.
    """

    ok: bool
    normalized: str | None
    error: str | None
    region_code: str | None = None
    province: str | None = None
    birth_date: dt.date | None = None
    sex: Sex | None = None
    legacy_15: bool = False
    expected_check_char: str | None = None


def resident_id_check_char(first17: str) -> str:
    """The 18th character of a resident identity number (GB 11643-1999 §8.2).

    ISO 7064:1983 MOD 11-2: ``Y = MOD(sum(Ai * Wi), 11)`` mapped through
    ``10X98765432``. Raises ``ValueError`` unless ``first17`` is 17 ASCII digits.
    """
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise ValueError("expected 17 ASCII digits")
    total = sum(int(c) * w for c, w in zip(first17, RESIDENT_ID_WEIGHTS, strict=True))
    return _RESIDENT_ID_CHECK_MAP[total % 11]


def complete_resident_id(first17: str) -> str:
    """``first17`` followed by its check character; intended for test and demo data."""
    return first17 + resident_id_check_char(first17)


def upgrade_resident_id_15(number15: str) -> str:
    """Convert a legacy 15-digit number (1985-1999 format) to the 18-character form.

    The 15-digit layout is 6-digit address code, ``YYMMDD`` birth date, 3-digit
    sequence code, no check character. The year is always 19YY; the upgrade
    inserts ``19`` and appends the GB 11643-1999 check character. Raises
    ``ValueError`` unless the argument is 15 ASCII digits (the date is not checked
    here; use :func:`check_resident_id` for full validation).
    """
    if len(number15) != 15 or not number15.isascii() or not number15.isdigit():
        raise ValueError("expected 15 ASCII digits")
    return complete_resident_id(number15[:6] + "19" + number15[6:])


def _parse_birth_date(yyyymmdd: str) -> dt.date | None:
    try:
        return dt.date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return None


def check_resident_id(raw: str, today: dt.date | None = None) -> ResidentIdCheck:
    """Validate a resident identity number (居民身份证号码, GB 11643-1999).

    Accepts 18 characters (a lower-case final ``x`` is normalised to ``X``) or a
    legacy 15-digit number, which is validated and upgraded (see
    :func:`upgrade_resident_id_15`). Checked, in order: format; the address code's
    province (GB/T 2260, first two digits); the birth date (a real date, year >=
    1900, not after ``today`` — China Standard Time today if omitted); and, for
    18-character numbers, the check character. The result carries the birth
    date and sex (odd sequence code = male, GB 11643-1999 §7).
    """
    s = _WHITESPACE.sub("", _clean(raw)).upper()
    if today is None:
        today = _today_in_china()
    if not s:
        return ResidentIdCheck(ok=False, normalized=None, error="居民身份证号码不能为空")
    legacy = len(s) == 15
    if legacy:
        if not (s.isascii() and s.isdigit()):
            return ResidentIdCheck(ok=False, normalized=None, error="15 位居民身份证号码应全部为数字")
        body17 = s[:6] + "19" + s[6:]
    elif len(s) == 18:
        if not (s[:17].isascii() and s[:17].isdigit()):
            return ResidentIdCheck(ok=False, normalized=None, error="居民身份证号码前 17 位应全部为数字")
        if s[17] not in "0123456789X":
            return ResidentIdCheck(ok=False, normalized=None, error="居民身份证号码第 18 位应为数字或 X")
        body17 = s[:17]
    else:
        return ResidentIdCheck(
            ok=False, normalized=None, error=f"居民身份证号码应为 18 位（或旧式 15 位），实际为 {len(s)} 位"
        )
    region = body17[:6]
    parsed = ResidentIdCheck(
        ok=False,
        normalized=None,
        error=None,
        region_code=region,
        province=PROVINCES.get(region[:2]),
        sex=Sex.MALE if int(body17[16]) % 2 == 1 else Sex.FEMALE,
        legacy_15=legacy,
    )
    if parsed.province is None:
        return replace(parsed, error=f"居民身份证号码地址码无效：{region[:2]} 不是省级行政区划代码")
    birth = _parse_birth_date(body17[6:14])
    if birth is None:
        y, m, d = body17[6:10], body17[10:12], body17[12:14]
        return replace(parsed, error=f"居民身份证号码出生日期无效：{y} 年 {m} 月 {d} 日不存在")
    parsed = replace(parsed, birth_date=birth)
    if birth.year < MIN_BIRTH_YEAR:
        return replace(
            parsed, error=f"居民身份证号码出生日期无效：出生年份 {birth.year} 早于 {MIN_BIRTH_YEAR} 年"
        )
    if birth > today:
        return replace(parsed, error=f"居民身份证号码出生日期无效：{birth.isoformat()} 晚于今天")
    expected = resident_id_check_char(body17)
    parsed = replace(parsed, expected_check_char=expected)
    if not legacy and s[17] != expected:
        return replace(parsed, error=f"居民身份证号码校验位错误：应为 {expected}")
    return replace(parsed, ok=True, normalized=body17 + expected)


# ---------------------------------------------------------------------------
# Bank cards — Luhn (ISO/IEC 7812-1 Annex B)
# ---------------------------------------------------------------------------


def _luhn_sum(digits: str, *, double_first: bool) -> int:
    """Luhn sum of ``digits`` walking from the right; double every second digit."""
    total = 0
    double = double_first
    for c in reversed(digits):
        d = int(c)
        if double:
            d *= 2
            if d > 9:
                d -= 9
        total += d
        double = not double
    return total


def luhn_ok(number: str) -> bool:
    """True iff ``number`` (ASCII digits, spaces and hyphens ignored) passes Luhn.

    An empty string, or one containing anything else, is not ok.
    """
    digits = number.replace(" ", "").replace("-", "")
    if not digits or not digits.isascii() or not digits.isdigit():
        return False
    return _luhn_sum(digits, double_first=False) % 10 == 0


def luhn_check_digit(payload: str) -> str:
    """The Luhn check digit to append to ``payload`` (ASCII digits)."""
    if not payload or not payload.isascii() or not payload.isdigit():
        raise ValueError("expected ASCII digits")
    return str(-_luhn_sum(payload, double_first=True) % 10)


@dataclass(frozen=True, slots=True)
class BankCardCheck:
    """Result of :func:`check_bank_card`."""

    ok: bool
    normalized: str | None
    error: str | None


# ISO/IEC 7812-1 allows 8-19 digits; Chinese bank cards in practice are 15-19.
BANK_CARD_MIN_LEN: Final = 12
BANK_CARD_MAX_LEN: Final = 19


def check_bank_card(raw: str) -> BankCardCheck:
    """Validate a bank card number: 12-19 digits (spaces/hyphens allowed) and Luhn.

    Caveat: a few old domestic debit cards were issued without a Luhn check
    digit; a failure here should be shown as "please double-check", not as
    proof the number is false.
    """
    s = _clean(raw).replace(" ", "").replace("-", "")
    if not s:
        return BankCardCheck(ok=False, normalized=None, error="银行卡号不能为空")
    if not (s.isascii() and s.isdigit()):
        return BankCardCheck(ok=False, normalized=None, error="银行卡号只能包含数字")
    if not BANK_CARD_MIN_LEN <= len(s) <= BANK_CARD_MAX_LEN:
        return BankCardCheck(
            ok=False,
            normalized=None,
            error=f"银行卡号应为 {BANK_CARD_MIN_LEN}-{BANK_CARD_MAX_LEN} 位数字，实际为 {len(s)} 位",
        )
    if not luhn_ok(s):
        return BankCardCheck(ok=False, normalized=s, error="银行卡号校验位错误（Luhn 校验未通过），请核对")
    return BankCardCheck(ok=True, normalized=s, error=None)


# ---------------------------------------------------------------------------
# Telephone numbers — simple syntax checks
# ---------------------------------------------------------------------------

# Mainland mobile numbers: 11 digits, 1 followed by 3-9 (号段 13x-19x).
_MOBILE_RE: Final = re.compile(r"1[3-9]\d{9}", re.ASCII)
# Separators people type inside phone numbers; removed before matching mobiles.
_MOBILE_SEPARATORS: Final = re.compile(r"[\s\-]")

# Landlines: area code 010 (Beijing), 02x (the other 3-digit codes), or 0[3-9]xx
# (4-digit codes); local number of 7 or 8 digits, not starting with 0 or 1 (those
# prefixes are trunk/special-service codes); optional extension.
_LANDLINE_RE: Final = re.compile(
    r"""
    \(?(?P<area>010|02\d|0[3-9]\d{2})\)?   # area code, optionally in parentheses
    [\s\-]?                                 # optional separator
    (?P<local>[2-9]\d{6,7})                 # local number, 7-8 digits
    (?:                                     # optional extension: "-123", " 123",
        (?:\s*(?:-|转|分机|ext\.?|x|\#)\s*|\s+)  # "转123", "ext. 123", "x123", "#123"
        (?P<ext>\d{1,6})
    )?
    """,
    re.VERBOSE | re.ASCII | re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class MobileCheck:
    """Result of :func:`check_mobile`; ``normalized`` is the bare 11 digits."""

    ok: bool
    normalized: str | None
    error: str | None


@dataclass(frozen=True, slots=True)
class LandlineCheck:
    """Result of :func:`check_landline`; ``normalized`` is ``AREA-LOCAL[-EXT]``."""

    ok: bool
    normalized: str | None
    error: str | None
    area_code: str | None = None
    local_number: str | None = None
    extension: str | None = None


@dataclass(frozen=True, slots=True)
class PhoneCheck:
    """Result of :func:`check_phone`: either kind of number."""

    ok: bool
    normalized: str | None
    error: str | None
    kind: Literal["mobile", "landline"] | None = None


def check_mobile(raw: str) -> MobileCheck:
    """Validate a mainland mobile number: ``1[3-9]`` + 9 digits.

    Tolerated: an international prefix ``+86``, ``0086`` or ``86`` (the latter only
    when 13 digits remain, so it cannot eat real digits), spaces and hyphens.
    """
    s = _MOBILE_SEPARATORS.sub("", _clean(raw))
    if not s:
        return MobileCheck(ok=False, normalized=None, error="手机号码不能为空")
    if s.startswith("+86"):
        s = s[3:]
    elif s.startswith("0086"):
        s = s[4:]
    elif s.startswith("86") and len(s) == 13:
        s = s[2:]
    if not (s.isascii() and _MOBILE_RE.fullmatch(s)):
        return MobileCheck(ok=False, normalized=None, error="手机号码格式错误：应为 11 位数字，以 13-19 开头")
    return MobileCheck(ok=True, normalized=s, error=None)


def check_landline(raw: str) -> LandlineCheck:
    """Validate a mainland landline number with its area code.

    Accepted shapes, e.g. ``010-12345678``, ``(0755)1234567``, ``02112345678``;
    ``0571-88888888-123`` / ``0571-88888888转123`` carry an extension. The local
    number itself may not contain separators. Without any separator the number
    is still unambiguous, because the only 3-digit area codes are 010 and 02x.
    An international ``+86``/``0086`` prefix may replace the area code's leading
    zero (``+86 10 12345678``).
    """
    s = _clean(raw)
    if not s:
        return LandlineCheck(ok=False, normalized=None, error="固定电话号码不能为空")
    m = re.fullmatch(r"(?:\+|00)86[\s\-]?(?P<rest>[1-9].*)", s)
    if m:
        s = "0" + m.group("rest")
    m = _LANDLINE_RE.fullmatch(s)
    if m is None:
        return LandlineCheck(
            ok=False,
            normalized=None,
            error="固定电话号码格式错误：应为区号（如 010、0755）加 7-8 位号码，例如 010-88886666",
        )
    area, local, ext = m.group("area"), m.group("local"), m.group("ext")
    normalized = f"{area}-{local}" + (f"-{ext}" if ext else "")
    return LandlineCheck(
        ok=True, normalized=normalized, error=None, area_code=area, local_number=local, extension=ext
    )


def check_phone(raw: str) -> PhoneCheck:
    """Accept either a mobile number or a landline with area code (contact-phone fields)."""
    mobile = check_mobile(raw)
    if mobile.ok:
        return PhoneCheck(ok=True, normalized=mobile.normalized, error=None, kind="mobile")
    landline = check_landline(raw)
    if landline.ok:
        return PhoneCheck(ok=True, normalized=landline.normalized, error=None, kind="landline")
    if not _clean(raw):
        return PhoneCheck(ok=False, normalized=None, error="电话号码不能为空")
    return PhoneCheck(
        ok=False,
        normalized=None,
        error="电话号码格式错误：应为 11 位手机号码，或带区号的固定电话（如 010-88886666）",
    )
