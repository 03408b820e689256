"""Catalogue writes used by the importer, the demo and the API. Administrators' edits in the Django
admin go through core.admin.JournaledAdmin, which journals them the same way."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from zhifa.catalog.items import BasisRef as BasisRef
from zhifa.catalog.items import ItemSpec as ItemSpec
from zhifa.catalog.items import ItemsRefused as ItemsRefused
from zhifa.catalog.items import find_law as find_law
from zhifa.catalog.items import item_create as item_create
from zhifa.catalog.items import items_check as items_check
from zhifa.catalog.items import items_create as items_create
from zhifa.catalog.items import parse_version_label as parse_version_label
from zhifa.catalog.models import (
    BenchmarkTier,
    DiscretionBenchmark,
    EnforcementField,
    EnforcementItem,
    InspectionItem,
    ItemKind,
    Law,
    LawVersion,
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
    fine_range: str = "",
    measures: str = "",
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
            fine_range=fine_range,
            measures=measures,
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
                "fine_range": fine_range,
                "measures": measures,
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
