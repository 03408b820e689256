"""The proposal as a list of violations (issue 17 §1): the report and revise_proposal steps take
`violations` — a list of {item_id, facts, legal_basis, penalty_basis, benchmark_id, benchmark_tier,
tier_reason, penalty_kinds, fine_amount, confiscation_amount, base_kind, base_amount, lenience,
lenience_reason, same_act_as} — or the one-violation form of before (the proposal's keys at the top of
the step's data), which becomes the case's one violation.

Each violation is checked as a proposal is (the same parsing, the Chinese message prefixed with the
violation it names); the guards then check each one's benchmark (cases.violation_view). The case's own
proposal columns become the totals: the union of the kinds in the order of 行政处罚法 Art.9, the sum of
the fines and of the confiscations (分别裁量、合并处罚: each act its own amount, one decision imposes them
all), the facts of all; its benchmark columns are the first violation's.

行政处罚法 Art.29 (一事不再罚款): 对当事人的同一个违法行为，不得给予两次以上罚款的行政处罚；同一个违法行为违反
多个法律规范应当给予罚款处罚的，按照罚款数额高的规定处罚. The rule Zhifa applies:
- a violation that is the same act as an earlier one under another provision says so (`same_act_as`:
  the earlier one's ordinal); of the violations forming one act, at most one carries a fine (the one
  under the provision with the higher fine: the officers choose it, the benchmark ranges of different
  provisions are not compared here);
- two violations that state the same facts are presumed to be one act: both fined is refused, with
  the advice to mark the one act (same_act_as) or to state each act's own facts — the presumption
  protects the party, the officers rebut it by describing the separate acts.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, cast

from zhifa.cases.engine import Context
from zhifa.cases.guards import FINE, PENALTY_KINDS
from zhifa.cases.models import Case, Violation
from zhifa.cases.procedures.common import apply_proposal
from zhifa.cases.violation_view import violations_of
from zhifa.catalog.models import EnforcementItem, ItemKind
from zhifa.core.errors import DomainError
from zhifa.core.params import parse_id
from zhifa.lib.chinese_numbers import to_chinese

ART29 = "《中华人民共和国行政处罚法》第二十九条"
MAX_VIOLATIONS = 50
# The proposal's keys that belong to one violation (the rest — complex_case, major_public_interest,
# person_fine_amount — stay the case's).
OWN_KEYS = (
    "penalty_kinds",
    "fine_amount",
    "confiscation_amount",
    "base_amount",
    "facts",
    "tier_reason",
    "lenience_reason",
    "benchmark_tier",
    "base_kind",
    "lenience",
    "benchmark_id",
)
OWN_KEYS_BUT_BENCHMARK = tuple(k for k in OWN_KEYS if k != "benchmark_id")
CASE_KEYS = ("person_fine_amount", "complex_case", "major_public_interest")
# The columns a one-violation proposal copies to its violation row.
COPIED = (
    "facts",
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
)


def apply(ctx: Context) -> None:
    """Write the step's proposal: the list form, or the one-violation form of before."""
    case = ctx.case
    if "violations" in ctx.data:
        apply_many(ctx)
        return
    if case.violation_count > 1:
        given = [k for k in OWN_KEYS if k in ctx.data]
        if given:
            raise DomainError(
                f"本案有{case.violation_count}项违法行为，请逐项填写处理意见（violations）",
                field="violations",
            )
        apply_proposal(ctx)
        return
    apply_proposal(ctx)
    sync_single(case)


def sync_single(case: Case) -> None:
    """The one violation of a one-violation case mirrors the case's proposal columns (its legal_basis and
    penalty_basis, set through the list form, are kept)."""
    fields = {key: getattr(case, key) for key in COPIED}
    if not Violation.objects.filter(case=case, ordinal=1).update(**fields):
        Violation.objects.create(case=case, ordinal=1, item_id=case.item_id, **fields)


def _violation(
    ctx: Context,
    n: int,
    raw: Any,
    items: Mapping[int, EnforcementItem],
    benchmarks: dict[tuple[int, str], tuple[Any, int | None]],
) -> Violation:
    if not isinstance(raw, Mapping):
        raise DomainError(f"第{n}项违法行为的处理意见格式不正确", field="violations")
    item_id = parse_id(raw.get("item_id")) if raw.get("item_id") not in (None, "") else ctx.case.item_id
    item = items.get(item_id or 0)
    if item is None:
        raise DomainError(f"第{n}项违法行为：所选执法事项不属于本机关", field="violations")
    if item.kind != ItemKind.PENALTY and item.pk != ctx.case.item_id:
        raise DomainError(f"第{n}项违法行为：所选执法事项不是行政处罚事项", field="violations")
    v = Violation(case=ctx.case, ordinal=n, item=item)
    # The proposal's own parsing and messages, on the violation (Art.9 kinds, amounts, the item's
    # benchmark) — the benchmark and its version read once for the violations that share it.
    sub = Context(cast(Case, v), ctx.actor, raw, ctx.on, cache={})
    bench_key = (item.pk, str(raw.get("benchmark_id")))
    known = benchmarks.get(bench_key) if "benchmark_id" in raw else None
    try:
        apply_proposal(sub, only=OWN_KEYS if known is None else OWN_KEYS_BUT_BENCHMARK)
    except DomainError as exc:
        raise DomainError(f"第{n}项违法行为：{exc.message}", rule=exc.rule, field="violations") from exc
    if known is not None:
        v.benchmark, v.benchmark_history_id = known
    elif "benchmark_id" in raw:
        benchmarks[bench_key] = (v.benchmark, v.benchmark_history_id)
    v.legal_basis = str(raw.get("legal_basis") or "").strip()[:500]
    v.penalty_basis = str(raw.get("penalty_basis") or "").strip()[:500]
    same = raw.get("same_act_as")
    if same not in (None, "", 0):
        try:
            same_n = int(str(same))
        except (TypeError, ValueError):
            same_n = 0
        if not 1 <= same_n < n:
            raise DomainError(
                f"第{n}项违法行为：“与第几项系同一违法行为”应为在其之前的违法行为序号", field="violations"
            )
        v.same_act_as = same_n
    return v


def _one_fine_per_act(violations: list[Violation]) -> None:
    """行政处罚法 Art.29: one act, at most one fine (see the module's docstring for the rule)."""
    root: dict[int, int] = {}
    for v in violations:
        root[v.ordinal] = root[v.same_act_as] if v.same_act_as else v.ordinal
    fined: dict[int, list[int]] = {}
    for v in violations:
        if FINE in v.penalty_kinds:
            fined.setdefault(root[v.ordinal], []).append(v.ordinal)
    for ordinals in fined.values():
        if len(ordinals) > 1:
            listed = "、".join(f"第{n}项" for n in ordinals)
            raise DomainError(
                f"{listed}违法行为系同一违法行为，不得给予两次以上罚款；违反多个法律规范的，"
                "按照罚款数额高的规定处罚一次",
                rule=ART29,
                field="violations",
            )
    seen: dict[str, Violation] = {}
    for v in violations:
        key = "".join(v.facts.split())
        if not key:  # no facts: refused as incomplete by the guards (SAMR 程序规定 Art.48)
            continue
        first = seen.get(key)
        if first is None:
            seen[key] = v
            continue
        if root[first.ordinal] != root[v.ordinal] and FINE in first.penalty_kinds and FINE in v.penalty_kinds:
            raise DomainError(
                f"第{first.ordinal}项与第{v.ordinal}项违法行为的违法事实相同，视为同一违法行为，不得给予两次以上"
                "罚款；如系同一违法行为违反多个法律规范，请注明与第几项系同一违法行为并按罚款数额高的规定"
                "处罚一次，如系不同违法行为，请分别写明各自的违法事实",
                rule=ART29,
                field="violations",
            )


def apply_many(ctx: Context) -> None:
    case = ctx.case
    raw = ctx.data.get("violations")
    if not isinstance(raw, (list, tuple)) or not raw:
        raise DomainError("请至少填写一项违法行为的处理意见", field="violations")
    if len(raw) > MAX_VIOLATIONS:
        raise DomainError(f"一个案件至多{MAX_VIOLATIONS}项违法行为", field="violations")
    apply_proposal(ctx, only=CASE_KEYS)
    ids = {case.item_id}
    for r in raw:
        if isinstance(r, Mapping) and r.get("item_id") not in (None, ""):
            ids.add(parse_id(r.get("item_id")) or 0)
    items = {i.pk: i for i in EnforcementItem.objects.filter(pk__in=ids, agency_id=case.agency_id)}
    benchmarks: dict[tuple[int, str], tuple[Any, int | None]] = {}
    violations = [_violation(ctx, n, r, items, benchmarks) for n, r in enumerate(raw, start=1)]
    _one_fine_per_act(violations)
    Violation.objects.filter(case=case).delete()
    Violation.objects.bulk_create(violations)
    _summarize(case, violations)
    # The guards check these, the documents of the step print them (violation_view.violations_of).
    ctx.cache["violations"] = violations
    ctx.case._document_violations = violations  # type: ignore[attr-defined]


def _sum(values: list[Decimal | None]) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


def _summarize(case: Case, violations: list[Violation]) -> None:
    """The case's proposal columns as the totals of its violations."""
    kinds = {k for v in violations for k in v.penalty_kinds}
    case.penalty_kinds = [k for k in PENALTY_KINDS if k in kinds]
    case.fine_amount = _sum([v.fine_amount for v in violations if FINE in v.penalty_kinds])
    case.confiscation_amount = _sum([v.confiscation_amount for v in violations])
    case.violation_count = len(violations)
    first = violations[0]
    for key in ("benchmark", "benchmark_history_id", "benchmark_tier", "base_amount", "base_kind"):
        setattr(case, key, getattr(first, key))
    for key in ("tier_reason", "lenience", "lenience_reason"):
        setattr(case, key, getattr(first, key))
    if len(violations) == 1:
        case.facts = first.facts
    else:
        case.facts = "；".join(f"（{to_chinese(v.ordinal)}）{v.facts}" for v in violations)


def snapshot(ctx: Context) -> list[dict[str, Any]]:
    """The violations as the step's journal entry and the frozen review proposal show them."""
    return [as_dict(v) for v in violations_of(ctx)]


def as_dict(v: Violation) -> dict[str, Any]:
    return {
        "ordinal": v.ordinal,
        "item": v.item.code,
        "facts": v.facts,
        "legal_basis": v.legal_basis,
        "penalty_basis": v.penalty_basis,
        "benchmark_id": v.benchmark_id,
        "benchmark_history_id": v.benchmark_history_id,
        "benchmark_tier": v.benchmark_tier,
        "base_kind": v.base_kind,
        "base_amount": v.base_amount,
        "tier_reason": v.tier_reason,
        "penalty_kinds": list(v.penalty_kinds),
        "fine_amount": v.fine_amount,
        "confiscation_amount": v.confiscation_amount,
        "lenience": v.lenience,
        "lenience_reason": v.lenience_reason,
        "same_act_as": v.same_act_as,
    }
