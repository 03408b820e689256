"""A joint inspection (部门联合抽查, 综合查一次) as a draw leaves it: the market-regulation agency's task with
生态环境 as partner, two market inspectors and one environment inspector assigned to one visit; an
environment head; an officer of an agency outside the task."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from zhifa.accounts.models import User
from zhifa.catalog.models import InspectionItem
from zhifa.inspections.models import Inspection, InspectionOfficer
from zhifa.inspections.tests.visits_world import VisitWorld, drawn_inspection
from zhifa.personnel.models import Officer
from zhifa.testing import make_agency, make_certificate, make_officer, make_user

_seq = itertools.count(1)


@dataclass
class JointWorld:
    inspection: Inspection
    env_item: InspectionItem
    env_officer: Officer
    env_user: User  # the login of env_officer (assigned)
    env_other_user: User  # an environment officer not assigned
    env_head: User
    outsider_user: User  # an officer of an agency outside the task


def _with_login(officer: Officer, user: User) -> Officer:
    officer.user = user
    officer.save(update_fields=["user"])
    return officer


def make_joint(vw: VisitWorld) -> JointWorld:
    w = vw.cw.world
    env_item = InspectionItem.objects.create(
        agency=w.agency_b,
        item=w.item_b,
        name="排污单位大气污染物排放情况的检查",
        target="排污单位",
        method="现场检查",
    )
    inspection = drawn_inspection(vw, items=[vw.linked_item, env_item])
    assert inspection.task is not None
    inspection.task.partner_agencies.set([w.agency_b])
    n = next(_seq)
    env_user = make_user(username=f"env-off-{n}", role="officer", agency=w.agency_b)
    env_officer = _with_login(make_officer(agency=w.agency_b, name="环保甲"), env_user)
    make_certificate(officer=env_officer, field=w.field_env, area=w.city)
    other_user = make_user(username=f"env-other-{n}", role="officer", agency=w.agency_b)
    other = _with_login(make_officer(agency=w.agency_b, name="环保乙"), other_user)
    make_certificate(officer=other, field=w.field_env, area=w.city)
    InspectionOfficer.objects.create(inspection=inspection, officer=env_officer, rank=2)
    outsider_agency = make_agency(name="江北市交通运输局", region=w.city, field="交通运输")
    outsider_user = make_user(username=f"outsider-{n}", role="officer", agency=outsider_agency)
    _with_login(make_officer(agency=outsider_agency, name="交通甲"), outsider_user)
    return JointWorld(
        inspection=inspection,
        env_item=env_item,
        env_officer=env_officer,
        env_user=env_user,
        env_other_user=other_user,
        env_head=make_user(username=f"env-head-{n}", role="agency_head", agency=w.agency_b),
        outsider_user=outsider_user,
    )
