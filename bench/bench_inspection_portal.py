"""Benchmark the inspections portal (issue 13 part 5): a business's public page at 1,000,000 businesses
and 3,000,000 published results (target p95 <= 50 ms), and the results list.

Run from the repository root against a FRESH database of your own (it refuses one that already holds
businesses it did not fill, unless --force; drop the scratch database afterwards):

    psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE zhifa_bench_inspections"
    export ZHIFA_VAR_DIR=$(mktemp -d /tmp/bench-insp-XXXX)
    URL=postgres://postgres@127.0.0.1:5432/zhifa_bench_inspections
    .venv/bin/python bench/bench_inspection_portal.py --database-url $URL --migrate fill
    .venv/bin/python bench/bench_inspection_portal.py --database-url $URL measure [--requests 2000]
    psql -h 127.0.0.1 -U postgres -c "DROP DATABASE zhifa_bench_inspections"

    # SQLite (under ZHIFA_VAR_DIR), at a smaller size:
    .venv/bin/python bench/bench_inspection_portal.py --migrate all --businesses 100000 --results 300000

(`--database-url` sets ZHIFA_DATABASE_URL for this process and the servers it starts.)

Prints one JSON object per line on stdout (progress on stderr); each has "bench", "db" and "load1" (the
1-minute load average while it was measured: this is a shared 2-core machine).

fill     --businesses directory rows (70% enterprises, 25% individual businesses with a legal
         representative, a contact and an address, 5% cooperatives, over ten counties), --agencies
         agencies (each with a random-inspection task, one in five joint with two partners), and
         --results inspections each with its published result (plus 1% entered but not yet published),
         spread so that a hot 1% of the businesses (food, say) draws a tenth of all inspections: most
         businesses have 0 to 5, a hot one about 30. Loaded with COPY on PostgreSQL (executemany on
         SQLite) through the tables as migrated — the product's indexes in place — then ANALYZE.
measure  Starts `zhifa serve` (cheroot, --threads) on 127.0.0.1 and GETs, sequentially over one
         keep-alive connection (as bench_portal.py's search does), --requests business pages of random
         businesses, then of the most-inspected ones, their .json, then the results list with each of its
         filters (--list-reps each); then --clients concurrent keep-alive clients on random business
         pages for --duration seconds. p50/p95/max per kind, the queries of one business page in process,
         and on PostgreSQL the plan of its results query (EXPLAIN ANALYZE).
all      fill, then measure.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import platform
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import _common
from _common import ROOT

_common.bootstrap()

OUT = _common.Output("bench_inspection_portal")
emit, progress = OUT.emit, OUT.progress
MARKER = "bench_inspection_portal_filled"
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

COUNTIES = [
    "江北区",
    "临江县",
    "城南区",
    "城东区",
    "开发区",
    "高新区",
    "滨海新区",
    "青山区",
    "西湖区",
    "白云区",
]
DEPARTMENTS = [
    "市场监督管理局",
    "生态环境局",
    "卫生健康委员会",
    "应急管理局",
    "交通运输局",
    "农业农村局",
    "文化和旅游局",
    "住房和城乡建设局",
    "商务局",
    "城市管理局",
]
BRAND = (
    "鑫源恒盛泰丰华达宏福隆昌兴荣祥瑞德顺和康安嘉美佳新金银海天宝通利明辉"
    "龙凤永佰汇诚信益万豪聚鼎创锦绿洲博远腾飞骏驰伟业宇晟"
)
INDUSTRY = [
    "食品",
    "餐饮",
    "商贸",
    "超市",
    "药房",
    "贸易",
    "服装",
    "五金",
    "建材",
    "电器",
    "酒业",
    "水产",
    "粮油",
    "家具",
]
FORMS = ["有限公司", "有限公司", "有限公司", "商行", "经营部", "店", "门市部"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华玉兰萍红建国志文斌辉宇浩鑫鹏飞波"
OUTCOMES = [
    ("no_problem", 80),
    ("corrected", 10),
    ("not_found", 3),
    ("not_at_address", 3),
    ("disclosure", 2),
    ("not_cooperative", 1),
    ("violation", 1),
]


# --------------------------------------------------------------------------- setup


def _today() -> date:
    from django.utils import timezone

    return timezone.localdate()


def setup(args: argparse.Namespace) -> None:
    if args.database_url:
        os.environ["ZHIFA_DATABASE_URL"] = args.database_url
    _common.django_setup(OUT, migrate=args.migrate)
    from django.db import connection

    from zhifa.inspections.models import InspectionTarget

    filled = _filled()
    if args.bench in ("fill", "all"):
        _common.refuse_unless_scratch(
            OUT, "businesses" if InspectionTarget.objects.exists() else "", force=args.force
        )
    elif not filled and not args.force:
        OUT.refuse("refusing to run: this database was not filled by `bench_inspection_portal.py fill`")
    emit(
        "machine",
        python=platform.python_version(),
        cpus=os.cpu_count(),
        database=_common.describe_db(),
        server_version=getattr(connection, "pg_version", None),
    )


def _filled() -> dict[str, int] | None:
    from django.db import connection

    with connection.cursor() as c:
        if MARKER not in connection.introspection.table_names(c):
            return None
        c.execute(f"SELECT businesses, results FROM {MARKER}")
        row = c.fetchone()
    return {"businesses": int(row[0]), "results": int(row[1])} if row else None


# --------------------------------------------------------------------------- fill


def _agencies(count: int) -> list[tuple[int, int]]:
    """`count` agencies over the counties, each with a random-inspection task: [(agency id, task id)];
    one task in five is joint with two partner agencies (综合查一次)."""
    from zhifa.inspections.models import InspectionTask
    from zhifa.organizations.models import Region
    from zhifa.organizations.services import region_create
    from zhifa.testing import make_agency, make_world

    w = make_world()
    regions = [w.county_a, w.county_b]
    for k, county in enumerate(COUNTIES[2:]):
        regions.append(
            Region.objects.filter(name=county).first()
            or region_create(code=f"9901{30 + k:02d}", name=county, level="county", parent=w.city, actor=None)
        )
    agencies = [w.agency_a, w.agency_b]
    serial = 1000
    while len(agencies) < count:
        region = regions[len(agencies) % len(regions)]
        dept = DEPARTMENTS[(len(agencies) // len(regions)) % len(DEPARTMENTS)]
        serial += 1
        agencies.append(make_agency(name=f"江北市{region.name}{dept}{serial}", region=region, serial=serial))
    out = []
    for k, agency in enumerate(agencies[:count]):
        task = InspectionTask.objects.create(
            agency=agency,
            code=f"BENCH-{agency.pk}-RW01",
            name=f"{agency.name}年度随机抽查",
            ratio_percent="5",
            starts_on=_today() - timedelta(days=3 * 365),
            ends_on=_today(),
            status=InspectionTask.Status.DRAWN,
        )
        if k % 5 == 0 and count > 2:
            task.partner_agencies.set([agencies[(k + 1) % count], agencies[(k + 2) % count]])
        out.append((agency.pk, task.pk))
    return out


def _regions() -> list[tuple[int, str, str]]:
    from zhifa.organizations.models import Region

    return list(Region.objects.filter(level="county").values_list("id", "path", "code"))


def _extra_columns(model: Any, columns: Sequence[str]) -> list[tuple[str, Any]]:
    """The model's NOT NULL columns this bench does not write, with their model default as the value,
    so that a column another part of the app adds later does not break the fill (bench_portal.py's
    lesson); a NOT NULL column without a default is named and refused."""
    from django.db import connection
    from django.db.models import NOT_PROVIDED

    out: list[tuple[str, Any]] = []
    for f in model._meta.concrete_fields:
        if f.column in columns or f.null or f.primary_key:
            continue
        if f.default is NOT_PROVIDED and not (
            f.blank and f.get_internal_type() in ("CharField", "TextField")
        ):
            OUT.refuse(
                f"{model.__name__}.{f.name} is NOT NULL with no default: add it to this bench's columns"
            )
        out.append((f.column, f.get_db_prep_save(f.get_default(), connection)))
    return out


def _load(model: Any, columns: list[str], rows: Iterable[tuple[Any, ...]]) -> int:
    """Insert `rows` into the model's table: COPY on PostgreSQL, executemany in batches on SQLite."""
    from django.db import connection, transaction

    extra = _extra_columns(model, columns)
    names = columns + [c for c, _ in extra]
    tail = tuple(v for _, v in extra)
    table = model._meta.db_table
    n = 0
    if connection.vendor == "postgresql":
        with connection.cursor() as c, c.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row + tail)
                n += 1
        return n
    sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('%s' for _ in names)})"
    batch: list[tuple[Any, ...]] = []
    with transaction.atomic(), connection.cursor() as c:
        for row in rows:
            batch.append(row + tail)
            if len(batch) == 20_000:
                c.executemany(sql, batch)
                n += len(batch)
                batch.clear()
        if batch:
            c.executemany(sql, batch)
            n += len(batch)
    return n


def _code(serial: int) -> str:
    """A unique 16-character inspection code (the product draws them at random; unique here by count)."""
    chars = []
    for _ in range(16):
        serial, d = divmod(serial, 32)
        chars.append(CODE_ALPHABET[d])
    return "".join(reversed(chars))


def bench_fill(args: argparse.Namespace) -> None:
    from django.db import connection
    from django.utils import timezone

    from zhifa.inspections.models import Inspection, InspectionResult, InspectionTarget
    from zhifa.lib.identifiers import complete_credit_code

    rng = random.Random(args.seed)
    t0 = time.perf_counter()
    progress(f"{args.agencies} agencies with their tasks")
    agencies = _agencies(args.agencies)
    regions = _regions()
    today = _today()
    now: Any = timezone.now()
    if connection.vendor != "postgresql":
        now = connection.ops.adapt_datetimefield_value(now)  # as Django writes it to SQLite

    with connection.cursor() as c:
        c.execute(f"SELECT COALESCE(MAX(id), 0) FROM {InspectionTarget._meta.db_table}")
        first_target = int(c.fetchone()[0]) + 1
        c.execute(f"SELECT COALESCE(MAX(id), 0) FROM {Inspection._meta.db_table}")
        first_inspection = int(c.fetchone()[0]) + 1

    def targets() -> Iterator[tuple[Any, ...]]:
        for k in range(args.businesses):
            region_id, path, code = regions[k % len(regions)]
            r = rng.random()
            kind, prefix = (
                ("enterprise", "91")
                if r < 0.70
                else ("individual", "92")
                if r < 0.95
                else ("cooperative", "93")
            )
            brand = "".join(rng.sample(BRAND, 2))
            name = f"江北市{brand}{rng.choice(INDUSTRY)}{rng.choice(FORMS)}{k}"
            person = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=2))
            yield (
                first_target + k,
                complete_credit_code(f"{prefix}{code[:6]}{k:08d}"),
                name,
                kind,
                rng.choice(["食品销售", "餐饮服务", "批发零售", "制造业", ""]),
                region_id,
                path,
                f"{rng.choice(COUNTIES)}{rng.randint(1, 999)}号",
                person,
                f"13{rng.randrange(10**9):09d}",
                rng.choice(["", "A", "B", "B", "C", "D"]),
                "",
                True,
            )
            if (k + 1) % 200_000 == 0:
                progress(f"  {k + 1} businesses ({time.perf_counter() - t0:.0f} s)")

    progress(f"{args.businesses} businesses")
    t = time.perf_counter()
    _load(
        InspectionTarget,
        [
            "id",
            "credit_code",
            "name",
            "kind",
            "sector",
            "region_id",
            "region_path",
            "address",
            "legal_representative",
            "contact",
            "credit_class",
            "tags",
            "active",
        ],
        targets(),
    )
    targets_s = time.perf_counter() - t

    hot = max(1, args.businesses // 100)
    unpublished = args.results // 100
    total = args.results + unpublished
    outcome_names = [o for o, _ in OUTCOMES]
    outcome_weights = [w for _, w in OUTCOMES]
    plan: list[tuple[int, int, date, str]] = []  # (target offset, agency index, inspected_on, outcome)
    for _ in range(total):
        target = rng.randrange(hot) if rng.random() < 0.1 else rng.randrange(args.businesses)
        plan.append(
            (
                target,
                rng.randrange(len(agencies)),
                today - timedelta(days=int(rng.random() * 3 * 365) + 25),
                rng.choices(outcome_names, outcome_weights)[0],
            )
        )

    def inspections() -> Iterator[tuple[Any, ...]]:
        for k, (target, agency, day, _outcome) in enumerate(plan):
            agency_id, task_id = agencies[agency]
            random_kind = rng.random() < 0.6
            yield (
                first_inspection + k,
                task_id if random_kind else None,
                agency_id,
                first_target + target,
                "random" if random_kind else rng.choice(["routine", "special", "case"]),
                _code(first_inspection + k),
                "published" if k < args.results else "result_entered",
                day,
                day + timedelta(days=28),
                now,
            )
            if (k + 1) % 500_000 == 0:
                progress(f"  {k + 1} inspections ({time.perf_counter() - t0:.0f} s)")

    progress(f"{total} inspections")
    t = time.perf_counter()
    _load(
        Inspection,
        [
            "id",
            "task_id",
            "agency_id",
            "target_id",
            "kind",
            "code",
            "status",
            "inspected_on",
            "result_due",
            "created_at",
        ],
        inspections(),
    )
    inspections_s = time.perf_counter() - t

    def results() -> Iterator[tuple[Any, ...]]:
        for k, (_target, _agency, day, outcome) in enumerate(plan):
            yield (
                first_inspection + k,
                outcome,
                "",
                day + timedelta(days=rng.randint(1, 10)),
                day + timedelta(days=rng.randint(11, 20)) if k < args.results else None,
                "",
            )
            if (k + 1) % 500_000 == 0:
                progress(f"  {k + 1} results ({time.perf_counter() - t0:.0f} s)")

    progress(f"{total} results ({unpublished} of them not yet published)")
    t = time.perf_counter()
    _load(
        InspectionResult,
        ["inspection_id", "outcome", "findings", "entered_on", "published_on", "case_number"],
        results(),
    )
    results_s = time.perf_counter() - t

    t = time.perf_counter()
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            for model in (InspectionTarget, Inspection):
                table = model._meta.db_table
                c.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
                )
            progress("VACUUM ANALYZE")
            for model in (InspectionTarget, Inspection, InspectionResult):
                c.execute(f"VACUUM ANALYZE {model._meta.db_table}")
        else:
            c.execute("ANALYZE")
        c.execute(f"CREATE TABLE {MARKER} (businesses bigint, results bigint)")
        c.execute(f"INSERT INTO {MARKER} VALUES (%s, %s)", [args.businesses, args.results])
    emit(
        "fill",
        businesses=args.businesses,
        results=args.results,
        unpublished=unpublished,
        agencies=args.agencies,
        businesses_s=round(targets_s, 1),
        inspections_s=round(inspections_s, 1),
        results_s=round(results_s, 1),
        analyze_s=round(time.perf_counter() - t, 1),
        total_s=round(time.perf_counter() - t0, 1),
        **_sizes(),
    )


def _sizes() -> dict[str, str]:
    from django.db import connection

    if connection.vendor != "postgresql":
        return {}
    out = {}
    with connection.cursor() as c:
        for table in (
            "inspections_inspectiontarget",
            "inspections_inspection",
            "inspections_inspectionresult",
        ):
            c.execute("SELECT pg_size_pretty(pg_total_relation_size(%s))", [table])
            out[f"{table.removeprefix('inspections_')}_total"] = c.fetchone()[0]
    return out


# --------------------------------------------------------------------------- servers and clients


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def server(threads: int) -> Iterator[int]:
    """`zhifa serve` (cheroot) on 127.0.0.1, with this process's environment, as bench_portal.py starts
    its servers; stopped by its pid."""
    port = _free_port()
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), env.get("PYTHONPATH", "")) if p)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    log = Path(tempfile.mkdtemp(prefix="bench-insp-serve-")) / "serve.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "zhifa.cli",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--threads",
                str(threads),
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"server did not start (see {log})") from None
                time.sleep(0.2)
        progress(f"server on {port} with {threads} thread(s) (log {log})")
        yield port
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


class Http:
    """One keep-alive HTTP/1.1 connection (as bench_portal.py's)."""

    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def get(self, path: str) -> tuple[int, bytes]:
        self.conn.request("GET", path)
        r = self.conn.getresponse()
        return r.status, r.read()

    def timed(self, path: str, expect: int = 200) -> float:
        t = time.perf_counter()
        status, body = self.get(path)
        ms = (time.perf_counter() - t) * 1000
        if status != expect:
            raise RuntimeError(f"GET {path}: {status} {body[:300]!r}")
        return ms


def summary(values_ms: list[float]) -> dict[str, float]:
    return _common.summary(values_ms, count=True, mean=True)


# --------------------------------------------------------------------------- measure


def _samples(n: int, rng: random.Random) -> tuple[list[str], list[str]]:
    """`n` random businesses' credit codes, and 100 of the hot 1% (the first 1% of the fill)."""
    from django.db import connection
    from django.db.models import Max, Min

    from zhifa.inspections.models import Inspection, InspectionTarget

    bounds = InspectionTarget.objects.aggregate(lo=Min("id"), hi=Max("id"))
    lo, hi = int(bounds["lo"]), int(bounds["hi"])
    hot_hi = lo + max(1, (hi - lo + 1) // 100)
    ids = [rng.randint(lo, hi) for _ in range(n)]
    hot_ids = [rng.randrange(lo, hot_hi) for _ in range(min(100, n))]
    by_id = dict(InspectionTarget.objects.filter(pk__in=ids + hot_ids).values_list("id", "credit_code"))
    codes = [by_id[i] for i in ids if i in by_id]
    hot = [by_id[i] for i in hot_ids if i in by_id]
    with connection.cursor() as c:
        c.execute(
            "SELECT COUNT(*) FROM inspections_inspection WHERE target_id >= %s AND target_id < %s "
            "GROUP BY target_id ORDER BY 1 DESC LIMIT 1",
            [lo, hot_hi],
        )
        heaviest = c.fetchone()
    some = ids[:500]
    emit(
        "sample",
        random_businesses=len(codes),
        hot_businesses=len(hot),
        heaviest_business_inspections=heaviest[0] if heaviest else 0,
        mean_inspections_of_random=round(
            Inspection.objects.filter(target_id__in=some).count() / len(some), 2
        ),
    )
    return codes, hot


def _in_process(code: str) -> None:
    """The queries of one business page, timed in process, and the plan of its results query."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from zhifa.inspections import selectors_public as sel

    client = Client()
    client.get(f"/inspections/businesses/{code}/")  # warm
    with CaptureQueriesContext(connection) as ctx:
        t = time.perf_counter()
        response = client.get(f"/inspections/businesses/{code}/")
        ms = (time.perf_counter() - t) * 1000
    emit(
        "business.in_process",
        status=response.status_code,
        ms=round(ms, 2),
        queries=len(ctx.captured_queries),
        sql=[q["sql"][:200] for q in ctx.captured_queries],
        sql_ms=[q["time"] for q in ctx.captured_queries],
    )
    if connection.vendor == "postgresql":
        business = sel.business_get(credit_code=code)
        values = sel.business_results_query(business=business).values_list(*sel.RESULT_VALUES)
        sql, params = values.query.sql_with_params()
        with connection.cursor() as c:
            c.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            emit("business.plan", plan=[r[0] for r in c.fetchall()])


def _list_variants(sample_code: str) -> list[tuple[str, str]]:
    from zhifa.inspections.models import InspectionTarget
    from zhifa.organizations.models import Agency

    agencies = list(Agency.objects.order_by("id").values_list("id", flat=True))
    name = (
        InspectionTarget.objects.filter(credit_code=sample_code).values_list("name", flat=True).first() or ""
    )
    year_ago = _today() - timedelta(days=365)
    return [
        ("results_all", "/inspections/results/"),
        ("results_page_100", "/inspections/results/?page=100"),
        ("results_agency", f"/inspections/results/?agency={agencies[len(agencies) // 2]}"),
        ("results_outcome_rare", "/inspections/results/?outcome=violation"),
        (
            "results_agency_outcome_rare",
            f"/inspections/results/?agency={agencies[-1]}&outcome=not_cooperative",
        ),
        (
            "results_month_a_year_ago",
            f"/inspections/results/?from={year_ago}&to={year_ago + timedelta(days=30)}",
        ),
        ("results_q_code", f"/inspections/results/?q={sample_code}"),
        ("results_q_name_prefix", f"/inspections/results/?q={quote(name[:6])}"),
        ("results_json", "/inspections/results.json"),
        ("business_search_prefix", f"/inspections/businesses/?q={quote(name[:7])}"),
    ]


def bench_measure(args: argparse.Namespace) -> None:
    from django.db import connection

    rng = random.Random(args.seed + 1)
    codes, hot = _samples(args.requests, rng)
    _in_process(codes[0])
    connection.close()  # the server processes have their own connections
    with server(args.threads) as port:
        h = Http(port)
        for code in codes[:20]:  # warm: imports, templates, connections
            h.get(f"/inspections/businesses/{code}/")
        for label, paths in (
            ("business_random", [f"/inspections/businesses/{c}/" for c in codes]),
            ("business_hot", [f"/inspections/businesses/{c}/" for c in hot]),
            (
                "business_json_random",
                [f"/inspections/businesses/{c}.json" for c in codes[: max(1, len(codes) // 4)]],
            ),
        ):
            times = [h.timed(p) for p in paths]
            s = summary(times)
            emit(f"http.{label}", **s, target_p95_ms=50, met=s.get("p95_ms", 0) <= 50)
        for label, path in _list_variants(codes[0]):
            h.get(path)  # warm this shape
            times = []
            for _ in range(args.list_reps):
                t = time.perf_counter()
                status, _body = h.get(path)
                times.append((time.perf_counter() - t) * 1000)
                if status not in (200, 302):  # a search that names one business redirects to it
                    raise RuntimeError(f"GET {path}: {status}")
            emit(f"http.{label}", path=path, **summary(times))
        if args.clients > 0 and args.duration > 0:
            _concurrent(port, codes, args.clients, args.duration)


def _concurrent(port: int, codes: list[str], clients: int, duration: float) -> None:
    """`clients` threads, each on its own keep-alive connection, GET random business pages."""
    results: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    stop = time.monotonic() + duration

    def run(k: int) -> None:
        h = Http(port)
        r = random.Random(k)
        while time.monotonic() < stop:
            try:
                results[k].append(h.timed(f"/inspections/businesses/{r.choice(codes)}/"))
            except Exception:
                errors[k] += 1
                h = Http(port)

    threads = [threading.Thread(target=run, args=(k,)) for k in range(clients)]
    t = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.perf_counter() - t
    times = [v for rs in results for v in rs]
    emit(
        "http.business_concurrent",
        clients=clients,
        duration_s=round(wall, 1),
        requests_per_s=round(len(times) / wall, 1),
        errors=sum(errors),
        **summary(times),
    )


# --------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", help="postgres://… (sets ZHIFA_DATABASE_URL); default SQLite")
    parser.add_argument("--migrate", action="store_true", help="run migrations first")
    parser.add_argument("--force", action="store_true", help="run even on a database that holds data")
    parser.add_argument("--seed", type=int, default=20261213)
    parser.add_argument("--businesses", type=int, default=1_000_000)
    parser.add_argument("--results", type=int, default=3_000_000)
    parser.add_argument("--agencies", type=int, default=50)
    parser.add_argument("--requests", type=int, default=1000, help="business pages timed sequentially")
    parser.add_argument("--list-reps", type=int, default=30, help="timed GETs of each results-list variant")
    parser.add_argument("--threads", type=int, default=4, help="server threads")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients (0: none)")
    parser.add_argument("--duration", type=float, default=20, help="seconds of the concurrent run")
    parser.add_argument("bench", choices=["fill", "measure", "all"])
    args = parser.parse_args()
    setup(args)
    if args.bench in ("fill", "all"):
        bench_fill(args)
    if args.bench in ("measure", "all"):
        bench_measure(args)


if __name__ == "__main__":
    main()
