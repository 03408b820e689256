"""The templates the platform ships: the national default and one provincial variant, as data (the
migration 0002 installs them; an administrator edits them or adds a province's in the admin).

- national: 14 penalty categories, one per kind of 行政处罚法 Art.9 in its order (the 2021 layout
  that 曲阜 and others publish: 警告 | 通报批评 | 罚款 | 没收违法所得 | 没收非法财物 | 暂扣许可证件 |
  降低资质等级 | 吊销许可证件 | 限制开展生产经营活动 | 责令停产停业 | 责令关闭 | 限制从业 | 行政拘留 |
  其他行政处罚), amounts in yuan, a decision with several kinds counted under the heaviest; then
  licensing, compulsion, inspection, legal review and officers.
- zhejiang-9: the 9 categories of 浙江's county reports (庆元县 2024: 警告、通报批评 | 罚款 |
  没收违法所得、没收非法财物 | 暂扣许可证件、降低资质等级 | 吊销许可证件 | 限制开展生产经营活动 |
  责令停产停业、责令关闭、限制从业 | 行政拘留 | 其他行政处罚), 罚没金额 in 万元, and the 行政执法证持证率
  table. Not tied to a region: an administrator assigns it to a province."""

from __future__ import annotations

from typing import Any

COUNTING_NOTE = (
    "行政处罚决定数为本年度1月1日至12月31日作出行政处罚决定的数量（含简易程序当场作出的决定，含此后经行政复议"
    "或者行政诉讼被撤销的决定）。单处一种行政处罚的，计入相应类别；并处两种以上行政处罚的，算一宗，按本模板的"
    "规则计入一个类别；并处明确类别的行政处罚和其他行政处罚的，计入明确类别。罚没金额以处罚决定书确定的金额为准，"
    "没收违法所得、没收非法财物能确定金额的计入。"
)
LICENSING_NOTE = (
    "许可数量、不予许可数量、撤销许可数量为本年度作出的相应决定数（准予变更、延续计入许可数量，不予变更、延续计入"
    "不予许可数量），依据登记公示的行政许可决定统计；申请数量、受理数量由政务服务系统受理，本平台未记录。"
)


def _cat(code: str, label: str, *kinds: str) -> dict[str, Any]:
    return {"code": code, "label": label, "kinds": list(kinds) or [label]}


def _rows(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    return [
        {"label": label, "category": ref[2:]} if ref.startswith("c:") else {"label": label, "figure": ref}
        for label, ref in pairs
    ]


NATIONAL_CATEGORIES = [
    _cat("warning", "警告"),
    _cat("criticism", "通报批评"),
    _cat("fine", "罚款"),
    _cat("confiscate_income", "没收违法所得"),
    _cat("confiscate_property", "没收非法财物"),
    _cat("suspend_license", "暂扣许可证件"),
    _cat("downgrade", "降低资质等级"),
    _cat("revoke_license", "吊销许可证件"),
    _cat("restrict_business", "限制开展生产经营活动"),
    _cat("suspend_business", "责令停产停业"),
    _cat("close", "责令关闭"),
    _cat("restrict_employment", "限制从业"),
    _cat("detention", "行政拘留"),
    _cat("other", "其他行政处罚", "其他"),
]

_LICENSING = _rows(
    ("申请数量", "licensing_applied"),
    ("受理数量", "licensing_accepted"),
    ("许可数量", "licensing_granted"),
    ("不予许可数量", "licensing_refused"),
    ("撤销许可数量", "licensing_revoked"),
)
_COMPULSION = _rows(
    ("行政强制措施实施数量", "compulsion_measures"),
    ("其中：查封场所、设施或者财物", "compulsion_seal_up"),
    ("其中：扣押财物", "compulsion_seize"),
    ("申请人民法院强制执行数量", "court_enforcement"),
)
_INSPECTION = _rows(
    ("行政检查数量", "inspections_total"),
    ("其中：双随机抽查", "inspections_random"),
    ("其中：日常检查", "inspections_routine"),
    ("其中：个案检查", "inspections_case"),
    ("其中：专项检查", "inspections_special"),
    ("被检查的经营主体数", "inspections_targets"),
    ("户均检查次数", "inspections_per_target"),
)
_REVIEW = _rows(
    ("送法制审核数", "review_submissions"),
    ("出具法制审核意见书数", "review_opinions"),
    ("其中：同意", "review_agree"),
    ("其中：建议纠正", "review_correct"),
    ("其中：建议补充调查", "review_supplement"),
    ("其中：其他意见和建议", "review_other"),
    ("经法制审核提出纠正或补充意见的案件数", "review_corrected"),
)

NATIONAL: dict[str, Any] = {
    "categories": NATIONAL_CATEGORIES,
    "sections": [
        {
            "title": "行政处罚实施情况",
            "note": COUNTING_NOTE,
            "rows": _rows(
                ("行政处罚决定数（宗）", "penalty_total"),
                *((c["label"], f"c:{c['code']}") for c in NATIONAL_CATEGORIES),
                ("其中：普通程序", "penalty_general"),
                ("其中：简易程序（当场处罚）", "penalty_summary"),
                ("其中：在其他办案系统作出、登记公示的决定", "penalty_registered"),
                ("其中：已被撤销或确认无效的决定", "penalty_revoked"),
                ("罚没金额", "fine_amount"),
                ("其中：罚款", "fines"),
                ("其中：没收违法所得、没收非法财物", "confiscations"),
                ("不予行政处罚决定数", "no_penalty_total"),
                ("立案数", "cases_filed"),
                ("结案数", "cases_closed"),
                ("移送司法机关数", "referrals"),
            ),
        },
        {"title": "行政许可实施情况", "note": LICENSING_NOTE, "rows": _LICENSING},
        {"title": "行政强制实施情况", "rows": _COMPULSION},
        {"title": "行政检查实施情况", "rows": _INSPECTION},
        {"title": "重大执法决定法制审核情况", "rows": _REVIEW},
        {
            "title": "行政执法人员情况",
            "note": "按统计截止日计：在岗执法人员及其持有的有效行政执法证。",
            "rows": _rows(
                ("在岗执法人员数", "officers"),
                ("持有效执法证人数", "certified"),
                ("持证率", "certified_share"),
                ("法制审核人员数", "legal_reviewers"),
            ),
        },
    ],
}

ZHEJIANG_CATEGORIES = [
    _cat("warning", "警告、通报批评", "警告", "通报批评"),
    _cat("fine", "罚款", "罚款"),
    _cat("confiscate", "没收违法所得、没收非法财物", "没收违法所得", "没收非法财物"),
    _cat("suspend", "暂扣许可证件、降低资质等级", "暂扣许可证件", "降低资质等级"),
    _cat("revoke", "吊销许可证件", "吊销许可证件"),
    _cat("restrict", "限制开展生产经营活动", "限制开展生产经营活动"),
    _cat("close", "责令停产停业、责令关闭、限制从业", "责令停产停业", "责令关闭", "限制从业"),
    _cat("detention", "行政拘留", "行政拘留"),
    _cat("other", "其他行政处罚", "其他"),
]

ZHEJIANG: dict[str, Any] = {
    "categories": ZHEJIANG_CATEGORIES,
    "sections": [
        {
            "title": "表一 行政处罚实施情况统计表",
            "note": COUNTING_NOTE,
            "rows": _rows(
                *((c["label"], f"c:{c['code']}") for c in ZHEJIANG_CATEGORIES),
                ("合计（宗）", "penalty_total"),
                ("罚没金额", "fine_amount"),
            ),
        },
        {"title": "表二 行政许可实施情况统计表", "note": LICENSING_NOTE, "rows": _LICENSING},
        {"title": "表三 行政强制实施情况统计表", "rows": _COMPULSION},
        {"title": "表四 其他行政执法行为实施情况统计表", "rows": _INSPECTION[:1] + _REVIEW[1:2]},
        {
            "title": "表五 行政执法证持证率情况统计表",
            "rows": _rows(
                ("执法人员数", "officers"), ("持证人数", "certified"), ("持证率", "certified_share")
            ),
        },
    ],
}

SHIPPED: tuple[dict[str, Any], ...] = (
    {
        "code": "national",
        "name": "全国默认模板（行政处罚法第九条 14 类）",
        "is_default": True,
        "amount_unit": "yuan",
        "tie_break": "heaviest",
        "definition": NATIONAL,
        "basis": "国办发〔2018〕118号 二（六）；《中华人民共和国行政处罚法》第九条",
    },
    {
        "code": "zhejiang-9",
        "name": "浙江式模板（9 类，万元）",
        "is_default": False,
        "amount_unit": "wan",
        "tie_break": "heaviest",
        "definition": ZHEJIANG,
        "basis": "浙江省县级行政执法统计年报样式（如庆元县2024年度行政执法统计年报）",
    },
)
