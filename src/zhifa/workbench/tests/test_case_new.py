"""Starting work in the workbench (issue 18 §1): an officer registers a lead with its party, which lands on
the head's to-do list for 立案审批 (SAMR 程序规定 Art.20); an on-the-spot case of the summary procedure
(行政处罚法 Art.51); a refusal keeps what was typed and leaves nothing half-written."""

import pytest
from django.utils import timezone

from zhifa.cases.models import Case, Party
from zhifa.cases.tests.conftest import cw
from zhifa.testing import make_user

pytestmark = pytest.mark.django_db
__all__ = ["cw"]


def _form(cw, **overrides):
    data = {
        "procedure": "general",
        "item": cw.world.item_a.pk,
        "title": "销售过期食品",
        "source": "投诉举报",
        "place": cw.world.township_a.code,
        "place_text": "城关街道农贸市场12号摊位",
        "discovered_on": "2026-03-02",
        "act_on": "2026-02-20",
        "party_kind": "legal_person",
        "party_name": "江北市某食品有限公司",
        "party_address": "江北市城关街道1号",
        "credit_code": "91350100M000100Y43",
        "legal_representative": "陈某",
        "officer_ids": [cw.officers[0].pk, cw.officers[1].pk],
    }
    data.update(overrides)
    return data


def test_officer_registers_a_lead_that_lands_on_the_heads_todo_list(client, cw):
    client.force_login(cw.officer_user)
    page = client.get("/workbench/cases/new/")
    assert page.status_code == 200 and "登记案件" in page.content.decode()
    response = client.post("/workbench/cases/new/", _form(cw))
    case = Case.objects.get(title="销售过期食品")
    assert response.status_code == 302 and response["Location"] == f"/workbench/cases/{case.pk}/"
    assert case.state == "lead" and case.party.name == "江北市某食品有限公司"
    assert set(case.case_officers.values_list("officer_id", flat=True)) == {o.pk for o in cw.officers[:2]}
    assert case.case_officers.get(officer=cw.officers[0]).role == "lead"  # the first listed leads
    client.force_login(cw.head)
    home = client.get("/workbench/").content.decode()
    approvals = home[home.index("待我审批") :]
    assert "销售过期食品" in approvals[: approvals.index("</section>")]


def test_a_refused_registration_keeps_what_was_typed_and_writes_nothing(client, cw):
    client.force_login(cw.officer_user)
    response = client.post("/workbench/cases/new/", _form(cw, credit_code="91350100M000100Y44"))
    body = response.content.decode()
    assert response.status_code == 422
    assert "统一社会信用代码" in body and ("校验" in body or "无效" in body)
    assert 'value="销售过期食品"' in body and 'value="城关街道农贸市场12号摊位"' in body
    assert not Party.objects.filter(name="江北市某食品有限公司").exists()
    assert not Case.objects.filter(title="销售过期食品").exists()


def test_case_open_refusal_after_the_party_is_valid_rolls_the_party_back(client, cw):
    """The act cannot come after its discovery: the service refuses, and the party it had registered in
    the same transaction is gone too."""
    client.force_login(cw.officer_user)
    response = client.post("/workbench/cases/new/", _form(cw, act_on="2026-03-05"))
    assert response.status_code == 422 and "违法行为日期不能晚于发现日期" in response.content.decode()
    assert not Party.objects.filter(name="江北市某食品有限公司").exists()


def test_on_the_spot_case_opens_in_the_summary_procedure_art51(client, cw):
    client.force_login(cw.officer_user)
    form = _form(
        cw,
        procedure="summary",
        party_kind="natural_person",
        party_name="张某",
        party_address="江北市城关街道2号",
        credit_code="",
        legal_representative="",
        id_number="",
        penalty_kinds=["警告"],
        discovered_on=timezone.localdate().isoformat(),
        act_on=timezone.localdate().isoformat(),
    )
    response = client.post("/workbench/cases/new/", form)
    case = Case.objects.get(title="销售过期食品")
    assert response.status_code == 302, response.content.decode()[:2000]
    assert case.procedure == "summary" and case.penalty_kinds == ["警告"]
    page = client.get(f"/workbench/cases/{case.pk}/").content.decode()
    assert "当场作出处罚决定" in page


def test_only_officers_and_heads_open_cases(client, cw):
    clerk = make_user(username="clerk-new", role="publicity_clerk", agency=cw.world.agency_a)
    client.force_login(clerk)
    response = client.get("/workbench/cases/new/")
    assert response.status_code == 403 and "登记" in response.content.decode()
    assert "登记案件</a>" not in client.get("/workbench/cases/").content.decode()
