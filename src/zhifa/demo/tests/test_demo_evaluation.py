"""The demo's case-file evaluation: a plan with drawn files scored by two evaluators, one vetoed and its
rectification journaled, result notices served, each agency's draw verifiable; a second load writes
nothing."""

from __future__ import annotations

import pytest

from zhifa.demo.data import load_demo
from zhifa.demo.evaluation import load_demo_evaluation
from zhifa.evaluation import drawing
from zhifa.evaluation.models import EvaluatedFile, EvaluationPlan
from zhifa.evaluation.tests.test_draw import _verifier
from zhifa.journal.models import JournalEntry

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_demo_evaluation():
    load_demo()
    summary = load_demo_evaluation()
    assert summary.created and summary.drawn >= 2 and summary.vetoed >= 1 and summary.notices >= 1
    plan = EvaluationPlan.objects.get(pk=summary.plan_id or 0)
    files = EvaluatedFile.objects.filter(plan=plan, kind="drawn")
    assert all(f.sheets.filter(submitted_at__isnull=False).count() >= 2 for f in files)
    vetoed = files.filter(vetoed=True, status="final").first()
    assert vetoed is not None and vetoed.grade == "不合格" and vetoed.rectification == "required"
    entry = JournalEntry.objects.get(pk=vetoed.rectification_seq or 0)
    assert entry.event_type == "evaluation.rectification_required"
    assert entry.payload_data["case_number"] == vetoed.case.case_number
    for d in plan.draws.all():
        assert _verifier().verify(drawing.public_record(d)) == []
    entries = JournalEntry.objects.count()
    assert not load_demo_evaluation().created
    assert JournalEntry.objects.count() == entries
