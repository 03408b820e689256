"""Catalogue writes used by the importer, the demo and the API. Administrators' edits in the Django
admin go through core.admin.JournaledAdmin, which journals them the same way."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Model

from zhifa.catalog.models import (
    BenchmarkTier,
    DayKind,
    DiscretionBenchmark,
    EnforcementField,
    EnforcementItem,
    InspectionItem,
    ItemKind,
    Law,
    LawVersion,
    LegalBasis,
    LenienceEntry,
    LenienceKind,
    MajorDecisionRule,
    RecordingRequirement,
    Tier,
)
from zhifa.core.errors import DomainError
from zhifa.journal.services import record
from zhifa.lib.fine_ranges import FineRange, parse_fine_text, severity_of
from zhifa.organizations.models import Agency


@dataclass(frozen=True)
class BasisRef:
    """One reference of a legal basis. ``law`` empty: the citation could not be parsed and is kept as
    ``text`` for review. ``version`` is the cited version as written ("2015年修订"), empty if none."""

    law: str
    article: int | None
    paragraph: int | None = None
    clause: int | None = None
    role: str = LegalBasis.Role.DUTY
    article_suffix: int | None = None
    version: str = ""
    text: str = ""
    quoted: str = ""
    problem: str = ""  # why it needs review; empty: none

    @property
    def shown(self) -> str:
        return self.text or self.law


# A year and what happened in it, with no separator between ("2015年4月24日修订"); in
# "（2009年2月28日主席令第九号，2015年4月24日修订）" the last such phrase names the version.
_VERSION = re.compile(r"(?P<year>\d{4})\s*年[^，,；;、()（）]*?(?P<kind>修订|修正|修改|公布|发布)")
_VERSION_KINDS = {
    "修订": LawVersion.Kind.REVISED,
    "修正": LawVersion.Kind.AMENDED,
    "修改": LawVersion.Kind.AMENDED,
    "公布": LawVersion.Kind.PROMULGATED,
    "发布": LawVersion.Kind.PROMULGATED,
}


def parse_version_label(label: str) -> tuple[int, str] | None:
    """ "2015年修订" / "2018年12月29日修正" → (2015, "revised"); None if it names no version."""
    matches = list(_VERSION.finditer(label))
    if not matches:
        return None
    match = matches[-1]
    return int(match["year"]), _VERSION_KINDS[match["kind"]]


def find_law(name: str) -> Law | None:
    """A law by its name as cited: exactly, or with the "中华人民共和国" real lists often leave out."""
    name = name.strip().strip("《》")
    if not name:
        return None
    return Law.objects.filter(name=name).first() or Law.objects.filter(name=f"中华人民共和国{name}").first()


_HISTORY_MANAGERS: dict[type[Model], Any] = {}


def _history(model: type[Model]) -> Any:
    """The model's history manager, built once: ``Model.history`` builds a new manager class on every
    access, which is what makes simple_history slow on bulk imports."""
    manager = _HISTORY_MANAGERS.get(model)
    if manager is None:
        manager = _HISTORY_MANAGERS[model] = model.history  # type: ignore[attr-defined]
    return manager


def _basis_rows(
    item: EnforcementItem, bases: Sequence[BasisRef], *, laws: dict[str, Law | None] | None = None
) -> list[LegalBasis]:
    """The rows of an item's legal basis. Nothing is refused: a reference whose law or version is not in
    the library is kept with its words and flagged for review (issue 12)."""
    rows: list[LegalBasis] = []
    laws = {} if laws is None else laws
    for ref in bases:
        law: Law | None = None
        version: LawVersion | None = None
        problem = ref.problem
        if ref.law and not problem:
            if ref.law not in laws:
                laws[ref.law] = find_law(ref.law)
            law = laws[ref.law]
            if law is None:
                problem = f"法律法规库中没有《{ref.law}》"
            elif ref.version:
                parsed = parse_version_label(ref.version)
                if parsed is not None:
                    version = LawVersion.objects.filter(law=law, year=parsed[0], kind=parsed[1]).first()
                if version is None:
                    problem = f"法律法规库中没有《{law.name}》的“{ref.version}”版本"
        rows.append(
            LegalBasis(
                item=item,
                law=law,
                version=version,
                article=ref.article if law is not None else None,
                article_suffix=ref.article_suffix if law is not None else None,
                paragraph=ref.paragraph if law is not None else None,
                clause=ref.clause if law is not None else None,
                role=ref.role,
                text=ref.text,
                quoted_text=ref.quoted,
                needs_review=bool(problem),
                review_note=problem[:200],
            )
        )
    return rows


def field_get_or_create(*, code: str, name: str, actor: Any) -> EnforcementField:
    with transaction.atomic():
        existing = EnforcementField.objects.filter(code=code).first()
        if existing:
            return existing
        clash = EnforcementField.objects.filter(name=name).first()
        if clash is not None:
            raise DomainError(f"执法领域“{name}”已以代码“{clash.code}”登记", field="name")
        f = EnforcementField.objects.create(code=code, name=name)
        record(
            event_type="catalog.field_created",
            subject=f,
            agency_id=None,
            actor=actor,
            payload={"code": code, "name": name},
        )
        return f


def item_create(
    *,
    agency: Agency,
    code: str,
    name: str,
    kind: str,
    field: EnforcementField,
    bases: Sequence[BasisRef],
    procedure: str = "",
    time_limit: int | None = None,
    time_limit_unit: str = DayKind.WORKING,
    remedy: str = "",
    fee: str = "不收费",
    limitation_years: int = 2,
    single_officer_basis: str = "",
    parent: EnforcementItem | None = None,
    implementing_body: str = "",
    handling_unit: str = "",
    responsibilities: str = "",
    accountability: str = "",
    levels: str = "",
    entrusted_to: str = "",
    law_cache: dict[str, Law | None] | None = None,
    actor: Any,
) -> EnforcementItem:
    """Register an item. A missing legal basis is allowed (a gap shown in the workbench to fill); a
    citation that cannot be resolved is kept as written and flagged for review. ``law_cache`` (cited
    name -> law) lets a bulk import look each cited law up once."""
    if kind not in ItemKind.values:
        raise DomainError(f"事项类别“{kind}”无效", field="kind")
    if time_limit_unit not in DayKind.values:
        raise DomainError(f"时限单位“{time_limit_unit}”无效", field="time_limit_unit")
    code, name = code.strip(), name.strip()
    if not code or not name:
        raise DomainError("事项编码和事项名称不能为空", field="code" if not code else "name")
    if len(code) > 50 or len(name) > 200:
        raise DomainError(
            "事项编码不超过 50 字、事项名称不超过 200 字", field="code" if len(code) > 50 else "name"
        )
    if parent is not None and parent.agency_id != agency.pk:
        raise DomainError("上级事项应属于同一执法主体", field="parent")
    # 行政处罚法 Art.36: the limitation period is two years, five where the law so provides.
    if limitation_years not in (2, 5):
        raise DomainError(
            "追责时效应为 2 年或 5 年（《中华人民共和国行政处罚法》第三十六条）", field="limitation_years"
        )
    with transaction.atomic():
        if EnforcementItem.objects.filter(agency=agency, code=code).exists():
            raise DomainError(f"{agency.name}已有编码为“{code}”的事项", field="code")
        item = EnforcementItem.objects.create(
            agency=agency,
            code=code,
            name=name,
            kind=kind,
            field=field,
            procedure=procedure,
            time_limit=time_limit,
            time_limit_unit=time_limit_unit,
            remedy=remedy,
            fee=fee,
            limitation_years=limitation_years,
            # 行政处罚法 Art.42: a law that allows one officer on the spot, cited; empty means two.
            single_officer_basis=single_officer_basis.strip(),
            parent=parent,
            implementing_body=implementing_body,
            handling_unit=handling_unit,
            responsibilities=responsibilities,
            accountability=accountability,
            levels=levels,
            entrusted_to=entrusted_to,
        )
        rows = _basis_rows(item, bases, laws=law_cache)
        # In one statement, with each row's "created" history row (bulk_create_with_history writes them):
        # a 权责清单 of 10,000 items has some 20,000 references.
        if rows:
            LegalBasis.objects.bulk_create(rows)
            _history(LegalBasis).bulk_history_create(rows)
        record(
            event_type="catalog.item_created",
            subject=item,
            agency_id=agency.pk,
            actor=actor,
            payload={
                "code": code,
                "name": name,
                "kind": kind,
                "field": field.code,
                "bases": [b.citation for b in rows],
                "parent": parent.code if parent is not None else None,
                "bases_to_review": sum(1 for b in rows if b.needs_review),
                **({"single_officer_basis": item.single_officer_basis} if item.single_officer_basis else {}),
            },
        )
    return item


@dataclass(frozen=True)
class TierSpec:
    """A tier as written. ``tier`` is the severity (Tier); ``label`` the agency's own name for it.
    A fine is absolute (``fine_min``/``fine_max``, 元) or a multiple of ``fine_base`` (``rate_min``/
    ``rate_max``); either end may be None (open). ``fine_text`` keeps the original wording."""

    tier: str
    conditions: str
    fine_min: Decimal | None = None
    fine_max: Decimal | None = None
    penalty_kinds: tuple[str, ...] = ()
    label: str = ""
    fine_text: str = ""
    fine_base: str = ""
    rate_min: Decimal | None = None
    rate_max: Decimal | None = None
    branches: tuple[FineRange, ...] = ()
    person_fine_min: Decimal | None = None
    person_fine_max: Decimal | None = None

    @property
    def shown(self) -> str:
        return self.label or (Tier(self.tier).label if self.tier in Tier.values else self.tier)


def tier_spec_from_text(
    *, label: str, conditions: str, fine_text: str, tier: str = "", penalty_kinds: Sequence[str] = ()
) -> TierSpec:
    """A tier from a benchmark's own words: the severity from ``tier`` or else read from the label
    ("较重违法行为" → serious), the ranges, branches, 双罚 and penalty kinds read from ``fine_text``, which
    is kept as written. A text whose ranges cannot be read is kept as text with no structured range."""
    severity = tier or severity_of(label) or ""
    if not severity:
        raise DomainError(
            f"无法从阶次名称“{label}”判断裁量等级，请注明轻微、一般、较重、严重或不予处罚", field="tiers"
        )
    parsed = parse_fine_text(fine_text)
    main, branches = parsed.main, parsed.ranges[1:]
    kinds = tuple(dict.fromkeys([*penalty_kinds, *parsed.penalty_kinds]))
    return TierSpec(
        tier=severity,
        conditions=conditions,
        label="" if label == Tier(severity).label else label,
        fine_text=fine_text,
        penalty_kinds=kinds,
        fine_min=main.low if main and not main.base else None,
        fine_max=main.high if main and not main.base else None,
        fine_base=main.base if main else "",
        rate_min=main.low if main and main.base else None,
        rate_max=main.high if main and main.base else None,
        branches=tuple(branches),
        person_fine_min=parsed.person.low if parsed.person and not parsed.person.base else None,
        person_fine_max=parsed.person.high if parsed.person and not parsed.person.base else None,
    )


def _check_tier(spec: TierSpec) -> None:
    name = spec.shown
    if spec.tier not in Tier.values:
        raise DomainError(f"裁量阶次“{spec.tier}”无效", field="tiers")
    if not spec.conditions.strip():
        raise DomainError(f"“{name}”阶次须写明适用情形", field="tiers")
    if spec.fine_min is not None and spec.fine_max is not None and spec.fine_min > spec.fine_max:
        raise DomainError(f"“{name}”阶次罚款下限高于上限", field="tiers")
    if spec.rate_min is not None and spec.rate_max is not None and spec.rate_min > spec.rate_max:
        raise DomainError(f"“{name}”阶次罚款倍数下限高于上限", field="tiers")
    if (spec.rate_min is not None or spec.rate_max is not None) and not spec.fine_base.strip():
        raise DomainError(
            f"“{name}”阶次按倍数或比例计算罚款，须写明计算基数（如货值金额、违法所得）", field="tiers"
        )
    if spec.fine_base and (spec.fine_min is not None or spec.fine_max is not None):
        raise DomainError(
            f"“{name}”阶次既按{spec.fine_base}计算又写了固定金额，请把其中一种写作另一情形", field="tiers"
        )
    pmin, pmax = spec.person_fine_min, spec.person_fine_max
    if pmin is not None and pmax is not None and pmin > pmax:
        raise DomainError(f"“{name}”阶次对责任人员罚款下限高于上限", field="tiers")
    if spec.tier == Tier.NO_PENALTY and (spec.fine_min or spec.fine_max or spec.rate_min or spec.rate_max):
        raise DomainError(f"“{name}”是不予处罚阶次，不能规定罚款幅度", field="tiers")


def benchmark_create(
    *,
    item: EnforcementItem,
    name: str,
    effective_from: date,
    tiers: Sequence[TierSpec],
    basis: str = "",
    actor: Any,
) -> DiscretionBenchmark:
    if item.kind != ItemKind.PENALTY:
        raise DomainError("裁量基准只能设于行政处罚事项", field="item")
    if not tiers:
        raise DomainError("裁量基准至少需要一个裁量阶次", field="tiers")
    seen: set[str] = set()
    for spec in tiers:
        _check_tier(spec)
        if spec.shown in seen:
            raise DomainError(f"裁量阶次“{spec.shown}”重复", field="tiers")
        seen.add(spec.shown)
    with transaction.atomic():
        bm = DiscretionBenchmark.objects.create(
            item=item, name=name, effective_from=effective_from, basis=basis
        )
        # One create per tier (not bulk_create) so that each tier's history starts with a "created" row.
        for spec in tiers:
            BenchmarkTier.objects.create(
                benchmark=bm,
                tier=spec.tier,
                label=spec.label,
                conditions=spec.conditions,
                fine_text=spec.fine_text,
                fine_min=spec.fine_min,
                fine_max=spec.fine_max,
                fine_base=spec.fine_base,
                rate_min=spec.rate_min,
                rate_max=spec.rate_max,
                branches=[b.as_json() for b in spec.branches],
                person_fine_min=spec.person_fine_min,
                person_fine_max=spec.person_fine_max,
                penalty_kinds=list(spec.penalty_kinds),
            )
        record(
            event_type="catalog.benchmark_created",
            subject=bm,
            agency_id=item.agency_id,
            actor=actor,
            payload={
                "item": item.code,
                "name": name,
                "effective_from": effective_from,
                "tiers": [
                    {
                        "tier": s.tier,
                        "label": s.label,
                        "fine_min": s.fine_min,
                        "fine_max": s.fine_max,
                        "fine_base": s.fine_base,
                        "rate_min": s.rate_min,
                        "rate_max": s.rate_max,
                        "person_fine_min": s.person_fine_min,
                        "person_fine_max": s.person_fine_max,
                        "fine_text": s.fine_text,
                        "conditions": s.conditions,
                    }
                    for s in tiers
                ],
            },
        )
    return bm


def law_get_or_create(
    *, name: str, level: str, issuer: str = "", effective_date: date | None = None, actor: Any
) -> Law:
    with transaction.atomic():
        law = Law.objects.filter(name=name).first()
        if law:
            return law
        if level not in Law.Level.values:
            raise DomainError(f"效力级别“{level}”无效", field="level")
        law = Law.objects.create(name=name, level=level, issuer=issuer, effective_date=effective_date)
        record(
            event_type="catalog.law_created",
            subject=law,
            agency_id=None,
            actor=actor,
            payload={"name": name, "level": level},
        )
        return law


def law_version_add(
    *, law: Law, year: int, kind: str, effective_from: date | None = None, actor: Any
) -> LawVersion:
    """Record a version of a law (its first text, or an amendment or revision and when it took effect)."""
    if kind not in LawVersion.Kind.values:
        raise DomainError(f"版本类型“{kind}”无效", field="version")
    if not 1949 <= year <= 2100:
        raise DomainError(f"版本年份“{year}”无效", field="version")
    if effective_from is not None and effective_from.year < year:
        raise DomainError("版本的施行日期早于其公布年份", field="effective_date")
    with transaction.atomic():
        if LawVersion.objects.filter(law=law, year=year, kind=kind).exists():
            raise DomainError(f"《{law.name}》已有{year}年{LawVersion.Kind(kind).label}版本", field="version")
        version = LawVersion.objects.create(law=law, year=year, kind=kind, effective_from=effective_from)
        record(
            event_type="catalog.law_version_added",
            subject=version,
            agency_id=None,
            actor=actor,
            payload={"law": law.name, "version": version.label, "effective_from": effective_from},
        )
    return version


# --- published lists: 四张清单 and 首违免罚, 重大执法决定目录, 音像记录事项, 随机抽查事项 ---


def _same_agency(agency: Agency, item: EnforcementItem | None) -> None:
    if item is not None and item.agency_id != agency.pk:
        raise DomainError(f"执法事项“{item.code}”不属于{agency.name}", field="item")


def lenience_entry_create(
    *,
    agency: Agency,
    kind: str,
    circumstances: str,
    obligation: str = LenienceEntry.Obligation.MAY,
    item: EnforcementItem | None = None,
    conduct: str = "",
    basis: str = "",
    valid_from: date | None = None,
    valid_until: date | None = None,
    actor: Any,
) -> LenienceEntry:
    if kind not in LenienceKind.values:
        raise DomainError(f"清单类别“{kind}”无效", field="kind")
    if obligation not in LenienceEntry.Obligation.values:
        raise DomainError(f"适用方式“{obligation}”无效", field="obligation")
    if not circumstances.strip():
        raise DomainError("须写明适用情形", field="circumstances")
    if valid_from and valid_until and valid_until < valid_from:
        raise DomainError(f"有效期至（{valid_until}）早于施行日期（{valid_from}）", field="valid_until")
    _same_agency(agency, item)
    with transaction.atomic():
        entry = LenienceEntry.objects.create(
            agency=agency,
            kind=kind,
            item=item,
            conduct=conduct,
            circumstances=circumstances,
            obligation=obligation,
            basis=basis,
            valid_from=valid_from,
            valid_until=valid_until,
        )
        record(
            event_type="catalog.lenience_entry_created",
            subject=entry,
            agency_id=agency.pk,
            actor=actor,
            payload={
                "kind": kind,
                "item": item.code if item else None,
                "conduct": conduct,
                "circumstances": circumstances,
                "obligation": obligation,
                "basis": basis,
                "valid_from": valid_from,
                "valid_until": valid_until,
            },
        )
    return entry


def major_rule_create(
    *,
    agency: Agency,
    name: str,
    item_kinds: Sequence[str] = (),
    penalty_kinds: Sequence[str] = (),
    fine_threshold_natural: Decimal | None = None,
    fine_threshold_legal: Decimal | None = None,
    fine_threshold_exclusive: bool = False,
    hearing_held: bool = False,
    complex_case: bool = False,
    major_public_interest: bool = False,
    other_criteria: str = "",
    basis: str = "",
    actor: Any,
) -> MajorDecisionRule:
    """One row of the 重大执法决定法制审核目录清单 (国办发〔2018〕118号 四（十二）). A row must say when it
    applies: by a condition the engine checks, or in words the reviewer confirms (other_criteria)."""
    unknown = [k for k in item_kinds if k not in ItemKind.values]
    if unknown:
        raise DomainError(f"事项类别“{'、'.join(unknown)}”无效", field="item_kinds")
    has_condition = bool(
        item_kinds
        or penalty_kinds
        or fine_threshold_natural is not None
        or fine_threshold_legal is not None
        or hearing_held
        or complex_case
        or major_public_interest
        or other_criteria.strip()
    )
    if not has_condition:
        raise DomainError("目录规则须至少写明一项审核情形", field="name")
    with transaction.atomic():
        rule = MajorDecisionRule.objects.create(
            agency=agency,
            name=name,
            item_kinds=list(item_kinds),
            penalty_kinds=list(penalty_kinds),
            fine_threshold_natural=fine_threshold_natural,
            fine_threshold_legal=fine_threshold_legal,
            fine_threshold_exclusive=fine_threshold_exclusive,
            hearing_held=hearing_held,
            complex_case=complex_case,
            major_public_interest=major_public_interest,
            other_criteria=other_criteria,
            basis=basis,
        )
        record(
            event_type="catalog.major_rule_created",
            subject=rule,
            agency_id=agency.pk,
            actor=actor,
            payload={
                "name": name,
                "item_kinds": list(item_kinds),
                "penalty_kinds": list(penalty_kinds),
                "fine_threshold_natural": fine_threshold_natural,
                "fine_threshold_legal": fine_threshold_legal,
                "fine_threshold_exclusive": fine_threshold_exclusive,
                "hearing_held": hearing_held,
                "complex_case": complex_case,
                "major_public_interest": major_public_interest,
                "other_criteria": other_criteria,
                "basis": basis,
            },
        )
    return rule


def recording_requirement_create(
    *,
    agency: Agency,
    activity: str,
    level: str,
    item: EnforcementItem | None = None,
    category: str = "",
    matter: str = "",
    venue: str = "",
    method: str = "",
    content: str = "",
    notes: str = "",
    basis: str = "",
    actor: Any,
) -> RecordingRequirement:
    if level not in RecordingRequirement.Level.values:
        raise DomainError(f"记录要求“{level}”无效", field="level")
    _same_agency(agency, item)
    with transaction.atomic():
        req = RecordingRequirement.objects.create(
            agency=agency,
            item=item,
            category=category,
            activity=activity,
            matter=matter,
            level=level,
            venue=venue,
            method=method,
            content=content,
            notes=notes,
            basis=basis,
        )
        record(
            event_type="catalog.recording_requirement_created",
            subject=req,
            agency_id=agency.pk,
            actor=actor,
            payload={
                "category": category,
                "activity": activity,
                "matter": matter,
                "level": level,
                "item": item.code if item else None,
                "venue": venue,
                "method": method,
                "content": content,
                "basis": basis,
            },
        )
    return req


def inspection_item_create(
    *,
    agency: Agency,
    name: str,
    target: str,
    kind: str = InspectionItem.Kind.GENERAL,
    item: EnforcementItem | None = None,
    content: str = "",
    method: str = "",
    basis: str = "",
    ratio_percent: Decimal | None = None,
    frequency: str = "",
    initiating_agency: str = "",
    partner_agencies: str = "",
    level: str = "",
    field_name: str = "",
    actor: Any,
) -> InspectionItem:
    if kind not in InspectionItem.Kind.values:
        raise DomainError(f"事项类别“{kind}”无效", field="kind")
    if ratio_percent is not None and not Decimal(0) < ratio_percent <= Decimal(100):
        raise DomainError(f"抽查比例应大于 0% 且不超过 100%，收到 {ratio_percent}%", field="ratio_percent")
    _same_agency(agency, item)
    with transaction.atomic():
        ii = InspectionItem.objects.create(
            agency=agency,
            item=item,
            name=name,
            target=target,
            content=content,
            method=method,
            kind=kind,
            basis=basis,
            ratio_percent=ratio_percent,
            frequency=frequency,
            initiating_agency=initiating_agency,
            partner_agencies=partner_agencies,
            level=level,
            field_name=field_name,
        )
        record(
            event_type="catalog.inspection_item_created",
            subject=ii,
            agency_id=agency.pk,
            actor=actor,
            payload={
                "name": name,
                "target": target,
                "kind": kind,
                "item": item.code if item else None,
                "method": method,
                "ratio_percent": ratio_percent,
                "frequency": frequency,
                "initiating_agency": initiating_agency,
                "partner_agencies": partner_agencies,
                "level": level,
            },
        )
    return ii
