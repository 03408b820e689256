"""A hand-built year of one agency (江北市市场监督管理局, 2026), every record made through the services and
the case engine as the cases tests make them, with the figures it must give:

- A  general procedure, 罚款 60,000, decided 04-01, served 04-02, revoked by 复议 04-29;
- B  general procedure, 没收违法所得 then 罚款 (listed in that order), fine 90,000 and 5,000 confiscated,
     legal review agreed (a major decision under the agency's catalogue), decided 04-01, served 04-02,
     performance demanded 04-20, court enforcement applied for 10-09;
- C  general procedure, reviewed, the opinion 建议纠正 (not decided);
- S  summary procedure, 罚款 150 on the spot 05-06;
- K  compulsion: 扣押 06-01;
- P  a 警告 decided in another case system, registered for publication 06-05;
- L  three registered licensing decisions: 准予, 不予, 撤销 (06-01, 06-02, 06-03).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from zhifa.cases import engine, services
from zhifa.cases.models import Case
from zhifa.cases.tests.conftest import PROPOSAL, cw, open_compulsion, party, step
from zhifa.catalog.models import MajorDecisionRule
from zhifa.personnel.services import legal_reviewer_appoint
from zhifa.publicity.registration import RegisteredDecision, decision_register
from zhifa.review import services as review
from zhifa.testing import make_officer, make_user

__all__ = ["cw", "party"]

MATERIALS = {
    "investigation_report": "调查终结报告",
    "draft_decision": "行政处罚决定书代拟稿",
    "legal_basis": "《中华人民共和国食品安全法》第一百二十四条",
    "evidence": "现场笔录、询问笔录、检验报告",
}
TWO_KINDS = {
    "penalty_kinds": ["没收违法所得", "罚款"],
    "fine_amount": "90000",
    "confiscation_amount": "5000",
    "benchmark_tier": "ordinary",
}
LICENSING_TEXT = "申请人：江北市鲜果贸易有限公司。经审查，{}。"


@dataclass
class Year:
    cw: object
    a: Case
    b: Case
    c: Case
    s: Case
    k: Case
    registered: list[object]
    clerk: object
    supervisor: object
    head: object


def _general(cw, party, title, **proposal):
    case = services.case_open(
        agency=cw.world.agency_a,
        procedure="general",
        item=cw.world.item_a,
        party=party,
        title=title,
        place=cw.world.township_a,
        discovered_on=date(2026, 3, 2),
        act_on=date(2026, 2, 20),
        officers=cw.officers[:2],
        lead_officer=cw.officers[0],
        actor=cw.officer_user,
    )
    case = step(cw, case, "file", date(2026, 3, 4))
    data = {**PROPOSAL, "benchmark_id": cw.benchmark.pk, **proposal}
    case = engine.execute(
        case=case, transition="report", actor=cw.officer_user, data=data, on=date(2026, 3, 20)
    )
    case = step(cw, case, "serve_notice", date(2026, 3, 23))
    return step(cw, case, "close_statement", date(2026, 3, 31), waived=True)


def summary_fine(cw, on, name="张三", amount="150"):
    person = services.party_create(
        agency=cw.world.agency_a, kind="natural_person", name=name, address="江北市城关街道"
    )
    case = services.case_open(
        agency=cw.world.agency_a,
        procedure="summary",
        item=cw.world.item_a,
        party=person,
        title="当场处罚",
        place=cw.world.township_a,
        place_text="农贸市场门口",
        discovered_on=on,
        act_on=on,
        officers=cw.officers[:2],
        penalty_kinds=["罚款"],
        fine_amount=Decimal(amount),
        actor=cw.officer_user,
    )
    return engine.execute(
        case=case,
        transition="decide_on_spot",
        actor=cw.officer_user,
        on=on,
        data={"facts": "摆摊销售散装熟食"},
    )


def _register(agency, clerk, kind, number, on, content, **extra):
    return decision_register(
        agency=agency,
        decision=RegisteredDecision(
            kind=kind,
            decision_number=number,
            decided_on=on,
            title="食品经营许可" if kind == "licensing" else "未按规定公示信息",
            party_name="江北市鲜果贸易有限公司",
            party_kind="legal_person",
            content=content,
            text=LICENSING_TEXT.format(content),
            **extra,
        ),
        actor=clerk,
    )


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The year pages are cached by the state of the published reports (count, latest publication's
    journal entry); a test database rolled back reuses those ids, so every test starts with no cache."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def year(cw, party):
    agency = cw.world.agency_a
    MajorDecisionRule.objects.create(
        agency=agency,
        name="大额罚没",
        fine_threshold_natural=Decimal("20000"),
        fine_threshold_legal=Decimal("80000"),
        basis="江北市市场监管局重大执法决定法制审核目录清单第1项",
    )
    reviewer_officer = make_officer(agency=agency, name="法制员", law_qualification=True)
    reviewer_user = make_user(username="reviewer_s", role="legal_reviewer", agency=agency)
    reviewer_officer.user = reviewer_user
    reviewer_officer.save()
    legal_reviewer_appoint(
        officer=reviewer_officer, appointed_on=date(2025, 1, 1), first_time=True, actor=None
    )

    a = _general(cw, party, "销售不符合食品安全标准的食品")
    a = step(cw, a, "decide", date(2026, 4, 1))
    a = step(cw, a, "serve_decision", date(2026, 4, 2), method="direct")
    revocation = {"ground": "revoked", "authority": "reconsideration", "reason": "认定事实不清，证据不足"}
    a = step(cw, a, "revoke_decision", date(2026, 4, 29), **revocation)

    b = _general(cw, party, "销售过期食品并获利", **TWO_KINDS)
    sub = review.submit(case=b, materials=MATERIALS, actor=cw.officer_user, on=date(2026, 4, 1))
    review.issue_opinion(
        submission=sub, kind="agree", text="同意", checklist=[], actor=reviewer_user, on=date(2026, 4, 1)
    )
    b = step(cw, b, "decide", date(2026, 4, 1))
    b = step(cw, b, "serve_decision", date(2026, 4, 2), method="direct")
    b = step(cw, b, "demand_performance", date(2026, 4, 20))
    b = step(cw, b, "apply_to_court", date(2026, 10, 9), court="江北区人民法院", not_challenged=True)

    c = _general(cw, party, "经营标签不符合规定的食品", **TWO_KINDS)
    sub = review.submit(case=c, materials=MATERIALS, actor=cw.officer_user, on=date(2026, 4, 1))
    review.issue_opinion(
        submission=sub,
        kind="correct",
        text="裁量幅度偏重，建议纠正",
        checklist=[],
        actor=reviewer_user,
        on=date(2026, 4, 2),
    )

    s = summary_fine(cw, date(2026, 5, 6))

    k = open_compulsion(cw, party, date(2026, 6, 1))
    k = step(
        cw,
        k,
        "enforce",
        date(2026, 6, 1),
        measure="扣押",
        items="不合格月饼200盒",
        site_record="现场笔录已签字",
    )

    clerk = make_user(username="clerk_s", role="publicity_clerk", agency=agency)
    registered = [
        _register(
            agency,
            clerk,
            "licensing",
            "江北市监许〔2026〕1号",
            date(2026, 6, 1),
            "准予许可，许可证编号JY13301020012345",
        ),
        _register(
            agency,
            clerk,
            "licensing",
            "江北市监许〔2026〕2号",
            date(2026, 6, 2),
            "不予许可，申请材料不符合法定条件",
        ),
        _register(agency, clerk, "licensing", "江北市监许〔2026〕3号", date(2026, 6, 3), "撤销食品经营许可"),
        _register(
            agency,
            clerk,
            "penalty",
            "江北市监罚（外）〔2026〕1号",
            date(2026, 6, 5),
            "",
            penalty_kinds=("警告",),
        ),
    ]
    supervisor = make_user(username="sup_s", role="supervisor", region=cw.world.city)
    return Year(cw, a, b, c, s, k, registered, clerk, supervisor, cw.head)


# What the year above must give (agency_a, 2026, the national template: heaviest first).
EXPECTED = {
    "penalty_total": 4,
    "penalty_general": 2,
    "penalty_summary": 1,
    "penalty_registered": 1,
    "penalty_revoked": 1,
    "fines": Decimal("150150.00"),
    "confiscations": Decimal("5000.00"),
    "fine_amount": Decimal("155150.00"),
    "penalty_category:warning": 1,
    "penalty_category:fine": 2,
    "penalty_category:confiscate_income": 1,
    "penalty_category:revoke_license": 0,
    "no_penalty_total": 0,
    "cases_filed": 3,
    "cases_closed": 0,
    "referrals": 0,
    "licensing_applied": None,
    "licensing_accepted": None,
    "licensing_granted": 1,
    "licensing_refused": 1,
    "licensing_revoked": 1,
    "licensing_total": 3,
    "compulsion_measures": 1,
    "compulsion_seal_up": 0,
    "compulsion_seize": 1,
    "court_enforcement": 1,
    "review_submissions": 2,
    "review_opinions": 2,
    "review_agree": 1,
    "review_correct": 1,
    "review_supplement": 0,
    "review_other": 0,
    "review_corrected": 1,
    "officers": 4,
    "certified": 3,
    "certified_share": Decimal("75.0"),
    "legal_reviewers": 1,
}
