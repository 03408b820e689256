"""Demo: supervision matters (监督事项), through the same services as the workbench — one with a
行政执法监督意见书 served and its rectification running; one whose 通知书 period ran out, escalated (with its
`matter_overdue` alert and a 约谈), then answered late and awaiting review; and one closed after its
决定书 was complied with. Runs after load_demo and the complaints; a no-op once the demo has matters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.catalog import calendar
from zhifa.demo.complaints import _working_day_before
from zhifa.demo.data import DEMO_REGION_PATH
from zhifa.organizations.models import Agency
from zhifa.supervision import matters
from zhifa.supervision.models_matters import MatterSource, SupervisionMatter

MARKET = "江北市市场监督管理局"
URBAN = "江北市城市管理综合执法局"
ENVIRONMENT = "江北市生态环境局"


@dataclass(frozen=True)
class DemoMatter:
    title: str
    status: str


def _wd(day: date, n: int) -> date:
    return calendar.add_working_days(day, n).date


def load_demo_matters(*, today: date | None = None) -> list[DemoMatter]:
    today = today or timezone.localdate()
    if SupervisionMatter.objects.filter(region__path__startswith=DEMO_REGION_PATH).exists():
        return []
    agencies = {
        a.name: a
        for a in Agency.objects.filter(name__in=[MARKET, URBAN, ENVIRONMENT]).select_related("region")
    }
    supervisor = User.objects.filter(username="supervisor").select_related("region").first()
    head = User.objects.filter(username="head").first()
    officer2 = User.objects.filter(username="officer2").first()
    if len(agencies) < 3 or supervisor is None or head is None or officer2 is None:
        return []
    made = [
        _closed(supervisor, officer2, agencies[ENVIRONMENT], today),
        _late(supervisor, head, agencies[MARKET], today),
        _opinion_served(supervisor, agencies[URBAN], today),
    ]
    return [DemoMatter(m.title, m.get_status_display()) for m in made]


def _closed(supervisor: User, answerer: User, agency: Agency, today: date) -> SupervisionMatter:
    opened = _working_day_before(today, 40)
    m = matters.matter_open(
        actor=supervisor,
        agency=agency,
        source_kind=MatterSource.SPECIAL,
        source_ref="江北司专检〔" + str(opened.year) + "〕1号",
        title="涉企行政检查专项监督：未按规定公示检查结果",
        facts="专项监督检查中抽查该局上半年涉企行政检查记录 30 份，其中 6 份检查结果未在规定期限内公示。",
        on=opened,
    )
    matters.document_issue(
        matter=m,
        actor=supervisor,
        kind="decision",
        requirements="一、对未公示的 6 份检查结果依法补充公示；\n二、建立检查结果公示台账，明确责任人。",
        on=_wd(opened, 1),
    )
    served = _wd(opened, 2)
    matters.document_serve(matter=m, actor=supervisor, on=served)
    reported = _wd(served, 8)
    matters.report_submit(
        matter=m,
        actor=answerer,
        text="6 份检查结果已于本周补充公示；已建立公示台账，由法制科每周核对。",
        on=reported,
    )
    matters.report_accept(
        matter=m, actor=supervisor, note="经网上核查，已全部公示，整改到位。", on=_wd(reported, 1)
    )
    return matters.matter_close(matter=m, actor=supervisor, note="整改到位，予以办结。", on=_wd(reported, 1))


def _late(supervisor: User, head: User, agency: Agency, today: date) -> SupervisionMatter:
    opened = _working_day_before(today, 20)
    m = matters.matter_open(
        actor=supervisor,
        agency=agency,
        source_kind=MatterSource.HOTLINE,
        source_ref=f"12345-{opened:%Y%m%d}-0087",
        title="12345热线转办：执法人员检查时未出示执法证件",
        facts="市民通过12345热线反映，该局执法人员在临江县城关镇某超市检查时未出示行政执法证件，也未告知检查依据。",
        on=opened,
    )
    matters.document_issue(
        matter=m,
        actor=supervisor,
        kind="notice",
        requirements="请核查所反映情况，提供当日检查记录和执法记录仪视频；属实的，依法自行纠正并组织亮证执法培训。",
        on=_wd(opened, 1),
    )
    document = matters.document_serve(matter=m, actor=supervisor, on=_wd(opened, 2))
    due = document.rectify_due_on
    assert due is not None
    escalated_on = due + timedelta(days=1)
    matters.escalate_overdue(today=escalated_on)
    matters.talk_record(
        matter=m,
        actor=supervisor,
        held_on=_wd(due, 1),
        place="江北市司法局三楼会议室",
        participants=f"江北市司法局行政执法监督科；{agency.name}分管负责人、法制科负责人",
        summary="通报逾期未报告整改情况，要求三个工作日内报送核查和整改报告。",
    )
    matters.report_submit(
        matter=m,
        actor=head,
        text="经核查，反映情况属实。已对当事执法人员批评教育，并于全局开展亮证执法专题培训，附培训签到表。",
        on=min(_wd(due, 3), today),
    )
    m.refresh_from_db()
    return m


def _opinion_served(supervisor: User, agency: Agency, today: date) -> SupervisionMatter:
    opened = _working_day_before(today, 6)
    m = matters.matter_open(
        actor=supervisor,
        agency=agency,
        source_kind=MatterSource.DAILY,
        title="日常监督：行政处罚决定公示不及时",
        facts="日常监督中发现该局本季度作出的行政处罚决定中，有 4 件超过七个工作日未在门户公示。",
        on=opened,
    )
    matters.document_issue(
        matter=m,
        actor=supervisor,
        kind="opinion",
        requirements="一、对逾期未公示的处罚决定立即公示；\n二、完善公示流程，明确时限和责任人，防止再次发生。",
        on=_wd(opened, 1),
    )
    matters.document_serve(matter=m, actor=supervisor, on=_wd(opened, 2))
    m.refresh_from_db()
    return m
