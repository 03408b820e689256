"""Writes on a case outside the engine (issue 11, part 1): opening a case or registering a lead is for the
agency's officers and heads; a supervisor is read-only for an agency's work, and a clerk, a reviewer or an
administrator opens no case. Refused by the service (so every door), 403 in the API, nothing written."""

from datetime import date

import pytest

from zhifa.accounts.services import api_token_create
from zhifa.cases import services
from zhifa.cases.models import Case, Party
from zhifa.core.errors import PermissionDenied
from zhifa.journal.models import JournalEntry
from zhifa.testing import make_user

pytestmark = pytest.mark.django_db

NOT_CASE_WORKERS = ["supervisor", "publicity_clerk", "legal_reviewer", "administrator"]


def _user(cw, role, name=None):
    scope = {"region": cw.world.city} if role == "supervisor" else {"agency": cw.world.agency_a}
    return make_user(username=name or f"w_{role}", role=role, **scope)


def _open(cw, party, actor, procedure="general"):
    return services.case_open(
        agency=cw.world.agency_a,
        procedure=procedure,
        item=cw.world.item_a,
        party=party,
        title="销售过期食品",
        place=cw.world.township_a,
        discovered_on=date(2026, 3, 2),
        act_on=date(2026, 2, 20),
        officers=cw.officers[:2],
        actor=actor,
    )


def _body(cw):
    return {
        "procedure": "general",
        "item_id": cw.world.item_a.pk,
        "title": "销售过期食品",
        "place": "990102001",
        "discovered_on": "2026-03-02",
        "act_on": "2026-02-20",
        "party": {
            "kind": "legal_person",
            "name": "某超市有限公司",
            "address": "江北市",
            "credit_code": "91350100M000100Y43",
        },
        "officer_ids": [o.pk for o in cw.officers[:2]],
    }


@pytest.mark.parametrize("role", NOT_CASE_WORKERS)
@pytest.mark.parametrize("procedure", ["general", "summary", "compulsion"])
def test_only_officers_and_heads_open_a_case_or_register_a_lead_service(cw, party, role, procedure):
    """A lead (线索, the general procedure's first state), an on-the-spot case or a proposed compulsion:
    refused to every role but officer and head, with a Chinese reason; nothing is written."""
    user = _user(cw, role)
    before = JournalEntry.objects.count()
    with pytest.raises(PermissionDenied) as exc:
        _open(cw, party, user, procedure)
    assert "登记线索或新建案件" in exc.value.message
    if role == "supervisor":
        assert "只能查看" in exc.value.message
    assert Case.objects.count() == 0 and JournalEntry.objects.count() == before


def test_officers_and_heads_of_the_agency_open_cases_others_do_not(cw, party):
    assert _open(cw, party, cw.officer_user).state == "lead"
    assert _open(cw, party, cw.head, "compulsion").state == "proposed"
    other = make_user(username="b_off", role="officer", agency=cw.world.agency_b)
    with pytest.raises(PermissionDenied, match="承办该案的执法主体"):
        _open(cw, party, other)
    assert Case.objects.count() == 2


@pytest.mark.parametrize("role", NOT_CASE_WORKERS)
def test_the_api_refuses_opening_a_case_to_non_case_workers(client, cw, role):
    """POST /api/v1/cases: 403 with the reason in Chinese; not even the party is written."""
    _, key = api_token_create(user=_user(cw, role), name="t", actor=None)
    resp = client.post(
        "/api/v1/cases",
        _body(cw),
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert resp.status_code == 403, resp.content
    assert "登记线索或新建案件" in resp.json()["detail"]
    assert Case.objects.count() == 0 and Party.objects.count() == 0


def test_the_api_lets_an_officer_register_a_lead(client, cw):
    _, key = api_token_create(user=cw.officer_user, name="t", actor=None)
    resp = client.post(
        "/api/v1/cases",
        _body(cw),
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert resp.status_code == 201, resp.content
    assert resp.json()["state"] == "lead"


def test_assigning_officers_is_for_the_agencys_officers_and_heads(cw, lead):
    supervisor = _user(cw, "supervisor")
    with pytest.raises(PermissionDenied, match="监督人员"):
        services.case_assign_officer(case=lead, officer=cw.officers[2], actor=supervisor)
    assert lead.case_officers.count() == 2
    services.case_assign_officer(case=lead, officer=cw.officers[2], actor=cw.head)
    assert lead.case_officers.count() == 3
