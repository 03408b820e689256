"""Issue 17 §1: a case holds one or more violations, decided together with one decision (行政处罚法
Art.29 合并处罚 / 一事不再罚款; Art.34 the benchmark per violation; Art.59 the decision's contents; Art.63
and 听证办法 Art.5 the hearing right from the total)."""

import importlib
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps as django_apps

from zhifa.cases import engine
from zhifa.cases.documents import document_text
from zhifa.cases.models import Case, Document, Violation
from zhifa.cases.tests.conftest import FILED, step, to_reported
from zhifa.catalog.models import MajorDecisionRule
from zhifa.catalog.services import BasisRef, item_create
from zhifa.core.errors import DomainError
from zhifa.journal.models import JournalEntry
from zhifa.lib.officialdoc import from_json
from zhifa.publicity.pipeline import case_penalty_display
from zhifa.review.triggers import triggers_for

pytestmark = pytest.mark.django_db

FOOD_LAW = "《中华人民共和国食品安全法》"


@pytest.fixture
def item_c(cw):
    return item_create(
        agency=cw.world.agency_a,
        code="330217003",
        name="食品经营者未按规定查验供货者许可证和食品合格证明",
        kind="penalty",
        field=cw.world.field_market,
        bases=[BasisRef(law=cw.world.law.name, article=126, paragraph=1)],
        actor=None,
    )


def two_violations(cw, item_c, **second):
    return [
        {
            "item_id": cw.world.item_a.pk,
            "facts": "2026年2月20日销售不符合食品安全标准的食品（批次A），货值金额3000元",
            "legal_basis": f"{FOOD_LAW}第三十四条第（二）项",
            "penalty_basis": f"{FOOD_LAW}第一百二十四条第一款第（一）项",
            "benchmark_id": cw.benchmark.pk,
            "benchmark_tier": "minor",
            "tier_reason": "货值金额较小，首次违法",
            "penalty_kinds": ["罚款"],
            "fine_amount": "60000",
        },
        {
            "item_id": item_c.pk,
            "facts": "2026年2月起未按规定查验供货者的许可证和食品出厂检验合格证",
            "legal_basis": f"{FOOD_LAW}第五十三条第一款",
            "penalty_basis": f"{FOOD_LAW}第一百二十六条第一款第（三）项",
            "penalty_kinds": ["警告", "罚款"],
            "fine_amount": "50000",
            **second,
        },
    ]


def reported(cw, lead, violations):
    lead.refresh_from_db()
    case = step(cw, lead, "file", FILED) if lead.state == "lead" else lead
    return engine.execute(
        case=case,
        transition="report",
        actor=cw.officer_user,
        data={"violations": violations},
        on=date(2026, 3, 20),
    )


def test_two_violation_case_decided_with_one_decision_art29_art59(cw, lead, item_c):
    """Two different acts: 分别裁量、合并处罚 (Art.29) — each its own basis and fine, one decision listing
    both in order (Art.59), the case's columns the totals every other reader uses."""
    case = reported(cw, lead, two_violations(cw, item_c))
    assert case.state == "reported" and case.violation_count == 2
    assert case.fine_amount == Decimal("110000.00")
    assert case.penalty_kinds == ["警告", "罚款"]  # the union, in the order of Art.9
    rows = list(case.violations.order_by("ordinal"))
    assert [(v.ordinal, v.item_id, v.fine_amount) for v in rows] == [
        (1, cw.world.item_a.pk, Decimal("60000.00")),
        (2, item_c.pk, Decimal("50000.00")),
    ]
    report = JournalEntry.objects.get(event_type="case.report")
    assert [v["fine_amount"] for v in report.payload_data["proposal"]["violations"]] == [
        "60000.00",
        "50000.00",
    ]

    # The hearing right from the total: 60,000 + 50,000 ≥ 100,000 for an organization (Art.63; 听证办法
    # Art.5), though neither violation reaches it alone.
    with pytest.raises(engine.TransitionRefused, match="听证"):
        step(cw, case, "serve_notice", date(2026, 3, 23))
    case = step(cw, case, "serve_notice", date(2026, 3, 23), hearing_offered=True)
    notice = Document.objects.get(case=case, kind="notice_of_intent")
    text = document_text(from_json(notice.content))
    assert "（一）" in text and "（二）" in text and "拟处罚款人民币60000.00元" in text
    assert "合并处罚" in text and "要求举行听证" in text
    assert case.notice_fine_amount == Decimal("110000.00")

    case = step(cw, case, "close_statement", date(2026, 3, 31), waived=True)
    case = step(cw, case, "decide", date(2026, 4, 1))
    assert case.state == "decided"
    decision = Document.objects.get(case=case, kind="penalty_decision")
    paragraphs = [str(p) for p in from_json(decision.content).paragraphs]
    text = document_text(from_json(decision.content))
    first = next(i for i, p in enumerate(paragraphs) if "批次A" in p)
    second = next(i for i, p in enumerate(paragraphs) if "未按规定查验供货者" in p)
    assert first < second  # in their order
    assert f"{FOOD_LAW}第一百二十四条第一款第（一）项" in text and f"{FOOD_LAW}第五十三条第一款" in text
    assert "处罚款人民币60000.00元" in text and "处警告；罚款人民币50000.00元" in text
    assert "合并处罚" in text and "警告；罚款人民币110000.00元" in text
    # Publicity's summary shows each violation and the total.
    shown = case_penalty_display(Case.objects.get(pk=case.pk))
    assert shown.startswith("1.生产经营不符合食品安全标准的食品：罚款，罚款60000.00元；2.")
    assert shown.endswith("合并处罚：警告；罚款，罚款110000.00元")


def test_each_violation_checked_against_its_own_tier_art34(cw, lead, item_c):
    second = {
        "item_id": cw.world.item_a.pk,
        "benchmark_id": cw.benchmark.pk,
        "benchmark_tier": "minor",
        "tier_reason": "首次违法",
        "penalty_kinds": ["罚款"],
        "fine_amount": "90000",
    }
    with pytest.raises(engine.TransitionRefused, match=r"第2项违法行为：罚款 90000\.00 元超出"):
        reported(cw, lead, two_violations(cw, item_c, **second))
    assert not Violation.objects.filter(case=lead).exists()  # nothing half-written


def test_violation_input_errors_name_the_violation(cw, lead, item_c):
    with pytest.raises(DomainError, match="第2项违法行为：处罚种类“罚金”不是法定处罚种类"):
        reported(cw, lead, two_violations(cw, item_c, penalty_kinds=["罚金"]))
    with pytest.raises(engine.TransitionRefused, match="第2项违法行为：调查终结报告缺少：违法事实"):
        reported(cw, lead, two_violations(cw, item_c, facts=""))


def test_same_act_under_two_provisions_fined_once_art29(cw, lead, item_c):
    """Art.29: 同一个违法行为，不得给予两次以上罚款; several provisions → the higher fine, once."""
    with pytest.raises(DomainError, match="第1项、第2项违法行为系同一违法行为") as exc:
        reported(cw, lead, two_violations(cw, item_c, same_act_as=1))
    assert "第二十九条" in exc.value.rule
    # Same facts stated twice are presumed one act.
    same = two_violations(cw, item_c)[0]["facts"]
    with pytest.raises(DomainError, match="违法事实相同，视为同一违法行为"):
        reported(cw, lead, two_violations(cw, item_c, facts=same))
    # One act under two provisions, fined once (the other provision's warning stands).
    case = reported(
        cw, lead, two_violations(cw, item_c, same_act_as=1, penalty_kinds=["警告"], fine_amount="")
    )
    assert case.fine_amount == Decimal("60000.00") and case.violation_count == 2
    assert Violation.objects.get(case=case, ordinal=2).same_act_as == 1


def test_single_violation_form_unchanged(cw, lead):
    case = to_reported(cw, lead)
    v = Violation.objects.get(case=case)
    assert (v.ordinal, v.item_id, v.fine_amount, v.benchmark_tier) == (
        1,
        case.item_id,
        Decimal("60000.00"),
        "minor",
    )
    assert case.violation_count == 1
    assert "violations" not in JournalEntry.objects.get(event_type="case.report").payload_data["proposal"]
    case = step(cw, case, "revise_proposal", date(2026, 3, 21), fine_amount="55000")
    assert Violation.objects.get(case=case).fine_amount == Decimal("55000.00")


def test_single_form_refused_on_a_case_with_several(cw, lead, item_c):
    case = reported(cw, lead, two_violations(cw, item_c))
    with pytest.raises(DomainError, match="本案有2项违法行为，请逐项填写"):
        step(cw, case, "revise_proposal", date(2026, 3, 21), fine_amount="55000")


def test_review_trigger_reads_the_total_art58(cw, lead, item_c):
    """The major-decision catalogue's amount is the decision's total: 110,000 ≥ 100,000 though each
    violation is below."""
    MajorDecisionRule.objects.create(
        agency=cw.world.agency_a,
        name="大额罚没",
        fine_threshold_legal=Decimal("100000"),
        basis="目录清单第1项",
    )
    case = reported(cw, lead, two_violations(cw, item_c))
    assert [t.rule for t in triggers_for(case)] == ["目录清单：大额罚没"]


def test_backfill_gives_each_existing_case_one_violation(cw, lead):
    """Cases opened before violations existed get one, made of their own proposal columns."""
    case = to_reported(cw, lead)
    Violation.objects.filter(case=case).delete()
    migration = importlib.import_module("zhifa.cases.migrations.0014_violations")
    migration.backfill(django_apps, None)
    v = Violation.objects.get(case=case)
    assert (v.ordinal, v.item_id, v.fine_amount, v.facts) == (1, case.item_id, case.fine_amount, case.facts)
    assert v.benchmark_id == case.benchmark_id and v.penalty_kinds == ["罚款"]


def test_api_lists_violations_and_takes_the_list(client, cw, lead, item_c):
    from zhifa.accounts.services import api_token_create

    _, key = api_token_create(user=cw.head, name="t", actor=None)
    auth = {"Authorization": f"Bearer {key}"}
    body = client.get(f"/api/v1/cases/{lead.pk}", headers=auth).json()
    assert [v["item_code"] for v in body["violations"]] == [cw.world.item_a.code]  # a lead: its one
    step(cw, lead, "file", FILED)
    resp = client.post(
        f"/api/v1/cases/{lead.pk}/transitions/report",
        {"on": "2026-03-20", "data": {"violations": two_violations(cw, item_c)}},
        content_type="application/json",
        headers=auth,
    )
    assert resp.status_code == 200, resp.content
    listed = resp.json()["violations"]
    assert [(v["ordinal"], v["item_code"], v["fine_amount"]) for v in listed] == [
        (1, cw.world.item_a.code, "60000.00"),
        (2, item_c.code, "50000.00"),
    ]
    assert (
        listed[0]["legal_basis"] == f"{FOOD_LAW}第三十四条第（二）项"
        and listed[0]["benchmark_tier"] == "minor"
    )
    assert resp.json()["fine_amount"] == "110000.00"


def test_workbench_case_page_lists_the_violations(client, cw, lead, item_c):
    case = reported(cw, lead, two_violations(cw, item_c))
    client.force_login(cw.head)
    page = client.get(f"/workbench/cases/{case.pk}/").content.decode()
    assert "违法行为1" in page and "违法行为2" in page and item_c.name in page


def test_change_decision_keeps_the_one_violation_in_step_art48(cw, lead):
    case = to_reported(cw, lead)
    case = step(cw, case, "serve_notice", date(2026, 3, 23))
    case = step(cw, case, "close_statement", date(2026, 3, 31), waived=True)
    case = step(cw, case, "decide", date(2026, 4, 1))
    case = step(
        cw,
        case,
        "change_decision",
        date(2026, 4, 10),
        ground="changed",
        authority="reconsideration",
        reason="复议决定变更",
        changed_to="罚款55000元",
        fine_amount="55000",
    )
    assert Violation.objects.get(case=case).fine_amount == Decimal("55000.00") == case.fine_amount


def test_hearing_right_per_person_and_per_total_hearing_rules_art5(cw, lead, item_c):
    """市场监督管理行政处罚听证办法 Art.5(1) (行政处罚法 Art.63): an organization's total against 100,000, a
    fine on its responsible persons (natural persons) against 10,000 on its own."""
    from zhifa.cases.guards import hearing_required

    case = reported(cw, lead, two_violations(cw, item_c, fine_amount="30000"))
    ctx = engine.Context(case, None, {}, date(2026, 3, 23))
    assert case.fine_amount == Decimal("90000.00") and not hearing_required(ctx)
    case.person_fine_amount = Decimal("10000")
    assert hearing_required(engine.Context(case, None, {}, date(2026, 3, 23)))
    case.person_fine_amount = None
    case.fine_amount = Decimal("100000")
    assert hearing_required(engine.Context(case, None, {}, date(2026, 3, 23)))


def test_publication_draft_shows_each_violation(cw, lead, item_c):
    """The published summary (SAMR 公示规定 Art.4 行政处罚内容) shows each violation and the total."""
    from zhifa.publicity.pipeline import draft_for_case

    case = reported(cw, lead, two_violations(cw, item_c))
    case = step(cw, case, "serve_notice", date(2026, 3, 23), hearing_offered=True)
    case = step(cw, case, "close_statement", date(2026, 3, 31), waived=True)
    case = step(cw, case, "decide", date(2026, 4, 1))
    draft = draft_for_case(case_id=case.pk)
    assert draft is not None
    assert "1.生产经营不符合食品安全标准的食品" in draft.penalty_display
    assert item_c.name in draft.penalty_display and "110000.00" in draft.penalty_display
    assert "批次A" in draft.original_text and "未按规定查验供货者" in draft.original_text


def test_api_refusal_names_the_violation(client, cw, lead, item_c):
    from zhifa.accounts.services import api_token_create

    _, key = api_token_create(user=cw.head, name="t", actor=None)
    step(cw, lead, "file", FILED)
    resp = client.post(
        f"/api/v1/cases/{lead.pk}/transitions/report",
        {"on": "2026-03-20", "data": {"violations": two_violations(cw, item_c, same_act_as=1)}},
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert resp.status_code == 422
    body = resp.json()
    assert "同一违法行为" in body["detail"] and "第二十九条" in body["rule"]


def test_summary_procedure_thresholds_on_the_total_art51(cw, item_c):
    """行政处罚法 Art.51: 当场处罚 only up to 200 元 for a natural person — the decision's total, all its
    violations together; the on-the-spot decision lists each one."""
    from zhifa.cases import services

    party = services.party_create(
        agency=cw.world.agency_a, kind="natural_person", name="张三", address="江北市城关街道"
    )
    case = services.case_open(
        agency=cw.world.agency_a,
        procedure="summary",
        item=cw.world.item_a,
        party=party,
        title="当场处罚",
        place=cw.world.township_a,
        place_text="农贸市场门口",
        discovered_on=date(2026, 5, 6),
        act_on=date(2026, 5, 6),
        officers=cw.officers[:2],
        actor=cw.officer_user,
    )
    first = {"facts": "摆摊销售散装熟食，未能提供进货凭证", "penalty_kinds": ["罚款"], "fine_amount": "150"}
    second = {
        "item_id": item_c.pk,
        "facts": "未查验供货者许可证",
        "penalty_kinds": ["罚款"],
        "fine_amount": "100",
    }
    with pytest.raises(engine.TransitionRefused, match="200"):
        engine.execute(
            case=case,
            transition="decide_on_spot",
            actor=cw.officer_user,
            on=date(2026, 5, 6),
            data={"violations": [first, second]},
        )
    second["fine_amount"] = "50"
    case = engine.execute(
        case=case,
        transition="decide_on_spot",
        actor=cw.officer_user,
        on=date(2026, 5, 6),
        data={"violations": [first, second]},
    )
    assert case.state == "decided" and case.fine_amount == Decimal("200.00")
    text = document_text(from_json(Document.objects.get(case=case, kind="summary_decision").content))
    assert "（一）" in text and "（二）" in text and "罚款人民币200.00元" in text
