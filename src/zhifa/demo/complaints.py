"""Demo: complaints from the public, filed through the same service as the portal's form — one accepted by
the city's supervisor, routed to 江北市市场监督管理局 and answered by its head; one waiting for acceptance.
Runs after load_demo (it needs the demo agencies and logins); a no-op once the demo has complaints."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.catalog import calendar
from zhifa.demo.data import DEMO_REGION_PATH
from zhifa.organizations.models import Agency
from zhifa.supervision import services
from zhifa.supervision.models import Complaint

MARKET = "江北市市场监督管理局"


@dataclass(frozen=True)
class DemoComplaint:
    receipt_number: str
    query_code: str  # shown once, here, so that the demo's visitor can try the progress page
    status: str


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _working_day_before(day: date, n: int) -> date:
    """The date n working days before `day` (walking back until adding n working days reaches it)."""
    start = day
    while calendar.add_working_days(start, n).date > day:
        start -= timedelta(days=1)
    return start


def load_demo_complaints(*, today: date | None = None) -> list[DemoComplaint]:
    today = today or timezone.localdate()
    if Complaint.objects.filter(region__path__startswith=DEMO_REGION_PATH).exists():
        return []
    agency = Agency.objects.filter(name=MARKET, region__path__startswith=DEMO_REGION_PATH).first()
    supervisor = User.objects.filter(username="supervisor").first()
    head = User.objects.filter(username="head", agency=agency).first()
    if agency is None or supervisor is None or head is None:
        return []
    received = _working_day_before(today, 8)
    accepted = calendar.add_working_days(received, 2).date
    answered_on = calendar.add_working_days(accepted, 5).date
    done = services.complaint_submit(
        region=None,
        agency_concerned=agency,
        subject_kind="enterprise",
        content=(
            "我于本月在临江县城关镇幸福路一家超市购买的袋装牛奶已过保质期，货架上还有多袋同批次商品。"
            "请市场监管部门查处。"
        ),
        complainant_name="陈女士",
        complainant_phone="13800138000",
        form_nonce=f"demo-{secrets.token_hex(12)}",
        now=_at(received, 9, 30),
    )
    c = services.complaint_accept(
        complaint=done.complaint, actor=supervisor, route=services.RouteTarget(agency), on=accepted
    )
    c = services.complaint_answer(
        complaint=c,
        actor=head,
        answer=(
            "您反映的问题经我局执法人员现场检查属实，涉事超市已将过期牛奶全部下架，我局已依法立案调查。"
            "感谢您对市场监管工作的支持。"
        ),
        on=min(answered_on, today),
    )
    pending = services.complaint_submit(
        region=agency.region,
        agency_concerned=None,
        subject_kind="conduct",
        content="执法人员检查我店时未出示执法证件，也未制作现场笔录，请核查。",
        form_nonce=f"demo-{secrets.token_hex(12)}",
        now=_at(_working_day_before(today, 1), 15, 10),
    )
    return [
        DemoComplaint(c.receipt_number, done.query_code, c.get_status_display()),
        DemoComplaint(
            pending.complaint.receipt_number, pending.query_code, pending.complaint.get_status_display()
        ),
    ]
