"""Issue 17, parts 3–5: orders that are not penalties, instalments and deferral, payment through the bank.

The scenarios the issue asks for: an order to correct followed by a check; an instalment plan with one late
instalment; a case closed only once bank receipts cover the fine — and the cash exceptions of Art.68–71."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from zhifa.cases import engine, services
from zhifa.cases.documents import document_text
from zhifa.cases.models import Deadline, DeadlineStatus, Document
from zhifa.cases.models_money import (
    BankReceipt,
    CashCollection,
    CollectionAccount,
    CorrectionOrder,
    OrderStatus,
    PlanStatus,
)
from zhifa.cases.tests.conftest import FILED, receipt, step, to_reported
from zhifa.importer.services import import_file
from zhifa.journal.models import JournalEntry
from zhifa.lib.officialdoc import from_json

pytestmark = pytest.mark.django_db


def _text(case, kind, n=-1):
    doc = list(Document.objects.filter(case=case, kind=kind).order_by("id"))[n]
    return doc.number, document_text(from_json(doc.content))


def _refused(code, fn):
    with pytest.raises(engine.TransitionRefused) as exc:
        fn()
    found = [r for r in exc.value.refusals if r.guard == code]
    assert found, [r.guard for r in exc.value.refusals]
    return found[0]


def _entry(case, event):
    return (
        JournalEntry.objects.filter(subject=f"cases.case:{case.pk}", event_type=event).order_by("-id").first()
    )


def _served(cw, lead, **decide):
    case = step(cw, to_reported(cw, lead), "serve_notice", date(2026, 3, 23))
    case = step(cw, case, "close_statement", date(2026, 3, 31), waived=True)
    case = step(cw, case, "decide", date(2026, 4, 1), **decide)
    return step(cw, case, "serve_decision", date(2026, 4, 2), method="direct")


ORDER = {
    "kind": "correct_within",
    "content": "停止销售不符合食品安全标准的食品，并对库存商品下架封存",
    "basis": "《中华人民共和国食品安全法》第一百二十四条",
    "days": 10,
    "working_days": True,
}


# --- part 3: orders that are not penalties (行政处罚法 Art.28 para.1) ------------------------------------


def test_an_order_to_correct_followed_by_a_check_art28(cw, lead):
    """Art.28 para.1: an order to correct within a time limit, its own numbered notice (责令限期改正通知书,
    “限改” in the agency's series) served with its 送达回证, a deadline of 10 working days on the calendar
    engine; 'not corrected' cannot be found before the deadline; the check records that it was corrected
    in time, and the clock is met."""
    case = step(cw, lead, "file", FILED)
    case = step(cw, case, "issue_order", date(2026, 3, 5), method="direct", **ORDER)
    order = CorrectionOrder.objects.get(case=case)
    number, text = _text(case, "order_correct_within")
    assert number == order.document_number and "限改〔2026〕1号" in number
    assert "责令限期改正通知书" in text and ORDER["content"] in text and "2026年3月19日" in text
    # Thu 03-05 + 10 working days: 03-06 (1), 03-09..13 (2-6), 03-16..19 (7-10).
    assert order.due_on == date(2026, 3, 19)
    deadline = Deadline.objects.get(pk=int(order.deadline_id or 0))
    assert (deadline.kind, deadline.status, deadline.working_days) == ("correction", "running", True)
    assert Document.objects.filter(case=case, kind="proof_of_service").count() == 1
    entry = _entry(case, "case.issue_order").payload_data
    assert entry["orders"][0]["number"] == number and entry["orders"][0]["due_on"] == "2026-03-19"

    with pytest.raises(Exception, match="期满后方可认定逾期未改正"):
        step(
            cw, case, "check_order", date(2026, 3, 10), order_id=order.pk, result="not_corrected", record="x"
        )
    case = step(
        cw,
        case,
        "check_order",
        date(2026, 3, 20),
        order_id=order.pk,
        result="corrected",
        corrected_on=date(2026, 3, 18),
        record="现场复查：库存商品已下架封存，未发现继续销售",
    )
    order.refresh_from_db()
    assert (order.status, order.corrected_on) == (OrderStatus.CORRECTED, date(2026, 3, 18))
    assert Deadline.objects.get(pk=int(order.deadline_id or 0)).status == DeadlineStatus.MET
    check = _entry(case, "case.check_order").payload_data["check"]
    assert check["result"] == "corrected" and check["in_time"] is True
    with pytest.raises(Exception, match="已于"):
        step(cw, case, "check_order", date(2026, 3, 21), order_id=order.pk, result="corrected", record="再查")


def test_an_order_issued_with_the_decision_is_named_in_it_and_checked_before_closing_art28(cw, lead):
    """Art.28 para.1 (实施行政处罚时应当责令当事人改正): the order given with the decision is numbered just
    before it and stated in it; the case is not closed until the order has had its check (SAMR 程序规定
    Art.77); not corrected by the deadline, the case shows it and its clock is missed."""
    case = _served(
        cw,
        lead,
        order_kind="correct",
        order_content="立即停止销售并召回已售出的不符合食品安全标准的食品",
        order_days="15",
    )
    order = CorrectionOrder.objects.get(case=case)
    assert order.with_decision and order.due_on == date(2026, 4, 16)
    _, decision = _text(case, "penalty_decision")
    assert "责令改正：立即停止销售并召回" in decision and order.document_number in decision
    case = step(cw, case, "record_payment", date(2026, 4, 10), **receipt(60000))
    refusal = _refused("orders_checked", lambda: step(cw, case, "close", date(2026, 4, 13)))
    assert order.document_number in refusal.message and "第二十八条" in refusal.article

    assert order.overdue(date(2026, 4, 17)) and not order.overdue(date(2026, 4, 16))
    case = step(
        cw,
        case,
        "check_order",
        date(2026, 4, 20),
        order_id=order.pk,
        result="not_corrected",
        record="仍在销售",
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.NOT_CORRECTED and order.overdue(date(2026, 4, 20))
    deadline = Deadline.objects.get(pk=int(order.deadline_id or 0))
    assert (deadline.status, deadline.closed_on) == (DeadlineStatus.MISSED, date(2026, 4, 20))
    assert _entry(case, "case.check_order").payload_data["check"]["result_text"] == "逾期未改正"
    case = step(cw, case, "close", date(2026, 4, 21))
    assert case.state == "closed"


def test_an_order_past_its_deadline_unchecked_is_missed_by_the_daily_job_art28(cw, lead):
    """The correction clock is a case clock like the others: past its day with no check, the daily job
    marks it missed and journals it (case.deadline_missed), which the supervision alerts read."""
    case = step(cw, lead, "file", FILED)
    step(cw, case, "issue_order", date(2026, 3, 5), method="direct", **{**ORDER, "working_days": False})
    assert services.deadlines_mark_missed(today=date(2026, 3, 20)) >= 1
    d = Deadline.objects.get(case=case, kind="correction")
    assert d.status == DeadlineStatus.MISSED
    assert _entry(case, "case.deadline_missed").payload_data["kind"] == "correction"


# --- part 4: instalments and deferral (行政处罚法 Art.66 para.2, Art.72(1)) --------------------------------

SCHEDULE = "20000,2026-05-20\n20000,2026-06-10\n20000,2026-07-08"


def test_an_instalment_plan_with_one_late_instalment_art66_art72(cw, lead):
    """Art.66 para.2: the party's written request, the head's approval with its numbered 分期缴纳罚款决定书;
    each instalment its own clock. Art.72(1): 加处罚款 only on the overdue instalment, 3% a day from its
    own due day (20,000 × 3% × 5 days = 3,000), none on those paid on time; the case is executed only once
    the receipts cover the instalments and that 加处罚款."""
    case = _served(cw, lead)
    with pytest.raises(Exception, match="合计"):
        step(
            cw,
            case,
            "request_payment_plan",
            date(2026, 4, 8),
            kind="instalments",
            hardship="x",
            schedule="100,2026-05-20\n200,2026-06-10",
        )
    case = step(
        cw,
        case,
        "request_payment_plan",
        date(2026, 4, 8),
        actor=cw.officer_user,
        kind="instalments",
        hardship="受疫情影响营业收入下降，账户余额不足以一次缴纳",
        schedule=SCHEDULE,
    )
    # Only the head approves (Art.66 para.2: 经行政机关批准).
    with pytest.raises(engine.TransitionRefused, match="负责人"):
        engine.execute(
            case=case, transition="approve_payment_plan", actor=cw.officer_user, on=date(2026, 4, 9)
        )
    case = step(cw, case, "approve_payment_plan", date(2026, 4, 9))
    assert case.state == "served"
    number, text = _text(case, "instalment_decision")
    assert "分缴〔2026〕1号" in number and "第2期：人民币20000.00元，于2026年6月10日前缴纳" in text
    assert Deadline.objects.get(case=case, kind="payment").status == DeadlineStatus.CANCELLED
    clocks = list(Deadline.objects.filter(case=case, kind="instalment").order_by("due_on"))
    assert [d.due_on for d in clocks] == [date(2026, 5, 20), date(2026, 6, 10), date(2026, 7, 8)]

    refusal = _refused("receipts_cover", lambda: step(cw, case, "record_payment", date(2026, 5, 20)))
    assert "尚未足额" in refusal.message and "第六十七条" in refusal.article
    case = step(cw, case, "record_receipt", date(2026, 5, 20), **receipt(20000))
    # One instalment paid on time, none overdue: a 催告 has nothing to demand.
    _refused("instalment_overdue", lambda: step(cw, case, "demand_performance", date(2026, 5, 25)))
    case = step(cw, case, "record_receipt", date(2026, 6, 15), **receipt(20000))  # five days late
    settlement = _entry(case, "case.record_receipt").payload_data["settlement"]
    assert Decimal(settlement["late_payment_penalty"]) == Decimal("3000.00")
    case = step(cw, case, "record_receipt", date(2026, 7, 1), **receipt(20000))  # early
    refusal = _refused("receipts_cover", lambda: step(cw, case, "record_payment", date(2026, 7, 2)))
    assert "尚欠3000.00元" in refusal.message
    case = step(cw, case, "record_payment", date(2026, 7, 2), **receipt(3000))
    assert (case.state, case.paid_on) == ("executed", date(2026, 7, 2))
    payment = _entry(case, "case.record_payment").payload_data["payment"]
    assert Decimal(payment["late_payment_penalty"]) == Decimal("3000.00")
    statuses = [Deadline.objects.get(pk=d.pk).status for d in clocks]
    assert statuses == [DeadlineStatus.MET, DeadlineStatus.MISSED, DeadlineStatus.MET]
    assert step(cw, case, "close", date(2026, 7, 3)).state == "closed"


def test_a_deferral_approved_after_a_demand_replaces_it_and_keeps_the_penalty_owed_art66(cw, lead):
    """Deferral (延期, one sum): approved while a 催告 of the whole sum stands, the case returns to served
    and the demand period ends; 加处罚款 already accrued before the approval (Art.72(1)) stays owed and
    is stated in the 延期缴纳罚款决定书. A refused request leaves the decision's period as it was."""
    case = step(cw, _served(cw, lead), "demand_performance", date(2026, 4, 20), method="direct")
    case = step(
        cw,
        case,
        "request_payment_plan",
        date(2026, 4, 20),
        kind="defer",
        hardship="资金周转困难",
        schedule="60000,2026-06-30",
    )
    case = step(
        cw, case, "refuse_payment_plan", date(2026, 4, 21), reason="当事人账户资金充足，不属于确有经济困难"
    )
    assert case.state == "demanded"
    case = step(
        cw,
        case,
        "request_payment_plan",
        date(2026, 4, 21),
        kind="defer",
        hardship="资金周转困难，提交了财务报表",
        schedule="60000,2026-06-30",
    )
    case = step(cw, case, "approve_payment_plan", date(2026, 4, 21))
    assert case.state == "served"
    plan = case.payment_plans.get(status=PlanStatus.APPROVED)
    # Due Fri 04-17; 04-18..21 four days late on 60,000 at 3%: 7,200.
    assert plan.accrued_late == Decimal("7200.00")
    _, text = _text(case, "deferral_decision")
    assert "延期至2026年6月30日前缴纳全部罚款人民币60000.00元" in text and "7200.00" in text
    assert Deadline.objects.get(case=case, kind="demand_period").status == DeadlineStatus.CANCELLED
    # A refused step keeps nothing, not even the receipt given with it.
    _refused("receipts_cover", lambda: step(cw, case, "record_payment", date(2026, 6, 30), **receipt(60000)))
    assert not case.bank_receipts.exists()
    case = step(cw, case, "record_receipt", date(2026, 6, 30), **receipt(60000))
    case = step(cw, case, "record_payment", date(2026, 6, 30), **receipt(7200))
    assert case.state == "executed"


def test_a_pending_reconsideration_pauses_the_penalty_of_an_overdue_instalment_art73(cw, lead):
    """Art.73 para.3 holds under a plan too: no 加处罚款 for the days a 复议 is pending."""
    case = _served(cw, lead)
    case = step(
        cw,
        case,
        "request_payment_plan",
        date(2026, 4, 8),
        kind="instalments",
        hardship="困难",
        schedule=SCHEDULE,
    )
    case = step(cw, case, "approve_payment_plan", date(2026, 4, 9))
    case = step(
        cw, case, "record_challenge", date(2026, 5, 21), kind="reconsideration", body="江北市人民政府"
    )
    case = step(cw, case, "end_challenge", date(2026, 5, 22), outcome="维持")
    # Due 05-20, paid 05-25: five days late but 05-21 and 05-22 pending: three days, 1,800.
    case = step(cw, case, "record_receipt", date(2026, 5, 25), **receipt(20000))
    settlement = _entry(case, "case.record_receipt").payload_data["settlement"]
    assert Decimal(settlement["late_payment_penalty"]) == Decimal("1800.00")


# --- part 5: payment through the bank (罚缴分离, Art.67 para.1, Art.74) -------------------------------------


def _csv(tmp_path, rows, name="statement.csv"):
    path = tmp_path / name
    lines = ["回单编号,决定书文号,金额,缴款日期,缴款人,收款账号"] + [",".join(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_case_closed_only_once_bank_receipts_cover_the_fine_art67(cw, lead, tmp_path):
    """Art.67 para.1, Art.74: the decision's payment clause names the agency's collecting bank and account;
    the officer records one receipt, the bank's statement brings the other (imported twice: recorded
    once); until they cover the fine, 履行完毕 — and so the closing — is refused."""
    CollectionAccount.objects.create(
        agency=cw.world.agency_a,
        bank_name="中国工商银行江北支行",
        account_name="江北市财政局",
        account_number="6222000012345678",
    )
    case = _served(cw, lead)
    _, decision = _text(case, "penalty_decision")
    assert (
        "到指定银行或者通过电子支付系统缴纳罚款（收款银行：中国工商银行江北支行；户名：江北市财政局；账号：6222000012345678）"
        in decision
    )
    _refused("receipts_cover", lambda: step(cw, case, "record_payment", date(2026, 4, 10)))
    case = step(cw, case, "record_receipt", date(2026, 4, 10), **receipt(30000, number="ICBC-0001"))
    _refused("receipts_cover", lambda: step(cw, case, "record_payment", date(2026, 4, 13)))
    with pytest.raises(engine.TransitionRefused, match="尚未执行完毕"):
        step(cw, case, "close", date(2026, 4, 13))

    # A bad statement imports nothing, and says why per row.
    bad = _csv(
        tmp_path,
        [
            ("ICBC-0002", "江北市市罚〔2026〕99号", "30000", "2026-04-13", "江北市某食品有限公司", ""),
            ("ICBC-0001", case.decision_number, "100", "2026-04-10", "", ""),
            ("ICBC-0003", case.decision_number, "abc", "2026-04-13", "", ""),
            ("ICBC-0004", case.decision_number, "10", "2026-04-13", "", "123"),
        ],
        "bad.csv",
    )
    report = import_file(kind="bank-receipts", path_or_file=bad, filename="bad.csv", actor=None)
    lines = [e.line() for e in report.errors]
    assert not report.ok and [e.row for e in report.errors] == [2, 3, 4, 5], lines
    assert "找不到文号" in lines[0] and "已登记" in lines[1] and "收款账号" in lines[3]
    assert BankReceipt.objects.filter(case=case).count() == 1

    good = _csv(
        tmp_path,
        [
            ("ICBC-0001", case.decision_number, "30000", "2026-04-10", "", "6222000012345678"),
            (
                "ICBC-0002",
                case.decision_number,
                "30000",
                "2026-04-13",
                "江北市某食品有限公司",
                "6222000012345678",
            ),
        ],
    )
    report = import_file(kind="bank-receipts", path_or_file=good, filename="statement.csv", actor=None)
    assert report.ok and report.created == 1, report.as_text()  # ICBC-0001 was recorded already
    call_command("import_registry", "bank-receipts", str(good))  # the same statement again: nothing new
    assert BankReceipt.objects.filter(case=case).count() == 2
    imported = _entry(case, "payment.receipt_imported").payload_data
    assert imported["number"] == "ICBC-0002" and imported["settlement"]["outstanding"] == "0.00"

    case = step(cw, case, "record_payment", date(2026, 4, 14))
    assert (case.state, case.paid_on) == ("executed", date(2026, 4, 13))
    assert step(cw, case, "close", date(2026, 4, 15)).state == "closed"


def _summary(cw, party, fine):
    return services.case_open(
        agency=cw.world.agency_a,
        procedure="summary",
        item=cw.world.item_a,
        party=party,
        title="流动摊贩销售无进货凭证的熟食",
        place=cw.world.township_a,
        discovered_on=date(2026, 5, 6),
        act_on=date(2026, 5, 6),
        officers=cw.officers[:2],
        penalty_kinds=["罚款"],
        fine_amount=Decimal(fine),
        actor=cw.officer_user,
    )


@pytest.fixture
def person(cw):
    return services.party_create(
        agency=cw.world.agency_a, kind="natural_person", name="李四", address="江北市城关街道3号"
    )


def test_cash_on_the_spot_only_on_the_grounds_of_art68_69_and_deposited_within_art71(cw, person):
    """Art.68: cash on the spot in the summary procedure only for a fine of 100 yuan or less, or when it
    would be hard to collect later (with the circumstances); Art.69 on the party's request in remote
    areas; Art.70: the 专用票据 number; Art.71: handed to the agency within 2 working days and paid into
    the bank within 2 more, each a clock; the bank's receipt then counts as the payment."""
    case = _summary(cw, person, "150")
    data = {"facts": "当事人在城关街道摆摊销售散装熟食，未能提供进货凭证。", "place_text": "农贸市场门口"}
    case = engine.execute(
        case=case, transition="decide_on_spot", actor=cw.officer_user, on=date(2026, 5, 6), data=data
    )
    on = date(2026, 5, 6)
    with pytest.raises(Exception, match="一百元以下"):
        step(cw, case, "collect_on_spot", on, ground="small_fine", voucher_number="FJ0001")
    with pytest.raises(Exception, match="当事人提出"):
        step(cw, case, "collect_on_spot", on, ground="remote", reason="海岛", voucher_number="FJ0001")
    with pytest.raises(Exception, match="具体情况"):
        step(cw, case, "collect_on_spot", on, ground="hard_to_collect", voucher_number="FJ0001")
    case = step(
        cw,
        case,
        "collect_on_spot",
        on,
        ground="hard_to_collect",
        reason="当事人系外地流动摊贩，无固定住所",
        voucher_number="FJ0001",
    )
    cash = CashCollection.objects.get(case=case)
    assert (cash.amount, cash.voucher_number) == (Decimal("150.00"), "FJ0001")
    # Wed 05-06 + 2 working days: Thu 05-07, Fri 05-08.
    assert Deadline.objects.get(case=case, kind="cash_hand_in").due_on == date(2026, 5, 8)
    _refused(
        "receipts_cover", lambda: step(cw, case, "record_payment", date(2026, 5, 7))
    )  # cash is no receipt
    case = step(cw, case, "hand_in_cash", date(2026, 5, 7))
    assert Deadline.objects.get(case=case, kind="cash_hand_in").status == DeadlineStatus.MET
    # Thu 05-07 + 2 working days: Fri 05-08, Sat 05-09 (a make-up working day).
    assert Deadline.objects.get(case=case, kind="cash_deposit").due_on == date(2026, 5, 9)
    case = step(cw, case, "deposit_cash", date(2026, 5, 8), receipt_number="NS-88001", bank_name="江北农商行")
    cash.refresh_from_db()
    assert cash.deposited_on == date(2026, 5, 8) and cash.receipt.amount == Decimal("150.00")
    case = step(cw, case, "record_payment", date(2026, 5, 8))
    assert case.state == "executed"


def test_no_cash_on_the_spot_in_the_general_procedure_but_in_remote_areas_art69(cw, lead):
    """罚缴分离 (Art.67): no officer takes cash for a general-procedure decision, but on the party's request
    where reaching the bank is truly hard (Art.69)."""
    case = _served(cw, lead)
    with pytest.raises(Exception, match="不得自行收缴罚款"):
        step(cw, case, "collect_on_spot", date(2026, 4, 3), ground="small_fine", voucher_number="FJ1")
    case = step(
        cw,
        case,
        "collect_on_spot",
        date(2026, 4, 3),
        ground="remote",
        reason="当事人位于海岛，往返指定银行需乘船两日",
        party_requested=True,
        voucher_number="FJ2",
        landed_on=date(2026, 4, 7),
    )
    # Collected on the water: 2 working days from landing (Tue 04-07): Wed 04-08, Thu 04-09.
    assert Deadline.objects.get(case=case, kind="cash_hand_in").due_on == date(2026, 4, 9)
    assert _entry(case, "case.collect_on_spot").payload_data["cash"]["ground"] == "remote"


def test_the_case_page_shows_the_orders_and_the_money_art28_art66_art67(client, cw, lead):
    """The case shows an order past its deadline, the approved instalments with what each has paid, the
    bank's receipts and the agency's collecting account; the workbench forms carry the new steps."""
    CollectionAccount.objects.create(
        agency=cw.world.agency_a,
        bank_name="中国银行江北支行",
        account_name="江北市财政局",
        account_number="6217001",
    )
    case = _served(cw, lead, order_kind="correct_within", order_content="限期清理过期库存", order_days="5")
    case = step(
        cw,
        case,
        "request_payment_plan",
        date(2026, 4, 8),
        kind="instalments",
        hardship="困难",
        schedule=SCHEDULE,
    )
    case = step(cw, case, "approve_payment_plan", date(2026, 4, 9))
    case = step(cw, case, "record_receipt", date(2026, 4, 20), **receipt(20000, number="BOC-1"))
    client.force_login(cw.head)
    page = client.get(f"/workbench/cases/{case.pk}/").content.decode()
    for text in (
        "责令改正",
        "限期清理过期库存",
        "期限已届满，待复查",
        "分期缴纳罚款（已批准）",
        "第2期",
        "BOC-1",
        "6217001",
    ):
        assert text in page, text
    for field in ('name="receipt_number"', 'name="order_id"', 'name="schedule"'):
        assert field in page, field
