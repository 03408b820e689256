"""Demo cases (演示案件): about 200 cases across the eight 江北市 agencies, in every state of every procedure.

Everything goes through the case services and the procedure engine: `services.party_create`,
`services.case_open`, then `engine.execute` step by step with the step's real (past) date, so every step
is checked by its guards, journaled and moves the deadline clocks exactly as it would in use. Nothing is
written with the ORM.

Two phases, like `data.py`:

* `build_case_plans(seed, today)` reads the demo world (agencies, officers, items, benchmarks, logins) and
  draws every case: its party, proposal and the dated steps. It writes nothing. Dates are laid out on the
  working-day calendar backwards from `today` and each timeline is replayed against the engine's own clock
  definitions before it is accepted, so a plan that would miss a deadline by accident (or fail to be
  overdue where it should be) is redrawn. Same seed, same day, same world → the same plans.
* `load_demo_cases(seed, today, stdout)` executes the plans in date order (so document numbers follow
  the calendar), in one transaction. It is a no-op when the demo agencies already have cases.

A few cases are deliberately overdue: leads not filed within 15 working days, investigations past the
90-day decision period, decisions not served within 7 working days, fines past their payment date,
a closing past 15 working days, a seizure past its 30 days and an on-the-spot decision not yet filed.
"""

from __future__ import annotations

import random
import time
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as dtime
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from zhifa.accounts.models import Role, User
from zhifa.cases import engine, payments, rules, services
from zhifa.cases.guards import (
    CONFISCATE_INCOME,
    FINE,
    HEARING_KINDS,
    WARNING,
    add_months,
    court_application_closes,
)
from zhifa.cases.models import Case, Deadline, DeadlineStatus, PartyKind, ProcedureKind
from zhifa.cases.models_money import CollectionAccount
from zhifa.catalog import calendar
from zhifa.catalog.models import (
    BenchmarkTier,
    CalendarYear,
    ItemKind,
    LenienceEntry,
    LenienceKind,
    MajorDecisionRule,
    Tier,
)
from zhifa.catalog.models import EnforcementItem as Item
from zhifa.core.errors import DomainError
from zhifa.demo.data import DEFAULT_SEED, DEMO_REGION_PATH, FEMALE_CHARS, MALE_CHARS, SURNAMES, Writer
from zhifa.evidence import blobstore
from zhifa.evidence import services as evidence_services
from zhifa.evidence.hashing import Hasher
from zhifa.journal.sequencer import integrate_batch
from zhifa.lib.identifiers import complete_credit_code
from zhifa.lib.officialdoc import format_date
from zhifa.organizations.models import Agency, Region, RegionLevel
from zhifa.personnel.models import Certificate, CertificateStatus, LegalReviewer, Officer

__all__ = ["CasePlan", "DemoCasesSummary", "build_case_plans", "demo_cases_exist", "load_demo_cases"]

GENERAL = ProcedureKind.GENERAL
SUMMARY = ProcedureKind.SUMMARY
COMPULSION = ProcedureKind.COMPULSION
NO_PENALTY = ProcedureKind.NO_PENALTY
NATURAL = PartyKind.NATURAL_PERSON
INDIVIDUAL = PartyKind.INDIVIDUAL_BUSINESS
LEGAL = PartyKind.LEGAL_PERSON

OVERDUE = "overdue"
HEARING = "hearing"
COMPLEX = "complex"
EXTENDED = "extended"
PRESERVE = "preserve"
RECUSAL = "recusal"
LATE_PAYMENT = "late_payment"
LATE_FILING = "late_filing"
ON_SPOT = "on_spot"

# How many cases of each procedure each agency gets (普通, 简易, 强制措施, 不予处罚), by 机关代字.
SHARES: dict[str, tuple[int, int, int, int]] = {
    "江北市监": (30, 3, 4, 1),
    "江北环": (18, 0, 3, 1),
    "江北城管": (24, 7, 2, 1),
    "江北交": (20, 7, 3, 1),
    "江北应急": (17, 0, 2, 1),
    "江北卫健": (17, 5, 0, 1),
    "江北自然资源": (16, 0, 0, 1),
    "江北文旅": (16, 0, 0, 1),
}

# (target state, variant, count). The variant shapes the timeline (see _general_chain).
GENERAL_MIX: tuple[tuple[str, str, int], ...] = (
    ("lead", "", 7),
    ("lead", OVERDUE, 5),
    ("declined", "", 8),
    ("investigating", "", 15),
    ("investigating", OVERDUE, 3),
    ("investigating", PRESERVE, 2),
    ("investigating", RECUSAL, 1),
    ("investigating", EXTENDED, 1),
    ("reported", "", 12),
    ("noticed", "", 10),
    ("hearing", HEARING, 3),
    ("ready", "", 5),
    ("ready", HEARING, 3),
    ("ready", COMPLEX, 2),
    ("decided", "", 6),
    ("decided", OVERDUE, 2),
    ("served", "", 11),
    ("served", OVERDUE, 3),
    ("executed", "", 8),
    ("executed", OVERDUE, 1),
    ("closed", "", 20),
    ("demanded", OVERDUE, 2),
    ("enforcing", OVERDUE, 1),
    ("suspended", "", 1),
    ("referred", "", 1),
    ("archived", "", 23),
    ("archived", LATE_PAYMENT, 1),
    ("archived", LATE_FILING, 1),
)
SUMMARY_MIX: tuple[tuple[str, str, int], ...] = (
    ("on_spot", "", 1),
    ("decided", "", 1),
    ("decided", OVERDUE, 1),
    ("filed", "", 3),
    ("executed", "", 4),
    ("closed", "", 12),
)
COMPULSION_MIX: tuple[tuple[str, str, int], ...] = (
    ("proposed", "", 1),
    ("on_spot", "", 1),
    ("in_force", "", 2),
    ("in_force", EXTENDED, 1),
    ("in_force", OVERDUE, 1),
    ("in_force", ON_SPOT, 1),
    ("released", "", 3),
    ("released", ON_SPOT, 1),
    ("disposed", "", 2),
    ("disposed", EXTENDED, 1),
)
NO_PENALTY_MIX: tuple[tuple[str, str, int], ...] = (
    ("lead", "", 1),
    ("investigating", "", 1),
    ("decided", "", 1),
    ("closed", "", 5),
)

# Where the last step of a timeline falls: (fewest, most) working days before today.
END_WINDOWS: dict[tuple[str, str, str], tuple[int, int]] = {
    (GENERAL, "lead", ""): (0, 10),
    (GENERAL, "lead", OVERDUE): (17, 45),
    (GENERAL, "declined", ""): (0, 120),
    (GENERAL, "investigating", ""): (0, 40),
    (GENERAL, "investigating", OVERDUE): (66, 95),
    (GENERAL, "investigating", PRESERVE): (0, 30),
    (GENERAL, "investigating", RECUSAL): (0, 30),
    (GENERAL, "investigating", EXTENDED): (0, 6),
    (GENERAL, "suspended", ""): (0, 30),
    (GENERAL, "referred", ""): (0, 10),
    (GENERAL, "reported", ""): (0, 20),
    (GENERAL, "noticed", ""): (0, 4),
    (GENERAL, "hearing", HEARING): (0, 4),
    (GENERAL, "ready", ""): (0, 12),
    (GENERAL, "ready", HEARING): (0, 8),
    (GENERAL, "ready", COMPLEX): (0, 8),
    (GENERAL, "decided", ""): (0, 6),
    (GENERAL, "decided", OVERDUE): (8, 16),
    (GENERAL, "served", ""): (0, 10),
    (GENERAL, "served", OVERDUE): (12, 40),
    (GENERAL, "demanded", OVERDUE): (0, 8),
    (GENERAL, "enforcing", OVERDUE): (0, 20),
    (GENERAL, "executed", ""): (0, 12),
    (GENERAL, "executed", OVERDUE): (16, 25),
    (GENERAL, "closed", ""): (3, 120),
    (GENERAL, "archived", ""): (10, 160),
    (GENERAL, "archived", LATE_PAYMENT): (10, 160),
    (GENERAL, "archived", LATE_FILING): (10, 160),
    (SUMMARY, "on_spot", ""): (0, 0),
    (SUMMARY, "decided", ""): (0, 3),
    (SUMMARY, "decided", OVERDUE): (9, 14),
    (SUMMARY, "filed", ""): (0, 4),
    (SUMMARY, "executed", ""): (0, 40),
    (SUMMARY, "closed", ""): (2, 140),
    (COMPULSION, "proposed", ""): (0, 2),
    (COMPULSION, "on_spot", ""): (0, 0),
    (COMPULSION, "in_force", ""): (2, 16),
    (COMPULSION, "in_force", EXTENDED): (0, 10),
    (COMPULSION, "in_force", OVERDUE): (23, 35),
    (COMPULSION, "in_force", ON_SPOT): (1, 12),
    (COMPULSION, "released", ""): (5, 140),
    (COMPULSION, "released", ON_SPOT): (5, 140),
    (COMPULSION, "disposed", ""): (5, 140),
    (COMPULSION, "disposed", EXTENDED): (5, 140),
    (NO_PENALTY, "lead", ""): (0, 8),
    (NO_PENALTY, "investigating", ""): (0, 30),
    (NO_PENALTY, "decided", ""): (0, 30),
    (NO_PENALTY, "closed", ""): (3, 140),
}
# States after the decision: their proposals stay below the agency's 重大执法决定 thresholds, so that they
# need no legal review (the review app gates `decide` on those); big fines stop before the decision.
DECIDED_STATES = {"decided", "served", "demanded", "enforcing", "executed", "closed", "archived"}
# Past the time to pay: the 催告 (行政强制法 Art.54) and the application to the court (Art.53).
UNPAID_STATES = {"demanded", "enforcing"}

# --- stories: what each item's cases are about ----------------------------------------------------------


@dataclass(frozen=True)
class Story:
    title: str  # 案由, with {x} for the detail
    parties: tuple[str, ...]
    details: tuple[str, ...]
    facts: str  # with {act} (date), {place}, {x} and, for land, {area}
    company: str  # the trade of a company party: 江北市{字号}{company}
    shop: str = ""  # the trade of an individual business: {县区}{字号}{shop}


STORIES: dict[str, Story] = {
    "SJ-CF-001": Story(
        "销售{x}案",
        (LEGAL, INDIVIDUAL),
        ("镉含量超标的散装大米", "铅含量超标的干辣椒", "亚硝酸盐超标的腌制蔬菜", "黄曲霉毒素B1超标的花生油"),
        "{act}，当事人在{place}的经营场所销售{x}，经抽样检验，不符合食品安全国家标准。",
        "食品贸易有限公司",
        "副食店",
    ),
    "SJ-CF-002": Story(
        "未取得食品经营许可从事{x}案",
        (NATURAL, INDIVIDUAL),
        ("熟食销售", "网络订餐", "小餐饮经营", "预包装食品批发"),
        "当事人未取得食品经营许可，自{act}起在{place}从事{x}活动。",
        "食品有限公司",
        "小吃店",
    ),
    "SJ-CF-003": Story(
        "经营{x}未建立进货查验记录案",
        (LEGAL, INDIVIDUAL),
        ("冷冻肉制品", "乳制品", "酒类", "调味品"),
        "{act}，执法人员在{place}检查发现，当事人经营{x}未按规定建立并遵守进货查验记录制度。",
        "商贸有限公司",
        "超市",
    ),
    "HB-CF-001": Story(
        "超标排放大气污染物（{x}）案",
        (LEGAL,),
        ("颗粒物", "二氧化硫", "氮氧化物", "挥发性有机物"),
        "{act}，经监督性监测，当事人位于{place}的废气排放口{x}排放浓度超过国家大气污染物排放标准。",
        "建材有限公司",
    ),
    "HB-CF-002": Story(
        "超标排放水污染物（{x}）案",
        (LEGAL,),
        ("化学需氧量", "氨氮", "总磷", "悬浮物"),
        "{act}，经监督性监测，当事人位于{place}的废水总排放口{x}浓度超过国家水污染物排放标准。",
        "化工有限公司",
    ),
    "CG-CF-001": Story(
        "随意倾倒{x}案",
        (LEGAL,),
        ("餐厨垃圾", "生活垃圾", "装修垃圾混合生活垃圾"),
        "{act}，当事人将{x}随意倾倒于{place}道路旁绿化带。",
        "物业服务有限公司",
    ),
    "CG-CF-002": Story(
        "擅自占用城市道路{x}案",
        (NATURAL, INDIVIDUAL, LEGAL),
        ("堆放建筑材料", "设置经营摊点", "搭建临时棚架", "摆放广告牌"),
        "{act}，当事人未经批准在{place}擅自占用城市道路{x}。",
        "建筑工程有限公司",
        "五金店",
    ),
    "CG-CF-003": Story(
        "未取得排水许可排放{x}案",
        (LEGAL, INDIVIDUAL),
        ("洗车废水", "餐饮废水", "施工降水", "生产废水"),
        "当事人未取得污水排入排水管网许可证，自{act}起向{place}市政排水管网排放{x}。",
        "汽车服务有限公司",
        "洗车店",
    ),
    "JT-CF-001": Story(
        "未取得道路运输经营许可从事{x}经营案",
        (NATURAL,),
        ("城际客运", "农村客运", "包车客运"),
        "{act}，当事人驾驶小型普通客车在{place}未取得道路运输经营许可从事{x}经营，按人收取车费。",
        "汽车租赁有限公司",
    ),
    "JT-CF-002": Story(
        "货车{x}行驶公路案",
        (NATURAL, LEGAL),
        ("车货总质量超限", "轴荷超限", "外廓尺寸超限"),
        "{act}，当事人所属货车行经{place}公路超限检测站，经检测{x}。",
        "物流有限公司",
        "货运部",
    ),
    "YJ-CF-001": Story(
        "未按规定对{x}进行安全生产教育和培训案",
        (LEGAL,),
        ("新进从业人员", "转岗人员", "被派遣劳动者"),
        "{act}，执法人员在{place}检查发现，当事人未按规定对{x}进行安全生产教育和培训。",
        "机械制造有限公司",
    ),
    "YJ-CF-002": Story(
        "未在{x}设置明显安全警示标志案",
        (LEGAL,),
        ("有限空间作业场所", "危险化学品储存区", "高压配电设施"),
        "{act}，执法人员在{place}检查发现，当事人未在{x}设置明显的安全警示标志。",
        "化工有限公司",
    ),
    "WJ-CF-001": Story(
        "未取得公共场所卫生许可证经营{x}案",
        (INDIVIDUAL, LEGAL),
        ("美容美发", "游泳场所", "宾馆住宿", "足浴"),
        "当事人未依法取得公共场所卫生许可证，自{act}起在{place}擅自经营{x}。",
        "酒店管理有限公司",
        "美发店",
    ),
    "WJ-CF-002": Story(
        "非医师行医（{x}）案",
        (NATURAL,),
        ("口腔诊疗", "静脉输液", "针灸诊疗"),
        "当事人未取得医师资格，自{act}起在{place}擅自开展{x}活动。",
        "健康咨询有限公司",
    ),
    "ZR-CF-001": Story(
        "未经批准非法占用土地{x}案",
        (NATURAL, LEGAL),
        ("建设厂房", "建设仓库", "建设住宅", "修建停车场"),
        "当事人未经批准，自{act}起擅自占用{place}集体土地{x}，占地面积{area}平方米。",
        "实业有限公司",
    ),
    "ZR-CF-002": Story(
        "在地质灾害危险区内{x}案",
        (LEGAL,),
        ("进行爆破作业", "削坡取土", "修建道路", "开采石料"),
        "{act}，当事人在{place}地质灾害危险区内{x}，可能引发地质灾害。",
        "建筑工程有限公司",
    ),
    "WL-CF-001": Story(
        "歌舞娱乐场所接纳未成年人案",
        (LEGAL, INDIVIDUAL),
        ("",),
        "{act}，执法人员检查发现，当事人在{place}经营的歌舞娱乐场所接纳未成年人入场消费。",
        "娱乐有限公司",
        "KTV",
    ),
    "WL-CF-002": Story(
        "未经许可经营旅行社业务案",
        (NATURAL, LEGAL),
        ("",),
        "当事人未取得旅行社业务经营许可，自{act}起在{place}招徕、组织游客开展旅游活动并收取费用。",
        "文化传媒有限公司",
    ),
}
# 土地管理法实施条例 Art.57: the fine is per square metre, so its tiers carry a rate, not a range.
LAND_RATES: dict[str, dict[str, tuple[int, int]]] = {
    "ZR-CF-001": {
        Tier.MINOR: (100, 300),
        Tier.ORDINARY: (300, 600),
        Tier.SERIOUS: (600, 800),
        Tier.PARTICULARLY_SERIOUS: (800, 1000),
    }
}


@dataclass(frozen=True)
class Seizure:
    title: str
    measure: str  # 查封 or 扣押
    goods: tuple[str, ...]  # what is seized; {n} is a number plate
    parties: tuple[str, ...]
    company: str = ""
    shop: str = ""


SEIZURES: dict[str, Seizure] = {
    "SJ-QZ-001": Seizure(
        "扣押涉嫌不符合食品安全标准的食品",
        "扣押",
        ("散装大米 40 袋", "冷冻鸡爪 120 箱", "自制辣椒酱 300 瓶", "散装白酒 25 桶"),
        (LEGAL, INDIVIDUAL),
        "食品贸易有限公司",
        "副食店",
    ),
    "HB-QZ-001": Seizure(
        "查封造成污染物排放的设施",
        "查封",
        ("旁路排放管道及阀门 1 套", "未经验收的喷涂生产线 1 条", "废水外排泵 2 台"),
        (LEGAL,),
        "化工有限公司",
    ),
    "CG-QZ-001": Seizure(
        "查封违法建设施工现场",
        "查封",
        ("施工现场及挖掘机 1 台", "施工现场及搅拌机、脚手架一批"),
        (LEGAL,),
        "建筑工程有限公司",
    ),
    "JT-QZ-001": Seizure("暂扣无营运证客运车辆", "扣押", ("小型普通客车 1 辆（号牌示A·{n}）",), (NATURAL,)),
    "YJ-QZ-001": Seizure(
        "查封不符合安全生产标准的设备",
        "查封",
        ("未经检验的压力容器 2 台", "安全防护装置失效的冲床 3 台", "不合格的防爆电气设备一批"),
        (LEGAL,),
        "机械制造有限公司",
    ),
}

SOURCES = (
    "日常监督检查",
    "投诉举报",
    "12345 热线转办",
    "双随机抽查",
    "上级机关交办",
    "其他部门移送",
    "监督抽检",
    "媒体曝光",
)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


BRANDS = _words(
    "鑫源 恒达 华盛 瑞丰 永兴 德润 宏图 金穗 嘉和 百川 聚福 新禾 荣昌 天成 益民 万家 隆泰 顺通 "
    "佳美 福满 盛世 锦程 润泽 安康 兴旺 汇丰 远航 立信 明珠 康源 金桥 东升 长青 青峰 江润 沃土"
)
ROADS = _words(
    "人民路 建设路 解放路 和平街 文化路 朝阳路 青年路 长安街 滨江大道 工业园路 临江路 白沙路 青山路 "
    "石门路 城关大道 新华街"
)
DECLINE_REASONS = (
    "经核查，举报反映的违法事实不存在",
    "经核查，违法行为轻微并及时改正，没有造成危害后果，依法不予立案",
    "经核查，该事项不属于本机关管辖，已移送有管辖权的机关",
    "违法行为已超过二年追责期限，依法不予立案",
    "经核查，现有证据不足以证明存在违法行为",
)
# SAMR 程序规定 Art.62 para.1(3): what the party said, whether it is adopted, and why (empty: nothing said).
STATEMENTS = (
    (
        "当事人提出系初次违法，已主动整改，请求从轻处罚",
        "部分采纳，理由：当事人已主动整改，拟处罚款已在裁量阶次内从轻确定",
    ),
    (
        "当事人对违法事实无异议，请求分期缴纳罚款",
        "不予采纳，理由：分期缴纳须由当事人在决定作出后书面申请并经批准，可依法另行申请",
    ),
    ("当事人称对相关规定不了解", "不予采纳，理由：不了解法律规定不是法定的从轻、减轻或者不予处罚情形"),
    ("", ""),
)
SERVICE = (("direct", 6), ("post", 2), ("left", 1), ("electronic", 1))
TIER_WEIGHTS = {Tier.MINOR: 5, Tier.ORDINARY: 4, Tier.SERIOUS: 2, Tier.PARTICULARLY_SERIOUS: 1}
CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100 without I, O, S, V, Z

# --- plans ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PartySpec:
    kind: str
    name: str
    address: str
    credit_code: str = ""
    legal_representative: str = ""
    birth_date: date | None = None


@dataclass(frozen=True)
class StepPlan:
    on: date
    transition: str
    data: dict[str, Any]


@dataclass
class CasePlan:
    agency: Agency
    procedure: str
    target: str  # the state the case ends in
    variant: str
    item: Item
    party: PartySpec
    title: str
    place: Region
    place_text: str
    source: str
    discovered_on: date
    act_on: date
    officers: list[Officer]
    steps: list[StepPlan]
    penalty_kinds: list[str] = field(default_factory=list)  # known at opening (summary procedure)
    fine_amount: Decimal | None = None
    login: User | None = None  # the lead officer's login: opens the case and takes the officers' steps
    head: User | None = None  # the agency head's login: takes the head's steps (None: no such login)


@dataclass
class DemoCasesSummary:
    created: bool
    cases: int
    by_state: dict[tuple[str, str], int]  # (procedure, state) → count
    overdue: int  # running deadlines past their due date
    stalled: int = 0  # stopped before `decide` by a guard registered from another app (legal review)
    seconds: float = 0.0


@dataclass(frozen=True)
class _Proposal:
    kinds: list[str]
    fine: Decimal | None
    confiscation: Decimal | None
    tier: BenchmarkTier
    lenience: str
    detail: str
    area: int | None = None

    @property
    def total(self) -> Decimal:
        return (self.fine or Decimal(0)) + (self.confiscation or Decimal(0))


@dataclass
class _AgencyWorld:
    agency: Agency
    items: list[Item]  # penalty items with a benchmark and a story, in catalogue order
    seizure_item: Item | None
    tiers: dict[int, list[BenchmarkTier]]  # item pk → tiers in order
    benchmark: dict[int, int]  # item pk → benchmark pk
    officers: list[tuple[Officer, date]]  # eligible officers and the first day their certificate covers
    head: User | None
    logins: dict[int, User]  # officer pk → linked login
    hearing_natural: Decimal
    hearing_organization: Decimal
    major_natural: Decimal | None
    major_organization: Decimal | None
    no_penalty_ground: str


# --- the calendar -----------------------------------------------------------------------------------------


class _Days:
    """Working days around today as an indexable list, and the engine's clock arithmetic."""

    def __init__(self, today: date) -> None:
        self.today = today
        self.cal = calendar.work_calendar()
        loaded = self.cal.loaded_years
        days: list[date] = []
        for year in range(today.year - 2, today.year + 2):
            if year not in loaded:
                continue
            d = date(year, 1, 1)
            while d.year == year:
                if self.cal.is_workday(d):
                    days.append(d)
                d += timedelta(days=1)
        self.days = days
        self.today_index = bisect_right(days, today) - 1  # the last working day on or before today

    def back(self, n: int) -> int:
        return self.today_index - n

    def at(self, index: int) -> date:
        return self.days[index]

    def add_working(self, d: date, n: int) -> date:
        return self.cal.add_working_days(d, n)

    def add_calendar(self, d: date, n: int) -> date:
        return self.cal.add_calendar_days(d, n)


# --- people and places ------------------------------------------------------------------------------------


class _People:
    def __init__(self, rng: random.Random, townships: list[Region], counties: dict[str, str]) -> None:
        self.rng = rng
        self.townships = townships
        self.counties = counties  # township code → county name
        self.names: set[str] = set()
        self.codes: set[str] = set()

    def person(self) -> str:
        rng = self.rng
        while True:
            chars = MALE_CHARS if rng.random() < 0.6 else FEMALE_CHARS
            given = rng.choice(chars)
            if rng.random() < 0.6:
                given += rng.choice(chars)
            name = rng.choice(SURNAMES) + given
            if name not in self.names:
                self.names.add(name)
                return name

    def township(self) -> Region:
        return self.rng.choice(self.townships)

    def place_name(self, township: Region) -> str:
        return f"{self.counties[township.code]}{township.name}"

    def address(self, township: Region, *, home: bool = False) -> str:
        rng = self.rng
        base = f"江北市{self.place_name(township)}{rng.choice(ROADS)}{rng.randint(1, 399)}号"
        if home:
            base += f"{rng.randint(1, 24)}栋{rng.randint(1, 3)}单元{rng.randint(1, 18)}0{rng.randint(1, 4)}室"
        return base

    def credit_code(self, township: Region, individual: bool) -> str:
        county = township.code[:6]
        while True:
            body = "".join(self.rng.choice(CREDIT_CHARS) for _ in range(6))
            code = complete_credit_code(f"{'92' if individual else '91'}{county}MA{body}")
            if code not in self.codes:
                self.codes.add(code)
                return code

    def company(self, trade: str, individual: bool, township: Region) -> str:
        while True:
            brand = self.rng.choice(BRANDS)
            prefix = self.counties[township.code] if individual else "江北市"
            name = f"{prefix}{brand}{trade}"
            if name not in self.names:
                self.names.add(name)
                return name

    def party(self, kind: str, story_company: str, story_shop: str, township: Region) -> PartySpec:
        rng = self.rng
        if kind == NATURAL:
            born = date(1962, 1, 1) + timedelta(days=rng.randint(0, 365 * 38))
            return PartySpec(
                kind=kind, name=self.person(), address=self.address(township, home=True), birth_date=born
            )
        individual = kind == INDIVIDUAL
        trade = (story_shop or "商行") if individual else story_company
        return PartySpec(
            kind=kind,
            name=self.company(trade, individual, township),
            address=self.address(township),
            credit_code=self.credit_code(township, individual),
            legal_representative=self.person(),
        )


# --- the world --------------------------------------------------------------------------------------------


def demo_cases_exist() -> bool:
    return Case.objects.filter(agency__region__path__startswith=DEMO_REGION_PATH).exists()


def _demo_agencies() -> list[Agency]:
    return list(
        Agency.objects.filter(region__path__startswith=DEMO_REGION_PATH, short_code__in=list(SHARES))
        .select_related("region")
        .order_by("id")
    )


def _world(agency: Agency, today: date) -> _AgencyWorld:
    items: list[Item] = []
    tiers: dict[int, list[BenchmarkTier]] = {}
    benchmark: dict[int, int] = {}
    seizure: Item | None = None
    for item in Item.objects.filter(agency=agency, active=True).select_related("field").order_by("id"):
        if item.kind == ItemKind.COMPULSION and item.code in SEIZURES and seizure is None:
            seizure = item
        if item.kind != ItemKind.PENALTY or item.code not in STORIES:
            continue
        bm = item.benchmarks.filter(active=True).order_by("-effective_from", "id").first()
        if bm is None:
            continue
        items.append(item)
        tiers[item.pk] = list(BenchmarkTier.objects.filter(benchmark=bm).order_by("id"))
        benchmark[item.pk] = bm.pk
    # Officers who may act for months to come: certificate valid (not suspended, revoked, expired or about
    # to expire), on duty, and not a legal reviewer (who reviews these cases and must not handle them).
    reviewers = set(LegalReviewer.objects.filter(agency=agency).values_list("officer_id", flat=True))
    officers: list[tuple[Officer, date]] = []
    for cert in (
        Certificate.objects.filter(
            officer__agency=agency,
            officer__status=Officer.Status.ACTIVE,
            status=CertificateStatus.VALID,
            valid_until__gte=today + timedelta(days=120),
        )
        .select_related("officer")
        .order_by("officer_id", "id")
    ):
        if cert.officer_id in reviewers or any(o.pk == cert.officer_id for o, _ in officers):
            continue
        officers.append((cert.officer, cert.valid_from))
    head = User.objects.filter(agency=agency, role=Role.AGENCY_HEAD, is_active=True).order_by("id").first()
    logins = {
        o.pk: o.user
        for o in Officer.objects.filter(agency=agency, user__isnull=False).select_related("user")
        if o.user is not None and o.user.role in (Role.OFFICER, Role.AGENCY_HEAD)
    }
    majors = MajorDecisionRule.objects.filter(agency=agency, active=True)
    naturals = [r.fine_threshold_natural for r in majors if r.fine_threshold_natural is not None]
    organizations = [r.fine_threshold_legal for r in majors if r.fine_threshold_legal is not None]
    entry = (
        LenienceEntry.objects.filter(agency=agency, kind=LenienceKind.NO_PENALTY)
        .order_by("-obligation", "id")
        .first()
    )
    ground = (
        f"{entry.basis}：{entry.circumstances}"
        if entry is not None
        else "《中华人民共和国行政处罚法》第三十三条第一款：初次违法且危害后果轻微并及时改正"
    )
    return _AgencyWorld(
        agency=agency,
        items=items,
        seizure_item=seizure,
        tiers=tiers,
        benchmark=benchmark,
        officers=officers,
        head=head,
        logins=logins,
        hearing_natural=rules.value("hearing_fine_natural", agency),
        hearing_organization=rules.value("hearing_fine_organization", agency),
        major_natural=min(naturals, default=None),
        major_organization=min(organizations, default=None),
        no_penalty_ground=ground,
    )


# --- the planner ------------------------------------------------------------------------------------------


class _Planner:
    def __init__(self, seed: int, today: date, days: _Days) -> None:
        self.rng = random.Random(f"zhifa-demo:{seed}:cases")
        self.today = today
        self.days = days
        townships = list(Region.objects.filter(path__startswith=DEMO_REGION_PATH, level=RegionLevel.TOWNSHIP))
        townships.sort(key=lambda r: r.code)
        counties = {
            r.code: r.name
            for r in Region.objects.filter(path__startswith=DEMO_REGION_PATH, level=RegionLevel.COUNTY)
        }
        self.people = _People(
            random.Random(f"zhifa-demo:{seed}:parties"),
            townships,
            {t.code: counties.get(t.code[:6], "") for t in townships},
        )
        self._lengths: dict[tuple[int, str], int] = {}

    # -- proposals -------------------------------------------------------------------------------------

    def _amount(self, low: Decimal, high: Decimal) -> Decimal:
        span = high - low
        step = Decimal(1000) if span >= 20000 else Decimal(100) if span >= 1000 else Decimal(10)
        if span <= 0:
            return low
        return low + step * self.rng.randint(0, int(span // step))

    def propose(
        self,
        w: _AgencyWorld,
        item: Item,
        party_kind: str,
        *,
        need_hearing: bool = False,
        avoid_major: bool = False,
        summary: bool = False,
    ) -> _Proposal | None:
        rng = self.rng
        natural = party_kind == NATURAL
        story = STORIES[item.code]
        detail = rng.choice(story.details)
        hearing_at = w.hearing_natural if natural else w.hearing_organization
        major = w.major_natural if natural else w.major_organization
        tiers = list(w.tiers[item.pk])
        rng.shuffle(tiers)
        tiers.sort(key=lambda t: -TIER_WEIGHTS.get(Tier(t.tier), 1) * rng.random())
        for tier in tiers:
            kinds = list(tier.penalty_kinds)
            rates = LAND_RATES.get(item.code, {}).get(tier.tier)
            if rates is not None:
                if summary:
                    continue
                for _ in range(20):
                    area = rng.randint(6, 160) * 5
                    fine = Decimal(area * rng.randrange(rates[0], rates[1] + 1, 10))
                    if need_hearing and (natural or fine < hearing_at):
                        continue
                    if avoid_major and major is not None and fine >= major:
                        continue
                    return _Proposal([FINE], fine, None, tier, "", detail, area)
                continue
            if tier.fine_min is None or tier.fine_max is None:
                if WARNING in kinds and not need_hearing:
                    return _Proposal([WARNING], None, None, tier, "", detail)
                continue
            if FINE not in kinds:
                continue
            low, high = tier.fine_min, tier.fine_max
            if summary:
                high = min(high, Decimal(200) if natural else Decimal(3000))
                if low > high:
                    if WARNING in kinds:
                        return _Proposal([WARNING], None, None, tier, "", detail)
                    continue
            if need_hearing:
                if natural:
                    continue
                low = max(low, hearing_at)
            if avoid_major and major is not None:
                high = min(high, major - 1)
            if low > high:
                continue
            lenience = ""
            if not (summary or need_hearing) and rng.random() < 0.15:
                ceiling = tier.fine_min + (tier.fine_max - tier.fine_min) * Decimal("0.3")
                if ceiling >= low:
                    high, lenience = min(high, ceiling), "lighter"
            fine = self._amount(low, high)
            chosen = [FINE]
            if WARNING in kinds and rng.random() < 0.5:
                chosen = [WARNING, FINE]
            confiscation = None
            if not summary and CONFISCATE_INCOME in kinds and rng.random() < 0.35:
                extra = Decimal(rng.randint(8, 150) * 100)
                total = fine + extra
                if not (avoid_major and major is not None and total >= major):
                    chosen.append(CONFISCATE_INCOME)
                    confiscation = extra
            return _Proposal(chosen, fine, confiscation, tier, lenience, detail)
        return None

    def choose(
        self, w: _AgencyWorld, target: str, variant: str, *, summary: bool = False
    ) -> tuple[Item, str, _Proposal]:
        """An item, a party kind and a proposal that fit the scenario."""
        combos = [(item, kind) for item in w.items for kind in STORIES[item.code].parties]
        self.rng.shuffle(combos)
        avoid_major = target in DECIDED_STATES
        for item, kind in combos:
            p = self.propose(
                w, item, kind, need_hearing=variant == HEARING, avoid_major=avoid_major, summary=summary
            )
            if p is not None:
                return item, kind, p
        raise LookupError(f"{w.agency.name}：没有适合“{target}/{variant}”的执法事项")

    def can_hold_hearing(self, w: _AgencyWorld) -> bool:
        return any(
            LEGAL in STORIES[item.code].parties
            and any(t.fine_max is not None and t.fine_max >= w.hearing_organization for t in w.tiers[item.pk])
            for item in w.items
        )

    # -- officers ----------------------------------------------------------------------------------------

    def staff(self, w: _AgencyWorld, first_day: date, n: int) -> list[Officer]:
        rng = self.rng
        eligible = [o for o, valid_from in w.officers if valid_from <= first_day]
        if len(eligible) < n:
            raise LookupError(f"{w.agency.name}：{first_day} 持证执法人员不足 {n} 名")
        with_login = [o for o in eligible if o.pk in w.logins]
        lead = rng.choice(with_login) if with_login and rng.random() < 0.5 else rng.choice(eligible)
        team = [lead]
        while len(team) < n:
            same_unit = [o for o in eligible if o.unit_id == lead.unit_id and o not in team]
            pool = same_unit if same_unit and rng.random() < 0.7 else [o for o in eligible if o not in team]
            team.append(rng.choice(pool))
        return team

    # -- timelines ---------------------------------------------------------------------------------------

    def _clock_length(self, agency: Agency, clock: engine.Clock) -> int:
        if not callable(clock.length):
            return clock.length
        key = (agency.pk, clock.kind)
        if key not in self._lengths:
            ctx = engine.Context(Case(agency=agency), None, {}, self.today)
            self._lengths[key] = clock.length(ctx)
        return self._lengths[key]

    def _due(self, agency: Agency, clock: engine.Clock, on: date) -> date:
        n = self._clock_length(agency, clock)
        return self.days.add_working(on, n) if clock.working_days else self.days.add_calendar(on, n)

    def replay(
        self, agency: Agency, procedure: str, discovered_on: date, steps: Sequence[StepPlan], variant: str
    ) -> bool:
        """Replay a timeline against the engine's clocks and date guards: every step in time, every clock
        met (or missed where the variant says so), and running clocks overdue exactly when it should."""
        proc = engine.PROCEDURES[procedure]
        clocks: list[list[Any]] = []  # [kind, due, status]
        if procedure in (GENERAL, NO_PENALTY):
            filing = engine.Clock(
                "filing", "", "", lambda c: rules.int_value("filing_working_days", c.case.agency)
            )
            clocks.append(["filing", self._due(agency, filing, discovered_on), DeadlineStatus.RUNNING])

        def running(kind: str) -> list[Any] | None:
            found = [c for c in clocks if c[0] == kind and c[2] == DeadlineStatus.RUNNING]
            return found[-1] if found else None

        def latest(kind: str) -> list[Any] | None:
            found = [c for c in clocks if c[0] == kind]
            return found[-1] if found else None

        previous = discovered_on
        scheduled: date | None = None
        served: date | None = None
        for step in steps:
            on, name, data = step.on, step.transition, step.data
            if on < previous or on > self.today:
                return False
            previous = on
            t = proc.transitions[name]
            statement = latest("statement_period")
            if (
                name == "close_statement"
                and not data.get("waived")
                and (statement is None or on <= statement[1])
            ):
                return False
            if name == "request_hearing" and (statement is None or on > statement[1]):
                return False
            if name == "schedule_hearing":
                # 行政处罚法 Art.64(2): the notice reaches the party 7 working days before the hearing.
                hearing_on = data["hearing_on"]
                if not isinstance(hearing_on, date) or hearing_on < self.days.add_working(on, 7):
                    return False
                scheduled = hearing_on
            if name == "hold_hearing" and on != scheduled:
                return False
            if name == "serve_decision":
                served = on
            if name == "suspend":
                for c in clocks:
                    if c[0] == "decision_period" and c[2] == DeadlineStatus.RUNNING:
                        c[2] = DeadlineStatus.PAUSED
            if name == "demand_performance":
                payment = running("payment")
                if payment is None or on <= payment[1]:
                    return False
            if name == "apply_to_court":
                demand = latest("demand_period")
                if demand is None or on <= demand[1] or served is None:
                    return False
                if not add_months(served, 6) < on <= court_application_closes(served):
                    return False
            if name == "decide":
                period = latest("decision_period")
                if period is not None and on > period[1]:
                    return False
            if name == "approve_on_spot":
                report = running("on_spot_report")
                if report is not None and on > report[1]:
                    return False
            if name in ("extend_decision_period", "extend"):
                kind = "decision_period" if name == "extend_decision_period" else "compulsion_period"
                clock = running(kind)
                if clock is None or on > clock[1]:
                    return False
                days = (
                    int(data.get("days") or 30)
                    if name == "extend"
                    else rules.int_value("decision_extension_days", agency)
                )
                clock[1] = self.days.add_calendar(clock[1], days)
            for kind in t.meets:
                for c in clocks:
                    if c[0] == kind and c[2] == DeadlineStatus.RUNNING:
                        c[2] = DeadlineStatus.MET if on <= c[1] else DeadlineStatus.MISSED
            for clock_def in t.starts:
                clocks.append([clock_def.kind, self._due(agency, clock_def, on), DeadlineStatus.RUNNING])
        missed = {c[0] for c in clocks if c[2] == DeadlineStatus.MISSED}
        allowed = {LATE_PAYMENT: {"payment"}, LATE_FILING: {"filing"}}.get(variant, set())
        if any(s.transition == "close_statement" and not s.data.get("waived") for s in steps):
            # The engine closes the party's statement period when the agency reviews the statement, which
            # the statement_period_over guard only allows after the period: it is always marked missed.
            allowed = allowed | {"statement_period"}
        if missed != allowed:
            return False
        overdue = [c for c in clocks if c[2] == DeadlineStatus.RUNNING and c[1] < self.today]
        return bool(overdue) == (variant == OVERDUE)

    def place(
        self,
        w: _AgencyWorld,
        procedure: str,
        target: str,
        variant: str,
        chain: Callable[[], list[tuple[str, int, dict[str, Any]]]],
        accept: Callable[[list[StepPlan]], bool] | None = None,
    ) -> tuple[date, list[StepPlan]]:
        """Draw a chain of (step, working-day offset from discovery, data) and put its last step inside the
        scenario's end window; redraw until the replay accepts it."""
        lo, hi = END_WINDOWS[(procedure, target, variant)]
        for _ in range(300):
            links = chain()
            last = max((offset for _, offset, _ in links), default=0)
            end = self.days.back(self.rng.randint(lo, hi))
            start = end - last
            if start < 0:
                continue
            discovered = self.days.at(start)
            steps = []
            for name, offset, data in links:
                resolved = {
                    k: self.days.at(start + v[1]) if isinstance(v, tuple) and v[:1] == ("@",) else v
                    for k, v in data.items()
                }
                steps.append(StepPlan(self.days.at(start + offset), name, resolved))
            if (procedure, target) in ((COMPULSION, "on_spot"), (SUMMARY, "on_spot")):
                # Happening now (today may be a rest day: an emergency does not wait for Monday).
                discovered = self.today
                steps = [StepPlan(self.today, s.transition, s.data) for s in steps]
            if (accept is None or accept(steps)) and self.replay(
                w.agency, procedure, discovered, steps, variant
            ):
                return discovered, steps
        raise RuntimeError(f"无法为 {procedure}/{target}/{variant} 排出合理的办案日程")

    # -- general procedure -------------------------------------------------------------------------------

    def general(self, w: _AgencyWorld, target: str, variant: str) -> CasePlan:
        rng = self.rng
        item, party_kind, p = self.choose(w, target, variant)
        while target in UNPAID_STATES and (p.fine is None or FINE not in p.kinds):
            item, party_kind, p = self.choose(w, target, variant)  # a fine to demand
        story = STORIES[item.code]
        natural = party_kind == NATURAL
        waived = rng.random() < 0.3
        revise = target in DECIDED_STATES and rng.random() < 0.25 and p.fine is not None
        hearing_needed = bool(HEARING_KINDS & set(p.kinds)) or p.total >= (
            w.hearing_natural if natural else w.hearing_organization
        )
        team_size = 3 if variant == RECUSAL or rng.random() < 0.15 else 2

        def chain() -> list[tuple[str, int, dict[str, Any]]]:
            links: list[tuple[str, int, dict[str, Any]]] = []
            if target == "lead":
                return links
            if target == "declined":
                return [("decline_filing", rng.randint(1, 10), {"reason": rng.choice(DECLINE_REASONS)})]
            o = rng.randint(17, 22) if variant == LATE_FILING else rng.randint(1, 8)
            filed = o
            links.append(("file", o, {}))
            if variant == PRESERVE:
                kept = o + rng.randint(0, 2)
                links.append(
                    (
                        "preserve",
                        kept,
                        {"items": f"涉案物品一批（{p.detail or story.company}相关，详见清单）"},
                    )
                )
                o = kept + rng.randint(2, 6)
                links.append(("dispose_preservation", o, {"measure": rng.choice(PRESERVATION_OUTCOMES)}))
            if variant == RECUSAL:
                o += rng.randint(1, 4)
                links.append(("declare_recusal", o, {"officer_id": "@recused", "reason": RECUSAL_REASON}))
                o += rng.randint(0, 2)
                links.append(("decide_recusal", o, {"officer_id": "@recused", "granted": True}))
            if variant == EXTENDED:
                links.append(
                    ("extend_decision_period", filed + rng.randint(55, 60), {"reason": EXTENSION_REASON})
                )
            if target == "investigating":
                return links
            if target == "suspended":
                # SAMR 程序规定 Art.46: suspended with the head's approval; the decision period pauses.
                links.append(("suspend", o + rng.randint(3, 10), dict(SUSPENSION)))
                return links
            o = max(o + 1, filed + rng.randint(10, 30))
            links.append(("report", o, {"@proposal": True}))
            if target == "reported":
                return links
            if target == "referred":
                # 行政执法机关移送涉嫌犯罪案件的规定 Art.5: the officers' report, the head's approval within 3
                # days, the transfer with its 移送书 (行政处罚法 Art.27).
                crime = REFERRAL_CRIMES.get(w.agency.short_code, REFERRAL_CRIMES[""])
                o += rng.randint(1, 3)
                links.append(("propose_referral", o, {"crime": crime, "report": REFERRAL_REPORT}))
                links.append(("refer", o + 1, {"police": POLICE, "crime": crime}))
                return links
            o += rng.randint(1, 4)
            links.append(("serve_notice", o, {"hearing_offered": hearing_needed}))
            if target == "noticed":
                return links
            if variant == HEARING:
                o += rng.randint(1, 4)
                links.append(("request_hearing", o, {}))
                if target == "hearing":
                    return links
                notified = o + rng.randint(1, 2)
                o = notified + rng.randint(7, 9)
                hearing = {"hearing_on": ("@", o), "place": HEARING_PLACE, "presider": HEARING_PRESIDER}
                links.append(("schedule_hearing", notified, hearing))
                links.append(("hold_hearing", o, {"report": HEARING_REPORT, "adopted": HEARING_ADOPTED}))
                # SAMR 程序规定 Art.60 para.2 with Art.50 para.1(2): after the hearing, the heads decide
                # collectively (the same day, so that the rest of the plan keeps its dates).
                links.append(("collective_discussion", o, {"conclusion": COLLECTIVE_CONCLUSION}))
            else:
                o += rng.randint(1, 3) if waived else rng.randint(6, 8)
                said, adopted = rng.choice(STATEMENTS)
                statement: dict[str, Any] = (
                    {"waived": True, "summary": "当事人书面放弃陈述、申辩权利"}
                    if waived
                    else {"summary": said, "adopted": adopted}
                )
                links.append(("close_statement", o, statement))
                if revise:
                    links.append(("revise_proposal", o, {"@revise": True}))
            if target == "ready":
                if variant == COMPLEX:
                    o += rng.randint(1, 3)
                    links.append(("collective_discussion", o, {"conclusion": COLLECTIVE_CONCLUSION}))
                return links
            o += rng.randint(1, 5)
            links.append(("decide", o, {}))
            if target == "decided":
                return links
            o += rng.randint(1, 5)
            method = rng.choices([m for m, _ in SERVICE], weights=[n for _, n in SERVICE])[0]
            links.append(
                (
                    "serve_decision",
                    o,
                    {"method": method, **SERVICE_DETAILS.get(method, {})},
                )
            )
            if target == "served":
                return links
            if target in UNPAID_STATES:
                # 15 days to pay (about 11 working days), then the 催告书 and its 回证.
                o += rng.randint(12, 16)
                links.append(("demand_performance", o, {"method": "direct"}))
                if target == "demanded":
                    return links
                # Six months to sue (about 122 working days) and ten working days after the 催告.
                o += rng.randint(126, 134)
                links.append(("apply_to_court", o, {"court": COURT, "not_challenged": True}))
                return links
            o += rng.randint(13, 15) if variant == LATE_PAYMENT else rng.randint(2, 9)
            links.append(("record_payment", o, {}))
            if target == "executed":
                return links
            o += rng.randint(1, 10)
            links.append(("close", o, {}))
            if target == "closed":
                return links
            o += rng.randint(2, 20)
            links.append(("archive", o, {}))
            return links

        discovered, steps = self.place(w, GENERAL, target, variant, chain)
        township = self.people.township()
        party = self.people.party(party_kind, story.company, story.shop, township)
        act_on = discovered - timedelta(days=rng.randint(0, 30))
        place_name = self.people.place_name(township)
        facts = story.facts.format(act=format_date(act_on), place=place_name, x=p.detail, area=p.area or "")
        officers = self.staff(w, discovered, team_size)
        proposal = _proposal_data(w, item, p, facts, complex_case=variant == COMPLEX)
        resolved: list[StepPlan] = []
        for s in steps:
            data = dict(s.data)
            if data.pop("@proposal", None):
                data.update(proposal)
            if data.pop("@revise", None):
                data.update(_revision(p))
            if data.get("officer_id") == "@recused":
                data["officer_id"] = officers[-1].pk
            resolved.append(StepPlan(s.on, s.transition, data))
        return CasePlan(
            agency=w.agency,
            procedure=GENERAL,
            target=target,
            variant=variant,
            item=item,
            party=party,
            title=story.title.format(x=p.detail),
            place=township,
            place_text=party.address if party.kind != NATURAL else f"{place_name}{rng.choice(ROADS)}",
            source=rng.choice(SOURCES),
            discovered_on=discovered,
            act_on=act_on,
            officers=officers,
            steps=resolved,
        )

    # -- summary procedure -------------------------------------------------------------------------------

    def summary(self, w: _AgencyWorld, target: str, variant: str) -> CasePlan:
        rng = self.rng
        item, party_kind, p = self.choose(w, target, variant, summary=True)
        story = STORIES[item.code]

        def chain() -> list[tuple[str, int, dict[str, Any]]]:
            if target == "on_spot":
                return []
            links: list[tuple[str, int, dict[str, Any]]] = [("decide_on_spot", 0, {"@proposal": True})]
            if target == "decided":
                return links
            o = rng.randint(1, 5)
            links.append(("file_record", o, {}))
            if target == "filed":
                return links
            o += rng.randint(0, 5)
            links.append(("record_payment", o, {}))
            if target == "executed":
                return links
            links.append(("close", o + rng.randint(0, 4), {}))
            return links

        discovered, steps = self.place(w, SUMMARY, target, variant, chain)
        township = self.people.township()
        party = self.people.party(party_kind, story.company, story.shop, township)
        place_name = self.people.place_name(township)
        facts = story.facts.format(
            act=format_date(discovered), place=place_name, x=p.detail, area=p.area or ""
        )
        data = _proposal_data(w, item, p, facts, complex_case=False)
        for key in ("penalty_kinds", "fine_amount", "confiscation_amount"):
            data.pop(key, None)
        resolved = [StepPlan(s.on, s.transition, data if s.data.get("@proposal") else s.data) for s in steps]
        return CasePlan(
            agency=w.agency,
            procedure=SUMMARY,
            target=target,
            variant=variant,
            item=item,
            party=party,
            title=f"当场处罚：{story.title.format(x=p.detail)}",
            place=township,
            place_text=f"{place_name}{rng.choice(ROADS)}",
            source="现场检查发现",
            discovered_on=discovered,
            act_on=discovered,
            officers=self.staff(w, discovered, 2),
            steps=resolved,
            penalty_kinds=p.kinds,
            fine_amount=p.fine,
        )

    # -- compulsion --------------------------------------------------------------------------------------

    def compulsion(self, w: _AgencyWorld, target: str, variant: str) -> CasePlan:
        rng = self.rng
        item = w.seizure_item
        if item is None:
            raise LookupError(f"{w.agency.name}没有查封、扣押事项")
        seizure = SEIZURES[item.code]
        title, measure = seizure.title, seizure.measure
        seized = rng.choice(seizure.goods).format(n=f"{rng.randint(10000, 99999)}")
        township = self.people.township()
        place_name = self.people.place_name(township)
        site = (
            f"执法人员在{place_name}现场出示执法证件，通知当事人到场，告知采取强制措施的理由、依据和当事人"
            "依法享有的权利、救济途径，听取陈述和申辩，制作现场笔录并当场交付决定书和清单"
        )
        enforce = {"measure": measure, "items": seized, "site_record": site}
        on_spot = variant == ON_SPOT or target == "on_spot"

        def chain() -> list[tuple[str, int, dict[str, Any]]]:
            if target == "proposed":
                return []
            if on_spot:
                links: list[tuple[str, int, dict[str, Any]]] = [
                    ("enforce_on_spot", 0, {**enforce, "reason": rng.choice(EMERGENCIES)})
                ]
                if target == "on_spot":
                    return links
                o = 1
                links.append(("approve_on_spot", o, {}))
            else:
                o = rng.randint(0, 2)
                links = [("enforce", o, enforce)]
            start = o
            if variant == EXTENDED:
                o += rng.randint(15, 19)
                links.append(("extend", o, {"days": 30, "reason": COMPULSION_EXTENSION_REASON}))
            if target == "in_force":
                return links
            if target == "released":
                o += rng.randint(3, 18)
                ground, outcome = rng.choice(RELEASE_OUTCOMES)
                links.append(("release", o, {"ground": ground, "outcome": outcome}))
            else:
                o = max(o + 1, start + rng.randint(8, 19)) + (
                    rng.randint(8, 20) if variant == EXTENDED else 0
                )
                links.append(("dispose", o, {"outcome": rng.choice(DISPOSAL_OUTCOMES)}))
            return links

        def next_day_approval(steps: list[StepPlan]) -> bool:
            """An emergency measure approved the next calendar day, within the 24 hours of Art.19."""
            on = {s.transition: s.on for s in steps}
            if "approve_on_spot" not in on:
                return True
            return (on["approve_on_spot"] - on["enforce_on_spot"]).days == 1

        discovered, steps = self.place(w, COMPULSION, target, variant, chain, next_day_approval)
        party = self.people.party(rng.choice(seizure.parties), seizure.company, seizure.shop, township)
        return CasePlan(
            agency=w.agency,
            procedure=COMPULSION,
            target=target,
            variant=variant,
            item=item,
            party=party,
            title=title,
            place=township,
            place_text=party.address if party.kind != NATURAL else f"{place_name}{rng.choice(ROADS)}",
            source=rng.choice(SOURCES[:4]),
            discovered_on=discovered,
            act_on=discovered - timedelta(days=rng.randint(0, 5)),
            officers=self.staff(w, discovered, 2),
            steps=steps,
        )

    # -- no penalty --------------------------------------------------------------------------------------

    def no_penalty(self, w: _AgencyWorld, target: str, variant: str) -> CasePlan:
        rng = self.rng
        item = rng.choice(w.items)
        story = STORIES[item.code]
        education = rng.choice(EDUCATION)

        def chain() -> list[tuple[str, int, dict[str, Any]]]:
            if target == "lead":
                return []
            o = rng.randint(1, 8)
            links: list[tuple[str, int, dict[str, Any]]] = [("file", o, {})]
            if target == "investigating":
                return links
            o += rng.randint(5, 25)
            links.append(("decide_no_penalty", o, {"ground": w.no_penalty_ground, "education": education}))
            if target == "decided":
                return links
            links.append(("close", o + rng.randint(1, 5), {}))
            return links

        discovered, steps = self.place(w, NO_PENALTY, target, variant, chain)
        township = self.people.township()
        kind = rng.choice(story.parties)
        party = self.people.party(kind, story.company, story.shop, township)
        detail = rng.choice(story.details)
        return CasePlan(
            agency=w.agency,
            procedure=NO_PENALTY,
            target=target,
            variant=variant,
            item=item,
            party=party,
            title=story.title.format(x=detail),
            place=township,
            place_text=party.address if party.kind != NATURAL else self.people.place_name(township),
            source=rng.choice(SOURCES),
            discovered_on=discovered,
            act_on=discovered - timedelta(days=rng.randint(0, 10)),
            officers=self.staff(w, discovered, 2),
            steps=steps,
        )


PRESERVATION_OUTCOMES = (
    "经检验合格，解除先行登记保存，退还当事人",
    "作为证据随案保存，制作处理决定书送达当事人",
    "依法移送有关部门处理",
)
RECUSAL_REASON = "与当事人的法定代表人系近亲属，申请回避"
EXTENSION_REASON = "案情复杂，需补充检验检测并调取外地证据，经负责人批准延长办案期限三十日"
HEARING_ADOPTED = "不予采纳，理由：罚款数额在裁量基准相应阶次内，当事人未提出足以减轻处罚的新事实"
HEARING_REPORT = (
    "听证会依法公开举行，当事人及其委托代理人到场，对违法事实无异议，对罚款数额提出异议；"
    "听证主持人认为调查终结报告认定事实清楚、证据确凿，建议维持拟处理意见。"
)
COLLECTIVE_CONCLUSION = (
    "经负责人集体讨论，认为本案事实清楚、证据确凿，同意调查终结报告的处理意见，待法制审核后作出决定"
)
EMERGENCIES = (
    "当事人正在转移涉案物品，情况紧急，不当场实施可能导致证据灭失",
    "涉案物品存在现实安全风险，情况紧急需当场控制",
)
# What the 送达回证 records beyond the method (SAMR 程序规定 Art.82(2)–(3)).
SERVICE_DETAILS: dict[str, dict[str, Any]] = {
    "electronic": {"address_confirmed": True},
    "left": {"refusal_reason": "当事人拒绝签收", "witness": "所在社区工作人员"},
}
COURT = "江北区人民法院"
POLICE = "江北市公安局"
REFERRAL_REPORT = "经专案组核实，违法事实涉及的金额已达刑事追诉标准，建议移送公安机关"
REFERRAL_CRIMES = {
    "江北市监": "生产、销售伪劣产品罪",
    "江北环": "污染环境罪",
    "江北应急": "重大责任事故罪",
    "江北自然资源": "非法占用农用地罪",
    "江北卫健": "非法行医罪",
    "江北文旅": "侵犯著作权罪",
    "": "生产、销售伪劣产品罪",
}
SUSPENSION = {
    "ground": "party_missing",
    "reason": "当事人经营场所已关闭，经多方查找下落不明，案件暂时无法调查",
}
# 听证通知书 (行政处罚法 Art.64(2), (4)): where, and a presider who is not one of the investigators.
HEARING_PLACE = "本局听证室"
HEARING_PRESIDER = "法制机构负责人"
COMPULSION_EXTENSION_REASON = "检验检测需要较长时间，案情复杂，经负责人批准延长三十日"
# With their 行政强制法 Art.28 grounds (cases.documents.RELEASE_GROUNDS).
RELEASE_OUTCOMES = (
    ("no_violation", "经检验检测合格，依法解除查封扣押，物品退还当事人"),
    ("other", "当事人已完成整改，依法解除查封"),
    ("decided", "已作出处理决定，依法解除扣押"),
)
DISPOSAL_OUTCOMES = (
    "经检验不合格，依法没收并监督销毁",
    "依法没收，移交有关部门处置",
    "违法事实成立，查封设施依法拆除",
)
EDUCATION = (
    "执法人员向当事人讲解了相关法律法规，当事人签署《守法承诺书》，承诺今后依法经营",
    "执法人员对当事人进行了法治宣传教育，并发放普法资料，当事人当场改正违法行为",
    "约谈当事人负责人，责令立即改正并进行教育，当事人已提交整改报告",
)


def _proposal_data(
    w: _AgencyWorld, item: Item, p: _Proposal, facts: str, *, complex_case: bool
) -> dict[str, Any]:
    tier = p.tier
    reason = f"当事人的违法行为符合裁量基准“{tier.conditions}”情形，适用{tier.get_tier_display()}阶次"
    data: dict[str, Any] = {
        "penalty_kinds": p.kinds,
        "fine_amount": str(p.fine) if p.fine is not None else None,
        "confiscation_amount": str(p.confiscation) if p.confiscation is not None else None,
        "benchmark_id": w.benchmark[item.pk],
        "benchmark_tier": tier.tier,
        "tier_reason": reason,
        "facts": facts,
    }
    if p.lenience:
        data["lenience"] = p.lenience
        data["lenience_reason"] = "当事人主动消除违法行为危害后果，依法从轻处罚"
    if complex_case:
        data["complex_case"] = True
    return data


def _revision(p: _Proposal) -> dict[str, Any]:
    """After the statement: a fine lowered a little, staying in its tier (never heavier, Art.45)."""
    assert p.fine is not None
    low = p.tier.fine_min if p.tier.fine_min is not None else Decimal(0)
    cut = (p.fine * Decimal("0.1")).quantize(Decimal(100))
    new = max(low, p.fine - cut)
    return {"fine_amount": str(new), "lenience_reason": "采纳当事人部分陈述、申辩意见"}


# --- building the plans -----------------------------------------------------------------------------------


def _expand(mix: Sequence[tuple[str, str, int]]) -> list[tuple[str, str]]:
    return [(target, variant) for target, variant, n in mix for _ in range(n)]


def _deal(
    rng: random.Random,
    scenarios: list[tuple[str, str]],
    slots: dict[int, int],
    fits: Callable[[int, tuple[str, str]], bool],
) -> dict[int, list[tuple[str, str]]]:
    """Deal scenarios to agencies (by pk) so that each gets its share; constrained scenarios go first."""
    out: dict[int, list[tuple[str, str]]] = {pk: [] for pk in slots}
    left = dict(slots)
    constrained = [s for s in scenarios if not all(fits(pk, s) for pk in slots)]
    free = [s for s in scenarios if all(fits(pk, s) for pk in slots)]
    rng.shuffle(free)
    for s in constrained + free:
        candidates = [pk for pk in sorted(left) if left[pk] > 0 and fits(pk, s)]
        if not candidates:
            raise LookupError(f"没有执法主体适合演示案件 {s}")
        pk = rng.choices(candidates, weights=[left[c] for c in candidates])[0]
        left[pk] -= 1
        out[pk].append(s)
    return out


def build_case_plans(seed: int = DEFAULT_SEED, today: date | None = None) -> list[CasePlan]:
    """Every demo case, drawn from the seed; reads the demo world and writes nothing."""
    today = today or timezone.localdate()
    days = _Days(today)
    planner = _Planner(seed, today, days)
    worlds = {a.pk: _world(a, today) for a in _demo_agencies()}
    shares = {pk: SHARES[w.agency.short_code] for pk, w in worlds.items()}
    hearing_ok = {pk: planner.can_hold_hearing(w) for pk, w in worlds.items()}
    general = _deal(
        planner.rng,
        _expand(GENERAL_MIX),
        {pk: s[0] for pk, s in shares.items()},
        lambda pk, s: s[1] != HEARING or hearing_ok[pk],
    )
    summary = _deal(
        planner.rng, _expand(SUMMARY_MIX), {pk: s[1] for pk, s in shares.items() if s[1]}, lambda *_: True
    )
    compulsion = _deal(
        planner.rng,
        _expand(COMPULSION_MIX),
        {pk: s[2] for pk, s in shares.items() if s[2] and worlds[pk].seizure_item is not None},
        lambda *_: True,
    )
    no_penalty = _deal(
        planner.rng, _expand(NO_PENALTY_MIX), {pk: s[3] for pk, s in shares.items()}, lambda *_: True
    )
    plans: list[CasePlan] = []
    for pk, w in worlds.items():
        for make, dealt in (
            (planner.general, general),
            (planner.summary, summary),
            (planner.compulsion, compulsion),
            (planner.no_penalty, no_penalty),
        ):
            for target, variant in dealt.get(pk, []):
                plan = make(w, target, variant)
                plan.login, plan.head = w.logins.get(plan.officers[0].pk), w.head
                plans.append(plan)
    return plans


# --- writing ----------------------------------------------------------------------------------------------


def _ensure_calendar(today: date) -> list[int]:
    """Deadlines of recent cases run into next year: load it (and, were they missing, this year and last)
    provisionally, flagged on every deadline until an administrator enters the official arrangement."""
    loaded = set(CalendarYear.objects.values_list("year", flat=True))
    added = []
    for year in (today.year - 1, today.year, today.year + 1):
        if year not in loaded:
            calendar.year_load_provisional(year=year, actor=None)
            added.append(year)
    return added


def _open(plan: CasePlan, actor: User | None) -> Case:
    p = plan.party
    party = services.party_create(
        agency=plan.agency,
        kind=p.kind,
        name=p.name,
        address=p.address,
        credit_code=p.credit_code,
        legal_representative=p.legal_representative,
        birth_date=p.birth_date,
    )
    return services.case_open(
        agency=plan.agency,
        procedure=plan.procedure,
        item=plan.item,
        party=party,
        title=plan.title,
        place=plan.place,
        place_text=plan.place_text,
        source=plan.source,
        discovered_on=plan.discovered_on,
        act_on=plan.act_on,
        officers=plan.officers,
        lead_officer=plan.officers[0],
        penalty_kinds=plan.penalty_kinds,
        fine_amount=plan.fine_amount,
        actor=actor,
    )


def load_demo_cases(
    seed: int = DEFAULT_SEED, today: date | None = None, stdout: Writer | None = None
) -> DemoCasesSummary:
    """Generate the demo cases unless the demo agencies already have cases (then write nothing)."""

    def say(line: str) -> None:
        if stdout is not None:
            stdout.write(line + "\n")

    started = time.monotonic()
    today = today or timezone.localdate()
    if not _demo_agencies():
        say("尚未载入演示执法主体，跳过演示案件。")
        return DemoCasesSummary(created=False, cases=0, by_state={}, overdue=0)
    if demo_cases_exist():
        say("演示案件已存在，未作任何改动。")
        return _summary(created=False)
    with transaction.atomic():
        for year in _ensure_calendar(today):
            say(f"{year} 年日历尚未录入，已按法定节日暂定录入")
        plans = build_case_plans(seed, today)
        per_agency: dict[str, Counter[str]] = {}
        for plan in plans:
            per_agency.setdefault(plan.agency.name, Counter())[plan.procedure] += 1
        for name, counts in per_agency.items():
            detail = "，".join(
                f"{ProcedureKind(k).label} {counts[k]}"
                for k in (GENERAL, SUMMARY, COMPULSION, NO_PENALTY)
                if counts[k]
            )
            say(f"生成案件：{name} {sum(counts.values())} 件（{detail}）")
        _collection_accounts(plans)
        stalled = _execute(plans, today)
    summary = _summary(created=True)
    summary.stalled = stalled
    summary.seconds = time.monotonic() - started
    for procedure in (GENERAL, SUMMARY, COMPULSION, NO_PENALTY):
        proc = engine.PROCEDURES[procedure]
        parts = [
            f"{label} {summary.by_state[(procedure, state)]}"
            for state, label in proc.states.items()
            if summary.by_state.get((procedure, state))
        ]
        say(f"{proc.label}：{'，'.join(parts)}")
    say(
        f"完成：演示案件 {summary.cases} 件，超期未完成的办案期限 {summary.overdue} 项"
        + (f"，{stalled} 件待法制审核后决定" if stalled else "")
        + f"；用时 {summary.seconds:.1f} 秒。"
    )
    return summary


# 罚缴分离 (行政处罚法 Art.67 para.1): each demo agency's designated bank and account, printed in its
# decisions' payment clause.
DEMO_BANKS = ("中国工商银行", "中国农业银行", "中国银行", "中国建设银行")


def _collection_accounts(plans: list[CasePlan]) -> None:
    agencies = {plan.agency.pk: plan.agency for plan in plans}
    for n, agency in enumerate(sorted(agencies.values(), key=lambda a: a.pk)):
        CollectionAccount.objects.get_or_create(
            agency=agency,
            defaults={
                "bank_name": f"{DEMO_BANKS[n % len(DEMO_BANKS)]}{agency.region.name}支行",
                "account_name": f"{agency.region.name}财政局非税收入专户",
                "account_number": f"62220{agency.pk:04d}{n:03d}0001",
            },
        )


def _with_receipt(case: Case, plan: CasePlan, step: StepPlan) -> dict[str, Any]:
    """履行完毕 in the demo: the bank's receipt for what the case owes that day (the fine and any 加处罚款;
    行政处罚法 Art.67, 72), as the bank would report it."""
    owed = payments.settlement(case, step.on).outstanding
    if step.transition != "record_payment" or owed <= 0 or step.data.get("receipt_number"):
        return step.data
    number = f"{plan.agency.short_code or plan.agency.pk}-{step.on:%Y%m%d}-{case.pk:06d}"
    return {**step.data, "receipt_number": number, "receipt_amount": str(owed)}


def _demo_instalments(cases: list[Case], today: date) -> None:
    """One case paid by instalments (行政处罚法 Art.66 para.2): the party's written request, the head's
    approval, the instalments due so far paid at the bank — the second one three days late, so that the
    case shows its 加处罚款 (Art.72(1)) — and, once all are paid, 履行完毕."""
    for case in sorted(cases, key=lambda c: c.served_on or today):
        head = User.objects.filter(agency=case.agency, role=Role.AGENCY_HEAD).first()
        officer = User.objects.filter(agency=case.agency, role=Role.OFFICER).first()
        served = case.demand_served_on or case.served_on
        if head is None or officer is None or served is None or not case.fine_amount:
            continue
        asked = calendar.add_working_days(served, 2).date
        approved = calendar.add_working_days(asked, 1).date
        if approved > today:
            continue
        fine = case.fine_amount
        part = (fine / 3).quantize(Decimal("1"))
        dues = [approved + timedelta(days=d) for d in (14, 44, 74)]
        schedule = "\n".join(
            f"{value},{due.isoformat()}"
            for value, due in zip((part, part, fine - 2 * part), dues, strict=True)
        )
        hardship = "受经营淡季影响，流动资金不足以一次缴清罚款，附近三个月银行流水及财务报表"
        case = engine.execute(
            case=case,
            transition="request_payment_plan",
            actor=officer,
            on=asked,
            data={"kind": "instalments", "hardship": hardship, "schedule": schedule},
        )
        case = engine.execute(case=case, transition="approve_payment_plan", actor=head, on=approved, data={})
        code = case.agency.short_code or case.agency.pk
        for seq, paid_on in enumerate((dues[0], dues[1] + timedelta(days=3), dues[2] - timedelta(days=5)), 1):
            if paid_on > today:
                return
            owed = payments.settlement(case, paid_on).outstanding
            value = min(part, owed) if seq < 3 else owed
            data = {"receipt_number": f"{code}-分期-{case.pk}-{seq}", "receipt_amount": str(value)}
            case = engine.execute(
                case=case, transition="record_receipt", actor=officer, on=paid_on, data=data
            )
        engine.execute(case=case, transition="record_payment", actor=officer, on=paid_on, data={})
        return


def _execute(plans: list[CasePlan], today: date | None = None) -> int:
    """Open and step every case in date order, so that document numbers follow the calendar. Returns how
    many cases stopped before `decide` because a guard of another app (legal review) held them."""
    events: list[tuple[date, int, int]] = []
    for i, plan in enumerate(plans):
        events.append((plan.discovered_on, i, -1))
        events.extend((step.on, i, j) for j, step in enumerate(plan.steps))
    events.sort()
    cases: dict[int, Case] = {}
    stalled: set[int] = set()
    for _, i, j in events:
        plan = plans[i]
        if j < 0:
            cases[i] = _open(plan, plan.login)
            continue
        if i in stalled:
            continue
        step = plan.steps[j]
        actor = _actor(plan, step.transition)
        try:
            cases[i] = _take(cases[i], plan, step, actor)
        except engine.TransitionRefused as exc:
            if step.transition in ("decide", "decide_no_penalty") and all(
                r.guard == "legal_review" for r in exc.refusals
            ):
                stalled.add(i)
                continue
            raise DomainError(
                f"演示案件“{plan.title}”（{plan.agency.name}）{step.on.isoformat()} 的“{step.transition}”"
                f"步骤被拒绝：{exc}"
            ) from exc
    served = [
        c
        for i, c in sorted(cases.items())
        if i not in stalled and c.procedure == GENERAL and c.state in ("served", "demanded") and c.fine_amount
    ]
    _demo_instalments(served, today or timezone.localdate())
    return len(stalled)


def _take(case: Case, plan: CasePlan, step: StepPlan, actor: User | None) -> Case:
    """Take one planned step. Two refusals are met as the officers would meet them, then the step is
    taken again: a step the agency's 音像记录事项清单 marks as full-process is recorded first (the
    officers' recorder video, filed as evidence of that step, evidence.recording); an archive waits for
    the journal's signed checkpoint (the sequencer signs one within a second in use; the demo loads in
    one transaction, so it runs the sequencer itself, cases.casefile)."""
    # 履行完毕 needs the bank's receipt (罚缴分离, 行政处罚法 Art.67): the demo's bank reports it.
    data = _with_receipt(case, plan, step)
    try:
        return engine.execute(case=case, transition=step.transition, actor=actor, data=data, on=step.on)
    except engine.TransitionRefused as exc:
        guards = {r.guard for r in exc.refusals}
        if not guards <= {"av_recording", "case_file_complete"}:
            raise
        if "av_recording" in guards:
            _file_recording(case, plan, step)
        if "case_file_complete" in guards:
            integrate_batch(force_checkpoint=True)
    return engine.execute(case=case, transition=step.transition, actor=actor, data=data, on=step.on)


def _file_recording(case: Case, plan: CasePlan, step: StepPlan) -> None:
    """A short recorder video of the step, collected that morning by the case's officers. Uploaded by
    the officer's login; an agency without demo logins has it imported by the platform's administrator
    (the recorder station's import)."""
    at = min(timezone.make_aware(datetime.combine(step.on, dtime(9, 30))), timezone.now())
    metadata = evidence_services.evidence_metadata_parse(
        agency=plan.agency,
        data={
            "filename": f"执法记录仪-{step.transition}-{step.on.isoformat()}.mp4",
            "kind": "video",
            "case_ref": str(case.pk),
            "step": step.transition,
            "collected_at": at.isoformat(),
            "collected_place": plan.place_text or plan.place.name,
            "device_id": f"ZFJLY-{case.pk:04d}",
            "proves": f"{plan.title}：{_step_label(plan, step)}全过程",
            "collected_by": ",".join(str(o.pk) for o in plan.officers[:2]),
        },
    )
    # An ISO BMFF header (so the content type is video/mp4) and bytes of its own per case and step.
    body = f"zhifa-demo {case.pk} {step.transition} {step.on.isoformat()}".encode()
    video = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + body * 64
    uploader = plan.login or plan.head
    if uploader is not None:
        evidence_services.evidence_ingest_file(
            metadata=metadata, content=ContentFile(video, name="recording.mp4"), actor=uploader
        )
        return
    hasher = Hasher()
    with hasher.feeding():
        hasher.update(video)
    blob = blobstore.put(ContentFile(video, name="recording.mp4"), hasher.digests())
    evidence_services.evidence_create(
        agency=plan.agency,
        metadata=metadata,
        blob=blob,
        content_type=blobstore.sniff(video),
        actor=User.objects.filter(role=Role.ADMINISTRATOR).order_by("id").first(),
        via="import",
    )


def _step_label(plan: CasePlan, step: StepPlan) -> str:
    return engine.PROCEDURES[plan.procedure].transitions[step.transition].label


def _actor(plan: CasePlan, transition: str) -> User | None:
    """Who takes a step: the lead officer's login where the step's roles allow it, else the head's login.
    None only where the agency has no such login (the engine then skips its role check)."""
    roles = engine.PROCEDURES[plan.procedure].transitions[transition].roles
    for user in (plan.login, plan.head):
        if user is not None and user.role in roles:
            return user
    return None


def _summary(*, created: bool) -> DemoCasesSummary:
    demo = Case.objects.filter(agency__region__path__startswith=DEMO_REGION_PATH)
    by_state = Counter((c.procedure, c.state) for c in demo.only("procedure", "state"))
    overdue = Deadline.objects.filter(
        case__in=demo, status=DeadlineStatus.RUNNING, due_on__lt=timezone.localdate()
    ).count()
    return DemoCasesSummary(created=created, cases=demo.count(), by_state=dict(by_state), overdue=overdue)
