"""Benchmark the business-directory import (检查对象名录库, inspections.directory) at the scale of a
province: 1,000,000 businesses from CSV, then an incremental re-import with 1% of them changed.

Run from the repository root against a FRESH database of your own (it refuses a database whose directory
is not empty unless --force; the journal it writes is append-only, so drop the scratch database after):

    # SQLite (a scratch ZHIFA_VAR_DIR is made for you unless one is set):
    .venv/bin/python bench/bench_targets_import.py --migrate [--rows 1000000] [--changed 0.01]
    # PostgreSQL:
    psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE zhifa_bench_targets"
    .venv/bin/python bench/bench_targets_import.py --migrate \\
        --database-url postgres://postgres@127.0.0.1:5432/zhifa_bench_targets
    psql -h 127.0.0.1 -U postgres -c "DROP DATABASE zhifa_bench_targets"

Makes a province of 10 cities and 100 counties (990000 示例省, once), writes a --rows CSV shaped like a
real 名录库 export (the standard Chinese headers; 60% 企业 with 91… codes, 35% 个体工商户 with 92…, 5%
农民专业合作社 with 93…, every code with both GB 32100 check characters; region as a code or a unique
name; credit class A–D or blank; a tag on one business in ten), and times:

create       import_targets() of the file into an empty directory: read and check every row, then one
             transaction of bulk inserts and its journal entry. Target <= 180 s for 1,000,000 rows.
incremental  the same file with --changed of its businesses changed (credit class, address or tags) and
             as many new ones appended: created / updated / unchanged counts and the time.
             Target <= 180 s.
xlsx         (--xlsx-rows N > 0) an XLSX of N rows, dry run only (reading and checking): openpyxl's
             streaming read is the XLSX's own cost.
search       the directory page's reads at that size (selectors_directory): the first page of 20 and the
             capped count, for the province, a county, name terms of 1–4 characters, a credit-code
             prefix and combined filters; p50/p95 of --reps runs each. Target p95 <= 200 ms.

Prints JSON lines ("bench", "db", "load1": the 1-minute load average while it was measured; this is a
shared machine) with seconds, rows/s and the peak RSS of the process. --profile wraps the create step in
cProfile and prints its top functions.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import _common

OUT = _common.Output("bench_targets_import")
SCRATCH: list[Path] = []  # the ZHIFA_VAR_DIR this run made (removed at the end)
emit, progress = OUT.emit, OUT.progress

HEADER = [
    "统一社会信用代码", "名称", "主体类型", "行业", "所在区划", "住所", "法定代表人", "联系方式",
    "信用风险分类", "标签", "在册",
]  # fmt: skip
BRAND = "鑫源恒盛泰丰华达宏福隆昌兴荣祥瑞德顺和康安嘉美佳新金银海天宝通利明辉龙凤永佰汇诚信"
TRADE = ("食品", "商贸", "超市", "餐饮", "建材", "五金", "服装", "药房", "科技", "物流", "农资", "酒业")
SECTORS = (
    "食品销售",
    "餐饮服务",
    "批发业",
    "零售业",
    "建筑业",
    "制造业",
    "交通运输",
    "农业",
    "药品零售",
    "其他服务业",
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
TAGS = ("经营异常", "投诉多", "重点监管", "食品生产", "特种设备")
CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def rss_mb() -> float:
    # ru_maxrss is in KiB on Linux.
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


# --------------------------------------------------------------------------- setup


def setup(args: argparse.Namespace) -> None:
    if args.database_url:
        os.environ["ZHIFA_DATABASE_URL"] = args.database_url
    if "ZHIFA_VAR_DIR" not in os.environ:
        SCRATCH.append(Path(tempfile.mkdtemp(prefix="bench-targets-")))
        os.environ["ZHIFA_VAR_DIR"] = str(SCRATCH[0])
    _common.bootstrap()
    _common.django_setup(OUT, migrate=args.migrate)
    from django.db.utils import DatabaseError

    from zhifa.inspections.models import InspectionTarget

    try:
        existing = InspectionTarget.objects.count()
    except DatabaseError as exc:
        OUT.refuse(f"cannot read the directory ({exc}); migrate first or pass --migrate")
    _common.refuse_unless_scratch(
        OUT,
        f"{existing} businesses in its directory" if existing else "",
        force=args.force,
        why=" The bench imports businesses and writes append-only journal rows.",
    )


def make_regions() -> list[tuple[str, str]]:
    """The province's 100 counties as (code, name); created once."""
    from zhifa.organizations.models import Region
    from zhifa.organizations.services import region_create

    province = Region.objects.filter(code="990000").first()
    if province is None:
        province = region_create(code="990000", name="示例省", level="province", parent=None, actor=None)
    counties: list[tuple[str, str]] = []
    for c in range(1, 11):
        city_code = f"99{c:02d}00"
        city = Region.objects.filter(code=city_code).first() or region_create(
            code=city_code, name=f"示例{c}市", level="city", parent=province, actor=None
        )
        for k in range(1, 11):
            county_code = f"99{c:02d}{k:02d}"
            name = f"示例{c}市第{k}区"
            if not Region.objects.filter(code=county_code).exists():
                region_create(code=county_code, name=name, level="county", parent=city, actor=None)
            counties.append((county_code, name))
    return counties


# --------------------------------------------------------------------------- the file


def _code(rng: random.Random, prefix: str, county: str, n: int) -> str:
    from zhifa.lib.identifiers import complete_credit_code

    # 8 organisation-code characters: the sequence number in base 31, so codes never repeat.
    body = ""
    for _ in range(8):
        n, r = divmod(n, 31)
        body = CODE_CHARS[r] + body
    return complete_credit_code(f"{prefix}{county}{body}")


def make_rows(n: int, counties: list[tuple[str, str]], seed: int, start: int = 0) -> list[list[str]]:
    rng = random.Random(seed)
    rows: list[list[str]] = []
    for i in range(start, start + n):
        county, county_name = counties[rng.randrange(len(counties))]
        roll = rng.random()
        if roll < 0.60:
            prefix, kind, suffix = "91", "企业", "有限公司"
        elif roll < 0.95:
            prefix, kind, suffix = "92", "个体工商户", "店"
        else:
            prefix, kind, suffix = "93", "农民专业合作社", "专业合作社"
        name = f"{county_name}{''.join(rng.sample(BRAND, 2))}{rng.choice(TRADE)}{i}{suffix}"
        rows.append(
            [
                _code(rng, prefix, county, i),
                name,
                kind,
                rng.choice(SECTORS),
                county if rng.random() < 0.8 else county_name,
                f"{county_name}人民路{rng.randint(1, 999)}号",
                rng.choice(SURNAMES) + "某",
                f"1{rng.randint(3, 9)}{rng.randint(100000000, 999999999)}",
                rng.choice(("A", "A", "B", "B", "B", "C", "D", "")),
                rng.choice(TAGS) if rng.random() < 0.1 else "",
                "",
            ]
        )
    return rows


def change(rows: list[list[str]], fraction: float, seed: int) -> int:
    """Change `fraction` of the rows in place (credit class, address or tags); returns how many."""
    rng = random.Random(seed)
    picked = rng.sample(range(len(rows)), int(len(rows) * fraction))
    for i in picked:
        what = rng.randrange(3)
        if what == 0:
            rows[i][8] = "D" if rows[i][8] != "D" else "A"
        elif what == 1:
            rows[i][5] += "（迁址）"
        else:
            rows[i][9] = "投诉多、经营异常" if rows[i][9] != "投诉多、经营异常" else ""
    return len(picked)


def write_csv(rows: list[list[str]], path: Path) -> int:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path.stat().st_size


def write_xlsx(rows: list[list[str]], path: Path) -> int:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path.stat().st_size


# --------------------------------------------------------------------------- measuring


def timed_import(path: Path, step: str, *, dry_run: bool = False, profile: bool = False) -> Any:
    from zhifa.inspections.directory import import_targets

    last = [0.0]

    def on_progress(phase: str, done: int, total: int | None) -> None:
        now = time.monotonic()
        if now - last[0] >= 10 or (total and done >= total):
            last[0] = now
            shown = f"{done * 100 // total}%" if total else f"{done}"
            progress(f"{step}: {phase} {shown}")

    def report_profile(rows: list[_common.ProfileRow]) -> None:
        for tt, ct, nc, func in sorted(rows, key=lambda r: -r[0])[:25]:
            emit(
                f"{step}_profile",
                own_s=round(tt, 3),
                cum_s=round(ct, 3),
                calls=nc,
                func=f"{func[0]}:{func[2]}",
            )

    with _common.maybe_profile(profile, report_profile):
        t0 = time.perf_counter()
        c0 = time.process_time()
        report = import_targets(
            file=path, filename=path.name, actor=None, dry_run=dry_run, progress=on_progress
        )
        seconds = time.perf_counter() - t0
        cpu = time.process_time() - c0
    if not report.ok:
        OUT.refuse(f"{step}: the import failed: {report.as_text()[:2000]}")
    return report, seconds, cpu


def bench_search(reps: int) -> None:
    from zhifa.inspections.models import InspectionTarget
    from zhifa.inspections.selectors_directory import DirectoryFilters, capped_count, directory_search

    sample = InspectionTarget.objects.order_by("id")[min(1000, InspectionTarget.objects.count() - 1)]
    county = "9903" + "05"
    cases = {
        "province": ("/99/", DirectoryFilters()),
        "county": ("/99/", DirectoryFilters(region=county)),
        "county_class_d": ("/99/", DirectoryFilters(region=county, credit_class="D")),
        "tag_in_city": ("/99/9905/", DirectoryFilters(tag="经营异常")),
        "name_1": ("/99/", DirectoryFilters(q="鑫")),
        "name_2": ("/99/", DirectoryFilters(q="鑫源")),
        "name_4_in_city": ("/99/9902/", DirectoryFilters(q="鑫源食品")),
        "name_exact": ("/99/", DirectoryFilters(q=sample.name)),
        "code_prefix": ("/99/", DirectoryFilters(q=sample.credit_code[:12])),
        "code_exact": ("/99/", DirectoryFilters(q=sample.credit_code)),
        "inactive": ("/99/", DirectoryFilters(active="no")),
    }
    for name, (path, filters) in cases.items():
        times: list[float] = []
        for _ in range(reps):
            t0 = time.perf_counter()
            qs = directory_search(region_path=path, filters=filters)
            count, capped = capped_count(qs)
            page = list(qs[:20])
            times.append((time.perf_counter() - t0) * 1000)
        emit(
            "search",
            query=name,
            count=count,
            capped=capped,
            page_rows=len(page),
            **_common.summary(times, percentiles=(50, 95), mean=False),
            first_ms=round(times[0], 1),
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--rows", type=int, default=1_000_000, help="businesses in the file (default 1,000,000)"
    )
    parser.add_argument("--changed", type=float, default=0.01, help="fraction changed for the re-import")
    parser.add_argument(
        "--xlsx-rows", type=int, default=0, help="also time an XLSX of this many rows (dry run)"
    )
    parser.add_argument("--database-url", default="", help="ZHIFA_DATABASE_URL for this run (PostgreSQL)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--reps", type=int, default=10, help="runs of each directory-page query")
    parser.add_argument("--force", action="store_true", help="run even if the directory is not empty")
    parser.add_argument("--migrate", action="store_true", help="migrate the database first")
    parser.add_argument("--profile", action="store_true", help="cProfile the create step, print the top")
    args = parser.parse_args(argv)

    setup(args)
    try:
        run(args)
    finally:
        from django.db import connections

        connections.close_all()
        for scratch in SCRATCH:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


def run(args: argparse.Namespace) -> None:
    from zhifa.inspections.models import InspectionTarget

    workdir = Path(tempfile.mkdtemp(prefix="bench-targets-files-"))
    counties = make_regions()
    t0 = time.perf_counter()
    # A fresh numbering range per run, so that --force on a filled directory still creates businesses.
    start = InspectionTarget.objects.count() * 2
    rows = make_rows(args.rows, counties, args.seed, start=start)
    path = workdir / "targets.csv"
    size = write_csv(rows, path)
    emit(
        "generate",
        rows=args.rows,
        file_mb=round(size / 1024**2, 1),
        seconds=round(time.perf_counter() - t0, 1),
    )

    progress(f"create: import {args.rows} rows on {_common.describe_db()}")
    rss_before = rss_mb()
    report, seconds, cpu = timed_import(path, "create", profile=args.profile)
    emit(
        "create",
        rows=report.rows,
        created=report.created,
        seconds=round(seconds, 1),
        rows_per_s=round(report.rows / seconds),
        cpu_seconds=round(cpu, 1),
        rss_mb=rss_mb(),
        # The peak grew by this much during the import (the bench's own copy of the rows came before).
        import_rss_mb=round(rss_mb() - rss_before, 1),
        target_seconds=180,
    )

    changed = change(rows, args.changed, args.seed + 1)
    added = make_rows(changed, counties, args.seed + 2, start=start + args.rows)
    path2 = workdir / "targets-2.csv"
    write_csv(rows + added, path2)
    progress(f"incremental: {changed} changed, {len(added)} new")
    report, seconds, cpu = timed_import(path2, "incremental")
    emit(
        "incremental",
        rows=report.rows,
        created=report.created,
        updated=report.updated,
        unchanged=report.unchanged,
        seconds=round(seconds, 1),
        rows_per_s=round(report.rows / seconds),
        cpu_seconds=round(cpu, 1),
        rss_mb=rss_mb(),
        target_seconds=180,
    )
    if report.updated != changed or report.created != len(added):
        OUT.refuse(
            f"incremental: expected {changed} updated and {len(added)} created, got {report.counts_text()}"
        )

    if args.xlsx_rows > 0:
        xrows = rows[: args.xlsx_rows]
        xpath = workdir / "targets.xlsx"
        xsize = write_xlsx(xrows, xpath)
        report, seconds, cpu = timed_import(xpath, "xlsx", dry_run=True)
        emit(
            "xlsx_dry_run",
            rows=report.rows,
            unchanged=report.unchanged,
            file_mb=round(xsize / 1024**2, 1),
            seconds=round(seconds, 1),
            rows_per_s=round(report.rows / seconds),
        )
    bench_search(args.reps)
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
