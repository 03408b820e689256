"""The 音像记录事项清单 enforced (国办发〔2018〕118号 三（八）; issue 17 part 7): a step the agency's list
marks as 全程音像记录 is refused until an audio or video recording collected at that step is in the
evidence store; the refusal names the list row and the article."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.base import ContentFile

from zhifa.cases import engine
from zhifa.cases.tests.conftest import open_compulsion, step
from zhifa.catalog.models import RecordingRequirement
from zhifa.catalog.services import recording_requirement_create
from zhifa.evidence import services
from zhifa.evidence.models import Evidence
from zhifa.testing import make_case_world

pytestmark = pytest.mark.django_db

MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(range(256)) * 8
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
ON = date(2026, 6, 1)
SEIZE = {"measure": "扣押", "items": "不合格月饼200盒", "site_record": "现场笔录已签字"}
BASIS = "国办发〔2018〕118号 三（八）；《中华人民共和国行政强制法》第十八条"


@pytest.fixture
def cw():
    return make_case_world()


@pytest.fixture
def party(cw):
    from zhifa.cases import services as case_services

    return case_services.party_create(
        agency=cw.world.agency_a,
        kind="legal_person",
        name="江北市某食品有限公司",
        address="江北市城关街道1号",
        credit_code="91350100M000100Y43",
    )


def _list(cw, level=RecordingRequirement.Level.FULL_PROCESS, item=None):
    agency = cw.world.agency_a
    recording_requirement_create(
        agency=agency, activity="现场检查、调查取证", level=RecordingRequirement.Level.WHEN_NEEDED, actor=None
    )
    return recording_requirement_create(
        agency=agency, activity="查封、扣押财产", level=level, item=item, basis=BASIS, actor=None
    )


def _file(
    cw, case, data: bytes, *, kind: str, step_code: str, at: str = "2026-06-01T10:00:00+08:00"
) -> Evidence:
    metadata = services.evidence_metadata_parse(
        agency=cw.world.agency_a,
        data={
            "filename": f"执法记录仪.{'mp4' if kind == 'video' else 'png'}",
            "kind": kind,
            "case_ref": str(case.pk),
            "step": step_code,
            "collected_at": at,
            "collected_place": "江北市城关街道1号",
            "device_id": "ZFJLY-0042",
            "proves": "扣押涉案月饼的全过程",
            "collected_by": ",".join(str(o.pk) for o in cw.officers[:2]),
        },
    )
    return services.evidence_ingest_file(
        metadata=metadata, content=ContentFile(data, name="x.bin"), actor=cw.officer_user
    )


def test_a_seizure_on_the_full_process_list_is_refused_without_the_recording_and_allowed_with_it_118_3_8(
    cw, party
):
    _list(cw)
    case = open_compulsion(cw, party, ON)
    with pytest.raises(engine.TransitionRefused) as refused:
        step(cw, case, "enforce", ON, **SEIZE)
    refusal = next(r for r in refused.value.refusals if r.guard == "av_recording")
    # The list row (its number on the agency's list, what it says) and the article.
    assert "音像记录事项清单第 2 项（查封、扣押财产：全程音像记录）" in refusal.message
    assert refusal.article == BASIS
    # The case page says so too (engine.available), before anyone tries.
    offered = {t.name: r for t, r in engine.available(case=case, actor=cw.head, on=ON)}
    assert [r.guard for r in offered["enforce"]] == ["av_recording"]
    assert [r.guard for r in offered["enforce_on_spot"]] == ["av_recording"]

    # A photo is not a recording; a video of another step or of another day is not this step's.
    _file(cw, case, PNG, kind="photo", step_code="enforce")
    _file(cw, case, MP4, kind="video", step_code="enforce_on_spot")
    _file(cw, case, MP4, kind="video", step_code="enforce", at="2026-05-31T10:00:00+08:00")
    with pytest.raises(engine.TransitionRefused, match="音像记录事项清单"):
        step(cw, case, "enforce", ON, **SEIZE)

    _file(cw, case, MP4, kind="video", step_code="enforce")
    case = step(cw, case, "enforce", ON, **SEIZE)
    assert case.state == "in_force"


def test_a_row_recorded_as_needed_or_for_another_item_does_not_refuse_118_3_8(cw, party):
    from zhifa.catalog.services import BasisRef, item_create

    other = item_create(
        agency=cw.world.agency_a,
        code="330217002",
        name="未按规定查验食品合格证明",
        kind="compulsion",
        field=cw.world.field_market,
        bases=[BasisRef(law=cw.world.law.name, article=126)],
        actor=None,
    )
    _list(cw, level=RecordingRequirement.Level.WHEN_NEEDED)
    _list(cw, item=other)
    case = open_compulsion(cw, party, ON)
    assert step(cw, case, "enforce", ON, **SEIZE).state == "in_force"


def test_the_step_of_a_recording_must_be_a_case_step():
    from zhifa.evidence.recording import step_codes

    assert {"enforce", "hold_hearing", "serve_decision"} <= step_codes()


def test_an_unknown_step_is_refused_at_upload(cw):
    with pytest.raises(services.MetadataError, match="执法环节"):
        services.evidence_metadata_parse(
            agency=cw.world.agency_a,
            data={
                "filename": "a.mp4",
                "kind": "video",
                "step": "seize_everything",
                "collected_at": "2026-06-01T10:00:00+08:00",
                "collected_place": "江北市",
                "proves": "扣押",
                "collected_by": str(cw.officers[0].pk),
            },
        )


def test_the_list_and_the_recordings_are_read_once_for_the_case_page(cw, party):
    """engine.available() runs the guard for both seizure steps with one Context: the agency's list and
    the case's recordings are read once each, not once per step."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    case = open_compulsion(cw, party, ON)
    engine.available(case=case, actor=cw.head, on=ON)  # the calendar, read once per process
    with CaptureQueriesContext(connection) as before:
        engine.available(case=case, actor=cw.head, on=ON)
    _list(cw)
    with CaptureQueriesContext(connection) as after:
        offered = engine.available(case=case, actor=cw.head, on=ON)
    assert sum(1 for _, r in offered if any(x.guard == "av_recording" for x in r)) == 2

    def reads(ctx, table):
        return sum(f'FROM "{table}"' in q["sql"] for q in ctx.captured_queries)

    # Without a matching row only the list is read; with one, the recordings once more — for both steps.
    assert (reads(before, "catalog_recordingrequirement"), reads(before, "evidence_evidence")) == (1, 0)
    assert (reads(after, "catalog_recordingrequirement"), reads(after, "evidence_evidence")) == (1, 1)
    assert len(after.captured_queries) == len(before.captured_queries) + 1
