"""Benchmark the annual statistics report for a province: 1,000,000 decided cases and 100 agencies.

Run from the repository root against a FRESH database of your own (it refuses a database that already
holds cases unless --force; the journal it writes is append-only, so drop the scratch database afterwards):

    psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE zhifa_bench_stats"
    export ZHIFA_VAR_DIR=$(mktemp -d /tmp/bench-stats-XXXX)
    export URL=postgres://postgres@127.0.0.1:5432/zhifa_bench_stats
    .venv/bin/python bench/bench_statistics.py --database-url $URL --migrate fill \
        [--cases 1000000 --agencies 100]
    .venv/bin/python bench/bench_statistics.py --database-url $URL run [--reps 3 --page-reps 200]
    psql -h 127.0.0.1 -U postgres -c "DROP DATABASE zhifa_bench_stats"

(--database-url sets ZHIFA_DATABASE_URL for this run; without it the usual settings apply — SQLite under
ZHIFA_VAR_DIR, which the suite's smoke run uses with tiny sizes.)

Prints one JSON object per line on stdout (progress on stderr); each has "bench", "db" and "load1" (the
1-minute load average while it was measured: this is a shared 2-core machine).

fill  Builds a province (1 province, 10 cities, 3 counties each) and --agencies agencies spread over them,
      each with one penalty item and one party (through the services, journaled), then inserts rows
      DIRECTLY, bypassing the services and the engine (which would take days for 1M cases): --cases
      cases (80% general, 15% summary, 3% no-penalty, 2% compulsion; decision dates spread over the
      report year with ~10% just outside it; 12 penalty-kind combinations, two-kind ones in both orders;
      fines, some confiscations, 0.5% revoked, some court applications and referrals), registered
      licensing decisions (1 per 10 cases: 准予/不予/撤销), 40 officers per agency (90% with a valid
      certificate), 2 legal reviewers per agency, and one review submission with its opinion per 20
      general cases. PostgreSQL: COPY; SQLite: executemany. Then ANALYZE. Leaves a marker table
      `bench_statistics_filled` (year, agencies, cases).
run   On a filled database:
      compute   the province's report computed from the record: selectors.region_report for the province
                (every source's grouped aggregates over all agencies, the region tree rolled up, the
                province's template applied) — --reps times, wall seconds. Target <= 10 s. Also one
                agency's live report, the dashboard (year to date by agency and by month) computed
                (cache cleared) and then served from its cache (keyed by the journal's head), and the
                drill-down of the province's penalty_total (pages 1, 100, 1000 of 50 rows).
      approve   every agency submits (its live report, frozen into the snapshot), the supervisor
                approves, the agency publishes: per-agency timings.
      page      GET /statistics/<year>/ (the published page: it reads the frozen reports' summaries, never
                the cases), the year's JSON and one agency's page, with Django's test Client in this
                process, --page-reps times uncached (the cache cleared before each request: what the
                first visitor after a publication waits) and --page-reps times cached (the year's
                pages are cached per state of the published reports): p50/p95 ms, and the queries of
                an uncached request. Target p95 <= 50 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import _common
from _common import summary

OUT = _common.Output("bench_statistics")
emit, progress = OUT.emit, OUT.progress
MARKER = "bench_statistics_filled"

COMBOS = (
    ["罚款"],
    ["罚款"],
    ["罚款"],
    ["警告"],
    ["警告"],
    ["通报批评"],
    ["没收违法所得", "罚款"],
    ["罚款", "没收违法所得"],
    ["罚款", "吊销许可证件"],
    ["责令停产停业", "罚款"],
    ["罚款", "没收非法财物"],
    ["暂扣许可证件"],
)
LICENSING = ("准予许可", "准予许可", "准予许可", "准予变更许可", "不予许可", "撤销许可")


def _args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--database-url", default="", help="PostgreSQL URL (sets ZHIFA_DATABASE_URL)")
    p.add_argument("--migrate", action="store_true", help="run migrations first")
    p.add_argument("--force", action="store_true", help="fill a database that already holds cases")
    sub = p.add_subparsers(dest="bench", required=True)
    fill = sub.add_parser("fill")
    fill.add_argument("--cases", type=int, default=1_000_000)
    fill.add_argument("--agencies", type=int, default=100)
    fill.add_argument("--year", type=int, default=date.today().year - 1)  # noqa: DTZ011
    run = sub.add_parser("run")
    run.add_argument("--reps", type=int, default=3)
    run.add_argument("--page-reps", type=int, default=200)
    return p.parse_args(argv)


# --------------------------------------------------------------------------- writing rows directly


def _now() -> Any:
    from django.utils import timezone

    return timezone.now()


def _write(model: Any, rows: Iterable[dict[str, Any]], *, batch: int = 20_000) -> int:
    """Insert `rows` (attname → value) into `model`'s table; every column not given takes its field's
    default (prepared once). COPY on PostgreSQL, executemany elsewhere."""
    from django.db import connection
    from django.db.models import AutoField, BigAutoField, JSONField

    pg = connection.vendor == "postgresql"
    fields = [f for f in model._meta.concrete_fields if not isinstance(f, (AutoField, BigAutoField))]
    defaults: dict[str, Any] = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = _now()
        elif f.has_default() or f.null or f.empty_strings_allowed:
            defaults[f.attname] = f.get_default()
    json_fields = {f.attname for f in fields if isinstance(f, JSONField)}

    def prep(name: str, value: Any) -> Any:
        if name in json_fields:
            return json.dumps(value)
        if isinstance(value, Decimal) and not pg:
            return str(value)
        if isinstance(value, date) and not pg:
            return value.isoformat()
        return value

    table = model._meta.db_table
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    count = 0
    with connection.cursor() as cursor:
        if pg:
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(
                        [prep(f.attname, row.get(f.attname, defaults.get(f.attname))) for f in fields]
                    )
                    count += 1
            return count
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
        chunk: list[list[Any]] = []
        for row in rows:
            chunk.append([prep(f.attname, row.get(f.attname, defaults.get(f.attname))) for f in fields])
            if len(chunk) >= batch:
                cursor.executemany(sql, chunk)
                count, chunk = count + len(chunk), []
        if chunk:
            cursor.executemany(sql, chunk)
            count += len(chunk)
    return count


def _world(agencies: int) -> dict[str, Any]:
    """Regions, agencies, an item and a party per agency, through the services."""
    from zhifa.cases import services as case_services
    from zhifa.catalog.services import BasisRef, field_get_or_create, item_create, law_get_or_create
    from zhifa.lib.identifiers import complete_credit_code
    from zhifa.organizations.services import region_create
    from zhifa.testing import make_agency

    province = region_create(code="970000", name="基准省", level="province", parent=None, actor=None)
    field = field_get_or_create(code="market", name="市场监管", actor=None)
    law = law_get_or_create(name="中华人民共和国食品安全法", level="law", actor=None)
    places = []
    for c in range(1, 11):
        city = region_create(
            code=f"97{c:02d}00", name=f"基准{c}市", level="city", parent=province, actor=None
        )
        places.append(city)
        for k in range(1, 4):
            places.append(
                region_create(
                    code=f"97{c:02d}{k:02d}", name=f"基准{c}市{k}区", level="county", parent=city, actor=None
                )
            )
    out: dict[str, Any] = {"province": province, "agencies": [], "items": [], "parties": []}
    for i in range(agencies):
        region = places[i % len(places)]
        agency = make_agency(name=f"基准执法局{i:03d}", region=region, serial=900000 + i)
        item = item_create(
            agency=agency,
            code=f"97{i:04d}001",
            name="生产经营不符合食品安全标准的食品",
            kind="penalty",
            field=field,
            bases=[BasisRef(law=law.name, article=124, paragraph=1)],
            actor=None,
        )
        party = case_services.party_create(
            agency=agency,
            kind="legal_person",
            name=f"基准公司{i:03d}",
            address="基准省",
            credit_code=complete_credit_code(f"91{region.code}{i:08d}"),
        )
        out["agencies"].append(agency)
        out["items"].append(item)
        out["parties"].append(party)
    return out


def _cases(n: int, year: int, world: dict[str, Any]) -> Iterator[dict[str, Any]]:
    agencies, items, parties = world["agencies"], world["items"], world["parties"]
    start = date(year, 1, 1) - timedelta(days=20)
    now = _now()
    for g in range(1, n + 1):
        a = g % len(agencies)
        agency = agencies[a]
        decided = start + timedelta(days=(g * 7919) % 405)
        r = g % 100
        procedure = "general" if r < 80 else "summary" if r < 95 else "no_penalty" if r < 98 else "compulsion"
        kinds = COMBOS[(g * 31) % len(COMBOS)] if procedure == "general" else ["罚款"] if g % 3 else ["警告"]
        if procedure in ("no_penalty", "compulsion"):
            kinds = []
        general = procedure == "general"
        yield {
            "agency_id": agency.pk,
            "procedure": procedure,
            "state": "closed",
            "case_number": f"B{g}",
            "title": f"基准案件{g}",
            "item_id": items[a].pk,
            "party_id": parties[a].pk,
            "place_id": agency.region_id,
            "discovered_on": decided - timedelta(days=40),
            "act_on": decided - timedelta(days=45),
            "filed_on": decided - timedelta(days=30) if procedure in ("general", "no_penalty") else None,
            "penalty_kinds": kinds,
            "fine_amount": Decimal((g % 1000) * 100 + 200) if "罚款" in kinds else None,
            "confiscation_amount": Decimal(5000) if any(k.startswith("没收") for k in kinds) else None,
            "decided_on": decided,
            "decision_number": f"基准罚〔{year}〕{g}号",
            "closed_on": decided + timedelta(days=15),
            "decision_revoked_on": decided + timedelta(days=60) if general and g % 200 == 0 else None,
            "court_applied_on": decided + timedelta(days=100) if general and g % 300 == 7 else None,
            "referred_on": decided if general and g % 1000 == 11 else None,
            "created_at": now,
            "updated_at": now,
        }


def fill(args: argparse.Namespace) -> None:
    from django.db import connection, transaction

    from zhifa.cases.models import Case
    from zhifa.personnel.models import Certificate, LegalReviewer, Officer
    from zhifa.publicity.models import Publication
    from zhifa.review.models import ReviewOpinion, ReviewSubmission

    holds = "cases" if Case.objects.exists() else ""
    _common.refuse_unless_scratch(OUT, holds, force=args.force, why=" fill inserts synthetic rows.")
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    with transaction.atomic():
        world = _world(args.agencies)
    timings["world_s"] = time.perf_counter() - t0
    progress(f"{args.agencies} agencies; inserting {args.cases:,} cases")
    t0 = time.perf_counter()
    with transaction.atomic():
        n = _write(Case, _cases(args.cases, args.year, world))
    timings["cases_s"] = time.perf_counter() - t0
    progress(f"{n:,} cases in {timings['cases_s']:.1f} s; licensing, officers, reviews")

    t0 = time.perf_counter()
    agencies = world["agencies"]
    year = args.year

    def licensing() -> Iterator[dict[str, Any]]:
        for g in range(max(1, args.cases // 10)):
            agency = agencies[g % len(agencies)]
            content = LICENSING[g % len(LICENSING)]
            yield {
                "agency_id": agency.pk,
                "kind": "licensing",
                "decision_number": f"基准许〔{year}〕{g}号",
                "decided_on": date(year, 1, 1) + timedelta(days=(g * 37) % 365),
                "title": "食品经营许可",
                "party_display": f"基准公司{g}",
                "penalty_display": content,
                "region_path": agency.region.path,
                "original_text": content,
                "redacted_text": content,
                "status": "published",
                "due_on": date(year, 12, 31),
            }

    with transaction.atomic():
        _write(Publication, licensing())
        officers = []
        for i, agency in enumerate(agencies):
            for k in range(40):
                officers.append(
                    {"agency_id": agency.pk, "name": f"执法员{i}-{k}", "id_number": f"97{i:06d}{k:010d}"}
                )
        _write(Officer, officers)
        officer_rows = list(Officer.objects.filter(agency__in=agencies).values_list("id", "agency_id"))
        region_of = {a.pk: a.region_id for a in agencies}
        _write(
            Certificate,
            (
                {
                    "number": f"JZ{pk:010d}",
                    "officer_id": pk,
                    "issuing_authority": "基准省人民政府",
                    "area_id": region_of[agency_id],
                    "valid_from": date(year - 2, 1, 1),
                    "valid_until": date(year + 3, 12, 31),
                    "status": "valid",
                }
                for pk, agency_id in officer_rows
                if pk % 10
            ),
        )
        reviewers = [
            {"officer_id": pk, "agency_id": agency_id, "appointed_on": date(year - 1, 1, 1)}
            for pk, agency_id in officer_rows
            if pk % 20 == 0
        ]
        _write(LegalReviewer, reviewers)
        reviewer_of = dict(LegalReviewer.objects.values_list("agency_id", "id"))
        general = Case.objects.filter(procedure="general").values_list("id", "agency_id", "decided_on")
        rows = [r for r in general.iterator(chunk_size=20_000) if r[0] % 20 == 0 and r[1] in reviewer_of]
        _write(
            ReviewSubmission,
            (
                {
                    "case_id": pk,
                    "round": 1,
                    "proposal": "{}",
                    "proposal_hash": "0" * 64,
                    "status": "agreed",
                    "submitted_on": on - timedelta(days=5),
                    "reviewer_id": reviewer_of[agency_id],
                }
                for pk, agency_id, on in rows
            ),
        )
        submissions = dict(ReviewSubmission.objects.values_list("case_id", "id"))
        kinds = ("agree", "agree", "agree", "correct", "supplement", "other")
        _write(
            ReviewOpinion,
            (
                {
                    "submission_id": submissions[pk],
                    "kind": kinds[pk % len(kinds)],
                    "text": "审核意见",
                    "number": f"基准审〔{year}〕{pk}号",
                    "issued_on": on - timedelta(days=2),
                    "reviewer_id": reviewer_of[agency_id],
                }
                for pk, agency_id, on in rows
            ),
        )
        with connection.cursor() as c:
            c.execute(f"CREATE TABLE {MARKER} (year integer, agencies integer, cases integer)")
            c.execute(f"INSERT INTO {MARKER} VALUES (%s, %s, %s)", [year, len(agencies), n])
    timings["others_s"] = time.perf_counter() - t0
    if connection.vendor == "postgresql":
        t0 = time.perf_counter()
        with connection.cursor() as c:
            c.execute("ANALYZE")
        timings["analyze_s"] = time.perf_counter() - t0
    emit("fill", cases=n, agencies=len(agencies), year=year, **{k: round(v, 1) for k, v in timings.items()})


# --------------------------------------------------------------------------- measuring


def _marker() -> tuple[int, int, int]:
    from django.db import connection

    if MARKER not in connection.introspection.table_names():
        OUT.refuse(f"no {MARKER} table: run `fill` on this database first")
    with connection.cursor() as c:
        c.execute(f"SELECT year, agencies, cases FROM {MARKER}")
        row = c.fetchone()
    return int(row[0]), int(row[1]), int(row[2])


def run(args: argparse.Namespace) -> None:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from zhifa.core.scope import Scope
    from zhifa.organizations.models import Agency, Region
    from zhifa.statistics import selectors, services
    from zhifa.statistics.models import AnnualReport

    year, n_agencies, n_cases = _marker()
    as_of = date(year + 1, 1, 10)
    province = Region.objects.get(code="970000")
    agencies = list(Agency.objects.filter(region__path__startswith=province.path).order_by("id"))

    times = []
    for i in range(args.reps):
        t0 = time.perf_counter()
        view = selectors.region_report(scope=Scope.all(), code=province.code, year=year, as_of=as_of)
        times.append(time.perf_counter() - t0)
        progress(f"province report {i + 1}/{args.reps}: {times[-1]:.2f} s")
    emit(
        "compute",
        what="province report (region_report: all sources, roll-up, template)",
        cases=n_cases,
        agencies=n_agencies,
        penalty_total=view.values["penalty_total"],
        fine_amount=str(view.values["fine_amount"]),
        seconds=[round(t, 2) for t in times],
        best_s=round(min(times), 2),
        target_s=10,
    )
    t0 = time.perf_counter()
    selectors.live_report(agencies[0], year, as_of)
    one = time.perf_counter() - t0
    cache.clear()
    t0 = time.perf_counter()
    selectors.dashboard(scope=Scope.all(), year=year, today=as_of)
    dash = time.perf_counter() - t0
    warm = []
    for _ in range(20):
        t0 = time.perf_counter()
        selectors.dashboard(scope=Scope.all(), year=year, today=as_of)
        warm.append((time.perf_counter() - t0) * 1000)
    emit(
        "compute_other",
        one_agency_s=round(one, 3),
        dashboard_by_month_s=round(dash, 2),
        **summary(warm, "dashboard_cached_"),
    )
    for page in (1, 100, 1000):  # the rows behind the province's 行政处罚决定数, 50 a page
        pages = []
        for _ in range(3):
            t0 = time.perf_counter()
            found = selectors.figure_detail(
                scope=Scope.all(),
                year=year,
                key="penalty_total",
                as_of=as_of,
                region_code=province.code,
                page=page,
            )
            pages.append((time.perf_counter() - t0) * 1000)
        emit("drill_down", figure="penalty_total", page=page, rows=found.rows, best_ms=round(min(pages), 1))

    submit, approve, publish = [], [], []
    done = set(AnnualReport.objects.filter(year=year).values_list("agency_id", flat=True))
    for agency in agencies:
        if agency.pk in done:  # a second `run` on the same database measures the rest again
            continue
        t0 = time.perf_counter()
        report = services.report_submit(
            agency=agency, year=year, narrative="基准情况说明", actor=None, on=as_of
        )
        t1 = time.perf_counter()
        services.report_approve(report=report, actor=None, on=as_of)
        t2 = time.perf_counter()
        services.report_publish(report=report, actor=None, on=as_of)
        t3 = time.perf_counter()
        submit.append((t1 - t0) * 1000)
        approve.append((t2 - t1) * 1000)
        publish.append((t3 - t2) * 1000)
    emit(
        "approve",
        agencies=len(submit),
        **summary(submit, "submit_"),
        **summary(approve, "approve_"),
        **summary(publish, "publish_"),
    )

    client = Client()
    paths = (
        f"/statistics/{year}/",
        f"/statistics/{year}.json",
        f"/statistics/{year}/agencies/{agencies[0].pk}/",
    )
    for path in paths:
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        queries = len(ctx.captured_queries)  # now: the next request's reset_queries empties the log
        assert response.status_code == 200, (path, response.status_code)
        cold, warm = [], []
        for _ in range(args.page_reps):
            cache.clear()  # built from the frozen summaries: what the first visitor after a publication waits
            t0 = time.perf_counter()
            client.get(path)
            cold.append((time.perf_counter() - t0) * 1000)
        client.get(path)
        for _ in range(args.page_reps):
            t0 = time.perf_counter()
            response = client.get(path)
            warm.append((time.perf_counter() - t0) * 1000)
        emit(
            "page",
            path=path,
            bytes=len(response.content),
            queries_uncached=queries,
            **summary(cold, "uncached_", count=True),
            **summary(warm, "cached_"),
            target_p95_ms=50,
        )


def main(argv: Sequence[str] | None = None) -> None:
    args = _args(argv)
    if args.database_url:
        os.environ["ZHIFA_DATABASE_URL"] = args.database_url
    _common.bootstrap()
    _common.django_setup(OUT, migrate=args.migrate)
    if args.bench == "fill":
        fill(args)
    else:
        run(args)


if __name__ == "__main__":
    sys.exit(main())
