"""What the record can tell an evaluator about a closed case file (issue 15: items the platform can judge
from the record are pre-filled with their evidence). Interface shared with the evaluation app; this
minimal body judges nothing: every check returns passed=None and the evaluator judges."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    code: str  # one of CHECK_CODES
    passed: bool | None  # None: the record cannot tell; the evaluator judges
    evidence: tuple[str, ...]  # Chinese lines naming what was read (document number, date, journal sequence)
    basis: str  # the article the check applies


CHECK_CODES: tuple[str, ...] = (
    "two_certified_officers",
    "deadlines_met",
    "review_done",
    "documents_served",
    "published_on_time",
    "recordings_present",
)

CHECK_LABELS: dict[str, str] = {
    "two_certified_officers": "两名以上持有效执法证件的执法人员",
    "deadlines_met": "各项办案期限均已遵守",
    "review_done": "应当法制审核的已经审核",
    "documents_served": "必备文书齐全并已送达",
    "published_on_time": "处罚决定按时公示",
    "recordings_present": "音像记录事项清单所列环节有音像记录",
}

UNKNOWN = "记录无法判断，由评查人员判断"


def judge_case(case_id: int) -> dict[str, Finding]:
    return {code: Finding(code, None, (UNKNOWN,), "") for code in CHECK_CODES}


def judge_cases(case_ids: Sequence[int]) -> dict[int, dict[str, Finding]]:
    return {case_id: judge_case(case_id) for case_id in case_ids}
