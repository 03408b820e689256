"""When a proposed decision needs legal review, and which rule says so.

Sources, each explained in the result: the agency's major-decision catalogue (MajorDecisionRule rows;
a row fires when every condition it sets holds), 行政处罚法 Art.58 itself (major public interest; a
hearing was held; a complex case or several legal relations), and the agency's policy of reviewing
every general-procedure decision."""

from __future__ import annotations

from dataclasses import dataclass

from zhifa.cases.models import Case, ProcedureKind
from zhifa.catalog.models import MajorDecisionRule
from zhifa.review.models import ReviewPolicy
from zhifa.review.rules import compulsion_review_all, regional_basis

ART58 = "《中华人民共和国行政处罚法》第五十八条"
ART_118 = "国办发〔2018〕118号 四（十二）"


@dataclass(frozen=True)
class Trigger:
    source: str  # "catalogue", "statute", "policy", "regional"
    rule: str
    reason: str
    basis: str

    def as_dict(self) -> dict[str, str]:
        return {"source": self.source, "rule": self.rule, "reason": self.reason, "basis": self.basis}


def _rule_fires(rule: MajorDecisionRule, case: Case) -> str | None:
    """The reason a catalogue row fires for this case, or None. Unset conditions do not constrain, but a
    row must set at least one."""
    reasons: list[str] = []
    conditions = 0
    if rule.item_kinds:
        conditions += 1
        if case.item.kind not in rule.item_kinds:
            return None
        reasons.append(f"事项类别为{case.item.get_kind_display()}")
    if rule.penalty_kinds:
        conditions += 1
        hit = sorted(set(rule.penalty_kinds) & set(case.penalty_kinds))
        if not hit:
            return None
        reasons.append(f"拟处{'、'.join(hit)}")
    threshold = rule.fine_threshold_natural if case.party.is_natural_person else rule.fine_threshold_legal
    if rule.fine_threshold_natural is not None or rule.fine_threshold_legal is not None:
        conditions += 1
        if threshold is None or case.total_amount < threshold:
            return None
        if rule.fine_threshold_exclusive and case.total_amount == threshold:  # "以上（不含本数）"
            return None
        who = "自然人" if case.party.is_natural_person else "法人或其他组织"
        reached = "超过" if rule.fine_threshold_exclusive else "达到"
        reasons.append(f"对{who}罚没金额 {case.total_amount} 元，{reached} {threshold} 元")
    if rule.hearing_held:
        conditions += 1
        if case.hearing_held_on is None:
            return None
        reasons.append("经过听证程序")
    if rule.complex_case:
        conditions += 1
        if not case.complex_case:
            return None
        reasons.append("案情疑难复杂或涉及多个法律关系")
    if rule.major_public_interest:
        conditions += 1
        if not case.major_public_interest:
            return None
        reasons.append("涉及重大公共利益")
    return "，".join(reasons) if conditions else None


def triggers_for(case: Case) -> list[Trigger]:
    found: list[Trigger] = []
    for rule in MajorDecisionRule.objects.filter(agency=case.agency, active=True).order_by("id"):
        reason = _rule_fires(rule, case)
        if reason:
            found.append(
                Trigger(
                    "catalogue",
                    f"目录清单：{rule.name}",
                    reason,
                    rule.basis or "重大执法决定法制审核目录清单",
                )
            )
    compulsion = case.procedure == ProcedureKind.COMPULSION
    if case.major_public_interest:
        # A compulsion decision is not a penalty: its review scope is 118号 四(十二), not Art.58.
        basis = f"{ART_118}第1项" if compulsion else f"{ART58}第一款第（一）项"
        found.append(Trigger("statute", "涉及重大公共利益", "案件标记为涉及重大公共利益", basis))
    if case.hearing_held_on is not None:
        found.append(
            Trigger(
                "statute",
                "经过听证程序",
                f"已于 {case.hearing_held_on.isoformat()} 举行听证",
                f"{ART58}第一款第（二）项",
            )
        )
    if case.complex_case:
        basis = f"{ART_118}第5项" if compulsion else f"{ART58}第一款第（三）项"
        found.append(Trigger("statute", "疑难复杂", "案件情况疑难复杂、涉及多个法律关系", basis))
    if compulsion and compulsion_review_all(case.agency):
        found.append(
            Trigger(
                "regional",
                "本地区行政强制决定均须法制审核",
                "本地区规定经批准实施的行政强制措施决定均须法制审核",
                regional_basis("compulsion_review_all", case.agency),
            )
        )
    policy = ReviewPolicy.objects.filter(agency=case.agency).first()
    if policy and policy.review_all_general and case.procedure == ProcedureKind.GENERAL:
        found.append(
            Trigger(
                "policy",
                "本机关普通程序案件全部法制审核",
                "本机关规定普通程序案件均须法制审核",
                "本机关法制审核制度",
            )
        )
    return found
