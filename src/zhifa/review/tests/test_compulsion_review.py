"""Review of compulsion decisions (issue 17 part 6): through the same gate and desk as penalties, where
the region asks for it (`compulsion_review_all`); nationally only the major ones (国办发〔2018〕118号
一(三)、四(十二))."""

from datetime import date
from decimal import Decimal

import pytest

from zhifa.cases import engine
from zhifa.cases.models import Case, ProcedureSetting
from zhifa.cases.tests.conftest import open_compulsion, step
from zhifa.catalog.models import MajorDecisionRule
from zhifa.core.errors import DomainError
from zhifa.review import services
from zhifa.review.tests.test_review import reviewer  # noqa: F401  (fixture)
from zhifa.review.triggers import triggers_for

pytestmark = pytest.mark.django_db

ON = date(2026, 6, 1)
SEIZE = {"measure": "扣押", "items": "不合格月饼200盒", "site_record": "现场笔录已签字"}
MATERIALS = {
    "draft_decision": "扣押决定书代拟稿：扣押不合格月饼200盒，期限三十日",
    "legal_basis": "《中华人民共和国食品安全法》第一百一十条",
    "evidence": "现场笔录、照片",
}
BASIS = "示范省行政执法三项制度实施办法第二十条"


def _all_reviewed(cw):
    ProcedureSetting.objects.create(
        key="compulsion_review_all", region=cw.world.province, value=Decimal(1), basis=BASIS
    )


def test_nationally_an_ordinary_seizure_needs_no_review_118_4_12(cw, party):
    case = open_compulsion(cw, party, ON)
    assert triggers_for(case) == []
    assert step(cw, case, "enforce", ON, **SEIZE).state == "in_force"


def test_nationally_a_major_seizure_goes_through_the_gate_118_4_12(cw, party):
    case = open_compulsion(cw, party, ON)
    Case.objects.filter(pk=case.pk).update(major_public_interest=True)
    case.refresh_from_db()
    [trigger] = triggers_for(case)
    assert trigger.basis == "国办发〔2018〕118号 四（十二）第1项"  # not 行政处罚法 Art.58: not a penalty
    with pytest.raises(engine.TransitionRefused) as refused:
        step(cw, case, "enforce", ON, **SEIZE)
    gate = next(r for r in refused.value.refusals if r.guard == "legal_review")
    assert "未经法制审核不得作出决定" in gate.message
    assert gate.article == "国办发〔2018〕118号 一（三）、四（十二）"


def test_the_catalogue_may_name_compulsion_decisions_118_4_12(cw, party):
    MajorDecisionRule.objects.create(
        agency=cw.world.agency_a, name="查封经营场所", item_kinds=["penalty"], basis="目录清单第3项"
    )
    case = open_compulsion(cw, party, ON)
    # The test item is a penalty item; the row fires on its kind, as a compulsion row would on its own.
    assert [t.source for t in triggers_for(case)] == ["catalogue"]


def test_where_the_region_asks_every_seizure_is_reviewed_at_the_same_desk(cw, party, reviewer):  # noqa: F811
    r, user = reviewer
    _all_reviewed(cw)
    case = open_compulsion(cw, party, ON)
    [trigger] = triggers_for(case)
    assert trigger.source == "regional" and trigger.basis == BASIS
    with pytest.raises(engine.TransitionRefused, match="未经法制审核不得作出决定"):
        step(cw, case, "enforce", ON, **SEIZE)

    # The desk: materials fit for a measure (no investigation report precedes it).
    with pytest.raises(DomainError, match="证据材料"):
        services.submit(case=case, materials={**MATERIALS, "evidence": ""}, actor=cw.officer_user, on=ON)
    sub = services.submit(case=case, materials=MATERIALS, actor=cw.officer_user, on=ON)
    assert sub.reviewer == r
    with pytest.raises(engine.TransitionRefused, match="尚未通过"):
        step(cw, case, "enforce", ON, **SEIZE)
    services.issue_opinion(submission=sub, kind="agree", text="同意扣押", checklist=[], actor=user, on=ON)
    assert step(cw, case, "enforce", ON, **SEIZE).state == "in_force"

    # The review's record is part of the measure's electronic case file.
    from zhifa.evidence import casefile
    from zhifa.journal.models import JournalEntry

    journal = casefile.build(case=case).manifest["journal"]
    review = JournalEntry.objects.filter(subject=f"review.reviewsubmission:{sub.pk}").values_list(
        "pk", flat=True
    )
    assert set(review) and set(review) <= set(journal["pending"])


def test_an_emergency_measure_on_the_spot_is_not_held_for_review_compulsion_law_art19(cw, party):
    _all_reviewed(cw)
    case = open_compulsion(cw, party, ON, "紧急扣押")
    data = {**SEIZE, "reason": "当事人正在转移涉案物品"}
    case = engine.execute(case=case, transition="enforce_on_spot", actor=cw.officer_user, data=data, on=ON)
    assert case.state == "on_spot"


def test_a_seizure_in_force_is_not_sent_to_review(cw, party):
    case = open_compulsion(cw, party, ON)
    case = step(cw, case, "enforce", ON, **SEIZE)
    _all_reviewed(cw)
    with pytest.raises(DomainError, match="批准实施前送法制审核"):
        services.submit(case=case, materials=MATERIALS, actor=cw.officer_user, on=ON)


def test_the_case_page_offers_the_desk_for_a_proposed_seizure(client, cw, party):
    _all_reviewed(cw)
    case = open_compulsion(cw, party, ON)
    client.force_login(cw.officer_user)
    page = client.get(f"/workbench/cases/{case.pk}/").content.decode()
    assert "送法制审核" in page and "本地区行政强制决定均须法制审核" in page
    assert "决定代拟稿" in page and "调查终结报告" not in page
