"""The demo generator: 江北市 (a fictional city of the fictional province 示范省), its eight agencies,
about 150 officers with certificates, their catalogues, and one login per role.

Two steps, kept apart so that the random part can be tested without a database:

* `build_plan(seed, today)` is pure: every name, identity number, credit code, certificate number and
  date is drawn here from random streams seeded with `seed`. Certificate validity is an offset from
  `today` (so that some certificates are always about to expire) and training dates fall between
  1 January and `today`; names and numbers depend on the seed alone. Two plans built with the same seed
  on the same day are equal.
* `load_demo(seed)` writes a plan through the services only (organizations, accounts, catalog and
  personnel), so that every row is journaled. Catalogue lists that have no service yet (lenience entries,
  major-decision rules, recording requirements, random-inspection items) and the officer-to-login link are
  written with the ORM next to their own journal entry, in the same transaction. The whole load is one
  transaction: it happens completely or not at all, and the presence of region 990100 then reliably
  means the demo is there, which is what makes a second run a no-op. The same transaction then generates
  the demo cases (`demo.cases.load_demo_cases`: about 200, through the case services and the engine).
"""

from __future__ import annotations

import hashlib
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Protocol

from django.db import transaction
from django.utils import timezone

from zhifa.accounts.models import Role, User
from zhifa.accounts.services import user_create
from zhifa.catalog.models import (
    DayKind,
    DiscretionBenchmark,
    EnforcementField,
    EnforcementItem,
    InspectionItem,
    ItemKind,
    LenienceEntry,
    MajorDecisionRule,
    RecordingRequirement,
)
from zhifa.catalog.services import benchmark_create, field_get_or_create, item_create, law_get_or_create
from zhifa.demo.content import (
    AGENCIES,
    CITY_CODE,
    FIELDS,
    ID_ADDRESS_CODES,
    LAWS,
    LEGAL_UNIT,
    MAJOR_RULES,
    PROCEDURES,
    REGIONS,
    REMEDY,
    TIME_LIMITS,
    AgencySpec,
    RegionSpec,
)
from zhifa.journal.services import record
from zhifa.lib.identifiers import complete_credit_code, complete_resident_id
from zhifa.organizations.models import Agency, AgencyKind, Region
from zhifa.organizations.services import agency_create, region_create, unit_create
from zhifa.personnel.models import AssessmentGrade, Certificate, Counsel, Officer
from zhifa.personnel.services import (
    assessment_record,
    certificate_issue,
    counsel_add,
    legal_reviewer_appoint,
    officer_create,
    training_record,
)

__all__ = [
    "DEFAULT_SEED",
    "DEMO_PASSWORD",
    "DemoPlan",
    "DemoSummary",
    "build_plan",
    "demo_exists",
    "demo_summary",
    "load_demo",
]

DEFAULT_SEED = 20261122
DEMO_PASSWORD = "zhifa-demo-2026"
ISSUING_AUTHORITY = "示范省人民政府"
CERTIFICATE_YEARS = 5
EXPIRING_SOON = 8  # certificates ending within the next 60 days (ZHIFA_CERTIFICATE_EXPIRY_WARNING_DAYS)
ALREADY_EXPIRED = 2  # certificates whose period ended a few days or weeks ago
SUSPEND = "suspend"
REVOKE = "revoke"

# --- the plan ---------------------------------------------------------------------------------------------


@dataclass
class _Streams:
    """Three random streams from one seed, so that what must not depend on the day does not: who the
    people are (names, numbers, roles), when their certificates run (offsets from today, in days), and
    this year's training (whose dates are bounded by today and so consume a day-dependent amount)."""

    people: random.Random
    periods: random.Random
    training: random.Random

    @classmethod
    def from_seed(cls, seed: int) -> _Streams:
        return cls(
            people=random.Random(seed),
            periods=random.Random(f"zhifa-demo:{seed}:periods"),
            training=random.Random(f"zhifa-demo:{seed}:training"),
        )


@dataclass(frozen=True)
class TrainingPlan:
    day: date
    hours: Decimal
    topic: str
    provider: str


@dataclass(frozen=True)
class OfficerPlan:
    name: str
    id_number: str
    unit: str
    position: str
    law_qualification: bool
    certificate_number: str
    valid_from: date
    valid_until: date
    # (year, grade) in the order they are entered; two failed years in a row revoke the certificate,
    # one suspends it (personnel.services.assessment_record).
    assessments: tuple[tuple[int, str], ...]
    trainings: tuple[TrainingPlan, ...]
    reviewer_appointed_on: date | None = None
    reviewer_first_time: bool = False
    fate: str = ""  # "", SUSPEND or REVOKE: what the assessments do to the certificate

    @property
    def is_reviewer(self) -> bool:
        return self.reviewer_appointed_on is not None


@dataclass(frozen=True)
class CounselPlan:
    name: str
    kind: str
    organization: str
    license_number: str


@dataclass(frozen=True)
class AgencyPlan:
    index: int  # 1-based; digits 3-4 of its certificate numbers
    spec: AgencySpec
    credit_code: str
    consultation_phone: str
    supervision_phone: str
    officers: tuple[OfficerPlan, ...]
    counsel: tuple[CounselPlan, ...]


@dataclass(frozen=True)
class UserPlan:
    username: str
    display_name: str
    role: str
    label: str
    agency_index: int | None = None
    region_code: str | None = None
    officer_id_number: str | None = None  # the officer record this login is linked to


@dataclass(frozen=True)
class DemoPlan:
    seed: int
    today: date
    regions: tuple[RegionSpec, ...]
    agencies: tuple[AgencyPlan, ...]
    users: tuple[UserPlan, ...]
    benchmarks_from: date

    @property
    def officers(self) -> list[OfficerPlan]:
        return [o for a in self.agencies for o in a.officers]

    def digest(self) -> str:
        """SHA-256 of the sorted (name, identity number, certificate number) triples."""
        lines = sorted(f"{o.name}|{o.id_number}|{o.certificate_number}" for o in self.officers)
        return hashlib.sha256("\n".join(lines).encode()).hexdigest()


@dataclass
class DemoSummary:
    regions: int
    agencies: int
    officers: int
    certificates: int
    items: int
    benchmarks: int
    users: int
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (username, role label, password)
    created: bool = False  # False when the demo was already there and nothing was written


# --- name pools -------------------------------------------------------------------------------------------

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔向汤"
)
MALE_CHARS = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆旭宁龙林阳晨峰建国志文海东亮成毅"
FEMALE_CHARS = "芳娜敏静丽艳娟霞燕玲丹萍红玉兰英梅莉婷雪琳倩颖慧洁佳欣悦璐月"
STAFF_POSITIONS = ("一级主任科员", "二级主任科员", "四级主任科员", "一级科员", "二级科员")
COMMON_TRAININGS = (
    ("《中华人民共和国行政处罚法》专题培训", "江北市司法局"),
    ("行政执法三项制度业务培训", "江北市司法局"),
    ("行政复议与行政诉讼典型案例研讨", "示范省司法厅"),
    ("示范省行政执法人员网络学习", "示范省司法厅"),
    ("行政执法文书制作规范培训", ""),
    ("执法记录仪使用与音像记录管理培训", ""),
)
FIELD_TRAININGS = {
    "market": "食品安全监管业务培训",
    "environment": "排污许可与环境执法业务培训",
    "urban": "城市管理执法规范化培训",
    "transport": "道路运输执法业务培训",
    "emergency": "安全生产执法业务培训",
    "health": "卫生监督执法业务培训",
    "natural_resources": "土地执法与卫片核查业务培训",
    "culture_tourism": "文化市场综合执法业务培训",
}
LOW_TRAINING_TOTALS = (8, 12, 16, 24, 32, 40, 48, 56)


def _position_titles(unit: str) -> tuple[str, str]:
    for suffix, head in (
        ("支队", "支队长"),
        ("大队", "大队长"),
        ("中队", "中队长"),
        ("所", "所长"),
        ("科", "科长"),
    ):
        if unit.endswith(suffix):
            return head, f"副{head}"
    return "负责人", "副职"


def _name(rng: random.Random, male: bool, used: set[str]) -> str:
    chars = MALE_CHARS if male else FEMALE_CHARS
    while True:
        given = rng.choice(chars)
        if rng.random() < 0.6:
            second = rng.choice(chars)
            if second == given:
                continue
            given += second
        name = rng.choice(SURNAMES) + given
        if name not in used:
            used.add(name)
            return name


def _resident_id(rng: random.Random, male: bool, used: set[str]) -> str:
    first_day, last_day = date(1965, 1, 1), date(1998, 12, 31)
    while True:
        born = first_day + timedelta(days=rng.randint(0, (last_day - first_day).days))
        sequence = rng.randrange(1000)
        if (sequence % 2 == 1) != male:  # GB 11643 §7: an odd sequence code is a man
            sequence ^= 1
        number = complete_resident_id(f"{rng.choice(ID_ADDRESS_CODES)}{born:%Y%m%d}{sequence:03d}")
        if number not in used:
            used.add(number)
            return number


def _credit_code(rng: random.Random, used: set[str]) -> str:
    # GB 32100: 1 = 机构编制 (registration authority), 1 = 机关 (category), then the region and a GB 11714
    # organization code; complete_credit_code adds both check characters.
    while True:
        code = complete_credit_code(f"11{CITY_CODE}0{rng.randrange(10**7):07d}")
        if code not in used:
            used.add(code)
            return code


def _license_number(rng: random.Random, kind: str) -> str:
    """A 17-digit 执业证号 shape: category, region, first-licensed year, kind, serial (fictional)."""
    category = 1 if kind == Counsel.Kind.EXTERNAL else 2
    return f"1{CITY_CODE[:4]}{rng.randint(2008, 2022)}{category}0{rng.randrange(10**6):06d}"


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _period(today: date, days_left: int) -> tuple[date, date]:
    """A five-year certificate period that ends `days_left` days from today (negative: already ended)."""
    valid_until = today + timedelta(days=days_left)
    return _years_before(valid_until, CERTIFICATE_YEARS) + timedelta(days=1), valid_until


def _trainings(rng: random.Random, today: date, spec: AgencySpec) -> tuple[TrainingPlan, ...]:
    """This year's training: most officers reach the yearly 60 hours, about a fifth fall short."""
    start = date(today.year, 1, 1)
    span = (today - start).days
    total = rng.choice(LOW_TRAINING_TOTALS) if rng.random() < 0.22 else rng.randrange(60, 97, 4)
    topics = (*COMMON_TRAININGS, (FIELD_TRAININGS[spec.field], ""), (FIELD_TRAININGS[spec.field], ""))
    out: list[TrainingPlan] = []
    remaining = total
    while remaining > 0:
        hours = min(remaining, rng.choice((4, 8, 12, 16, 24)))
        topic, provider = rng.choice(topics)
        day = start + timedelta(days=rng.randint(0, span))
        out.append(TrainingPlan(day=day, hours=Decimal(hours), topic=topic, provider=provider or spec.name))
        remaining -= hours
    return tuple(sorted(out, key=lambda t: (t.day, t.topic, t.hours)))


def _unit_slots(spec: AgencySpec) -> list[str]:
    """Which unit each officer belongs to: the legal unit holds the reviewers and one more officer; the
    rest are dealt out to the other units, enforcement corps (支队/大队) taking two shares."""
    legal = [LEGAL_UNIT] * (spec.reviewers + 1)
    others = [u for u in spec.units if u != LEGAL_UNIT]
    cycle = [u for u in others for _ in range(2 if u.endswith(("支队", "大队")) else 1)]
    rest = [cycle[i % len(cycle)] for i in range(spec.officers - len(legal))]
    return legal + sorted(rest, key=others.index)


def _agency_officers(
    streams: _Streams, index: int, spec: AgencySpec, today: date, names: set[str], ids: set[str]
) -> list[OfficerPlan]:
    rng, periods = streams.people, streams.periods
    serials = sorted(rng.sample(range(1, 1_000_000), spec.officers))
    seen_in_unit: dict[str, int] = {}
    officers: list[OfficerPlan] = []
    for n, unit in enumerate(_unit_slots(spec)):
        rank = seen_in_unit.get(unit, 0)
        seen_in_unit[unit] = rank + 1
        head, deputy = _position_titles(unit)
        position = head if rank == 0 else deputy if rank == 1 else rng.choice(STAFF_POSITIONS)
        reviewer = unit == LEGAL_UNIT and rank < spec.reviewers
        male = rng.random() < 0.62
        name = _name(rng, male, names)
        id_number = _resident_id(rng, male, ids)
        valid_from, valid_until = _period(today, periods.randint(75, CERTIFICATE_YEARS * 365 - 30))
        grade = rng.choices(
            (AssessmentGrade.EXCELLENT, AssessmentGrade.PASS, AssessmentGrade.BASIC_PASS), weights=(15, 80, 5)
        )[0]
        officers.append(
            OfficerPlan(
                name=name,
                id_number=id_number,
                unit=unit,
                position=position,
                law_qualification=reviewer or rng.random() < 0.08,
                certificate_number=f"99{index:02d}{serials[n]:06d}",
                valid_from=valid_from,
                valid_until=valid_until,
                assessments=((today.year - 1, str(grade)),),
                trainings=_trainings(streams.training, today, spec),
                reviewer_appointed_on=today - timedelta(days=periods.randint(180, 1800))
                if reviewer
                else None,
                reviewer_first_time=reviewer and rng.random() < 0.5,
            )
        )
    return officers


def _first(officers: Sequence[OfficerPlan], unit_part: str, *, reviewer: bool = False) -> int:
    for i, o in enumerate(officers):
        if reviewer and o.is_reviewer:
            return i
        if not reviewer and unit_part in o.unit and not o.is_reviewer and "长" not in o.position:
            return i
    raise LookupError(unit_part)


LOGIN_LABELS = {
    "admin": "系统管理员（全平台）",
    "officer": "执法人员（江北市市场监督管理局）",
    "reviewer": "法制审核人员（江北市市场监督管理局）",
    "head": "负责人（江北市市场监督管理局）",
    "clerk": "公示管理员（江北市市场监督管理局）",
    "supervisor": "监督人员（江北市）",
    "officer2": "执法人员（江北市生态环境局）",
}
LOGINS: tuple[tuple[str, str, str], ...] = tuple(
    (u, label, DEMO_PASSWORD) for u, label in LOGIN_LABELS.items()
)


def build_plan(seed: int, today: date) -> DemoPlan:
    """Everything random about the demo, drawn from streams seeded with `seed`; no database access."""
    streams = _Streams.from_seed(seed)
    rng = streams.people
    names: set[str] = set()
    ids: set[str] = set()
    codes: set[str] = set()
    drafts: list[list[OfficerPlan]] = []
    agency_rows: list[tuple[int, AgencySpec, str, list[CounselPlan]]] = []
    for index, spec in enumerate(AGENCIES, start=1):
        credit_code = _credit_code(rng, codes)
        drafts.append(_agency_officers(streams, index, spec, today, names, ids))
        counsel = [
            CounselPlan(
                name=_name(rng, rng.random() < 0.5, names),
                kind=kind,
                organization=organization,
                license_number=_license_number(rng, kind),
            )
            for kind, organization in spec.counsel
        ]
        agency_rows.append((index, spec, credit_code, counsel))

    # Logins linked to officer records: a 市场监管 field officer and reviewer, an 生态环境 field officer.
    market, ecology = drafts[0], drafts[1]
    linked = {
        "officer": (0, _first(market, "执法支队")),
        "reviewer": (0, _first(market, "", reviewer=True)),
        "officer2": (1, _first(ecology, "执法支队")),
    }
    # Special certificates are drawn from everyone else: some about to expire, some just expired, one
    # suspended (a failed year), one revoked (two failed years in a row).
    reserved = set(linked.values())
    pool = [
        (a, i)
        for a, officers in enumerate(drafts)
        for i, o in enumerate(officers)
        if (a, i) not in reserved and not o.is_reviewer
    ]
    chosen = rng.sample(pool, EXPIRING_SOON + ALREADY_EXPIRED + 2)
    last_year = today.year - 1
    for n, (a, i) in enumerate(chosen):
        o = drafts[a][i]
        if n < EXPIRING_SOON:
            valid_from, valid_until = _period(today, streams.periods.randint(3, 58))
            drafts[a][i] = replace(o, valid_from=valid_from, valid_until=valid_until)
        elif n < EXPIRING_SOON + ALREADY_EXPIRED:
            valid_from, valid_until = _period(today, -streams.periods.randint(3, 45))
            drafts[a][i] = replace(o, valid_from=valid_from, valid_until=valid_until)
        elif n == EXPIRING_SOON + ALREADY_EXPIRED:
            drafts[a][i] = replace(o, fate=SUSPEND, assessments=((last_year, AssessmentGrade.FAIL),))
        else:
            fails = ((last_year - 1, AssessmentGrade.FAIL), (last_year, AssessmentGrade.FAIL))
            drafts[a][i] = replace(o, fate=REVOKE, assessments=fails)

    agencies = tuple(
        AgencyPlan(
            index=index,
            spec=spec,
            credit_code=credit_code,
            consultation_phone=f"0799-123451{index}",
            supervision_phone=f"0799-123452{index}",
            officers=tuple(drafts[index - 1]),
            counsel=tuple(counsel),
        )
        for index, spec, credit_code, counsel in agency_rows
    )

    def linked_officer(key: str) -> OfficerPlan:
        a, i = linked[key]
        return agencies[a].officers[i]

    users = (
        UserPlan("admin", "系统管理员", Role.ADMINISTRATOR, LOGIN_LABELS["admin"]),
        UserPlan(
            "officer",
            linked_officer("officer").name,
            Role.OFFICER,
            LOGIN_LABELS["officer"],
            agency_index=1,
            officer_id_number=linked_officer("officer").id_number,
        ),
        UserPlan(
            "reviewer",
            linked_officer("reviewer").name,
            Role.LEGAL_REVIEWER,
            LOGIN_LABELS["reviewer"],
            agency_index=1,
            officer_id_number=linked_officer("reviewer").id_number,
        ),
        UserPlan("head", _name(rng, True, names), Role.AGENCY_HEAD, LOGIN_LABELS["head"], agency_index=1),
        UserPlan(
            "clerk", _name(rng, False, names), Role.PUBLICITY_CLERK, LOGIN_LABELS["clerk"], agency_index=1
        ),
        UserPlan(
            "supervisor",
            _name(rng, True, names),
            Role.SUPERVISOR,
            LOGIN_LABELS["supervisor"],
            region_code=CITY_CODE,
        ),
        UserPlan(
            "officer2",
            linked_officer("officer2").name,
            Role.OFFICER,
            LOGIN_LABELS["officer2"],
            agency_index=2,
            officer_id_number=linked_officer("officer2").id_number,
        ),
    )
    return DemoPlan(
        seed=seed,
        today=today,
        regions=REGIONS,
        agencies=agencies,
        users=users,
        benchmarks_from=date(today.year - 1, 1, 1),
    )


# --- writing ----------------------------------------------------------------------------------------------


class Writer(Protocol):
    def write(self, msg: str, /) -> object: ...


def _speaker(stdout: Writer | None) -> Callable[[str], None]:
    def say(line: str) -> None:
        if stdout is not None:
            stdout.write(line + "\n")

    return say


DEMO_REGION_PATH = "/99/"


def demo_exists() -> bool:
    return Region.objects.filter(code=CITY_CODE).exists()


def demo_summary(*, created: bool = False) -> DemoSummary:
    """Counts of what the demo region holds now."""
    in_demo = {"agency__region__path__startswith": DEMO_REGION_PATH}
    return DemoSummary(
        regions=Region.objects.filter(path__startswith=DEMO_REGION_PATH).count(),
        agencies=Agency.objects.filter(region__path__startswith=DEMO_REGION_PATH).count(),
        officers=Officer.objects.filter(**in_demo).count(),
        certificates=Certificate.objects.filter(
            officer__agency__region__path__startswith=DEMO_REGION_PATH
        ).count(),
        items=EnforcementItem.objects.filter(**in_demo).count(),
        benchmarks=DiscretionBenchmark.objects.filter(
            item__agency__region__path__startswith=DEMO_REGION_PATH
        ).count(),
        users=User.objects.filter(username__in=list(LOGIN_LABELS)).count(),
        logins=list(LOGINS),
        created=created,
    )


def load_demo(seed: int = DEFAULT_SEED, stdout: Writer | None = None) -> DemoSummary:
    """Load the demo unless region 990100 already exists; return what the demo region holds."""
    from zhifa.demo.cases import demo_cases_exist, load_demo_cases  # cases.py imports this module

    say = _speaker(stdout)
    if demo_exists():
        if demo_cases_exist():
            say(f"演示数据已存在（区划代码 {CITY_CODE}），未作任何改动。")
        else:  # loaded before the demo had cases
            say(f"演示数据已存在（区划代码 {CITY_CODE}），补充生成演示案件。")
            load_demo_cases(seed=seed, stdout=stdout)
        return demo_summary(created=False)
    started = time.monotonic()
    plan = build_plan(seed, timezone.localdate())
    say(f"生成演示数据（随机种子 {seed}，基准日 {plan.today.isoformat()}）")
    with transaction.atomic():
        _write(plan, say)
        # About 200 cases in every state, through the case services and the engine (demo/cases.py).
        load_demo_cases(seed=seed, today=plan.today, stdout=stdout)
    summary = demo_summary(created=True)
    say(
        f"完成：区划 {summary.regions} 个，执法主体 {summary.agencies} 个，执法人员 {summary.officers} 名，"
        f"执法证 {summary.certificates} 张，执法事项 {summary.items} 项，裁量基准 {summary.benchmarks} 个，"
        f"用户 {summary.users} 个；用时 {time.monotonic() - started:.1f} 秒。"
    )
    return summary


def _write(plan: DemoPlan, say: Callable[[str], None]) -> None:
    regions: dict[str, Region] = {}
    for spec in plan.regions:
        parent = regions[spec.parent] if spec.parent else None
        regions[spec.code] = region_create(
            code=spec.code, name=spec.name, level=spec.level, parent=parent, actor=None
        )
    say(f"行政区划：{len(plan.regions)} 个（示范省、江北市、3 个县区、6 个乡镇街道）")

    fields = {f.code: field_get_or_create(code=f.code, name=f.name, actor=None) for f in FIELDS}
    for law in LAWS:
        law_get_or_create(
            name=law.name, level=law.level, issuer=law.issuer, effective_date=law.effective, actor=None
        )
    say(f"执法领域 {len(fields)} 个，法律法规 {len(LAWS)} 部")

    city = regions[CITY_CODE]
    agencies: dict[int, Agency] = {}
    officers: dict[str, Officer] = {}
    for ap in plan.agencies:
        agency, written = _write_agency(ap, plan, city, fields[ap.spec.field])
        agencies[ap.index] = agency
        officers.update(written)
        reviewers = sum(1 for o in ap.officers if o.is_reviewer)
        say(
            f"{agency.name}：内设机构 {len(ap.spec.units)} 个，执法事项 {len(ap.spec.items)} 项，"
            f"执法人员 {len(ap.officers)} 名（法制审核人员 {reviewers} 名）"
        )

    for up in plan.users:
        user = user_create(
            username=up.username,
            password=DEMO_PASSWORD,
            display_name=up.display_name,
            role=up.role,
            agency=agencies[up.agency_index] if up.agency_index else None,
            region=regions[up.region_code] if up.region_code else None,
            actor=None,
            validate=False,
        )
        if up.officer_id_number:
            _link_login(officers[up.officer_id_number], user)
    say(f"登录账号 {len(plan.users)} 个")


def _write_agency(
    ap: AgencyPlan, plan: DemoPlan, city: Region, enforcement_field: EnforcementField
) -> tuple[Agency, dict[str, Officer]]:
    spec = ap.spec
    agency = agency_create(
        actor=None,
        name=spec.name,
        short_code=spec.short_code,
        credit_code=ap.credit_code,
        kind=AgencyKind.STATUTORY_ORGAN,
        region=city,
        field=enforcement_field.name,
        legal_basis=spec.legal_basis,
        address=spec.address,
        consultation_phone=ap.consultation_phone,
        supervision_phone=ap.supervision_phone,
    )
    units = {
        name: unit_create(agency=agency, name=name, is_legal_unit=name == LEGAL_UNIT, actor=None)
        for name in spec.units
    }
    for c in ap.counsel:
        counsel_add(
            agency=agency,
            name=c.name,
            kind=c.kind,
            organization=c.organization,
            license_number=c.license_number,
            actor=None,
        )
    items = _write_catalogue(agency, spec, enforcement_field, plan.benchmarks_from)
    _write_lists(agency, spec, items)

    written: dict[str, Officer] = {}
    for op in ap.officers:
        officer = officer_create(
            agency=agency,
            name=op.name,
            id_number=op.id_number,
            unit=units[op.unit],
            position=op.position,
            law_qualification=op.law_qualification,
            actor=None,
        )
        certificate_issue(
            officer=officer,
            number=op.certificate_number,
            issuing_authority=ISSUING_AUTHORITY,
            fields=[enforcement_field],
            area=city,
            valid_from=op.valid_from,
            valid_until=op.valid_until,
            actor=None,
        )
        if op.reviewer_appointed_on is not None:
            legal_reviewer_appoint(
                officer=officer,
                appointed_on=op.reviewer_appointed_on,
                first_time=op.reviewer_first_time,
                actor=None,
            )
        for t in op.trainings:
            training_record(
                officer=officer, day=t.day, hours=t.hours, topic=t.topic, provider=t.provider, actor=None
            )
        for year, grade in op.assessments:
            assessment_record(officer=officer, year=year, grade=grade, actor=None)
        written[op.id_number] = officer
    return agency, written


def _write_catalogue(
    agency: Agency, spec: AgencySpec, enforcement_field: EnforcementField, benchmarks_from: date
) -> dict[str, EnforcementItem]:
    items: dict[str, EnforcementItem] = {}
    for s in spec.items:
        time_limit, unit = TIME_LIMITS.get(s.kind, (None, DayKind.WORKING))
        item = item_create(
            agency=agency,
            code=s.code,
            name=s.name,
            kind=s.kind,
            field=enforcement_field,
            bases=s.bases,
            procedure=PROCEDURES.get(s.kind, ""),
            time_limit=time_limit,
            time_limit_unit=unit,
            remedy=REMEDY if s.kind != ItemKind.INSPECTION else "",
            fee=s.fee,
            actor=None,
        )
        items[s.code] = item
        if s.tiers:
            benchmark_create(
                item=item,
                name=f"{s.name}裁量基准",
                effective_from=benchmarks_from,
                tiers=s.tiers,
                basis=s.benchmark_basis,
                actor=None,
            )
    return items


def _journal(
    obj: LenienceEntry | MajorDecisionRule | RecordingRequirement | InspectionItem,
    event: str,
    agency: Agency,
    payload: dict[str, Any],
) -> None:
    record(event_type=f"catalog.{event}", subject=obj, agency_id=agency.pk, actor=None, payload=payload)


def _write_lists(agency: Agency, spec: AgencySpec, items: dict[str, EnforcementItem]) -> None:
    """The lists with no service yet: ORM row and journal entry in one transaction each."""
    for le in spec.lenience:
        with transaction.atomic():
            entry = LenienceEntry.objects.create(
                agency=agency,
                kind=le.kind,
                item=items[le.item] if le.item else None,
                circumstances=le.circumstances,
                obligation=le.obligation,
                basis=le.basis,
            )
            _journal(
                entry,
                "lenience_entry_created",
                agency,
                {
                    "kind": le.kind,
                    "item": le.item,
                    "circumstances": le.circumstances,
                    "obligation": le.obligation,
                    "basis": le.basis,
                },
            )
    for mr in MAJOR_RULES:
        with transaction.atomic():
            rule = MajorDecisionRule.objects.create(
                agency=agency,
                name=mr.name,
                item_kinds=list(mr.item_kinds),
                penalty_kinds=list(mr.penalty_kinds),
                fine_threshold_natural=mr.fine_natural,
                fine_threshold_legal=mr.fine_legal,
                hearing_held=mr.hearing_held,
                complex_case=mr.complex_case,
                major_public_interest=mr.major_public_interest,
                basis=mr.basis,
            )
            _journal(
                rule,
                "major_rule_created",
                agency,
                {
                    "name": mr.name,
                    "item_kinds": list(mr.item_kinds),
                    "penalty_kinds": list(mr.penalty_kinds),
                    "fine_threshold_natural": mr.fine_natural,
                    "fine_threshold_legal": mr.fine_legal,
                    "hearing_held": mr.hearing_held,
                    "complex_case": mr.complex_case,
                    "major_public_interest": mr.major_public_interest,
                    "basis": mr.basis,
                },
            )
    for rr in spec.recording:
        with transaction.atomic():
            requirement = RecordingRequirement.objects.create(
                agency=agency,
                item=items[rr.item] if rr.item else None,
                activity=rr.activity,
                level=rr.level,
                basis=rr.basis,
            )
            _journal(
                requirement,
                "recording_requirement_created",
                agency,
                {
                    "activity": rr.activity,
                    "level": rr.level,
                    "item": rr.item,
                    "basis": rr.basis,
                },
            )
    ins = spec.inspection
    with transaction.atomic():
        inspection = InspectionItem.objects.create(
            agency=agency,
            item=items[ins.item] if ins.item else None,
            name=ins.name,
            target=ins.target,
            content=ins.content,
            method=ins.method,
            kind=ins.kind,
            basis=ins.basis,
        )
        _journal(
            inspection,
            "inspection_item_created",
            agency,
            {
                "name": ins.name,
                "target": ins.target,
                "kind": ins.kind,
                "item": ins.item,
                "basis": ins.basis,
            },
        )


def _link_login(officer: Officer, user: User) -> None:
    with transaction.atomic():
        officer.user = user
        officer.save(update_fields=["user"])
        record(
            event_type="officer.user_linked",
            subject=officer,
            agency_id=officer.agency_id,
            actor=None,
            payload={"username": user.username, "role": user.role},
        )
