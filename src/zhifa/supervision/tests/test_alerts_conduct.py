"""预警 of issue 14 part 2 not covered elsewhere: the decision period (raised by the clock rule), a step
the 音像记录事项清单 requires on audio-video without a recording, and enforcement outside the agency's
region (违规异地执法). Each raised, acknowledged, and resolved automatically when its cause goes away."""

from __future__ import annotations

import itertools
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from zhifa.cases import engine
from zhifa.cases import services as case_services
from zhifa.cases.models import Case, Deadline, DeadlineStatus
from zhifa.catalog.models import RecordingRequirement
from zhifa.evidence.models import Evidence
from zhifa.inspections.models import Inspection, SiteInspectionRecord
from zhifa.inspections.tests.visits_world import make_target
from zhifa.organizations.services import region_create
from zhifa.supervision import alert_services
from zhifa.supervision.models_alerts import Alert, AlertState
from zhifa.testing import make_case_world

SHANGHAI = ZoneInfo("Asia/Shanghai")
FILED = date(2026, 3, 4)
_seq = itertools.count(1)


@pytest.fixture
def cw(db: Any) -> Any:
    return make_case_world()


@pytest.fixture
def case(cw: Any) -> Case:
    party = case_services.party_create(
        agency=cw.world.agency_a,
        kind="legal_person",
        name="江北市某食品有限公司",
        address="江北市城关街道1号",
        credit_code="91350100M000100Y43",
        legal_representative="陈某",
    )
    lead = case_services.case_open(
        agency=cw.world.agency_a,
        procedure="general",
        item=cw.world.item_a,
        party=party,
        title="销售不符合食品安全标准的食品",
        place=cw.world.township_a,
        discovered_on=date(2026, 3, 2),
        act_on=date(2026, 2, 20),
        officers=cw.officers[:2],
        lead_officer=cw.officers[0],
        actor=cw.officer_user,
    )
    return step(cw, lead, "file", FILED)


def step(cw: Any, case: Case, name: str, on: date, **data: Any) -> Case:
    return engine.execute(case=case, transition=name, actor=cw.head, data=data, on=on)


def run(rule: str, today: date) -> alert_services.RuleResult:
    return alert_services.evaluate(today=today, keys=[rule]).rules[rule]


def alerts(rule: str, **kw: Any) -> list[Alert]:
    return list(Alert.objects.filter(rule=rule, **kw).order_by("id"))


# --- the decision period ------------------------------------------------------------------------------


def test_decision_period_art_60_raised_by_the_clock_rule_moved_by_an_extension_samr_art_64(
    cw: Any, case: Case
) -> None:
    """行政处罚法 Art.60 (90 days from filing) and SAMR 程序规定 Art.64 (an approved 30-day extension):
    clock_overdue raises the undecided case, the extension resolves it, the extended day raises it again."""
    clock = Deadline.objects.get(case=case, kind="decision_period")
    assert clock.due_on == FILED + timedelta(days=90) and clock.status == DeadlineStatus.RUNNING
    assert run("clock_overdue", clock.due_on).raised == 0  # the last day is still in time
    assert run("clock_overdue", clock.due_on + timedelta(days=1)).raised == 1
    (a,) = alerts("clock_overdue")
    assert (a.subject_kind, a.subject_id, a.severity) == ("deadline", clock.pk, "high")
    assert "作出处罚决定" in a.detail and "第六十条" in a.detail
    alert_services.acknowledge(alert=a, actor=cw.head, note="报请负责人批准延长")

    step(cw, case, "extend_decision_period", clock.due_on + timedelta(days=1), reason="案情复杂，需补充鉴定")
    clock.refresh_from_db()
    assert clock.due_on == FILED + timedelta(days=120)
    assert run("clock_overdue", clock.due_on - timedelta(days=1)).resolved == 1
    a.refresh_from_db()
    assert a.state == AlertState.RESOLVED and a.resolved_auto
    assert run("clock_overdue", clock.due_on + timedelta(days=1)).raised == 1
    assert len(alerts("clock_overdue", state=AlertState.OPEN)) == 1


# --- 音像记录 -----------------------------------------------------------------------------------------


def _video(cw: Any, ref: str, on: date) -> Evidence:
    return Evidence.objects.create(
        agency=cw.world.agency_a,
        case_ref=ref,
        kind="video",
        sha256=f"{next(_seq):064x}",
        sm3="0" * 64,
        size=1024,
        content_type="video/mp4",
        original_filename="执法记录仪.mp4",
        collected_at=datetime.combine(on, time(15), tzinfo=SHANGHAI),
        proves="先行登记保存过程",
        uploaded_by=cw.officer_user,
        uploaded_at=datetime.combine(on, time(18), tzinfo=SHANGHAI),
    )


def test_recording_missing_118_3_8_full_process_step_without_video(cw: Any, case: Case) -> None:
    """国办发〔2018〕118号 三(八): a step the agency's list marks 全程音像记录 needs audio or video of that
    day."""
    agency = cw.world.agency_a
    RecordingRequirement.objects.create(
        agency=agency, activity="现场检查、听证", level=RecordingRequirement.Level.WHEN_NEEDED
    )
    on = date(2026, 3, 5)
    case = step(cw, case, "preserve", on, items="不合格食品20箱")
    assert run("recording_missing", on).raised == 0  # only a 根据情况 row so far: nothing required
    RecordingRequirement.objects.create(
        agency=agency,
        item=cw.world.item_a,
        activity="先行登记保存证据",
        level=RecordingRequirement.Level.FULL_PROCESS,
    )
    assert run("recording_missing", on).raised == 1
    (a,) = alerts("recording_missing")
    assert (a.subject_kind, a.agency_id, a.role, a.reference) == (
        "step",
        agency.pk,
        "officer",
        case.case_number,
    )
    assert "先行登记保存" in a.detail and "2026年03月05日" in a.detail
    alert_services.acknowledge(alert=a, actor=cw.officer_user, note="正在从执法记录仪导出")
    # A video of another day, or a photo, is not the recording of that step.
    _video(cw, case.case_number, on + timedelta(days=1))
    assert run("recording_missing", on + timedelta(days=1)).resolved == 0
    _video(cw, case.case_number, on)
    assert run("recording_missing", on + timedelta(days=1)).resolved == 1
    a.refresh_from_db()
    assert a.state == AlertState.RESOLVED and a.resolved_auto


def test_recording_missing_reads_the_list_of_the_case_agency_and_item_only(cw: Any, case: Case) -> None:
    RecordingRequirement.objects.create(
        agency=cw.world.agency_b, activity="先行登记保存", level=RecordingRequirement.Level.FULL_PROCESS
    )
    RecordingRequirement.objects.create(
        agency=cw.world.agency_a,
        item=cw.world.item_b,  # another item's row
        activity="先行登记保存",
        level=RecordingRequirement.Level.FULL_PROCESS,
    )
    step(cw, case, "preserve", date(2026, 3, 5), items="不合格食品20箱")
    assert run("recording_missing", date(2026, 3, 6)).raised == 0


def test_recording_missing_resolves_when_the_case_ends(cw: Any, case: Case) -> None:
    RecordingRequirement.objects.create(
        agency=cw.world.agency_a, activity="先行登记保存", level=RecordingRequirement.Level.FULL_PROCESS
    )
    step(cw, case, "preserve", date(2026, 3, 5), items="不合格食品20箱")
    assert run("recording_missing", date(2026, 3, 6)).raised == 1
    Case.objects.filter(pk=case.pk).update(state="closed", closed_on=date(2026, 3, 9))
    assert run("recording_missing", date(2026, 3, 10)).resolved == 1


# --- 违规异地执法 --------------------------------------------------------------------------------------


@pytest.fixture
def elsewhere(cw: Any) -> Any:
    """A city of the same province outside 江北市, where agency A (江北市) has no jurisdiction."""
    return region_create(code="990200", name="临海市", level="city", parent=cw.world.province, actor=None)


def test_out_of_region_case_place_outside_the_agency_region_825(cw: Any, case: Case, elsewhere: Any) -> None:
    """《行政执法监督条例》: 违规异地执法; 行政处罚法 Art.22: the place of the violation decides."""
    assert run("enforcement_out_of_region", date(2026, 3, 6)).raised == 0
    Case.objects.filter(pk=case.pk).update(place=elsewhere)  # e.g. an imported case
    assert run("enforcement_out_of_region", date(2026, 3, 6)).raised == 1
    (a,) = alerts("enforcement_out_of_region")
    assert (a.subject_kind, a.subject_id, a.severity, a.role) == ("case", case.pk, "high", "agency_head")
    assert "临海市" in a.detail and "江北市" in a.detail
    alert_services.acknowledge(alert=a, actor=cw.head, note="核查是否为指定管辖")
    Case.objects.filter(pk=case.pk).update(place=cw.world.county_b)  # corrected: a county of the city
    assert run("enforcement_out_of_region", date(2026, 3, 7)).resolved == 1


def _inspection(cw: Any, target: Any, on: date | None) -> Inspection:
    return Inspection.objects.create(
        agency=cw.world.agency_a,
        target=target,
        kind="routine",
        code=f"X{next(_seq):010d}",
        status=Inspection.Status.INSPECTED if on else Inspection.Status.ASSIGNED,
        inspected_on=on,
    )


def test_out_of_region_inspection_of_a_business_registered_elsewhere(cw: Any, elsewhere: Any) -> None:
    today = date(2026, 6, 30)
    _inspection(cw, make_target(cw.world.county_a), date(2026, 6, 1))  # at home
    far = _inspection(cw, make_target(elsewhere, name="临海市某商贸有限公司"), date(2026, 6, 2))
    _inspection(cw, make_target(elsewhere, name="临海市另一公司"), date(2025, 6, 2))  # last year
    assert run("enforcement_out_of_region", today).raised == 1
    (a,) = alerts("enforcement_out_of_region")
    assert (a.subject_kind, a.subject_id) == ("inspection", far.pk) and far.code in a.reference
    Inspection.objects.filter(pk=far.pk).update(status=Inspection.Status.CANCELLED)
    assert run("enforcement_out_of_region", today).resolved == 1


def test_out_of_region_site_record_naming_a_place_in_the_region_clears_it(cw: Any, elsewhere: Any) -> None:
    """The free-text 检查地点 clears an inspection only when it names the agency's region or one under it."""
    far = _inspection(cw, make_target(elsewhere, name="临海市某商贸有限公司"), date(2026, 6, 2))

    def site_record(place: str) -> None:
        SiteInspectionRecord.objects.update_or_create(
            inspection=far,
            defaults={
                "number": f"江市监检〔2026〕{next(_seq)}号",
                "year": 2026,
                "serial": next(_seq),
                "issued_on": date(2026, 6, 2),
                "started_at": datetime(2026, 6, 2, 9, tzinfo=SHANGHAI),
                "ended_at": datetime(2026, 6, 2, 10, tzinfo=SHANGHAI),
                "place": place,
                "representative_name": "陈某",
                "findings": "未发现问题",
                "content": "{}",
                "content_sha256": "0" * 64,
            },
        )

    site_record("人民路8号门店")  # names no region: not cleared
    assert run("enforcement_out_of_region", date(2026, 6, 30)).raised == 1
    site_record("江北市江北区人民路8号（分店）")
    assert run("enforcement_out_of_region", date(2026, 6, 30)).resolved == 1
