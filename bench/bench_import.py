"""Benchmark the registry importer on a large published list.

Run from the repository root against a FRESH database of your own (it refuses a database that already
holds enforcement items unless --force; the journal it writes is append-only, so drop the scratch
database afterwards):

    export ZHIFA_VAR_DIR=$(mktemp -d /tmp/bench-import-XXXX)      # keys, blobs (and SQLite) live here
    .venv/bin/python bench/bench_import.py --migrate items [--rows 10000] [--profile]
    # PostgreSQL:
    psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE zhifa_bench_import"
    export ZHIFA_DATABASE_URL=postgres://postgres@127.0.0.1:5432/zhifa_bench_import
    .venv/bin/python bench/bench_import.py --migrate items --rows 10000
    psql -h 127.0.0.1 -U postgres -c "DROP DATABASE zhifa_bench_import"

Prints one JSON object per line on stdout (progress on stderr). Every line has "bench", "db" and
"load1" (the 1-minute load average while it was measured: this is a shared 2-core machine).

items  Loads the sample fields, regions and agencies, a laws file with four versions of one law and a
       规范性文件, then writes a --rows item list (CSV) shaped like a real 权责清单: one main item in five
       with four sub-items, the sub-items placed BEFORE their main item (the importer must reorder),
       the published columns (实施主体, 承办机构, 责任事项, 追责情形, 实施层级, 委托), and 实施依据 cells
       mixing two articles of one law, a cited version with the article's text quoted, a 规范性文件 by
       its number, an unparseable sentence and blanks. Times import_file() (read, check, write, journal;
       all or nothing in one transaction). Target >= 500 rows/s.

--profile wraps the measurement in cProfile and prints its top functions (own and cumulative time).
"""

from __future__ import annotations

import argparse
import csv
import io
import time
from collections.abc import Callable, Sequence

import _common

_common.bootstrap()

OUT = _common.Output("bench_import")
emit, progress = OUT.emit, OUT.progress

AGENCY = "示例区市场监督管理局"
LAWS = """名称,效力级别,制定机关,施行日期,版本
中华人民共和国食品安全法,法律,全国人民代表大会常务委员会,2009-06-01,2009年公布
中华人民共和国食品安全法,法律,全国人民代表大会常务委员会,2015-10-01,2015年修订
中华人民共和国食品安全法,法律,全国人民代表大会常务委员会,2018-12-29,2018年修正
中华人民共和国食品安全法,法律,全国人民代表大会常务委员会,2021-04-29,2021年修正
国务院关于取消和调整一批行政审批项目等事项的决定,规范性文件,国务院,2014-10-23,
"""
HEADER = [
    "执法主体", "事项编码", "事项名称", "事项类别", "执法领域", "实施依据", "上级事项编码", "实施主体",
    "承办机构", "责任事项", "追责情形", "实施层级", "委托",
]  # fmt: skip
BASES = [
    "《中华人民共和国食品安全法》第一百二十二条第一款、第二款",
    "【法律】《中华人民共和国食品安全法》（2015年修订）第一百二十四条第一款第（二）项："
    "“违反本法规定，有下列情形之一，尚不构成犯罪的，由县级以上人民政府食品安全监督管理部门没收违法所得；"
    "违法生产经营的食品货值金额不足一万元的，并处五万元以上十万元以下罚款”",
    "《国务院关于取消和调整一批行政审批项目等事项的决定》（国发〔2014〕50号）；"
    "中华人民共和国行政处罚法 第28条",
    "按照省政府有关规定执行",
    "",
]
KINDS = ["行政处罚", "行政检查", "行政强制", "行政许可", "其他行政权力"]


def item_rows(n: int) -> list[list[str]]:
    """n rows: groups of a main item and four sub-items, the sub-items first."""
    rows: list[list[str]] = []
    group = 0
    while len(rows) < n:
        main = f"BX-{group:06d}"
        kind = KINDS[group % len(KINDS)]
        subs = [
            [
                AGENCY,
                f"{main}-{k}",
                f"对第{group}类违法行为的处罚（情形{k}）",
                kind,
                "食品安全",
                BASES[(group + k) % len(BASES)],
                main,
                AGENCY,
                "执法稽查科",
                "1.立案责任：予以审查，决定是否立案。\n2.调查取证责任：执法人员不得少于两人。",
                "因不履行或不正确履行行政职责的，依法追究责任",
                "市级、县级",
                "示例街道综合行政执法队" if k == 4 else "",
            ]
            for k in range(1, 5)
        ]
        parent = [
            AGENCY, main, f"对第{group}类违法行为的处罚", kind, "食品安全", BASES[group % len(BASES)],
            "", AGENCY, "执法稽查科", "", "", "市级、县级", "",
        ]  # fmt: skip
        rows.extend([*subs, parent])
        group += 1
    return rows[:n]


def to_csv(rows: Sequence[Sequence[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([HEADER, *rows])
    return out.getvalue().encode("utf-8")


def setup(args: argparse.Namespace) -> None:
    _common.django_setup(OUT, migrate=args.migrate)
    from django.db.utils import DatabaseError

    from zhifa.catalog.models import EnforcementItem

    try:
        existing = EnforcementItem.objects.count()
    except DatabaseError as exc:
        OUT.refuse(f"cannot read the items ({exc}); migrate first or pass --migrate")
    _common.refuse_unless_scratch(
        OUT,
        f"{existing} enforcement items" if existing else "",
        force=args.force,
        why=" The bench imports items and writes append-only journal rows.",
    )


def bench_items(args: argparse.Namespace) -> None:
    from zhifa.catalog.models import EnforcementItem, LegalBasis
    from zhifa.importer.samples import sample_path
    from zhifa.importer.services import import_file

    if not EnforcementItem.objects.exists():
        for kind in ("fields", "regions", "agencies"):
            report = import_file(
                kind=kind, path_or_file=sample_path(kind), filename=f"{kind}.csv", actor=None
            )
            if not report.ok:
                OUT.refuse(f"loading the sample {kind}: {report.as_text()}")
        report = import_file(kind="laws", path_or_file=LAWS.encode(), filename="laws.csv", actor=None)
        if not report.ok:
            OUT.refuse(f"loading the laws: {report.as_text()}")
    rows = item_rows(args.rows)
    # A fresh code prefix per run, so that --force runs on the same database import new items.
    prefix = f"R{int(time.time()) % 100000:05d}"
    for row in rows:
        row[1] = f"{prefix}{row[1]}"
        if row[6]:
            row[6] = f"{prefix}{row[6]}"
    data = to_csv(rows)
    bases_before = LegalBasis.objects.count()
    done: list[int] = []

    def on_progress(n: int, total: int) -> None:
        if n % 2000 == 0 or n == total:
            progress(f"items {n}/{total}")
        done.append(n)

    def report_profile(profiled: list[_common.ProfileRow]) -> None:
        for tt, ct, nc, func in sorted(profiled, key=lambda r: -r[0])[:20]:
            emit(
                "import_items_profile",
                own_s=round(tt, 3),
                cum_s=round(ct, 3),
                calls=nc,
                func=f"{func[0]}:{func[2]}",
            )

    progress(f"import {len(rows)} item rows on {_common.describe_db()}")
    with _common.maybe_profile(args.profile, report_profile):
        t0 = time.perf_counter()
        c0 = time.process_time()
        report = import_file(
            kind="items", path_or_file=data, filename="items.csv", actor=None, progress=on_progress
        )
        seconds = time.perf_counter() - t0
        cpu = time.process_time() - c0
    if not report.ok:
        OUT.refuse(f"the import failed: {report.as_text()[:2000]}")
    bases = LegalBasis.objects.count() - bases_before
    emit(
        "import_items",
        rows=len(rows),
        created=report.created,
        bases=bases,
        bases_to_review=LegalBasis.objects.filter(needs_review=True).count(),
        file_kb=round(len(data) / 1024),
        seconds=round(seconds, 2),
        rows_per_s=round(len(rows) / seconds, 1),
        client_cpu_rows_per_s=round(len(rows) / cpu, 1) if cpu else None,
        target_rows_per_s=500,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--force", action="store_true", help="run even if the database already has items")
    parser.add_argument("--migrate", action="store_true", help="migrate the database first")
    parser.add_argument("--profile", action="store_true", help="cProfile the measurement, print the top")
    sub = parser.add_subparsers(dest="command", required=True)
    p_items = sub.add_parser("items", help="import a large 权责清单 (items kind)")
    p_items.add_argument("--rows", type=int, default=10000, help="rows of the item list (default 10000)")
    args = parser.parse_args(argv)

    setup(args)
    steps: dict[str, Callable[[argparse.Namespace], None]] = {"items": bench_items}
    t0 = time.perf_counter()
    steps[args.command](args)
    progress(f"{args.command} done in {time.perf_counter() - t0:.0f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
