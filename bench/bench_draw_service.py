"""Benchmark the random-inspection draw through the service, at a province's scale: the commitment, the seed
(1% drawn, inspectors assigned, Inspection rows written), the public record served, and the independent
verifier run on that record.

    ZHIFA_VAR_DIR=/tmp/bench-draw .venv/bin/python bench/bench_draw_service.py --migrate [--targets 1000000]
        [--officers 300] [--ratio 1] [--recusals 100] [--database-url postgres://…/scratch] [--force]

On a scratch database (a fresh ZHIFA_VAR_DIR for SQLite, or --database-url / ZHIFA_DATABASE_URL at a
scratch PostgreSQL database): one provincial agency with one key inspection item, 12 cities × 12 counties,
`--officers` officers each holding a certificate for one city, `--targets` businesses bulk-inserted into
the directory (synthetic 18-character codes, credit classes "" A B C D, spread over the counties) and
`--recusals` recusals declared before the commitment. Then times, each on its own:

- "commit": `draw_commit` — the eligible list read from the directory, the officer pool from the
  certificates (regions_where_may_act), the pre-check of every business, the canonical files stored
  under their SHA-256, the commitment journaled;
- "seed": `draw_seed` — the files read back, the seed, the selection, the assignment, one Inspection and
  its InspectionOfficer rows per business drawn, `draw.seeded` (target with "record": ≤ 5 s);
- "record": GET /inspections/draws/<id>.json as the public gets it (draw_record + JSON);
- "verifier": tools/verify_draw.py as a subprocess on that record, with eligible.tsv and pool.tsv
  downloaded from their URLs (target ≤ 30 s).

Prints one JSON line per figure (bench/_common.py: with the database vendor and the load average).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import _common

_common.bootstrap()

OUT = _common.Output("bench_draw_service")
AGENCY = "基准省市场监督管理局"
CLASSES = ("", "A", "B", "B", "C", "D", "A", "B", "", "A")
KINDS = ("enterprise", "enterprise", "enterprise", "individual", "cooperative")


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--targets", type=int, default=1_000_000)
    p.add_argument("--officers", type=int, default=300)
    p.add_argument("--ratio", default="1", help="抽查比例, percent")
    p.add_argument("--recusals", type=int, default=100)
    p.add_argument("--database-url", help="a scratch PostgreSQL database (else ZHIFA_DATABASE_URL / SQLite)")
    p.add_argument("--migrate", action="store_true")
    p.add_argument("--force", action="store_true", help="run on a database that already holds data")
    p.add_argument(
        "--reuse",
        action="store_true",
        help="draw again on a database a previous run filled (the last inspectors become `previous`)",
    )
    p.add_argument("--seed", type=int, default=13, help="of the synthetic data (not of the draw)")
    return p.parse_args()


def build_world(args: argparse.Namespace, rng: random.Random) -> dict[str, Any]:
    from zhifa.accounts.models import Role
    from zhifa.catalog.services import (
        BasisRef,
        field_get_or_create,
        inspection_item_create,
        item_create,
        law_get_or_create,
    )
    from zhifa.organizations.services import region_create
    from zhifa.testing import make_agency, make_certificate, make_officer, make_user

    province = region_create(code="970000", name="基准省", level="province", parent=None, actor=None)
    cities, counties = [], []
    for c in range(12):
        city = region_create(
            code=f"97{c + 1:02d}00", name=f"基准{c + 1}市", level="city", parent=province, actor=None
        )
        cities.append(city)
        for k in range(12):
            counties.append(
                region_create(
                    code=f"97{c + 1:02d}{k + 1:02d}",
                    name=f"基准{c + 1}市{k + 1}区",
                    level="county",
                    parent=city,
                    actor=None,
                )
            )
    field = field_get_or_create(code="market", name="市场监管", actor=None)
    law = law_get_or_create(name="中华人民共和国食品安全法", level="law", actor=None)
    agency = make_agency(name=AGENCY, region=province)
    item = item_create(
        agency=agency,
        code="970217001",
        name="生产经营不符合食品安全标准的食品",
        kind="penalty",
        field=field,
        bases=[BasisRef(law=law.name, article=124, paragraph=1)],
        actor=None,
    )
    ins_item = inspection_item_create(
        agency=agency,
        name="食品经营者主体责任落实情况检查",
        target="食品经营者",
        kind="key",
        item=item,
        actor=None,
    )
    OUT.progress(f"{args.officers} officers with certificates")
    officers = []
    for n in range(args.officers):
        officer = make_officer(agency=agency, name=f"基准人员{n}")
        make_certificate(officer=officer, field=field, area=cities[n % len(cities)])
        officers.append(officer)
    user = make_user(username="bench_officer", role=Role.OFFICER, agency=agency)
    head = make_user(username="bench_head", role=Role.AGENCY_HEAD, agency=agency)
    return {
        "agency": agency,
        "item": ins_item,
        "counties": counties,
        "officers": officers,
        "user": user,
        "head": head,
    }


def fill_targets(n: int, counties: list[Any], rng: random.Random) -> float:
    """Insert the directory with plain executemany (the ORM's bulk_create built 1,000,000 model instances
    at ~2,400 rows/s on a loaded machine): synthetic codes (18 characters, unique; the draw needs no check
    character), classes and kinds spread at random."""
    from django.db import connection, transaction

    from zhifa.inspections.models import InspectionTarget

    # Every column of the model (its defaults for those not set here), so that a column added later
    # (a NOT NULL with a default) does not break the fill.
    fields = [f for f in InspectionTarget._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_db_prep_save(f.get_default(), connection) for f in fields}
    q = connection.ops.quote_name
    sql = (
        f"INSERT INTO {q(InspectionTarget._meta.db_table)} ({', '.join(q(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    started = time.perf_counter()
    rows: list[list[Any]] = []
    for i in range(n):
        county = counties[rng.randrange(len(counties))]
        values = {
            **defaults,
            "credit_code": f"91{county.code}{i:010d}",
            "name": f"基准商贸有限公司{i}",
            "kind": KINDS[i % len(KINDS)],
            "region_id": county.pk,
            "region_path": county.path,
            "credit_class": CLASSES[rng.randrange(len(CLASSES))],
            "active": True,
        }
        rows.append([values[f.attname] for f in fields])
        if len(rows) == 20_000 or i == n - 1:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(sql, rows)
            rows = []
            if (i + 1) % 100_000 == 0:
                OUT.progress(f"targets {i + 1:,}/{n:,}")
    return time.perf_counter() - started


@contextlib.contextmanager
def timed() -> Iterator[dict[str, float]]:
    """Wall and CPU seconds of the block (this process's CPU: on a shared machine the wall time includes
    waiting for a core, the CPU time does not; the database's own work in PostgreSQL is in neither)."""
    out: dict[str, float] = {}
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        yield out
    finally:
        out["seconds"] = round(time.perf_counter() - wall, 2)
        out["cpu_seconds"] = round(time.process_time() - cpu, 2)


def existing_world() -> dict[str, Any]:
    from zhifa.accounts.models import User
    from zhifa.catalog.models import InspectionItem
    from zhifa.organizations.models import Agency
    from zhifa.personnel.models import Officer

    agency = Agency.objects.filter(name=AGENCY).first()
    if agency is None:
        OUT.refuse(
            "--reuse: this database was not filled by bench_draw_service (run it once without --reuse)"
        )
    return {
        "agency": agency,
        "item": InspectionItem.objects.get(agency=agency),
        "officers": list(Officer.objects.filter(agency=agency).order_by("pk")),
        "user": User.objects.get(username="bench_officer"),
        "head": User.objects.get(username="bench_head"),
    }


def main() -> None:
    args = parse_args()
    if args.database_url:
        os.environ["ZHIFA_DATABASE_URL"] = args.database_url
    _common.django_setup(OUT, migrate=args.migrate)
    from django.test import Client
    from django.utils import timezone

    from zhifa.inspections import drawing, services
    from zhifa.inspections.models import Inspection, InspectionTarget, Recusal

    rng = random.Random(args.seed)
    if args.reuse:
        world = existing_world()
        args.targets = InspectionTarget.objects.count()
        args.officers = len(world["officers"])
    else:
        holds = "inspection targets" if InspectionTarget.objects.exists() else ""
        _common.refuse_unless_scratch(OUT, holds, force=args.force, why=" It inserts synthetic businesses.")
        world = build_world(args, rng)
        OUT.progress(f"fill {args.targets:,} targets")
        fill_s = fill_targets(args.targets, world["counties"], rng)
        OUT.emit(
            "fill", targets=args.targets, seconds=round(fill_s, 2), rows_per_s=round(args.targets / fill_s)
        )

    today = timezone.localdate()
    task = services.task_create(
        agency=world["agency"],
        name="基准省食品经营者双随机抽查",
        items=[world["item"]],
        ratio_percent=args.ratio,
        starts_on=today + timedelta(days=2),
        ends_on=today + timedelta(days=60),
        random_source="基准随机数（测试）",
        random_source_on=today + timedelta(days=1),
        actor=world["user"],
    )
    task = services.task_approve(task=task, actor=world["head"])
    # Seeded, so that a run can be repeated (ORDER BY RANDOM() was not).
    pks = list(InspectionTarget.objects.order_by("pk").values_list("pk", flat=True))
    some = sorted(rng.sample(pks, min(args.recusals, len(pks))))
    for target_id in some:
        services.recusal_declare(
            task=task,
            officer=world["officers"][rng.randrange(len(world["officers"]))],
            target=InspectionTarget.objects.get(pk=target_id),
            declared_by=Recusal.DeclaredBy.OFFICER,
            reason="基准：利害关系",
            actor=world["user"],
        )
    fields = {"targets": args.targets, "officers": args.officers, "ratio": args.ratio, "recusals": len(some)}

    OUT.progress("commit")
    with timed() as commit_t:
        draw = services.draw_commit(task=task, actor=world["user"])
    OUT.emit("commit", **fields, **commit_t, pool=draw.pool_count, list_count=draw.list_count)

    day = task.random_source_on
    timezone.localdate = lambda *a, **k: day  # type: ignore[assignment]  # the random value's day
    OUT.progress("seed")
    with timed() as seed_t:
        draw = services.draw_seed(draw=draw, random_value="01 02 03 04 05 06 07", actor=world["user"])
    rows = Inspection.objects.filter(task=task).count()
    previous = len(drawing.committed_previous(draw))
    OUT.emit(
        "seed", **fields, **seed_t, selected=draw.selected_count, inspections=rows, with_previous=previous
    )

    client = Client()
    OUT.progress("record")
    with timed() as record_t:
        response = client.get(f"/inspections/draws/{draw.pk}.json")
        body = response.content
    assert response.status_code == 200, response.status_code
    OUT.emit("record", **fields, **record_t, bytes=len(body))
    OUT.emit(
        "draw_total",
        **fields,
        seconds=round(seed_t["seconds"] + record_t["seconds"], 2),
        cpu_seconds=round(seed_t["cpu_seconds"] + record_t["cpu_seconds"], 2),
        target_s=5,
        note="seed + assignment + Inspection rows + the served record",
    )

    record = json.loads(body)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        files = []
        for key, name in (("eligible_url", "eligible.tsv"), ("pool_url", "pool.tsv")):
            if key in record:
                path = folder / name
                with path.open("wb") as fh:
                    for chunk in client.get(record[key]).streaming_content:
                        fh.write(chunk)
                files += [f"--{name.split('.')[0]}", str(path)]
        download_s = time.perf_counter() - started
        (folder / "record.json").write_bytes(body)
        started = time.perf_counter()
        proc = subprocess.run(
            [
                sys.executable,
                str(_common.ROOT / "tools" / "verify_draw.py"),
                str(folder / "record.json"),
                *files,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        verify_s = time.perf_counter() - started
    OUT.emit(
        "verifier",
        **fields,
        seconds=round(verify_s, 2),
        download_seconds=round(download_s, 2),
        target_s=30,
        exit=proc.returncode,
        summary=(proc.stdout or proc.stderr).strip()[:200],
    )
    if proc.returncode != 0:
        sys.exit(f"the verifier refused the record: {proc.stderr.strip()[:500]}")


if __name__ == "__main__":
    main()
