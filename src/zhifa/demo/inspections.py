"""Demo random inspections (双随机、一公开, issue 13): a directory of about 3,000 fictional businesses of
江北市, a published annual inspection plan per demo agency, one joint task of 市场监管 and 生态环境 drawn
from a fixed public random value (its public record re-runs with tools/verify_draw.py), and inspections
with their results entered and published, one of which found a violation and became a case lead.

Everything goes through the services (directory import, plans and tasks, draw, visits), as a user would:
the directory as one CSV file built in memory, the task created by the `officer` login, approved by
`head`, the results published by `clerk`.

Time travel: a draw is only valid when its commitment was journaled on a day before the public random
value existed, and the value cannot be entered before its day (drawing._check_seedable). So the demo
builds the task in the past: it sets Django's clock (`django.utils.timezone.now`, which `localdate()`
reads too) back to the day each step would have happened, the way demo/cases.py passes each case step its
past date. Only while this step runs, in one thread (`zhifa demo` loads the demo before it starts the
sequencer thread); restored in `finally`.

Deterministic: the businesses, the random value and the choices follow the seed; the draw follows from the
commitment and the value. Only the dates follow today (the task is set a month before it) and the
inspection codes are random (`secrets`, as they must be). Idempotent: a no-op once the demo task exists.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.catalog import calendar
from zhifa.catalog.models import EnforcementItem, InspectionItem, ItemKind
from zhifa.catalog.services import inspection_item_create
from zhifa.demo.content import REGIONS
from zhifa.demo.data import DEFAULT_SEED, DEMO_REGION_PATH, SURNAMES, Writer
from zhifa.inspections import drawing, services, visits
from zhifa.inspections.directory import import_targets
from zhifa.inspections.enterprise import inspection_register
from zhifa.inspections.inspectors import assigned_officers, officer_of, qualification
from zhifa.inspections.models import Inspection, InspectionTarget, InspectionTask
from zhifa.journal.models import JournalEntry, PendingReaction
from zhifa.journal.services import react
from zhifa.lib.identifiers import complete_credit_code
from zhifa.organizations.models import Agency, Region, RegionLevel
from zhifa.personnel.models import Officer

__all__ = [
    "DEMO_RANDOM_SOURCE",
    "DEMO_TASK_CODE",
    "DemoInspectionsSummary",
    "build_directory_csv",
    "demo_inspections_exist",
    "load_demo_inspections",
]

DIRECTORY_SIZE = 3000
DEMO_TASK_CODE = "江北市监抽查〔演示〕1号"
DEMO_RANDOM_SOURCE = "示范省福利彩票“双色球”演示期开奖号码（红球升序后接蓝球，以空格分隔）"
DAYS_BEFORE = 30  # the task is created this many days before today (room for a holiday week)
DRAWN_VISITS = 4  # at most this many drawn inspections visited (the others are still to do)
PENALTY_ITEM_CODE = "SJ-CF-003"
CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100 without I, O, S, V, Z

# (行业, trade words of a company, trade words of a shop, share of individual businesses)
INDUSTRIES: tuple[tuple[str, tuple[str, ...], tuple[str, ...], float], ...] = (
    ("餐饮服务", ("餐饮管理有限公司", "酒店管理有限公司"), ("小吃店", "面馆", "饭店", "火锅店"), 0.7),
    ("食品销售", ("食品有限公司", "商贸有限公司"), ("便利店", "食品店", "副食店", "超市"), 0.6),
    ("化学原料和化学制品制造业", ("化工有限公司", "新材料有限公司"), (), 0.0),
    ("金属制品业", ("机械制造有限公司", "金属制品有限公司"), ("五金加工部",), 0.2),
    ("批发和零售业", ("贸易有限公司", "商贸有限责任公司"), ("日杂店", "百货商行"), 0.5),
    ("住宿业", ("宾馆有限公司", "酒店有限公司"), ("旅社", "招待所"), 0.4),
    ("道路运输业", ("运输有限公司", "物流有限公司"), (), 0.0),
    ("居民服务业", ("家政服务有限公司", "洗涤服务有限公司"), ("理发店", "洗衣店", "美容店"), 0.7),
)
_BRAND_TEXT = (
    "江源 华信 永兴 恒通 瑞丰 金穗 鑫达 宏盛 安和 德润 佳禾 新程 福满 长青 和顺 利民 广源 荣昌 万佳 嘉禾 "
    "天成 泰丰 汇通 青禾 临川 白沙 石门 滨江 城关 青山 惠康 同心 益丰 盛源 百川 聚福 联创 明达 锦程 雅居"
)
_ROAD_TEXT = "人民路 解放路 江滨路 建设路 新华路 青年路 工业大道 文化路 朝阳街 沿河路 胜利街 兴业路"
BRANDS = tuple(_BRAND_TEXT.split())
ROADS = tuple(_ROAD_TEXT.split())
CLASS_WEIGHTS = (("A", 40), ("B", 35), ("C", 16), ("D", 6), ("", 3))

# Outcomes of the inspections the demo completes outside the draw: one each, the violation last.
OUTCOMES: tuple[tuple[str, str], ...] = (
    ("no_problem", ""),
    ("corrected", "进货查验记录不全，已当场责令改正，3 日内补齐。"),
    ("disclosure", "未按规定公示年度报告，已责令限期公示。"),
    ("not_found", "现场未发现开展食品经营活动，门店已转作仓库。"),
    (
        "violation",
        "未按规定建立进货查验记录制度，2 月前已责令改正仍未改正，"
        "涉嫌违反《中华人民共和国食品安全法》第五十三条。",
    ),
)


@dataclass
class DemoInspectionsSummary:
    created: bool
    targets: int = 0
    plans: int = 0
    selected: int = 0
    results: int = 0
    published: int = 0
    draw_id: int | None = None


def demo_inspections_exist() -> bool:
    return InspectionTask.objects.filter(code=DEMO_TASK_CODE).exists()


# --- the directory (pure) ---------------------------------------------------------------------------------


def build_directory_csv(seed: int = DEFAULT_SEED, size: int = DIRECTORY_SIZE) -> bytes:
    """The demo directory as the CSV a market-regulation export would be (UTF-8 with BOM): the same
    businesses for the same seed. Businesses sit in the six townships; the names and legal
    representatives are fictional."""
    rng = random.Random(f"zhifa-demo:{seed}:directory")
    townships = [r for r in REGIONS if r.level == RegionLevel.TOWNSHIP]
    counties = {r.code: r.name for r in REGIONS if r.level == RegionLevel.COUNTY}
    classes = [c for c, _ in CLASS_WEIGHTS]
    weights = [w for _, w in CLASS_WEIGHTS]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "统一社会信用代码",
            "名称",
            "主体类型",
            "行业",
            "所在区划",
            "住所",
            "法定代表人",
            "联系方式",
            "信用风险分类",
            "标签",
            "在册",
        ]
    )
    codes: set[str] = set()
    names: set[str] = set()
    for _ in range(size):
        industry, companies, shops, individual_share = rng.choice(INDUSTRIES)
        township = rng.choice(townships)
        individual = bool(shops) and rng.random() < individual_share
        while True:
            body = "".join(rng.choice(CREDIT_CHARS) for _ in range(6))
            code = complete_credit_code(f"{'92' if individual else '91'}{township.code[:6]}MA{body}")
            if code not in codes:
                codes.add(code)
                break
        while True:
            brand = rng.choice(BRANDS) + rng.choice(BRANDS)
            place = counties[township.code[:6]] if individual else "江北市"
            name = f"{place}{brand}{rng.choice(shops if individual else companies)}"
            if name not in names:
                names.add(name)
                break
        county = counties[township.code[:6]]
        tags = []
        if rng.random() < 0.04:
            tags.append("经营异常")
        if rng.random() < 0.03:
            tags.append("投诉多")
        writer.writerow(
            [
                code,
                name,
                "个体工商户" if individual else "企业",
                industry,
                township.code,
                f"江北市{county}{township.name}{rng.choice(ROADS)}{rng.randint(1, 399)}号",
                rng.choice(SURNAMES) + rng.choice("华明丽强军芳伟静敏磊洋艳勇杰娟涛"),
                f"1{rng.choice('3589')}{rng.randint(0, 999999999):09d}",
                rng.choices(classes, weights)[0],
                "、".join(tags),
                "是",
            ]
        )
    return out.getvalue().encode("utf-8-sig")


def demo_random_value(seed: int) -> str:
    """The "drawn lottery numbers" of the demo: six red balls in ascending order, then the blue one."""
    rng = random.Random(f"zhifa-demo:{seed}:lottery")
    reds = sorted(rng.sample(range(1, 34), 6))
    return " ".join(f"{n:02d}" for n in [*reds, rng.randint(1, 16)])


# --- the clock ----------------------------------------------------------------------------------------------


@contextmanager
def _at(day: date, hour: int, minute: int = 0) -> Iterator[datetime]:
    """Run the services as on `day` at hh:mm local time (see the module docstring)."""
    moment = timezone.make_aware(datetime.combine(day, time(hour, minute)))
    real = timezone.now
    started = real()
    timezone.now = lambda: moment + (real() - started)
    try:
        yield moment
    finally:
        timezone.now = real


# --- the load -----------------------------------------------------------------------------------------------


def _qualified(agency: Agency, items: list[InspectionItem], area: Region, on: date, n: int) -> list[Officer]:
    found = []
    for officer in Officer.objects.filter(agency=agency, status=Officer.Status.ACTIVE).order_by("pk"):
        if qualification(officer, items, area, on).ok:
            found.append(officer)
            if len(found) == n:
                break
    return found


def load_demo_inspections(
    seed: int = DEFAULT_SEED, today: date | None = None, stdout: Writer | None = None
) -> DemoInspectionsSummary:
    """Load the demo's random inspections unless the demo task exists (then write nothing)."""

    def say(line: str) -> None:
        if stdout is not None:
            stdout.write(line + "\n")

    today = today or timezone.localdate()
    if demo_inspections_exist():
        say("演示双随机抽查已存在，未作任何改动。")
        return DemoInspectionsSummary(created=False)
    agencies = list(Agency.objects.filter(region__path__startswith=DEMO_REGION_PATH).order_by("pk"))
    logins = {u.username: u for u in User.objects.filter(username__in=["admin", "head", "clerk", "officer"])}
    if len(agencies) < 2 or len(logins) < 4:
        say("尚未载入演示执法主体，跳过演示双随机抽查。")
        return DemoInspectionsSummary(created=False)
    summary = DemoInspectionsSummary(created=True)
    with transaction.atomic():
        _load(seed, today, agencies, logins, summary, say)
    # The case lead of the violation: the cases subscriber reacts once the transaction committed. Pay the
    # reaction here too (a no-op when the commit already did), so a caller inside an outer transaction —
    # a test — sees the lead as well.
    owed = PendingReaction.objects.filter(
        entry_id__in=JournalEntry.objects.filter(event_type="inspection.violation_found").values("pk")
    )
    for name, entry_id in list(owed.values_list("subscriber", "entry_id")):
        react(name, JournalEntry.objects.get(pk=entry_id))
    return summary


def _load(
    seed: int,
    today: date,
    agencies: list[Agency],
    logins: dict[str, User],
    summary: DemoInspectionsSummary,
    say: Callable[[str], None],
) -> None:
    rng = random.Random(f"zhifa-demo:{seed}:inspections")
    head, clerk, officer_login, admin = logins["head"], logins["clerk"], logins["officer"], logins["admin"]
    market = head.agency
    officer2 = User.objects.filter(username="officer2").first()
    ecology = officer2.agency if officer2 is not None else None
    assert market is not None and ecology is not None
    start = today - timedelta(days=DAYS_BEFORE)

    with _at(start, 9):
        report = import_targets(
            file=io.BytesIO(build_directory_csv(seed)), filename="江北市检查对象名录（演示）.csv", actor=head
        )
        if not report.ok:
            raise RuntimeError(f"演示名录导入失败：{report.errors[:3]}")
        summary.targets = report.created + report.updated + report.unchanged
        say(
            f"检查对象名录库：{summary.targets} 户（其中个体工商户 "
            f"{InspectionTarget.objects.filter(kind='individual').count()} 户）"
        )

        random_on = start + timedelta(days=2)
        starts_on = start + timedelta(days=3)
        plans = {}
        for agency in agencies:
            actor = head if agency.pk == market.pk else admin
            plan = services.plan_create(
                agency=agency,
                year=starts_on.year,
                name=f"{agency.name}{starts_on.year}年度“双随机、一公开”抽查工作计划",
                description="按照检查事项清单，对辖区检查对象名录库内的市场主体实施随机抽查；结果依法公示。",
                actor=actor,
            )
            plans[agency.pk] = services.plan_publish(plan=plan, actor=actor)
        summary.plans = len(plans)
        say(f"年度抽查计划：{len(plans)} 个，已公布")

        _penalty_linked_item(market)
        items = list(InspectionItem.objects.filter(agency__in=[market, ecology]).order_by("agency_id", "pk"))
        task = services.task_create(
            agency=market,
            name=f"{starts_on.year}年市场监管、生态环境部门联合“双随机、一公开”抽查（演示）",
            items=items,
            ratio_percent="1",
            starts_on=starts_on,
            ends_on=today + timedelta(days=40),
            random_source=DEMO_RANDOM_SOURCE,
            random_source_on=random_on,
            partner_agencies=[ecology],
            # Two 市场监管 inspectors and one of 生态环境 per business (综合查一次).
            inspectors_per_target=3,
            inspectors_per_agency={market.pk: 2, ecology.pk: 1},
            plan=plans[market.pk],
            code=DEMO_TASK_CODE,
            actor=officer_login,
        )
        task = services.task_approve(task=task, actor=head)
        draw = drawing.draw_commit(task=task, actor=officer_login)

    with _at(random_on, 20, 30):
        draw = drawing.draw_seed(draw=draw, random_value=demo_random_value(seed), actor=officer_login)
    summary.draw_id = draw.pk
    summary.selected = draw.selected_count
    say(
        f"联合抽查任务 {task.code}：抽取 {draw.selected_count} 户，随机数 {draw.random_value}"
        f"（/inspections/draws/{draw.pk}/）"
    )

    drawn = list(
        Inspection.objects.filter(task=task).select_related("target").order_by("target__credit_code")
    )
    drawn_targets = {i.target_id for i in drawn}
    # One drawn business that 生态环境 also visits (a complaint) the day after the draw: the task page
    # warns of the repeat (enterprise.draw_repeat_warnings); the draw itself is never changed.
    eco_items = [i for i in items if i.agency_id == ecology.pk]
    market_items = [i for i in items if i.agency_id == market.pk]
    if drawn and officer2 is not None:
        target = drawn[rng.randrange(len(drawn))].target
        day = calendar.add_working_days(random_on, 1).date
        with _at(day, 8):
            eco = _qualified(ecology, eco_items, target.region, day, 2)
            inspection_register(
                agency=ecology,
                target=target,
                kind=Inspection.Kind.CASE,
                items=eco_items[:1],
                officers=eco,
                planned_on=day,
                reason="群众投诉：夜间排放异味",
                actor=officer2,
                confirm_repeat=True,
            )

    me = officer_of(officer_login)
    day_index = 3
    completed: list[tuple[Inspection, date]] = []
    # The drawn inspections the `officer` login was assigned to by the draw: visited, recorded, result
    # entered. Who was assigned is the draw's (random) choice: with ~30 businesses and two 市场监管
    # inspectors each out of ~28, usually two or three (the 生态环境 login cannot record a drawn visit: it
    # belongs to the lead agency, visits._require_assigned; the `reviewer` login is no field officer).
    n = 0
    for insp in drawn:
        if me is None or me not in assigned_officers(insp):
            continue
        actor = officer_login
        day = calendar.add_working_days(start, day_index).date
        day_index += 1
        if day >= today:  # never a visit dated today or later: the demo's visits are all in the past
            break
        outcome = "no_problem" if n % 2 == 0 else "corrected"
        _visit(insp, actor, day, outcome, OUTCOMES[1][1] if outcome == "corrected" else "")
        completed.append((insp, day))
        n += 1
        if n == DRAWN_VISITS:
            break

    # Inspections outside the draw (日常检查) by `officer` and a colleague, one per outcome.
    checked = [i for i in market_items if i.item is not None and i.item.kind == ItemKind.PENALTY][:1]
    pool = list(
        InspectionTarget.objects.filter(region_path__startswith=DEMO_REGION_PATH, active=True)
        .exclude(pk__in=drawn_targets)
        .order_by("credit_code")
    )
    for outcome, findings in OUTCOMES:
        day = calendar.add_working_days(start, day_index).date
        day_index += 1
        if day >= today:  # never a visit dated today or later: the demo's visits are all in the past
            break
        target = pool.pop(rng.randrange(len(pool)))
        assert me is not None
        with _at(day, 8):
            colleague = next(o for o in _qualified(market, checked, target.region, day, 3) if o.pk != me.pk)
            insp = inspection_register(
                agency=market,
                target=target,
                kind=Inspection.Kind.ROUTINE,
                items=checked,
                officers=[me, colleague],
                planned_on=day,
                reason="",
                actor=officer_login,
            )
        _visit(insp, officer_login, day, outcome, findings)
        completed.append((insp, day))

    summary.results = len(completed)
    for insp, entered in completed:
        on = calendar.add_working_days(entered, 2).date
        if on >= today:
            continue  # the newest stay in the clerk's queue
        with _at(on, 10):
            visits.result_publish(inspection=insp, actor=clerk)
        summary.published += 1
    say(f"检查结果：录入 {summary.results} 项，公示 {summary.published} 项（其一发现违法行为，已移送立案）")


def _penalty_linked_item(agency: Agency) -> None:
    """A violation found opens a case on a penalty item (visits.violation_items): the demo's 随机抽查事项
    清单 of 市场监管 gets one linked to SJ-CF-003 (进货查验记录) unless it has one already."""
    linked = InspectionItem.objects.filter(agency=agency, item__kind=ItemKind.PENALTY)
    item = EnforcementItem.objects.filter(agency=agency, code=PENALTY_ITEM_CODE).first()
    if linked.exists() or item is None:
        return
    inspection_item_create(
        agency=agency,
        item=item,
        name="食品经营者进货查验记录制度执行情况检查",
        target="食品经营者",
        kind=InspectionItem.Kind.GENERAL,
        content="进货查验记录、供货者许可证和产品合格证明文件留存情况",
        method="现场检查、书面检查",
        basis="《中华人民共和国食品安全法》第五十三条、第一百二十六条",
        actor=None,
    )


def _visit(insp: Inspection, actor: User, day: date, outcome: str, findings: str) -> None:
    """扫码入企, the 现场检查笔录 and the result, as the assigned officer on `day`."""
    officers = assigned_officers(insp)
    items = visits.inspection_items(insp)
    with _at(day, 11) as now:
        arrived = now - timedelta(hours=1, minutes=30)
        visits.inspection_check_in(inspection=insp, actor=actor, at=arrived)
        visits.inspection_record_site(
            inspection=insp,
            officers=officers,
            started_at=arrived + timedelta(minutes=5),
            ended_at=arrived + timedelta(minutes=55),
            place=insp.target.address or insp.target.name,
            representative_name="店长（演示）",
            representative_title="现场负责人",
            items=items,
            findings=findings or "现场检查未发现问题。",
            actor=actor,
        )
    with _at(day, 16):
        violated = next((i for i in items if i.item is not None and i.agency_id == insp.agency_id), None)
        visits.result_enter(
            inspection=insp,
            outcome=outcome,
            findings=findings,
            actor=actor,
            item=violated if outcome == "violation" else None,
        )
