"""The verifiable draw of a task (issue 13 §3; algorithm `zhifa-draw-1`, lib/draw.py, docs/draw-algorithm.md).

1. `draw_precheck`: the eligible list and the officer pool of the approved task, and every eligible
   business checked for enough qualified inspectors (lib.draw.shortfalls) — refused, naming the regions,
   the agency and why (the certificates' areas, fields, expiry: may_act's own reasons), before anything
   is drawn.
2. `draw_commit`: the list, the pool, the inspectors of each business's last inspection and the recusals
   known now are stored under their SHA-256 in the blob store; the commitment (their hashes, the ratio,
   the credit-class multipliers, the strata, the inspectors per business, the named public random
   source) is journaled as `draw.committed` BEFORE the random value exists (its day is after the
   commitment's).
3. `draw_seed`: once the public value is published (not before its day; never without the commitment's
   journal entry), the seed, the selection and the assignment follow; one Inspection per drawn business
   (a joint task visits once for all its agencies: 综合查一次) with its inspectors in rank order, and
   `draw.seeded`, all in one transaction.
4. `recusal_declare` (回避, 行政处罚法 第四十三条): before the commitment, the pair goes into it; after, it is
   published with `after_draw` and, once drawn, that business alone is redrawn (lib.draw.assign_one).

Every input of the draw is read back from the stored bytes, never recomputed from the directory or the
certificates (which keep changing): what was committed is what is drawn and what is published."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from zhifa.cases import rules
from zhifa.core.errors import DomainError
from zhifa.evidence import blobstore
from zhifa.evidence.hashing import Hasher
from zhifa.inspections import eligible, pool
from zhifa.inspections.codes import new_code
from zhifa.inspections.models import (
    Draw,
    Inspection,
    InspectionOfficer,
    InspectionTarget,
    InspectionTask,
    Recusal,
)
from zhifa.inspections.permissions import require_worker, require_worker_of_any
from zhifa.journal.models import JournalEntry
from zhifa.journal.services import Attachment, record
from zhifa.lib import draw as lib
from zhifa.organizations.models import Agency, Region
from zhifa.personnel.models import Officer

# Regional settings of the credit-class multipliers (国发〔2019〕18号（九）), per class of the list.
MULTIPLIER_KEYS = {
    "": "inspection_multiplier_unclassified",
    "A": "inspection_multiplier_a",
    "B": "inspection_multiplier_b",
    "C": "inspection_multiplier_c",
    "D": "inspection_multiplier_d",
}
# Shortfall groups explained with may_act's reasons in a refusal (each costs a pass over the agency's
# officers); the others are listed by region only.
EXPLAINED = 8
LISTED = 30
_CHUNK = 2000


class DrawRefused(DomainError):
    """The pre-check found businesses the pool cannot staff; `problems` has one Chinese line per group."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        head = "抽取前核查未通过，本次未固定抽取库，也未抽取任何对象："
        super().__init__(
            "\n".join([head, *problems]),
            rule="行政处罚法第四十二条；国办发〔2015〕58号、国发〔2019〕5号（执法检查人员名录库）；企业公示信息抽查办法",
        )


def multipliers(agency: Agency) -> dict[str, Decimal]:
    return {c: rules.value(key, agency) for c, key in MULTIPLIER_KEYS.items()}


# --- the inputs ------------------------------------------------------------------------------------


@dataclass
class Inputs:
    """Everything the commitment is made of, computed from the directory and the certificates now."""

    entries: list[lib.Entry]
    pool: list[lib.PoolMember]
    per_target: dict[int, int]
    exclusions: list[tuple[int, str]]
    shortfalls: list[lib.Shortfall] = field(default_factory=list)


@dataclass
class Precheck:
    list_count: int
    pool_count: int
    per_target: dict[int, int]
    problems: list[str]

    @property
    def ok(self) -> bool:
        return self.list_count > 0 and not self.problems


def _exclusions(task: InspectionTask) -> list[tuple[int, str]]:
    return sorted(
        (int(o), str(c))
        for o, c in Recusal.objects.filter(task=task).values_list("officer_id", "target__credit_code")
    )


def _inputs(task: InspectionTask) -> Inputs:
    entries = list(eligible.entries(task))
    per_target = pool.per_target(task)
    members = pool.build(task, {e.region for e in entries})
    exclusions = _exclusions(task)
    short = lib.shortfalls(entries, members, per_target, exclusions) if entries else []
    return Inputs(entries, members, per_target, exclusions, short)


def _problems(task: InspectionTask, inputs: Inputs) -> list[str]:
    """One Chinese line per (region, agency) that cannot be staffed, saying which businesses and why."""
    if not inputs.entries:
        return ["没有符合抽取条件的检查对象：抽取库为空，请检查抽取条件或检查对象名录库"]
    if not inputs.shortfalls:
        return []
    names = dict(
        Region.objects.filter(code__in={s.region for s in inputs.shortfalls}).values_list("code", "name")
    )
    agencies = dict(Agency.objects.filter(pk__in=inputs.per_target).values_list("pk", "name"))
    recused = defaultdict(set)
    for officer_id, code in inputs.exclusions:
        recused[code].add(officer_id)
    qualified = {(m.agency, r) for m in inputs.pool for r in m.regions}
    lines: list[str] = []
    for n, s in enumerate(inputs.shortfalls):
        if n == LISTED:
            lines.append(f"……另有 {len(inputs.shortfalls) - LISTED} 处，请先处理以上各处后重新核查")
            break
        sample = "、".join(s.codes[:5]) + ("等" if len(s.codes) > 5 else "")
        line = (
            f"{names.get(s.region, s.region)}（{s.region}）的 {len(s.codes)} 户（{sample}）："
            f"{agencies.get(s.agency, s.agency)}每户需要 {s.needed} 名检查人员，"
            f"有资格且无需回避的只有 {s.found} 名。"
        )
        if n < EXPLAINED:
            why = pool.reasons(task, agency_id=s.agency, region_code=s.region)
            if any(recused.get(code) for code in s.codes) and (s.agency, s.region) in qualified:
                why.insert(0, "已有执法人员对上述检查对象申请回避")
            if why:
                line += "原因——" + "；".join(why)
        lines.append(line)
    return lines


def draw_precheck(*, task: InspectionTask) -> Precheck:
    """The pre-check alone (the task page shows it): nothing is written."""
    inputs = _inputs(task)
    return Precheck(len(inputs.entries), len(inputs.pool), inputs.per_target, _problems(task, inputs))


# --- blobs -----------------------------------------------------------------------------------------


def _store(data: bytes) -> str:
    """Store bytes under their SHA-256 (evidence blob store: never overwritten) and return the hash."""
    hasher = Hasher()
    hasher.update(data)
    digests = hasher.digests()
    blobstore.put(ContentFile(data), digests)
    return digests.sha256


def read_blob(sha256: str) -> bytes:
    with blobstore.open_blob(sha256) as fh:
        data = fh.read()
    if not isinstance(data, bytes) or lib.sha256_hex(data) != sha256:
        # The store is content-addressed: bytes that do not hash to their name are damaged.
        raise DomainError(f"存储的文件 {sha256[:12]}… 已损坏（摘要不符），请联系系统管理员")
    return data


def committed_previous(draw: Draw) -> dict[str, list[int]]:
    data: dict[str, list[int]] = json.loads(read_blob(draw.commitment["previous_hash"]))
    return data


def committed_per_target(draw: Draw) -> dict[int, int]:
    return {int(a): int(k) for a, k in draw.commitment["per_target"].items()}


def committed_strata(draw: Draw) -> list[lib.Stratum]:
    return [lib.Stratum(s["class"], int(s["count"]), int(s["draw"])) for s in draw.commitment["strata"]]


def committed_entry(draw: Draw, code: str) -> lib.Entry:
    """One business's line of the committed list (its class and region as committed)."""
    data = read_blob(draw.list_hash)
    key = code.encode() + b"\t"
    if data.startswith(key):
        at = 0
    else:
        at = data.find(b"\n" + key) + 1  # lines are sorted and unique: one match at most
        if at == 0:
            raise DomainError(f"{code} 不在本任务的抽取库中")
    line = data[at : data.index(b"\n", at)].decode()
    c, credit_class, region = line.split("\t")
    return lib.Entry(c, credit_class, region)


# --- previous inspectors ---------------------------------------------------------------------------


def _previous(targets: QuerySet[InspectionTarget]) -> dict[str, list[int]]:
    """The inspectors of each business's last inspection (any agency; a cancelled one does not count), so
    that the same inspector is not sent twice in a row where the pool allows (issue 13 §3)."""
    rows = (
        InspectionOfficer.objects.filter(inspection__target__in=targets.values("pk"))
        .exclude(inspection__status=Inspection.Status.CANCELLED)
        .values_list("inspection__target__credit_code", "inspection_id", "officer_id")
    )
    last: dict[str, tuple[int, list[int]]] = {}
    for code, inspection_id, officer_id in rows.iterator(chunk_size=_CHUNK):
        seen = last.get(code)
        if seen is None or inspection_id > seen[0]:
            last[code] = (inspection_id, [officer_id])
        elif inspection_id == seen[0]:
            seen[1].append(officer_id)
    return lib.normalize_previous({code: ids for code, (_, ids) in last.items()})


# --- commit ----------------------------------------------------------------------------------------


def draw_commit(*, task: InspectionTask, actor: Any) -> Draw:
    """Fix the eligible list and the pool and journal the commitment, before the random value exists."""
    require_worker(actor, agency=task.agency, action="固定抽取库")
    _check_committable(task)
    inputs = _inputs(task)
    problems = _problems(task, inputs)
    if problems:
        raise DrawRefused(problems)
    ratio = Decimal(task.ratio_percent)
    mult = multipliers(task.agency)
    strata = lib.compute_strata(inputs.entries, ratio, mult)
    previous = _previous(eligible.eligible_queryset(task))
    eligible_bytes = lib.canonical_eligible(inputs.entries)
    pool_bytes = lib.canonical_pool(inputs.pool)
    commitment = lib.build_commitment(
        task=task.code,
        eligible_bytes=eligible_bytes,
        list_count=len(inputs.entries),
        pool_bytes=pool_bytes,
        pool_count=len(inputs.pool),
        ratio_percent=ratio,
        multipliers=mult,
        strata=strata,
        per_target=inputs.per_target,
        previous=previous,
        exclusions=inputs.exclusions,
        random_source=f"{task.random_source}（{task.random_source_on:%Y-%m-%d}）",
    )
    ch = lib.commitment_hash(commitment)
    # Content-addressed, outside the transaction: a blob of a commitment that rolls back is harmless.
    list_hash, pool_hash = _store(eligible_bytes), _store(pool_bytes)
    _store(lib.canonical_json(previous))
    with transaction.atomic():
        locked = InspectionTask.objects.select_for_update().get(pk=task.pk)
        _check_committable(locked)
        if _exclusions(locked) != inputs.exclusions:
            raise DomainError("核查期间有新的回避申请，请重新固定抽取库")
        now = timezone.now()
        draw = Draw.objects.create(
            task=locked,
            algorithm=lib.ALGORITHM,
            status=Draw.Status.COMMITTED,
            commitment=commitment,
            commitment_hash=ch,
            commitment_seq=0,
            list_hash=list_hash,
            list_count=len(inputs.entries),
            pool_hash=pool_hash,
            pool_count=len(inputs.pool),
            committed_at=now,
        )
        entry = record(
            event_type="draw.committed",
            subject=draw,
            agency_id=locked.agency_id,
            actor=actor,
            payload={
                "task": locked.code,
                "commitment_hash": ch,
                "list_hash": list_hash,
                "pool_hash": pool_hash,
                "list_count": len(inputs.entries),
                "pool_count": len(inputs.pool),
                "previous_hash": commitment["previous_hash"],
                "exclusions_hash": commitment["exclusions_hash"],
                "random_source": commitment["random_source"],
                "random_source_on": locked.random_source_on,
            },
            attachments=[
                Attachment(sha256=list_hash, name="eligible.tsv", size=len(eligible_bytes)),
                Attachment(sha256=pool_hash, name="pool.tsv", size=len(pool_bytes)),
            ],
        )
        draw.commitment_seq = entry.pk
        draw.save(update_fields=["commitment_seq"])
        locked.status = InspectionTask.Status.COMMITTED
        locked.save(update_fields=["status"])
    return draw


def _check_committable(task: InspectionTask) -> None:
    if task.status != InspectionTask.Status.APPROVED:
        raise DomainError(
            f"任务“{task.name}”当前为“{task.get_status_display()}”：须经负责人批准后才能固定抽取库"
        )
    if Draw.objects.filter(task=task).exists():
        raise DomainError("本任务的抽取库已经固定")
    if not task.random_source.strip() or task.random_source_on is None:
        raise DomainError("请先写明公开随机数的来源及其产生日期")
    today = timezone.localdate()
    if task.random_source_on <= today:
        # The commitment must exist before the random value: its day must be later than today.
        raise DomainError(
            f"公开随机数的产生日期（{task.random_source_on.isoformat()}）不晚于今天，抽取库已不能在随机数产生前固定；"
            "请撤销本任务，另定随机数来源后重新创建"
        )


# --- seed ------------------------------------------------------------------------------------------


def _commitment_entry(draw: Draw) -> JournalEntry:
    """The journal entry of the commitment, or a refusal: a seed is never entered before it."""
    entry = JournalEntry.objects.filter(pk=draw.commitment_seq, event_type="draw.committed").first()
    if entry is None or entry.payload_data.get("commitment_hash") != draw.commitment_hash:
        raise DomainError("本任务的承诺（抽取库与人员库的摘要）尚未记入全过程记录，不能录入随机数")
    if lib.commitment_hash(draw.commitment) != draw.commitment_hash:
        raise DomainError("承诺内容与其摘要不符，不能录入随机数；请联系系统管理员核查")
    return entry


def draw_seed(*, draw: Draw, random_value: str, actor: Any) -> Draw:
    """Enter the public random value once published: seed, select, assign, one Inspection per business."""
    task = draw.task
    require_worker(actor, agency=task.agency, action="录入公开随机数")
    value = random_value.strip()
    if not value:
        raise DomainError("请填写公开随机数", field="random_value")
    entry = _commitment_entry(draw)
    _check_seedable(draw, entry)
    members = lib.parse_pool(read_blob(draw.pool_hash))
    previous = committed_previous(draw)
    per_target = committed_per_target(draw)
    exclusions = _exclusions(task)
    seed = lib.derive_seed(draw.commitment_hash, value)
    # The committed bytes (their hash checked by read_blob) straight to the selection: no Entry per line
    # (lib.select_canonical gives what lib.select gives, tested against it).
    drawn = lib.select_canonical(read_blob(draw.list_hash), committed_strata(draw), seed)
    selected = [e.code for e in drawn]
    try:
        assignments = lib.assign(drawn, members, per_target, seed, exclusions, previous)
    except lib.Unassignable as exc:
        raise DomainError(
            f"回避后{exc.code}已无足够检查人员（需要 {exc.needed} 名，只有 {exc.found} 名），"
            "请处理后再录入随机数"
        ) from None
    with transaction.atomic():
        locked = Draw.objects.select_for_update().select_related("task").get(pk=draw.pk)
        _check_seedable(locked, entry)
        if _exclusions(locked.task) != exclusions:
            raise DomainError("录入期间有新的回避申请，请重新录入随机数")
        seeded = record(
            event_type="draw.seeded",
            subject=locked,
            agency_id=locked.task.agency_id,
            actor=actor,
            payload={
                "task": locked.task.code,
                "commitment_hash": locked.commitment_hash,
                "commitment_seq": locked.commitment_seq,
                "random_value": value,
                "seed": seed.hex(),
                "selected": len(selected),
                "selected_hash": lib.sha256_hex(lib.canonical_json(selected)),
                "assignments_hash": lib.sha256_hex(lib.canonical_json(assignments)),
            },
        )
        if seeded.pk <= locked.commitment_seq:  # ids only grow; a guard against a restored database
            raise DomainError("随机数的记录序号不在承诺之后，已拒绝")
        _create_inspections(locked.task, assignments)
        locked.status = Draw.Status.DRAWN
        locked.random_value = value
        locked.seed = seed.hex()
        locked.seed_seq = seeded.pk
        locked.selected_count = len(selected)
        locked.drawn_at = timezone.now()
        locked.save(
            update_fields=["status", "random_value", "seed", "seed_seq", "selected_count", "drawn_at"]
        )
        InspectionTask.objects.filter(pk=locked.task_id).update(status=InspectionTask.Status.DRAWN)
    return locked


def _check_seedable(draw: Draw, entry: JournalEntry) -> None:
    task = draw.task
    if draw.status != Draw.Status.COMMITTED:
        raise DomainError("本任务已经抽取，不能再次录入随机数")
    if task.status != InspectionTask.Status.COMMITTED:
        raise DomainError(f"任务“{task.name}”当前为“{task.get_status_display()}”，不能录入随机数")
    on = task.random_source_on
    today = timezone.localdate()
    if on is None or on > today:
        raise DomainError(
            f"公开随机数将于 {on.isoformat() if on else '（未定）'} 产生，之前不能录入："
            "随机数须在承诺之后产生、公布"
        )
    if timezone.localtime(entry.recorded_at).date() >= on:
        raise DomainError("承诺记入全过程记录的日期不早于随机数产生日期，本次抽取无效，请撤销任务后重新创建")


def _target_ids(codes: Sequence[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for i in range(0, len(codes), _CHUNK):
        chunk = codes[i : i + _CHUNK]
        out.update(InspectionTarget.objects.filter(credit_code__in=chunk).values_list("credit_code", "pk"))
    return out


def _insert_many(model: type[Any], rows: Sequence[Mapping[str, Any]]) -> None:
    """INSERT rows with one executemany per chunk. The ORM's bulk_create spent more CPU building 35,000
    model instances and compiling their values than SQLite spent writing them (bench_draw_service: ~3 of a
    seed's ~5 CPU-seconds at 1,000,000 businesses). Each row gives its values ready for the database
    (ints, str, bool); every other column gets the model's default, prepared once."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_db_prep_save(f.get_default(), connection) for f in fields}
    q = connection.ops.quote_name
    sql = (
        f"INSERT INTO {q(model._meta.db_table)} ({', '.join(q(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    names = [f.attname for f in fields]
    with connection.cursor() as cursor:
        for i in range(0, len(rows), _CHUNK):
            chunk = rows[i : i + _CHUNK]
            cursor.executemany(sql, [[row.get(n, defaults[n]) for n in names] for row in chunk])


def _create_inspections(task: InspectionTask, assignments: Mapping[str, Sequence[int]]) -> None:
    """One Inspection per drawn business, however many agencies (综合查一次: one visit for all the items),
    its inspectors in rank order; in bulk (10,000 rows at 1% of a province)."""
    codes = sorted(assignments)
    ids = _target_ids(codes)
    created = Inspection._meta.get_field("created_at").get_db_prep_save(timezone.now(), connection)
    _insert_many(
        Inspection,
        [
            {
                "task_id": task.pk,
                "agency_id": task.agency_id,
                "target_id": ids[code],
                "kind": Inspection.Kind.RANDOM.value,
                "code": new_code(),
                "status": Inspection.Status.ASSIGNED.value,
                "created_at": created,
            }
            for code in codes
        ],
    )
    inspection_of = dict(
        Inspection.objects.filter(task=task, kind=Inspection.Kind.RANDOM).values_list("target_id", "pk")
    )
    _insert_many(
        InspectionOfficer,
        [
            {"inspection_id": inspection_of[ids[code]], "officer_id": officer_id, "rank": rank}
            for code in codes
            for rank, officer_id in enumerate(assignments[code])
        ],
    )


# --- recusal ---------------------------------------------------------------------------------------


def recusal_declare(
    *,
    task: InspectionTask,
    officer: Officer,
    target: InspectionTarget,
    declared_by: str,
    reason: str,
    actor: Any,
) -> Recusal:
    """回避 (行政处罚法 第四十三条): an officer declares it, or the business asks. Before the commitment the
    pair goes into it; after, it is published as `after_draw` and, once drawn, that business alone is
    redrawn from the same seed (lib.draw.assign_one). Only the pair is public, never the reason."""
    participants = [p.agency for p in pool.participants(task)]
    require_worker_of_any(actor, agencies=participants, action="登记回避")
    if declared_by not in Recusal.DeclaredBy.values:
        raise DomainError("请选择回避由谁提出", field="declared_by")
    reason = reason.strip()
    if not reason:
        raise DomainError("请写明回避理由", field="reason")
    if officer.agency_id not in {a.pk for a in participants}:
        raise DomainError(f"{officer.name}不是本任务参与部门的执法人员", field="officer")
    with transaction.atomic():
        locked = InspectionTask.objects.select_for_update().get(pk=task.pk)
        if locked.status in (InspectionTask.Status.CANCELLED, InspectionTask.Status.COMPLETED):
            raise DomainError(f"任务“{locked.name}”当前为“{locked.get_status_display()}”，不能登记回避")
        if Recusal.objects.filter(task=locked, officer=officer, target=target).exists():
            raise DomainError(f"{officer.name}对{target.name}的回避已经登记")
        draw = Draw.objects.filter(task=locked).first()
        recusal = Recusal.objects.create(
            task=locked,
            officer=officer,
            target=target,
            declared_by=declared_by,
            reason=reason,
            after_draw=draw is not None,
        )
        record(
            event_type="recusal.declared",
            subject=recusal,
            agency_id=officer.agency_id,
            actor=actor,
            payload={
                "task": locked.code,
                "officer_id": officer.pk,
                "credit_code": target.credit_code,
                "declared_by": declared_by,
                "after_draw": recusal.after_draw,
                "reason": reason,  # the journal is staff-only; the public record carries the pair alone
            },
        )
        if draw is not None and draw.status == Draw.Status.DRAWN:
            _redraw(draw, target, actor)
    return recusal


def _redraw(draw: Draw, target: InspectionTarget, actor: Any) -> None:
    inspection = (
        Inspection.objects.select_for_update()
        .filter(task=draw.task, target=target, kind=Inspection.Kind.RANDOM)
        .first()
    )
    if inspection is None:
        return  # not drawn: the pair is published, nothing to reassign
    current = list(inspection.assignments.order_by("rank").values_list("officer_id", flat=True))
    try:
        officers = lib.assign_one(
            committed_entry(draw, target.credit_code),
            lib.parse_pool(read_blob(draw.pool_hash)),
            committed_per_target(draw),
            bytes.fromhex(draw.seed),
            _exclusions(draw.task),
            committed_previous(draw),
        )
    except lib.Unassignable as exc:
        raise DomainError(
            f"回避后{target.name}已无足够的有资格检查人员（需要 {exc.needed} 名，只有 {exc.found} 名），"
            "未登记本次回避；请联系负责人处理该户的检查"
        ) from None
    if officers == current:
        return
    if inspection.status != Inspection.Status.ASSIGNED:
        raise DomainError(f"对{target.name}的检查已经实施，不能再更换检查人员")
    inspection.assignments.all().delete()
    InspectionOfficer.objects.bulk_create(
        [InspectionOfficer(inspection=inspection, officer_id=o, rank=rank) for rank, o in enumerate(officers)]
    )
    record(
        event_type="inspection.reassigned",
        subject=inspection,
        agency_id=inspection.agency_id,
        actor=actor,
        payload={
            "code": inspection.code,
            "credit_code": target.credit_code,
            "officers": officers,
            "previous_officers": current,
        },
    )


def exclusion_triples(task: InspectionTask) -> list[tuple[int, str, bool]]:
    """The recusal pairs as published: (officer id, credit code, after_draw)."""
    rows: Iterable[tuple[int, str, bool]] = Recusal.objects.filter(task=task).values_list(
        "officer_id", "target__credit_code", "after_draw"
    )
    return sorted((int(o), str(c), bool(a)) for o, c, a in rows)
