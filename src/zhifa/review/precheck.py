"""The reviewer's pre-check: the checklist of 国办发〔2018〕118号 四(十三) and SAMR 程序规定 Art.53,
evaluated from the platform's own data. Each item says pass, fail or manual (the platform cannot know)
and shows its evidence; the reviewer confirms or overrides each one with a reason."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from django.apps import apps
from django.db.models import Prefetch

from zhifa.cases.engine import Context
from zhifa.cases.guards import amount_within_tier, statement_period_over
from zhifa.cases.models import Case, CaseOfficer, DeadlineStatus
from zhifa.catalog.models import MajorDecisionRule
from zhifa.journal.models import JournalEntry
from zhifa.personnel.models import Certificate
from zhifa.personnel.selectors import may_act


@dataclass(frozen=True)
class CheckItem:
    code: str
    label: str
    status: str  # "pass", "fail", "manual"
    evidence: str
    basis: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _act_dates(case: Case) -> list[tuple[str, Any]]:
    """The dates officers acted on the case: filing and every investigation step in the journal."""
    steps = JournalEntry.objects.filter(
        subject=f"cases.case:{case.pk}",
        event_type__in=[
            "case.file",
            "case.preserve",
            "case.report",
            "case.serve_notice",
            "case.hold_hearing",
        ],
    ).order_by("id")
    out = []
    for e in steps:
        on = e.payload_data.get("on")
        if on:
            out.append((e.event_type, date.fromisoformat(on)))
    return out


def run(case: Case) -> list[CheckItem]:
    items: list[CheckItem] = []
    # 1. 执法主体合法; 执法人员具备执法资格 (on every act date). The officers' certificates, with their
    # fields, areas and events, are read once for every date checked (may_act uses the prefetch).
    certificates = Prefetch(
        "officer__certificates",
        queryset=Certificate.objects.select_related("area").prefetch_related("fields", "events"),
    )
    officers = [
        co.officer
        for co in CaseOfficer.objects.filter(case=case)
        .exclude(recusal="granted")
        .select_related("officer")
        .prefetch_related(certificates)
    ]
    problems, checked = [], 0
    for step, on in _act_dates(case):
        ok = [o for o in officers if may_act(officer=o, item=case.item, area=case.place, on=on).allowed]
        checked += 1
        if len(ok) < 2:
            problems.append(f"{on.isoformat()}（{step}）仅 {len(ok)} 名执法人员持证合格")
    items.append(
        CheckItem(
            "qualification",
            "执法人员具备执法资格",
            "fail" if problems or not checked else "pass",
            "；".join(problems) or f"核对 {checked} 个办案环节，每个环节均有两名以上持有效执法证的人员",
            "118号 四(十三)1；《中华人民共和国行政处罚法》第四十二条",
        )
    )
    # 2. 执法主体合法、未超越法定权限.
    within = case.item.agency_id == case.agency_id and case.agency.region.contains(case.place)
    items.append(
        CheckItem(
            "authority",
            "未超越法定权限",
            "pass" if within else "fail",
            f"事项“{case.item.name}”属于{case.item.agency.name}；"
            f"发生地{case.place.name}{'在' if within else '不在'}管辖区域内",
            "118号 四(十三)1、5",
        )
    )
    # 3. 执法程序合法: deadlines and the notice/statement/hearing steps.
    missed = list(case.deadlines.filter(status=DeadlineStatus.MISSED).values_list("label", "due_on"))
    ctx = Context(case, None, {}, case.updated_at.date() if case.updated_at else case.discovered_on)
    notice = statement_period_over(ctx) if case.state == "ready" else None
    proc_problems = [f"{label}（{due}）已超期" for label, due in missed]
    if case.state == "ready" and notice is not None:
        proc_problems.append(notice.message)
    items.append(
        CheckItem(
            "procedure",
            "执法程序合法",
            "fail" if proc_problems else "pass",
            "；".join(proc_problems) or "各项期限均按期完成；告知、陈述申辩和听证程序已履行",
            "118号 四(十三)2；市场监督管理行政处罚程序规定第五十三条",
        )
    )
    # 4. 事实清楚、证据充分: evidence recorded for the case.
    evidence_count = 0
    if apps.is_installed("zhifa.evidence"):
        Evidence = apps.get_model("evidence", "Evidence")
        evidence_count = Evidence.objects.filter(
            agency_id=case.agency_id, case_ref__in=[str(case.pk), case.case_number]
        ).count()
    items.append(
        CheckItem(
            "evidence",
            "事实清楚、证据充分",
            "pass" if evidence_count else "fail",
            f"本案登记证据 {evidence_count} 件" + ("" if evidence_count else "，须补充证据"),
            "118号 四(十三)3",
        )
    )
    # 5. 适用法律准确: the item's legal basis exists.
    bases = [b.citation for b in case.item.legal_bases.select_related("law")]
    items.append(
        CheckItem(
            "legal_basis",
            "适用法律、法规、规章准确",
            "pass" if bases else "fail",
            "；".join(bases) or "执法事项未登记执法依据",
            "118号 四(十三)4",
        )
    )
    # 6. 裁量基准运用适当.
    tier = amount_within_tier(Context(case, None, {}, ctx.on))
    items.append(
        CheckItem(
            "discretion",
            "裁量基准运用适当",
            "fail" if tier else ("pass" if case.benchmark_id else "manual"),
            tier.message
            if tier
            else (
                f"适用“{case.benchmark}”{case.benchmark_tier}阶次，罚款 {case.fine_amount} 元在幅度内"
                if case.benchmark_id
                else "未适用裁量基准，请人工判断"
            ),
            "118号 四(十三)4；《中华人民共和国行政处罚法》第三十四条",
        )
    )
    # 7. 执法文书完备、规范.
    docs = [n for n in (case.case_number, case.notice_served_on and "告知书") if n]
    items.append(
        CheckItem(
            "documents",
            "执法文书完备、规范",
            "pass" if case.case_number and case.notice_served_on else "manual",
            f"立案编号 {case.case_number or '无'}；"
            f"事先告知书{'已送达' if case.notice_served_on else '未送达（决定前须送达）'}"
            if docs
            else "无",
            "118号 四(十三)6",
        )
    )
    # 8. 是否涉嫌犯罪、需要移送司法机关: the platform keeps no criminal thresholds yet.
    items.append(
        CheckItem(
            "criminal_referral",
            "是否涉嫌犯罪需要移送",
            "manual",
            f"罚没金额 {case.total_amount} 元；本平台尚未配置刑事立案追诉标准，请审核人员对照判断",
            "118号 四(十三)7；行政执法机关移送涉嫌犯罪案件的规定",
        )
    )
    items.extend(catalogue_checks(case))
    return items


def catalogue_checks(case: Case) -> list[CheckItem]:
    """The agency's major-decision catalogue rows that state a criterion in words (其他情形: 重大社会影响,
    减轻处罚的…, 责令停产停业、吊销… as alternatives to an amount): the platform cannot evaluate them, so
    each is a check the reviewer confirms (118号 四(十二): the catalogue decides what is reviewed; issue
    12: "other criteria … as checks the reviewer confirms"). A row restricted to other kinds of items
    does not concern the case."""
    found: list[CheckItem] = []
    rules = MajorDecisionRule.objects.filter(agency_id=case.agency_id, active=True).exclude(other_criteria="")
    for rule in rules.order_by("id"):
        if rule.item_kinds and case.item.kind not in rule.item_kinds:
            continue
        found.append(
            CheckItem(
                f"catalogue_{rule.pk}",
                f"是否属于目录情形：{rule.name}",
                "manual",
                f"目录列明、须由审核人员确认的情形：{rule.other_criteria}",
                rule.basis or "重大执法决定法制审核目录清单",
            )
        )
    return found
