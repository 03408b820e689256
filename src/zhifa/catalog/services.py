"""Catalogue writes used by the importer, the demo and the API. Administrators' edits in the Django
admin go through core.admin.JournaledAdmin, which journals them the same way."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from zhifa.catalog.models import (
    BenchmarkTier,
    DayKind,
    DiscretionBenchmark,
    EnforcementField,
    EnforcementItem,
    ItemKind,
    Law,
    LegalBasis,
    Tier,
)
from zhifa.core.errors import DomainError
from zhifa.journal.services import record
from zhifa.lib.fine_ranges import FineRange, parse_fine_text, severity_of
from zhifa.organizations.models import Agency


@dataclass(frozen=True)
class BasisRef:
    law: str
    article: int
    paragraph: int | None = None
    clause: int | None = None
    role: str = LegalBasis.Role.DUTY


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
    actor: Any,
) -> EnforcementItem:
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
    if not bases:
        raise DomainError("执法事项必须有执法依据", field="legal_basis")
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
        )
        for ref in bases:
            law = Law.objects.filter(name=ref.law).first()
            if law is None:
                raise DomainError(f"法律法规库中没有《{ref.law}》，请先录入", field="legal_basis")
            LegalBasis.objects.create(
                item=item,
                law=law,
                article=ref.article,
                paragraph=ref.paragraph,
                clause=ref.clause,
                role=ref.role,
            )
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
                "bases": [b.citation for b in item.legal_bases.select_related("law")],
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
