"""Independent scoring, recusal, the rubric's veto and the grades (广东省令第231号 第十条、第十六条、
第十七条)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction

from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.evaluation import record_checks, rubrics, scoring, selectors
from zhifa.evaluation.defaults import NATIONAL
from zhifa.evaluation.models import EvaluatedFile, Rubric, ScoreSheet
from zhifa.evaluation.tests.conftest import drawn_plan, entries_for
from zhifa.journal.services import record
from zhifa.testing import make_officer, make_user


def _file(ew, agency=None):
    plan = drawn_plan(ew)
    return EvaluatedFile.objects.filter(plan=plan, agency=agency or ew.world.agency_a).first()


def _submit_all(file, **kw):
    for sheet in file.sheets.all():
        scoring.score_submit(
            sheet=sheet,
            entries=entries_for(sheet, **kw.get(sheet.evaluator.username, {})),
            actor=sheet.evaluator,
        )
    file.refresh_from_db()
    return file


def test_national_rubric_is_shipped_with_100_points_veto_items_and_order_231_thresholds(db):
    r = Rubric.objects.get(code="national", region__isnull=True)
    items = list(r.items.all())
    assert sum(i.points for i in items if i.kind == "scored") == Decimal(100) == r.total_points
    assert [i.code for i in items if i.kind == "veto"] == ["V1", "V2", "V3", "V4", "V5"]
    assert (r.excellent_min, r.good_min, r.pass_min) == (Decimal(90), Decimal(75), Decimal(60))
    assert {i.auto_check for i in items if i.auto_check} == set(record_checks.CHECK_CODES)


def test_grade_thresholds_order_231_art_16(db):
    r = Rubric.objects.get(code="national")
    cases = {"90": "优秀", "89.99": "良好", "75": "良好", "74.99": "合格", "60": "合格", "59.99": "不合格"}
    for score, expected in cases.items():
        assert rubrics.grade(r, Decimal(score), vetoed=False) == expected
    r.good_min = None  # a province with only 优秀 / 合格 / 不合格
    assert rubrics.grade(r, Decimal("80"), vetoed=False) == "合格"


def test_veto_item_fails_the_file_whatever_the_points_order_231_art_17(ew):
    file = _file(ew)
    first, _ = list(file.sheets.all())
    file = _submit_all(file, **{first.evaluator.username: {"vetoes": {"V1": "主要事实的证据仅有当事人陈述"}}})
    assert file.score == Decimal(100)
    assert file.vetoed and file.grade == "不合格"
    assert "否决项判断不一致" in file.disagreement
    assert file.reasons == ["否决项V1“主要事实不清、证据不足”：主要事实的证据仅有当事人陈述"]


def test_score_is_the_mean_of_the_evaluators_and_a_wide_gap_is_flagged(ew):
    file = _file(ew)
    a, b = list(file.sheets.all())
    file = _submit_all(
        file,
        **{
            a.evaluator.username: {"deductions": {"S1": "4"}},
            b.evaluator.username: {"deductions": {"S1": "10", "S3": "5", "S4": "2"}},
        },
    )
    assert file.score == Decimal("89.50")  # (96 + 83) / 2
    assert file.grade == "良好" and not file.vetoed
    assert "相差 13 分" in file.disagreement


def test_independence_nobody_sees_another_sheet_until_all_are_submitted_order_231_art_10(ew):
    file = _file(ew)
    a, b = list(file.sheets.select_related("evaluator"))
    scoring.score_submit(sheet=a, entries=entries_for(a), actor=a.evaluator)
    file.refresh_from_db()
    assert [s.pk for s in selectors.sheets_visible(file=file, user=b.evaluator)] == [b.pk]
    assert [s.pk for s in selectors.sheets_visible(file=file, user=a.evaluator)] == [a.pk]
    assert selectors.sheets_visible(file=file, user=ew.supervisor) == []
    with pytest.raises(PermissionDenied):
        scoring.score_submit(sheet=b, entries=entries_for(b), actor=a.evaluator)
    with pytest.raises(DomainError, match="已经提交"):
        scoring.score_submit(sheet=ScoreSheet.objects.get(pk=a.pk), entries=entries_for(a), actor=a.evaluator)
    scoring.score_submit(sheet=b, entries=entries_for(b), actor=b.evaluator)
    file.refresh_from_db()
    assert len(selectors.sheets_visible(file=file, user=ew.supervisor)) == 2


def test_recusal_evaluator_of_the_files_own_agency_is_refused_order_231_art_10(ew):
    file = _file(ew)
    colleague = make_user(username="colleague", role="officer", agency=ew.world.agency_a)
    with pytest.raises(DomainError) as exc:
        scoring.assign_evaluator(file=file, evaluator=colleague, actor=ew.supervisor)
    assert "同一执法主体" in exc.value.message and "第十条" in exc.value.rule
    assert not file.sheets.filter(evaluator=colleague).exists()


def test_recusal_an_officer_of_the_case_is_refused_order_231_art_10(ew):
    from zhifa.cases.models import CaseOfficer

    file = _file(ew, ew.world.agency_b)
    officer = make_officer(agency=ew.world.agency_b, name="办案人")
    user = make_user(username="handler", role="supervisor", region=ew.world.city)
    officer.user = user
    officer.save()
    CaseOfficer.objects.create(case=file.case, officer=officer, role="lead")
    with pytest.raises(DomainError, match="本案的执法人员"):
        scoring.assign_evaluator(file=file, evaluator=user, actor=ew.supervisor)


def test_recusal_whoever_recorded_a_step_of_the_case_is_refused(ew):
    file = _file(ew)
    approver = make_user(username="approver", role="supervisor", region=ew.world.city)
    with transaction.atomic():
        record(
            event_type="case.file", subject=file.case, agency_id=file.agency_id, actor=approver, payload={}
        )
    with pytest.raises(DomainError, match="审核或者审批"):
        scoring.assign_evaluator(file=file, evaluator=approver, actor=ew.supervisor)


def test_a_third_evaluator_without_conflict_may_be_added_and_then_all_three_must_submit(ew):
    file = _file(ew)
    third = make_user(username="third", role="supervisor", region=ew.world.city)
    scoring.assign_evaluator(file=file, evaluator=third, actor=ew.supervisor)
    sheets = list(file.sheets.all())
    for s in sheets[:2]:
        scoring.score_submit(sheet=s, entries=entries_for(s), actor=s.evaluator)
    file.refresh_from_db()
    assert file.status == "scoring"
    scoring.score_submit(sheet=sheets[2], entries=entries_for(sheets[2]), actor=third)
    file.refresh_from_db()
    assert file.status == "scored"


def test_bad_sheet_is_refused_whole_with_chinese_messages(ew):
    file = _file(ew)
    sheet = file.sheets.first()
    entries = entries_for(sheet, deductions={"S1": "25"})
    del entries["S2"]
    entries["S3"] = scoring.ItemInput(passed=False, deduction=Decimal(3), reason="")
    with pytest.raises(DomainError) as exc:
        scoring.score_submit(sheet=sheet, entries=entries, actor=sheet.evaluator)
    text = exc.value.message
    assert "S2“定性准确" in text and "未评" in text
    assert "扣分应在 0 至 20 分之间" in text
    assert "须写明扣分理由" in text
    sheet.refresh_from_db()
    assert sheet.submitted_at is None and not sheet.items.exists()


def test_prefill_from_the_record_and_an_override_needs_a_reason(ew, monkeypatch):
    """Items with auto_check are pre-filled from record_checks.judge_cases with their evidence; the
    evaluator confirms or overrides with a reason."""
    file = _file(ew)

    def judge_cases(case_ids):
        out = {}
        for cid in case_ids:
            out[cid] = {c: record_checks.Finding(c, True, ("已读取",), "") for c in record_checks.CHECK_CODES}
            out[cid]["two_certified_officers"] = record_checks.Finding(
                "two_certified_officers", False, ("立案时仅一名执法人员（记录 #12）",), "行政处罚法第四十二条"
            )
        return out

    monkeypatch.setattr(record_checks, "judge_cases", judge_cases)
    sheet = file.sheets.first()
    pf = scoring.prefill(sheet)
    assert pf["V5"].passed is False and pf["V5"].evidence == ("立案时仅一名执法人员（记录 #12）",)
    assert pf["S5"].passed is True
    entries = entries_for(sheet)
    assert entries["V5"].passed is False  # following the record
    entries["V5"] = scoring.ItemInput(passed=True, reason="")
    with pytest.raises(DomainError, match="与记录核查结论（不符合）不同，须写明改判理由"):
        scoring.score_submit(sheet=sheet, entries=entries, actor=sheet.evaluator)
    entries["V5"] = scoring.ItemInput(passed=True, reason="第二名执法人员的执法证在卷内第5页，记录漏登")
    scoring.score_submit(sheet=sheet, entries=entries, actor=sheet.evaluator)
    v5 = sheet.items.get(item__code="V5")
    assert v5.overridden and v5.auto_passed is False and v5.passed


def test_province_variant_rubric_overrides_the_national_default(ew):
    from zhifa.evaluation.rubrics import install, rubric_for

    spec = {**NATIONAL, "code": "shifan", "name": "示范省案卷评查标准", "good_min": None}
    variant = install(spec, region=ew.world.province)
    assert rubric_for(ew.world.city) == variant
    assert rubric_for(ew.world.city).good_min is None
    variant2 = install({**spec, "version": 2}, region=ew.world.province)
    assert rubric_for(ew.world.county_a) == variant2
