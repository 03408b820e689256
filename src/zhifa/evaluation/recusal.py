"""Who may not evaluate a file (回避, 广东省令第231号 第十条: 与被评查案卷有利害关系的评查人员应当回避):
an evaluator of the file's own agency (except in the agency's self-evaluation), and anyone who acted on
the case — an officer on it, or whoever recorded a step of it (the reviewer, the approving head)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from zhifa.cases.models import Case, CaseOfficer
from zhifa.journal.models import JournalEntry
from zhifa.review.models import ReviewSubmission

RULE = "广东省行政执法案卷评查办法（广东省人民政府令第231号）第十条"
SAME_AGENCY = "评查人员与被评查案卷属于同一执法主体，应当回避"
CASE_OFFICER = "评查人员是本案的执法人员，应当回避"
ACTED = "评查人员曾参与本案的办理、审核或者审批，应当回避"
_CHUNK = 500


def _case_subjects(case_ids: Sequence[int]) -> dict[str, int]:
    subjects = {f"cases.case:{pk}": pk for pk in case_ids}
    for pk, case_id in ReviewSubmission.objects.filter(case_id__in=case_ids).values_list("pk", "case_id"):
        subjects[f"review.reviewsubmission:{pk}"] = case_id
    return subjects


def conflicts(
    users: Iterable[Any], cases: Iterable[Case], *, self_evaluation: bool = False
) -> dict[tuple[int, int], str]:
    """{(user id, case id): reason} for every pair that must recuse."""
    users = list(users)
    cases = list(cases)
    out: dict[tuple[int, int], str] = {}
    if not users or not cases:
        return out
    user_ids = [u.pk for u in users]
    case_ids = [c.pk for c in cases]
    if not self_evaluation:
        for u in users:
            for c in cases:
                if u.agency_id is not None and u.agency_id == c.agency_id:
                    out[(u.pk, c.pk)] = SAME_AGENCY
    for i in range(0, len(case_ids), _CHUNK):
        chunk = case_ids[i : i + _CHUNK]
        rows = CaseOfficer.objects.filter(case_id__in=chunk, officer__user_id__in=user_ids).values_list(
            "officer__user_id", "case_id"
        )
        for user_id, case_id in rows:
            out.setdefault((int(user_id), int(case_id)), CASE_OFFICER)
        subjects = _case_subjects(chunk)
        acted = (
            JournalEntry.objects.filter(subject__in=list(subjects), actor_id__in=user_ids)
            .values_list("actor_id", "subject")
            .distinct()
        )
        for actor_id, subject in acted:
            if actor_id is not None:
                out.setdefault((int(actor_id), subjects[subject]), ACTED)
    return out


def conflict(user: Any, case: Case, *, self_evaluation: bool = False) -> str | None:
    return conflicts([user], [case], self_evaluation=self_evaluation).get((user.pk, case.pk))
