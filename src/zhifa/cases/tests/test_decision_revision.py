"""An issued decision revoked, confirmed void, changed or confirmed unlawful (行政处罚法 Art.38, 48; SAMR
市场监督管理行政处罚信息公示规定 Art.11): the step records the authority and the reason (decision.revoked /
decision.changed), a revoked decision's execution clocks end and the case may be closed on that ground
(SAMR 程序规定 Art.77); and,
end to end, the publicity app flags the published decision for withdrawal within 3 working days with
that reason (it reacts to the journal; cases imports no publicity code)."""

from datetime import date

import pytest

from zhifa.accounts.services import api_token_create
from zhifa.cases import engine
from zhifa.cases.models import DeadlineStatus
from zhifa.cases.procedures.general import closing_extra
from zhifa.cases.tests.conftest import step, to_reported
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
    case = step(cw, case, "record_payment", date(2026, 4, 10))
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
