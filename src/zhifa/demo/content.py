"""The fixed part of the demo: regions, enforcement fields, laws and each agency's catalogue.

Nothing here is random; names of people, identity numbers, certificate numbers and dates are drawn in
`data.build_plan`. The laws are real national laws and regulations; the items are modelled on real
articles. Article, paragraph and clause numbers and the fine ranges were written from memory and spot
checked against published texts (食品安全法 Art.124, 道路运输条例 Art.63, 公共场所卫生管理条例实施细则
Art.35, 娱乐场所管理条例 Art.48, 固体废物污染环境防治法 Art.111): CHECK EVERY CITATION AGAINST THE
OFFICIAL TEXT (国家法律法规数据库, flk.npc.gov.cn) before reusing any of it outside the demo.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from zhifa.catalog.models import (
    DayKind,
    InspectionItem,
    ItemKind,
    Law,
    LegalBasis,
    LenienceEntry,
    LenienceKind,
    Tier,
)
from zhifa.catalog.models import RecordingRequirement as Recording
from zhifa.catalog.services import BasisRef, TierSpec
from zhifa.organizations.models import RegionLevel

DUTY = LegalBasis.Role.DUTY
PENALTY = LegalBasis.Role.PENALTY
PROCEDURE = LegalBasis.Role.PROCEDURE
SHALL = LenienceEntry.Obligation.SHALL
MAY = LenienceEntry.Obligation.MAY


def D(value: int) -> Decimal:
    return Decimal(value)


# --- regions ----------------------------------------------------------------------------------------------
# Province code 99 is not assigned in GB/T 2260, so none of these codes can collide with a real region.


@dataclass(frozen=True)
class RegionSpec:
    code: str
    name: str
    level: str
    parent: str | None


PROVINCE_CODE = "990000"
CITY_CODE = "990100"
CITY_NAME = "江北市"

REGIONS: tuple[RegionSpec, ...] = (
    RegionSpec(PROVINCE_CODE, "示范省", RegionLevel.PROVINCE, None),
    RegionSpec(CITY_CODE, CITY_NAME, RegionLevel.CITY, PROVINCE_CODE),
    RegionSpec("990102", "江北区", RegionLevel.COUNTY, CITY_CODE),
    RegionSpec("990121", "临江县", RegionLevel.COUNTY, CITY_CODE),
    RegionSpec("990122", "青山县", RegionLevel.COUNTY, CITY_CODE),
    # GB/T 10114 township codes: 001-099 街道, 100-199 镇, 200-399 乡.
    RegionSpec("990102001", "城关街道", RegionLevel.TOWNSHIP, "990102"),
    RegionSpec("990102002", "滨江街道", RegionLevel.TOWNSHIP, "990102"),
    RegionSpec("990121100", "临江镇", RegionLevel.TOWNSHIP, "990121"),
    RegionSpec("990121101", "白沙镇", RegionLevel.TOWNSHIP, "990121"),
    RegionSpec("990122100", "青山镇", RegionLevel.TOWNSHIP, "990122"),
    RegionSpec("990122200", "石门乡", RegionLevel.TOWNSHIP, "990122"),
)

# GB 11643 address codes (first six digits) for the demo officers' identity numbers.
# The brief asked for 9901xx, but lib.identifiers.check_resident_id accepts only GB/T 2260 province codes
# and 99 is not one, so personnel.services.officer_create refuses such numbers. We use province 36 with
# prefecture 99, which GB/T 2260 has never assigned: the numbers validate and cannot belong to a real
# person. Switch to 9901xx if the validator ever accepts a reserved demo province.
ID_ADDRESS_CODES: tuple[str, ...] = ("369901", "369902", "369921", "369922")


# --- enforcement fields and laws --------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldSpec:
    code: str
    name: str


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("market", "市场监管"),
    FieldSpec("environment", "生态环境"),
    FieldSpec("urban", "城市管理"),
    FieldSpec("transport", "交通运输"),
    FieldSpec("emergency", "应急管理"),
    FieldSpec("health", "卫生健康"),
    FieldSpec("natural_resources", "自然资源"),
    FieldSpec("culture_tourism", "文化旅游"),
)


@dataclass(frozen=True)
class LawSpec:
    name: str
    level: str
    issuer: str
    effective: date  # in force date of the text as last revised or amended [check]


NPCSC = "全国人民代表大会常务委员会"
STATE_COUNCIL = "国务院"
LAW = Law.Level.LAW
REG = Law.Level.ADMINISTRATIVE_REGULATION

PUNISHMENT_LAW = "中华人民共和国行政处罚法"
COERCION_LAW = "中华人民共和国行政强制法"
FOOD_SAFETY = "中华人民共和国食品安全法"
AIR = "中华人民共和国大气污染防治法"
WATER = "中华人民共和国水污染防治法"
ENVIRONMENT = "中华人民共和国环境保护法"
SOLID_WASTE = "中华人民共和国固体废物污染环境防治法"
CITY_ROADS = "城市道路管理条例"
DRAINAGE = "城镇排水与污水处理条例"
CITY_APPEARANCE = "城市市容和环境卫生管理条例"
URBAN_PLANNING = "中华人民共和国城乡规划法"
ROAD_TRANSPORT = "中华人民共和国道路运输条例"
HIGHWAY_SAFETY = "公路安全保护条例"
WORK_SAFETY = "中华人民共和国安全生产法"
PUBLIC_PLACES = "公共场所卫生管理条例"
PUBLIC_PLACES_RULES = "公共场所卫生管理条例实施细则"
PHYSICIANS = "中华人民共和国医师法"
LAND = "中华人民共和国土地管理法"
LAND_RULES = "中华人民共和国土地管理法实施条例"
GEOHAZARDS = "地质灾害防治条例"
ENTERTAINMENT = "娱乐场所管理条例"
TOURISM = "中华人民共和国旅游法"

LAWS: tuple[LawSpec, ...] = (
    LawSpec(PUNISHMENT_LAW, LAW, NPCSC, date(2021, 7, 15)),
    LawSpec(COERCION_LAW, LAW, NPCSC, date(2012, 1, 1)),
    LawSpec(FOOD_SAFETY, LAW, NPCSC, date(2021, 4, 29)),
    LawSpec(AIR, LAW, NPCSC, date(2018, 10, 26)),
    LawSpec(WATER, LAW, NPCSC, date(2018, 1, 1)),
    LawSpec(ENVIRONMENT, LAW, NPCSC, date(2015, 1, 1)),
    LawSpec(SOLID_WASTE, LAW, NPCSC, date(2020, 9, 1)),
    LawSpec(CITY_ROADS, REG, STATE_COUNCIL, date(2019, 3, 24)),
    LawSpec(DRAINAGE, REG, STATE_COUNCIL, date(2014, 1, 1)),
    LawSpec(CITY_APPEARANCE, REG, STATE_COUNCIL, date(2017, 3, 1)),
    LawSpec(URBAN_PLANNING, LAW, NPCSC, date(2019, 4, 23)),
    LawSpec(ROAD_TRANSPORT, REG, STATE_COUNCIL, date(2023, 7, 20)),
    LawSpec(HIGHWAY_SAFETY, REG, STATE_COUNCIL, date(2011, 7, 1)),
    LawSpec(WORK_SAFETY, LAW, NPCSC, date(2021, 9, 1)),
    LawSpec(PUBLIC_PLACES, REG, STATE_COUNCIL, date(2019, 4, 23)),
    LawSpec(PUBLIC_PLACES_RULES, Law.Level.DEPARTMENTAL_RULE, "国家卫生健康委员会", date(2017, 12, 26)),
    LawSpec(PHYSICIANS, LAW, NPCSC, date(2022, 3, 1)),
    LawSpec(LAND, LAW, NPCSC, date(2020, 1, 1)),
    LawSpec(LAND_RULES, REG, STATE_COUNCIL, date(2021, 9, 1)),
    LawSpec(GEOHAZARDS, REG, STATE_COUNCIL, date(2004, 3, 1)),
    LawSpec(ENTERTAINMENT, REG, STATE_COUNCIL, date(2020, 11, 29)),
    LawSpec(TOURISM, LAW, NPCSC, date(2018, 10, 26)),
)


# --- catalogue specs --------------------------------------------------------------------------------------

# 行政复议法 (2023) Art.24: a city government hears applications against its own departments;
# 行政诉讼法 Art.46: six months to sue directly.
REMEDY = (
    "当事人不服的，可以自收到决定书之日起六十日内向江北市人民政府申请行政复议，"
    "也可以自收到决定书之日起六个月内依法向人民法院提起行政诉讼。"
)

PROCEDURES: dict[str, str] = {
    ItemKind.PENALTY: (
        "立案—调查取证—案件审核（重大执法决定法制审核）—事先告知—陈述申辩或者听证—作出决定—送达—执行—结案归档"
    ),
    ItemKind.LICENSING: "申请—受理—审查—决定—送达（不予许可的，说明理由并告知救济渠道）",
    ItemKind.COMPULSION: (
        "报告负责人批准—通知当事人到场—出示执法证件—告知理由、依据和权利—听取陈述申辩—制作现场笔录—"
        "制作并当场交付决定书和清单"
    ),
    ItemKind.INSPECTION: (
        "制定检查计划—两名以上执法人员出示执法证件—现场检查—制作检查记录—反馈检查结果—依法处理"
    ),
}
# 行政处罚法 Art.60: a decision within 90 days of filing; 行政许可法 Art.42: 20 working days;
# 行政强制法 Art.25: a seizure lasts at most 30 days.
TIME_LIMITS: dict[str, tuple[int, str]] = {
    ItemKind.PENALTY: (90, DayKind.CALENDAR),
    ItemKind.LICENSING: (20, DayKind.WORKING),
    ItemKind.COMPULSION: (30, DayKind.CALENDAR),
}

# Penalty kinds use the words of 行政处罚法 Art.9, as do MajorDecisionRule.penalty_kinds.
WARNING = "警告"
FINE = "罚款"
CONFISCATE_GAINS = "没收违法所得"
CONFISCATE_PROPERTY = "没收非法财物"
REVOKE_LICENCE = "吊销许可证件"
SUSPEND_BUSINESS = "责令停产停业"
CLOSE_DOWN = "责令关闭"


@dataclass(frozen=True)
class ItemSpec:
    code: str
    name: str
    kind: str
    bases: tuple[BasisRef, ...]
    tiers: tuple[TierSpec, ...] = ()
    benchmark_basis: str = ""
    fee: str = "不收费"


@dataclass(frozen=True)
class LenienceSpec:
    kind: str
    circumstances: str
    obligation: str
    basis: str
    item: str | None = None


@dataclass(frozen=True)
class MajorRuleSpec:
    name: str
    basis: str
    item_kinds: tuple[str, ...] = ()
    penalty_kinds: tuple[str, ...] = ()
    fine_natural: Decimal | None = None
    fine_legal: Decimal | None = None
    hearing_held: bool = False
    complex_case: bool = False
    major_public_interest: bool = False


@dataclass(frozen=True)
class RecordingSpec:
    activity: str
    level: str
    basis: str
    item: str | None = None


@dataclass(frozen=True)
class InspectionSpec:
    name: str
    target: str
    content: str
    method: str
    kind: str
    basis: str
    item: str | None = None


@dataclass(frozen=True)
class AgencySpec:
    name: str
    short_code: str
    field: str  # FieldSpec.code
    address: str
    units: tuple[str, ...]  # the first is the legal unit (法规科)
    officers: int
    reviewers: int
    laws_cited: str
    items: tuple[ItemSpec, ...]
    lenience: tuple[LenienceSpec, ...]
    inspection: InspectionSpec
    recording: tuple[RecordingSpec, ...] = ()
    counsel: tuple[tuple[str, str], ...] = ()  # (kind, organization); names come from the plan

    @property
    def legal_basis(self) -> str:
        return (
            f"依据《江北市机构改革方案》和《{self.name}职能配置、内设机构和人员编制规定》设立，"
            f"依照{self.laws_cited}等法律、法规、规章的规定行使行政执法职权。"
        )


def tiers4(
    rows: tuple[tuple[str, int | None, int | None, tuple[str, ...]], ...],
) -> tuple[TierSpec, ...]:
    """Tiers in the order minor, ordinary, serious, particularly serious (as many as given)."""
    order = (Tier.MINOR, Tier.ORDINARY, Tier.SERIOUS, Tier.PARTICULARLY_SERIOUS)
    return tuple(
        TierSpec(
            tier=tier,
            conditions=conditions,
            fine_min=None if low is None else D(low),
            fine_max=None if high is None else D(high),
            penalty_kinds=kinds,
        )
        for tier, (conditions, low, high, kinds) in zip(order, rows, strict=False)
    )


LEGAL_UNIT = "法规科"
FG = (FINE, CONFISCATE_GAINS)

# --- the lists every agency shares (行政处罚法 Art.30, 32, 33; 行政强制法 Art.16) ---------------------------


def common_lenience(*, first_offence: str, item: str | None, compulsion: bool) -> tuple[LenienceSpec, ...]:
    entries = [
        LenienceSpec(
            LenienceKind.NO_PENALTY,
            first_offence,
            MAY,
            "《中华人民共和国行政处罚法》第三十三条第一款（初次违法且危害后果轻微并及时改正的，可以不予行政处罚）",
            item,
        ),
        LenienceSpec(
            LenienceKind.NO_PENALTY,
            "违法行为轻微并及时改正，没有造成危害后果的",
            SHALL,
            "《中华人民共和国行政处罚法》第三十三条第一款",
        ),
        LenienceSpec(
            LenienceKind.LIGHTER,
            "已满十四周岁不满十八周岁的未成年人有违法行为的",
            SHALL,
            "《中华人民共和国行政处罚法》第三十条（应当从轻或者减轻行政处罚）",
        ),
        LenienceSpec(
            LenienceKind.MITIGATED,
            "主动消除或者减轻违法行为危害后果的",
            SHALL,
            "《中华人民共和国行政处罚法》第三十二条第（一）项（应当从轻或者减轻行政处罚）",
        ),
    ]
    if compulsion:
        entries.append(
            LenienceSpec(
                LenienceKind.NO_COMPULSION,
                "违法行为情节显著轻微或者没有明显社会危害的，可以不采取查封、扣押等行政强制措施",
                MAY,
                "《中华人民共和国行政强制法》第十六条第二款",
            )
        )
    return tuple(entries)


MAJOR_RULES: tuple[MajorRuleSpec, ...] = (
    MajorRuleSpec(
        "较大数额罚款、没收违法所得或者没收非法财物",
        "国办发〔2018〕118号 四（十二）；江北市重大执法决定法制审核目录清单："
        "自然人二万元以上、法人或者其他组织二十万元以上",
        item_kinds=(ItemKind.PENALTY,),
        fine_natural=D(20000),
        fine_legal=D(200000),
    ),
    MajorRuleSpec(
        "吊销许可证件、责令停产停业、责令关闭",
        "《中华人民共和国行政处罚法》第五十八条、第六十三条",
        item_kinds=(ItemKind.PENALTY,),
        penalty_kinds=(REVOKE_LICENCE, SUSPEND_BUSINESS, CLOSE_DOWN),
    ),
    MajorRuleSpec(
        "直接关系当事人或者第三人重大权益，经过听证程序的",
        "《中华人民共和国行政处罚法》第五十八条第一款第（二）项",
        hearing_held=True,
    ),
    MajorRuleSpec(
        "案件情况疑难复杂、涉及多个法律关系的",
        "《中华人民共和国行政处罚法》第五十八条第一款第（三）项",
        complex_case=True,
    ),
    MajorRuleSpec(
        "涉及重大公共利益的",
        "《中华人民共和国行政处罚法》第五十八条第一款第（一）项",
        major_public_interest=True,
    ),
)

RECORDING_BASIS = "国办发〔2018〕118号 三（八）"
SITE_RECORDING = RecordingSpec(
    "现场检查、调查取证、听证、留置送达和公告送达", Recording.Level.WHEN_NEEDED, RECORDING_BASIS
)


def seizure_recording(item: str | None, activity: str = "查封、扣押财产") -> RecordingSpec:
    return RecordingSpec(
        activity,
        Recording.Level.FULL_PROCESS,
        f"{RECORDING_BASIS}；《中华人民共和国行政强制法》第十八条",
        item,
    )


KEY = InspectionItem.Kind.KEY
GENERAL = InspectionItem.Kind.GENERAL

# --- the eight agencies -----------------------------------------------------------------------------------

MARKET = AgencySpec(
    name="江北市市场监督管理局",
    short_code="江北市监",
    field="market",
    address="江北市江北区人民路88号",
    units=(LEGAL_UNIT, "食品经营监管科", "综合执法支队", "城关市场监管所"),
    officers=32,
    reviewers=2,
    laws_cited="《中华人民共和国食品安全法》《中华人民共和国产品质量法》《中华人民共和国广告法》",
    items=(
        ItemSpec(
            "SJ-CF-001",
            "对生产经营污染物质含量超过食品安全标准限量的食品的行政处罚",
            ItemKind.PENALTY,
            (BasisRef(FOOD_SAFETY, 34, None, 2, DUTY), BasisRef(FOOD_SAFETY, 124, 1, 1, PENALTY)),
            tiers4(
                (
                    (
                        "货值金额不足二千元，及时召回且未造成危害后果的",
                        50000,
                        60000,
                        (FINE, CONFISCATE_GAINS, CONFISCATE_PROPERTY),
                    ),
                    (
                        "货值金额二千元以上不足五千元的",
                        60000,
                        75000,
                        (FINE, CONFISCATE_GAINS, CONFISCATE_PROPERTY),
                    ),
                    (
                        "货值金额五千元以上不足一万元，或者造成轻微危害后果的",
                        75000,
                        90000,
                        (FINE, CONFISCATE_GAINS, CONFISCATE_PROPERTY),
                    ),
                    (
                        "造成严重危害后果、拒不召回或者两年内再次违法的（情节严重）",
                        90000,
                        100000,
                        (FINE, CONFISCATE_GAINS, REVOKE_LICENCE),
                    ),
                )
            ),
            "第一百二十四条第一款：货值金额不足一万元的，并处五万元以上十万元以下罚款；货值金额一万元以上的，"
            "并处货值金额十倍以上二十倍以下罚款；情节严重的，吊销许可证。本基准适用于货值金额不足一万元的情形。",
        ),
        ItemSpec(
            "SJ-CF-002",
            "对未取得食品经营许可从事食品经营活动的行政处罚",
            ItemKind.PENALTY,
            (BasisRef(FOOD_SAFETY, 35, 1, None, DUTY), BasisRef(FOOD_SAFETY, 122, 1, None, PENALTY)),
            tiers4(
                (
                    (
                        "经营时间不足一个月，货值金额不足二千元，及时停止经营的",
                        50000,
                        60000,
                        (FINE, CONFISCATE_GAINS),
                    ),
                    (
                        "经营时间一个月以上不足三个月，或者货值金额二千元以上不足五千元的",
                        60000,
                        75000,
                        (FINE, CONFISCATE_GAINS),
                    ),
                    (
                        "经营时间三个月以上，或者货值金额五千元以上不足一万元的",
                        75000,
                        90000,
                        (FINE, CONFISCATE_GAINS, CONFISCATE_PROPERTY),
                    ),
                    (
                        "被责令停止后继续经营，或者经营的食品造成危害后果的",
                        90000,
                        100000,
                        (FINE, CONFISCATE_GAINS, CONFISCATE_PROPERTY),
                    ),
                )
            ),
            "第一百二十二条第一款：货值金额不足一万元的，并处五万元以上十万元以下罚款；货值金额一万元以上的，"
            "并处货值金额十倍以上二十倍以下罚款。本基准适用于货值金额不足一万元的情形。",
        ),
        ItemSpec(
            "SJ-CF-003",
            "对食品经营者未按规定建立并遵守进货查验记录制度的行政处罚",
            ItemKind.PENALTY,
            (BasisRef(FOOD_SAFETY, 53, 2, None, DUTY), BasisRef(FOOD_SAFETY, 126, 1, 3, PENALTY)),
            tiers4(
                (
                    ("首次发现，责令改正后按期改正的", None, None, (WARNING,)),
                    ("拒不改正，涉及食品品种不足十种的", 5000, 20000, (FINE,)),
                    ("拒不改正，涉及食品品种十种以上的", 20000, 50000, (FINE,)),
                    (
                        "拒不改正且导致不符合食品安全标准的食品流入市场的（情节严重）",
                        50000,
                        50000,
                        (FINE, SUSPEND_BUSINESS, REVOKE_LICENCE),
                    ),
                )
            ),
            "第一百二十六条第一款：责令改正，给予警告；拒不改正的，处五千元以上五万元以下罚款；情节严重的，"
            "责令停产停业，直至吊销许可证。",
        ),
        ItemSpec(
            "SJ-XK-001",
            "食品经营许可",
            ItemKind.LICENSING,
            (BasisRef(FOOD_SAFETY, 35, None, None, DUTY),),
        ),
        ItemSpec(
            "SJ-QZ-001",
            "查封、扣押有证据证明不符合食品安全标准的食品",
            ItemKind.COMPULSION,
            (BasisRef(FOOD_SAFETY, 110, None, 4, DUTY), BasisRef(COERCION_LAW, 18, None, None, PROCEDURE)),
        ),
        ItemSpec(
            "SJ-JC-001",
            "对食品生产经营者的监督检查",
            ItemKind.INSPECTION,
            (BasisRef(FOOD_SAFETY, 110, None, 1, DUTY),),
        ),
    ),
    lenience=common_lenience(
        first_offence="食品经营者初次未按规定建立进货查验记录，未造成危害后果，并在责令改正期限内改正的",
        item="SJ-CF-003",
        compulsion=True,
    ),
    recording=(seizure_recording("SJ-QZ-001"), SITE_RECORDING),
    inspection=InspectionSpec(
        "食品经营者落实食品安全主体责任情况检查",
        "食品经营者",
        "许可证件、从业人员健康证明、进货查验记录、食品贮存条件",
        "现场检查",
        KEY,
        "《中华人民共和国食品安全法》第一百一十条",
        "SJ-JC-001",
    ),
    counsel=(("external", "示范省明正律师事务所"),),
)

ECOLOGY = AgencySpec(
    name="江北市生态环境局",
    short_code="江北环",
    field="environment",
    address="江北市江北区滨江大道126号",
    units=(LEGAL_UNIT, "生态环境保护综合行政执法支队", "大气环境科"),
    officers=20,
    reviewers=1,
    laws_cited="《中华人民共和国环境保护法》《中华人民共和国大气污染防治法》《中华人民共和国水污染防治法》",
    items=(
        ItemSpec(
            "HB-CF-001",
            "对超过大气污染物排放标准排放大气污染物的行政处罚",
            ItemKind.PENALTY,
            (BasisRef(AIR, 18, None, None, DUTY), BasisRef(AIR, 99, None, 2, PENALTY)),
            tiers4(
                (
                    ("超标倍数不足0.5倍，及时改正且未造成环境污染后果的", 100000, 200000, (FINE,)),
                    ("超标倍数0.5倍以上不足1倍的", 200000, 400000, (FINE,)),
                    ("超标倍数1倍以上不足3倍，或者位于环境空气质量敏感区域的", 400000, 700000, (FINE,)),
                    (
                        "超标倍数3倍以上、拒不改正或者造成严重污染的；情节严重的，报经有批准权的人民政府批准，责令停业、关闭",
                        700000,
                        1000000,
                        (FINE, CLOSE_DOWN),
                    ),
                )
            ),
            "第九十九条：责令改正或者限制生产、停产整治，并处十万元以上一百万元以下的罚款；情节严重的，"
            "报经有批准权的人民政府批准，责令停业、关闭。",
        ),
        ItemSpec(
            "HB-CF-002",
            "对超过水污染物排放标准排放水污染物的行政处罚",
            ItemKind.PENALTY,
            (BasisRef(WATER, 10, None, None, DUTY), BasisRef(WATER, 83, None, 2, PENALTY)),
            tiers4(
                (
                    ("超标倍数不足0.5倍，及时改正且未造成水体污染后果的", 100000, 200000, (FINE,)),
                    ("超标倍数0.5倍以上不足1倍的", 200000, 400000, (FINE,)),
                    ("超标倍数1倍以上不足3倍，或者排入饮用水水源保护区上游水体的", 400000, 700000, (FINE,)),
                    ("超标倍数3倍以上、拒不改正或者造成严重污染的", 700000, 1000000, (FINE, CLOSE_DOWN)),
                )
            ),
            "第八十三条：责令改正或者责令限制生产、停产整治，并处十万元以上一百万元以下的罚款；情节严重的，"
            "报经有批准权的人民政府批准，责令停业、关闭。",
        ),
        ItemSpec(
            "HB-QZ-001",
            "查封、扣押造成污染物排放的设施、设备",
            ItemKind.COMPULSION,
            (BasisRef(ENVIRONMENT, 25, None, None, DUTY), BasisRef(COERCION_LAW, 18, None, None, PROCEDURE)),
        ),
        ItemSpec(
            "HB-JC-001",
            "对排放污染物的企业事业单位和其他生产经营者的现场检查",
            ItemKind.INSPECTION,
            (BasisRef(ENVIRONMENT, 24, None, None, DUTY),),
        ),
    ),
    lenience=common_lenience(
        first_offence="初次超过大气污染物排放标准，超标倍数不足0.1倍且持续时间不足一小时，及时改正且未造成环境污染后果的",
        item="HB-CF-001",
        compulsion=True,
    ),
    recording=(seizure_recording("HB-QZ-001"), SITE_RECORDING),
    inspection=InspectionSpec(
        "排污单位污染物排放情况检查",
        "排污许可重点管理单位",
        "排污许可证执行情况、污染防治设施运行情况、自动监测数据",
        "现场检查、监督性监测",
        KEY,
        "《中华人民共和国环境保护法》第二十四条",
        "HB-JC-001",
    ),
    counsel=(("external", "示范省衡平律师事务所"),),
)

URBAN = AgencySpec(
    name="江北市城市管理综合执法局",
    short_code="江北城管",
    field="urban",
    address="江北市江北区建设路15号",
    units=(LEGAL_UNIT, "市容秩序执法大队", "违法建设治理科", "江北区执法中队"),
    officers=24,
    # 24 officers need 2 reviewers (国办发〔2018〕118号: 不少于5%); one is appointed so that the
    # staffing alert has something to show.
    reviewers=1,
    laws_cited="《中华人民共和国固体废物污染环境防治法》《城市市容和环境卫生管理条例》《城市道路管理条例》《城镇排水与污水处理条例》",
    items=(
        ItemSpec(
            "CG-CF-001",
            "对单位随意倾倒、抛撒、堆放生活垃圾的行政处罚",
            ItemKind.PENALTY,
            (BasisRef(SOLID_WASTE, 49, None, None, DUTY), BasisRef(SOLID_WASTE, 111, 1, 1, PENALTY)),
            tiers4(
                (
                    ("首次发现，数量不足一立方米，当场清理的", 50000, 100000, (FINE,)),
                    ("数量一立方米以上不足五立方米的", 100000, 200000, (FINE, CONFISCATE_GAINS)),
                    (
                        "数量五立方米以上，或者被责令改正后拒不改正的",
                        200000,
                        350000,
                        (FINE, CONFISCATE_GAINS),
                    ),
                    (
                        "倾倒于水体、绿地等敏感区域造成污染，或者一年内再次违法的",
                        350000,
                        500000,
                        (FINE, CONFISCATE_GAINS),
                    ),
                )
            ),
            "第一百一十一条第二款：单位有前款第一项行为的，处五万元以上五十万元以下的罚款；个人有前款第一项行为的，"
            "处一百元以上五百元以下的罚款。本基准适用于单位。",
        ),
        ItemSpec(
            "CG-CF-002",
            "对擅自占用城市道路的行政处罚",
            ItemKind.PENALTY,
            (BasisRef(CITY_ROADS, 27, None, 1, DUTY), BasisRef(CITY_ROADS, 42, None, None, PENALTY)),
            tiers4(
                (
                    ("占用面积不足五平方米，未影响通行，责令后立即改正的", 200, 2000, (FINE,)),
                    ("占用面积五平方米以上不足二十平方米的", 2000, 8000, (FINE,)),
                    ("占用面积二十平方米以上，或者影响车辆、行人通行的", 8000, 15000, (FINE,)),
                    ("逾期不改正，或者造成道路损坏、交通事故等后果的", 15000, 20000, (FINE,)),
                )
            ),
            "第四十二条：责令限期改正，可以处以2万元以下的罚款；造成损失的，应当依法承担赔偿责任。",
        ),
        ItemSpec(
            "CG-CF-003",
            "对排水户未取得污水排入排水管网许可证向城镇排水设施排放污水的行政处罚",
            ItemKind.PENALTY,
            (BasisRef(DRAINAGE, 21, 1, None, DUTY), BasisRef(DRAINAGE, 50, 1, None, PENALTY)),
            tiers4(
                (
                    ("日排水量不足一百立方米，水质符合纳管标准，及时补办许可的", 5000, 50000, (FINE,)),
                    ("日排水量一百立方米以上不足五百立方米的", 50000, 150000, (FINE,)),
                    ("日排水量五百立方米以上，或者水质超过纳管标准的", 150000, 300000, (FINE,)),
                    ("拒不停止排放，或者造成排水设施堵塞、损坏的", 300000, 500000, (FINE,)),
                )
            ),
            "第五十条第一款：责令停止违法行为，限期采取治理措施，补办污水排入排水管网许可证，可以处50万元以下罚款。",
        ),
        ItemSpec(
            "CG-XK-001",
            "临时占用街道两侧和公共场地堆放物料、搭建非永久性建筑物审批",
            ItemKind.LICENSING,
            (BasisRef(CITY_APPEARANCE, 14, None, None, DUTY),),
        ),
        ItemSpec(
            "CG-QZ-001",
            "查封施工现场、强制拆除违法建设",
            ItemKind.COMPULSION,
            (
                BasisRef(URBAN_PLANNING, 68, None, None, DUTY),
                BasisRef(COERCION_LAW, 44, None, None, PROCEDURE),
            ),
        ),
    ),
    lenience=common_lenience(
        first_offence="初次擅自占用城市道路堆放物品，占用面积不足五平方米、未影响通行，经责令后当场改正的",
        item="CG-CF-002",
        compulsion=True,
    ),
    recording=(
        seizure_recording(None),
        seizure_recording("CG-QZ-001", "查封施工现场"),
        seizure_recording("CG-QZ-001", "强制拆除违法建设"),
        SITE_RECORDING,
    ),
    inspection=InspectionSpec(
        "生活垃圾分类投放管理责任落实情况检查",
        "机关、企事业单位和商业经营场所",
        "分类投放设施设置、分类投放与分类交付情况",
        "现场检查",
        GENERAL,
        "《中华人民共和国固体废物污染环境防治法》第四十九条",
    ),
    counsel=(("in_house", "江北市城市管理综合执法局"),),
)

TRANSPORT = AgencySpec(
    name="江北市交通运输局",
    short_code="江北交",
    field="transport",
    address="江北市江北区站前路201号",
    units=(LEGAL_UNIT, "交通运输综合行政执法支队", "道路运输管理科"),
    officers=18,
    reviewers=1,
    laws_cited="《中华人民共和国道路运输条例》《公路安全保护条例》",
    items=(
        ItemSpec(
            "JT-CF-001",
            "对未取得道路运输经营许可擅自从事道路客运经营的行政处罚",
            ItemKind.PENALTY,
            (
                BasisRef(ROAD_TRANSPORT, 10, None, None, DUTY),
                BasisRef(ROAD_TRANSPORT, 63, None, None, PENALTY),
            ),
            tiers4(
                (
                    ("初次被查处，没有违法所得或者违法所得不足二万元的", 30000, 40000, FG),
                    ("第二次被查处的", 40000, 60000, FG),
                    ("第三次被查处，或者载客人数超过核定人数的", 60000, 80000, FG),
                    ("三次以上被查处，或者发生安全事故的", 80000, 100000, FG),
                )
            ),
            "第六十三条：有违法所得的，没收违法所得，处违法所得2倍以上10倍以下的罚款；没有违法所得或者违法所得"
            "不足2万元的，处3万元以上10万元以下的罚款。本基准适用于没有违法所得或者违法所得不足2万元的情形。",
        ),
        ItemSpec(
            "JT-CF-002",
            "对车货总体外廓尺寸、轴荷或者总质量超过限定标准在公路上行驶的行政处罚",
            ItemKind.PENALTY,
            (
                BasisRef(HIGHWAY_SAFETY, 33, None, None, DUTY),
                BasisRef(HIGHWAY_SAFETY, 64, None, None, PENALTY),
            ),
            tiers4(
                (
                    ("车货总质量超限不超过5吨的", None, None, (WARNING,)),
                    ("超限5吨以上不足15吨的", 500, 5000, (FINE,)),
                    ("超限15吨以上不足35吨的", 5000, 15000, (FINE,)),
                    ("超限35吨以上，或者拒不卸载的", 15000, 30000, (FINE,)),
                )
            ),
            "第六十四条：责令改正，可以处3万元以下的罚款。",
        ),
        ItemSpec(
            "JT-XK-001",
            "道路旅客运输经营许可",
            ItemKind.LICENSING,
            (
                BasisRef(ROAD_TRANSPORT, 8, None, None, DUTY),
                BasisRef(ROAD_TRANSPORT, 10, None, None, PROCEDURE),
            ),
        ),
        ItemSpec(
            "JT-QZ-001",
            "暂扣没有车辆营运证又无法当场提供其他有效证明的车辆",
            ItemKind.COMPULSION,
            (
                BasisRef(ROAD_TRANSPORT, 62, None, None, DUTY),
                BasisRef(COERCION_LAW, 18, None, None, PROCEDURE),
            ),
        ),
    ),
    lenience=common_lenience(
        first_offence="车货总质量超限不超过5吨，初次违法且当场卸载消除违法状态的",
        item="JT-CF-002",
        compulsion=True,
    ),
    recording=(seizure_recording("JT-QZ-001", "扣押（暂扣）车辆"), SITE_RECORDING),
    inspection=InspectionSpec(
        "道路旅客运输经营者经营行为检查",
        "道路旅客运输经营者",
        "经营许可、车辆营运证、驾驶员从业资格、动态监控",
        "现场检查、书面检查",
        GENERAL,
        "《中华人民共和国道路运输条例》第五十八条",
    ),
)

EMERGENCY = AgencySpec(
    name="江北市应急管理局",
    short_code="江北应急",
    field="emergency",
    address="江北市江北区府前街9号",
    units=(LEGAL_UNIT, "应急管理综合行政执法支队", "危险化学品安全监督管理科"),
    officers=14,
    reviewers=1,
    laws_cited="《中华人民共和国安全生产法》《危险化学品安全管理条例》",
    items=(
        ItemSpec(
            "YJ-CF-001",
            "对未按照规定对从业人员进行安全生产教育和培训的行政处罚",
            ItemKind.PENALTY,
            (BasisRef(WORK_SAFETY, 28, 1, None, DUTY), BasisRef(WORK_SAFETY, 97, None, 3, PENALTY)),
            tiers4(
                (
                    ("未培训人数不足三人，责令限期改正后按期改正的", 10000, 30000, (FINE,)),
                    ("未培训人数三人以上不足十人的", 30000, 60000, (FINE,)),
                    ("未培训人数十人以上，或者涉及特种作业人员的", 60000, 100000, (FINE,)),
                    (
                        "逾期未改正的：责令停产停业整顿，并处十万元以上二十万元以下罚款",
                        100000,
                        200000,
                        (FINE, SUSPEND_BUSINESS),
                    ),
                )
            ),
            "第九十七条：责令限期改正，处十万元以下的罚款；逾期未改正的，责令停产停业整顿，并处十万元以上"
            "二十万元以下的罚款，对其直接负责的主管人员和其他直接责任人员处二万元以上五万元以下的罚款。",
        ),
        ItemSpec(
            "YJ-CF-002",
            "对未在有较大危险因素的生产经营场所和设施、设备上设置明显的安全警示标志的行政处罚",
            ItemKind.PENALTY,
            (BasisRef(WORK_SAFETY, 35, None, None, DUTY), BasisRef(WORK_SAFETY, 99, None, 1, PENALTY)),
            tiers4(
                (
                    ("涉及一处场所或者设备，责令限期改正后按期改正的", 5000, 20000, (FINE,)),
                    ("涉及两处以上场所或者设备的", 20000, 50000, (FINE,)),
                    ("逾期未改正的", 50000, 120000, (FINE,)),
                    ("逾期未改正且情节严重的：责令停产停业整顿", 120000, 200000, (FINE, SUSPEND_BUSINESS)),
                )
            ),
            "第九十九条：责令限期改正，处五万元以下的罚款；逾期未改正的，处五万元以上二十万元以下的罚款；"
            "情节严重的，责令停产停业整顿。",
        ),
        ItemSpec(
            "YJ-QZ-001",
            "查封、扣押不符合保障安全生产的国家标准或者行业标准的设施、设备、器材",
            ItemKind.COMPULSION,
            (BasisRef(WORK_SAFETY, 65, 1, 4, DUTY), BasisRef(COERCION_LAW, 18, None, None, PROCEDURE)),
        ),
        ItemSpec(
            "YJ-JC-001",
            "对生产经营单位执行安全生产法律法规情况的监督检查",
            ItemKind.INSPECTION,
            (BasisRef(WORK_SAFETY, 65, 1, 1, DUTY),),
        ),
    ),
    lenience=common_lenience(
        first_offence="初次未设置安全警示标志，未造成危害后果，并在责令改正期限内改正的",
        item="YJ-CF-002",
        compulsion=True,
    ),
    recording=(seizure_recording("YJ-QZ-001"), SITE_RECORDING),
    inspection=InspectionSpec(
        "工贸企业安全生产条件检查",
        "工贸行业生产经营单位",
        "安全生产教育培训、安全警示标志、事故隐患排查治理",
        "现场检查",
        KEY,
        "《中华人民共和国安全生产法》第六十五条",
        "YJ-JC-001",
    ),
)

HEALTH = AgencySpec(
    name="江北市卫生健康委员会",
    short_code="江北卫健",
    field="health",
    address="江北市江北区健康路66号",
    units=(LEGAL_UNIT, "卫生健康综合监督执法支队", "医政医管科"),
    officers=14,
    reviewers=1,
    laws_cited="《中华人民共和国医师法》《公共场所卫生管理条例》",
    items=(
        ItemSpec(
            "WJ-CF-001",
            "对未依法取得公共场所卫生许可证擅自营业的行政处罚",
            ItemKind.PENALTY,
            (
                BasisRef(PUBLIC_PLACES_RULES, 22, 2, None, DUTY),
                BasisRef(PUBLIC_PLACES_RULES, 35, 1, None, PENALTY),
            ),
            tiers4(
                (
                    ("擅自营业不足一个月，及时改正的", 500, 2000, (WARNING, FINE)),
                    ("擅自营业一个月以上不足三个月的", 2000, 5000, (WARNING, FINE)),
                    ("擅自营业三个月以上，或者曾受过卫生行政部门处罚的", 5000, 15000, (FINE,)),
                    ("以涂改、转让、倒卖、伪造的卫生许可证擅自营业的", 15000, 30000, (FINE,)),
                )
            ),
            "第三十五条第一款：责令限期改正，给予警告，并处以五百元以上五千元以下罚款；擅自营业曾受过处罚、"
            "擅自营业时间在三个月以上或者以涂改、转让、倒卖、伪造的卫生许可证擅自营业的，处以五千元以上三万元以下罚款。",
        ),
        ItemSpec(
            "WJ-CF-002",
            "对非医师行医的行政处罚",
            ItemKind.PENALTY,
            (BasisRef(PHYSICIANS, 13, None, None, DUTY), BasisRef(PHYSICIANS, 59, None, None, PENALTY)),
            tiers4(
                (
                    (
                        "违法所得不足一万元（按一万元计算），执业时间不足一个月的",
                        20000,
                        40000,
                        (FINE, CONFISCATE_GAINS, CONFISCATE_PROPERTY),
                    ),
                    (
                        "执业时间一个月以上不足三个月的",
                        40000,
                        60000,
                        (FINE, CONFISCATE_GAINS, CONFISCATE_PROPERTY),
                    ),
                    (
                        "执业时间三个月以上，或者开展有创诊疗活动的",
                        60000,
                        80000,
                        (FINE, CONFISCATE_GAINS, CONFISCATE_PROPERTY),
                    ),
                    (
                        "造成患者人身损害，或者被查处后再次违法的",
                        80000,
                        100000,
                        (FINE, CONFISCATE_GAINS, CONFISCATE_PROPERTY),
                    ),
                )
            ),
            "第五十九条：没收违法所得和药品、医疗器械，并处违法所得二倍以上十倍以下的罚款，违法所得不足一万元的，"
            "按一万元计算。",
        ),
        ItemSpec(
            "WJ-XK-001",
            "公共场所卫生许可",
            ItemKind.LICENSING,
            (
                BasisRef(PUBLIC_PLACES, 4, None, None, DUTY),
                BasisRef(PUBLIC_PLACES_RULES, 22, None, None, PROCEDURE),
            ),
        ),
    ),
    lenience=common_lenience(
        first_offence="公共场所经营者初次未取得卫生许可证擅自营业不足十五日，未造成危害后果并及时补办的",
        item="WJ-CF-001",
        compulsion=False,
    ),
    recording=(seizure_recording(None), SITE_RECORDING),
    inspection=InspectionSpec(
        "公共场所卫生监督检查",
        "住宿、沐浴、美容美发场所",
        "卫生许可证、从业人员健康合格证明、卫生检测、顾客用品用具清洗消毒",
        "现场检查、抽样检测",
        GENERAL,
        "《公共场所卫生管理条例》《公共场所卫生管理条例实施细则》",
    ),
)

NATURAL_RESOURCES = AgencySpec(
    name="江北市自然资源和规划局",
    short_code="江北自然资源",
    field="natural_resources",
    address="江北市江北区新华路32号",
    units=(LEGAL_UNIT, "自然资源执法监察支队", "国土空间用途管制科"),
    officers=14,
    reviewers=1,
    laws_cited="《中华人民共和国土地管理法》《中华人民共和国城乡规划法》《地质灾害防治条例》",
    items=(
        ItemSpec(
            "ZR-CF-001",
            "对未经批准非法占用土地的行政处罚",
            ItemKind.PENALTY,
            (BasisRef(LAND, 77, 1, None, PENALTY), BasisRef(LAND_RULES, 57, None, None, PENALTY)),
            # The fine is per square metre (实施条例 Art.57: 100 to 1000 元/㎡), so the tiers carry the rate
            # in their conditions and no absolute range.
            tiers4(
                (
                    (
                        "符合国土空间规划，占用非耕地的：没收新建的建筑物和其他设施，并处每平方米一百元以上三百元以下罚款",
                        None,
                        None,
                        (CONFISCATE_PROPERTY, FINE),
                    ),
                    (
                        "符合国土空间规划，占用耕地的：没收新建的建筑物和其他设施，并处每平方米三百元以上六百元以下罚款",
                        None,
                        None,
                        (CONFISCATE_PROPERTY, FINE),
                    ),
                    (
                        "不符合国土空间规划的：限期拆除，恢复土地原状，并处每平方米六百元以上八百元以下罚款",
                        None,
                        None,
                        (FINE,),
                    ),
                    (
                        "占用永久基本农田，或者拒不拆除的：并处每平方米八百元以上一千元以下罚款",
                        None,
                        None,
                        (FINE,),
                    ),
                )
            ),
            "《中华人民共和国土地管理法》第七十七条第一款、《中华人民共和国土地管理法实施条例》第五十七条：罚款额为"
            "非法占用土地每平方米一百元以上一千元以下。",
        ),
        ItemSpec(
            "ZR-CF-002",
            "对在地质灾害危险区内爆破、削坡、进行工程建设等可能引发地质灾害活动的行政处罚",
            ItemKind.PENALTY,
            (BasisRef(GEOHAZARDS, 43, None, None, PENALTY),),
            tiers4(
                (
                    ("单位：责令停止后立即停止，未引发地质灾害险情的", 50000, 80000, (FINE,)),
                    ("单位：作业面积较大或者持续时间较长的", 80000, 120000, (FINE,)),
                    ("单位：引发地质灾害险情的", 120000, 160000, (FINE,)),
                    ("单位：拒不停止，或者引发地质灾害造成损失的", 160000, 200000, (FINE,)),
                )
            ),
            "第四十三条：责令停止违法行为，对单位处5万元以上20万元以下的罚款，对个人处1万元以上5万元以下的罚款。"
            "本基准适用于单位。",
        ),
        ItemSpec(
            "ZR-XK-001",
            "建设工程规划许可证核发",
            ItemKind.LICENSING,
            (BasisRef(URBAN_PLANNING, 40, None, None, DUTY),),
        ),
        ItemSpec(
            "ZR-JC-001",
            "对违反土地管理法律法规行为的监督检查",
            ItemKind.INSPECTION,
            (BasisRef(LAND, 68, None, None, DUTY),),
        ),
    ),
    lenience=common_lenience(
        first_offence="初次违法且危害后果轻微并及时改正的",
        item=None,
        compulsion=False,
    ),
    recording=(seizure_recording(None), SITE_RECORDING),
    inspection=InspectionSpec(
        "建设用地批后监管检查",
        "建设用地使用权人",
        "按批准用途、规划条件和约定期限开发利用土地情况",
        "现场检查、卫片核查",
        GENERAL,
        "《中华人民共和国土地管理法》第六十八条",
        "ZR-JC-001",
    ),
)

CULTURE = AgencySpec(
    name="江北市文化广电旅游局",
    short_code="江北文旅",
    field="culture_tourism",
    address="江北市江北区文化路18号",
    units=(LEGAL_UNIT, "文化市场综合执法支队", "旅游市场管理科"),
    officers=14,
    reviewers=1,
    laws_cited="《中华人民共和国旅游法》《娱乐场所管理条例》",
    items=(
        ItemSpec(
            "WL-CF-001",
            "对歌舞娱乐场所接纳未成年人的行政处罚",
            ItemKind.PENALTY,
            (BasisRef(ENTERTAINMENT, 23, None, None, DUTY), BasisRef(ENTERTAINMENT, 48, None, 3, PENALTY)),
            tiers4(
                (
                    (
                        "接纳未成年人一人，且已设置禁止未成年人进入标志的",
                        10000,
                        15000,
                        (*FG, CONFISCATE_PROPERTY),
                    ),
                    ("接纳未成年人二人以上不足五人的", 15000, 20000, (*FG, CONFISCATE_PROPERTY)),
                    (
                        "接纳未成年人五人以上，或者向未成年人提供酒精饮料的",
                        20000,
                        30000,
                        (*FG, CONFISCATE_PROPERTY),
                    ),
                    (
                        "一年内再次接纳未成年人的（情节严重）：责令停业整顿1个月至6个月",
                        30000,
                        30000,
                        (*FG, SUSPEND_BUSINESS),
                    ),
                )
            ),
            "第四十八条：没收违法所得和非法财物，并处违法所得1倍以上3倍以下的罚款；没有违法所得或者违法所得不足"
            "1万元的，并处1万元以上3万元以下的罚款；情节严重的，责令停业整顿1个月至6个月。",
        ),
        ItemSpec(
            "WL-CF-002",
            "对未经许可经营旅行社业务的行政处罚",
            ItemKind.PENALTY,
            (BasisRef(TOURISM, 28, None, None, DUTY), BasisRef(TOURISM, 95, 1, None, PENALTY)),
            tiers4(
                (
                    ("违法所得不足十万元，经营时间不足三个月的", 10000, 30000, FG),
                    ("经营时间三个月以上，或者组织团队五次以上的", 30000, 60000, FG),
                    ("经营出境旅游业务，或者造成旅游者财产损失的", 60000, 100000, FG),
                )
            ),
            "第九十五条第一款：责令改正，没收违法所得，并处一万元以上十万元以下罚款；违法所得十万元以上的，"
            "并处违法所得一倍以上五倍以下罚款。本基准适用于违法所得不足十万元的情形。",
        ),
        ItemSpec(
            "WL-XK-001",
            "娱乐场所从事娱乐场所经营活动审批",
            ItemKind.LICENSING,
            (BasisRef(ENTERTAINMENT, 9, None, None, DUTY),),
        ),
    ),
    lenience=common_lenience(
        first_offence="初次违法且危害后果轻微并及时改正的",
        item=None,
        compulsion=False,
    ),
    recording=(seizure_recording(None), SITE_RECORDING),
    inspection=InspectionSpec(
        "娱乐场所经营活动检查",
        "歌舞娱乐场所、游艺娱乐场所",
        "接纳未成年人情况、曲库和游戏内容、核定消费者人数",
        "现场检查",
        KEY,
        "《娱乐场所管理条例》",
    ),
)

AGENCIES: tuple[AgencySpec, ...] = (
    MARKET,
    ECOLOGY,
    URBAN,
    TRANSPORT,
    EMERGENCY,
    HEALTH,
    NATURAL_RESOURCES,
    CULTURE,
)
