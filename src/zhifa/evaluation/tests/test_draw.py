"""The draw of files is verifiable like an inspection draw (issue 15 must-show): zhifa-draw-1, the
commitment journaled before the public random value, each agency's record checked by tools/verify_draw.py."""

from __future__ import annotations

import copy
import importlib.util
import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from zhifa.core.errors import DomainError
from zhifa.evaluation import drawing
from zhifa.evaluation.models import EvaluatedFile, EvaluationPlan
from zhifa.evaluation.tests.conftest import RANDOM_VALUE, at, drawn_plan, make_plan

TOOL = Path(__file__).resolve().parents[4] / "tools" / "verify_draw.py"


def _verifier():
    spec = importlib.util.spec_from_file_location("verify_draw", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_files_per_agency_regional_setting_default_three_of_each_agencys_closed_files(ew):
    """evaluation_files_per_agency (default 3, 广东省令第231号 第八条 抽查): 3 of agency A's 5 closed files of
    2026, all 3 of agency B's; files still open or closed in another year are not in the list."""
    plan = drawn_plan(ew)
    assert plan.files_per_agency == 3
    drawn = EvaluatedFile.objects.filter(plan=plan, kind="drawn")
    a = {f.case_id for f in drawn if f.agency_id == ew.world.agency_a.pk}
    b = {f.case_id for f in drawn if f.agency_id == ew.world.agency_b.pk}
    assert len(a) == 3 and a <= {c.pk for c in ew.cases_a}
    assert b == {c.pk for c in ew.cases_b}
    for f in drawn:
        assert f.sheets.count() == 2  # 第十条: two evaluators drawn for each file


def test_draw_verifies_with_tools_verify_draw_and_a_tampered_record_does_not(ew, tmp_path):
    plan = drawn_plan(ew)
    verifier = _verifier()
    for d in plan.draws.all():
        record = drawing.public_record(d)
        assert verifier.verify(record) == [], d.agency
        path = tmp_path / f"{d.agency_id}.json"
        path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        run = subprocess.run([sys.executable, str(TOOL), str(path)], capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        assert "核验通过" in run.stdout
    d = plan.draws.get(agency=ew.world.agency_a)
    record = drawing.public_record(d)
    forged = copy.deepcopy(record)
    others = [row[0] for row in record["eligible"] if row[0] not in record["selected"]]
    forged["selected"] = sorted([*record["selected"][1:], others[0]])
    assert any("抽中名单不一致" in p for p in verifier.verify(forged))
    other_value = copy.deepcopy(record)
    other_value["random_value"] = "01 02 03 04 05 06 07"
    assert verifier.verify(other_value)


def test_the_commitment_is_journaled_before_the_public_random_value(ew):
    """docs/draw-algorithm.md §3–4: commit before chance; the seed is refused before the value's day."""
    plan = make_plan(ew)
    plan = drawing.draw_commit(plan=plan, actor=ew.supervisor)
    assert plan.status == EvaluationPlan.Status.COMMITTED
    with pytest.raises(DomainError, match="之前不能录入"):
        drawing.draw_seed(plan=plan, random_value=RANDOM_VALUE, actor=ew.supervisor)
    with at(plan.random_source_on, 20):
        plan = drawing.draw_seed(plan=plan, random_value=RANDOM_VALUE, actor=ew.supervisor)
    assert plan.commitment_seq is not None and plan.seed_seq is not None
    assert plan.commitment_seq < plan.seed_seq


def test_a_commitment_on_or_after_the_random_values_day_is_refused(ew):
    plan = make_plan(ew)
    with at(plan.random_source_on + timedelta(days=1)), pytest.raises(DomainError, match="不晚于今天"):
        drawing.draw_commit(plan=plan, actor=ew.supervisor)
    assert not plan.draws.exists()


def test_the_draw_never_gives_a_file_to_an_evaluator_of_its_own_agency(ew):
    """Recusal known at the commitment (第十条): the ecology officer on the roster is excluded from the
    ecology bureau's files (published as exclusions of the record)."""
    plan = drawn_plan(ew)
    for f in EvaluatedFile.objects.filter(plan=plan, agency=ew.world.agency_b):
        assert ew.cross.pk not in set(f.sheets.values_list("evaluator_id", flat=True))
    d = plan.draws.get(agency=ew.world.agency_b)
    assert {u for u, _ in d.exclusions} == {ew.cross.pk}


def test_a_roster_too_small_after_recusal_is_refused_before_anything_is_fixed(ew):
    plan = make_plan(ew, roster=[ew.ev1, ew.cross])
    with pytest.raises(DomainError, match="回避后只有 1 名"):
        drawing.draw_commit(plan=plan, actor=ew.supervisor)
    plan.refresh_from_db()
    assert plan.status == "draft" and not plan.draws.exists()


def test_ratio_draws_exactly_n_of_any_count():
    from decimal import Decimal

    from zhifa.lib import draw as lib

    for count in (4, 7, 13, 97, 1000, 99991):
        for n in (2, 3, 4):
            entries = [lib.Entry(drawing.file_code(i), "", "990100") for i in range(1, count + 1)]
            strata = lib.compute_strata(entries, drawing.ratio_for(count, n), {"": Decimal(1)})
            assert strata[0].draw == min(n, count)


def test_today_is_the_default_clock(ew):
    assert timezone.localdate() >= ew.cases_a[0].closed_on
