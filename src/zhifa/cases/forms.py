"""The fields each step asks for in the workbench (the API takes the same keys in `data`)."""

from __future__ import annotations

from dataclasses import dataclass

from zhifa.cases.documents import RELEASE_GROUNDS, SERVICE_METHODS
from zhifa.cases.guards import PENALTY_KINDS
from zhifa.cases.procedures import compulsion, general


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = "text"  # text, textarea, date, number, checkbox, select, officer
    required: bool = True
    choices: tuple[tuple[str, str], ...] = ()


# Choices come from the one place each list is defined (行政处罚法 Art.9 in the guards; the service methods
# and release grounds the documents print; the suspension grounds of SAMR 程序规定 Art.46).
PENALTY_CHOICES = tuple((k, k) for k in PENALTY_KINDS)
TIERS = (
    ("minor", "轻微"),
    ("ordinary", "一般"),
    ("serious", "较重"),
    ("particularly_serious", "严重"),
    ("no_penalty", "不予处罚"),
)
PROPOSAL = (
    Field("facts", "违法事实和证据", "textarea"),
    Field("penalty_kinds", "处罚种类", "multiselect", choices=PENALTY_CHOICES),
    Field("fine_amount", "罚款金额（元）", "number", required=False),
    Field("confiscation_amount", "没收违法所得（元）", "number", required=False),
    Field("benchmark_id", "裁量基准", "benchmark"),
    Field("benchmark_tier", "裁量阶次", "select", choices=TIERS),
    # A tier stated as a multiple of 货值金额/违法所得… is checked against this amount (guards).
    Field("base_kind", "计算基数（如货值金额、违法所得）", required=False),
    Field("base_amount", "计算基数金额（元）", "number", required=False),
    Field("person_fine_amount", "对直接负责的主管人员和其他直接责任人员罚款（元）", "number", required=False),
    Field("tier_reason", "裁量理由", "textarea"),
    Field(
        "lenience",
        "从轻减轻",
        "select",
        required=False,
        choices=(("", "不适用"), ("lighter", "从轻"), ("mitigated", "减轻")),
    ),
    Field("lenience_reason", "从轻减轻理由", "textarea", required=False),
    Field("complex_case", "情节复杂或重大违法（须集体讨论）", "checkbox", required=False),
    # SAMR 程序规定 Art.50 para.1(1), Art.60 para.2: legal review and the heads' collective discussion.
    Field("major_public_interest", "涉及重大公共利益（须法制审核和集体讨论）", "checkbox", required=False),
)
SERVICE = (
    Field(
        "method",
        "送达方式",
        "select",
        choices=tuple(SERVICE_METHODS.items()),
    ),
    Field("address_confirmed", "当事人已签订送达地址确认书（电子送达必需）", "checkbox", required=False),
    Field("signed_by", "签收人（直接送达）", required=False),
    Field("refusal_reason", "拒收事由（留置送达必填）", required=False),
    Field("witness", "见证人（留置送达）", required=False),
    Field("place", "送达地点（默认当事人住所）", required=False),
    Field("servers", "送达人（默认本案办案人员）", required=False),
)
FIELDS: dict[str, tuple[Field, ...]] = {
    "decline_filing": (Field("reason", "不予立案理由", "textarea"),),
    "preserve": (Field("items", "先行登记保存物品清单", "textarea"),),
    "dispose_preservation": (Field("measure", "处理决定"),),
    "declare_recusal": (Field("officer_id", "申请回避的办案人员", "officer"), Field("reason", "回避事由")),
    "decide_recusal": (
        Field("officer_id", "办案人员", "officer"),
        Field("granted", "准予回避", "checkbox", required=False),
    ),
    "report": PROPOSAL,
    "revise_proposal": PROPOSAL,
    "serve_notice": (Field("hearing_offered", "告知书载明听证权利", "checkbox", required=False), *SERVICE),
    "close_statement": (
        Field("waived", "当事人书面放弃陈述申辩", "checkbox", required=False),
        Field("summary", "陈述申辩要点", "textarea", required=False),
        Field("adopted", "采纳情况及理由（当事人提出陈述申辩的必填）", "textarea", required=False),
    ),
    "schedule_hearing": (
        Field("hearing_on", "听证日期（通知送达七个工作日后）", "date"),
        Field("place", "听证地点"),
        Field("presider", "听证主持人（非本案调查人员）"),
        Field("not_public", "不公开举行（涉及国家秘密、商业秘密或者个人隐私）", "checkbox", required=False),
    ),
    "hold_hearing": (
        Field("report", "听证报告", "textarea"),
        Field("summary", "当事人在听证中陈述、申辩的要点（默认听证报告）", "textarea", required=False),
        Field("adopted", "陈述、申辩的采纳情况及理由", "textarea"),
    ),
    "suspend": (
        Field(
            "ground",
            "中止情形",
            "select",
            choices=tuple(general.SUSPENSION_GROUNDS.items()),
        ),
        Field("reason", "中止调查的具体情况", "textarea"),
    ),
    "resume": (Field("reason", "中止原因消除的情况", "textarea"),),
    "propose_referral": (
        Field("crime", "涉嫌的犯罪（罪名）"),
        Field("report", "移送涉嫌犯罪案件的书面报告", "textarea"),
    ),
    "decline_referral": (Field("reason", "不批准移送的理由", "textarea"),),
    "refer": (
        Field("police", "受移送的公安机关"),
        Field("crime", "涉嫌的犯罪（罪名）"),
        Field("facts", "涉嫌犯罪的事实（默认违法事实）", "textarea", required=False),
        Field("items", "涉案物品清单", "textarea", required=False),
        Field("tests", "检验报告或者鉴定结论", "textarea", required=False),
    ),
    "collective_discussion": (Field("conclusion", "集体讨论结论", "textarea"),),
    "extend_decision_period": (
        Field("reason", "延长理由", "textarea"),
        Field("collective_discussion", "已经负责人集体讨论", "checkbox", required=False),
    ),
    "serve_decision": SERVICE,
    "demand_performance": SERVICE,
    "revoke_decision": (
        Field("ground", "撤销情形", "select", choices=tuple(general.REVOCATION_GROUNDS.items())),
        Field("authority", "作出撤销的机关", "select", choices=tuple(general.REVISION_AUTHORITIES.items())),
        Field("document", "依据的复议决定书、裁判文书或本机关决定及其文号", required=False),
        Field("reason", "撤销理由（撤下公示时一并公开）", "textarea"),
    ),
    "change_decision": (
        Field("ground", "变更情形", "select", choices=tuple(general.CHANGE_GROUNDS.items())),
        Field("authority", "作出变更的机关", "select", choices=tuple(general.REVISION_AUTHORITIES.items())),
        Field("document", "依据的复议决定书、裁判文书或本机关决定及其文号", required=False),
        Field("changed_to", "变更后的处理内容（变更的必填）", "textarea", required=False),
        Field("reason", "变更理由（撤下公示时一并公开）", "textarea"),
        # The changed penalty itself, when the change alters it (e.g. 复议 reduces the fine).
        Field(
            "penalty_kinds",
            "变更后的处罚种类（处罚内容改变的填写）",
            "multiselect",
            required=False,
            choices=PENALTY_CHOICES,
        ),
        Field("fine_amount", "变更后的罚款金额（元）", "number", required=False),
        Field("confiscation_amount", "变更后的没收违法所得（元）", "number", required=False),
        Field(
            "person_fine_amount",
            "变更后的对直接负责的主管人员和其他直接责任人员罚款（元）",
            "number",
            required=False,
        ),
        Field("base_kind", "变更后的计算基数（如货值金额、违法所得）", required=False),
        Field("base_amount", "变更后的计算基数金额（元）", "number", required=False),
        Field(
            "benchmark_tier",
            "变更后的裁量阶次（本机关自行变更的）",
            "select",
            required=False,
            choices=(("", "不变"), *TIERS),
        ),
        Field("tier_reason", "变更后的裁量理由", "textarea", required=False),
        Field(
            "served_on",
            "变更决定送达当事人的日期（默认办理日期；罚款变更的，十五日缴款期限自此起算）",
            "date",
            required=False,
        ),
    ),
    "record_challenge": (
        Field(
            "kind",
            "复议或诉讼",
            "select",
            choices=(("reconsideration", "行政复议"), ("litigation", "行政诉讼")),
        ),
        Field("body", "受理的行政复议机关或者人民法院"),
        Field("filed_on", "申请或者起诉日期（默认办理日期）", "date", required=False),
    ),
    "end_challenge": (
        Field("outcome", "复议决定或者裁判结果", "textarea"),
        Field("ended_on", "审结日期（默认办理日期）", "date", required=False),
    ),
    "apply_to_court": (
        Field("court", "受理申请的人民法院"),
        Field("not_challenged", "当事人在法定期限内未申请行政复议、未提起行政诉讼", "checkbox"),
    ),
    "enforce": (
        Field("measure", "措施（查封/扣押）"),
        Field("items", "物品清单", "textarea"),
        Field("site_record", "现场笔录要点", "textarea"),
    ),
    "enforce_on_spot": (
        Field("measure", "措施（查封/扣押）"),
        Field("items", "物品清单", "textarea"),
        Field("site_record", "现场笔录要点", "textarea"),
        Field("reason", "紧急情况说明", "textarea"),
    ),
    "extend": (Field("days", "延长天数（≤30）", "number"), Field("reason", "延长理由", "textarea")),
    "release": (
        Field(
            "ground",
            "解除情形",
            "select",
            choices=tuple(RELEASE_GROUNDS.items()),
        ),
        Field("outcome", "解除理由说明", "textarea"),
        Field("items", "解除的物品（默认全部查封扣押物品）", "textarea", required=False),
    ),
    "start_testing": (
        Field(
            "test", "检测、检验、检疫或者技术鉴定", "select", choices=tuple((t, t) for t in compulsion.TESTS)
        ),
        Field("items", "送检的物品", "textarea"),
        Field("institution", "检测、检验、检疫或者技术鉴定机构"),
        Field("until", "预计完成日期（告知当事人的期间）", "date"),
    ),
    "end_testing": (Field("result", "检测、检验、检疫或者技术鉴定结果", "textarea"),),
    "dispose": (Field("outcome", "处理结果", "textarea"),),
    "decide_no_penalty": (
        Field("ground", "不予处罚的理由和依据", "textarea"),
        Field("education", "教育记录", "textarea"),
    ),
}


def fields_for(transition: str) -> tuple[Field, ...]:
    if transition == "decide":  # 行政处罚法 Art.28 para.1: an order may be issued with the decision
        from zhifa.cases.forms_money import ORDER_WITH_DECISION

        return (*FIELDS.get(transition, ()), *ORDER_WITH_DECISION)
    return FIELDS.get(transition) or _money_fields().get(transition, ())


def _money_fields() -> dict[str, tuple[Field, ...]]:
    from zhifa.cases.forms_money import MONEY_FIELDS  # it imports Field from here

    return MONEY_FIELDS


def data_from_post(transition: str, post: object) -> dict[str, object]:
    """Turn a submitted form into the engine's `data` (checkboxes to booleans, lists kept)."""
    data: dict[str, object] = {}
    for f in fields_for(transition):
        if f.kind == "checkbox":
            data[f.name] = post.get(f.name) == "on"  # type: ignore[attr-defined]
        elif f.kind == "multiselect":
            data[f.name] = post.getlist(f.name)  # type: ignore[attr-defined]
        else:
            value = post.get(f.name, "")  # type: ignore[attr-defined]
            if value != "" or f.required:
                data[f.name] = value
    return data
