"""The figures of the annual statistics report (行政执法统计年报): every one the platform can compute from the
record, with its Chinese label and unit. A template's rows name them by key (or name a penalty category of
the template, `penalty_category:<code>`).

Which source computes a figure is the sources' business (sources/): a figure no installed source computes
(a licensing application, which the 政务服务 system receives, not this platform) is "not recorded" and
shows as "—", never as 0.

What each figure counts (the notes real 年报 print under their tables, 广州/杭州/曲阜/庆元):
- a penalty decision counts in the year it was issued (决定日期), including the summary procedure's
  on-the-spot decisions and those later revoked by 复议 or 诉讼 (包括经行政复议或者行政诉讼被撤销的
  行政处罚决定数量); the revoked ones are shown once more in their own row, never subtracted;
- 罚没金额 = fines + confiscated income and property whose amount the decision states, as decided.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

Unit = Literal["count", "yuan", "percent", "ratio"]
Value = int | Decimal

CATEGORY_PREFIX = "penalty_category:"


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    unit: Unit
    # Counted over a period (by month on the dashboards) or a stock at the period's end (officers).
    flow: bool = True
    note: str = ""


def _f(key: str, label: str, unit: Unit = "count", *, flow: bool = True, note: str = "") -> Figure:
    return Figure(key, label, unit, flow, note)


_ALL = (
    # 行政处罚 (cases and decisions registered from other case systems: sources/penalties.py)
    _f("penalty_total", "行政处罚决定数", note="本年度作出的行政处罚决定，含简易程序和此后被撤销的决定"),
    _f("penalty_general", "其中：普通程序"),
    _f("penalty_summary", "其中：简易程序（当场处罚）"),
    _f("penalty_registered", "其中：在其他办案系统作出、登记公示的决定"),
    _f("penalty_revoked", "其中：已被撤销或确认无效的决定", note="计入作出决定的年度，不从总数中扣减"),
    _f("fine_amount", "罚没金额", "yuan", note="罚款与能确定金额的没收违法所得、没收非法财物，以决定书为准"),
    _f("fines", "其中：罚款金额", "yuan"),
    _f("confiscations", "其中：没收金额", "yuan"),
    _f("no_penalty_total", "不予行政处罚决定数"),
    _f("cases_filed", "立案数"),
    _f("cases_closed", "结案数"),
    _f("referrals", "移送司法机关数"),
    # 行政许可 (registered licensing decisions: sources/licensing.py)
    _f("licensing_applied", "申请数量", note="行政许可申请由政务服务系统受理，本平台未记录"),
    _f("licensing_accepted", "受理数量", note="行政许可申请由政务服务系统受理，本平台未记录"),
    _f("licensing_granted", "许可数量", note="含准予变更、延续"),
    _f("licensing_refused", "不予许可数量", note="含不予变更、延续"),
    _f("licensing_revoked", "撤销许可数量"),
    _f("licensing_total", "登记的行政许可决定数"),
    # 行政强制 (the compulsion procedure; court enforcement of penalty decisions: sources/compulsion.py)
    _f("compulsion_measures", "行政强制措施实施数量"),
    _f("compulsion_seal_up", "其中：查封场所、设施或者财物"),
    _f("compulsion_seize", "其中：扣押财物"),
    _f("court_enforcement", "申请人民法院强制执行数量"),
    # 行政检查 (the inspections app when installed: sources/inspections.py)
    _f("inspections_total", "行政检查数量"),
    _f("inspections_random", "其中：双随机抽查"),
    _f("inspections_routine", "其中：日常检查"),
    _f("inspections_case", "其中：个案检查"),
    _f("inspections_special", "其中：专项检查"),
    _f(
        "inspections_targets",
        "被检查的经营主体数",
        note="汇总时为各执法主体之和，同一主体被多个机关检查的分别计",
    ),
    _f("inspections_per_target", "户均检查次数", "ratio"),
    # 法制审核 (review app: sources/review.py)
    _f("review_submissions", "送法制审核数"),
    _f("review_opinions", "出具法制审核意见书数"),
    _f("review_agree", "其中：同意"),
    _f("review_correct", "其中：建议纠正"),
    _f("review_supplement", "其中：建议补充调查"),
    _f("review_other", "其中：其他意见和建议"),
    _f("review_corrected", "经法制审核提出纠正或补充意见的案件数"),
    # 执法人员 (personnel: sources/personnel.py), at the period's end
    _f("officers", "在岗执法人员数", flow=False),
    _f("certified", "持有效执法证人数", flow=False),
    _f("certified_share", "持证率", "percent", flow=False),
    _f("legal_reviewers", "法制审核人员数", flow=False),
)

FIGURES: dict[str, Figure] = {f.key: f for f in _ALL}

# Figures computed from others after summing (a share is never summed): key → its parts.
DERIVED: dict[str, tuple[str, ...]] = {
    "fine_amount": ("fines", "confiscations"),
    "certified_share": ("certified", "officers"),
    "inspections_per_target": ("inspections_total", "inspections_targets"),
}

UNIT_LABELS = {"count": "件", "yuan": "元", "percent": "%", "ratio": "次"}


def figure_labels() -> dict[str, str]:
    return {k: f.label for k, f in FIGURES.items()}


def derive(values: dict[str, Value | None]) -> None:
    """Fill the derived figures in place from their parts (None when a part is not recorded)."""
    from zhifa.lib.annual_report import share_percent

    fines, confiscations = values.get("fines"), values.get("confiscations")
    values["fine_amount"] = (
        Decimal(fines) + Decimal(confiscations) if fines is not None and confiscations is not None else None
    )
    certified, officers = values.get("certified"), values.get("officers")
    values["certified_share"] = (
        share_percent(int(certified), int(officers))
        if certified is not None and officers is not None
        else None
    )
    total, targets = values.get("inspections_total"), values.get("inspections_targets")
    values["inspections_per_target"] = (
        (Decimal(total) / Decimal(targets)).quantize(Decimal("0.01"))
        if total is not None and targets
        else None
    )
