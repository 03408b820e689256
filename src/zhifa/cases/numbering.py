"""Document numbers (文号) as agencies number them.

Default: 机关代字 + 文种代字 + 〔year〕 + serial + 号 (GB/T 9704-2012 §7.2.5: the year in full
inside 六角括号, no 第, no zero padding). An agency may set its own template per document kind
(NumberingTemplate): literal text with placeholders, so that 代字 with any characters (“京公朝（治）”),
infixes such as 罚字/罚决字/处字, 第 before the serial and zero padding all come out as the agency
publishes them:

    京朝市监罚〔{年}〕{n}号          → 京朝市监罚〔2023〕123号
    沪市监静处字〔{年}〕第{n:6}号     → 沪市监静处字〔2024〕第000123号
    京公朝（{单位}）行罚决字〔{年}〕{n}号 → one series per 内设机构 (派出所, 支队 …)

One sequence per agency, document kind, year and series, taken under a row lock so that concurrent
issuers get consecutive numbers with no gap and no duplicate."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction

from zhifa.cases.models import DocumentSequence, NumberingTemplate
from zhifa.core.errors import DomainError
from zhifa.organizations.models import Agency, Unit

# 机关代字 suffix per document kind (立案, 处罚决定, 告知, 不予处罚, 查封扣押, 当场处罚 …).
KIND_CODES = {
    "filing": "立",
    "penalty_decision": "罚",
    "notice_of_intent": "告",
    "no_penalty_decision": "不罚",
    "compulsion_decision": "强",
    "summary_decision": "简",
    "review_opinion": "审",
    "hearing_notice": "听",
    "proof_of_service": "送",
    "performance_demand": "催",
    "compulsion_extension": "强延",
    "compulsion_release": "强解",
    "closing": "结",
    "criminal_referral": "移",
    # 现场检查笔录 of an inspection (inspections.visits): numbered in the agency's sequences like a case's.
    "site_inspection_record": "检",
    # 行政处罚法 Art.28 para.1: orders that are not penalties (cases.orders), each its own series.
    "order_correct": "责改",
    "order_correct_within": "限改",
    "order_return": "责退",
    "order_pay_back": "责缴",
    "order_demolish": "限拆",
    # 行政处罚法 Art.66 para.2: 延期、分期缴纳罚款 (cases.payments).
    "deferral_decision": "延缴",
    "instalment_decision": "分缴",
}

DEFAULT_TEMPLATE = "{代字}{文种}〔{年}〕{n}号"
PLACEHOLDERS = "{代字}、{文种}、{年}、{n}（或{n:6}，补零到 6 位）、{单位}"
MAX_WIDTH = 10
MAX_LENGTH = 60  # Case.decision_number and Document.number hold 60 characters

_TOKEN = re.compile(r"\{([^{}]*)\}")
_SERIAL = re.compile(r"n(?::(\d+))?")


@dataclass(frozen=True)
class Template:
    text: str
    per_unit: bool  # the template names the 内设机构: each unit numbers its own series


def validate_template(text: str) -> Template:
    """Refuse a template that could not number documents: it must hold the year and the serial once
    each, and no placeholder other than those of PLACEHOLDERS."""
    text = text.strip()
    if not text:
        raise DomainError("文号模板不能为空", field="template")
    counts = {"年": 0, "n": 0}
    per_unit = False
    for m in _TOKEN.finditer(text):
        name = m.group(1).strip()
        serial = _SERIAL.fullmatch(name)
        if name == "年":
            counts["年"] += 1
        elif serial:
            counts["n"] += 1
            if serial.group(1) is not None and not 1 <= int(serial.group(1)) <= MAX_WIDTH:
                raise DomainError(
                    f"文号模板中序号的位数应为 1 至 {MAX_WIDTH}，收到“{m.group(0)}”", field="template"
                )
        elif name == "单位":
            per_unit = True
        elif name not in ("代字", "文种"):
            raise DomainError(
                f"文号模板中的“{m.group(0)}”无法识别，可用的占位符：{PLACEHOLDERS}", field="template"
            )
    stray = _TOKEN.sub("", text)
    if "{" in stray or "}" in stray:
        raise DomainError("文号模板中的花括号不成对：占位符应写成“{年}”“{n}”这样的形式", field="template")
    if counts["年"] != 1:
        raise DomainError(
            "文号模板必须包含一次年份占位符“{年}”，例如“京朝市监罚〔{年}〕{n}号”", field="template"
        )
    if counts["n"] != 1:
        raise DomainError(
            "文号模板必须包含一次序号占位符“{n}”，例如“京朝市监罚〔{年}〕{n}号”", field="template"
        )
    # The longest number it could make must fit Document.number and Case.decision_number.
    longest = len(stray) + 4 + MAX_WIDTH
    for m in _TOKEN.finditer(text):
        longest += {"代字": 20, "单位": 20, "文种": 2}.get(m.group(1).strip(), 0)
    if longest > MAX_LENGTH:
        raise DomainError(f"文号模板过长：编出的文号可能超过 {MAX_LENGTH} 个字符", field="template")
    return Template(text=text, per_unit=per_unit)


def render(template: str, *, code: str, kind_code: str, year: int, serial: int, unit_code: str = "") -> str:
    def replace(m: re.Match[str]) -> str:
        name = m.group(1).strip()
        if name == "年":
            return str(year)
        if name == "代字":
            return code
        if name == "文种":
            return kind_code
        if name == "单位":
            return unit_code
        width = _SERIAL.fullmatch(name)
        assert width is not None  # validated
        return str(serial).zfill(int(width.group(1) or 0))

    return _TOKEN.sub(replace, template)


def template_for(agency: Agency, kind: str, *, cache: dict[str, Any] | None = None) -> Template:
    """The agency's template for ``kind``, or the default. With ``cache`` (a step's cache), one query
    reads all the agency's templates for every document the step issues."""
    key = f"numbering_templates:{agency.pk}"
    templates: dict[str, str] | None = cache.get(key) if cache is not None else None
    if templates is None:
        templates = dict(NumberingTemplate.objects.filter(agency=agency).values_list("kind", "template"))
        if cache is not None:
            cache[key] = templates
    return validate_template(templates.get(kind) or DEFAULT_TEMPLATE)


def format_number(agency: Agency, kind: str, year: int, serial: int, *, unit: Unit | None = None) -> str:
    template = template_for(agency, kind)
    return _format(agency, kind, template, year, serial, unit)


def _format(agency: Agency, kind: str, template: Template, year: int, serial: int, unit: Unit | None) -> str:
    return render(
        template.text,
        code=agency.short_code or agency.name[:4],
        kind_code=KIND_CODES.get(kind, ""),
        year=year,
        serial=serial,
        unit_code=(unit.short_code or unit.name) if unit is not None else "",
    )


def next_number(
    *,
    agency: Agency,
    kind: str,
    year: int,
    unit: Unit | Callable[[], Unit | None] | None = None,
    cache: dict[str, Any] | None = None,
) -> tuple[int, str]:
    """Take the next serial. Must run inside the transaction that issues the document, so a rollback
    returns the number (no gap). ``unit`` is the 内设机构 handling the matter (or a function finding
    it, called only when needed): it matters only when the agency's template numbers a series per unit
    ({单位})."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number() must run inside the issuing transaction")
    template = template_for(agency, kind, cache=cache)
    series = ""
    if callable(unit):
        unit = unit() if template.per_unit else None
    if template.per_unit:
        if unit is None:
            raise DomainError(
                f"“{agency.name}”的文号按内设机构分别编号（模板“{template.text}”），请先确定承办的内设机构"
            )
        series = f"unit:{unit.pk}"
    conn = transaction.get_connection()
    q = conn.ops.quote_name
    # One statement increments and reads the serial under the row lock the UPDATE takes (PostgreSQL and
    # SQLite ≥ 3.35 both have RETURNING); the lock is held until the issuing transaction ends.
    sql = (
        f"UPDATE {q(DocumentSequence._meta.db_table)} SET {q('last')} = {q('last')} + 1 "
        f"WHERE {q('agency_id')} = %s AND {q('kind')} = %s AND {q('year')} = %s AND {q('series')} = %s "
        f"RETURNING {q('last')}"
    )
    for _ in range(3):
        with conn.cursor() as c:
            c.execute(sql, [agency.pk, kind, year, series])
            row = c.fetchone()
        if row is None:
            try:
                with transaction.atomic():
                    DocumentSequence.objects.create(
                        agency=agency, kind=kind, year=year, series=series, last=0
                    )
            except IntegrityError:
                pass  # created concurrently: take it on the next round
            continue
        serial = int(row[0])
        return serial, _format(agency, kind, template, year, serial, unit)
    raise RuntimeError("could not allocate a document number")
