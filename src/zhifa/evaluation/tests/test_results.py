"""The result notice, objections within 10 working days and the answer within 10 (广东省令第231号 第十二条
（七）), the final result and the rectification ledger; region scoping and self-evaluation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.core.scope import Scope
from zhifa.evaluation import results, scoring, selectors, services
from zhifa.evaluation.models import EvaluatedFile
from zhifa.evaluation.tests.conftest import drawn_plan, entries_for
from zhifa.journal import events
from zhifa.journal.models import JournalEntry
from zhifa.testing import make_user

SERVED = date(2026, 9, 25)  # a Friday; National Day 2026: 10-01 … 10-07 off, 10-10 (Sat) a make-up workday


def _scored_plan(ew, *, veto_first: bool = True):
    plan = drawn_plan(ew)
    files = list(EvaluatedFile.objects.filter(plan=plan, kind="drawn").order_by("agency_id", "case_id"))
    for n, f in enumerate(files):
        for sheet in f.sheets.all():
            vetoes = {"V3": "未送达事先告知书即作出处罚决定"} if (veto_first and n == 0) else {}
            scoring.score_submit(
                sheet=sheet, entries=entries_for(sheet, vetoes=vetoes), actor=sheet.evaluator
            )
    return plan, [EvaluatedFile.objects.get(pk=f.pk) for f in files]


def test_notice_is_numbered_and_the_objection_period_is_10_working_days_across_national_day(ew):
    plan, files = _scored_plan(ew)
    notice = results.notice_issue(plan=plan, agency=ew.world.agency_a, actor=ew.supervisor, served_on=SERVED)
    assert notice.number == "江北市评查〔2026〕1号"
    # 10 working days after 09-25: 09-28, 29, 30, 10-08, 09, 10 (make-up), 12, 13, 14, 15.
    assert notice.objection_due_on == date(2026, 10, 15)
    entry = JournalEntry.objects.get(pk=notice.journal_seq or 0)
    assert entry.payload_data["content_sha256"] == notice.content_sha256


def test_objection_within_10_working_days_of_service_is_received_order_231_art_12(ew):
    plan, files = _scored_plan(ew)
    results.notice_issue(plan=plan, agency=ew.world.agency_a, actor=ew.supervisor, served_on=SERVED)
    f = EvaluatedFile.objects.get(pk=files[0].pk)
    f = results.objection_file(
        file=f,
        text="当事人已书面放弃陈述申辩，程序并无违法",
        actor=ew.staff_a,
        received_on=date(2026, 10, 15),
    )
    assert f.status == "objected"
    # The answer: 10 working days from receipt (10-16 … 10-29).
    assert f.answer_due_on == date(2026, 10, 29)


def test_objection_after_10_working_days_is_refused_with_the_deadline_and_the_rule(ew):
    plan, files = _scored_plan(ew)
    results.notice_issue(plan=plan, agency=ew.world.agency_a, actor=ew.supervisor, served_on=SERVED)
    f = EvaluatedFile.objects.get(pk=files[0].pk)
    with pytest.raises(DomainError) as exc:
        results.objection_file(file=f, text="不服", actor=ew.staff_a, received_on=date(2026, 10, 16))
    assert "已超过提出异议的期限" in exc.value.message
    assert "2026年10月15日前" in exc.value.message and "第十二条" in exc.value.rule
    f.refresh_from_db()
    assert f.status == "notified" and f.objection_text == ""


def test_only_the_files_agency_may_object(ew):
    plan, files = _scored_plan(ew)
    results.notice_issue(plan=plan, agency=ew.world.agency_a, actor=ew.supervisor, served_on=SERVED)
    with pytest.raises(PermissionDenied):
        results.objection_file(file=EvaluatedFile.objects.get(pk=files[0].pk), text="不服", actor=ew.staff_b)


def test_the_objection_is_the_agency_heads_act_not_any_officers(ew):
    """广东省令第231号 第十二条（七）: the evaluated agency objects, through its head."""
    from zhifa.testing import make_user

    plan, files = _scored_plan(ew)
    results.notice_issue(plan=plan, agency=ew.world.agency_a, actor=ew.supervisor, served_on=SERVED)
    officer = make_user(username="off_obj", role="officer", agency=ew.world.agency_a)
    f = EvaluatedFile.objects.get(pk=files[0].pk)
    with pytest.raises(PermissionDenied, match="负责人"):
        results.objection_file(file=f, text="不服", actor=officer, received_on=date(2026, 10, 15))
    with pytest.raises(PermissionDenied, match="负责人"):
        results.result_accept(file=f, actor=officer)
    f.refresh_from_db()
    assert f.status == "notified"


def test_failed_file_emits_rectification_required_with_the_exact_payload_once_final(ew):
    plan, files = _scored_plan(ew)
    results.notice_issue(plan=plan, agency=ew.world.agency_a, actor=ew.supervisor, served_on=SERVED)
    vetoed = EvaluatedFile.objects.get(pk=files[0].pk)
    assert vetoed.grade == "不合格"
    assert not JournalEntry.objects.filter(event_type="evaluation.rectification_required").exists()
    results.result_accept(file=vetoed, actor=ew.staff_a)
    entry = JournalEntry.objects.get(event_type="evaluation.rectification_required")
    payload = entry.payload_data
    assert set(payload) == set(events.get("evaluation.rectification_required").keys)
    assert set(payload) == {
        "plan_id",
        "file_id",
        "case_id",
        "case_number",
        "agency_id",
        "grade",
        "score",
        "reasons",
    }
    assert payload["case_id"] == vetoed.case_id and payload["grade"] == "不合格"
    assert payload["reasons"] == ["否决项V3“违反法定程序”：未送达事先告知书即作出处罚决定"]
    ledger = list(selectors.ledger(scope=Scope(region_path=ew.world.city.path)))
    assert [f.pk for f in ledger] == [vetoed.pk]
    assert ledger[0].rectification == "required" and ledger[0].rectification_seq == entry.pk
    results.rectification_report(file=ledger[0], note="已补正程序并组织培训", actor=ew.staff_a)
    assert EvaluatedFile.objects.get(pk=vetoed.pk).rectification == "reported"


def test_objection_answered_revised_to_pass_emits_no_rectification(ew):
    plan, files = _scored_plan(ew)
    results.notice_issue(plan=plan, agency=ew.world.agency_a, actor=ew.supervisor, served_on=SERVED)
    f = results.objection_file(
        file=EvaluatedFile.objects.get(pk=files[0].pk),
        text="告知书已送达",
        actor=ew.staff_a,
        received_on=SERVED,
    )
    f = results.objection_answer(
        file=f,
        outcome="revised",
        text="卷内第8页有送达回证",
        score=Decimal("92"),
        vetoed=False,
        actor=ew.supervisor,
    )
    assert f.status == "final" and f.grade == "优秀"
    assert not JournalEntry.objects.filter(event_type="evaluation.rectification_required").exists()


def test_results_become_final_when_the_objection_period_ran_out(ew):
    plan, files = _scored_plan(ew)
    results.notice_issue(plan=plan, agency=ew.world.agency_a, actor=ew.supervisor, served_on=SERVED)
    assert results.finalize_expired(date(2026, 10, 15)) == 0
    n = results.finalize_expired(date(2026, 10, 16))
    assert n == sum(1 for f in files if f.agency_id == ew.world.agency_a.pk)
    assert JournalEntry.objects.filter(event_type="evaluation.rectification_required").count() == 1


def test_notice_waits_for_every_file_of_the_agency_to_be_scored(ew):
    plan = drawn_plan(ew)
    with pytest.raises(DomainError, match="尚未完成评分"):
        results.notice_issue(plan=plan, agency=ew.world.agency_a, actor=ew.supervisor)


def test_region_scoping_of_plans_and_files(ew):
    plan, files = _scored_plan(ew)
    elsewhere = make_user(username="far", role="supervisor", region=ew.world.county_b)
    assert (
        selectors.plan_get(scope=Scope(region_path=ew.world.county_b.path), user=elsewhere, plan_id=plan.pk)
        is None
    )
    scope_b = Scope(agency_id=ew.world.agency_b.pk)
    assert selectors.plan_get(scope=scope_b, user=ew.staff_b, plan_id=plan.pk) == plan
    seen = selectors.plan_files(plan=plan, scope=scope_b, user=ew.staff_b)
    assert seen and {f.agency_id for f in seen} == {ew.world.agency_b.pk}
    with pytest.raises(PermissionDenied):
        results.notice_issue(plan=plan, agency=ew.world.agency_a, actor=elsewhere)


def test_self_evaluation_all_closed_files_one_evaluator_of_the_agency(ew):
    plan = drawn_plan(ew)
    assert services.self_evaluation_open(plan=plan, agency=ew.world.agency_a, actor=ew.staff_a) == 5
    assert services.self_evaluation_open(plan=plan, agency=ew.world.agency_a, actor=ew.staff_a) == 0
    f = EvaluatedFile.objects.filter(plan=plan, kind="self").first()
    assert f is not None
    sheet = services.self_evaluation_take(file=f, actor=ew.staff_a)
    scoring.score_submit(sheet=sheet, entries=entries_for(sheet, deductions={"S1": "2"}), actor=ew.staff_a)
    f.refresh_from_db()
    assert f.status == "final" and f.score == Decimal(98) and f.grade == "优秀"
    with pytest.raises(PermissionDenied):
        services.self_evaluation_open(plan=plan, agency=ew.world.agency_a, actor=ew.staff_b)


def test_plan_needs_two_evaluators_and_one_per_region_and_year(ew):
    with pytest.raises(DomainError, match="至少需要 2 人"):
        services.plan_create(
            region=ew.world.city,
            year=2026,
            evaluators=[ew.ev1],
            random_source="双色球",
            random_source_on=date(2027, 1, 5),
            actor=ew.supervisor,
        )
    with pytest.raises(PermissionDenied):
        services.plan_create(
            region=ew.world.city,
            year=2026,
            evaluators=[ew.ev1, ew.ev2],
            random_source="双色球",
            random_source_on=date(2027, 1, 5),
            actor=ew.staff_a,
        )
