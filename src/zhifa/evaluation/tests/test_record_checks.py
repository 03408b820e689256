"""The record checks that pre-fill a case-file evaluation (案卷评查, issue 15): for each check a file
that passes and one that fails, built through the case engine as officers build them; a closed file
like the demo's where every check passes; and the batch read in a bounded number of queries."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from zhifa.cases import engine, services
from zhifa.cases.models import Case
from zhifa.cases.tests.conftest import PROPOSAL, step
from zhifa.catalog.models import MajorDecisionRule, RecordingRequirement
from zhifa.evaluation.record_checks import CHECK_CODES, CHECK_LABELS, Finding, judge_case, judge_cases
from zhifa.evidence.models import Evidence
from zhifa.lib.identifiers import complete_credit_code
from zhifa.personnel.models import Certificate
from zhifa.personnel.services import legal_reviewer_appoint
from zhifa.publicity import services as publicity
from zhifa.publicity.models import Publication
from zhifa.review import services as review
from zhifa.review.models import ReviewSubmission
from zhifa.testing import make_case_world, make_officer, make_user

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 1)  # the evaluation, long after the files closed
MATERIALS = {
    "investigation_report": "调查终结报告（2026-03-20）",
    "draft_decision": "行政处罚决定书代拟稿",
    "legal_basis": "《中华人民共和国食品安全法》第一百二十四条",
    "evidence": "现场笔录、询问笔录、检验报告",
}
SITE = "现场检查、调查取证、听证、留置送达和公告送达"


@pytest.fixture
def cw():
    return make_case_world()


@pytest.fixture
def office(cw):
    """The agency's catalogue row that makes a fine of 50,000 yuan or more on a company a major
    decision, a legal reviewer, a publicity clerk and its 音像记录事项清单."""
    agency = cw.world.agency_a
    MajorDecisionRule.objects.create(
        agency=agency,
        name="大额罚没",
        fine_threshold_natural=Decimal("20000"),
        fine_threshold_legal=Decimal("50000"),
        basis="江北市市场监管局重大执法决定法制审核目录清单第1项",
    )
    officer = make_officer(agency=agency, name="法制员", law_qualification=True)
    reviewer_user = make_user(username="reviewer1", role="legal_reviewer", agency=agency)
    officer.user = reviewer_user
    officer.save()
    legal_reviewer_appoint(officer=officer, appointed_on=date(2025, 1, 1), first_time=True, actor=None)
    clerk = make_user(username="clerk1", role="publicity_clerk", agency=agency)
    RecordingRequirement.objects.create(
        agency=agency, activity=SITE, level=RecordingRequirement.Level.WHEN_NEEDED, basis="118号 三(八)"
    )
    RecordingRequirement.objects.create(
        agency=agency, activity="查封、扣押财产", level=RecordingRequirement.Level.FULL_PROCESS
    )
    return {"reviewer": reviewer_user, "clerk": clerk}


_names = iter(range(1, 10_000))


def open_case(cw, discovered=date(2026, 3, 2)):
    n = next(_names)
    party = services.party_create(
        agency=cw.world.agency_a,
        kind="legal_person",
        name=f"江北市某食品有限公司{n}",
        address="江北市城关街道1号",
        credit_code=complete_credit_code(f"91350100{n:08d}"),
        legal_representative="陈某",
    )
    return services.case_open(
        agency=cw.world.agency_a,
        procedure="general",
        item=cw.world.item_a,
        party=party,
        title="销售不符合食品安全标准的食品",
        place=cw.world.township_a,
        discovered_on=discovered,
        act_on=date(2026, 2, 20),
        officers=cw.officers[:2],
        lead_officer=cw.officers[0],
        actor=cw.officer_user,
    )


def av_evidence(cw, case, on: date, kind="video"):
    """An audio-video record filed under the case (the upload's metadata; the bytes are not read)."""
    return Evidence.objects.create(
        agency=cw.world.agency_a,
        case_ref=case.case_number,
        kind=kind,
        sha256="a" * 64,
        sm3="b" * 64,
        size=1,
        content_type="video/mp4",
        original_filename="执法记录仪.mp4",
        collected_at=timezone.make_aware(datetime(on.year, on.month, on.day, 10, 0)),
        collected_place="江北市城关街道1号",
        proves="现场检查情况",
        uploaded_by=cw.officer_user,
        uploaded_at=timezone.now(),
    )


def to_ready(cw, case, **proposal):
    case = step(cw, case, "file", date(2026, 3, 4))
    data = {**PROPOSAL, "benchmark_id": cw.benchmark.pk, **proposal}
    case = engine.execute(case=case, transition="report", actor=cw.officer_user, data=data, on=date(2026, 3, 20))
    case = step(cw, case, "serve_notice", date(2026, 3, 23))
    return step(cw, case, "close_statement", date(2026, 3, 31), waived=True)


def reviewed(cw, office, case, on=date(2026, 4, 1)):
    sub = review.submit(case=case, materials=MATERIALS, actor=cw.officer_user, on=on)
    review.issue_opinion(
        submission=sub, kind="agree", text="同意", checklist=[], actor=office["reviewer"], on=on
    )
    return Case.objects.get(pk=case.pk)


def decided(cw, case, capture, on=date(2026, 4, 1)):
    with capture(execute=True):  # publicity drafts the publication after the decision commits
        return step(cw, case, "decide", on)


def closed_file(cw, office, capture, *, published_on=date(2026, 4, 2), video=True):
    """The demo's kind of file: a 60,000-yuan fine, reviewed as the catalogue requires, decided,
    served, published, paid, closed and archived, with a video of the investigation."""
    case = to_ready(cw, open_case(cw))
    if video:
        av_evidence(cw, case, date(2026, 3, 10))
    case = decided(cw, reviewed(cw, office, case), capture)
    case = step(cw, case, "serve_decision", date(2026, 4, 2), method="direct")
    publicity.approve_and_publish(pub=Publication.objects.get(case=case), actor=office["clerk"], on=published_on)
    case = step(cw, case, "record_payment", date(2026, 4, 10))
    case = step(cw, case, "close", date(2026, 4, 13))
    return step(cw, case, "archive", date(2026, 4, 14))


def judged(case) -> dict[str, Finding]:
    return judge_case(case.pk, today=TODAY)


def text(finding: Finding) -> str:
    return "\n".join(finding.evidence)


# --- the interface -------------------------------------------------------------------------------


def test_every_check_has_a_label_a_basis_and_evidence(cw, office, django_capture_on_commit_callbacks):
    findings = judged(closed_file(cw, office, django_capture_on_commit_callbacks))
    assert tuple(findings) == CHECK_CODES
    assert set(CHECK_LABELS) == set(CHECK_CODES)
    for code, f in findings.items():
        assert f.code == code and f.evidence and ("第" in f.basis or "118号" in f.basis), code


def test_demo_like_closed_file_passes_every_check(cw, office, django_capture_on_commit_callbacks):
    case = closed_file(cw, office, django_capture_on_commit_callbacks)
    findings = judged(case)
    assert {code: f.passed for code, f in findings.items()} == dict.fromkeys(CHECK_CODES, True), {
        code: f.evidence for code, f in findings.items() if f.passed is not True
    }
    opinion = ReviewSubmission.objects.get(case=case).opinion
    assert opinion.number in text(findings["review_done"])
    served = text(findings["documents_served"])
    assert case.decision_number in served and "送达回证" in served and "直接送达" in served
    assert "按期公示" in text(findings["published_on_time"])
    assert "有音像证据" in text(findings["recordings_present"])


def test_unknown_case_is_not_found(db):
    from zhifa.core.errors import NotFound

    with pytest.raises(NotFound):
        judge_case(999_999)
