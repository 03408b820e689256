"""The demo's random inspections (issue 13): the 江北市 directory, a published plan per agency, the
joint task of 市场监管 and 生态环境 drawn in the demo's past whose public record tools/verify_draw.py
accepts, results with several outcomes entered and published, and the violation that became a case lead.

The demo load takes about half a minute: once per class (setUpTestData), hence slow."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from io import StringIO
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import pytest
from django.test import TestCase

from zhifa.accounts.models import User
from zhifa.cases.models import Case
from zhifa.demo.data import DEFAULT_SEED, DEMO_REGION_PATH, load_demo
from zhifa.demo.inspections import (
    DEMO_TASK_CODE,
    build_directory_csv,
    demo_random_value,
    load_demo_inspections,
)
from zhifa.inspections.models import (
    Draw,
    Inspection,
    InspectionPlan,
    InspectionResult,
    InspectionTarget,
    InspectionTask,
)
from zhifa.journal.models import JournalEntry
from zhifa.lib.identifiers import check_credit_code
from zhifa.organizations.models import Agency

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

VERIFIER = Path(__file__).resolve().parents[4] / "tools" / "verify_draw.py"


def test_the_directory_follows_the_seed() -> None:
    assert build_directory_csv(DEFAULT_SEED, 50) == build_directory_csv(DEFAULT_SEED, 50)
    assert build_directory_csv(DEFAULT_SEED, 50) != build_directory_csv(DEFAULT_SEED + 1, 50)
    assert demo_random_value(DEFAULT_SEED) == demo_random_value(DEFAULT_SEED)


class DemoInspectionsTests(TestCase):
    output: str

    @classmethod
    def setUpTestData(cls) -> None:
        load_demo(seed=DEFAULT_SEED, stdout=StringIO())
        out = StringIO()
        load_demo_inspections(seed=DEFAULT_SEED, stdout=out)
        cls.output = out.getvalue()

    def test_directory(self) -> None:
        targets = InspectionTarget.objects.filter(region_path__startswith=DEMO_REGION_PATH)
        assert targets.count() == 3000
        assert all(check_credit_code(c) for c in targets.values_list("credit_code", flat=True))
        classes = Counter(targets.values_list("credit_class", flat=True))
        assert {"A", "B", "C", "D"} <= set(classes)
        kinds = Counter(targets.values_list("kind", flat=True))
        assert kinds["individual"] > 500 and kinds["enterprise"] > 1000
        assert targets.filter(tags__contains=",经营异常,").exists()
        assert targets.filter(tags__contains=",投诉多,").exists()
        assert "检查对象名录库：3000 户" in self.output

    def test_a_published_plan_per_agency(self) -> None:
        agencies = Agency.objects.filter(region__path__startswith=DEMO_REGION_PATH)
        plans = InspectionPlan.objects.filter(agency__in=agencies)
        assert plans.count() == agencies.count() == 8
        assert set(plans.values_list("status", flat=True)) == {InspectionPlan.Status.PUBLISHED}

    def test_the_joint_task_was_approved_committed_and_drawn(self) -> None:
        task = InspectionTask.objects.get(code=DEMO_TASK_CODE)
        assert task.status == InspectionTask.Status.DRAWN and task.approved_by is not None
        assert task.approved_by.username == "head"
        assert {a.short_code for a in task.partner_agencies.all()} == {"江北环"}
        draw = Draw.objects.get(task=task)
        assert draw.status == Draw.Status.DRAWN and draw.random_value == demo_random_value(DEFAULT_SEED)
        assert draw.seed_seq is not None and draw.commitment_seq < draw.seed_seq
        assert Inspection.objects.filter(task=task).count() == draw.selected_count > 10

    def test_the_public_record_passes_the_independent_verifier(self) -> None:
        draw = Draw.objects.get(task__code=DEMO_TASK_CODE)
        response = self.client.get(f"/inspections/draws/{draw.pk}.json")
        assert response.status_code == 200
        record = json.loads(response.content)
        with TemporaryDirectory() as tmp:
            args = [sys.executable, str(VERIFIER), str(Path(tmp) / "record.json")]
            for name in ("eligible", "pool"):
                tsv: Any = self.client.get(f"/inspections/draws/{draw.pk}/{name}.tsv")
                assert tsv.status_code == 200
                path = Path(tmp) / f"{name}.tsv"
                path.write_bytes(b"".join(tsv.streaming_content))
                args += [f"--{name}", str(path)]
            (Path(tmp) / "record.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
            run = subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)
        assert run.returncode == 0, run.stdout + run.stderr

    def test_results_with_several_outcomes_are_published(self) -> None:
        results = InspectionResult.objects.filter(
            inspection__agency__region__path__startswith=DEMO_REGION_PATH
        )
        outcomes = set(results.values_list("outcome", flat=True))
        assert {"no_problem", "corrected", "disclosure", "not_found", "violation"} <= outcomes
        published = results.filter(inspection__status=Inspection.Status.PUBLISHED)
        assert published.count() >= 3
        page = self.client.get("/inspections/results/")
        assert page.status_code == 200
        assert published.first().inspection.target.name in page.content.decode()

    def test_the_violation_became_a_case_lead(self) -> None:
        violation = InspectionResult.objects.get(outcome="violation").inspection
        entry = JournalEntry.objects.get(event_type="case.lead_from_inspection")
        assert entry.payload_data["code"] == violation.code
        case = Case.objects.get(pk=int(entry.subject.split(":")[-1]))
        assert case.state == "lead" and violation.target.name in case.party.name

    def test_the_task_page_warns_of_the_repeat_inspection(self) -> None:
        task = InspectionTask.objects.get(code=DEMO_TASK_CODE)
        self.client.force_login(User.objects.get(username="head"))
        page = self.client.get(f"/workbench/inspections/tasks/{task.pk}/").content.decode()
        assert "重复检查提示" in page and "江北市生态环境局" in page

    def test_a_second_load_writes_nothing(self) -> None:
        before = JournalEntry.objects.count()
        out = StringIO()
        summary = load_demo_inspections(seed=DEFAULT_SEED, stdout=out)
        assert not summary.created and "未作任何改动" in out.getvalue()
        assert JournalEntry.objects.count() == before
