"""The proposal's guards, violation by violation (issue 17 §1): a case with several violations has each
one checked as a one-violation case would be — its benchmark tier and amount (行政处罚法 Art.34), its
completeness (SAMR 程序规定 Art.48), the lenience it owes (Art.30, 32, 33) — and a refusal names the
violation ("第2项违法行为：…"). A case with one violation is checked on its own columns, as before,
without reading its violation row."""

from __future__ import annotations

from typing import Any, cast

from zhifa.cases.engine import Context, GuardFn, Refusal
from zhifa.cases.models import Case
from zhifa.cases.models_violations import Violation

# What a violation holds of its own; every other attribute (party, agency, act_on …) is the case's.
OWN = frozenset(
    {
        "item",
        "item_id",
        "facts",
        "benchmark",
        "benchmark_id",
        "benchmark_history_id",
        "benchmark_tier",
        "base_amount",
        "base_kind",
        "tier_reason",
        "penalty_kinds",
        "fine_amount",
        "confiscation_amount",
        "lenience",
        "lenience_reason",
        "total_amount",
    }
)


class ViolationView:
    """The case as one of its violations: the violation's proposal, the case's everything else. The
    responsible persons' fine (双罚) stays the case's and is checked with the first violation only."""

    def __init__(self, case: Case, violation: Violation) -> None:
        self._case = case
        self._violation = violation

    def __getattr__(self, name: str) -> Any:
        if name in OWN:
            return getattr(self._violation, name)
        if name == "person_fine_amount" and self._violation.ordinal != 1:
            return None
        return getattr(self._case, name)


def violations_of(ctx: Context) -> list[Violation]:
    """The case's violations in order, read once per step (the proposal step leaves the ones it wrote);
    kept on the step's case instance too, where the documents the step issues read them
    (cases.documents_violations)."""

    def load() -> list[Violation]:
        rows: list[Violation] | None = getattr(ctx.case, "_document_violations", None)
        if rows is None:
            rows = list(Violation.objects.filter(case=ctx.case).select_related("item").order_by("ordinal"))
            ctx.case._document_violations = rows  # type: ignore[attr-defined]
        return rows

    return ctx.memo("violations", load)


def per_violation(fn: GuardFn) -> GuardFn:
    """Run the guard on each violation of a case that has several; the first refusal names it."""

    def run(ctx: Context) -> Refusal | None:
        if ctx.case.violation_count <= 1:
            return fn(ctx)
        for v in violations_of(ctx):
            # The guards' memo keys name the benchmark and tier, but not the item: a violation of
            # another item gets a cache of its own.
            cache = ctx.cache if v.item_id == ctx.case.item_id else {}
            view = cast(Case, ViolationView(ctx.case, v))
            refusal = fn(Context(view, ctx.actor, ctx.data, ctx.on, cache=cache))
            if refusal is not None:
                return Refusal(refusal.guard, f"第{v.ordinal}项违法行为：{refusal.message}", refusal.article)
        return None

    run.__doc__ = fn.__doc__
    run.__name__ = getattr(fn, "__name__", "guard")
    return run
