"""The verifiable draw of closed case files (issue 15: 随机抽取 … drawn with the same verifiable draw as
the random inspections): algorithm `zhifa-draw-1` (lib/draw.py, docs/draw-algorithm.md), one draw per
agency, so that `tools/verify_draw.py` re-runs each from its public record.

How a case file becomes an entry of the algorithm: its code is `EV` + the case id in 16 digits (the
algorithm takes 18 upper-case letters or digits), class "" (no credit classes), region the agency's
region code. The ratio is chosen so that exactly `files_per_agency` files are drawn (all of them when
the agency closed fewer): ratio = 100 × n / count rounded DOWN to 6 decimals, so that
ceil(count × ratio / 100) = n for any count below 10^8. The pool is the plan's evaluator roster (agency
0, the 评查组, allowed in every region of the plan), two drawn per file (第十条: at least two evaluators
score independently); the exclusions are the recusals (same agency, acted on the case) known at the
commitment. The commitments of all agencies are journaled in ONE entry before the public random value
exists; the seed in one entry after it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.cases.models import Case
from zhifa.core.errors import DomainError
from zhifa.evaluation import recusal
from zhifa.evaluation.models import AgencyDraw, EvaluatedFile, EvaluationPlan, ScoreSheet
from zhifa.evaluation.permissions import require_supervisor
from zhifa.journal.models import JournalEntry
from zhifa.journal.proofs import tree_algorithm
from zhifa.journal.services import record
from zhifa.lib import draw as lib
from zhifa.lib.merkle import hash_leaf
from zhifa.organizations.models import Agency

PANEL = 0  # the pool's one "agency": the plan's evaluation panel (评查组)
PER_FILE = 2  # 第十条: 评查人员独立评分 — at least two per drawn file
CLOSED_STATES = ("closed", "archived")


def file_code(case_id: int) -> str:
    return f"EV{case_id:016d}"


def case_id_of(code: str) -> int:
    return int(code[2:])


def ratio_for(count: int, wanted: int) -> Decimal:
    if count <= wanted:
        return Decimal(100)
    return (Decimal(100 * wanted) / Decimal(count)).quantize(Decimal("0.000001"), rounding=ROUND_DOWN)


def closed_cases(plan: EvaluationPlan, agency: Agency | None = None) -> Any:
    qs = Case.objects.filter(
        agency__region__path__startswith=plan.region.path,
        state__in=CLOSED_STATES,
        closed_on__year=plan.year,
    )
    if agency is not None:
        qs = qs.filter(agency=agency)
    return qs.select_related("agency__region").order_by("agency_id", "pk")


@dataclass
class _AgencyInputs:
    agency: Agency
    entries: list[lib.Entry]
    exclusions: list[tuple[int, str]]
    ratio: Decimal


def _inputs(plan: EvaluationPlan) -> tuple[list[_AgencyInputs], list[lib.PoolMember], list[str]]:
    cases = list(closed_cases(plan))
    roster = [pe.user for pe in plan.evaluators.select_related("user")]
    regions = frozenset(c.agency.region.code for c in cases)
    pool = [lib.PoolMember(u.pk, PANEL, regions) for u in roster if u.is_active]
    conflicts = recusal.conflicts(roster, cases)
    by_agency: dict[int, list[Case]] = defaultdict(list)
    for c in cases:
        by_agency[c.agency_id].append(c)
    out: list[_AgencyInputs] = []
    problems: list[str] = []
    for agency_cases in by_agency.values():
        agency = agency_cases[0].agency
        entries = [lib.Entry(file_code(c.pk), "", agency.region.code) for c in agency_cases]
        ids = {x.pk for x in agency_cases}
        exclusions = sorted((u, file_code(c)) for (u, c) in conflicts if c in ids)
        short = lib.shortfalls(entries, pool, {PANEL: PER_FILE}, exclusions)
        for s in short:
            numbers = [c.case_number for c in agency_cases if file_code(c.pk) in s.codes[:5]]
            problems.append(
                f"{agency.name}的 {len(s.codes)} 份案卷"
                f"（{'、'.join(numbers)}{'等' if len(s.codes) > 5 else ''}）"
                f"需要 {s.needed} 名评查人员，回避后只有 {s.found} 名"
            )
        out.append(_AgencyInputs(agency, entries, exclusions, ratio_for(len(entries), plan.files_per_agency)))
    return out, pool, problems


def draw_commit(*, plan: EvaluationPlan, actor: Any) -> EvaluationPlan:
    """Fix each agency's list of closed files and the roster, journal the commitments (before the random
    value exists)."""
    require_supervisor(actor, plan.region, action="固定评查案卷抽取库")
    _check_committable(plan)
    agencies, pool, problems = _inputs(plan)
    if not agencies:
        raise DomainError(f"{plan.region.name}{plan.year}年没有已结案的案卷，无法抽取")
    if problems:
        raise DomainError(
            "抽取前核查未通过，未固定抽取库：\n" + "\n".join(problems) + "\n请增加评查人员后重新固定",
            rule=recusal.RULE,
        )
    pool_bytes = lib.canonical_pool(pool)
    with transaction.atomic():
        locked = EvaluationPlan.objects.select_for_update().get(pk=plan.pk)
        _check_committable(locked)
        hashes: dict[str, str] = {}
        draws = []
        for a in agencies:
            eligible = lib.canonical_eligible(a.entries)
            strata = lib.compute_strata(a.entries, a.ratio, {"": Decimal(1)})
            task_code = f"{locked.code}-{a.agency.pk}"
            commitment = lib.build_commitment(
                task=task_code,
                eligible_bytes=eligible,
                list_count=len(a.entries),
                pool_bytes=pool_bytes,
                pool_count=len(pool),
                ratio_percent=a.ratio,
                multipliers={"": Decimal(1)},
                strata=strata,
                per_target={PANEL: PER_FILE},
                previous={},
                exclusions=a.exclusions,
                random_source=f"{locked.random_source}（{locked.random_source_on:%Y-%m-%d}）",
            )
            ch = lib.commitment_hash(commitment)
            hashes[str(a.agency.pk)] = ch
            draws.append(
                AgencyDraw(
                    plan=locked,
                    agency=a.agency,
                    task_code=task_code,
                    eligible_tsv=eligible.decode("utf-8"),
                    pool_tsv=pool_bytes.decode("utf-8"),
                    exclusions=[[u, code] for u, code in a.exclusions],
                    commitment=commitment,
                    commitment_hash=ch,
                )
            )
        AgencyDraw.objects.bulk_create(draws)
        entry = record(
            event_type="evaluation.draw_committed",
            subject=locked,
            agency_id=None,
            actor=actor,
            payload={
                "plan": locked.code,
                "commitments": hashes,
                "random_source": locked.random_source,
                "random_source_on": locked.random_source_on,
            },
        )
        locked.commitment_seq = entry.pk
        locked.status = EvaluationPlan.Status.COMMITTED
        locked.save(update_fields=["commitment_seq", "status"])
    return locked


def _check_committable(plan: EvaluationPlan) -> None:
    if plan.status != EvaluationPlan.Status.DRAFT:
        raise DomainError("本评查方案的抽取库已经固定")
    if plan.random_source_on <= timezone.localdate():
        # The commitment must exist before the random value (docs/draw-algorithm.md §3).
        raise DomainError(
            f"公开随机数的产生日期（{plan.random_source_on.isoformat()}）不晚于今天，抽取库已不能在随机数产生前固定；"
            "请修改随机数来源及其日期"
        )


def draw_seed(*, plan: EvaluationPlan, random_value: str, actor: Any) -> EvaluationPlan:
    """Enter the public random value: each agency's files drawn, two evaluators drawn for each."""
    require_supervisor(actor, plan.region, action="录入公开随机数")
    value = random_value.strip()
    if not value:
        raise DomainError("请填写公开随机数", field="random_value")
    with transaction.atomic():
        locked = EvaluationPlan.objects.select_for_update().get(pk=plan.pk)
        _check_seedable(locked)
        results: dict[int, tuple[bytes, list[str], dict[str, list[int]]]] = {}
        draws = list(locked.draws.select_related("agency"))
        for d in draws:
            seed = lib.derive_seed(d.commitment_hash, value)
            entries = lib.parse_eligible(d.eligible_tsv.encode("utf-8"))
            pool = lib.parse_pool(d.pool_tsv.encode("utf-8"))
            strata = [
                lib.Stratum(s["class"], int(s["count"]), int(s["draw"])) for s in d.commitment["strata"]
            ]
            selected = lib.select(entries, strata, seed)
            chosen = set(selected)
            exclusions = [(int(u), str(code)) for u, code in d.exclusions]
            assignments = lib.assign(
                [e for e in entries if e.code in chosen], pool, {PANEL: PER_FILE}, seed, exclusions, {}
            )
            results[d.pk] = (seed, selected, assignments)
        entry = record(
            event_type="evaluation.draw_seeded",
            subject=locked,
            agency_id=None,
            actor=actor,
            payload={
                "plan": locked.code,
                "commitment_seq": locked.commitment_seq,
                "random_value": value,
                "selected": {str(d.agency_id): results[d.pk][1] for d in draws},
            },
        )
        for d in draws:
            seed, selected, assignments = results[d.pk]
            d.seed, d.selected, d.assignments = seed.hex(), selected, assignments
            d.save(update_fields=["seed", "selected", "assignments"])
            for code in selected:
                f = EvaluatedFile.objects.create(
                    plan=locked,
                    case_id=case_id_of(code),
                    agency=d.agency,
                    kind=EvaluatedFile.Kind.DRAWN,
                    draw_code=code,
                )
                ScoreSheet.objects.bulk_create(
                    ScoreSheet(file=f, evaluator_id=u, drawn=True) for u in assignments[code]
                )
        locked.random_value = value
        locked.seed_seq = entry.pk
        locked.status = EvaluationPlan.Status.DRAWN
        locked.save(update_fields=["random_value", "seed_seq", "status"])
    return locked


def _check_seedable(plan: EvaluationPlan) -> None:
    if plan.status != EvaluationPlan.Status.COMMITTED:
        raise DomainError("本评查方案尚未固定抽取库，或已经抽取")
    today = timezone.localdate()
    if plan.random_source_on > today:
        raise DomainError(
            f"公开随机数将于 {plan.random_source_on.isoformat()} 产生，之前不能录入："
            "随机数须在承诺之后产生、公布"
        )
    entry = JournalEntry.objects.filter(
        pk=plan.commitment_seq or 0, event_type="evaluation.draw_committed"
    ).first()
    if entry is None:
        raise DomainError("本方案的承诺尚未记入全过程记录，不能录入随机数")
    if timezone.localtime(entry.recorded_at).date() >= plan.random_source_on:
        raise DomainError("承诺记入全过程记录的日期不早于随机数产生日期，本次抽取无效")


def _entry_json(seq: int | None) -> dict[str, Any] | None:
    entry = JournalEntry.objects.filter(pk=seq).first() if seq is not None else None
    if entry is None:
        return None
    return {
        "seq": entry.pk,
        "at": entry.recorded_at.isoformat(),
        "hash": hash_leaf(entry.leaf_bytes(), tree_algorithm()).hex(),
    }


def public_record(d: AgencyDraw) -> dict[str, Any]:
    """The draw's record in the format of an inspection draw (zhifa-draw-record-1): tools/verify_draw.py
    checks it. Targets name each file by its case number; "inspectors" are the evaluators."""
    plan = d.plan
    if not d.seed:
        raise DomainError("本执法主体的案卷尚未抽取")
    entries = lib.parse_eligible(d.eligible_tsv.encode("utf-8"))
    pool = lib.parse_pool(d.pool_tsv.encode("utf-8"))
    numbers = dict(
        Case.objects.filter(pk__in=[case_id_of(c) for c in d.selected]).values_list("pk", "case_number")
    )
    people = {u.pk: u for u in User.objects.filter(pk__in=[m.id for m in pool])}
    return lib.build_record(
        task={
            "code": d.task_code,
            "name": f"{plan.name}：{d.agency.name}",
            "agency": d.agency.name,
            "items": [],
            "kind": "case_file_evaluation",
            "conditions": {"year": plan.year, "files_per_agency": plan.files_per_agency},
        },
        commitment=d.commitment,
        commitment_entry=_entry_json(plan.commitment_seq) or {},
        random_value=plan.random_value,
        seed_entry=_entry_json(plan.seed_seq) or {},
        seed=bytes.fromhex(d.seed),
        entries=entries,
        pool=pool,
        previous={},
        exclusions=[(int(u), str(code), False) for u, code in d.exclusions],
        selected=d.selected,
        assignments=d.assignments,
        targets={code: numbers.get(case_id_of(code), code) for code in d.selected},
        inspectors={
            m.id: {"name": str(people[m.id]) if m.id in people else "", "certificate": ""} for m in pool
        },
    )
