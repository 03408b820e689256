"""Publication rules with their sources: deadlines, display periods, what is never published."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from zhifa.cases import rules as regional
from zhifa.cases.models import Case, PartyKind
from zhifa.cases.rules import Default
from zhifa.catalog import calendar
from zhifa.lib.workdays import DeadlineResult, age_on, months_later
from zhifa.organizations.models import Agency
from zhifa.publicity.models import Publication, PublicationKind

# 国办发〔2018〕118号 二(六): licensing and penalty decisions within 7 working days of the decision,
# others within 20; 市场监督管理行政处罚信息公示规定 Art.9 (20 WD) is laxer, so 7 applies — the
# stricter where two apply. Withdrawal: 3 working days (行政处罚法 Art.48; SAMR 公示规定 Art.11).
DEADLINE_WD = {PublicationKind.PENALTY: 7, PublicationKind.LICENSING: 7, PublicationKind.OTHER: 20}
WITHDRAW_WD = 3

NEVER_EARLY_STOP = {
    "责令停产停业",
    "限制开展生产经营活动",
    "限制从业",
    "降低资质等级",
    "吊销许可证件",
    "吊销营业执照",
}


ART13 = "市场监督管理行政处罚信息公示规定第十三条"

# What varies by region, with the national default: ProcedureSetting rows per region over these values,
# resolved like the procedures' own thresholds (cases.rules: the most specific region wins). The keys
# are registered in that one table of regional settings, so an administrator sets them in the same
# admin; PublicityConfig.ready() imports this module, so they resolve whatever was imported first.
REGIONAL: dict[str, Default] = {
    # SAMR 公示规定 Art.13: "较低数额罚款" is fixed at provincial level or above. Default: below SAMR's own
    # "较大数额" (市场监督管理行政处罚听证办法 Art.5: 10,000 yuan for a natural person, 100,000 otherwise).
    "publicity_low_fine_natural": regional.register("publicity_low_fine_natural", 10000, ART13),
    "publicity_low_fine_organization": regional.register("publicity_low_fine_organization", 100000, ART13),
    # SAMR 公示规定 Art.13: 通报批评 or a lower fine only → shown 3 months; everything else 3 years.
    "publicity_display_months_light": regional.register("publicity_display_months_light", 3, ART13),
    "publicity_display_months": regional.register("publicity_display_months", 36, ART13),
    # SAMR 公示规定 Art.14: early stop may be asked for once a decision has been shown this many months.
    "publicity_early_stop_min_months": regional.register(
        "publicity_early_stop_min_months", 3, "市场监督管理行政处罚信息公示规定第十四条"
    ),
}


def publication_due(kind: str, decided_on: date) -> DeadlineResult:
    return calendar.add_working_days(decided_on, DEADLINE_WD[PublicationKind(kind)])


def withdraw_due(on: date) -> DeadlineResult:
    return calendar.add_working_days(on, WITHDRAW_WD)


@dataclass(frozen=True)
class PenaltyFacts:
    """What the publication rules read of a penalty: its kinds, the fine and the party's kind. From the
    case for a decision made here (`of_case`), from the publication for one registered from another
    case system (`of_publication`): one set of rules for both."""

    penalty_kinds: tuple[str, ...]
    fine_amount: Decimal | None
    party_kind: str

    @classmethod
    def of_case(cls, case: Case) -> PenaltyFacts:
        return cls(tuple(case.penalty_kinds), case.fine_amount, case.party.kind)

    @classmethod
    def of_publication(cls, pub: Publication) -> PenaltyFacts:
        if pub.case is not None:
            return cls.of_case(pub.case)
        return cls(tuple(pub.penalty_kinds or ()), pub.fine_amount, pub.party_kind)


def _low_fine(facts: PenaltyFacts, agency: Agency, cache: dict[str, Any]) -> bool:
    """较低数额罚款: set at provincial level or above (SAMR 公示规定 Art.13), so the agency's region's
    threshold, else the national default (REGIONAL)."""
    natural = facts.party_kind == PartyKind.NATURAL_PERSON
    key = "publicity_low_fine_natural" if natural else "publicity_low_fine_organization"
    return (facts.fine_amount or Decimal(0)) < regional.value(key, agency, cache=cache)


def display_until(
    case: Case | None,
    published_on: date,
    restriction_until: date | None = None,
    *,
    agency: Agency | None = None,
    facts: PenaltyFacts | None = None,
) -> date:
    """SAMR 公示规定 Art.13: 通报批评 or a lower fine only → 3 months; otherwise 3 years; a restriction
    longer than 3 years → until it ends. The periods and the lower-fine threshold are the publishing
    agency's region's (REGIONAL), read in one query. The penalty is the case's, or `facts` for a
    decision registered without a case."""
    agency = agency or (case.agency if case is not None else None)
    if agency is None:
        raise ValueError("display_until needs the publishing agency")
    cache: dict[str, Any] = {}
    if facts is None and case is not None:
        facts = PenaltyFacts.of_case(case)
    if facts is not None:
        kinds = set(facts.penalty_kinds)
        light = bool(kinds) and kinds <= {"警告", "通报批评", "罚款"}
        if light and ("罚款" not in kinds or _low_fine(facts, agency, cache)):
            months = regional.int_value("publicity_display_months_light", agency, cache=cache)
            return months_later(published_on, months)
    until = months_later(published_on, regional.int_value("publicity_display_months", agency, cache=cache))
    if restriction_until and restriction_until > until:
        return restriction_until
    return until


def warning_only(penalty_kinds: Iterable[str]) -> str:
    """SAMR 公示规定 Art.2: a decision that only gives a warning is not published ("" when it may be)."""
    kinds = set(penalty_kinds)
    if kinds and kinds == {"警告"}:
        return "仅给予警告的行政处罚决定不予公示（市场监督管理行政处罚信息公示规定第二条）"
    return ""


def never_publish(case: Case) -> str:
    """Why a decision must not be published ("" when it may): warning-only decisions (SAMR 公示规定
    Art.2), minors as parties and cases referred as suspected crimes (内蒙古办法 Art.11 [V])."""
    if warning := warning_only(case.penalty_kinds):
        return warning
    p = case.party
    if p.kind == PartyKind.NATURAL_PERSON and p.birth_date and age_on(p.birth_date, case.act_on) < 18:
        return "当事人为未成年人，不予公示"
    if getattr(case, "referred_on", None):
        return "案件已作为涉嫌犯罪移送司法机关，不予公示"
    # 行政处罚法 Art.38, 48; SAMR 公示规定 Art.11: a decision revoked or confirmed void is not published.
    if getattr(case, "decision_revoked_on", None):
        return "行政处罚决定已被撤销或者确认无效，不予公示（行政处罚法第四十八条）"
    return ""
