"""An issued decision revoked, confirmed void, changed or confirmed unlawful (行政处罚法 Art.38, 48; SAMR
市场监督管理行政处罚信息公示规定 Art.11): the step records the authority and the reason (decision.revoked /
decision.changed), a revoked decision's execution clocks end and the case may be closed on that ground
(SAMR 程序规定 Art.77); and,
end to end, the publicity app flags the published decision for withdrawal within 3 working days with
that reason (it reacts to the journal; cases imports no publicity code)."""

from datetime import date
from decimal import Decimal

import pytest

from zhifa.accounts.services import api_token_create
from zhifa.cases import engine
from zhifa.cases.models import DeadlineStatus
from zhifa.cases.procedures.general import closing_extra
from zhifa.cases.tests.conftest import receipt, step, to_reported
from zhifa.core.errors import DomainError
from zhifa.journal.models import JournalEntry
from zhifa.publicity import services as publicity
from zhifa.publicity.models import Publication, PublicationStatus
from zhifa.testing import make_user

pytestmark = pytest.mark.django_db

REVOCATION = {
    "ground": "revoked",
    "authority": "reconsideration",
    "document": "江北市人民政府江政复决〔2026〕3号",
    "reason": "认定事实不清，证据不足",
}


def _issued(cw, lead, callbacks):
    case = step(cw, to_reported(cw, lead), "serve_notice", date(2026, 3, 23))
    case = step(cw, case, "close_statement", date(2026, 3, 31), waived=True)
    with callbacks(execute=True):  # decision.issued drafts the publication after commit
        return step(cw, case, "decide", date(2026, 4, 1))


def _published(cw, lead, callbacks):
    case = _issued(cw, lead, callbacks)
    clerk = make_user(username="clerk_rev", role="publicity_clerk", agency=cw.world.agency_a)
    pub = publicity.approve_and_publish(
        pub=Publication.objects.get(case=case), actor=clerk, on=date(2026, 4, 2)
    )
    return step(cw, case, "serve_decision", date(2026, 4, 2), method="direct"), pub


def _entry(case, event_type):
    return JournalEntry.objects.filter(subject=f"cases.case:{case.pk}", event_type=event_type).latest("id")


def test_revoked_decision_is_flagged_for_withdrawal_in_three_working_days_art48(
    cw, lead, django_capture_on_commit_callbacks
):
    """issue → publish → revoke (复议) → the publication's 3-working-day withdrawal clock runs from the
    revocation, Wed 2026-04-29: 04-30, then Labour Day (05-01..05), 05-06, 05-07; the reason goes with it."""
    case, pub = _published(cw, lead, django_capture_on_commit_callbacks)
    assert case.deadlines.get(kind="payment").status == DeadlineStatus.RUNNING
    # Not executed, not revoked: not closed yet (SAMR 程序规定 Art.77).
    with pytest.raises(engine.TransitionRefused) as exc:
        step(cw, case, "close", date(2026, 4, 28))
    assert [r.guard for r in exc.value.refusals] == ["case_closable"]
    with django_capture_on_commit_callbacks(execute=True):
        case = step(cw, case, "revoke_decision", date(2026, 4, 29), **REVOCATION)
    assert case.state == "served"  # the state it stood in; the record says the decision is revoked

    revoked = _entry(case, "decision.revoked").payload_data
    assert revoked["revision"] == {
        "decision_number": case.decision_number,
        "ground": "revoked",
        "ground_text": "行政处罚决定被依法撤销",
        "authority": "reconsideration",
        "authority_text": "行政复议机关决定",
        "document": "江北市人民政府江政复决〔2026〕3号",
        "reason": "认定事实不清，证据不足",
    }
    # The payment clock ends with the decision (named in the entry); the closing clock starts (SAMR Art.77:
    # 15 working days from 04-29 — Labour Day off, Sat 05-09 a make-up working day — end Fri 05-22).
    assert revoked["cancelled"] == [{"kind": "payment", "due_on": "2026-04-17"}]
    assert case.deadlines.get(kind="payment").status == DeadlineStatus.CANCELLED
    assert revoked["deadlines"] == [{"kind": "closing", "due_on": "2026-05-22"}]

    pub.refresh_from_db()
    assert pub.status == PublicationStatus.PUBLISHED and pub.withdraw_due == date(2026, 5, 7)
    flagged = JournalEntry.objects.get(
        event_type="publication.withdrawal_due", subject=f"publicity.publication:{pub.pk}"
    )
    assert flagged.payload_data["due_on"] == "2026-05-07"
    assert (
        flagged.payload_data["reason"] == "行政处罚决定被依法撤销（行政复议机关决定）：认定事实不清，证据不足"
    )

    # Closed on the revocation: the 结案审批表 names it (SAMR 程序规定 Art.77).
    extra = closing_extra(engine.Context(case, cw.head, {}, date(2026, 5, 6)))
    assert extra["outcome"] == f"{case.decision_number}行政处罚决定被依法撤销（行政复议机关决定）"
    assert extra["execution"] == "决定已不再执行" and "第七十七条" in extra["ground"]
    case = step(cw, case, "close", date(2026, 5, 6))
    assert case.state == "closed" and case.closed_on == date(2026, 5, 6)
    assert _entry(case, "case.close").payload_data["from"] == "served"
    assert _entry(case, "case.close").payload_data["met"] == [{"kind": "closing", "due_on": "2026-05-22"}]
    # A revoked decision is not revoked or changed again.
    with pytest.raises(engine.TransitionRefused) as exc:
        step(
            cw,
            case,
            "change_decision",
            date(2026, 5, 7),
            ground="illegal",
            authority="litigation",
            reason="违法",
        )
    assert [r.guard for r in exc.value.refusals] == ["decision_in_force"]


def test_changed_decision_is_flagged_too_and_the_case_goes_on_art48(
    cw, lead, django_capture_on_commit_callbacks
):
    case, pub = _published(cw, lead, django_capture_on_commit_callbacks)
    change = {"ground": "changed", "authority": "litigation", "reason": "罚款数额畸重"}
    with pytest.raises(DomainError, match="变更后的处理内容"):
        step(cw, case, "change_decision", date(2026, 4, 29), **change)
    with pytest.raises(DomainError, match="变更理由"):
        step(
            cw,
            case,
            "change_decision",
            date(2026, 4, 29),
            **{**change, "reason": " ", "changed_to": "罚款三万元"},
        )
    with django_capture_on_commit_callbacks(execute=True):
        case = step(cw, case, "change_decision", date(2026, 4, 29), **change, changed_to="罚款三万元")
    assert case.state == "served"  # the decision stands, changed
    assert _entry(case, "decision.changed").payload_data["revision"]["changed_to"] == "罚款三万元"
    assert case.deadlines.get(kind="payment").status == DeadlineStatus.RUNNING
    pub.refresh_from_db()
    assert pub.withdraw_due == date(2026, 5, 7)
    flagged = JournalEntry.objects.get(event_type="publication.withdrawal_due")
    assert flagged.payload_data["reason"] == "行政处罚决定被依法变更（人民法院裁判）：罚款数额畸重"


def test_a_court_revokes_the_decision_of_a_closed_case_art48(cw, lead, django_capture_on_commit_callbacks):
    """行政诉讼法 Art.46 gives six months to sue: a judgment often comes after the case was closed. The case
    stays closed (no new closing clock); the published decision is flagged for withdrawal all the same."""
    case, pub = _published(cw, lead, django_capture_on_commit_callbacks)
    case = step(cw, case, "record_payment", date(2026, 4, 10), **receipt(60000))
    case = step(cw, case, "close", date(2026, 4, 13))
    judgment = {
        **REVOCATION,
        "authority": "litigation",
        "document": "江北区人民法院（2026）行初12号行政判决书",
    }
    with django_capture_on_commit_callbacks(execute=True):
        case = step(cw, case, "revoke_decision", date(2026, 9, 15), **judgment)
    assert case.state == "closed" and case.closed_on == date(2026, 4, 13)
    entry = _entry(case, "decision.revoked").payload_data
    assert "deadlines" not in entry and "cancelled" not in entry  # the clocks had all ended
    pub.refresh_from_db()
    assert pub.withdraw_due == date(2026, 9, 18)  # 3 working days from Tue 09-15
    with pytest.raises(engine.TransitionRefused, match="已被撤销或者确认无效"):
        step(cw, case, "revoke_decision", date(2026, 9, 16), **judgment)


def test_a_revoked_decision_not_yet_published_is_never_published_samr_publicity_art11(
    cw, lead, django_capture_on_commit_callbacks
):
    case = _issued(cw, lead, django_capture_on_commit_callbacks)
    assert Publication.objects.get(case=case).status == PublicationStatus.DRAFT
    with django_capture_on_commit_callbacks(execute=True):
        step(
            cw,
            case,
            "revoke_decision",
            date(2026, 4, 2),
            **{**REVOCATION, "ground": "void", "authority": "agency"},
        )
    pub = Publication.objects.get(case=case)
    assert pub.status == PublicationStatus.SUPPRESSED and "确认无效" in pub.suppressed_reason
    assert pub.withdraw_due is None


def test_revocation_needs_the_head_a_ground_and_a_reason_art48(cw, lead, django_capture_on_commit_callbacks):
    case = _issued(cw, lead, django_capture_on_commit_callbacks)
    with pytest.raises(engine.TransitionRefused) as exc:
        step(cw, case, "revoke_decision", date(2026, 4, 2), actor=cw.officer_user, **REVOCATION)
    assert [r.guard for r in exc.value.refusals] == ["role"]
    with pytest.raises(DomainError, match="撤销的情形"):
        step(cw, case, "revoke_decision", date(2026, 4, 2), **{**REVOCATION, "ground": "changed"})
    with pytest.raises(DomainError, match="撤销理由"):
        step(cw, case, "revoke_decision", date(2026, 4, 2), **{**REVOCATION, "reason": ""})
    assert not JournalEntry.objects.filter(event_type="decision.revoked").exists()


def test_revocation_over_the_api_and_the_workbench_form(client, cw, lead, django_capture_on_commit_callbacks):
    case = _issued(cw, lead, django_capture_on_commit_callbacks)
    _, key = api_token_create(user=cw.head, name="t", actor=None)
    headers = {"Authorization": f"Bearer {key}"}
    actions = client.get(f"/api/v1/cases/{case.pk}/actions", headers=headers).json()
    assert {"revoke_decision", "change_decision"} <= {a["name"] for a in actions}
    url = f"/api/v1/cases/{case.pk}/transitions/revoke_decision"
    resp = client.post(
        url,
        {"on": "2026-04-02", "data": {**REVOCATION, "reason": ""}},
        content_type="application/json",
        headers=headers,
    )
    assert resp.status_code == 422 and resp.json()["field"] == "reason"
    client.force_login(cw.head)
    page = client.get(f"/workbench/cases/{case.pk}/").content.decode()
    assert "处罚决定被撤销或确认无效" in page and "撤销理由（撤下公示时一并公开）" in page
    resp = client.post(
        f"/workbench/cases/{case.pk}/steps/revoke_decision/", {"on": "2026-04-02", **REVOCATION}
    )
    assert resp.status_code == 302
    revision = JournalEntry.objects.get(event_type="decision.revoked").payload_data["revision"]
    assert revision["reason"] == REVOCATION["reason"]


def _payments(case):
    return list(
        case.deadlines.filter(kind="payment").order_by("id").values_list("anchor_on", "due_on", "status")
    )


RECONSIDERED = {
    "ground": "changed",
    "authority": "reconsideration",
    "document": "江北市人民政府江政复决〔2026〕5号",
    "changed_to": "罚款人民币三万元",
    "reason": "罚款数额明显不当",
}


def test_a_reconsideration_reduces_the_fine_and_the_fifteen_days_to_pay_run_again_art67(
    cw, lead, django_capture_on_commit_callbacks
):
    """行政处罚法 Art.48, 67: 复议 changes the fine from 60,000 to 30,000 元. The case now imposes 30,000 —
    outside the agency's own tier (50,000–80,000): the reconsideration body is not bound by the agency's
    benchmark — and the 15 days to pay run again from the day the changed decision was served on the
    party, Tue 04-28: due Wed 05-13; the first clock (due 04-17) is cancelled, both named in the entry."""
    case, _ = _published(cw, lead, django_capture_on_commit_callbacks)
    assert _payments(case) == [(date(2026, 4, 2), date(2026, 4, 17), DeadlineStatus.RUNNING)]
    case = step(
        cw,
        case,
        "change_decision",
        date(2026, 4, 29),
        fine_amount="30000",
        served_on="2026-04-28",
        **RECONSIDERED,
    )
    assert (case.state, case.penalty_kinds, case.fine_amount) == ("served", ["罚款"], Decimal("30000.00"))
    assert _payments(case) == [
        (date(2026, 4, 2), date(2026, 4, 17), DeadlineStatus.CANCELLED),
        (date(2026, 4, 28), date(2026, 5, 13), DeadlineStatus.RUNNING),
    ]
    entry = _entry(case, "decision.changed").payload_data
    assert entry["revision"]["penalty"] == {
        "before": {"penalty_kinds": ["罚款"], "fine_amount": "60000.00", "confiscation_amount": None},
        "after": {"penalty_kinds": ["罚款"], "fine_amount": "30000.00", "confiscation_amount": None},
        "payment_from": "2026-04-28",
    }
    assert entry["cancelled"] == [{"kind": "payment", "due_on": "2026-04-17"}]
    assert entry["deadlines"] == [{"kind": "payment", "due_on": "2026-05-13"}]
    # Paid within the new period: the changed amount, no late-payment penalty (Art.72 counts from 05-13).
    case = step(cw, case, "record_payment", date(2026, 5, 13), **receipt(30000))
    payment = _entry(case, "case.record_payment").payload_data["payment"]
    assert (Decimal(payment["principal"]), Decimal(payment["late_payment_penalty"])) == (
        Decimal(30000),
        Decimal(0),
    )
    assert _payments(case)[-1][2] == DeadlineStatus.MET


def test_the_agencys_own_change_keeps_to_its_benchmark_and_to_the_notice_art34_45(
    cw, lead, django_capture_on_commit_callbacks
):
    """行政处罚法 Art.34 (国市监法规〔2022〕2号 Art.10): changed by the agency itself, the fine stays in the
    tier's range; Art.44, 45, 62: and no heavier than the notice of intent announced (60,000). A change
    that only 确认违法 keeps the decision's content. Refusals leave no trace."""
    case, _ = _published(cw, lead, django_capture_on_commit_callbacks)
    own = {**RECONSIDERED, "authority": "agency", "document": "", "changed_to": "罚款人民币五万五千元"}
    with pytest.raises(engine.TransitionRefused) as exc:
        step(cw, case, "change_decision", date(2026, 4, 20), fine_amount="30000", **own)
    assert [r.guard for r in exc.value.refusals] == ["amount_within_tier"]
    assert "50000" in exc.value.refusals[0].message and "第三十四条" in exc.value.refusals[0].article
    with pytest.raises(engine.TransitionRefused) as exc:
        step(
            cw,
            case,
            "change_decision",
            date(2026, 4, 20),
            fine_amount="90000",
            benchmark_tier="ordinary",
            tier_reason="货值金额较大",
            **own,
        )
    assert [r.guard for r in exc.value.refusals] == ["not_heavier_than_notice"]
    with pytest.raises(DomainError, match="确认违法的，原决定内容不变"):
        step(
            cw,
            case,
            "change_decision",
            date(2026, 4, 20),
            fine_amount="55000",
            **{**own, "ground": "illegal"},
        )
    assert not JournalEntry.objects.filter(event_type="decision.changed").exists()
    case.refresh_from_db()
    assert case.fine_amount == Decimal(60000)

    reason_before = case.tier_reason
    case = step(
        cw,
        case,
        "change_decision",
        date(2026, 4, 20),
        fine_amount="55000",
        tier_reason="主动消除危害后果",
        **own,
    )
    assert case.fine_amount == Decimal(55000)
    # The entry says what the tier reason was, and what it is now.
    penalty = _entry(case, "decision.changed").payload_data["revision"]["penalty"]
    assert (
        penalty["tier_reason"] == "主动消除危害后果"
        and penalty["tier_before"]["tier_reason"] == reason_before
    )
    # Served the day of the step: 04-20 + 15 days = Tue 05-05, inside Labour Day (05-01..05) → Wed 05-06.
    assert _payments(case)[-1] == (date(2026, 4, 20), date(2026, 5, 6), DeadlineStatus.RUNNING)
    # The reconsideration body may go below the tier; a served date after the step is refused.
    with pytest.raises(DomainError, match="送达日期"):
        step(
            cw,
            case,
            "change_decision",
            date(2026, 4, 29),
            fine_amount="30000",
            served_on="2026-04-30",
            **RECONSIDERED,
        )


def test_a_changed_fine_after_the_demand_is_demanded_anew_after_its_new_period_art67(
    cw, lead, django_capture_on_commit_callbacks
):
    """行政强制法 Art.35: the 催告 names the amount due. The fine changed by a court after the 催告 (04-20):
    that 催告's period is cancelled with the old payment clock, the case is back to served, and the
    15 days to pay the new amount run from the step's date (Wed 04-29 → Thu 05-14); a new 催告 only
    after them (行政处罚法 Art.67, 72)."""
    case, _ = _published(cw, lead, django_capture_on_commit_callbacks)
    case = step(cw, case, "demand_performance", date(2026, 4, 20), method="direct")
    assert case.state == "demanded"
    judged = {**RECONSIDERED, "authority": "litigation", "document": "江北区人民法院（2026）行初20号"}
    case = step(cw, case, "change_decision", date(2026, 4, 29), fine_amount="40000", **judged)
    assert case.state == "served" and case.fine_amount == Decimal(40000)
    assert case.deadlines.get(kind="demand_period").status == DeadlineStatus.CANCELLED
    assert _payments(case)[-1] == (date(2026, 4, 29), date(2026, 5, 14), DeadlineStatus.RUNNING)
    entry = _entry(case, "decision.changed").payload_data
    assert {c["kind"] for c in entry["cancelled"]} == {"payment", "demand_period"}
    assert (entry["from"], entry["to"]) == ("demanded", "served")
    with pytest.raises(engine.TransitionRefused, match="2026-05-14 届满"):
        step(cw, case, "demand_performance", date(2026, 5, 14), method="direct")


def test_a_changed_fine_of_an_executed_decision_starts_no_payment_clock_art67(
    cw, lead, django_capture_on_commit_callbacks
):
    """Paid already (executed): the case records the changed fine; no 15 days to pay start again (a
    refund is not in legal-rules and not encoded). A change that leaves the penalty alone (确认违法, or
    only the text) moves no clock."""
    case, _ = _published(cw, lead, django_capture_on_commit_callbacks)
    case = step(cw, case, "record_payment", date(2026, 4, 10), **receipt(60000))
    case = step(cw, case, "change_decision", date(2026, 4, 29), fine_amount="30000", **RECONSIDERED)
    assert (case.state, case.fine_amount) == ("executed", Decimal(30000))
    entry = _entry(case, "decision.changed").payload_data
    assert "deadlines" not in entry and "payment_from" not in entry["revision"]["penalty"]
    assert len(_payments(case)) == 1
    case = step(
        cw,
        case,
        "change_decision",
        date(2026, 5, 6),
        ground="illegal",
        authority="litigation",
        reason="程序违法",
    )
    assert "penalty" not in _entry(case, "decision.changed").payload_data["revision"]


def test_a_fine_changed_through_the_workbench_form_art48(
    client, cw, lead, django_capture_on_commit_callbacks
):
    """The head's form on the case page takes the changed penalty; kinds left unselected stay as they were."""
    case, _ = _published(cw, lead, django_capture_on_commit_callbacks)
    client.force_login(cw.head)
    page = client.get(f"/workbench/cases/{case.pk}/").content.decode()
    assert "变更后的罚款金额（元）" in page and "变更决定送达当事人的日期" in page
    resp = client.post(
        f"/workbench/cases/{case.pk}/steps/change_decision/",
        {"on": "2026-04-29", **RECONSIDERED, "fine_amount": "30000", "served_on": "2026-04-28"},
    )
    assert resp.status_code == 302
    case.refresh_from_db()
    assert (case.penalty_kinds, case.fine_amount) == (["罚款"], Decimal(30000))
    assert _payments(case)[-1] == (date(2026, 4, 28), date(2026, 5, 13), DeadlineStatus.RUNNING)


def test_a_revoked_decision_is_not_served_demanded_enforced_or_paid_art38(
    cw, lead, django_capture_on_commit_callbacks
):
    """行政处罚法 Art.38 para.2, 48; 行政强制法 Art.53: once revoked (or confirmed void) a decision is not
    served, and nothing is executed under it; the case page does not offer those steps."""
    case = _issued(cw, lead, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        case = step(cw, case, "revoke_decision", date(2026, 4, 2), **REVOCATION)
    assert case.decision_revoked_on == date(2026, 4, 2)
    with pytest.raises(engine.TransitionRefused, match="已被撤销或者确认无效，不能再送达") as refused:
        step(cw, case, "serve_decision", date(2026, 4, 3), method="direct")
    assert "第三十八条" in refused.value.refusals[0].article
    offered = {t.name: refusals for t, refusals in engine.available(case=case, actor=cw.head)}
    assert any(r.guard == "decision_executable" for r in offered.get("serve_decision", []))


def test_a_decision_revoked_after_service_is_not_demanded_or_paid_art38(
    cw, lead, django_capture_on_commit_callbacks
):
    case, _pub = _published(cw, lead, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        case = step(cw, case, "revoke_decision", date(2026, 4, 10), **REVOCATION)
    for name, data in (("demand_performance", {}), ("record_payment", {"paid_on": date(2026, 4, 11)})):
        with pytest.raises(DomainError, match="已被撤销或者确认无效"):
            step(cw, case, name, date(2026, 5, 11), **data)


@pytest.mark.parametrize(
    ("authority", "article"),
    [("reconsideration", "行政复议法》第六十三条第二款"), ("litigation", "行政诉讼法》第七十七条第二款")],
)
def test_a_reconsideration_or_court_change_is_never_heavier(
    cw, lead, django_capture_on_commit_callbacks, authority, article
):
    """行政复议法 (2023) Art.63 para.2; 行政诉讼法 Art.77 para.2: the body that hears the party's challenge
    may not change the penalty to the party's detriment: a higher fine or an added kind is refused, a
    lower one is recorded (the test above)."""
    case, _ = _published(cw, lead, django_capture_on_commit_callbacks)
    ordered = {**RECONSIDERED, "authority": authority}
    for change in ({"fine_amount": "90000"}, {"penalty_kinds": ["罚款", "警告"]}):
        with pytest.raises(engine.TransitionRefused, match="较原决定更重") as refused:
            step(cw, case, "change_decision", date(2026, 4, 29), **change, **ordered)
        assert article in refused.value.refusals[0].article
    case.refresh_from_db()
    assert case.fine_amount == Decimal("60000.00") and case.penalty_kinds == ["罚款"]


def test_a_draft_of_a_changed_decision_is_drafted_again_samr_publicity_art11(
    cw, lead, django_capture_on_commit_callbacks
):
    """行政处罚法 Art.48; SAMR 公示规定 Art.11: a decision changed before its draft was published is not
    published as it was: the draft is composed again from the changed case, and the record says so."""
    case = _issued(cw, lead, django_capture_on_commit_callbacks)
    draft = Publication.objects.get(case=case)
    assert "60000" in draft.penalty_display
    with django_capture_on_commit_callbacks(execute=True):
        case = step(cw, case, "change_decision", date(2026, 4, 29), fine_amount="30000", **RECONSIDERED)
    draft.refresh_from_db()
    assert draft.status == PublicationStatus.DRAFT
    assert "30000" in draft.penalty_display and "60000" not in draft.penalty_display
    assert "30000" in draft.original_text and "60000" not in draft.original_text
    redrafted = JournalEntry.objects.get(
        event_type="publication.redrafted", subject=f"publicity.publication:{draft.pk}"
    )
    assert "罚款数额明显不当" in redrafted.payload_data["reason"]


def test_a_revoked_decision_is_refused_at_publishing_even_before_publicity_reacted_art48(
    cw, lead, django_capture_on_commit_callbacks
):
    """The clerk publishing at the moment the head revokes: publishing reads the record and refuses."""
    case = _issued(cw, lead, django_capture_on_commit_callbacks)
    step(cw, case, "revoke_decision", date(2026, 4, 2), **REVOCATION)  # the subscriber has not run yet
    clerk = make_user(username="clerk_race", role="publicity_clerk", agency=cw.world.agency_a)
    with pytest.raises(DomainError, match="已被撤销或者确认无效，不予公示"):
        publicity.approve_and_publish(
            pub=Publication.objects.get(case=case), actor=clerk, on=date(2026, 4, 2)
        )
    assert Publication.objects.get(case=case).status == PublicationStatus.DRAFT


def test_a_withdrawal_reason_shown_to_the_public_is_redacted(cw, lead, django_capture_on_commit_callbacks):
    """DESIGN invariant 7: what the portal shows is redacted; a withdrawal reason stated publicly may be
    free text with personal data (a phone number here). The journal keeps the reason as given."""
    case, pub = _published(cw, lead, django_capture_on_commit_callbacks)
    clerk = make_user(username="clerk_wd", role="publicity_clerk", agency=cw.world.agency_a)
    reason = "经复查认定事实不清，联系人王建国，电话13912345678"
    publicity.withdraw(pub=pub, reason=reason, public_notice=True, actor=clerk, on=date(2026, 4, 3))
    pub.refresh_from_db()
    assert "13912345678" not in pub.withdraw_reason and "经复查认定事实不清" in pub.withdraw_reason
    entry = JournalEntry.objects.get(
        event_type="publication.withdrawn", subject=f"publicity.publication:{pub.pk}"
    )
    assert (
        entry.payload_data["reason"] == reason and entry.payload_data["public_reason"] == pub.withdraw_reason
    )


def _decided_with(cw, lead, callbacks, **proposal):
    """A decision on a benchmark of the agency's own words, issued and served (as _published)."""
    # A fine this large: the notice offers a hearing (行政处罚法 Art.63), which the party waives.
    case = step(
        cw, to_reported(cw, lead, **proposal), "serve_notice", date(2026, 3, 23), hearing_offered=True
    )
    case = step(cw, case, "close_statement", date(2026, 3, 31), waived=True)
    with callbacks(execute=True):
        case = step(cw, case, "decide", date(2026, 4, 1))
    return step(cw, case, "serve_decision", date(2026, 4, 2), method="direct")


def test_a_change_sets_the_responsible_persons_fine_never_heavier_on_reconsideration_art48(
    client, cw, lead, django_capture_on_commit_callbacks
):
    """行政处罚法 Art.48; 行政复议法 Art.63 para.2: a 双罚 decision (the unit and its responsible persons
    fined, each within the tier's own range) changed by the reconsideration body: the persons' fine is
    lowered and recorded before and after; raising it (or adding one where there was none) is refused.
    The unit's fine did not change: its 15 days to pay do not run again. The head's form offers it."""
    from zhifa.cases.tests.test_tier_forms import _benchmark

    double = _benchmark(
        cw,
        {
            "label": "B",
            "tier": "serious",
            "conditions": "逾期未改正的",
            "fine_text": "并处十万元以上二十万元以下的罚款，"
            "对其直接负责的主管人员和其他直接责任人员处二万元以上五万元以下的罚款",
        },
    )
    case = _decided_with(
        cw,
        lead,
        django_capture_on_commit_callbacks,
        benchmark_id=double.pk,
        benchmark_tier="B",
        fine_amount="150000",
        person_fine_amount="30000",
    )
    payments = _payments(case)
    with pytest.raises(engine.TransitionRefused, match="提高对责任人员的罚款数额"):
        step(cw, case, "change_decision", date(2026, 4, 29), person_fine_amount="40000", **RECONSIDERED)
    case.refresh_from_db()
    case = step(cw, case, "change_decision", date(2026, 4, 29), person_fine_amount="20000", **RECONSIDERED)
    assert (case.fine_amount, case.person_fine_amount) == (Decimal(150000), Decimal(20000))
    penalty = _entry(case, "decision.changed").payload_data["revision"]["penalty"]
    assert (penalty["before"]["person_fine_amount"], penalty["after"]["person_fine_amount"]) == (
        "30000.00",
        "20000.00",
    )
    assert "payment_from" not in penalty and _payments(case) == payments
    client.force_login(cw.head)
    page = client.get(f"/workbench/cases/{case.pk}/").content.decode()
    assert (
        "变更后的对直接负责的主管人员和其他直接责任人员罚款（元）" in page and "变更后的计算基数金额" in page
    )


def test_the_agencys_own_change_of_the_base_amount_is_checked_against_the_multiple_art34(
    cw, lead, django_capture_on_commit_callbacks
):
    """行政处罚法 Art.34, 48: a fine stated as 15–20 times the 货值金额. The agency finds the 货值金额 was
    16,000 元, not 20,000: the fine of 300,000 stays inside 240,000–320,000 and the change records the new
    base; at 10,000 元 (150,000–200,000) the same fine is refused, and nothing is recorded."""
    from zhifa.cases.tests.test_tier_forms import _benchmark

    multiple = _benchmark(
        cw,
        {
            "label": "较重违法行为",
            "conditions": "货值金额一万元以上的",
            "fine_text": "没收违法所得；货值金额一万元以上的，并处货值金额十五倍以上二十倍以下罚款",
        },
    )
    case = _decided_with(
        cw,
        lead,
        django_capture_on_commit_callbacks,
        benchmark_id=multiple.pk,
        benchmark_tier="较重违法行为",
        base_kind="货值金额",
        base_amount="20000",
        fine_amount="300000",
    )
    own = {**RECONSIDERED, "authority": "agency", "document": "", "changed_to": "货值金额更正为一万元"}
    with pytest.raises(engine.TransitionRefused) as refused:
        step(cw, case, "change_decision", date(2026, 4, 20), base_amount="10000", **own)
    assert [r.guard for r in refused.value.refusals] == ["amount_within_tier"]
    assert "150000" in refused.value.refusals[0].message and "200000" in refused.value.refusals[0].message
    assert not JournalEntry.objects.filter(event_type="decision.changed").exists()
    case.refresh_from_db()
    case = step(cw, case, "change_decision", date(2026, 4, 20), base_amount="16000", **own)
    assert (case.base_kind, case.base_amount, case.fine_amount) == (
        "货值金额",
        Decimal(16000),
        Decimal(300000),
    )
    penalty = _entry(case, "decision.changed").payload_data["revision"]["penalty"]
    assert (penalty["before"]["base_amount"], penalty["after"]["base_amount"]) == ("20000.00", "16000.00")
