"""预警: every rule raised, acknowledged and resolved when its cause goes away on the next run; re-runs
raise no duplicate; hand resolution; scoping of the page and its actions; the page's query count."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhifa.cases import engine
from zhifa.cases import services as case_services
from zhifa.cases.models import Case, Deadline, DeadlineStatus, ProcedureSetting
from zhifa.catalog import calendar
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.core.jobs import daily_jobs
from zhifa.journal.models import JournalEntry
from zhifa.personnel.models import Certificate, CertificateStatus, LegalReviewer
from zhifa.publicity.models import Publication, PublicationStatus
from zhifa.supervision import alert_services
from zhifa.supervision.alert_rules import RULES
from zhifa.supervision.models_alerts import Alert, AlertState
from zhifa.testing import make_agency, make_case_world, make_certificate, make_officer, make_user

DISCOVERED = date(2026, 3, 2)  # Monday, inside the loaded 2026 calendar
FILED = date(2026, 3, 4)


@pytest.fixture
def cw(db: Any) -> Any:
    return make_case_world()


@pytest.fixture
def lead(cw: Any) -> Case:
    party = case_services.party_create(
        agency=cw.world.agency_a,
        kind="legal_person",
        name="江北市某食品有限公司",
        address="江北市城关街道1号",
        credit_code="91350100M000100Y43",
        legal_representative="陈某",
    )
    return case_services.case_open(
        agency=cw.world.agency_a,
        procedure="general",
        item=cw.world.item_a,
        party=party,
        title="销售不符合食品安全标准的食品",
        place=cw.world.township_a,
        discovered_on=DISCOVERED,
        act_on=date(2026, 2, 20),
        officers=cw.officers[:2],
        lead_officer=cw.officers[0],
        actor=cw.officer_user,
    )


def step(cw: Any, case: Case, name: str, on: date, **data: Any) -> Case:
    return engine.execute(case=case, transition=name, actor=cw.head, data=data, on=on)


def run(rule: str, today: date) -> alert_services.RuleResult:
    return alert_services.evaluate(today=today, keys=[rule]).rules[rule]


def alerts(rule: str, **kw: Any) -> list[Alert]:
    return list(Alert.objects.filter(rule=rule, **kw).order_by("id"))


def journaled(event: str, alert: Alert) -> int:
    return JournalEntry.objects.filter(event_type=event, subject=f"supervision.alert:{alert.pk}").count()


def test_registry_every_rule_has_basis_severity_role_and_the_daily_job_is_registered() -> None:
    assert list(RULES) == [
        "clock_overdue",
        "clock_due_soon",
        "lead_not_filed",
        "publication_late",
        "withdrawal_overdue",
        "certificate_lapsed_open_cases",
        "reviewer_share_low",
        "inspection_over_cap",
        "inspection_repeat",
        "fine_month_total",
        "matter_overdue",  # supervision.matters (test_matters.py)
        "recording_missing",
        "enforcement_out_of_region",
    ]
    for r in RULES.values():
        assert r.title and r.basis and r.severity and r.role
    assert any(j.label.startswith("预警规则评估") for j in daily_jobs())


def test_lead_not_filed_samr_art_18_raised_acknowledged_resolved_when_filed(cw: Any, lead: Case) -> None:
    """有案不立 (SAMR 程序规定 Art.18: decide on filing within 15 working days)."""
    due = Deadline.objects.get(case=lead, kind="filing").due_on
    assert run("lead_not_filed", due).raised == 0  # the last day is still in time
    assert run("lead_not_filed", due + timedelta(days=1)).raised == 1
    (a,) = alerts("lead_not_filed")
    assert (a.subject_kind, a.subject_id, a.agency_id, a.role) == (
        "case",
        lead.pk,
        lead.agency_id,
        "agency_head",
    )
    assert journaled("alert.raised", a) == 1
    # Idempotent: a second run the same or the next day raises nothing new.
    assert run("lead_not_filed", due + timedelta(days=2)).raised == 0
    assert Alert.objects.filter(rule="lead_not_filed").count() == 1
    # The filing clock is this rule's, not the clock rules'.
    alert_services.evaluate(today=due + timedelta(days=2), keys=["clock_overdue", "clock_due_soon"])
    assert not Alert.objects.filter(rule__startswith="clock_").exists()

    with pytest.raises(DomainError):
        alert_services.acknowledge(alert=a, actor=cw.head, note="  ")
    alert_services.acknowledge(alert=a, actor=cw.head, note="本周内提交立案审批")
    a.refresh_from_db()
    assert (
        a.state == AlertState.ACKNOWLEDGED and a.ack_by == cw.head and journaled("alert.acknowledged", a) == 1
    )

    late = due + timedelta(days=3)
    step(cw, lead, "file", late)
    result = run("lead_not_filed", late + timedelta(days=1))
    a.refresh_from_db()
    assert result.resolved == 1 and a.state == AlertState.RESOLVED and a.resolved_auto
    assert journaled("alert.resolved", a) == 1
    assert run("lead_not_filed", late + timedelta(days=2)).resolved == 0


def _preserved(cw: Any, lead: Case) -> tuple[Case, Deadline]:
    case = step(cw, lead, "file", FILED)
    case = step(cw, case, "preserve", date(2026, 3, 5), items="不合格食品20箱")
    return case, Deadline.objects.get(case=case, kind="preservation", status=DeadlineStatus.RUNNING)


def test_clock_due_soon_then_overdue_then_met(cw: Any, lead: Case) -> None:
    """A case clock (行政处罚法 Art.56, 7 working days) due within the regional N working days, then late."""
    case, clock = _preserved(cw, lead)
    five_before = date(2026, 3, 5)
    assert calendar.add_working_days(five_before, 3).date < clock.due_on
    assert run("clock_due_soon", five_before).raised == 0  # not yet within 3 working days
    soon = clock.due_on - timedelta(days=1)
    assert run("clock_due_soon", soon).raised == 1
    (a,) = alerts("clock_due_soon")
    assert (a.subject_kind, a.subject_id, a.role) == ("deadline", clock.pk, "officer")
    alert_services.acknowledge(alert=a, actor=cw.officer_user, note="已安排处理")

    after = clock.due_on + timedelta(days=1)
    alert_services.evaluate(today=after, keys=["clock_due_soon", "clock_overdue"])
    a.refresh_from_db()
    assert a.state == AlertState.RESOLVED and a.resolved_auto  # due-soon gave way to overdue
    (o,) = alerts("clock_overdue")
    assert o.state == AlertState.OPEN and o.severity == "high"

    step(cw, case, "dispose_preservation", after, measure="解除先行登记保存")
    assert run("clock_overdue", after + timedelta(days=1)).resolved == 1
    o.refresh_from_db()
    assert o.state == AlertState.RESOLVED


def test_clock_overdue_marked_missed_stays_until_case_ends(cw: Any, lead: Case) -> None:
    case, clock = _preserved(cw, lead)
    Deadline.objects.filter(pk=clock.pk).update(status=DeadlineStatus.MISSED)  # the cases' daily job
    assert run("clock_overdue", clock.due_on + timedelta(days=5)).raised == 1
    Case.objects.filter(pk=case.pk).update(state="closed", closed_on=clock.due_on + timedelta(days=6))
    assert run("clock_overdue", clock.due_on + timedelta(days=7)).resolved == 1


def test_due_soon_horizon_is_the_regional_setting(cw: Any, lead: Case) -> None:
    _case, clock = _preserved(cw, lead)
    today = date(2026, 3, 5)
    assert run("clock_due_soon", today).raised == 0
    ProcedureSetting.objects.create(key="alert_due_soon_working_days", region=cw.world.province, value=10)
    assert run("clock_due_soon", today).raised == 1


def _publication(agency: Any, **kw: Any) -> Publication:
    fields: dict[str, Any] = {
        "agency": agency,
        "kind": "penalty",
        "decision_number": "江市监罚〔2026〕7号",
        "decided_on": date(2026, 3, 2),
        "title": "销售不符合食品安全标准的食品",
        "party_display": "江北市某食品有限公司",
        "region_path": agency.region.path,
        "original_text": "决定书",
        "redacted_text": "决定书",
        "due_on": date(2026, 3, 11),
        **kw,
    }
    return Publication.objects.create(**fields)


def test_publication_late_raised_and_resolved_when_published(cw: Any) -> None:
    """行政处罚法 Art.48 / 国办发〔2018〕118号: a decision not published by its due date."""
    pub = _publication(cw.world.agency_a)
    assert run("publication_late", date(2026, 3, 11)).raised == 0
    assert run("publication_late", date(2026, 3, 12)).raised == 1
    (a,) = alerts("publication_late")
    assert (a.reference, a.role) == ("江市监罚〔2026〕7号", "publicity_clerk")
    clerk = make_user(username="clerk", role="publicity_clerk", agency=cw.world.agency_a)
    alert_services.acknowledge(alert=a, actor=clerk, note="保密审查中")
    Publication.objects.filter(pk=pub.pk).update(
        status=PublicationStatus.PUBLISHED, published_on=date(2026, 3, 13)
    )
    assert run("publication_late", date(2026, 3, 13)).resolved == 1


def test_withdrawal_overdue_publicity_rule_art_11(cw: Any) -> None:
    """市场监督管理行政处罚信息公示规定 Art.11: withdrawn within 3 working days."""
    pub = _publication(cw.world.agency_a, status=PublicationStatus.PUBLISHED, withdraw_due=date(2026, 4, 3))
    assert run("withdrawal_overdue", date(2026, 4, 3)).raised == 0
    assert run("withdrawal_overdue", date(2026, 4, 7)).raised == 1
    Publication.objects.filter(pk=pub.pk).update(status=PublicationStatus.WITHDRAWN)
    assert run("withdrawal_overdue", date(2026, 4, 8)).resolved == 1


def test_certificate_suspended_while_officer_has_open_cases_art_42(cw: Any, lead: Case) -> None:
    """行政处罚法 Art.42: enforcement by officers holding a valid certificate."""
    cert = Certificate.objects.get(officer=cw.officers[0])
    idle = Certificate.objects.get(officer=cw.officers[2])  # holds no case
    Certificate.objects.filter(pk__in=[cert.pk, idle.pk]).update(status=CertificateStatus.SUSPENDED)
    assert run("certificate_lapsed_open_cases", date(2026, 3, 3)).raised == 1
    (a,) = alerts("certificate_lapsed_open_cases")
    assert a.subject_id == cert.pk and "1件" in a.detail
    alert_services.acknowledge(alert=a, actor=cw.head, note="已调整承办人")
    # Another certificate in force makes the officer qualified again: the cause is gone.
    make_certificate(officer=cw.officers[0], field=cw.world.field_market, area=cw.world.city)
    assert run("certificate_lapsed_open_cases", date(2026, 3, 4)).resolved == 1


def test_certificate_expired_resolves_when_the_case_ends(cw: Any, lead: Case) -> None:
    cert = Certificate.objects.get(officer=cw.officers[1])
    Certificate.objects.filter(pk=cert.pk).update(valid_until=date(2026, 3, 1))
    assert run("certificate_lapsed_open_cases", date(2026, 3, 3)).raised == 1
    assert "到期" in alerts("certificate_lapsed_open_cases")[0].detail
    step(cw, lead, "decline_filing", date(2026, 3, 4), reason="违法事实不能成立")
    assert run("certificate_lapsed_open_cases", date(2026, 3, 5)).resolved == 1


def test_reviewer_share_118_4_11_raised_and_resolved_when_appointed(cw: Any) -> None:
    """国办发〔2018〕118号 四(十一): legal reviewers not less than 5% of the officers."""
    assert run("reviewer_share_low", date(2026, 3, 3)).raised == 1  # 3 officers, none reviewing
    (a,) = alerts("reviewer_share_low")
    assert a.agency_id == cw.world.agency_a.pk and "应不少于1人" in a.detail
    reviewer = make_officer(agency=cw.world.agency_a, name="周律")
    assert run("reviewer_share_low", date(2026, 3, 4)).raised == 0
    LegalReviewer.objects.create(officer=reviewer, agency=cw.world.agency_a, appointed_on=date(2026, 3, 4))
    assert run("reviewer_share_low", date(2026, 3, 5)).resolved == 1


def test_fine_month_total_is_off_by_default_then_watched_by_region(cw: Any, lead: Case) -> None:
    """趋利性执法 indicator (《行政执法监督条例》): a configurable rule, 0 = off."""
    Case.objects.filter(pk=lead.pk).update(decided_on=date(2026, 3, 10), fine_amount=Decimal("150000"))
    assert run("fine_month_total", date(2026, 3, 20)).raised == 0
    ProcedureSetting.objects.create(key="alert_fine_month_total_yuan", region=cw.world.city, value=100000)
    assert run("fine_month_total", date(2026, 3, 20)).raised == 1
    (a,) = alerts("fine_month_total")
    assert a.role == "supervisor" and "150,000.00" in a.detail
    Case.objects.filter(pk=lead.pk).update(decision_revoked_on=date(2026, 3, 25))
    assert run("fine_month_total", date(2026, 3, 26)).resolved == 1


def test_hand_resolution_needs_a_reason_and_holds_while_the_cause_stays(cw: Any) -> None:
    run("reviewer_share_low", date(2026, 3, 3))
    (a,) = alerts("reviewer_share_low")
    officer = make_user(username="o2", role="officer", agency=cw.world.agency_a)
    with pytest.raises(PermissionDenied):
        alert_services.resolve(alert=a, actor=officer, reason="无")
    with pytest.raises(DomainError):
        alert_services.resolve(alert=a, actor=cw.head, reason="")
    alert_services.resolve(alert=a, actor=cw.head, reason="招录中，已报编制部门")
    a.refresh_from_db()
    assert a.state == AlertState.RESOLVED and not a.resolved_auto and journaled("alert.resolved", a) == 1
    with pytest.raises(DomainError):
        alert_services.acknowledge(alert=a, actor=cw.head, note="x")
    assert run("reviewer_share_low", date(2026, 3, 4)).raised == 0  # the accepted cause stays
    # The cause goes away, then returns: that is news again.
    reviewer = make_officer(agency=cw.world.agency_a, name="周律")
    lr = LegalReviewer.objects.create(
        officer=reviewer, agency=cw.world.agency_a, appointed_on=date(2026, 3, 4)
    )
    assert run("reviewer_share_low", date(2026, 3, 5)).raised == 0
    LegalReviewer.objects.filter(pk=lr.pk).update(active=False)
    assert run("reviewer_share_low", date(2026, 3, 6)).raised == 1
    assert len(alerts("reviewer_share_low")) == 2


# --- the page -------------------------------------------------------------------------------------------


@pytest.fixture
def scoped(cw: Any, lead: Case) -> dict[str, Any]:
    """Alerts of three kinds at agency A, one at agency C in 临江县."""
    agency_c = make_agency(name="临江县市场监督管理局", region=cw.world.county_b)
    make_officer(agency=agency_c, name="孙立")
    _publication(cw.world.agency_a)
    _case, clock = _preserved(cw, lead)
    alert_services.evaluate(today=clock.due_on + timedelta(days=1))
    return {
        "agency_c": agency_c,
        "supervisor": make_user(username="sup", role="supervisor", region=cw.world.city),
        "county_supervisor": make_user(username="sup_lj", role="supervisor", region=cw.world.county_b),
        "clerk": make_user(username="clerk", role="publicity_clerk", agency=cw.world.agency_a),
        "officer_c": make_user(username="off_c", role="officer", agency=agency_c),
    }


def _listed(client: Any, user: Any, query: str = "") -> set[str]:
    client.force_login(user)
    response = client.get("/workbench/supervision/alerts/" + query)
    assert response.status_code == 200
    return {a.rule + "@" + str(a.agency_id) for a in response.context["page"]}


def test_page_scoping_by_region_agency_and_role(client: Any, cw: Any, scoped: dict[str, Any]) -> None:
    a, c = cw.world.agency_a.pk, scoped["agency_c"].pk
    everything = {
        f"clock_overdue@{a}",
        f"publication_late@{a}",
        f"reviewer_share_low@{a}",
        f"reviewer_share_low@{c}",
    }
    assert _listed(client, scoped["supervisor"]) == everything
    assert _listed(client, scoped["county_supervisor"]) == {f"reviewer_share_low@{c}"}
    assert _listed(client, cw.officer_user) == {f"clock_overdue@{a}"}
    assert _listed(client, scoped["clerk"]) == {f"publication_late@{a}"}
    assert _listed(client, cw.head) == {
        f"clock_overdue@{a}",
        f"publication_late@{a}",
        f"reviewer_share_low@{a}",
    }
    assert _listed(client, scoped["officer_c"]) == set()  # the reviewer share goes to the head
    # Filters.
    assert _listed(client, scoped["supervisor"], f"?agency={c}") == {f"reviewer_share_low@{c}"}
    assert _listed(client, scoped["supervisor"], "?severity=high") == {f"clock_overdue@{a}"}
    assert _listed(client, scoped["supervisor"], "?rule=publication_late") == {f"publication_late@{a}"}
    assert _listed(client, scoped["supervisor"], "?state=resolved") == set()


def test_page_actions_note_required_and_out_of_scope_refused(
    client: Any, cw: Any, scoped: dict[str, Any]
) -> None:
    alert = Alert.objects.get(rule="reviewer_share_low", agency=cw.world.agency_a)
    client.force_login(scoped["supervisor"])
    url = f"/workbench/supervision/alerts/{alert.pk}/"
    page = client.get("/workbench/supervision/alerts/").content.decode()
    assert f'action="{url}acknowledge/"' in page and f'action="{url}resolve/"' in page
    response = client.post(url + "acknowledge/", {"note": ""}, follow=True)
    assert "请填写知悉说明" in response.content.decode()
    alert.refresh_from_db()
    assert alert.state == AlertState.OPEN
    client.post(
        url + "acknowledge/", {"note": "已约谈该局", "next": "/workbench/supervision/alerts/?state=all"}
    )
    alert.refresh_from_db()
    assert alert.state == AlertState.ACKNOWLEDGED and alert.ack_note == "已约谈该局"
    client.force_login(scoped["county_supervisor"])
    assert client.post(url + "resolve/", {"reason": "x"}).status_code == 404
    client.force_login(scoped["supervisor"])
    client.post(url + "resolve/", {"reason": "已列入招录计划"})
    alert.refresh_from_db()
    assert alert.state == AlertState.RESOLVED and alert.resolve_reason == "已列入招录计划"


def test_home_shows_the_count_and_the_page_query_count_is_pinned(
    client: Any, cw: Any, scoped: dict[str, Any]
) -> None:
    client.force_login(scoped["supervisor"])
    assert "待处理预警 4 条" in client.get("/workbench/").content.decode()

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/workbench/supervision/alerts/?state=all").status_code == 200
        return len(ctx.captured_queries)

    before = queries()
    for i in range(30):  # many more alerts: the same number of queries
        Alert.objects.create(
            rule="publication_late",
            severity="medium",
            role="publicity_clerk",
            agency=scoped["agency_c"],
            subject_kind="publication",
            subject_id=10_000 + i,
            reference=f"临市监罚〔2026〕{i}号",
            detail="应于2026年03月11日前公示，尚未公示",
            fingerprint=f"publication_late:publication:{10_000 + i}",
            raised_at=cw.head.date_joined,
        )
    assert queries() == before
    assert before == 6, before  # session, user, count, page, agencies filter, messages
