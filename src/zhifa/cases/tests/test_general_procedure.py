"""Scenario tests: each procedure walked end to end through the engine (legal-rules §2, §3, §5)."""

from datetime import date
from decimal import Decimal

import pytest

from zhifa.cases import engine, services
from zhifa.cases.models import Case, DeadlineStatus
from zhifa.cases.tests.conftest import FILED, open_compulsion, receipt, step, to_reported
from zhifa.journal.models import JournalEntry
from zhifa.journal.sequencer import integrate_batch

pytestmark = pytest.mark.django_db
# SAMR 程序规定 Art.62 para.1(3): the hearing step records whether the party's points are adopted, and why.
ADOPTED = "不予采纳，理由：当事人提出的货值异议与抽样记录不符"


def _deadline(case, kind):
    return case.deadlines.filter(kind=kind).order_by("-id").first()


def test_general_procedure_end_to_end(cw, lead):
    # Filing clock: 15 WD from Mon 2026-03-02 → Mon 03-23 (SAMR Art.18).
    assert _deadline(lead, "filing").due_on == date(2026, 3, 23)
    case = step(cw, lead, "file", FILED)
    assert case.state == "investigating"
    assert case.case_number == "江北市监立〔2026〕1号" or case.case_number.endswith("立〔2026〕1号")
    assert _deadline(case, "filing").status == DeadlineStatus.MET
    # 90 calendar days from Wed 03-04 → Tue 06-02 (Art.60).
    assert _deadline(case, "decision_period").due_on == date(2026, 6, 2)

    case = engine.execute(
        case=case,
        transition="report",
        actor=cw.officer_user,
        data={
            "penalty_kinds": ["罚款"],
            "fine_amount": "60000",
            "benchmark_id": cw.benchmark.pk,
            "benchmark_tier": "minor",
            "tier_reason": "首次违法",
            "facts": "销售不合格食品",
        },
        on=date(2026, 3, 20),
    )
    assert case.state == "reported" and case.benchmark_history_id is not None

    case = step(cw, case, "serve_notice", date(2026, 3, 23))
    assert case.state == "noticed" and case.notice_fine_amount == Decimal("60000")
    # Statement period: 5 WD from Mon 03-23 → Mon 03-30.
    assert _deadline(case, "statement_period").due_on == date(2026, 3, 30)

    case = step(
        cw, case, "close_statement", date(2026, 3, 31), summary="当事人申辩货值较小", adopted="部分采纳"
    )
    case = step(cw, case, "revise_proposal", date(2026, 3, 31), fine_amount="55000")
    case = step(cw, case, "decide", date(2026, 4, 1))
    assert case.state == "decided" and "罚〔2026〕1号" in case.decision_number
    # Service within 7 WD of Wed 04-01: 04-04..06 Qingming off → Mon 04-13? count: Thu 2, Fri 3 (1,2),
    # Tue 04-07 (3) … Fri 04-10 (6), Mon 04-13 (7) — 2026-04-04/05/06 off, Sat 04-04? see calendar.
    service = _deadline(case, "service")
    assert service.due_on == date(2026, 4, 13)

    case = step(cw, case, "serve_decision", date(2026, 4, 2), method="direct")
    assert _deadline(case, "payment").due_on == date(2026, 4, 17)
    case = step(cw, case, "record_payment", date(2026, 4, 20), **receipt("59950.00"))  # three days late
    pay = JournalEntry.objects.filter(event_type="case.record_payment").get()
    assert pay.payload_data["payment"]["late_payment_penalty"] == "4950.00"  # 55000 × 3% × 3 (Art.72)
    case = step(cw, case, "close", date(2026, 4, 21))
    # The file is sealed once a signed checkpoint covers its record (cases.casefile; 118号 三（九）).
    integrate_batch(force_checkpoint=True)
    case = step(cw, case, "archive", date(2026, 4, 22))
    assert case.state == "archived"

    events = list(
        JournalEntry.objects.filter(subject=f"cases.case:{case.pk}").values_list("event_type", flat=True)
    )
    assert events == [
        "case.opened",
        "case.file",
        "case.report",
        "case.serve_notice",
        "case.close_statement",
        "case.revise_proposal",
        "decision.issued",
        "case.serve_decision",
        "case.record_payment",
        "case.close",
        "case.archive",
    ]


def test_hearing_path(cw, lead):
    case = to_reported(cw, lead, fine_amount="200000", benchmark_tier="serious", penalty_kinds=["罚款"])
    with pytest.raises(engine.TransitionRefused, match="听证"):
        step(cw, case, "serve_notice", date(2026, 3, 23))  # ≥ 100,000 for an organization (Art.63)
    case = step(cw, case, "serve_notice", date(2026, 3, 23), hearing_offered=True)
    case = step(cw, case, "request_hearing", date(2026, 3, 25))
    assert case.state == "hearing"
    with pytest.raises(engine.TransitionRefused, match="听证通知书"):
        step(
            cw, case, "hold_hearing", date(2026, 4, 8), report="听证报告", adopted=ADOPTED
        )  # never notified (Art.64(2))
    # Notified on Thu 03-26: the hearing may be held from 7 WD later, Tue 04-07 (04-06 is Qingming's day off).
    hearing = {"place": "本局听证室", "presider": "钱法制"}
    with pytest.raises(engine.TransitionRefused, match="七个工作日") as exc:
        step(cw, case, "schedule_hearing", date(2026, 3, 26), hearing_on="2026-04-06", **hearing)
    assert {r.guard for r in exc.value.refusals} == {"hearing_notice_seven_days"}
    case = step(cw, case, "schedule_hearing", date(2026, 3, 26), hearing_on="2026-04-08", **hearing)
    assert case.state == "hearing" and case.hearing_notified_on == date(2026, 3, 26)
    with pytest.raises(engine.TransitionRefused, match="听证通知书载明的 2026-04-08"):
        step(cw, case, "hold_hearing", date(2026, 4, 7), report="听证报告", adopted=ADOPTED)
    case = step(cw, case, "hold_hearing", date(2026, 4, 8), report="听证报告", adopted=ADOPTED)
    assert case.state == "ready"
    # After a hearing the heads decide collectively (SAMR 程序规定 Art.60 para.2 with Art.50 para.1(2)).
    case = step(cw, case, "collective_discussion", date(2026, 4, 8), conclusion="同意按听证后意见处罚")
    # After a hearing, Art.58 requires legal review: the only thing still standing is that gate
    # (registered by the review app; the review tests walk it through).
    with pytest.raises(engine.TransitionRefused) as exc:
        step(cw, case, "decide", date(2026, 4, 9))
    assert {r.guard for r in exc.value.refusals} == {"legal_review"}


def test_decline_filing(cw, lead):
    case = step(
        cw, lead, "decline_filing", date(2026, 3, 5), reason="违法行为轻微并及时改正，没有造成危害后果"
    )
    assert case.state == "declined" and case.case_number == ""
    assert _deadline(case, "filing").status == DeadlineStatus.MET


def test_summary_procedure(cw):
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
        penalty_kinds=["罚款"],
        fine_amount=Decimal("150"),
        actor=cw.officer_user,
    )
    case = engine.execute(
        case=case,
        transition="decide_on_spot",
        actor=cw.officer_user,
        on=date(2026, 5, 6),
        data={"facts": "当事人在城关街道摆摊销售散装熟食，未能提供进货凭证，经现场检查属实。"},
    )
    assert case.state == "decided" and "简〔2026〕" in case.decision_number
    # 7 WD from Wed 05-06: Thu (1), Fri (2), Sat 05-09 make-up day (3), Mon–Thu 05-11..14 (4–7).
    assert _deadline(case, "summary_filing").due_on == date(2026, 5, 14)
    case = engine.execute(case=case, transition="file_record", actor=cw.officer_user, on=date(2026, 5, 7))
    case = engine.execute(
        case=case, transition="record_payment", actor=cw.officer_user, on=date(2026, 5, 8), data=receipt(150)
    )
    case = engine.execute(case=case, transition="close", actor=cw.officer_user, on=date(2026, 5, 8))
    assert case.state == "closed"


def test_compulsion_with_one_extension(cw, party):
    case = open_compulsion(cw, party, date(2026, 6, 1))
    data = {"measure": "扣押", "items": "不合格月饼200盒", "site_record": "现场笔录已签字"}
    case = step(cw, case, "enforce", date(2026, 6, 1), **data)
    assert _deadline(case, "compulsion_period").due_on == date(2026, 7, 1)  # 30 days (行政强制法 Art.25)
    case = step(cw, case, "extend", date(2026, 6, 25), days=30, reason="需检验检测")
    assert _deadline(case, "compulsion_period").due_on == date(2026, 7, 31)
    with pytest.raises(engine.TransitionRefused, match="只能延长一次"):
        step(cw, case, "extend", date(2026, 7, 20), days=10, reason="再次延长")
    case = step(cw, case, "dispose", date(2026, 7, 28), outcome="检验不合格，依法没收销毁")
    assert case.state == "disposed"


def test_compulsion_on_the_spot_needs_report_within_24_hours(cw, party):
    case = open_compulsion(cw, party, date(2026, 6, 1), "紧急扣押")
    data = {"measure": "扣押", "items": "疑似有毒食品", "site_record": "笔录", "reason": "当事人正在转移"}
    case = engine.execute(
        case=case, transition="enforce_on_spot", actor=cw.officer_user, data=data, on=date(2026, 6, 1)
    )
    with pytest.raises(engine.TransitionRefused, match="二十四小时"):
        step(cw, case, "approve_on_spot", date(2026, 6, 3))
    case = step(cw, case, "approve_on_spot", date(2026, 6, 2))
    assert case.state == "in_force"


def test_no_penalty_with_education_record(cw, lead):
    lead.procedure = "no_penalty"
    lead.save()
    case = step(cw, lead, "file", FILED)
    case = step(
        cw,
        case,
        "decide_no_penalty",
        date(2026, 3, 10),
        ground="第三十三条第一款：初次违法且危害后果轻微并及时改正",
        education="已对当事人进行食品安全法律法规教育",
    )
    assert case.state == "decided" and "不罚〔2026〕" in case.decision_number
    case = step(cw, case, "close", date(2026, 3, 11))
    assert case.state == "closed"


def test_transition_writes_exactly_one_entry_atomically(cw, lead, monkeypatch):
    """Every transition writes one journal entry in its transaction: if the write fails after the
    entry, neither the state change nor the entry (nor the document number) remains."""
    before_entries = JournalEntry.objects.count()
    step(cw, lead, "file", FILED)
    assert JournalEntry.objects.count() == before_entries + 1

    case = Case.objects.get(pk=lead.pk)
    from zhifa.journal.services import record as real_record

    def record_then_fail(**kwargs):
        real_record(**kwargs)
        raise RuntimeError("disk full after the journal entry")

    monkeypatch.setattr("zhifa.cases.engine.record", record_then_fail)
    n_entries = JournalEntry.objects.count()
    with pytest.raises(RuntimeError):
        engine.execute(
            case=case,
            transition="report",
            actor=cw.officer_user,
            data={
                "penalty_kinds": ["罚款"],
                "fine_amount": "60000",
                "benchmark_id": cw.benchmark.pk,
                "benchmark_tier": "minor",
                "tier_reason": "r",
                "facts": "f",
            },
            on=date(2026, 3, 20),
        )
    assert JournalEntry.objects.count() == n_entries
    assert Case.objects.get(pk=lead.pk).state == "investigating"
    assert Case.objects.get(pk=lead.pk).fine_amount is None


def test_available_actions_explain_blocks(cw, lead):
    case = step(cw, lead, "file", FILED)
    actions = {
        t.name: refusals
        for t, refusals in engine.available(case=case, actor=cw.officer_user, on=date(2026, 3, 20))
    }
    assert "report" in actions and any("缺少" in r.message for r in actions["report"])
    assert actions["decide_recusal"][0].guard == "role"


def test_party_creation_is_journaled_without_personal_data(cw):
    from zhifa.cases import services as case_services

    party = case_services.party_create(
        agency=cw.world.agency_a,
        kind="natural_person",
        name="李明",
        address="江北市临江县城关镇幸福路12号",
        id_number="11010519491231002X",
        phone="13912345678",
    )
    entry = JournalEntry.objects.get(event_type="party.created", subject=f"cases.party:{party.pk}")
    assert entry.payload_data["name"] == "李明"
    assert "11010519491231002X" not in entry.payload and "13912345678" not in entry.payload
    assert "幸福路" not in entry.payload


def test_public_notice_counts_as_served_thirty_days_later_samr_art82(cw, lead):
    """SAMR 程序规定 Art.82(5): 公告送达 is deemed served 30 days after publication, and the 15 days to pay
    (行政处罚法 Art.67) run from then; the 送达回证 says 公告送达."""
    case = step(cw, to_reported(cw, lead), "serve_notice", date(2026, 3, 23))
    case = step(cw, case, "close_statement", date(2026, 3, 31))
    case = step(cw, case, "decide", date(2026, 4, 1))
    case = step(cw, case, "serve_decision", date(2026, 4, 2), method="public_notice", place="本局公告栏")
    # 04-02 + 30 days = Sat 05-02, inside the Labour Day holiday (05-01..05): the period ends on the next
    # working day, Wed 05-06 (行政处罚法 Art.85).
    assert case.served_on == date(2026, 5, 6)
    # 05-06 + 15 days = Thu 05-21: as if served in person on 05-06.
    assert _deadline(case, "payment").due_on == date(2026, 5, 21)
    entry = JournalEntry.objects.filter(event_type="case.serve_decision").get()
    assert entry.payload_data["served_on"] == "2026-05-06"
    assert entry.payload_data["service"][0]["method"] == "public_notice"


def test_an_extension_counts_from_the_seizure_not_from_a_date_moved_off_a_holiday(cw, party):
    """行政强制法 Art.25: 30 days, extended once by at most 30 — 60 days from the seizure. 09-01 + 30 = 10-01,
    National Day, so the first period ends 10-08; the extension ends 60 days from 09-01 (Sat 10-31 → Mon
    11-02), not 30 days after 10-08 (11-07 → 11-09), which would keep the party's goods a week longer."""
    case = open_compulsion(cw, party, date(2026, 9, 1))
    data = {"measure": "扣押", "items": "不合格月饼200盒", "site_record": "现场笔录已签字"}
    case = step(cw, case, "enforce", date(2026, 9, 1), **data)
    assert _deadline(case, "compulsion_period").due_on == date(2026, 10, 8)
    case = step(cw, case, "extend", date(2026, 9, 25), days=30, reason="需检验检测")
    assert _deadline(case, "compulsion_period").due_on == date(2026, 11, 2)


def test_only_the_agency_that_holds_the_case_takes_its_steps_art17(cw, lead):
    """行政处罚法 Art.17: another agency's head, whose role would take the step, takes no step of this
    agency's case; a supervisor who can read the case takes none either (refused for its role first)."""
    from zhifa.testing import make_user

    other = make_user(username="b_head", role="agency_head", agency=cw.world.agency_b)
    supervisor = make_user(username="sup_step", role="supervisor", region=cw.world.city)
    for actor, guard in ((other, "agency"), (supervisor, "role")):
        with pytest.raises(engine.TransitionRefused) as exc:
            engine.execute(case=lead, transition="file", actor=actor, data={}, on=FILED)
        assert [r.guard for r in exc.value.refusals] == [guard]
        if guard == "agency":
            assert "第十七条" in exc.value.refusals[0].article
    assert Case.objects.get(pk=lead.pk).state == "lead"


def test_a_notice_served_by_public_announcement_starts_the_statement_period_when_served_samr_art82(cw, lead):
    """SAMR 程序规定 Art.57, 82(5): the 5 working days to state, argue or ask for a hearing run from the
    notice's service; posted on Mon 2026-03-23, a public notice is served 30 days later, Wed 04-22, so
    the period ends Wed 04-29 — not 03-30, five working days after the posting."""
    case = to_reported(cw, lead, fine_amount="200000", benchmark_tier="serious")
    case = step(
        cw,
        case,
        "serve_notice",
        date(2026, 3, 23),
        hearing_offered=True,
        method="public_notice",
        place="公告栏",
    )
    assert case.notice_served_on == date(2026, 4, 22)
    period = _deadline(case, "statement_period")
    assert (period.anchor_on, period.due_on) == (date(2026, 4, 22), date(2026, 4, 29))
    entry = JournalEntry.objects.filter(event_type="case.serve_notice").get()
    assert entry.payload_data["notice"]["served_on"] == "2026-04-22"
    assert entry.payload_data["deadlines"] == [{"kind": "statement_period", "due_on": "2026-04-29"}]
    with pytest.raises(engine.TransitionRefused, match="2026-04-29 届满"):
        step(cw, case, "close_statement", date(2026, 3, 31))
    with pytest.raises(engine.TransitionRefused, match="2026-04-29 届满"):
        step(cw, case, "close_statement", date(2026, 4, 29))
    # The party may still ask for a hearing on the last day of the period (行政处罚法 Art.64(1)).
    assert step(cw, case, "request_hearing", date(2026, 4, 29)).state == "hearing"
