"""The 音像记录事项清单 enforced (国办发〔2018〕118号 三（八）): a case step that the agency's list marks as
全程音像记录 is refused until an audio or video recording collected at that step is in the evidence store.

The guard is the evidence app's, registered on the case engine's steps (engine.register_guard, as review
registers its gate): the cases app imports neither evidence nor this module. A list row names the step
as the agency published it (执法环节 "查封、扣押财产", "举行听证" …); RECORDED_STEPS says which words of a
row name which step. A row applies to the case when it names no item or the case's item, and only a
full-process row (RecordingRequirement.Level.FULL_PROCESS) refuses: a 根据情况 row leaves it to the
officers (118号 三（八）: 根据实际情况进行音像记录).

A recording counts for a step when it is filed under the case (its id or number, as evidence_of_case
reads them), names the step (Evidence.step), has an audio or video content type, and was collected on
the step's date (采集时间). What the guard reads — the agency's list and the case's recordings — is read
once per guard Context, so the case page's list of steps costs two queries more only where a step is
on the list's map (engine.available)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.db.models import Q
from django.utils import timezone

from zhifa.cases import engine
from zhifa.cases.engine import Context, Guard, Refusal
from zhifa.catalog.models import RecordingRequirement
from zhifa.evidence.models import Evidence

ART_118 = "国办发〔2018〕118号 三（八）"
# The content types that are audio-video recordings (a photo documents, it does not record the step).
AV_CONTENT_TYPES = ("audio/", "video/")


@dataclass(frozen=True)
class RecordedStep:
    procedure: str
    step: str
    # Words of a list row's 执法环节 or 执法事项 that name this step.
    words: tuple[str, ...]
    # Only when the step is taken this way (the service method 留置送达 / 公告送达).
    method: str = ""


_SERVICE_STEPS = ("serve_notice", "serve_decision", "demand_performance")
RECORDED_STEPS: tuple[RecordedStep, ...] = (
    # 118号 三（八）: 查封扣押财产 is named among the acts recorded over the whole process; 行政强制法 Art.18.
    RecordedStep("compulsion", "enforce", ("查封", "扣押")),
    RecordedStep("compulsion", "enforce_on_spot", ("查封", "扣押")),
    # 118号 三（八）: 举行听证、留置送达和公告送达 are recorded as the situation requires — unless the
    # agency's list makes them full-process (e.g. 农业综合行政执法管理办法 Art.21).
    RecordedStep("general", "hold_hearing", ("听证",)),
    *(RecordedStep("general", s, ("留置送达",), method="left") for s in _SERVICE_STEPS),
    *(RecordedStep("general", s, ("公告送达",), method="public_notice") for s in _SERVICE_STEPS),
)


@cache
def step_codes() -> frozenset[str]:
    """Every step code of every procedure (what Evidence.step may name)."""
    from zhifa.cases import procedures  # noqa: F401  (registers them)

    return frozenset(name for p in engine.PROCEDURES.values() for name in p.transitions)


def step_choices() -> list[tuple[str, str]]:
    """The steps a recording may be filed under on the upload form: those the list's map names."""
    seen: dict[str, str] = {}
    for r in RECORDED_STEPS:
        t = engine.PROCEDURES[r.procedure].transitions[r.step]
        seen.setdefault(r.step, f"{t.label}（{r.step}）")
    return list(seen.items())


def _numbered_list(ctx: Context) -> list[tuple[int, RecordingRequirement]]:
    """The agency's list as published, its rows numbered in order (one query per guard Context)."""
    return ctx.memo(
        "recording_list",
        lambda: list(
            enumerate(RecordingRequirement.objects.filter(agency_id=ctx.case.agency_id).order_by("id"), 1)
        ),
    )


def _recordings(ctx: Context) -> set[tuple[str, object]]:
    """(step, local date collected) of the case's audio-video evidence (one query per guard Context)."""

    def load() -> set[tuple[str, object]]:
        case = ctx.case
        refs = [ref for ref in (str(case.pk), case.case_number) if ref]
        rows = (
            Evidence.objects.filter(agency_id=case.agency_id, case_ref__in=refs)
            .exclude(step="")
            .filter(
                Q(content_type__startswith=AV_CONTENT_TYPES[0])
                | Q(content_type__startswith=AV_CONTENT_TYPES[1])
            )
            .values_list("step", "collected_at")
        )
        return {(step, timezone.localtime(at).date()) for step, at in rows}

    return ctx.memo("av_recordings", load)


def _row_names(row: RecordingRequirement, words: tuple[str, ...]) -> bool:
    text = f"{row.activity} {row.matter}"
    return any(w in text for w in words)


def _article(row: RecordingRequirement) -> str:
    basis = row.basis.strip()
    return basis if "118号" in basis else "；".join(x for x in (ART_118, basis) if x)


def recording_guard(procedure: str, step: str) -> Guard:
    mapped = tuple(r for r in RECORDED_STEPS if r.procedure == procedure and r.step == step)

    def check(ctx: Context) -> Refusal | None:
        method = str(ctx.data.get("method") or "")
        words = tuple(w for r in mapped if not r.method or r.method == method for w in r.words)
        if not words:
            return None
        case = ctx.case
        row_no, row = next(
            (
                (n, r)
                for n, r in _numbered_list(ctx)
                if r.level == RecordingRequirement.Level.FULL_PROCESS
                and r.item_id in (None, case.item_id)
                and _row_names(r, words)
            ),
            (0, None),
        )
        if row is None or (step, ctx.on) in _recordings(ctx):
            return None
        label = engine.PROCEDURES[procedure].transitions[step].label
        matter = f"，{row.matter}" if row.matter.strip() else ""
        return Refusal(
            "av_recording",
            f"“{label}”列入本机关音像记录事项清单第 {row_no} 项"
            f"（{row.activity}{matter}：{row.get_level_display()}），"
            f"须先将本环节采集的录音或录像上传至证据库（案件编号或案件 ID、执法环节“{step}”、"
            f"采集时间为 {ctx.on.isoformat()}）后方可办理",
            _article(row),
        )

    return Guard("av_recording", check)


def install() -> None:
    for r in RECORDED_STEPS:
        engine.register_guard(r.procedure, r.step, recording_guard(r.procedure, r.step))
