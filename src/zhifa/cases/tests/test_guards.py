"""One test per guard: the refusal, its Chinese message and the article it enforces."""

from datetime import date
from decimal import Decimal

import pytest

from zhifa.cases import engine, services
from zhifa.cases.models import Case, CaseOfficer, ProcedureSetting
from zhifa.cases.tests.conftest import FILED, PROPOSAL, step, to_reported
from zhifa.journal.models import JournalEntry
from zhifa.personnel.services import certificate_suspend

pytestmark = pytest.mark.django_db


def refused(guard_code, fn):
    with pytest.raises(engine.TransitionRefused) as exc:
        fn()
    codes = [r.guard for r in exc.value.refusals]
    assert guard_code in codes, codes
    return next(r for r in exc.value.refusals if r.guard == guard_code)


def test_two_qualified_officers_art42(cw, lead):
    # The second officer's certificate covers another field (e.g. a transfer between bureaus).
    cw.officers[1].certificates.get().fields.set([cw.world.field_env])
    before = JournalEntry.objects.count()
    r = refused("two_qualified_officers", lambda: step(cw, lead, "file", FILED))
    assert JournalEntry.objects.count() == before  # nothing written, no case number taken
    assert "目前符合条件的有 1 名" in r.message and "执法类别不含“市场监管”" in r.message
    assert "第四十二条" in r.article


def test_a_suspension_bars_acts_from_that_day(cw, lead):
    """The certificate is judged as it was on the act's date (personnel.selectors.status_on)."""
    from django.utils import timezone

    from zhifa.catalog.calendar import year_load_provisional

    year_load_provisional(year=timezone.localdate().year + 1, actor=None)
    certificate_suspend(certificate=cw.officers[1].certificates.get(), reason="考核不合格", actor=None)
    r = refused("two_qualified_officers", lambda: step(cw, lead, "file", timezone.localdate()))
    assert "已被暂扣" in r.message
    assert step(cw, lead, "file", FILED).state == "investigating"  # before the suspension: fine


def test_recusal_must_be_decided_art43(cw, lead):
    case = step(cw, lead, "file", FILED)
    services.case_assign_officer(case=case, officer=cw.officers[2], actor=None)
    case = step(
        cw,
        case,
        "declare_recusal",
        date(2026, 3, 5),
        officer_id=cw.officers[0].pk,
        reason="与当事人有亲属关系",
    )
    data = {**PROPOSAL, "benchmark_id": cw.benchmark.pk}
    r = refused(
        "recusal_decided",
        lambda: engine.execute(
            case=case, transition="report", actor=cw.head, data=data, on=date(2026, 3, 20)
        ),
    )
    assert "回避申请尚未决定" in r.message and "第四十三条" in r.article
    case = step(cw, case, "decide_recusal", date(2026, 3, 6), officer_id=cw.officers[0].pk, granted=True)
    assert CaseOfficer.objects.get(case=case, officer=cw.officers[0]).recusal == "granted"
    engine.execute(case=case, transition="report", actor=cw.head, data=data, on=date(2026, 3, 20))


def test_limitation_period_art36(cw, lead):
    lead.act_on = date(2023, 1, 10)
    lead.save()
    r = refused("within_limitation", lambda: step(cw, lead, "file", FILED))
    assert "2 年内未被发现" in r.message and "第三十六条" in r.article
    # A continuing act is counted from its end.
    lead.act_ended_on = date(2025, 6, 1)
    lead.save()
    assert step(cw, lead, "file", FILED).state == "investigating"


def test_five_year_limitation_where_the_item_says_so(cw, lead):
    lead.act_on = date(2023, 1, 10)
    lead.save()
    cw.world.item_a.limitation_years = 5
    cw.world.item_a.save()
    assert step(cw, lead, "file", FILED).state == "investigating"


def test_proposal_complete_samr48(cw, lead):
    case = step(cw, lead, "file", FILED)
    r = refused(
        "proposal_complete",
        lambda: engine.execute(
            case=case,
            transition="report",
            actor=cw.head,
            data={"penalty_kinds": ["罚款"]},
            on=date(2026, 3, 20),
        ),
    )
    assert "罚款金额" in r.message and "裁量基准" in r.message and "第四十八条" in r.article


def test_amount_inside_the_chosen_tier(cw, lead):
    r = refused("amount_within_tier", lambda: to_reported(cw, lead, fine_amount="90000"))
    assert "超出轻微阶次罚款幅度为 50000.00–80000.00 元" in r.message and "第三十四条" in r.article


def test_lighter_stays_in_the_lowest_30_percent(cw, lead):
    r = refused(
        "amount_within_tier",
        lambda: to_reported(
            cw, lead, fine_amount="70000", lenience="lighter", lenience_reason="主动消除危害后果"
        ),
    )
    assert "较低 30%" in r.message and "59000.00" in r.message
    assert "国市监法规〔2022〕2号" in r.article


def test_the_lighter_share_is_a_provincial_setting(cw, lead):
    """A province's benchmark may set another share than SAMR's 30%: with 50%, 70,000 of 50,000–80,000 is
    still too high (ceiling 65,000) but 65,000 passes."""
    ProcedureSetting.objects.create(
        key="lighter_band_percent", region=cw.world.province, value=Decimal("50"), basis="本省裁量基准"
    )
    lighter = {"lenience": "lighter", "lenience_reason": "主动消除危害后果"}
    r = refused("amount_within_tier", lambda: to_reported(cw, lead, fine_amount="70000", **lighter))
    assert "较低 50% 以内" in r.message and "65000.00" in r.message
    case = engine.execute(
        case=Case.objects.get(pk=lead.pk),
        transition="report",
        actor=cw.officer_user,
        data={**PROPOSAL, "benchmark_id": cw.benchmark.pk, "fine_amount": "65000", **lighter},
        on=date(2026, 3, 20),
    )
    assert case.fine_amount == Decimal("65000")


def test_minor_party_must_get_lenience_art30(cw):
    party = services.party_create(
        agency=cw.world.agency_a,
        kind="natural_person",
        name="小王",
        address="江北市",
        birth_date=date(2010, 5, 1),
    )
    case = services.case_open(
        agency=cw.world.agency_a,
        procedure="general",
        item=cw.world.item_a,
        party=party,
        title="t",
        place=cw.world.city,
        discovered_on=date(2026, 3, 2),
        act_on=date(2026, 2, 20),
        officers=cw.officers[:2],
        actor=None,
    )
    r = refused("lenience_applied", lambda: to_reported(cw, case))
    assert "应当从轻或者减轻" in r.message and "第三十条" in r.article


def test_hearing_must_be_offered_above_the_threshold_art63(cw, lead):
    case = to_reported(cw, lead, fine_amount="200000", benchmark_tier="serious")
    r = refused("hearing_offered", lambda: step(cw, case, "serve_notice", date(2026, 3, 23)))
    assert "听证" in r.message and "第六十三条" in r.article


def test_hearing_threshold_is_configuration(cw, lead):
    """较大数额 varies by province: a regional row overrides the national default."""
    ProcedureSetting.objects.create(
        key="hearing_fine_organization", region=cw.world.city, value=Decimal("50000")
    )
    case = to_reported(cw, lead)  # 60,000 now crosses the local threshold
    refused("hearing_offered", lambda: step(cw, case, "serve_notice", date(2026, 3, 23)))


def test_no_decision_before_the_statement_period_ends_art62(cw, lead):
    case = step(cw, to_reported(cw, lead), "serve_notice", date(2026, 3, 23))
    r = refused("statement_period_over", lambda: step(cw, case, "close_statement", date(2026, 3, 26)))
    assert "2026-03-30 届满" in r.message and "第六十二条" in r.article
    # A written waiver ends it early.
    assert step(cw, case, "close_statement", date(2026, 3, 26), waived=True).state == "ready"


def test_no_heavier_penalty_after_statement_art45(cw, lead):
    case = step(cw, to_reported(cw, lead), "serve_notice", date(2026, 3, 23))
    case = step(cw, case, "close_statement", date(2026, 3, 31))
    r = refused(
        "not_heavier_than_notice",
        lambda: step(cw, case, "revise_proposal", date(2026, 3, 31), fine_amount="70000"),
    )
    assert "高于告知的 60000.00 元" in r.message and "第四十五条" in r.article
    r = refused(
        "not_heavier_than_notice",
        lambda: step(cw, case, "revise_proposal", date(2026, 3, 31), penalty_kinds=["罚款", "没收违法所得"]),
    )
    assert "没收违法所得" in r.message


def test_decision_within_90_days_art60(cw, lead):
    case = step(cw, to_reported(cw, lead), "serve_notice", date(2026, 3, 23))
    case = step(cw, case, "close_statement", date(2026, 3, 31))
    r = refused("within_decision_period", lambda: step(cw, case, "decide", date(2026, 6, 3)))
    assert "2026-06-02 届满" in r.message and "第六十条" in r.article
    step(cw, case, "extend_decision_period", date(2026, 5, 30), reason="案情复杂需补充鉴定")
    assert step(cw, case, "decide", date(2026, 6, 3)).state == "decided"


def test_second_extension_needs_collective_discussion_samr64(cw, lead):
    case = step(cw, lead, "file", FILED)
    step(cw, case, "extend_decision_period", date(2026, 5, 30), reason="鉴定")
    r = refused(
        "decision_extension_allowed",
        lambda: step(cw, case, "extend_decision_period", date(2026, 6, 25), reason="再鉴定"),
    )
    assert "集体讨论" in r.message and "第六十四条" in r.article
    step(cw, case, "extend_decision_period", date(2026, 6, 25), reason="再鉴定", collective_discussion=True)


def test_complex_cases_need_collective_discussion_art57(cw, lead):
    case = to_reported(cw, lead, complex_case=True)
    case = step(cw, step(cw, case, "serve_notice", date(2026, 3, 23)), "close_statement", date(2026, 3, 31))
    r = refused("collective_discussion_held", lambda: step(cw, case, "decide", date(2026, 4, 1)))
    assert "集体讨论" in r.message and "第五十七条" in r.article
    step(cw, case, "collective_discussion", date(2026, 4, 1), conclusion="同意按轻微阶次处罚")
    with pytest.raises(engine.TransitionRefused) as exc:  # a complex case also needs legal review (Art.58)
        step(cw, case, "decide", date(2026, 4, 1))
    assert {r.guard for r in exc.value.refusals} == {"legal_review"}


def test_summary_procedure_only_under_art51_limits(cw):
    party = services.party_create(
        agency=cw.world.agency_a, kind="natural_person", name="张三", address="江北市"
    )
    case = services.case_open(
        agency=cw.world.agency_a,
        procedure="summary",
        item=cw.world.item_a,
        party=party,
        title="t",
        place=cw.world.city,
        discovered_on=date(2026, 5, 6),
        act_on=date(2026, 5, 6),
        officers=cw.officers[:1],
        penalty_kinds=["罚款"],
        fine_amount=Decimal("500"),
        actor=None,
    )
    r = refused(
        "summary_thresholds",
        lambda: engine.execute(
            case=case, transition="decide_on_spot", actor=cw.officer_user, on=date(2026, 5, 6)
        ),
    )
    assert "不得超过 200 元" in r.message and "第五十一条" in r.article


def test_hearing_request_within_five_days_art64(cw, lead):
    case = to_reported(cw, lead, fine_amount="200000", benchmark_tier="serious")
    case = step(cw, case, "serve_notice", date(2026, 3, 23), hearing_offered=True)
    r = refused("hearing_request_in_time", lambda: step(cw, case, "request_hearing", date(2026, 3, 31)))
    assert "2026-03-30 届满" in r.message and "第六十四条" in r.article


def test_role_and_state_refusals_are_explained(cw, lead):
    with pytest.raises(engine.TransitionRefused, match="须由负责人办理"):
        engine.execute(case=lead, transition="file", actor=cw.officer_user, on=FILED)
    with pytest.raises(engine.TransitionRefused, match=r"线索核查.*不能作出处罚决定"):
        step(cw, lead, "decide", FILED)


def test_statement_window_is_the_partys_not_a_missed_deadline(cw, lead):
    """Closing the statement step after the party's 5-day window ended is the normal path: the window
    elapsed, the agency missed nothing."""
    from zhifa.cases.models import Deadline

    case = step(cw, to_reported(cw, lead), "serve_notice", date(2026, 3, 23))
    step(cw, case, "close_statement", date(2026, 4, 2))
    assert Deadline.objects.get(case=case, kind="statement_period").status == "met"


def test_no_payment_clock_without_a_fine(cw):
    party = services.party_create(
        agency=cw.world.agency_a, kind="natural_person", name="张三", address="江北市"
    )
    case = services.case_open(
        agency=cw.world.agency_a,
        procedure="summary",
        item=cw.world.item_a,
        party=party,
        title="t",
        place=cw.world.city,
        discovered_on=date(2026, 5, 6),
        act_on=date(2026, 5, 6),
        place_text="城关街道农贸市场门口",
        officers=cw.officers[:2],
        penalty_kinds=["警告"],
        actor=None,
    )
    case = engine.execute(
        case=case, transition="decide_on_spot", actor=None, on=date(2026, 5, 6), data={"facts": "f"}
    )
    assert not case.deadlines.filter(kind="payment").exists()


def test_summary_needs_a_qualified_officer_art52(cw):
    party = services.party_create(
        agency=cw.world.agency_a, kind="natural_person", name="张三", address="江北市"
    )
    # An item whose law lets one officer decide on the spot (行政处罚法 Art.42, 52): that one must qualify.
    cw.world.item_a.single_officer_basis = "《中华人民共和国道路交通安全法》第一百零七条"
    cw.world.item_a.save()
    cw.officers[0].certificates.get().fields.set([cw.world.field_env])
    case = services.case_open(
        agency=cw.world.agency_a,
        procedure="summary",
        item=cw.world.item_a,
        party=party,
        title="t",
        place=cw.world.city,
        discovered_on=date(2026, 5, 6),
        act_on=date(2026, 5, 6),
        officers=cw.officers[:1],
        penalty_kinds=["罚款"],
        fine_amount=Decimal("100"),
        actor=None,
    )
    r = refused(
        "one_qualified_officer",
        lambda: engine.execute(
            case=case, transition="decide_on_spot", actor=None, on=date(2026, 5, 6), data={"facts": "f"}
        ),
    )
    assert "第五十二条" in r.article


def test_back_dated_steps_record_their_legal_date(cw, lead):
    step(cw, lead, "file", FILED)
    entry = JournalEntry.objects.filter(event_type="case.file").get()
    from django.utils import timezone

    assert timezone.localtime(entry.occurred_at).date() == FILED and entry.recorded_at.date() > FILED


def _first_violation_entry(cw, *, valid_from, valid_until):
    from zhifa.catalog.models import LenienceEntry, LenienceKind
    from zhifa.catalog.services import lenience_entry_create

    return lenience_entry_create(
        agency=cw.world.agency_a,
        kind=LenienceKind.FIRST_VIOLATION,
        circumstances="初次违法且危害后果轻微并及时改正",
        obligation=LenienceEntry.Obligation.SHALL,
        basis="《中华人民共和国行政处罚法》第三十三条第一款",
        valid_from=valid_from,
        valid_until=valid_until,
        actor=None,
    )


def test_first_violation_entry_in_force_spares_the_party_art33(cw, lead):
    """首违免罚 (Art.33(1)): an entry in force on the act's date (2026-02-20) saying 应当 bars a penalty."""
    entry = _first_violation_entry(cw, valid_from=date(2025, 1, 1), valid_until=date(2026, 12, 31))
    r = refused("lenience_applied", lambda: to_reported(cw, lead, applicable_lenience=[entry.pk]))
    assert "不予处罚" in r.message and "第三十三条" in r.article


def test_an_expired_first_violation_entry_no_longer_applies(cw, lead):
    """A 首违免罚 list whose 有效期 ended before the act (2026-02-20) no longer applies: the proposal goes
    through; so does one for a list not yet in force on that date."""
    expired = _first_violation_entry(cw, valid_from=date(2024, 1, 1), valid_until=date(2025, 12, 31))
    future = _first_violation_entry(cw, valid_from=date(2026, 6, 1), valid_until=None)
    case = to_reported(cw, lead, applicable_lenience=[expired.pk, future.pk])
    assert case.state == "reported"
