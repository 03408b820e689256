"""The catalogue of every event type the platform records: its Chinese label (what the workbench shows,
never the code) and the payload keys every entry of that type carries (what a subscriber may rely on;
an entry may carry more, e.g. a case step adds what its effects recorded).

Plain data, so that the journal imports no domain app. `record()` and `subscribe()` refuse a name that
is not here (JournalUsageError), and the case engine checks every transition's event when a procedure is
registered (`require()`). Adding an event type is one line in CATALOGUE below.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


class UnknownEventType(RuntimeError):
    """Raised by require(); journal.services turns it into a JournalUsageError."""


@dataclass(frozen=True)
class EventType:
    name: str
    label: str
    keys: tuple[str, ...] = ()


# What every case step's entry carries (cases.engine.execute), whatever the step adds.
STEP = "procedure step case_number from to on"
_CERT = "number officer_id reason from_status to_status valid_until"
_SANCTION = "sanction_id reason date rule escalated_from"
_UPLOAD = "filename offset length"


def E(name: str, label: str, keys: str = "") -> EventType:  # one row of the table
    """`keys`: the payload keys, separated by spaces."""
    return EventType(name, label, tuple(keys.split()))


_ENTRIES: list[EventType] = [
    # --- cases: opening, officers, clocks (cases.services) ---
    E("case.opened", "登记案源", "procedure item title party place discovered_on act_on officers"),
    E("case.officer_assigned", "指派执法人员", "officer_id name lead"),
    E("case.deadline_missed", "办案期限届满未办结", "kind due_on rule missed"),
    E("party.created", "登记当事人", "kind name credit_code"),
    # --- case steps (cases.engine: `case.<transition>` unless the transition names its event) ---
    E("case.file", "立案", STEP),
    E("case.decline_filing", "不予立案", STEP),
    E("case.preserve", "先行登记保存", STEP),
    E("case.dispose_preservation", "处理先行登记保存物品", STEP),
    E("case.declare_recusal", "申请回避", STEP),
    E("case.decide_recusal", "决定回避", STEP),
    E("case.report", "调查终结", STEP),
    E("case.revise_proposal", "修改处理意见", STEP),
    E("case.serve_notice", "送达事先告知书", STEP),
    E("case.request_hearing", "申请听证", STEP),
    E("case.schedule_hearing", "通知听证", STEP),
    E("case.hold_hearing", "举行听证", STEP),
    E("case.close_statement", "陈述申辩复核完毕", STEP),
    E("case.collective_discussion", "负责人集体讨论", STEP),
    E("case.suspend", "中止调查", STEP),
    E("case.resume", "恢复调查", STEP),
    E("case.propose_referral", "提出移送涉嫌犯罪案件报告", STEP),
    E("case.decline_referral", "不批准移送", STEP),
    E("case.refer", "移送司法机关", STEP),
    E("case.extend_decision_period", "延长办案期限", STEP),
    E("case.serve_decision", "送达处罚决定书", STEP),
    E("case.demand_performance", "催告履行", STEP),
    E("case.apply_to_court", "申请人民法院强制执行", STEP),
    E("case.record_payment", "履行完毕", STEP),
    E("case.close", "结案", STEP),
    E("case.archive", "归档", STEP),
    E("case.record_challenge", "登记行政复议或行政诉讼", f"{STEP} challenge"),
    E("case.end_challenge", "行政复议或行政诉讼终结", f"{STEP} challenge"),
    E("case.file_record", "报所属行政机关备案", STEP),
    # --- orders, payment plans, bank receipts, cash on the spot (cases.orders, cases.payments; issue 17) ---
    E("case.issue_order", "责令改正", f"{STEP} orders"),
    E("case.check_order", "责令改正复查", f"{STEP} check"),
    E("case.record_receipt", "登记银行缴款回单", f"{STEP} receipt settlement"),
    E("case.request_payment_plan", "登记延期（分期）缴纳罚款申请", f"{STEP} plan"),
    E("case.approve_payment_plan", "批准延期（分期）缴纳罚款", f"{STEP} plan"),
    E("case.refuse_payment_plan", "不予批准延期（分期）缴纳罚款", f"{STEP} plan"),
    E("case.collect_on_spot", "当场收缴罚款", f"{STEP} cash"),
    E("case.hand_in_cash", "当场收缴罚款交至行政机关", f"{STEP} cash"),
    E("case.deposit_cash", "当场收缴罚款缴付银行", f"{STEP} cash receipt"),
    E("payment.receipt_imported", "导入银行缴款回单", "case_number number amount paid_on settlement"),
    E("case.enforce", "实施查封扣押", STEP),
    E("case.enforce_on_spot", "情况紧急当场实施查封扣押", STEP),
    E("case.approve_on_spot", "补办查封扣押批准手续", STEP),
    E("case.extend", "延长查封扣押期限", STEP),
    E("case.release", "解除查封扣押", STEP),
    E("case.start_testing", "检测、检验、检疫或技术鉴定开始", f"{STEP} testing paused"),
    E("case.end_testing", "检测、检验、检疫或技术鉴定结束", f"{STEP} result resumed"),
    E("case.dispose", "依法处理查封扣押物品", STEP),
    # Decisions: the events publicity (and anything reacting to decisions) subscribes to.
    E("decision.issued", "作出行政处罚决定", STEP),
    E("decision.revoked", "处罚决定被撤销或确认无效", STEP + " revision"),
    E("decision.changed", "处罚决定被变更或确认违法", STEP + " revision"),
    # --- documents (cases.documents) ---
    E("document.rendered", "生成文书", "case kind number content_sha256 issued_in_entry"),
    E("document.downloaded", "下载文书", "number"),
    # --- legal review (review.services) ---
    E(
        "review.submitted",
        "提交法制审核",
        "case_id round proposal_sha256 triggers materials due_on supersedes",
    ),
    E("review.assigned", "指定法制审核人员", "reviewer_id name manual"),
    E("review.opinion", "出具法制审核意见", "case_id round number kind text proposal_sha256 checklist"),
    E("review.disputed", "对审核意见提出异议", "round reasons"),
    E(
        "review.head_decided",
        "负责人对审核分歧作出决定",
        "round decision reason collective_discussion_on proposal_sha256",
    ),
    # --- publicity (publicity.pipeline, services, registration) ---
    E("publication.drafted", "生成公示草稿", "case_id decision_number due_on redactions reason"),
    E("publication.suppressed", "依法不予公示", "case_id decision_number reason"),
    E(
        "publication.redrafted",
        "决定变更后重新生成公示草稿",
        "case_id decision_number reason penalty_display trigger_entry",
    ),
    E("publication.original_viewed", "查看公示原文"),
    E("publication.redaction_adjusted", "调整隐去内容", "action start end reason"),
    E(
        "publication.published",
        "公示",
        "decision_number version published_on display_until due_on late text_sha256",
    ),
    E("publication.withdrawal_due", "公示应撤下", "reason due_on trigger trigger_entry_id triggered_by"),
    E("publication.withdrawn", "撤下公示", "reason public_notice late"),
    E("publication.corrected", "更正公示", "previous_id version reason text_sha256"),
    E("publication.expired", "公示期满撤下", "display_until"),
    E("publication.stopped_early", "提前停止公示", "conditions"),
    E(
        "decision.registered",
        "登记行政执法决定",
        "kind decision_number decided_on due_on redactions"
        " penalty_kinds fine_amount persons source_system reason",
    ),
    # --- evidence (evidence.services, uploads) ---
    E(
        "evidence.uploaded",
        "证据上传入库",
        "kind case_ref filename content_type collected_at collected_place collected_by proves supersedes via",
    ),
    E("evidence.viewed", "查看证据", "mode"),
    E("evidence.downloaded", "下载证据原件"),
    E("evidence.superseded", "证据被更正", "by reason"),
    E("evidence.verified", "证据完整性核验", "ok sha256 sm3 size"),
    E("evidence.upload_started", "开始上传证据", "filename length"),
    E("evidence.upload_terminated", "终止上传证据", _UPLOAD),
    E("evidence.upload_expired", "未完成的上传过期清除", _UPLOAD),
    E("casefile.downloaded", "下载电子卷宗", "case_id manifest_sha256 documents evidence entries tree_size"),
    # --- personnel (personnel.services) ---
    E("officer.created", "登记执法人员", "name unit law_qualification"),
    E("officer.user_linked", "执法人员关联账号", "username role"),
    E("officer.training_recorded", "登记培训", "date hours topic provider"),
    E("officer.assessed", "登记年度考核", "year grade"),
    E("certificate.issue", "发放执法证", _CERT),
    E("certificate.renew", "执法证换证延期", _CERT),
    E("certificate.suspend", "暂扣执法证", _CERT),
    E("certificate.reinstate", "发还执法证", _CERT),
    E("certificate.revoke", "收回执法证", _CERT),
    E("certificate.expire", "执法证到期失效", _CERT),
    E("sanction.reminder_talk", "谈话提醒", _SANCTION),
    E("sanction.public_criticism", "通报批评", _SANCTION),
    E("sanction.suspend", "暂扣执法证（管理措施）", _SANCTION),
    E("sanction.revoke", "收回执法证（管理措施）", _SANCTION),
    E("legal_reviewer.appointed", "确定法制审核人员", "officer_id name first_time appointed_on"),
    E("legal_reviewer.withdrawn", "撤销法制审核人员资格", "officer_id name reason"),
    E("counsel.added", "登记法律顾问或公职律师", "name kind organization"),
    # --- supervision: complaints from the public (supervision.services; no identity in any payload) ---
    E(
        "complaint.received",
        "收到投诉举报",
        "receipt_number region subject_kind agency_concerned anonymous content_sha256 attachments"
        " accept_due_on provisional",
    ),
    E(
        "complaint.accepted",
        "受理投诉举报",
        "receipt_number on accept_due_on late answer_due_on provisional rule",
    ),
    E("complaint.refused", "不予受理投诉举报", "receipt_number on reason accept_due_on late rule"),
    E(
        "complaint.routed",
        "转交投诉举报",
        "receipt_number to_agency to_agency_name to_supervision previous_agency reason on",
    ),
    E("complaint.answered", "答复投诉举报", "receipt_number on answer_due_on late answer_sha256 rule"),
    E(
        "complaint.converted",
        "投诉举报转为案件线索或监督事项",
        "receipt_number kind agency_id agency_concerned region subject_kind note on",
    ),
    E("complaint.identity_read", "查看投诉举报人信息", "receipt_number anonymous"),
    E("complaint.attachment_read", "查看投诉举报附件", "receipt_number filename"),
    # --- supervision: alerts (预警; supervision.alert_services) ---
    E("alert.raised", "发出预警", "rule severity role subject_kind subject_id reference detail"),
    E("alert.acknowledged", "知悉预警", "rule reference note"),
    E("alert.resolved", "解除预警", "rule reference reason auto"),
    # --- supervision: matters (监督事项; supervision.matters) and the evaluation that may open one ---
    # --- case-file evaluation (案卷评查; evaluation.services, drawing, scoring, results) ---
    E("evaluation.plan_created", "制定案卷评查方案", "code region year rubric files_per_agency evaluators"),
    E(
        "evaluation.draw_committed",
        "固定评查案卷抽取库（承诺）",
        "plan commitments random_source random_source_on",
    ),
    E("evaluation.draw_seeded", "录入公开随机数并抽取评查案卷", "plan commitment_seq random_value selected"),
    E("evaluation.self_opened", "开展案卷自评", "plan_id agency_id files"),
    E("evaluation.evaluator_assigned", "指派评查人员", "plan_id file_id case_number evaluator_id"),
    E("evaluation.sheet_submitted", "提交案卷评分表", "plan_id file_id evaluator_id total vetoed overrides"),
    E(
        "evaluation.file_scored",
        "案卷评分完成",
        "plan_id file_id case_number kind score grade vetoed disagreement",
    ),
    E(
        "evaluation.notice_issued",
        "送达案卷评查结果通知书",
        "plan_id agency_id number served_on objection_due_on content_sha256",
    ),
    E("evaluation.objection_filed", "对评查结果提出异议", "plan_id file_id received_on answer_due_on"),
    E("evaluation.objection_answered", "答复评查异议", "plan_id file_id outcome score grade late"),
    E("evaluation.result_final", "评查结果确定", "plan_id file_id score grade how"),
    E(
        "evaluation.rectification_required",
        "案卷评查不合格责令整改",
        "plan_id file_id case_id case_number agency_id grade score reasons",
    ),
    E("matter.opened", "立项监督事项", "source_kind source_key source_ref agency_id region title"),
    E("matter.not_opened", "未能立项监督事项", "source_key reason"),
    E("matter.document_issued", "出具行政执法监督文书", "kind number content_sha256 period_days period_unit"),
    E("matter.document_rendered", "生成行政执法监督文书", "number content_sha256 issued_in_entry"),
    E("matter.document_served", "送达行政执法监督文书", "kind number on rectify_due_on provisional rule"),
    E("matter.report_submitted", "提交整改报告", "report_id on due_on late text_sha256 attachments"),
    E("matter.report_accepted", "整改报告审查通过", "report_id on note"),
    E("matter.report_returned", "退回整改报告", "report_id on reason due_on"),
    E("matter.talk_recorded", "记录约谈", "talk_id held_on place participants summary_sha256"),
    E("matter.escalated", "监督事项逾期未整改升级", "due_on on reason"),
    E("matter.closed", "办结监督事项", "on note"),
    E("matter.attachment_read", "查看整改报告附件", "report_id filename"),
    # --- supervision: online publicity inspection (网上巡查; supervision.patrol_services) ---
    E("patrol.generated", "生成网上巡查报告", "year quarter as_of lines failed"),
    E("patrol.line_reviewed", "审核网上巡查项目", "line verdict passed final_passed reason"),
    E("patrol.concluded", "填写网上巡查结论", "conclusion"),
    E("patrol.published", "发布网上巡查报告", "year quarter on failed"),
    E("evaluation.rectification_reported", "报告案卷整改情况", "plan_id file_id note"),
    # --- organizations, accounts ---
    E("region.created", "登记行政区划", "code name level parent"),
    E("agency.created", "登记执法主体", "name region"),
    E("agency.updated", "修改执法主体信息"),
    E("unit.created", "登记内设机构", "name is_legal_unit"),
    E("numbering_template.set", "设置文号模板", "kind old new"),
    E("user.created", "创建账号", "username role region"),
    E("user.password_changed", "修改密码"),
    E("api_token.created", "创建接口令牌", "user name prefix"),
    E("api_token.revoked", "吊销接口令牌"),
    E("api_token.rotated", "轮换接口令牌", "user name prefix previous_prefix expires_at"),
    # --- catalogue of enforcement items, calendar, imports ---
    E("catalog.field_created", "登记执法领域", "code name"),
    E("catalog.item_created", "登记执法事项", "code name kind field bases parent bases_to_review"),
    E("catalog.benchmark_created", "登记裁量基准", "item name effective_from tiers"),
    E("catalog.law_created", "登记法律法规", "name level"),
    E("catalog.law_version_added", "登记法律法规版本", "law version effective_from"),
    E("catalog.lenience_entry_created", "登记四张清单条目"),
    E("catalog.major_rule_created", "登记重大执法决定目录规则"),
    E("catalog.recording_requirement_created", "登记音像记录事项"),
    E("catalog.inspection_item_created", "登记随机抽查事项"),
    E("calendar.year_loaded", "载入节假日安排", "year status source holidays makeup_workdays"),
    E("registry.imported", "导入登记簿", "kind filename rows created sha256"),
    # --- random inspections and enterprise inspections (inspections.services) ---
    E("inspection_target.imported", "导入检查对象名录库", "created updated unchanged file_sha256"),
    E("directory_import.started", "开始导入检查对象名录库文件", "job filename dry_run deactivate_missing"),
    E(
        "directory_import.finished",
        "检查对象名录库文件导入结束",
        "job filename status rows error_count file_sha256",
    ),
    E("inspection_plan.created", "制定抽查计划", "code year name agency_id"),
    E("inspection_plan.published", "公布抽查计划", "code published_on"),
    E("inspection_task.created", "创建抽查任务", "code name agency_id items kind ratio_percent"),
    E("inspection_task.approved", "负责人批准抽查任务", "code approved_on"),
    E("inspection_task.cancelled", "撤销抽查任务", "code reason"),
    E("draw.committed", "固定抽取库与人员库（承诺）", "task commitment_hash list_hash pool_hash"),
    E("draw.seeded", "录入公开随机数并完成抽取", "task commitment_hash random_value seed selected"),
    E("recusal.declared", "检查人员回避", "task officer_id credit_code declared_by after_draw"),
    E("inspection.reassigned", "回避后重新分配检查人员", "code credit_code officers"),
    E("inspection.created", "登记涉企行政检查", "code kind agency_id credit_code officers"),
    E("inspection.inspected", "实施现场检查", "code on officers"),
    E("inspection.result_entered", "录入检查结果", "code outcome due_on"),
    E("inspection.result_published", "公示检查结果", "code published_on"),
    E("inspection.part_result_entered", "联合检查部门录入本部门检查结果", "code agency_id outcome"),
    E("inspection.repeat_warning", "重复检查或超频次预警", "code credit_code reason"),
    E(
        "inspection.violation_found",
        "检查发现违法行为",
        "code agency_id item_id credit_code name kind region on officers address source",
    ),
    E("inspection.rated", "检查对象评价检查", "code rating"),
    E("inspection.checked_in", "执法人员扫码入企（到达现场）", "code at officers"),
    E("inspection.record_rendered", "生成现场检查笔录", "code number content_sha256 issued_in_entry"),
    # The cases app's reaction to inspection.violation_found (cases.reactions_inspections): the lead
    # opened (subject: the case), or why none was (subject: the inspection).
    E("case.lead_from_inspection", "根据检查发现的违法行为登记案源", "code source inspection"),
    E("case.lead_not_opened", "检查发现违法行为但未能登记案源", "code reason"),
    # --- annual statistics report (statistics.services) ---
    E(
        "statistics_report.submitted",
        "报送行政执法统计年报",
        "year template snapshot_sha256 submission period_end",
    ),
    E("statistics_report.returned", "退回行政执法统计年报", "year reason snapshot_sha256"),
    E("statistics_report.approved", "审核通过行政执法统计年报（冻结）", "year snapshot_sha256 publish_by"),
    E(
        "statistics_report.published",
        "公开行政执法统计年报",
        "year snapshot_sha256 published_on publish_by late",
    ),
    E(
        "statistics_template.saved",
        "保存统计年报模板",
        "code name region amount_unit tie_break sha256 created",
    ),
    # --- the journal itself ---
    E("journal.key_published", "启用检查点签名密钥"),
    E("journal.key_rotated", "轮换检查点签名密钥", "previous_key_id"),
]

# Every model registered with core.admin.JournaledAdmin: `admin.<app>.<model>.created|changed|deleted`.
ADMIN_MODELS = {
    "organizations.region": "行政区划",
    "organizations.agency": "执法主体",
    "catalog.enforcementitem": "执法事项",
    "catalog.discretionbenchmark": "裁量基准",
    "catalog.lenienceentry": "四张清单条目",
    "catalog.majordecisionrule": "重大执法决定目录规则",
    "catalog.enforcementfield": "执法领域",
    "catalog.law": "法律法规",
    "catalog.recordingrequirement": "音像记录事项",
    "catalog.inspectionitem": "随机抽查事项",
    "inspections.inspectiontarget": "检查对象",
    "catalog.holiday": "节假日与调休",
    "personnel.officer": "执法人员",
    "personnel.trainingrecord": "培训记录",
    "personnel.legalreviewer": "法制审核人员",
    "personnel.counsel": "法律顾问与公职律师",
    "cases.proceduresetting": "办案参数",
    "cases.numberingtemplate": "文号模板",
    "cases.collectionaccount": "罚没款收缴账户",
    "review.reviewpolicy": "法制审核设置",
    "publicity.publicitysetting": "公示设置",
    "statistics.reporttemplate": "统计年报模板",
    "evaluation.rubric": "案卷评查标准",
}
_ADMIN_ACTIONS = {
    "created": ("管理后台新增", "changed"),
    "changed": ("管理后台修改", "changed"),
    "deleted": ("管理后台删除", "repr"),
}
for _model, _label in ADMIN_MODELS.items():
    for _action, (_verb, _key) in _ADMIN_ACTIONS.items():
        _ENTRIES.append(E(f"admin.{_model}.{_action}", f"{_verb}{_label}", _key))

CATALOGUE: dict[str, EventType] = {}
for _e in _ENTRIES:
    if _e.name in CATALOGUE:
        raise RuntimeError(f"event type {_e.name} is catalogued twice")
    CATALOGUE[_e.name] = _e

# Namespaces whose every name is accepted: only tests and benchmarks open one (allow_namespace).
_open_namespaces: dict[str, str] = {}


def allow_namespace(prefix: str, label: str) -> None:
    """Accept every `<prefix>.…` name (tests' `test.*`, the benchmarks' `bench.*`). Never in src."""
    _open_namespaces[prefix.rstrip(".") + "."] = label


def get(name: str) -> EventType | None:
    found = CATALOGUE.get(name)
    if found is None:
        for prefix, label in _open_namespaces.items():
            if name.startswith(prefix):
                return EventType(name, label)
    return found


def require(name: str) -> EventType:
    """The catalogued event type `name`; UnknownEventType if there is none."""
    found = get(name)
    if found is None:
        raise UnknownEventType(f"event type {name!r} is not in the catalogue (zhifa/journal/events.py)")
    return found


def matching(pattern: str) -> list[EventType]:
    """The catalogued types a subscription pattern (`a.b`, or `a.*`) covers."""
    if pattern.endswith(".*"):
        prefix = pattern[:-1]
        found = [e for e in CATALOGUE.values() if e.name.startswith(prefix)]
        if not found and any(prefix.startswith(p) for p in _open_namespaces):
            found = [EventType(pattern, "")]
        return found
    single = get(pattern)
    return [single] if single is not None else []


def label(name: str) -> str:
    """The Chinese label the workbench shows; an uncatalogued (historic) type shows as itself."""
    found = get(name)
    return found.label if found is not None else name


def names() -> Iterable[str]:
    return CATALOGUE.keys()
