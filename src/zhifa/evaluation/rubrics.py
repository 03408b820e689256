"""The rubric that applies to a region, the grade of a score, and the shipped national default."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from zhifa.evaluation.models import Rubric, RubricItem
from zhifa.organizations.models import Region

FAILED = "不合格"


def rubric_for(region: Region) -> Rubric:
    """The newest version of the rubric of the nearest region up from `region` (itself included): a
    province's variant overrides the national default; with none, the national default (region empty)."""
    prefixes = [region.path[: i + 1] for i, ch in enumerate(region.path) if ch == "/"]
    candidates = list(Rubric.objects.filter(region__path__in=prefixes).select_related("region"))
    if candidates:
        return max(candidates, key=lambda r: (len(r.region.path) if r.region else 0, r.version))
    national = Rubric.objects.filter(region__isnull=True).order_by("-version").first()
    if national is None:
        raise Rubric.DoesNotExist("没有全国默认的案卷评查标准（迁移 evaluation 0002 应已安装）")
    return national


def pts(value: Decimal) -> str:
    """Points as people write them: 20, 89.5 (never 2E+1)."""
    return format(value.normalize(), "f")


def grade(rubric: Rubric, score: Decimal, *, vetoed: bool) -> str:
    """广东省令第231号 第十六条 (thresholds from the rubric) and 第十七条 (a veto → 不合格 whatever the
    points)."""
    if vetoed:
        return FAILED
    if score >= rubric.excellent_min:
        return "优秀"
    if rubric.good_min is not None and score >= rubric.good_min:
        return "良好"
    if score >= rubric.pass_min:
        return "合格"
    return FAILED


def install(spec: dict[str, Any], *, region: Region | None = None) -> Rubric:
    """Create a rubric and its items from a spec (defaults.NATIONAL's shape); an existing code and version
    is left as it is."""
    with transaction.atomic():
        rubric, created = Rubric.objects.get_or_create(
            code=spec["code"],
            version=spec.get("version", 1),
            defaults={
                "name": spec["name"],
                "region": region,
                "total_points": Decimal(spec.get("total_points", "100")),
                "excellent_min": Decimal(spec.get("excellent_min", "90")),
                "good_min": Decimal(spec["good_min"]) if spec.get("good_min") else None,
                "pass_min": Decimal(spec.get("pass_min", "60")),
                "basis": spec.get("basis", ""),
            },
        )
        if created:
            RubricItem.objects.bulk_create(
                RubricItem(
                    rubric=rubric,
                    code=code,
                    section=section,
                    text=text,
                    kind=kind,
                    points=Decimal(points),
                    deduction_rule=rule,
                    auto_check=check,
                    order=n,
                )
                for n, (code, section, text, kind, points, rule, check) in enumerate(spec["items"])
            )
    return rubric


def ensure_shipped_rubric() -> int:
    """Install the shipped rubric (defaults.SHIPPED) where it is missing; returns how many. Migration 0002
    installs it on a new database; this puts it back after a transactional test's flush (conftest)."""
    from zhifa.evaluation.defaults import SHIPPED

    created = 0
    for spec in SHIPPED:
        if not Rubric.objects.filter(code=spec["code"], version=spec.get("version", 1)).exists():
            install(spec)
            created += 1
    return created
