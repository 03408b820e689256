"""The human page of a draw (`/inspections/draws/<id>/`), rendered from the public record
(`records.draw_record`, the single source of what a draw published, also served as
`/inspections/draws/<id>.json`): the page and the JSON the verifier checks cannot disagree. Only the
progress of each drawn business's inspection (待检查 / 已公示 …), which is not part of the draw, is read
beside it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from zhifa.core.errors import NotFound
from zhifa.inspections.models import CreditClass, Draw, Inspection, InspectionTask
from zhifa.inspections.records import draw_record
from zhifa.inspections.selectors_public import public_tasks

_CLASS_LABELS = {"": "未分类", **dict(CreditClass.choices)}


@dataclass(frozen=True)
class Inspector:
    name: str
    certificate: str  # 执法证号: public by law (亮证执法)


@dataclass(frozen=True)
class DrawnBusiness:
    credit_code: str
    name: str
    inspectors: list[Inspector]
    status_label: str


@dataclass(frozen=True)
class JournalRef:
    seq: int
    recorded_at: datetime | None


@dataclass
class DrawView:
    """What the page shows, every field from the record (the task is the row behind its link)."""

    draw_id: int
    task: InspectionTask
    status_label: str
    algorithm: str
    commitment_hash: str
    commitment_entry: JournalRef | None
    list_count: int
    list_hash: str
    pool_count: int
    pool_hash: str
    random_source: str
    strata: list[dict[str, Any]] = field(default_factory=list)
    random_value: str = ""
    seed: str = ""
    seed_entry: JournalRef | None = None
    businesses: list[DrawnBusiness] = field(default_factory=list)

    @property
    def seeded(self) -> bool:
        return bool(self.seed)

    @property
    def selected_count(self) -> int:
        return len(self.businesses)

    @property
    def order_ok(self) -> bool | None:
        """The commitment's journal entry precedes the seed's (None before the seed)."""
        if self.seed_entry is None:
            return None
        return self.commitment_entry is not None and self.commitment_entry.seq < self.seed_entry.seq


def draw_get(*, draw_id: int) -> DrawView:
    """The draw of a public task, as its public record says."""
    draw = (
        Draw.objects.filter(pk=draw_id, task__in=public_tasks())
        .select_related("task", "task__agency", "task__plan")
        .first()
    )
    if draw is None:
        raise NotFound("没有找到该抽取记录")
    progress = dict(
        Inspection.objects.filter(task_id=draw.task_id, kind=Inspection.Kind.RANDOM).values_list(
            "target__credit_code", "status"
        )
    )
    return draw_view(draw, draw_record(draw), progress)


def draw_view(draw: Draw, record: Mapping[str, Any], progress: Mapping[str, str]) -> DrawView:
    """The page's view of `record` (`progress`: each drawn business's inspection status)."""
    commitment: Mapping[str, Any] = record.get("commitment") or {}
    inspectors: Mapping[str, Mapping[str, str]] = record.get("inspectors") or {}
    targets: Mapping[str, str] = record.get("targets") or {}
    assignments: Mapping[str, list[int]] = record.get("assignments") or {}
    statuses = dict(Inspection.Status.choices)
    businesses = [
        DrawnBusiness(
            credit_code=code,
            name=targets.get(code, ""),
            inspectors=[
                Inspector(
                    str(inspectors.get(str(i), {}).get("name", "")),
                    str(inspectors.get(str(i), {}).get("certificate", "")),
                )
                for i in assignments.get(code, [])
            ],
            status_label=statuses.get(progress.get(code, ""), "—"),
        )
        for code in record.get("selected", [])
    ]
    return DrawView(
        draw_id=draw.pk,
        task=draw.task,
        status_label=dict(Draw.Status.choices).get(str(record.get("status")), str(record.get("status"))),
        algorithm=str(record.get("algorithm", "")),
        commitment_hash=str(record.get("commitment_hash", "")),
        commitment_entry=_entry(record.get("commitment_entry")),
        list_count=int(commitment.get("list_count", 0)),
        list_hash=str(commitment.get("list_hash", "")),
        pool_count=int(commitment.get("pool_count", 0)),
        pool_hash=str(commitment.get("pool_hash", "")),
        random_source=str(commitment.get("random_source", "")),
        strata=[
            {
                "class": str(s.get("class", "")),
                "label": _CLASS_LABELS.get(str(s.get("class", "")), str(s.get("class", ""))),
                "count": s.get("count"),
                "draw": s.get("draw"),
            }
            for s in commitment.get("strata", [])
            if isinstance(s, dict)
        ],
        random_value=str(record.get("random_value", "")),
        seed=str(record.get("seed", "")),
        seed_entry=_entry(record.get("seed_entry")),
        businesses=businesses,
    )


def _entry(cited: Any) -> JournalRef | None:
    if not isinstance(cited, dict) or "seq" not in cited:
        return None
    at = cited.get("at")
    return JournalRef(int(cited["seq"]), datetime.fromisoformat(at) if isinstance(at, str) else None)
