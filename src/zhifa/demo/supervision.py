"""Demo: the supervision side of 江北市 (issue 14 part 6, alerts and 网上巡查): the city's supervising body
(江北市司法局, the 行政执法监督机构 of 条例 第六条), last quarter's 网上巡查 — generated for every agency,
the 市场监督管理局's report reviewed and published on the portal, the others left for the supervisor — and,
last, the daily alert job over everything the demo loaded, so that the 预警 page is not empty.

Runs after load_demo and the other demo loaders (it reads the record they wrote), through the same
services as the staff; a second run adds nothing (the alert job is idempotent)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.demo.content import CITY_CODE
from zhifa.demo.data import DEMO_REGION_PATH
from zhifa.lib.identifiers import complete_credit_code
from zhifa.organizations.models import Agency, AgencyKind, Region
from zhifa.organizations.services import agency_create
from zhifa.supervision import alert_services, patrol_services
from zhifa.supervision.alert_rules import title
from zhifa.supervision.models_alerts import UNRESOLVED, Alert
from zhifa.supervision.models_patrol import LineVerdict, PatrolReport, PatrolStatus

JUSTICE = "江北市司法局"
MARKET = "江北市市场监督管理局"


@dataclass
class DemoSupervision:
    supervising_body: str = ""
    patrol_reports: int = 0
    patrol_published: str = ""  # the address of the published report on the portal
    alerts_raised: int = 0
    open_by_rule: dict[str, int] = field(default_factory=dict)


def _last_quarter(today: date) -> tuple[int, int]:
    q = (today.month - 1) // 3
    return (today.year, q) if q else (today.year - 1, 4)


def _supervising_body(city: Region) -> Agency:
    body = Agency.objects.filter(region=city, is_supervising_body=True).first()
    if body is not None:
        return body
    # A code of the demo's own range that no demo agency drew (data._credit_code draws 7 random digits).
    serial = 9_999_999
    while Agency.objects.filter(credit_code=complete_credit_code(f"11{CITY_CODE}0{serial:07d}")).exists():
        serial -= 1
    return agency_create(
        actor=None,
        name=JUSTICE,
        short_code="江北司",
        credit_code=complete_credit_code(f"11{CITY_CODE}0{serial:07d}"),
        kind=AgencyKind.STATUTORY_ORGAN,
        region=city,
        field="行政执法监督",
        legal_basis="《行政执法监督条例》（国务院令第825号）第六条",
        address="江北市江北区人民路100号",
        supervision_phone="0799-12345800",
        is_supervising_body=True,
    )


def _patrol(city: Region, supervisor: User, today: date, out: DemoSupervision) -> None:
    year, quarter = _last_quarter(today)
    done = patrol_services.generate(region=city, year=year, quarter=quarter, actor=supervisor, today=today)
    out.patrol_reports = len(done.created)
    market = next((r for r in done.created if r.agency.name == MARKET), None)
    if market is None:
        return
    failed = []
    for line in market.lines.all():
        patrol_services.review_line(line=line, actor=supervisor, verdict=LineVerdict.CONFIRMED)
        if not line.passed:
            failed.append(f"{line.label}（{line.figures}）")
    conclusion = f"本季度共巡查{market.lines.count()}项，" + (
        f"{len(failed)}项未达标：" + "；".join(failed) + "。请于十五个工作日内整改并报送整改情况。"
        if failed
        else "全部达标。"
    )
    patrol_services.conclude(report=market, actor=supervisor, conclusion=conclusion)
    patrol_services.publish(report=market, actor=supervisor, today=today)
    out.patrol_published = f"/supervision/patrols/{market.pk}/"


def load_demo_supervision(*, today: date | None = None) -> DemoSupervision:
    today = today or timezone.localdate()
    out = DemoSupervision()
    city = Region.objects.filter(code=CITY_CODE).first()
    supervisor = User.objects.filter(username="supervisor").first()
    if city is None or supervisor is None:
        return out
    out.supervising_body = _supervising_body(city).name
    if not PatrolReport.objects.filter(agency__region__path__startswith=DEMO_REGION_PATH).exists():
        _patrol(city, supervisor, today, out)
    elif PatrolReport.objects.filter(status=PatrolStatus.PUBLISHED, agency__name=MARKET).exists():
        out.patrol_published = "/supervision/patrols/"
    # Last: the daily alert job over the whole demo (the worker runs it every day after this).
    out.alerts_raised = alert_services.evaluate(today=today).raised
    out.open_by_rule = dict(
        Counter(Alert.objects.filter(state__in=UNRESOLVED).values_list("rule", flat=True)).most_common()
    )
    return out


def describe(s: DemoSupervision) -> list[str]:
    lines = [f"行政执法监督机构：{s.supervising_body}"] if s.supervising_body else []
    if s.patrol_reports:
        lines.append(f"已生成上季度网上巡查报告 {s.patrol_reports} 份（监督人员：工作台“网上巡查”）")
    if s.patrol_published:
        lines.append(f"已发布的网上巡查报告：{s.patrol_published}")
    if s.open_by_rule:
        lines.append(
            "预警（监督人员：工作台“预警”）："
            + "；".join(f"{title(rule)} {n} 条" for rule, n in s.open_by_rule.items())
        )
    return lines
