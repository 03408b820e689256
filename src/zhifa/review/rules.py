"""Legal-review thresholds that vary by region, with the national default.

They are ProcedureSetting rows per region over the defaults below, resolved like the procedures' own
thresholds (cases.rules: the most specific region wins); the keys are registered in that one table of
regional settings, so an administrator sets them in the same admin. ReviewConfig.ready() imports this
module, so they resolve whatever was imported first."""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal
from typing import Any

from zhifa.cases import rules as regional
from zhifa.cases.rules import Default
from zhifa.organizations.models import Agency

ART_118_4_11 = "国办发〔2018〕118号 四(十一)"

REGIONAL: dict[str, Default] = {
    # 国办发〔2018〕118号 四(十一): legal reviewers 原则上不少于本单位执法人员总数的5% — "in principle", and
    # provinces' implementing rules may ask for more.
    "legal_reviewer_ratio_percent": regional.register("legal_reviewer_ratio_percent", 5, ART_118_4_11),
}


def reviewer_ratio_percent(agency: Agency, *, cache: dict[str, Any] | None = None) -> Decimal:
    """The share of the agency's officers its legal reviewers must reach (118号 四(十一))."""
    return regional.value("legal_reviewer_ratio_percent", agency, cache=cache)


def reviewers_required(officers: int, percent: Decimal) -> int:
    """不少于 N%: the reviewers needed for `officers` officers, rounded up (24 officers at 5% → 2)."""
    return int((Decimal(officers) * percent / 100).to_integral_value(rounding=ROUND_CEILING))
