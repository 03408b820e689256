# ruff: noqa: F811 — the fixtures (vw, isolated_store) are imported from visits_world, not a shared conftest
"""Random inspections over REST (/api/v1/inspections/…): the public reads need no login and show what the
portal shows (published plans, public tasks, draws with their full record — which the independent
verifier re-runs —, published results); the staff reads and writes refuse whoever may not (401 without
credentials, 403 for a role or an officer not assigned, 404 outside the caller's scope)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from zhifa.accounts.services import api_token_create
from zhifa.inspections import services
from zhifa.inspections.models import InspectionPartResult, InspectionResult, InspectionTask
from zhifa.inspections.records import draw_record
from zhifa.inspections.tests.draw_world import approved_task, make_draw_world, on_random_day
from zhifa.inspections.tests.joint_world import JointWorld, make_joint
from zhifa.inspections.tests.public_world import PublicWorld, build
from zhifa.inspections.tests.test_draw_service import LOTTERY, _verifier
from zhifa.inspections.tests.visits_world import (  # noqa: F401 (fixtures)
    VisitWorld,
    isolated_store,
    visit,
    vw,
)
from zhifa.testing import make_user

pytestmark = pytest.mark.django_db

DAY = date(2026, 4, 20)


def _auth(user: Any) -> dict[str, str]:
    _, key = api_token_create(user=user, name="t", actor=None)
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture
def pw() -> PublicWorld:
    return build()


# --- public ----------------------------------------------------------------------------------------


def test_plans_are_public_and_only_the_published(client, pw):
    body = client.get("/api/v1/inspections/plans").json()
    codes = [p["code"] for p in body["items"]]
    assert pw.plan.code in codes and pw.draft_plan.code not in codes and body["count"] == len(codes)
    plan = next(p for p in body["items"] if p["code"] == pw.plan.code)
    assert pw.task.code in [t["code"] for t in plan["tasks"]]
    assert pw.draft_task.code not in [t["code"] for t in plan["tasks"]]


def test_tasks_are_public_once_approved_and_a_hidden_one_is_not_found(client, pw):
    codes = [t["code"] for t in client.get("/api/v1/inspections/tasks").json()["items"]]
    assert pw.task.code in codes
    assert pw.draft_task.code not in codes and pw.hidden_task.code not in codes
    task = client.get(f"/api/v1/inspections/tasks/{pw.task.pk}").json()
    assert task["partner_agencies"] == [pw.w.agency_b.name] and task["ratio_percent"] == "5"
    assert task["draw_url"] == f"/inspections/draws/{pw.draw.pk}/"
    assert client.get(f"/api/v1/inspections/tasks/{pw.hidden_task.pk}").status_code == 404


def test_draws_list_and_the_record_is_the_portals(client, pw):
    items = client.get("/api/v1/inspections/draws").json()["items"]
    assert [d["id"] for d in items] == [pw.draw.pk]
    assert items[0]["record"] == f"/api/v1/inspections/draws/{pw.draw.pk}"
    record = client.get(f"/api/v1/inspections/draws/{pw.draw.pk}").json()
    assert record == json.loads(json.dumps(draw_record(pw.draw)))
    assert record == client.get(f"/inspections/draws/{pw.draw.pk}.json").json()
    assert client.get("/api/v1/inspections/draws/999999").status_code == 404


def test_a_draw_fetched_from_the_api_is_re_run_by_the_verifier(client, monkeypatch):
    """Issue 13 §3: everything needed to re-run a draw is in its public record."""
    world = make_draw_world()
    task = approved_task(world)
    draw = services.draw_commit(task=task, actor=world.officer_user_a)
    on_random_day(monkeypatch, task)
    services.draw_seed(draw=draw, random_value=LOTTERY, actor=world.officer_user_a)
    record = client.get(f"/api/v1/inspections/draws/{draw.pk}").json()
    assert record["format"] == "zhifa-draw-record-1" and record["selected"]
    assert _verifier().verify(record) == []
    record["selected"][0] = record["selected"][-1]
    assert _verifier().verify(record) != []


def test_results_are_public_published_only_and_filtered(client, pw):
    body = client.get("/api/v1/inspections/results").json()
    codes = {r["target"]["credit_code"] for r in body["items"]}
    assert pw.company.credit_code in codes and body["page"] == 1 and body["has_next"] is False
    assert all(r["published_on"] for r in body["items"])
    outcomes = {r["outcome"] for r in body["items"]}
    assert "not_cooperative" not in outcomes  # entered but not published
    only = client.get("/api/v1/inspections/results?outcome=violation").json()["items"]
    assert only and {r["outcome"] for r in only} == {"violation"}
    # No findings, case numbers or persons in a public row.
    text = json.dumps(body, ensure_ascii=False)
    assert "findings" not in text and pw.individual.legal_representative not in text


# --- staff -----------------------------------------------------------------------------------------


@pytest.fixture
def jw(vw: VisitWorld) -> JointWorld:
    return make_joint(vw)


def _visited(vw: VisitWorld, jw: JointWorld) -> None:
    from zhifa.inspections import visits
    from zhifa.inspections.tests.visits_world import at

    visits.inspection_check_in(inspection=jw.inspection, actor=vw.officer_user, at=at(DAY))
    visits.inspection_record_site(
        inspection=jw.inspection,
        officers=[*vw.officers[:2], jw.env_officer],
        started_at=at(DAY, 9, 40),
        ended_at=at(DAY, 10, 50),
        place="江北市城关街道人民路8号",
        representative_name="刘建国",
        representative_title="店长",
        items=visits.inspection_items(jw.inspection),
        findings="正常。",
        actor=vw.officer_user,
    )


def test_my_inspections_need_a_login_and_an_officer(client, vw, jw):
    assert client.get("/api/v1/inspections/mine").status_code == 401
    mine = client.get("/api/v1/inspections/mine", headers=_auth(jw.env_user)).json()
    assert [i["code"] for i in mine["items"]] == [jw.inspection.code]
    assert mine["items"][0]["agency"] == vw.agency.name and mine["items"][0]["status"] == "assigned"
    assert client.get("/api/v1/inspections/mine", headers=_auth(jw.env_other_user)).json()["count"] == 0
    assert (
        client.get("/api/v1/inspections/mine?status=published", headers=_auth(vw.officer_user)).json()[
            "count"
        ]
        == 0
    )
    refused = client.get("/api/v1/inspections/mine", headers=_auth(vw.supervisor))
    assert refused.status_code == 403 and "执法人员档案" in refused.json()["detail"]


def _post(client: Any, jw: JointWorld, user: Any | None, **body: Any) -> Any:
    headers = _auth(user) if user is not None else {}
    return client.post(
        f"/api/v1/inspections/{jw.inspection.pk}/result",
        {"outcome": "no_problem", "findings": "", "on": DAY.isoformat(), **body},
        content_type="application/json",
        headers=headers,
    )


def test_the_lead_inspector_records_the_result_and_the_partner_its_part(client, vw, jw):
    _visited(vw, jw)
    lead = _post(client, jw, vw.officer_user)
    assert lead.status_code == 201, lead.content
    assert lead.json()["part"] is False and lead.json()["agency"] == vw.agency.name
    part = _post(client, jw, jw.env_user, outcome="corrected", findings="责令更换滤芯。")
    assert part.status_code == 201, part.content
    assert part.json()["part"] is True and part.json()["agency"] == vw.cw.world.agency_b.name
    assert InspectionResult.objects.get().outcome == "no_problem"
    assert InspectionPartResult.objects.get().outcome == "corrected"
    again = _post(client, jw, vw.officer_user)
    assert again.status_code == 422 and "已录入" in again.json()["detail"]


def test_recording_a_result_is_refused_to_whoever_may_not(client, vw, jw):
    _visited(vw, jw)
    assert _post(client, jw, None).status_code == 401
    outsider = _post(client, jw, jw.outsider_user)
    assert outsider.status_code == 404  # outside the caller's scope: not found, not told more
    unassigned = _post(client, jw, jw.env_other_user)
    assert unassigned.status_code == 403 and "指派" in unassigned.json()["detail"]
    clerk = _post(client, jw, vw.clerk)
    assert clerk.status_code == 403
    supervisor = _post(client, jw, vw.supervisor)
    assert supervisor.status_code == 403 and "监督人员" in supervisor.json()["detail"]
    bad = _post(client, jw, vw.officer_user, outcome="excellent")
    assert bad.status_code == 422 and bad.json()["field"] == "outcome"
    other_item = _post(client, jw, vw.officer_user, outcome="violation", findings="x", item_id=999_999)
    assert other_item.status_code == 404
    assert not InspectionResult.objects.exists() and not InspectionPartResult.objects.exists()


def test_a_result_before_the_visit_is_refused_with_the_reason(client, vw, jw):
    refused = _post(client, jw, vw.officer_user)
    assert refused.status_code == 422 and "现场检查" in refused.json()["detail"]
    assert InspectionTask.objects.filter(pk=jw.inspection.task_id).exists()


def test_an_unassigned_officer_of_the_lead_agency_is_refused(client, vw, jw):
    _visited(vw, jw)
    user = make_user(username="lead-unassigned", role="officer", agency=vw.agency)
    refused = _post(client, jw, user)
    assert refused.status_code == 403 and "检查人员或负责人" in refused.json()["detail"]
