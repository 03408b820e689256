"""The approval flow after DHIS2: the agency head submits its figures with the narrative (an empty one is
refused), the supervisor of its region approves or returns it with reasons, the approved report is frozen
— its snapshot's SHA-256 journaled, the row immutable in the database, later cases never change it — and
published by 31 January (国办发〔2018〕118号 二(六)), a later publication recorded as late."""

import hashlib
import json
from datetime import date

import pytest
from django.db import DatabaseError, transaction

from zhifa.cases.models import ProcedureSetting
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.journal.models import JournalEntry
from zhifa.organizations.services import region_create
from zhifa.statistics import selectors, services
from zhifa.statistics.models import AnnualReport, FrozenReport, ReportStatus
from zhifa.statistics.tests.conftest import summary_fine
from zhifa.testing import make_user

pytestmark = pytest.mark.django_db

NARRATIVE = "2026年，本局坚持严格规范公正文明执法，全面落实行政执法三项制度。存在的问题：……改进措施：……"


def _submit(year, on=date(2027, 1, 8), narrative=NARRATIVE):
    return services.report_submit(
        agency=year.cw.world.agency_a, year=2026, narrative=narrative, actor=year.head, on=on
    )


def _entries(event_type):
    return list(JournalEntry.objects.filter(event_type=event_type).order_by("id"))


def test_an_empty_narrative_is_refused_and_nothing_is_written(year):
    for narrative in ("", "   \n  "):
        with pytest.raises(DomainError, match="情况说明不能为空") as exc:
            _submit(year, narrative=narrative)
        assert exc.value.field == "narrative"
    assert not AnnualReport.objects.exists() and not _entries("statistics_report.submitted")


def test_only_the_agency_head_submits_and_only_the_regions_supervisor_reviews(year):
    w = year.cw.world
    with pytest.raises(PermissionDenied, match="负责人"):
        services.report_submit(agency=w.agency_a, year=2026, narrative=NARRATIVE, actor=year.cw.officer_user)
    other_head = make_user(username="head_b", role="agency_head", agency=w.agency_b)
    with pytest.raises(PermissionDenied):
        services.report_submit(agency=w.agency_a, year=2026, narrative=NARRATIVE, actor=other_head)
    report = _submit(year)
    elsewhere = region_create(code="980000", name="邻省", level="province", parent=None, actor=None)
    outsider = make_user(username="sup_x", role="supervisor", region=elsewhere)
    with pytest.raises(PermissionDenied, match="监督人员"):
        services.report_approve(report=report, actor=outsider)
    with pytest.raises(PermissionDenied):
        services.report_approve(report=report, actor=year.head)  # not its own approver
    province_supervisor = make_user(username="sup_p", role="supervisor", region=w.province)
    frozen = services.report_approve(report=report, actor=province_supervisor, on=date(2027, 1, 12))
    assert frozen.sha256 == report.snapshot_sha256


def test_submit_return_resubmit_approve_publish(year):
    report = _submit(year)
    assert report.status == ReportStatus.SUBMITTED and report.publish_by == date(2027, 1, 31)
    data = json.loads(report.snapshot)
    assert data["figures"]["penalty_total"] == 4 and data["figures"]["fine_amount"] == "155150.00"
    assert data["narrative"] == NARRATIVE and data["period"] == {
        "from": "2026-01-01",
        "to": "2026-12-31",
        "complete": True,
    }
    with pytest.raises(DomainError, match="不能再次报送"):
        _submit(year)
    with pytest.raises(DomainError, match="退回理由"):
        services.report_return(report=report, reason=" ", actor=year.supervisor)
    report = services.report_return(
        report=report, reason="许可数据请与政务服务系统核对", actor=year.supervisor
    )
    assert report.status == ReportStatus.RETURNED
    with pytest.raises(DomainError, match="不在待审核状态"):
        services.report_approve(report=report, actor=year.supervisor)
    report = _submit(year, on=date(2027, 1, 15), narrative=NARRATIVE + "（已核对许可数据）")
    assert report.submissions == 2 and report.status == ReportStatus.SUBMITTED
    frozen = services.report_approve(report=report, actor=year.supervisor, on=date(2027, 1, 20))
    assert selectors.published(2026) == []  # approved, not yet public
    frozen = services.report_publish(report=report, actor=year.clerk, on=date(2027, 1, 25))
    assert frozen.published_on == date(2027, 1, 25) and not frozen.late
    events = [
        e.event_type
        for e in JournalEntry.objects.filter(subject=f"statistics.annualreport:{report.pk}").order_by("id")
    ]
    assert events == [
        "statistics_report.submitted",
        "statistics_report.returned",
        "statistics_report.submitted",
        "statistics_report.approved",
        "statistics_report.published",
    ]
    published = _entries("statistics_report.published")[-1].payload_data
    assert published["late"] is False and published["publish_by"] == "2027-01-31"


def test_the_approved_snapshot_is_frozen_its_hash_journaled_and_later_cases_never_change_it(year):
    report = _submit(year)
    frozen = services.report_approve(report=report, actor=year.supervisor, on=date(2027, 1, 12))
    approved = _entries("statistics_report.approved")[-1].payload_data
    # The journal names the digest of the exact bytes that were approved.
    assert (
        approved["snapshot_sha256"] == frozen.sha256 == hashlib.sha256(frozen.snapshot.encode()).hexdigest()
    )
    before = frozen.snapshot

    # A later case: another on-the-spot fine decided in 2026, after the approval.
    summary_fine(year.cw, date(2026, 11, 2), name="李四", amount="100")
    live = selectors.live_report(year.cw.world.agency_a, 2026, date(2027, 2, 1))
    assert live.values["penalty_total"] == 5

    frozen.refresh_from_db()
    assert frozen.snapshot == before and json.loads(frozen.snapshot)["figures"]["penalty_total"] == 4
    services.report_publish(report=report, actor=year.head, on=date(2027, 1, 20))
    row = selectors.public_rows(2026)[0]
    assert row.figures["penalty_total"] == 4 and row.frozen.sha256 == approved["snapshot_sha256"]


def test_the_database_refuses_to_rewrite_or_delete_a_frozen_report(year):
    report = _submit(year)
    frozen = services.report_approve(report=report, actor=year.supervisor)
    with pytest.raises(DatabaseError), transaction.atomic():
        FrozenReport.objects.filter(pk=frozen.pk).update(snapshot='{"figures":{"penalty_total":0}}')
    with pytest.raises(DatabaseError), transaction.atomic():
        FrozenReport.objects.filter(pk=frozen.pk).delete()
    services.report_publish(report=report, actor=year.head, on=date(2027, 1, 20))
    with pytest.raises(DatabaseError), transaction.atomic():  # published once, never again
        FrozenReport.objects.filter(pk=frozen.pk).update(published_on=date(2027, 1, 1))


def test_a_submitted_report_shows_what_changed_since(year):
    report = _submit(year)
    summary_fine(year.cw, date(2026, 11, 2), name="李四", amount="100")
    live = selectors.live_report(year.cw.world.agency_a, 2026, date(2027, 1, 9))
    changed = {label: (before, now) for label, before, now in selectors.changed_since(report, live)}
    assert changed["行政处罚决定数"] == (4, 5) and changed["罚没金额"] == ("155150.00", "155250.00")


def test_publication_after_the_regional_deadline_is_recorded_as_late_118(year):
    """国办发〔2018〕118号 二(六): by 31 January; a province that sets another day (statistics_publish_by,
    MMDD) moves the deadline."""
    ProcedureSetting.objects.create(key="statistics_publish_by", region=year.cw.world.province, value=115)
    report = _submit(year)
    assert report.publish_by == date(2027, 1, 15)
    services.report_approve(report=report, actor=year.supervisor, on=date(2027, 1, 10))
    frozen = services.report_publish(report=report, actor=year.clerk, on=date(2027, 1, 20))
    assert frozen.late and _entries("statistics_report.published")[-1].payload_data["late"] is True


def test_a_report_of_a_running_year_states_its_cut_off_day(year):
    report = _submit(year, on=date(2026, 12, 1))
    data = report.snapshot_data
    assert data["period"] == {"from": "2026-01-01", "to": "2026-12-01", "complete": False}


def test_only_the_agency_publishes_and_only_an_approved_report(year):
    report = _submit(year)
    with pytest.raises(DomainError, match="只有审核通过"):
        services.report_publish(report=report, actor=year.head)
    services.report_approve(report=report, actor=year.supervisor)
    with pytest.raises(PermissionDenied):
        services.report_publish(report=report, actor=year.supervisor)
