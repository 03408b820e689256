"""Legal-review thresholds that vary by region, with the national default.

They are ProcedureSetting rows per region over the defaults below, resolved like the procedures' own
thresholds (cases.rules: the most specific region wins); the keys are registered in that one table of
regional settings, so an administrator sets them in the same admin. ReviewConfig.ready() imports this
module, so they resolve whatever was imported first."""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal
from typing import Any

from zhifa.cases import rules as regional
from zhifa.cases.models import ProcedureSetting
from zhifa.cases.rules import Default
from zhifa.organizations.models import Agency

ART_118_4_11 = "国办发〔2018〕118号 四(十一)"
ART_118_COMPULSION = "国办发〔2018〕118号 一(三)、四(十二)"

REGIONAL: dict[str, Default] = {
    # 国办发〔2018〕118号 四(十一): legal reviewers 原则上不少于本单位执法人员总数的5% — "in principle", and
    # provinces' implementing rules may ask for more.
    "legal_reviewer_ratio_percent": regional.register("legal_reviewer_ratio_percent", 5, ART_118_4_11),
    # 国办发〔2018〕118号 一(三) puts 行政强制 within the three systems and 四(十二) sends the 重大 decisions
    # to 法制审核: nationally a compulsion decision is reviewed when it is major — the agency's 目录清单
    # names it, or it touches a major public interest or is complex (四(十二)(一), (五)). 0 keeps that
    # national rule; 1 is a region whose own rule sends every approved compulsion decision (查封、扣押 …)
    # to review. The emergency measure taken on the spot (行政强制法 Art.19) is approved afterwards by
    # the head and never waits for review.
    "compulsion_review_all": regional.register("compulsion_review_all", 0, ART_118_COMPULSION),
}


def reviewer_ratio_percent(agency: Agency, *, cache: dict[str, Any] | None = None) -> Decimal:
    """The share of the agency's officers its legal reviewers must reach (118号 四(十一))."""
    return regional.value("legal_reviewer_ratio_percent", agency, cache=cache)


def regional_basis(key: str, agency: Agency) -> str:
    """The basis of the setting that applies to the agency: the most specific region's row, else the
    national default's article."""
    rows = [
        r
        for r in ProcedureSetting.objects.filter(key=key).select_related("region")
        if r.region is None or agency.region.path.startswith(r.region.path)
    ]
    if not rows:
        return regional.DEFAULTS[key].basis
    row = max(rows, key=lambda r: len(r.region.path) if r.region else 0)
    return row.basis or regional.DEFAULTS[key].basis


def compulsion_review_all(agency: Agency, *, cache: dict[str, Any] | None = None) -> bool:
    """Whether the region sends every approved compulsion decision to legal review (else only the major
    ones, 118号 四(十二))."""
    return regional.value("compulsion_review_all", agency, cache=cache) >= 1


def reviewers_required(officers: int, percent: Decimal) -> int:
    """不少于 N%: the reviewers needed for `officers` officers, rounded up (24 officers at 5% → 2)."""
    return int((Decimal(officers) * percent / 100).to_integral_value(rounding=ROUND_CEILING))
