"""Benchmark the whole-process record: record() throughput, sequencer latency, proofs at scale.

Run from the repository root against a FRESH database (it refuses a database that already holds journal
entries unless --force, so that nobody benches on real data; everything it writes is append-only and
cannot be removed, so drop the scratch database afterwards):

    export ZHIFA_VAR_DIR=$(mktemp -d /tmp/bench-XXXX)            # SQLite under this dir
    # or PostgreSQL:  psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE zhifa_bench"
    #                 export ZHIFA_DATABASE_URL=postgres://postgres@127.0.0.1:5432/zhifa_bench
    .venv/bin/python bench/bench_journal.py --migrate record  [--n 20000]
    .venv/bin/python bench/bench_journal.py --migrate latency [--rate 200 --duration 30]
    .venv/bin/python bench/bench_journal.py --migrate proof   [--entries 1000000]
    .venv/bin/python bench/bench_journal.py --migrate all     # the three above, in that order, one DB

Prints one JSON object per line on stdout (progress goes to stderr). Each line has "bench" and "db".

record   record() in one process: (a) one transaction per record, as a service does; (b) 100 records per
         transaction. Target >= 2000 entries/s.
latency  `zhifa sequencer` runs in a separate process (no shared GIL) while this process records at a
         steady rate, one transaction per entry, paced with time.monotonic(). Latency of an entry =
         signed_at of the first SignedCheckpoint with size > its leaf index, minus its recorded_at.
         Target p95 <= 1 s at 200 entries/s. --prefill-recent 60000 first adds and integrates the
         entries a sequencer running at 200/s wrote in the last 300 s: the steady state that the former
         low-watermark scheme re-read on every poll (kept to show the queue does not care).
proof    bulk-fills the journal to --entries rows with realistic payloads (bulk_create, bypassing
         record(); recorded_at spread over the past year), integrates them with
         sequencer.integrate_batch() in large batches, then times proofs.inclusion_proof() at the latest
         checkpoint, proofs.consistency_proof() between random checkpoints (every proof is checked
         against the signed roots), and a full verify.verify(). Target <= 5 ms per inclusion proof.
         On PostgreSQL it ANALYZEs the journal tables after the bulk load, as autovacuum would.

Lines whose name ends in _diagnostic are not product figures: they vary one thing (PostgreSQL's
synchronous_commit; reading a proof's nodes in one query) to show where the time goes.

--profile wraps each measurement in cProfile and prints its top functions as a JSON line.
"""

from __future__ import annotations

import argparse
import bisect
import contextlib
import functools
import itertools
import os
import platform
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import _common
from _common import count_queries, describe_db

_common.bootstrap()

OUT = _common.Output("bench_journal")
emit, progress = OUT.emit, OUT.progress
summary = functools.partial(_common.summary, digits=3, percentiles=(50, 95, 99))
RECENT_WINDOW_S = 300  # "recent" for --prefill-recent and the fill report: 200/s x 300 s = 60,000 entries


# --------------------------------------------------------------------------- output


@contextlib.contextmanager
def maybe_profile(enabled: bool, label: str, top: int = 15) -> Iterator[None]:
    def report(rows: list[_common.ProfileRow]) -> None:
        named = [(tt, ct, nc, f"{Path(func[0]).name}:{func[1]}({func[2]})") for tt, ct, nc, func in rows]
        by_tottime = sorted(named, reverse=True)[:top]
        by_cumtime = sorted(named, key=lambda r: r[1], reverse=True)[:top]
        emit(
            "profile",
            of=label,
            top_tottime=[{"fn": f, "tottime_s": round(t, 3), "calls": n} for t, _c, n, f in by_tottime],
            top_cumtime=[{"fn": f, "cumtime_s": round(c, 3), "calls": n} for _t, c, n, f in by_cumtime],
        )

    with _common.maybe_profile(enabled, report):
        yield


# --------------------------------------------------------------------------- realistic content

AGENCIES = list(range(1, 41))
NAMES = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄勇", "周杰", "吴婷", "徐强", "孙丽"]
PLACES = [
    "江北市江北区人民路118号",
    "江北市临江区滨江大道66号某某商贸有限公司",
    "江北市高新区科技园三期B座",
    "江北市东湖镇农贸市场",
    "",
]
TOPICS = ["《行政处罚法》专题培训", "行政执法证件管理规定解读", "执法全过程记录规范", "食品安全抽检实务"]
FACTS = (
    "经现场检查，当事人在其经营场所内销售的预包装食品中，有{n}批次标签标注的生产日期与实际不符，"
    "涉嫌违反《中华人民共和国食品安全法》第七十一条第一款的规定。执法人员当场制作现场笔录，"
    "对涉案物品拍照取证并依法予以先行登记保存，当事人对检查结果无异议并签字确认。"
)


def _sha256_hex(rng: random.Random) -> str:
    return f"{rng.getrandbits(256):064x}"


def realistic_fields(rng: random.Random, i: int) -> dict[str, Any]:
    """Keyword arguments for record(): a mix of the event types services actually write."""
    agency = rng.choice(AGENCIES)
    actor = SimpleNamespace(
        pk=rng.randrange(1, 5000), display_name=rng.choice(NAMES), username=f"officer{rng.randrange(5000)}"
    )
    kind = i % 5
    attachments: list[Any] = []
    if kind == 0:
        event, subject = "certificate.issue", f"personnel.certificate:{rng.randrange(1, 10**6)}"
        payload: dict[str, Any] = {
            "number": f"JB{2026}{rng.randrange(10**8):08d}",
            "officer_id": rng.randrange(1, 10**5),
            "reason": "新任执法人员首次申领执法证件",
            "from_status": "",
            "to_status": "valid",
            "valid_until": date(2031, 1 + rng.randrange(12), 1 + rng.randrange(28)),
        }
    elif kind == 1:
        event, subject = "officer.training_recorded", f"personnel.officer:{rng.randrange(1, 10**5)}"
        payload = {
            "date": date(2026, 1 + rng.randrange(12), 1 + rng.randrange(28)),
            "hours": Decimal(rng.choice(["2", "4.5", "8", "16"])),
            "topic": rng.choice(TOPICS),
            "provider": "江北市司法局",
        }
    elif kind == 2:
        event, subject = "case.report", f"cases.case:{rng.randrange(1, 10**6)}"
        payload = {
            "case_number": f"江北市监立〔2026〕{rng.randrange(1, 9999)}号",
            "party": "江北市某某商贸有限公司",
            "facts": FACTS.format(n=rng.randrange(1, 20)),
            "legal_basis": ["中华人民共和国食品安全法第七十一条", "中华人民共和国行政处罚法第五十五条"],
            "officers": [rng.randrange(1, 10**5), rng.randrange(1, 10**5)],
        }
        from zhifa.journal.services import Attachment

        attachments = [
            Attachment(sha256=_sha256_hex(rng), name="现场笔录.pdf", size=rng.randrange(10**4, 10**6)),
            Attachment(sha256=_sha256_hex(rng), name="现场照片.jpg", size=rng.randrange(10**5, 5 * 10**6)),
        ]
    elif kind == 3:
        event, subject = "officer.assessed", f"personnel.officer:{rng.randrange(1, 10**5)}"
        payload = {"year": 2025, "grade": rng.choice(["优秀", "合格", "基本合格"])}
    else:
        event, subject = "catalog.item_created", f"catalog.item:{rng.randrange(1, 10**5)}"
        payload = {
            "code": f"330{rng.randrange(10**6):06d}",
            "name": "对未按规定公示行政执法信息的处罚",
            "basis": "江北市行政执法公示办法第十二条",
            "version": rng.randrange(1, 9),
        }
    return {
        "event_type": event,
        "subject": subject,
        "agency_id": agency,
        "actor": actor,
        "payload": payload,
        "place": rng.choice(PLACES),
        "attachments": attachments,
    }


# --------------------------------------------------------------------------- setup and safety


def setup(args: argparse.Namespace) -> None:
    _common.django_setup(OUT, migrate=args.migrate)
    from zhifa.journal import events

    events.allow_namespace("bench", "基准测试")  # the sequencer probe's `bench.probe`
    from django.db.utils import DatabaseError

    from zhifa.journal.models import JournalEntry

    try:
        existing = JournalEntry.objects.count()
    except DatabaseError as exc:
        OUT.refuse(f"cannot read the journal ({exc}); migrate first or pass --migrate")
    _common.refuse_unless_scratch(
        OUT,
        f"{existing} journal entries" if existing else "",
        force=args.force,
        why=" The bench writes append-only rows that cannot be removed.",
    )


def environment(args: argparse.Namespace) -> None:
    import django
    from django.conf import settings
    from django.db import connection

    mem_total = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_total = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    cpu = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SHOW server_version")
            server = cur.fetchone()[0]
            for name in ("synchronous_commit", "autovacuum", "shared_buffers"):
                cur.execute(f"SHOW {name}")
                server += f" {name}={cur.fetchone()[0]}"
        else:
            cur.execute("select sqlite_version()")
            server = "sqlite " + cur.fetchone()[0]
            cur.execute("PRAGMA journal_mode")
            server += f" journal_mode={cur.fetchone()[0]}"
    emit(
        "environment",
        database=describe_db(),
        server=server,
        cpus=os.cpu_count(),
        cpu_model=cpu,
        mem_total=mem_total,
        python=platform.python_version(),
        django=django.get_version(),
        checkpoint_every_entries=settings.ZHIFA_CHECKPOINT_EVERY_ENTRIES,
        checkpoint_every_seconds=settings.ZHIFA_CHECKPOINT_EVERY_SECONDS,
        sequencer_batch=settings.ZHIFA_SEQUENCER_BATCH,
        sequencer_poll_seconds=settings.ZHIFA_SEQUENCER_POLL_SECONDS,
        journal_hash=settings.ZHIFA_JOURNAL_HASH,
        argv=sys.argv[1:],
    )


# --------------------------------------------------------------------------- 1. record


def bench_record(args: argparse.Namespace) -> None:
    from django.db import connection, transaction

    from zhifa.journal.services import record

    rng = random.Random(args.seed)
    n = args.n
    # Content is prepared up front: the figure is record() plus the commit, not payload building.
    with transaction.atomic():  # warm-up (connection, statement caches); not counted
        for i in range(50):
            record(**realistic_fields(rng, i))

    fields = [realistic_fields(rng, i) for i in range(n)]
    per_call: list[float] = []
    with maybe_profile(args.profile, "record_one_per_transaction"):
        t0 = time.perf_counter()
        for kw in fields:
            t = time.perf_counter()
            with transaction.atomic():
                record(**kw)
            per_call.append((time.perf_counter() - t) * 1000.0)
        elapsed = time.perf_counter() - t0
    emit(
        "record_one_per_transaction",
        entries=n,
        seconds=round(elapsed, 3),
        entries_per_s=round(n / elapsed),
        target_entries_per_s=2000,
        meets_target=n / elapsed >= 2000,
        **summary(per_call, "txn_"),
    )

    if connection.vendor == "postgresql":
        # Diagnostic only (not a product setting): the same loop with the commit's WAL flush made
        # asynchronous for this session, to separate the server's commit cost from record()'s own.
        m = max(1, n // 4)
        fields = [realistic_fields(rng, i) for i in range(m)]
        with connection.cursor() as cur:
            cur.execute("SET synchronous_commit TO off")
        try:
            t0 = time.perf_counter()
            for kw in fields:
                with transaction.atomic():
                    record(**kw)
            elapsed = time.perf_counter() - t0
        finally:
            with connection.cursor() as cur:
                cur.execute("RESET synchronous_commit")
        emit(
            "record_one_per_transaction_async_commit_diagnostic",
            entries=m,
            seconds=round(elapsed, 3),
            entries_per_s=round(m / elapsed),
            note="session SET synchronous_commit=off; shows how much of (a) is waiting for WAL flush",
        )

    marginal_record(rng, n)

    fields = [realistic_fields(rng, i) for i in range(n)]
    per_txn = 100
    with maybe_profile(args.profile, "record_100_per_transaction"):
        t0 = time.perf_counter()
        for start in range(0, n, per_txn):
            with transaction.atomic():
                for kw in fields[start : start + per_txn]:
                    record(**kw)
        elapsed = time.perf_counter() - t0
    emit(
        "record_100_per_transaction",
        entries=n,
        per_transaction=per_txn,
        seconds=round(elapsed, 3),
        entries_per_s=round(n / elapsed),
        target_entries_per_s=2000,
        meets_target=n / elapsed >= 2000,
    )


def marginal_record(rng: random.Random, n: int) -> None:
    """What record() adds to a service's own transaction. A service changes its state and records the
    change in one transaction; its BEGIN, its UPDATE and the COMMIT's WAL flush are paid whether or not
    it journals. Interleaved blocks of the same transaction without and with record() (an UPDATE of a
    one-row scratch table stands for the state change) give record()'s own cost per entry, and from it
    how many entries per second record() can add to services, which is what the ≥ 2000/s target asks of
    record() itself. The one-per-transaction line above is that cost plus a whole transaction."""
    from django.db import connection, transaction

    from zhifa.journal.services import record

    with connection.cursor() as cur:
        # A logged table, like the services' own: a temporary one writes no WAL, so its commit would
        # not wait for a flush and the difference would charge the flush to record().
        cur.execute("CREATE TABLE bench_state (id integer PRIMARY KEY, n integer NOT NULL)")
        cur.execute("INSERT INTO bench_state (id, n) VALUES (1, 0)")
    update = "UPDATE bench_state SET n = n + 1 WHERE id = 1"
    fields = [realistic_fields(rng, i) for i in range(n)]
    block = 500
    without_s = with_s = 0.0
    done = 0
    for start in range(0, n, block):
        chunk = fields[start : start + block]
        t = time.perf_counter()
        for _ in chunk:
            with transaction.atomic(), connection.cursor() as cur:
                cur.execute(update)
        without_s += time.perf_counter() - t
        t = time.perf_counter()
        for kw in chunk:
            with transaction.atomic():
                with connection.cursor() as cur:
                    cur.execute(update)
                record(**kw)
        with_s += time.perf_counter() - t
        done += len(chunk)
    with connection.cursor() as cur:
        cur.execute("DROP TABLE bench_state")
    added_ms = (with_s - without_s) / done * 1000.0
    emit(
        "record_marginal_in_service_transaction",
        entries=done,
        service_txn_ms=round(without_s / done * 1000.0, 3),
        service_txn_with_record_ms=round(with_s / done * 1000.0, 3),
        record_added_ms=round(added_ms, 3),
        record_entries_per_s=round(1000.0 / added_ms) if added_ms > 0 else None,
        target_entries_per_s=2000,
        meets_target=added_ms > 0 and 1000.0 / added_ms >= 2000,
    )


# --------------------------------------------------------------------------- 2. latency


def drain_backlog(limit: int = 20000) -> tuple[int, float]:
    """Integrate whatever is pending (in this process) and sign a checkpoint over it."""
    from zhifa.journal.sequencer import integrate_batch

    t0 = time.perf_counter()
    total = 0
    while True:
        result = integrate_batch(limit=limit, force_checkpoint=True)
        total += result.integrated
        if result.integrated == 0:
            return total, time.perf_counter() - t0


def sequencer_command() -> list[str]:
    exe = Path(sys.executable).parent / "zhifa"
    if exe.exists():
        return [str(exe), "sequencer"]
    return [sys.executable, "-c", "from zhifa.cli import main; raise SystemExit(main())", "sequencer"]


def covered_by_checkpoint(entry_id: int, timeout: float) -> bool:
    from zhifa.journal.models import SignedCheckpoint, TreeLeaf

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        index = TreeLeaf.objects.filter(entry_id=entry_id).values_list("index", flat=True).first()
        if index is not None and SignedCheckpoint.objects.filter(size__gt=index).exists():
            return True
        time.sleep(0.05)
    return False


def stop_process(proc: subprocess.Popen[bytes]) -> int:
    for sig, wait in ((signal.SIGINT, 10), (signal.SIGTERM, 5)):
        if proc.poll() is not None:
            break
        proc.send_signal(sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(wait)
    if proc.poll() is None:
        proc.kill()
        proc.wait()
    return proc.returncode


def bench_latency(args: argparse.Namespace) -> None:
    from django.db import transaction
    from django.utils import timezone

    from zhifa.journal.models import JournalEntry, SignedCheckpoint, TreeLeaf, TreeState
    from zhifa.journal.services import record

    rng = random.Random(args.seed + 1)
    lag = timedelta(seconds=RECENT_WINDOW_S)
    if args.prefill_recent:
        # Steady state: entries recorded within the last 300 s, integrated before the run starts (the
        # former low-watermark scheme re-read all of them on every poll).
        span = max(1.0, lag.total_seconds() - args.duration - 60)
        step = timedelta(seconds=span) / args.prefill_recent
        progress(f"inserting {args.prefill_recent} entries recorded within the last {span:.0f}s")
        bulk_insert(args.prefill_recent, rng, timezone.now() - step * args.prefill_recent, step)
    backlog, backlog_s = drain_backlog()
    tree_size = TreeState.objects.filter(pk=1).values_list("size", flat=True).first() or 0
    recent = JournalEntry.objects.filter(recorded_at__gte=timezone.now() - lag).count()
    if backlog:
        progress(f"integrated a backlog of {backlog} entries in {backlog_s:.1f}s before starting")

    log = tempfile.NamedTemporaryFile(prefix="bench-sequencer-", suffix=".log", delete=False)  # noqa: SIM115
    cmd = sequencer_command()
    proc = subprocess.Popen(
        cmd,
        stdout=log,
        stderr=subprocess.STDOUT,
        env=os.environ.copy(),
        # A shell's background job inherits SIGINT ignored; give the sequencer Ctrl+C back so that
        # stop_process() can end it the way an operator would.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    progress(f"started `{' '.join(cmd)}` as pid {proc.pid} (log {log.name})")
    try:
        # Wait until the sequencer process is live: a probe entry gets into a signed checkpoint.
        with transaction.atomic():
            probe = record(event_type="bench.probe", subject="bench:probe", agency_id=None)
        if not covered_by_checkpoint(probe.pk, timeout=60):
            raise SystemExit("bench_journal: the sequencer process did not sign a checkpoint within 60 s")

        rate, duration = args.rate, args.duration
        count = int(rate * duration)
        fields = [realistic_fields(rng, i) for i in range(count)]
        ids: list[int] = []
        call_ms: list[float] = []
        behind_max = 0.0
        progress(f"recording {count} entries at {rate}/s for {duration}s")
        with maybe_profile(args.profile, "latency_producer"):
            start = time.monotonic()
            for i, kw in enumerate(fields):
                due = start + i / rate
                now = time.monotonic()
                if due > now:
                    time.sleep(due - now)
                else:
                    behind_max = max(behind_max, now - due)
                t = time.perf_counter()
                with transaction.atomic():
                    ids.append(record(**kw).pk)
                call_ms.append((time.perf_counter() - t) * 1000.0)
            produced_s = time.monotonic() - start
        drained = covered_by_checkpoint(ids[-1], timeout=120)
    finally:
        rc = stop_process(proc)
        log.close()
    log_text = Path(log.name).read_text(errors="replace")
    batch_failures = log_text.count("sequencer batch failed")

    leaf_of = dict(
        TreeLeaf.objects.filter(entry_id__gte=ids[0], entry_id__lte=ids[-1]).values_list("entry_id", "index")
    )
    recorded = dict(
        JournalEntry.objects.filter(id__gte=ids[0], id__lte=ids[-1]).values_list("id", "recorded_at")
    )
    cps = list(SignedCheckpoint.objects.order_by("size").values_list("size", "signed_at"))
    sizes = [s for s, _ in cps]
    latencies: list[float] = []
    missing = 0
    for entry_id in ids:
        index = leaf_of.get(entry_id)
        pos = bisect.bisect_right(sizes, index) if index is not None else len(sizes)
        if pos == len(sizes):
            missing += 1
            continue
        latencies.append((cps[pos][1] - recorded[entry_id]).total_seconds() * 1000.0)
    window_cps = [
        at for s, at in cps if s > (leaf_of.get(ids[0]) or 0) and s <= (leaf_of.get(ids[-1]) or 0) + 1
    ]
    gaps = sorted((b - a).total_seconds() * 1000.0 for a, b in itertools.pairwise(window_cps))
    lat = summary(latencies)
    emit(
        "integration_latency",
        entries=len(ids),
        tree_size_at_start=tree_size,
        target_rate_per_s=rate,
        achieved_rate_per_s=round(len(ids) / produced_s, 1),
        producer_max_behind_ms=round(behind_max * 1000.0, 1),
        seconds=round(produced_s, 2),
        latency_p50_s=round(lat["p50_ms"] / 1000, 3),
        latency_p95_s=round(lat["p95_ms"] / 1000, 3),
        latency_p99_s=round(lat["p99_ms"] / 1000, 3),
        latency_max_s=round(lat["max_ms"] / 1000, 3),
        latency_mean_s=round(lat["mean_ms"] / 1000, 3),
        target_p95_s=1.0,
        meets_target=lat["p95_ms"] <= 1000.0,
        not_covered=missing,
        all_covered=drained and missing == 0,
        checkpoints_in_window=len(window_cps),
        **summary(gaps, "checkpoint_gap_"),
        **summary(call_ms, "record_txn_"),
        entries_recorded_within_lag_before_start=recent,
        prefilled_recent=args.prefill_recent,
        backlog_integrated_before=backlog,
        sequencer_exit=rc,
        sequencer_batch_failures=batch_failures,
        sequencer_log=log.name,
    )


# --------------------------------------------------------------------------- 3. proof


def bulk_insert(count: int, rng: random.Random, first: datetime, step: timedelta, chunk: int = 10000) -> None:
    """Insert `count` realistic journal rows directly (bulk_create, bypassing record()), oldest first:
    row i is recorded at first + i*step."""
    from django.db import transaction

    from zhifa.journal.canonical import canonical_json
    from zhifa.journal.models import JournalEntry

    done = 0
    while done < count:
        rows = []
        for i in range(done, min(count, done + chunk)):
            kw = realistic_fields(rng, i)
            at: datetime = first + step * i
            actor = kw["actor"]
            rows.append(
                JournalEntry(
                    event_type=kw["event_type"],
                    subject=kw["subject"],
                    agency_id=kw["agency_id"],
                    actor_id=actor.pk,
                    actor_label=actor.display_name,
                    occurred_at=at - timedelta(minutes=rng.randrange(0, 600)),
                    recorded_at=at,
                    place=kw["place"],
                    payload=canonical_json(kw["payload"]),
                    attachments=canonical_json([a.as_dict() for a in kw["attachments"]]),
                )
            )
        with transaction.atomic():
            JournalEntry.objects.bulk_create(rows, batch_size=2000)
        done += len(rows)
        if done % 100000 < chunk:
            progress(f"inserted {done}/{count}")


def fill(total: int, rng: random.Random) -> tuple[int, float]:
    """Insert journal rows directly until the journal holds `total` entries."""
    from django.utils import timezone

    from zhifa.journal.models import JournalEntry

    todo = total - JournalEntry.objects.count()
    if todo <= 0:
        return 0, 0.0
    # Spread over the past year, oldest first, all older than the sequencer's lag, as a journal that
    # has been running a while would be.
    step = timedelta(days=365) / todo
    first = timezone.now() - timedelta(hours=1) - step * todo
    t0 = time.perf_counter()
    bulk_insert(todo, rng, first, step)
    return todo, time.perf_counter() - t0


def bench_proof(args: argparse.Namespace) -> None:
    from django.db import connection
    from django.utils import timezone

    from zhifa.journal import proofs, verify
    from zhifa.journal.models import JournalEntry, SignedCheckpoint, TreeNode
    from zhifa.journal.sequencer import integrate_batch
    from zhifa.lib import merkle

    rng = random.Random(args.seed + 2)
    added, fill_s = fill(args.entries, rng)
    lag = timedelta(seconds=RECENT_WINDOW_S)
    within_lag = JournalEntry.objects.filter(recorded_at__gte=timezone.now() - lag).count()
    if added:
        emit(
            "fill_bulk_create",
            entries=added,
            seconds=round(fill_s, 1),
            entries_per_s=round(added / fill_s),
            note="JournalEntry rows inserted with bulk_create, bypassing record(); recorded_at spread "
            "over the past year",
        )

    progress(f"integrating with integrate_batch(limit={args.batch})")
    integrated = 0
    batches = 0
    batch_s: list[float] = []
    with maybe_profile(args.profile, "integrate_batch"):
        t0 = time.perf_counter()
        while True:
            t = time.perf_counter()
            result = integrate_batch(limit=args.batch)
            batch_s.append(time.perf_counter() - t)
            integrated += result.integrated
            if result.integrated == 0:
                break
            batches += 1
            if batches % 10 == 0:
                progress(f"integrated {integrated} (tree size {result.size}, last batch {batch_s[-1]:.2f}s)")
        integrate_batch(limit=args.batch, force_checkpoint=True)
        elapsed = time.perf_counter() - t0
    if integrated:
        emit(
            "integrate_batch",
            entries=integrated,
            batch_limit=args.batch,
            batches=batches,
            seconds=round(elapsed, 1),
            entries_per_s=round(integrated / elapsed),
            first_batch_s=round(batch_s[0], 3),
            last_full_batch_s=round(batch_s[max(0, batches - 1)], 3),
            entries_within_lag_at_start=within_lag,
            tree_nodes=TreeNode.objects.count(),
        )

    if connection.vendor == "postgresql":
        # What autovacuum does after a bulk load (this bench's fill is faster than autovacuum reacts,
        # and some servers run with it off): without statistics the planner picks sequential scans.
        with connection.cursor() as cur:
            cur.execute("ANALYZE journal_journalentry, journal_treeleaf, journal_treenode")

    cps = list(SignedCheckpoint.objects.order_by("size").values_list("size", "root_hash"))
    size, root = cps[-1][0], bytes(cps[-1][1])
    algo = proofs.tree_algorithm()

    indexes = [rng.randrange(size) for _ in range(args.proofs)]
    proofs.inclusion_proof(leaf_index=indexes[0], size=size)  # warm-up
    timings: list[float] = []
    made: list[list[bytes]] = []
    with maybe_profile(args.profile, "inclusion_proof"):
        for i in indexes:
            t = time.perf_counter()
            made.append(proofs.inclusion_proof(leaf_index=i, size=size))
            timings.append((time.perf_counter() - t) * 1000.0)
    for i, proof in zip(indexes[:200], made[:200], strict=True):  # sanity: they verify
        leaf = bytes(TreeNode.objects.get(level=0, index=i).hash)
        merkle.verify_inclusion(leaf, i, size, proof, root, algo)
    queries = count_queries(lambda: proofs.inclusion_proof(leaf_index=indexes[0], size=size))
    s = summary(timings)
    emit(
        "inclusion_proof",
        tree_size=size,
        proofs=len(timings),
        **s,
        target_ms=5.0,
        meets_target=s["p95_ms"] <= 5.0,
        queries_per_proof=queries,
        nodes_per_proof=len(merkle.inclusion_proof_nodes(indexes[0], size)),
        verified=min(200, len(made)),
    )
    inclusion_one_query_diagnostic(indexes, size, algo)

    roots = {sz: bytes(r) for sz, r in cps}
    sizes = [sz for sz, _ in cps]
    if len(sizes) >= 2:
        pairs = []
        for _ in range(args.proofs):
            a, b = sorted(rng.sample(sizes, 2))
            pairs.append((a, b))
        timings = []
        made = []
        with maybe_profile(args.profile, "consistency_proof"):
            for a, b in pairs:
                t = time.perf_counter()
                made.append(proofs.consistency_proof(old_size=a, new_size=b))
                timings.append((time.perf_counter() - t) * 1000.0)
        for (a, b), proof in zip(pairs, made, strict=True):
            merkle.verify_consistency(a, b, roots[a], roots[b], proof, algo)
        queries = count_queries(lambda: proofs.consistency_proof(old_size=pairs[0][0], new_size=pairs[0][1]))
        emit(
            "consistency_proof",
            checkpoints=len(sizes),
            max_size=size,
            proofs=len(timings),
            **summary(timings),
            queries_per_proof=queries,
            verified=len(made),
        )

    if not args.skip_verify:
        progress(f"verify() over {size} entries")
        with maybe_profile(args.profile, "verify"):
            t0 = time.perf_counter()
            report = verify.verify()
            elapsed = time.perf_counter() - t0
        emit(
            "verify",
            entries=report.size,
            checkpoints=report.checkpoints,
            ok=report.ok,
            divergence=report.divergence.message if report.divergence else None,
            seconds=round(elapsed, 1),
            entries_per_s=round(report.size / elapsed),
        )


def inclusion_one_query_diagnostic(indexes: list[int], size: int, algo: str) -> None:
    """Diagnostic, not product code: the same proofs with all their nodes read in ONE query, timed
    alternately with proofs.inclusion_proof() so that both see the same machine load. The gap is what
    reading the nodes one query per tree level costs."""
    import functools
    import operator

    from django.db.models import Q

    from zhifa.journal import proofs
    from zhifa.journal.models import TreeNode
    from zhifa.lib import merkle

    def one_query(index: int) -> list[bytes]:
        positions = merkle.inclusion_proof_nodes(index, size)
        where = functools.reduce(operator.or_, (Q(level=lvl, index=idx) for lvl, idx in positions))
        found = {
            (lvl, idx): bytes(h)
            for lvl, idx, h in TreeNode.objects.filter(where).values_list("level", "index", "hash")
        }
        return merkle.inclusion_proof(index, size, lambda lvl, idx: found[(lvl, idx)], algo)

    product: list[float] = []
    batched: list[float] = []
    for index in indexes:
        t = time.perf_counter()
        expected = proofs.inclusion_proof(leaf_index=index, size=size)
        product.append((time.perf_counter() - t) * 1000.0)
        t = time.perf_counter()
        got = one_query(index)
        batched.append((time.perf_counter() - t) * 1000.0)
        if got != expected:
            raise AssertionError(f"one-query proof differs for leaf {index}")
    emit(
        "inclusion_proof_one_query_diagnostic",
        tree_size=size,
        proofs=len(indexes),
        **summary(product, "product_"),
        **summary(batched, "one_query_"),
        note="interleaved: proofs.inclusion_proof (one query per tree level) vs the same nodes in one query",
    )


# --------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--force", action="store_true", help="run even if the journal already has entries")
    parser.add_argument("--migrate", action="store_true", help="migrate the database first")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", action="store_true", help="cProfile each measurement, print the top")
    sub = parser.add_subparsers(dest="command", required=True)

    def record_opts(p: argparse.ArgumentParser) -> None:
        p.add_argument("--n", type=int, default=20000, help="records per variant (default 20000)")

    def latency_opts(p: argparse.ArgumentParser) -> None:
        p.add_argument("--rate", type=float, default=200.0, help="entries per second (default 200)")
        p.add_argument("--duration", type=float, default=30.0, help="seconds of recording (default 30)")
        p.add_argument(
            "--prefill-recent",
            type=int,
            default=0,
            metavar="N",
            help="first insert and integrate N entries recorded within the last 300 s, the steady state "
            "of a sequencer that has run at --rate for 300 s (200/s x 300 s = 60000)",
        )

    def proof_opts(p: argparse.ArgumentParser) -> None:
        p.add_argument("--entries", type=int, default=1_000_000, help="journal size (default 1000000)")
        p.add_argument("--batch", type=int, default=10000, help="integrate_batch limit (default 10000)")
        p.add_argument("--proofs", type=int, default=1000, help="proofs of each kind (default 1000)")
        p.add_argument("--skip-verify", action="store_true", help="skip the full verify() run")

    record_opts(sub.add_parser("record", help="record() throughput"))
    latency_opts(sub.add_parser("latency", help="integration latency with a sequencer process"))
    proof_opts(sub.add_parser("proof", help="bulk fill, integrate, proofs, verify"))
    p_all = sub.add_parser("all", help="record, latency, proof in that order on one database")
    record_opts(p_all)
    latency_opts(p_all)
    proof_opts(p_all)
    args = parser.parse_args(argv)

    setup(args)
    environment(args)
    steps: dict[str, Callable[[argparse.Namespace], None]] = {
        "record": bench_record,
        "latency": bench_latency,
        "proof": bench_proof,
    }
    for name in steps if args.command == "all" else [args.command]:
        progress(f"{name} on {describe_db()}")
        t0 = time.perf_counter()
        steps[name](args)
        progress(f"{name} done in {time.perf_counter() - t0:.0f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
