"""法制审核: the hard gate by every route, voiding on change, reviewer eligibility, escalation, the
catalogue rules explaining themselves, and the 200,000-yuan scenario across two rounds."""

from datetime import date
from decimal import Decimal

import pytest

from zhifa.cases import engine
from zhifa.cases.tests.conftest import step, to_reported
from zhifa.catalog.models import MajorDecisionRule
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.journal.models import JournalEntry
from zhifa.personnel.services import legal_reviewer_appoint
from zhifa.review import precheck, services
from zhifa.review.models import ReviewPolicy, SubmissionStatus
from zhifa.review.triggers import triggers_for
from zhifa.testing import make_officer, make_user

pytestmark = pytest.mark.django_db

MATERIALS = {
    "investigation_report": "调查终结报告（2026-03-20）",
    "draft_decision": "行政处罚决定书代拟稿",
    "legal_basis": "《中华人民共和国食品安全法》第一百二十四条",
    "evidence": "现场笔录、询问笔录、检验报告",
}


@pytest.fixture
def rule(cw):
    return MajorDecisionRule.objects.create(
        agency=cw.world.agency_a,
        name="大额罚没",
        fine_threshold_natural=Decimal("20000"),
        fine_threshold_legal=Decimal("100000"),
        basis="江北市市场监管局重大执法决定法制审核目录清单第1项",
    )


@pytest.fixture
def reviewer(cw):
    officer = make_officer(agency=cw.world.agency_a, name="法制员", law_qualification=True)
    user = make_user(username="reviewer1", role="legal_reviewer", agency=cw.world.agency_a)
    officer.user = user
    officer.save()
    r = legal_reviewer_appoint(officer=officer, appointed_on=date(2025, 1, 1), first_time=True, actor=None)
    return r, user


def ready_case(cw, lead, **proposal):
    case = to_reported(cw, lead, **proposal)
    case = step(cw, case, "serve_notice", date(2026, 3, 23), hearing_offered=True)
    return step(cw, case, "close_statement", date(2026, 3, 31), waived=True)


def big(cw, lead):
    return ready_case(cw, lead, fine_amount="200000", benchmark_tier="serious")


def test_major_decision_cannot_be_issued_without_review_through_the_engine(cw, lead, rule):
    case = big(cw, lead)
    with pytest.raises(engine.TransitionRefused) as exc:
        step(cw, case, "decide", date(2026, 4, 1))
    refusal = next(r for r in exc.value.refusals if r.guard == "legal_review")
    assert "未经法制审核不得作出决定" in refusal.message and "大额罚没" in refusal.message
    assert "第五十八条" in refusal.article and "118号" in refusal.article


def test_gate_holds_through_the_api_and_the_workbench(client, cw, lead, rule):
    from zhifa.accounts.services import api_token_create

    case = big(cw, lead)
    _, key = api_token_create(user=cw.head, name="t", actor=None)
    resp = client.post(
        f"/api/v1/cases/{case.pk}/transitions/decide",
        {"on": "2026-04-01"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert resp.status_code == 422 and any(r["guard"] == "legal_review" for r in resp.json()["refusals"])
    client.force_login(cw.head)
    client.post(f"/workbench/cases/{case.pk}/steps/decide/", {"on": "2026-04-01"})
    case.refresh_from_db()
    assert case.state == "ready" and case.decision_number == ""


def test_admin_offers_no_way_to_change_a_case(client, cw, lead):
    from django.contrib import admin

    from zhifa.cases.models import Case

    assert Case in admin.site._registry
    client.force_login(make_user(username="root", role="administrator"))
    assert client.get(f"/admin/cases/case/{lead.pk}/change/").status_code == 200  # view only
    resp = client.post(f"/admin/cases/case/{lead.pk}/change/", {"state": "decided", "decision_number": "x"})
    assert resp.status_code == 403
    lead.refresh_from_db()
    assert lead.state == "lead" and lead.decision_number == ""


def test_agreed_review_lets_the_decision_through_and_a_change_voids_it(cw, lead, rule, reviewer):
    r, user = reviewer
    case = big(cw, lead)
    sub = services.submit(case=case, materials=MATERIALS, actor=cw.officer_user, on=date(2026, 4, 1))
    assert sub.reviewer == r and sub.status == SubmissionStatus.ASSIGNED
    assert sub.due_on == date(2026, 4, 16)  # 10 WD; 04-04..06 Qingming (SAMR Art.55)
    services.issue_opinion(
        submission=sub, kind="agree", text="同意", checklist=[], actor=user, on=date(2026, 4, 2)
    )
    # A change after agreement voids it.
    step(cw, case, "revise_proposal", date(2026, 4, 2), fine_amount="190000")
    with pytest.raises(engine.TransitionRefused, match="审核同意后又有改动"):
        step(cw, case, "decide", date(2026, 4, 3))
    # Resubmitted and agreed again: now it goes through.
    sub2 = services.submit(case=case, materials=MATERIALS, actor=cw.officer_user, on=date(2026, 4, 3))
    assert sub2.round == 2
    entry = JournalEntry.objects.get(
        event_type="review.submitted", subject=f"review.reviewsubmission:{sub2.pk}"
    )
    assert entry.payload_data["supersedes"] == {"submission_id": sub.pk, "round": 1, "status": "agreed"}
    services.issue_opinion(
        submission=sub2, kind="agree", text="同意", checklist=[], actor=user, on=date(2026, 4, 3)
    )
    assert step(cw, case, "decide", date(2026, 4, 7)).state == "decided"


def test_investigator_cannot_review_their_own_case(cw, lead, rule):
    investigator = cw.officers[0]
    investigator.law_qualification = True
    investigator.save()
    r = legal_reviewer_appoint(
        officer=investigator, appointed_on=date(2025, 1, 1), first_time=False, actor=None
    )
    case = big(cw, lead)
    sub = services.submit(case=case, materials=MATERIALS, actor=cw.officer_user, on=date(2026, 4, 1))
    assert sub.reviewer is None and sub.status == SubmissionStatus.PENDING  # nobody eligible
    with pytest.raises(DomainError, match="本案办案人员，不得审核本案"):
        services.assign(submission=sub, reviewer=r, actor=cw.head)


def test_first_time_reviewer_needs_law_qualification(cw, lead, rule):
    from zhifa.personnel.models import LegalReviewer

    o = make_officer(agency=cw.world.agency_a, name="新人")
    r = LegalReviewer.objects.create(
        officer=o, agency=cw.world.agency_a, appointed_on=date(2026, 1, 1), first_time=True
    )
    case = big(cw, lead)
    sub = services.submit(case=case, materials=MATERIALS, actor=cw.officer_user, on=date(2026, 4, 1))
    with pytest.raises(DomainError, match="法律职业资格"):
        services.assign(submission=sub, reviewer=r, actor=cw.head)


def test_round_robin_spreads_the_work(cw, rule, party):
    from zhifa.cases import services as case_services

    reviewers = []
    for i in range(2):
        o = make_officer(agency=cw.world.agency_a, name=f"审核{i}", law_qualification=True)
        reviewers.append(
            legal_reviewer_appoint(officer=o, appointed_on=date(2025, 1, 1), first_time=True, actor=None)
        )
    got = []
    for i in range(4):
        lead = case_services.case_open(
            agency=cw.world.agency_a,
            procedure="general",
            item=cw.world.item_a,
            party=party,
            title=f"案{i}",
            place=cw.world.city,
            discovered_on=date(2026, 3, 2),
            act_on=date(2026, 2, 20),
            officers=cw.officers[:2],
            actor=None,
        )
        got.append(
            services.submit(case=big(cw, lead), materials=MATERIALS, actor=None, on=date(2026, 4, 1)).reviewer
        )
    assert got == [reviewers[0], reviewers[1], reviewers[0], reviewers[1]]


def test_missing_materials_are_listed(cw, lead, rule):
    case = big(cw, lead)
    with pytest.raises(DomainError) as exc:
        services.submit(case=case, materials={"draft_decision": "代拟稿"}, actor=None)
    assert (
        "调查终结报告" in exc.value.message
        and "证据材料" in exc.value.message
        and "法律依据" in exc.value.message
    )


def test_dispute_escalates_to_the_head(cw, lead, rule, reviewer):
    r, user = reviewer
    case = big(cw, lead)
    sub = services.submit(case=case, materials=MATERIALS, actor=cw.officer_user, on=date(2026, 4, 1))
    services.issue_opinion(
        submission=sub,
        kind="correct",
        text="建议按较重阶次下限处罚",
        checklist=[],
        actor=user,
        on=date(2026, 4, 2),
    )
    with pytest.raises(engine.TransitionRefused, match="尚未通过"):
        step(cw, case, "decide", date(2026, 4, 3))
    services.dispute(submission=sub, reasons="当事人拒不改正，应按本档处罚", actor=cw.officer_user)
    with pytest.raises(PermissionDenied):
        services.head_decide(submission=sub, decision="adopt_proposal", reason="r", actor=cw.officer_user)
    with pytest.raises(DomainError, match="集体讨论"):
        services.head_decide(submission=sub, decision="adopt_proposal", reason="r", actor=cw.head)
    services.head_decide(
        submission=sub,
        decision="adopt_proposal",
        reason="经集体讨论采纳承办机构意见",
        actor=cw.head,
        collective_discussion_on=date(2026, 4, 3),
    )
    assert step(cw, case, "decide", date(2026, 4, 7)).state == "decided"
    kinds = list(
        JournalEntry.objects.filter(subject=f"review.reviewsubmission:{sub.pk}").values_list(
            "event_type", flat=True
        )
    )
    assert kinds == [
        "review.submitted",
        "review.assigned",
        "review.opinion",
        "review.disputed",
        "review.head_decided",
    ]


def test_only_the_assigned_reviewer_issues_the_opinion(cw, lead, rule, reviewer):
    case = big(cw, lead)
    sub = services.submit(case=case, materials=MATERIALS, actor=cw.officer_user, on=date(2026, 4, 1))
    with pytest.raises(PermissionDenied):
        services.issue_opinion(submission=sub, kind="agree", text="同意", checklist=[], actor=cw.head)


def test_an_override_needs_a_reason(cw, lead, rule, reviewer):
    r, user = reviewer
    sub = services.submit(case=big(cw, lead), materials=MATERIALS, actor=None, on=date(2026, 4, 1))
    with pytest.raises(DomainError, match="须说明理由"):
        services.issue_opinion(
            submission=sub,
            kind="agree",
            text="同意",
            actor=user,
            checklist=[{"code": "evidence", "label": "证据", "decision": "override", "reason": ""}],
        )


@pytest.mark.parametrize(
    ("rule_kwargs", "case_kwargs", "fires", "explains"),
    [
        (
            {"fine_threshold_legal": Decimal("100000")},
            {"fine_amount": Decimal("200000")},
            True,
            "达到 100000",
        ),
        ({"fine_threshold_legal": Decimal("100000")}, {"fine_amount": Decimal("60000")}, False, ""),
        # "十万元以上（不含本数）": the figure itself does not reach the catalogue, a cent more does.
        (
            {"fine_threshold_legal": Decimal("100000"), "fine_threshold_exclusive": True},
            {"fine_amount": Decimal("100000")},
            False,
            "",
        ),
        (
            {"fine_threshold_legal": Decimal("100000"), "fine_threshold_exclusive": True},
            {"fine_amount": Decimal("100000.01")},
            True,
            "超过 100000",
        ),
        (
            {"penalty_kinds": ["吊销许可证件"]},
            {"penalty_kinds": ["罚款", "吊销许可证件"]},
            True,
            "拟处吊销许可证件",
        ),
        ({"penalty_kinds": ["责令停产停业"]}, {"penalty_kinds": ["罚款"]}, False, ""),
        ({"item_kinds": ["penalty"]}, {}, True, "事项类别为行政处罚"),
        ({"hearing_held": True}, {"hearing_held_on": date(2026, 4, 1)}, True, "经过听证程序"),
        ({"complex_case": True}, {"complex_case": True}, True, "疑难复杂"),
        ({"major_public_interest": True}, {"major_public_interest": True}, True, "重大公共利益"),
        (
            {"fine_threshold_natural": Decimal("20000")},
            {"fine_amount": Decimal("200000")},
            False,
            "",
        ),  # party is a company
    ],
)
def test_each_catalogue_rule_kind_fires_and_explains_itself(
    cw, lead, rule_kwargs, case_kwargs, fires, explains
):
    MajorDecisionRule.objects.create(agency=cw.world.agency_a, name="规则", **rule_kwargs)
    for k, v in case_kwargs.items():
        setattr(lead, k, v)
    lead.save()
    catalogue = [t for t in triggers_for(lead) if t.source == "catalogue"]
    assert bool(catalogue) == fires
    if fires:
        assert explains in catalogue[0].reason


def test_statute_and_policy_triggers(cw, lead):
    lead.hearing_held_on = date(2026, 4, 1)
    lead.save()
    assert [t.basis for t in triggers_for(lead)] == ["《中华人民共和国行政处罚法》第五十八条第一款第（二）项"]
    lead.hearing_held_on = None
    lead.save()
    assert triggers_for(lead) == []
    ReviewPolicy.objects.create(agency=cw.world.agency_a, review_all_general=True)
    assert triggers_for(lead)[0].source == "policy"


def test_precheck_reports_each_item_with_evidence(cw, lead, rule):
    items = {i.code: i for i in precheck.run(big(cw, lead))}
    assert items["qualification"].status == "pass"
    assert items["legal_basis"].status == "pass" and "第一百二十四条" in items["legal_basis"].evidence
    assert items["discretion"].status == "pass"
    assert items["criminal_referral"].status == "manual"
    assert set(items) == {
        "qualification",
        "authority",
        "procedure",
        "evidence",
        "legal_basis",
        "discretion",
        "documents",
        "criminal_referral",
    }


def test_catalogue_criteria_in_words_are_checks_the_reviewer_sees_and_confirms(
    client, cw, lead, rule, reviewer
):
    """Issue 12 / 118号 四(十二): a catalogue row's 其他情形 (涉及重大社会影响…, stated in words) cannot be
    evaluated by the platform; the reviewer sees it on the submission page as a check to confirm, and the
    confirmation goes into the opinion's checklist. A row for other kinds of items is not shown."""
    words = MajorDecisionRule.objects.create(
        agency=cw.world.agency_a,
        name="重大社会影响",
        other_criteria="可能造成重大社会影响或者引发社会风险的行政处罚决定",
        basis="目录清单第5项",
    )
    MajorDecisionRule.objects.create(
        agency=cw.world.agency_a, name="许可", item_kinds=["licensing"], other_criteria="涉及重大许可事项"
    )
    MajorDecisionRule.objects.create(
        agency=cw.world.agency_a, name="停用", other_criteria="停用的规则", active=False
    )
    case = big(cw, lead)
    checks = {i.code: i for i in precheck.run(case)}
    assert [c for c in checks if c.startswith("catalogue_")] == [f"catalogue_{words.pk}"]
    check = checks[f"catalogue_{words.pk}"]
    assert (
        check.status == "manual"
        and "可能造成重大社会影响" in check.evidence
        and check.basis == "目录清单第5项"
    )
    r, user = reviewer
    client.force_login(cw.officer_user)
    assert client.post(f"/review/cases/{case.pk}/submit/", MATERIALS).status_code == 302
    sub = case.review_submissions.get()
    client.force_login(user)
    page = client.get(f"/review/submissions/{sub.pk}/").content.decode()
    assert "是否属于目录情形：重大社会影响" in page and "可能造成重大社会影响或者引发社会风险" in page
    assert f'name="check_catalogue_{words.pk}"' in page and "涉及重大许可事项" not in page
    client.post(
        f"/review/submissions/{sub.pk}/opinion/",
        {"kind": "agree", "text": "同意", f"check_catalogue_{words.pk}": "confirm"},
    )
    entry = JournalEntry.objects.get(event_type="review.opinion", subject=f"review.reviewsubmission:{sub.pk}")
    confirmed = {c["code"]: c["decision"] for c in entry.payload_data["checklist"]}
    assert confirmed[f"catalogue_{words.pk}"] == "confirm"


def test_scenario_200000_yuan_fine_through_two_rounds(cw, lead, rule, reviewer):
    """The issue's scenario: a 200,000 yuan fine on a company goes to review, comes back for a
    supplementary investigation, is resubmitted, agreed and issued; the journal shows every round."""
    r, user = reviewer
    case = big(cw, lead)
    first = services.submit(case=case, materials=MATERIALS, actor=cw.officer_user, on=date(2026, 4, 1))
    services.issue_opinion(
        submission=first,
        kind="supplement",
        text="货值金额认定证据不足，建议补充调查",
        checklist=[{"code": "evidence", "label": "证据", "decision": "override", "reason": "检验报告缺失"}],
        actor=user,
        on=date(2026, 4, 2),
    )
    case = step(
        cw,
        case,
        "revise_proposal",
        date(2026, 4, 8),
        facts="补充调查：当事人销售不合格食品货值金额5万元，有进货单据和检验报告为证。",
    )
    with pytest.raises(DomainError, match="材料不齐全"):
        services.submit(case=case, materials={}, actor=cw.officer_user, on=date(2026, 4, 8))
    second = services.submit(
        case=case,
        materials={**MATERIALS, "evidence": "补充：进货单据、检验报告"},
        actor=cw.officer_user,
        on=date(2026, 4, 8),
    )
    opinion = services.issue_opinion(
        submission=second,
        kind="agree",
        text="事实清楚，证据充分，同意",
        checklist=[],
        actor=user,
        on=date(2026, 4, 9),
    )
    assert opinion.number.endswith("审〔2026〕2号")
    case = step(cw, case, "decide", date(2026, 4, 10))
    assert case.state == "decided"
    review_events = list(
        JournalEntry.objects.filter(event_type__startswith="review.")
        .order_by("id")
        .values_list("event_type", flat=True)
    )
    assert review_events == [
        "review.submitted",
        "review.assigned",
        "review.opinion",
        "review.submitted",
        "review.assigned",
        "review.opinion",
    ]
    # The resubmission names the round it supersedes and how that round ended (118号 四(十三), 三).
    submitted = JournalEntry.objects.filter(event_type="review.submitted").order_by("id")
    assert [e.payload_data["supersedes"] for e in submitted] == [
        None,
        {"submission_id": first.pk, "round": 1, "status": "returned"},
    ]
    first.refresh_from_db()
    assert first.status == SubmissionStatus.SUPERSEDED
    opinions = JournalEntry.objects.filter(event_type="review.opinion").order_by("id")
    assert [o.payload_data["kind"] for o in opinions] == ["supplement", "agree"]
    assert opinions[0].payload_data["proposal_sha256"] != opinions[1].payload_data["proposal_sha256"]
    assert JournalEntry.objects.filter(event_type="decision.issued", subject=f"cases.case:{case.pk}").exists()


def test_reviewer_desk_pages_and_api(client, cw, lead, rule, reviewer):
    r, user = reviewer
    case = big(cw, lead)
    client.force_login(cw.officer_user)
    page = client.get(f"/workbench/cases/{case.pk}/").content.decode()
    assert "法制审核" in page and "未经法制审核不得作出决定" in page
    resp = client.post(f"/review/cases/{case.pk}/submit/", MATERIALS)
    assert resp.status_code == 302
    sub = case.review_submissions.get()
    client.force_login(user)
    assert str(sub.case.case_number) in client.get("/review/?mine=1").content.decode()
    page = client.get(f"/review/submissions/{sub.pk}/").content.decode()
    assert "机器预审" in page and "出具法制审核意见书" in page and sub.proposal_hash in page
    resp = client.post(f"/review/submissions/{sub.pk}/opinion/", {"kind": "agree", "text": "同意"})
    sub.refresh_from_db()
    assert sub.status == "agreed"
    # The API gives the same view, scoped.
    from zhifa.accounts.services import api_token_create

    _, key = api_token_create(user=user, name="t", actor=None)
    api = client.get(
        f"/api/v1/review/submissions/{sub.pk}/precheck", headers={"Authorization": f"Bearer {key}"}
    )
    assert api.status_code == 200 and {c["code"] for c in api.json()} >= {"qualification", "evidence"}
    other = make_user(username="other", role="legal_reviewer", agency=cw.world.agency_b)
    _, key2 = api_token_create(user=other, name="t", actor=None)
    assert (
        client.get(
            f"/api/v1/review/submissions/{sub.pk}", headers={"Authorization": f"Bearer {key2}"}
        ).status_code
        == 404
    )


def test_reviewer_share_is_a_regional_setting_118_four_11(client, cw, reviewer):
    """国办发〔2018〕118号 四(十一): reviewers 原则上不少于执法人员总数的5%; the share is the agency's
    region's ProcedureSetting over that national default."""
    from zhifa.cases.models import ProcedureSetting
    from zhifa.core.scope import Scope
    from zhifa.review import rules, selectors

    agency = cw.world.agency_a
    for i in range(17):  # 3 + 17 officers + the reviewer's = 21 active officers
        make_officer(agency=agency, name=f"执法{i}")
    assert rules.reviewer_ratio_percent(agency) == Decimal("5")
    [staffing] = selectors.reviewer_staffing(agencies=[agency])
    assert (staffing.officers, staffing.reviewers, staffing.required) == (21, 1, 2)  # ⌈21 × 5%⌉
    assert [s.agency for s in selectors.understaffed(scope=Scope.all())] == [agency]
    # The province asks for 10%, the city of agency_a for 4%: the most specific region wins.
    ProcedureSetting.objects.create(key="legal_reviewer_ratio_percent", region=cw.world.province, value=10)
    assert selectors.reviewer_staffing(agencies=[agency])[0].required == 3
    ProcedureSetting.objects.create(key="legal_reviewer_ratio_percent", region=cw.world.city, value=4)
    [staffing] = selectors.reviewer_staffing(agencies=[agency])
    assert staffing.required == 1 and staffing.sufficient
    assert selectors.understaffed(scope=Scope.all()) == []
    # The desk names the agency below its share, with the share that applies.
    ProcedureSetting.objects.filter(region=cw.world.city).update(value=15)
    client.force_login(cw.head)
    page = client.get("/review/").content.decode()
    assert "法制审核人员配备不足" in page and "按不少于 15% 应配 4 人" in page


# --------------------------------------------------------------------------- query counts


def _open_case(cw, title, officers=None):
    from zhifa.cases import services as case_services

    party = case_services.party_create(
        agency=cw.world.agency_a,
        kind="legal_person",
        name=f"{title}有限公司",
        address="江北市城关街道1号",
        credit_code="91350100M000100Y43",
    )
    return case_services.case_open(
        agency=cw.world.agency_a,
        procedure="general",
        item=cw.world.item_a,
        party=party,
        title=title,
        place=cw.world.city,
        discovered_on=date(2026, 3, 2),
        act_on=date(2026, 2, 20),
        officers=officers or cw.officers[:2],
        actor=None,
    )


def _queued(cw, n, start):
    """n open submissions of n cases (each its own party) with n reviewers, due on different days."""
    from zhifa.review.models import ReviewSubmission

    for i in range(start, start + n):
        o = make_officer(agency=cw.world.agency_a, name=f"审核员{i}", law_qualification=True)
        r = legal_reviewer_appoint(officer=o, appointed_on=date(2025, 1, 1), first_time=True, actor=None)
        ReviewSubmission.objects.create(
            case=_open_case(cw, f"案件{i}"),
            round=1,
            proposal="{}",
            proposal_hash=f"{i:064d}",
            status=SubmissionStatus.ASSIGNED,
            submitted_on=date(2026, 4, 1),
            reviewer=r,
            assigned_on=date(2026, 4, 1),
            due_on=date(2026, 4, 15 + i % 10),
        )


def test_review_desk_reads_a_fixed_number_of_queries(client, cw, django_assert_num_queries):
    """The desk: session, user, the working-day calendar's fingerprint (due soon), the queue (cases,
    parties and reviewers joined), and the staffing check (agencies, officer and reviewer counts,
    regional settings) — the same for 2 rows as for 8."""
    client.force_login(cw.head)
    _queued(cw, 2, 0)
    client.get("/review/")
    with django_assert_num_queries(8):
        few = client.get("/review/").content.decode()
    _queued(cw, 6, 2)
    with django_assert_num_queries(8):
        many = client.get("/review/").content.decode()
    assert few.count("第 1 轮") == 2 and many.count("第 1 轮") == 8
    assert "审核员7" in many and "案件7有限公司" in many


def test_precheck_reads_certificates_once_whatever_the_officers_and_dates(cw, rule):
    """The qualification check (118号 四(十三)1; 行政处罚法 Art.42) runs may_act for every officer on
    every act date: the certificates are prefetched, so a third officer costs no query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for title, officers in (("两人", cw.officers[:2]), ("三人", cw.officers)):
        case = ready_case(cw, _open_case(cw, title, officers), fine_amount="200000", benchmark_tier="serious")
        case = type(case).objects.select_related("agency__region", "item__agency", "place").get(pk=case.pk)
        with CaptureQueriesContext(connection) as ctx:
            items = {i.code: i for i in precheck.run(case)}
        assert items["qualification"].status == "pass", items["qualification"].evidence
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_round_robin_reads_the_case_once_whatever_the_reviewers(cw, rule, django_assert_num_queries):
    """The choice among eligible reviewers (SAMR 程序规定 Art.49: not an investigator; not an approver)
    reads the case's conflicts once: reviewers, officers of the case, its approvers, last assignments."""
    from zhifa.review.models import ReviewSubmission

    for i in range(5):
        o = make_officer(agency=cw.world.agency_a, name=f"轮审{i}", law_qualification=True)
        legal_reviewer_appoint(officer=o, appointed_on=date(2025, 1, 1), first_time=True, actor=None)
    investigator = cw.officers[0]
    investigator.law_qualification = True
    investigator.save()
    legal_reviewer_appoint(officer=investigator, appointed_on=date(2025, 1, 1), first_time=False, actor=None)
    case = _open_case(cw, "轮审案")
    sub = ReviewSubmission.objects.create(
        case=case, round=1, proposal="{}", proposal_hash="0" * 64, submitted_on=date(2026, 4, 1)
    )
    sub = ReviewSubmission.objects.select_related("case__agency").get(pk=sub.pk)
    with django_assert_num_queries(4):
        chosen = services._next_reviewer(sub)
    assert chosen is not None and chosen.officer.name == "轮审0"  # never the investigator


def _due(cw, days):
    """One open submission due on each of `days`."""
    from zhifa.review.models import ReviewSubmission

    for i, due in enumerate(days):
        ReviewSubmission.objects.create(
            case=_open_case(cw, f"期限{i}"),
            round=1,
            proposal="{}",
            proposal_hash=f"{i:064d}",
            submitted_on=date(2026, 3, 20),
            due_on=due,
        )


def test_due_soon_counts_working_days_like_the_time_limit_samr_art55(cw):
    """SAMR 程序规定 Art.55 counts the review time limit in working days, and the desk's "due soon"
    counts the same way: on Friday 2026-04-03, before the Qingming days off (04-04..06), a review due
    Wednesday 04-08 is two working days away — due soon, though five calendar days away."""
    from zhifa.core.scope import Scope
    from zhifa.review import selectors

    friday = date(2026, 4, 3)
    assert selectors.due_soon_until(friday) == date(2026, 4, 8)
    _due(cw, [date(2026, 4, 2), friday, date(2026, 4, 8), date(2026, 4, 9)])
    queue = selectors.queue(scope=Scope.all(), today=friday)
    states = {s.due_on: s.due_state for s in queue}  # type: ignore[attr-defined]  # an annotation
    assert states == {
        date(2026, 4, 2): "overdue",
        friday: "soon",  # due today
        date(2026, 4, 8): "soon",
        date(2026, 4, 9): "",  # three working days away
    }
    # A year not in the calendar yet: weekdays are counted (Fri 2031-01-03 → Tue 01-07).
    assert selectors.due_soon_until(date(2031, 1, 3)) == date(2031, 1, 7)


def test_the_desk_highlights_what_is_due_soon_samr_art55(client, cw, monkeypatch):
    from django.utils import timezone

    _due(cw, [date(2026, 4, 2), date(2026, 4, 8), date(2026, 4, 9)])
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 4, 3))
    client.force_login(cw.head)
    page = client.get("/review/").content.decode()
    assert page.count("已超期") == 1 and page.count("即将到期") == 1
    assert '<span class="s-expired">2026年4月8日</span> 即将到期' in page
    assert '<span class="">2026年4月9日</span>' in page


def test_case_page_badge_says_to_be_submitted_before_any_submission_not_failed(client, cw, lead, rule):
    """The badge on the case page follows the review's real state (issue 18): 待送审 before anything was
    sent, the submission's own status while it is with the reviewer, 未通过 only after a refusal."""
    case = big(cw, lead)
    client.force_login(cw.officer_user)

    def badge() -> str:
        html: str = client.get(f"/workbench/cases/{case.pk}/").content.decode()
        head = html[html.index("<h2>法制审核") :]
        return head[: head.index("</h2>")]

    assert "待送审" in badge() and "未通过" not in badge()
    services.submit(case=case, materials=MATERIALS, actor=cw.officer_user, on=date(2026, 4, 1))
    assert "未通过" not in badge() and ("待分配" in badge() or "审核中" in badge())


def test_rounds_table_shows_words_not_codes_or_python_lists():
    """Issue 18 §4: the rounds comparison reads 罚款、警告 and 较重, not ['罚款', '警告'] or serious."""
    from zhifa.review.selectors import shown

    assert shown("penalty_kinds", ["警告", "罚款"]) == "警告、罚款"
    assert shown("benchmark_tier", "serious") == "较重"
    assert shown("benchmark_tier", "第二档") == "第二档"
    assert shown("lenience", "mitigated") == "减轻"
    assert shown("legal_basis", []) is None
