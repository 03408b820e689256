"""Case handling through the REST API and the workbench: scoped, refusals explained with their
articles, the list page's query count pinned (no N+1)."""

from datetime import date

import pytest

from zhifa.accounts.services import api_token_create
from zhifa.cases.tests.conftest import FILED, step
from zhifa.testing import make_user

pytestmark = pytest.mark.django_db


def _auth(user):
    _, key = api_token_create(user=user, name="t", actor=None)
    return {"Authorization": f"Bearer {key}"}


def test_api_open_and_drive_a_case(client, cw):
    headers = _auth(cw.head)
    body = {
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
        "lead_officer_id": cw.officers[0].pk,
    }
    resp = client.post("/api/v1/cases", body, content_type="application/json", headers=headers)
    assert resp.status_code == 201, resp.content
    case_id = resp.json()["id"]
    actions = client.get(f"/api/v1/cases/{case_id}/actions", headers=headers).json()
    assert {a["name"] for a in actions} == {"file", "decline_filing"}
    resp = client.post(
        f"/api/v1/cases/{case_id}/transitions/file",
        {"on": "2026-03-04"},
        content_type="application/json",
        headers=headers,
    )
    assert resp.status_code == 200 and resp.json()["state"] == "investigating"
    assert any(
        d["kind"] == "decision_period" and d["due_on"] == "2026-06-02" for d in resp.json()["deadlines"]
    )
    # A refused step answers 422 with every reason and its article.
    resp = client.post(
        f"/api/v1/cases/{case_id}/transitions/report",
        {"on": "2026-03-20", "data": {"penalty_kinds": ["罚款"]}},
        content_type="application/json",
        headers=headers,
    )
    assert resp.status_code == 422
    body = resp.json()
    assert (
        body["refusals"][0]["guard"] == "proposal_complete" and "第四十八条" in body["refusals"][0]["article"]
    )


def test_api_is_scoped(client, cw, lead):
    other = make_user(username="envofficer", role="officer", agency=cw.world.agency_b)
    headers = _auth(other)
    assert client.get(f"/api/v1/cases/{lead.pk}", headers=headers).status_code == 404
    assert client.get("/api/v1/cases", headers=headers).json()["items"] == []
    resp = client.post(
        f"/api/v1/cases/{lead.pk}/transitions/file", {}, content_type="application/json", headers=headers
    )
    assert resp.status_code == 404


def test_case_pages(client, cw, lead):
    client.force_login(cw.head)
    page = client.get(f"/workbench/cases/{lead.pk}/").content.decode()
    assert "立案" in page and "立案审查" in page  # the action and the running filing clock
    resp = client.post(f"/workbench/cases/{lead.pk}/steps/file/", {"on": "2026-03-04"})
    assert resp.status_code == 302
    page = client.get(f"/workbench/cases/{lead.pk}/").content.decode()
    assert "调查取证" in page and "作出处罚决定" in page
    # A refused step shows the rule on the page, with its form open as typed (issue 18 §3).
    resp = client.post(
        f"/workbench/cases/{lead.pk}/steps/report/",
        {"on": "2026-03-20", "penalty_kinds": ["罚款"], "tier_reason": "首次违法，货值较小"},
    )
    page = resp.content.decode()
    assert resp.status_code == 422 and "调查终结报告缺少" in page
    assert '<option value="罚款" selected>' in page and ">首次违法，货值较小</textarea>" in page
    assert 'value="2026-03-20"' in page


def test_case_pages_are_scoped(client, cw, lead):
    client.force_login(make_user(username="envofficer", role="officer", agency=cw.world.agency_b))
    assert client.get(f"/workbench/cases/{lead.pk}/").status_code == 404
    assert client.post(f"/workbench/cases/{lead.pk}/steps/file/", {}).status_code == 404
    assert lead.title not in client.get("/workbench/cases/").content.decode()


def test_case_list_query_count_is_flat(client, cw, party, django_assert_max_num_queries):
    from zhifa.cases import services

    for i in range(30):
        services.case_open(
            agency=cw.world.agency_a,
            procedure="general",
            item=cw.world.item_a,
            party=party,
            title=f"案件{i}",
            place=cw.world.city,
            discovered_on=date(2026, 3, 2),
            act_on=date(2026, 2, 20),
            officers=cw.officers[:2],
            actor=None,
        )
    client.force_login(cw.head)
    with django_assert_max_num_queries(12):
        resp = client.get("/workbench/cases/")
    assert resp.content.decode().count("/workbench/cases/") >= 30


def test_deadline_board(client, cw, lead):
    client.force_login(cw.head)
    page = client.get("/workbench/deadlines/").content.decode()
    assert "立案审查" in page  # the filing clock (due 2026-03-23) is overdue today
    case = step(cw, lead, "file", FILED)
    assert case.state == "investigating"
    page = client.get("/workbench/deadlines/").content.decode()
    assert "立案审查" not in page  # met by filing: it leaves the board


def test_form_choices_come_from_the_lists_the_steps_check():
    """One source for each list: the service methods the 送达回证 prints (SAMR 程序规定 Art.82), the grounds
    of 中止 (Art.46) and of releasing a seizure (行政强制法 Art.28), the penalty kinds (行政处罚法 Art.9)."""
    from zhifa.cases import documents, forms, guards
    from zhifa.cases.procedures import general

    def choices(transition, name):
        return dict(next(f for f in forms.fields_for(transition) if f.name == name).choices)

    for transition in ("serve_notice", "serve_decision", "demand_performance"):
        assert choices(transition, "method") == documents.SERVICE_METHODS
    assert choices("suspend", "ground") == general.SUSPENSION_GROUNDS
    assert choices("release", "ground") == documents.RELEASE_GROUNDS
    assert tuple(choices("report", "penalty_kinds")) == guards.PENALTY_KINDS


def test_case_page_available_actions_query_count_is_pinned(
    client, cw, lead, django_assert_num_queries, django_assert_max_num_queries
):
    """The case page lists every step from the case's state with the reasons it is blocked
    (engine.available): one guard Context serves them all, so what the guards read is read once however
    many steps there are — was 19 queries for a case under investigation, 15 for one ready to decide."""
    from zhifa.cases import engine
    from zhifa.cases.tests.conftest import PROPOSAL

    case = step(cw, lead, "file", FILED)
    assert sum(case.state in t.sources for t in engine.procedure_of(case).transitions.values()) >= 10
    # The officers, their certificates, the certificates' fields and events (4); the item's benchmarks (1);
    # the case's clocks (1).
    with django_assert_num_queries(6):
        engine.available(case=case, actor=cw.head, on=date(2026, 3, 20))
    client.force_login(cw.head)
    client.get(f"/workbench/cases/{case.pk}/")  # the calendar, read once per process
    # The whole page: the session and user (2), the case, its officers, clocks and documents (4), the
    # actions (the 6 above), the review panel (5), the benchmarks and their tiers, whose agency labels
    # the tier choice offers (2), the timeline (1), and the orders to correct (1; cases.selectors_money —
    # the money panel reads nothing more before a decision).
    with django_assert_max_num_queries(21):
        assert client.get(f"/workbench/cases/{case.pk}/").status_code == 200

    case = engine.execute(
        case=case,
        transition="report",
        actor=cw.officer_user,
        data={**PROPOSAL, "benchmark_id": cw.benchmark.pk},
        on=date(2026, 3, 20),
    )
    case = step(cw, case, "serve_notice", date(2026, 3, 23))
    case = step(cw, case, "close_statement", date(2026, 3, 31))
    # Ready to decide: the officers (4) and the clocks (1) as above, the chosen benchmark tier (1; the
    # item's benchmarks are no longer asked once one is chosen) and the legal-review gate's catalogue
    # and policy (2, review app).
    with django_assert_num_queries(8):
        engine.available(case=case, actor=cw.head, on=date(2026, 3, 31))
