"""Builders and fixtures of the inspecting tests (test_visits*.py import them): a market-regulation
agency with a penalty item, its random-inspection items (one linked to the penalty item, one not), a
business in its area, three officers holding certificates, their logins, a clerk and a supervisor."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from zhifa.accounts.models import User
from zhifa.catalog.models import InspectionItem
from zhifa.inspections import codes, visits
from zhifa.inspections.models import (
    Inspection,
    InspectionOfficer,
    InspectionTarget,
    InspectionTask,
    SiteInspectionRecord,
    TargetKind,
)
from zhifa.lib.identifiers import complete_credit_code
from zhifa.organizations.models import Region
from zhifa.personnel.models import Officer
from zhifa.testing import CaseWorld, make_case_world, make_user

SH = ZoneInfo("Asia/Shanghai")
_seq = itertools.count(1)

LEGAL_REPRESENTATIVE = "陈秀英"
CONTACT = "13912345678"


def at(day: date, hour: int = 9, minute: int = 30) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SH)


@dataclass
class VisitWorld:
    cw: CaseWorld
    linked_item: InspectionItem  # 食品经营监督检查 → the penalty item of agency_a
    plain_item: InspectionItem  # 公示信息检查: no enforcement item linked
    target: InspectionTarget
    officers: list[Officer]
    officer_user: User  # the login of officers[0]
    officer2_user: User  # the login of officers[1]
    head: User
    clerk: User
    supervisor: User

    @property
    def agency(self) -> Any:
        return self.cw.world.agency_a


def make_target(
    region: Region, name: str = "江北市福源食品有限公司", kind: str = TargetKind.ENTERPRISE
) -> InspectionTarget:
    return InspectionTarget.objects.create(
        credit_code=complete_credit_code(f"91990102{next(_seq):08d}"),
        name=name,
        kind=kind,
        sector="食品销售",
        region=region,
        region_path=region.path,
        address="江北市城关街道人民路8号",
        legal_representative=LEGAL_REPRESENTATIVE,
        contact=CONTACT,
        credit_class="B",
    )


def make_visit_world() -> VisitWorld:
    cw = make_case_world()
    w = cw.world
    linked = InspectionItem.objects.create(
        agency=w.agency_a,
        item=w.item_a,
        name="食品经营者落实食品安全标准情况的检查",
        target="食品经营者",
        method="现场检查",
        basis="《中华人民共和国食品安全法》第一百一十条",
    )
    plain = InspectionItem.objects.create(
        agency=w.agency_a, name="企业公示信息的检查", target="企业", method="书面检查、实地核查"
    )
    officers = list(cw.officers)
    officer_user = cw.officer_user
    officers[0].user = officer_user
    officers[0].save(update_fields=["user"])
    officer2_user = make_user(username=f"off2-{next(_seq)}", role="officer", agency=w.agency_a)
    officers[1].user = officer2_user
    officers[1].save(update_fields=["user"])
    return VisitWorld(
        cw=cw,
        linked_item=linked,
        plain_item=plain,
        target=make_target(w.township_a),
        officers=officers,
        officer_user=officer_user,
        officer2_user=officer2_user,
        head=cw.head,
        clerk=make_user(username=f"clerk-{next(_seq)}", role="publicity_clerk", agency=w.agency_a),
        supervisor=make_user(username=f"sup-{next(_seq)}", role="supervisor", region=w.city),
    )


def drawn_inspection(
    vw: VisitWorld, *, items: list[InspectionItem] | None = None, target: InspectionTarget | None = None
) -> Inspection:
    """An inspection as a draw leaves it (the tasks helper's assignment): a task, the business, the first
    two officers, a fresh code, assigned."""
    w = vw.cw.world
    task = InspectionTask.objects.create(
        agency=w.agency_a,
        code=f"JB-2026-{next(_seq):03d}",
        name="2026年食品经营者双随机抽查",
        ratio_percent=5,
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 6, 30),
        status=InspectionTask.Status.DRAWN,
    )
    task.items.set(items or [vw.linked_item])
    inspection = Inspection.objects.create(
        task=task,
        agency=w.agency_a,
        target=target or vw.target,
        kind=Inspection.Kind.RANDOM,
        code=codes.new_code(),
    )
    InspectionOfficer.objects.bulk_create(
        [InspectionOfficer(inspection=inspection, officer=o, rank=n) for n, o in enumerate(vw.officers[:2])]
    )
    return inspection


def visit(
    vw: VisitWorld, inspection: Inspection, day: date, findings: str = "经营场所整洁，票证齐全。"
) -> SiteInspectionRecord:
    """Check in and record the site inspection on `day`, as officers[0]."""
    visits.inspection_check_in(inspection=inspection, actor=vw.officer_user, at=at(day))
    return visits.inspection_record_site(
        inspection=inspection,
        officers=vw.officers[:2],
        started_at=at(day, 9, 40),
        ended_at=at(day, 10, 50),
        place="江北市城关街道人民路8号经营场所",
        representative_name="刘建国",
        representative_title="店长",
        items=visits.inspection_items(inspection),
        findings=findings,
        actor=vw.officer_user,
    )


@pytest.fixture
def vw(db: Any) -> VisitWorld:
    return make_visit_world()


@pytest.fixture(autouse=True)
def isolated_store(settings: Any, tmp_path: Path) -> Path:
    """PDFs and evidence blobs go to a folder of the test's own."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "blobs")},
        },
    }
    settings.ZHIFA_PUBLIC_URL = "https://zhifa.example.gov.cn"
    return tmp_path
