"""The record checks that pre-fill a case-file evaluation (案卷评查, issue 15): for each check a file
that passes and one that fails, built through the case engine as officers build them; a closed file
like the demo's where every check passes; and the batch read in a bounded number of queries."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from zhifa.cases import engine, payments, services
from zhifa.cases.models import Case
from zhifa.cases.tests.conftest import PROPOSAL, open_compulsion, receipt, step
from zhifa.cases.tests.test_statute_gaps import ON_SPOT, summary_case
from zhifa.catalog.models import MajorDecisionRule, RecordingRequirement
from zhifa.evaluation.record_checks import CHECK_CODES, CHECK_LABELS, Finding, judge_case, judge_cases
from zhifa.evidence.models import Evidence
from zhifa.journal.sequencer import integrate_batch
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
    "hearing_record": "听证笔录（2026-04-08）",
}
QUERIES = 14  # judge_cases, whatever the batch size (1 file and 20 files: 14 each)
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


def av_evidence(cw, case, on: date, kind="video", step=""):
    """An audio-video record filed under the case (the upload's metadata; the bytes are not read)."""
    return Evidence.objects.create(
        agency=cw.world.agency_a,
        case_ref=case.case_number or str(case.pk),  # a measure without a filing goes by its id
        kind=kind,
        sha256="a" * 64,
        sm3="b" * 64,
        size=1,
        content_type="video/mp4",
        original_filename="执法记录仪.mp4",
        collected_at=datetime(on.year, on.month, on.day, 10, 0, tzinfo=timezone.get_current_timezone()),
        collected_place="江北市城关街道1号",
        proves="现场检查情况",
        uploaded_by=cw.officer_user,
        uploaded_at=timezone.now(),
        step=step,
    )


def to_ready(cw, case, **proposal):
    case = step(cw, case, "file", date(2026, 3, 4))
    data = {**PROPOSAL, "benchmark_id": cw.benchmark.pk, **proposal}
    case = engine.execute(
        case=case, transition="report", actor=cw.officer_user, data=data, on=date(2026, 3, 20)
    )
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
    publicity.approve_and_publish(
        pub=Publication.objects.get(case=case), actor=office["clerk"], on=published_on
    )
    case = step(cw, case, "record_payment", date(2026, 4, 10), **receipt(case.fine_amount))
    case = step(cw, case, "close", date(2026, 4, 13))
    integrate_batch(force_checkpoint=True)  # archiving needs the file under a signed checkpoint
    return step(cw, case, "archive", date(2026, 4, 14))


def on_spot(case):
    return engine.execute(case=case, transition="decide_on_spot", actor=None, on=ON_SPOT, data={"facts": "f"})


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


# --- 1. two officers with valid certificates (行政处罚法 Art.42) ------------------------------------


def test_officer_whose_certificate_was_not_yet_valid_fails_two_officers_art42(
    cw, office, django_capture_on_commit_callbacks
):
    """A file (as another system recorded it) where 李娜's certificate took effect only on 03-25: the
    filing, the report and the notice had one certified officer."""
    case = closed_file(cw, office, django_capture_on_commit_callbacks)
    Certificate.objects.filter(officer=cw.officers[1]).update(valid_from=date(2026, 3, 25))
    finding = judged(case)["two_certified_officers"]
    assert finding.passed is False
    lines = text(finding)
    assert "立案（2026-03-04" in lines and "持有效执法证的执法人员 1 名，须 2 名" in lines
    assert "在 2026-03-04 尚未生效" in lines
    assert "作出处罚决定（2026-04-01" not in lines  # two certified officers by then


def test_summary_item_with_single_officer_basis_needs_one_officer_art42_art52(
    cw, django_capture_on_commit_callbacks
):
    item = cw.world.item_a
    item.single_officer_basis = "《中华人民共和国道路交通安全法》第一百零七条"
    item.save()
    case = summary_case(cw, officers=1)
    with django_capture_on_commit_callbacks(execute=True):
        case = on_spot(case)
    finding = judged(case)["two_certified_officers"]
    assert finding.passed is True
    assert "第一百零七条" in text(finding) and "1 名以上执法人员持有效执法证" in text(finding)


# --- 2. every deadline met ---------------------------------------------------------------------------


def test_filing_after_its_period_fails_deadlines_samr_art18(cw):
    case = step(cw, open_case(cw), "file", date(2026, 3, 30))  # due 03-23 (15 working days)
    finding = judged(case)["deadlines_met"]
    assert finding.passed is False
    assert "立案审查" in text(finding) and "届满 2026-03-23" in text(finding) and "超期完成" in text(finding)


def test_party_paying_late_is_not_the_agencys_miss_art67(cw, office, django_capture_on_commit_callbacks):
    case = to_ready(cw, open_case(cw))
    case = decided(cw, reviewed(cw, office, case), django_capture_on_commit_callbacks)
    case = step(cw, case, "serve_decision", date(2026, 4, 2), method="direct")
    # Due 04-17: the receipt covers the fine and the 加处罚款 of the late days (行政处罚法 Art.72(1)).
    owed = payments.settlement(case, date(2026, 4, 20)).outstanding
    case = step(cw, case, "record_payment", date(2026, 4, 20), **receipt(owed))
    case = step(cw, case, "close", date(2026, 4, 21))
    finding = judged(case)["deadlines_met"]
    assert finding.passed is True
    assert "缴纳罚款" in text(finding) and "不计为办案超期" in text(finding)


# --- 3. legal review where required (行政处罚法 Art.58) ---------------------------------------------


def test_decision_outside_the_review_catalogue_passes_and_says_why_art58(
    cw, django_capture_on_commit_callbacks
):
    case = decided(cw, to_ready(cw, open_case(cw)), django_capture_on_commit_callbacks)
    finding = judged(case)["review_done"]
    assert finding.passed is True and "不属于法制审核范围" in text(finding)
    assert "未触发本机关重大执法决定法制审核目录清单" in text(finding)


def test_complex_case_decided_without_review_fails_art58(cw, django_capture_on_commit_callbacks):
    """A file recorded as 疑难复杂 (Art.58 para.1(3)) with no review opinion before its decision."""
    case = decided(cw, to_ready(cw, open_case(cw)), django_capture_on_commit_callbacks)
    Case.objects.filter(pk=case.pk).update(complex_case=True)
    finding = judged(case)["review_done"]
    assert finding.passed is False
    assert "疑难复杂" in text(finding) and "作出决定前没有同意该拟处理决定的法制审核意见" in text(finding)


def test_review_of_another_proposal_than_the_one_decided_fails_art58(
    cw, office, django_capture_on_commit_callbacks
):
    case = closed_file(cw, office, django_capture_on_commit_callbacks)
    sub = ReviewSubmission.objects.get(case=case)
    frozen = {**sub.proposal_data, "fine_amount": "50000.00"}
    ReviewSubmission.objects.filter(pk=sub.pk).update(proposal=json.dumps(frozen, ensure_ascii=False))
    finding = judged(case)["review_done"]
    assert finding.passed is False and "不一致" in text(finding)


# --- 4. mandatory documents present and served --------------------------------------------------------


def test_decision_not_served_fails_documents_art61(cw, office, django_capture_on_commit_callbacks):
    case = decided(cw, reviewed(cw, office, to_ready(cw, open_case(cw))), django_capture_on_commit_callbacks)
    finding = judged(case)["documents_served"]
    assert finding.passed is False
    assert f"行政处罚决定书 {case.decision_number} 未见送达回证" in text(finding)
    assert "行政处罚事先告知书" in text(finding) and "直接送达" in text(finding)  # the notice was served


# --- 5. decision published on time (118号 二(六)) ----------------------------------------------------


def test_decision_published_after_seven_working_days_fails(cw, office, django_capture_on_commit_callbacks):
    case = closed_file(cw, office, django_capture_on_commit_callbacks, published_on=date(2026, 4, 20))
    finding = judged(case)["published_on_time"]
    assert finding.passed is False
    assert "公示期限 2026-04-13" in text(finding) and "逾期公示（晚于期限 7 日）" in text(finding)


def test_decision_never_published_fails_once_its_deadline_passed(
    cw, office, django_capture_on_commit_callbacks
):
    case = decided(cw, reviewed(cw, office, to_ready(cw, open_case(cw))), django_capture_on_commit_callbacks)
    assert judged(case)["published_on_time"].passed is False
    assert "公示期限已届满，尚未公示" in text(judged(case)["published_on_time"])
    pending = judge_case(case.pk, today=date(2026, 4, 8))["published_on_time"]
    assert pending.passed is None and "公示期限未届满" in text(pending)


def test_warning_only_decision_is_exempt_from_publication(cw, django_capture_on_commit_callbacks):
    case = summary_case(cw, kinds=("警告",), fine=None)
    with django_capture_on_commit_callbacks(execute=True):
        case = on_spot(case)
    findings = judged(case)
    assert findings["published_on_time"].passed is True
    assert "仅给予警告" in text(findings["published_on_time"])
    assert findings["review_done"].passed is True and "不属于法制审核范围" in text(findings["review_done"])
    assert findings["documents_served"].passed is True and "当场交付" in text(findings["documents_served"])


# --- 6. audio-video records for the steps on the recording list ---------------------------------------


def test_full_process_step_without_video_fails_recordings(cw, office, django_capture_on_commit_callbacks):
    RecordingRequirement.objects.create(
        agency=cw.world.agency_a,
        item=cw.world.item_a,
        activity="调查取证",
        level=RecordingRequirement.Level.FULL_PROCESS,
    )
    case = closed_file(cw, office, django_capture_on_commit_callbacks, video=False)
    finding = judged(case)["recordings_present"]
    assert finding.passed is False
    assert "调查取证（2026-03-04至2026-03-20" in text(finding)
    assert "全程音像记录，未见音像证据" in text(finding)


def test_situational_step_without_video_is_for_the_evaluator(cw, office, django_capture_on_commit_callbacks):
    finding = judged(closed_file(cw, office, django_capture_on_commit_callbacks, video=False))[
        "recordings_present"
    ]
    assert finding.passed is None and "根据情况音像记录，未见音像证据" in text(finding)


def test_agency_without_a_recording_list_cannot_be_judged(cw, django_capture_on_commit_callbacks):
    case = decided(cw, to_ready(cw, open_case(cw)), django_capture_on_commit_callbacks)
    finding = judged(case)["recordings_present"]
    assert finding.passed is None and "未登记音像记录事项清单" in text(finding)


# --- the batch -------------------------------------------------------------------------------------


def test_batch_reads_in_a_bounded_number_of_queries(
    cw, office, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = closed_file(cw, office, django_capture_on_commit_callbacks)
    with CaptureQueriesContext(connection) as one:
        judge_cases([first.pk], today=TODAY)
    ids = [first.pk]
    ids += [closed_file(cw, office, django_capture_on_commit_callbacks).pk for _ in range(4)]
    ids += [to_ready(cw, open_case(cw)).pk for _ in range(15)]
    with django_assert_max_num_queries(QUERIES) as many:
        found = judge_cases(ids, today=TODAY)
    assert len(found) == 20 and len(many.captured_queries) == len(one.captured_queries)
    assert all(found[i]["review_done"].passed is True for i in ids[:5])


def seizure(cw, office, party, *, filmed=True):
    case = open_compulsion(cw, party, date(2026, 6, 1))
    if filmed:  # the recorder's video of this step (the engine's av_recording guard asks for it)
        av_evidence(cw, case, date(2026, 6, 1), step="enforce")
    data = {"measure": "扣押", "items": "不合格月饼200盒", "site_record": "现场笔录已签字"}
    case = step(cw, case, "enforce", date(2026, 6, 1), **data)
    return step(cw, case, "dispose", date(2026, 6, 20), outcome="检验不合格，依法没收销毁")


def test_seizure_needs_its_full_process_video_compulsion_law_art18(cw, office, monkeypatch):
    """The list's 全程 row 查封、扣押财产 (118号 三(八)): the seizure day needs its video. The engine
    refuses the step without it now (evidence.recording); a file from before that guard, or imported,
    can still lack it, and the evaluation must see that."""
    from zhifa.evidence import recording

    party = open_case(cw).party
    with monkeypatch.context() as m:
        m.setattr(recording, "_numbered_list", lambda ctx: [])  # a file taken before the guard
        bare = seizure(cw, office, party, filmed=False)
    filmed = seizure(cw, office, party)
    found = judge_cases([bare.pk, filmed.pk], today=TODAY)
    assert found[bare.pk]["recordings_present"].passed is False
    assert "经批准实施查封扣押（2026-06-01" in text(found[bare.pk]["recordings_present"])
    assert found[filmed.pk]["recordings_present"].passed is True
    findings = found[filmed.pk]
    assert findings["two_certified_officers"].passed is True
    assert findings["deadlines_met"].passed is True and "查封扣押期限" in text(findings["deadlines_met"])
    assert findings["documents_served"].passed is True
    assert "查封（扣押）决定书" in text(findings["documents_served"])
    # Not a penalty decision: whether it is reviewed or published is the evaluator's call or not asked.
    assert findings["review_done"].passed is True
    assert findings["published_on_time"].passed is None


def test_hearing_file_lists_the_hearing_notice_and_its_review_trigger_art58_art64(
    cw, office, django_capture_on_commit_callbacks
):
    case = step(cw, open_case(cw), "file", date(2026, 3, 4))
    data = {**PROPOSAL, "benchmark_id": cw.benchmark.pk, "fine_amount": "200000", "benchmark_tier": "serious"}
    case = engine.execute(
        case=case, transition="report", actor=cw.officer_user, data=data, on=date(2026, 3, 20)
    )
    case = step(cw, case, "serve_notice", date(2026, 3, 23), hearing_offered=True)
    case = step(cw, case, "request_hearing", date(2026, 3, 25))
    hearing = {"place": "本局听证室", "presider": "钱法制", "hearing_on": "2026-04-08"}
    case = step(cw, case, "schedule_hearing", date(2026, 3, 26), **hearing)
    case = step(cw, case, "hold_hearing", date(2026, 4, 8), report="听证报告", adopted="不予采纳")
    case = step(cw, case, "collective_discussion", date(2026, 4, 8), conclusion="同意")
    case = decided(
        cw,
        reviewed(cw, office, case, on=date(2026, 4, 9)),
        django_capture_on_commit_callbacks,
        on=date(2026, 4, 9),
    )
    av_evidence(cw, case, date(2026, 4, 8))
    findings = judged(case)
    assert findings["review_done"].passed is True and "经过听证程序" in text(findings["review_done"])
    assert "听证通知书" in text(findings["documents_served"])
    assert "通知当事人 2026-03-26" in text(findings["documents_served"])
    assert "举行听证（2026-04-08" in text(findings["recordings_present"])
