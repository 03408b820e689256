"""Certificate lifecycle, sanctions escalation and the "may act" selector (legal-rules §8)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zhifa.core.errors import DomainError
from zhifa.journal.models import JournalEntry
from zhifa.personnel import selectors, services
from zhifa.personnel.models import (
    AssessmentGrade,
    Certificate,
    CertificateStatus,
    Officer,
    Sanction,
    SanctionKind,
)
from zhifa.testing import make_certificate, make_officer, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


@pytest.fixture
def cert(world):
    officer = make_officer(agency=world.agency_a)
    return make_certificate(officer=officer, field=world.field_market, area=world.city)


def _events(cert):
    return list(cert.events.order_by("at", "id").values_list("kind", "from_status", "to_status"))


def test_lifecycle_issue_suspend_reinstate_renew_revoke_each_journaled(cert):
    services.certificate_suspend(certificate=cert, reason="2025年度考核不合格", actor=None)
    services.certificate_reinstate(certificate=cert, reason="重新培训考试合格", actor=None)
    services.certificate_renew(
        certificate=cert, valid_until=date(2031, 12, 31), reason="到期换证", actor=None
    )
    services.certificate_revoke(certificate=cert, reason="以欺骗手段取得执法证", actor=None)
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.REVOKED
    assert _events(cert) == [
        ("issue", "", "valid"),
        ("suspend", "valid", "suspended"),
        ("reinstate", "suspended", "valid"),
        ("renew", "valid", "valid"),
        ("revoke", "valid", "revoked"),
    ]
    journaled = JournalEntry.objects.filter(subject=f"personnel.certificate:{cert.pk}").values_list(
        "event_type", flat=True
    )
    assert list(journaled) == [
        "certificate.issue",
        "certificate.suspend",
        "certificate.reinstate",
        "certificate.renew",
        "certificate.revoke",
    ]
    # Every event row points at its journal entry.
    assert all(JournalEntry.objects.filter(pk=e.journal_entry_id).exists() for e in cert.events.all())


def test_every_step_needs_a_reason(cert):
    with pytest.raises(DomainError, match="原因"):
        services.certificate_suspend(certificate=cert, reason="  ", actor=None)
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.VALID


@pytest.mark.parametrize(
    ("first", "then", "message"),
    [
        ("suspend", "suspend", "只有有效的执法证可以暂扣"),
        (None, "reinstate", "只有被暂扣的执法证可以发还"),
        ("suspend", "renew", "不能换证延期"),
        ("revoke", "revoke", "已被收回"),
    ],
)
def test_illegal_transitions_are_refused(cert, first, then, message):
    ops = {
        "suspend": lambda: services.certificate_suspend(certificate=cert, reason="r", actor=None),
        "reinstate": lambda: services.certificate_reinstate(certificate=cert, reason="r", actor=None),
        "revoke": lambda: services.certificate_revoke(certificate=cert, reason="r", actor=None),
        "renew": lambda: services.certificate_renew(
            certificate=cert, valid_until=date(2035, 1, 1), reason="r", actor=None
        ),
    }
    if first:
        ops[first]()
    before = JournalEntry.objects.count()
    with pytest.raises(DomainError, match=message):
        ops[then]()
    assert JournalEntry.objects.count() == before  # nothing half-written


def test_no_new_certificate_after_revocation_art34(world, cert):
    """交通运输行政执法证件管理规定 Art.34: no re-application after 吊销/收回."""
    services.certificate_revoke(certificate=cert, reason="严重违纪", actor=None)
    with pytest.raises(DomainError) as exc:
        make_certificate(officer=cert.officer, field=world.field_market, area=world.city)
    assert "第三十四条" in exc.value.rule


def test_certificate_area_must_lie_within_the_agency_region(world):
    county_agency_officer = make_officer(agency=world.agency_a)
    with pytest.raises(DomainError, match="超出"):
        make_certificate(officer=county_agency_officer, field=world.field_market, area=world.province)


def test_daily_expiry_marks_only_past_certificates(world):
    today = timezone.localdate()
    o = make_officer(agency=world.agency_a)
    soon = make_certificate(
        officer=o,
        field=world.field_market,
        area=world.city,
        valid_from=date(2020, 1, 1),
        valid_until=today + timedelta(days=10),
    )
    later = make_certificate(
        officer=o, field=world.field_market, area=world.city, valid_until=today + timedelta(days=900)
    )
    run_on = today + timedelta(days=30)
    assert services.certificates_expire(today=run_on) == 1
    soon.refresh_from_db()
    later.refresh_from_db()
    assert (soon.status, later.status) == (CertificateStatus.EXPIRED, CertificateStatus.VALID)
    assert services.certificates_expire(today=run_on) == 0  # idempotent


def test_registering_an_old_certificate_does_not_make_it_valid(world):
    o = make_officer(agency=world.agency_a)
    old = make_certificate(
        officer=o,
        field=world.field_market,
        area=world.city,
        valid_from=date(2018, 1, 1),
        valid_until=date(2022, 12, 31),
    )
    assert old.status == CertificateStatus.EXPIRED
    with pytest.raises(DomainError, match="过期"):
        services.certificate_suspend(certificate=old, reason="x", actor=None)


def test_reinstating_after_the_period_ran_out_gives_expired(world):
    today = timezone.localdate()
    o = make_officer(agency=world.agency_a)
    c = make_certificate(
        officer=o,
        field=world.field_market,
        area=world.city,
        valid_from=date(2020, 1, 1),
        valid_until=today + timedelta(days=10),
    )
    services.certificate_suspend(certificate=c, reason="考核不合格", actor=None)
    c = services.certificate_reinstate(
        certificate=c, reason="考试合格", actor=None, today=today + timedelta(days=30)
    )
    assert c.status == CertificateStatus.EXPIRED


# --- sanctions -----------------------------------------------------------------------------------------


def test_failed_assessment_suspends_art31(cert):
    """交通运输部令2011年第1号 Art.31(1): 年度考核不合格 → 暂扣."""
    sanctions = services.assessment_record(
        officer=cert.officer, year=2025, grade=AssessmentGrade.FAIL, actor=None
    )
    cert.refresh_from_db()
    assert [s.kind for s in sanctions] == [SanctionKind.SUSPEND]
    assert "第三十一条" in sanctions[0].rule
    assert cert.status == CertificateStatus.SUSPENDED


def test_two_consecutive_failed_assessments_revoke_art33(cert):
    """Art.33(7): 两年连续考核不合格 → 吊销/收回."""
    services.assessment_record(officer=cert.officer, year=2024, grade=AssessmentGrade.FAIL, actor=None)
    sanctions = services.assessment_record(
        officer=cert.officer, year=2025, grade=AssessmentGrade.FAIL, actor=None
    )
    cert.refresh_from_db()
    assert [s.kind for s in sanctions] == [SanctionKind.REVOKE]
    assert cert.status == CertificateStatus.REVOKED


def test_passed_assessment_has_no_consequence(cert):
    assert (
        services.assessment_record(officer=cert.officer, year=2025, grade=AssessmentGrade.PASS, actor=None)
        == []
    )
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.VALID


def test_sanction_ladder_escalates_by_itself(cert, settings):
    settings.ZHIFA_SANCTION_REMINDERS_TO_CRITICISM = 2
    settings.ZHIFA_SANCTION_CRITICISMS_TO_SUSPENSION = 2
    o = cert.officer
    d = date(2026, 3, 1)
    assert [
        s.kind
        for s in services.sanction_record(
            officer=o, kind="reminder_talk", reason="着装不规范", day=d, actor=None
        )
    ] == ["reminder_talk"]
    second = services.sanction_record(
        officer=o, kind="reminder_talk", reason="未出示证件", day=d + timedelta(days=30), actor=None
    )
    assert [s.kind for s in second] == ["reminder_talk", "public_criticism"]
    assert second[1].escalated_from == second[0]
    # The second public criticism in the window suspends the certificate.
    third = services.sanction_record(
        officer=o, kind="public_criticism", reason="执法记录仪未开启", day=d + timedelta(days=60), actor=None
    )
    assert [s.kind for s in third] == ["public_criticism", "suspend"]
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.SUSPENDED
    assert Sanction.objects.filter(officer=o).count() == 5


def test_reminders_outside_the_window_do_not_escalate(cert, settings):
    settings.ZHIFA_SANCTION_ESCALATION_WINDOW_DAYS = 365
    o = cert.officer
    services.sanction_record(officer=o, kind="reminder_talk", reason="a", day=date(2024, 1, 1), actor=None)
    out = services.sanction_record(
        officer=o, kind="reminder_talk", reason="b", day=date(2025, 6, 1), actor=None
    )
    assert [s.kind for s in out] == ["reminder_talk"]


def test_year_end_training_check(world, settings):
    settings.ZHIFA_TRAINING_HOURS_PER_YEAR = 60
    none = make_officer(agency=world.agency_a, name="甲")
    some = make_officer(agency=world.agency_a, name="乙")
    enough = make_officer(agency=world.agency_a, name="丙")
    for o in (none, some, enough):
        make_certificate(officer=o, field=world.field_market, area=world.city)
    services.training_record(
        officer=some, day=date(2025, 5, 1), hours=Decimal(20), topic="行政处罚法", actor=None
    )
    services.training_record(
        officer=enough, day=date(2025, 5, 1), hours=Decimal(24), topic="行政处罚法", actor=None
    )
    services.training_record(
        officer=enough, day=date(2025, 6, 1), hours=Decimal(24), topic="食品安全法", actor=None
    )
    services.training_record(
        officer=enough, day=date(2025, 7, 1), hours=Decimal(12), topic="证据规则", actor=None
    )
    result = {
        r.officer_id: [s.kind for s in r.sanctions]
        for r in services.training_year_check(year=2025, actor=None)
    }
    assert result == {none.pk: ["suspend"], some.pk: ["reminder_talk"]}


# --- may act -------------------------------------------------------------------------------------------


def test_may_act_when_everything_covers(world, cert):
    check = selectors.may_act(
        officer=cert.officer, item=world.item_a, area=world.township_a, on=date(2026, 5, 1)
    )
    assert check.allowed and check.certificate == cert and check.reasons == []


def test_may_not_act_with_an_expired_certificate(world):
    o = make_officer(agency=world.agency_a)
    make_certificate(
        officer=o,
        field=world.field_market,
        area=world.city,
        valid_from=date(2020, 1, 1),
        valid_until=date(2025, 12, 31),
    )
    check = selectors.may_act(officer=o, item=world.item_a, area=world.city, on=date(2026, 1, 5))
    assert not check.allowed
    assert any("过期" in r for r in check.reasons)
    assert "第四十二条" in check.rule


def test_may_not_act_while_suspended_but_earlier_acts_stand(world, cert):
    services.certificate_suspend(certificate=cert, reason="考核不合格", actor=None)
    today = timezone.localdate()
    now_check = selectors.may_act(officer=cert.officer, item=world.item_a, area=world.city, on=today)
    assert not now_check.allowed and any("暂扣" in r for r in now_check.reasons)
    # An act done before the suspension is judged by the certificate as it was then.
    before = selectors.may_act(
        officer=cert.officer, item=world.item_a, area=world.city, on=today - timedelta(days=1)
    )
    assert before.allowed


def test_may_not_act_in_the_wrong_field(world, cert):
    wrong = make_officer(agency=world.agency_a)
    make_certificate(officer=wrong, field=world.field_env, area=world.city)
    check = selectors.may_act(officer=wrong, item=world.item_a, area=world.city, on=date(2026, 5, 1))
    assert not check.allowed and any("执法类别不含“市场监管”" in r for r in check.reasons)


def test_may_not_act_in_the_wrong_area(world):
    o = make_officer(agency=world.agency_a)
    make_certificate(officer=o, field=world.field_market, area=world.county_b)
    check = selectors.may_act(officer=o, item=world.item_a, area=world.township_a, on=date(2026, 5, 1))
    assert not check.allowed and any("执法区域为“临江县”" in r for r in check.reasons)


def test_may_not_act_on_another_agencys_item(world, cert):
    check = selectors.may_act(officer=cert.officer, item=world.item_b, area=world.city, on=date(2026, 5, 1))
    assert not check.allowed and any("不属于" in r for r in check.reasons)


def test_reviewer_counts_compared_by_118_four_11(world):
    """国办发〔2018〕118号 四(十一) compares an agency's legal reviewers with its officers (the share is
    review's regional setting): active officers and active reviewers of each agency, in two queries."""
    officers = [make_officer(agency=world.agency_a, name=f"员{i}") for i in range(21)]
    make_officer(agency=world.agency_b, name="乙")
    for o in officers[:2]:
        o.law_qualification = True
        o.save()
        services.legal_reviewer_appoint(officer=o, appointed_on=date(2026, 1, 1), first_time=True, actor=None)
    ids = [world.agency_a.pk, world.agency_b.pk]
    with CaptureQueriesContext(connection) as ctx:
        counts = selectors.reviewer_counts_many(agency_ids=ids)
    assert len(ctx.captured_queries) == 2
    assert (counts[world.agency_a.pk].officers, counts[world.agency_a.pk].reviewers) == (21, 2)
    assert (counts[world.agency_b.pk].officers, counts[world.agency_b.pk].reviewers) == (1, 0)


def test_first_time_reviewer_needs_law_qualification_art58(world):
    o = make_officer(agency=world.agency_a)
    with pytest.raises(DomainError) as exc:
        services.legal_reviewer_appoint(officer=o, appointed_on=date(2026, 1, 1), first_time=True, actor=None)
    assert "第五十八条" in exc.value.rule


def test_certificate_lookup_is_exact(cert):
    assert selectors.certificate_lookup(number=cert.number) == cert
    assert selectors.certificate_lookup(number=cert.number[:-1]) is None
    assert Certificate.objects.count() == 1


def test_officers_leave_by_status_never_by_deletion_in_the_admin(client, world):
    """An officer's record is history (cases, immutable evidence collector links, the journal)."""
    from zhifa.testing import make_user

    o = make_officer(agency=world.agency_a)
    client.force_login(make_user(username="root_del", role="administrator"))
    assert client.get(f"/admin/personnel/officer/{o.pk}/change/").status_code == 200
    assert client.get(f"/admin/personnel/officer/{o.pk}/delete/").status_code == 403
    assert Officer.objects.filter(pk=o.pk).exists()
