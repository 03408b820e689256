"""Benchmark complaint intake (投诉举报) through the real portal view: throughput with the rate limit on.

Run from the repository root against a FRESH database of your own (it refuses a database that already
holds complaints unless --force; the journal it writes is append-only, so drop the scratch database
afterwards):

    export ZHIFA_VAR_DIR=$(mktemp -d /tmp/bench-complaints-XXXX)   # SQLite, keys and blobs live here
    # or PostgreSQL: export ZHIFA_DATABASE_URL=postgres://postgres@127.0.0.1:5432/zhifa_bench_complaints
    .venv/bin/python bench/bench_complaints.py --migrate [--n 3000] [--per-address 5] [--attachments 0]

What it does, in one process with Django's test Client (every request through the whole middleware stack
and the real view, `/complaints/new/`, as a browser's POST would be):

1. fetches the form --n times (GET: each page carries its own signed, single-use token; timed as
   "form_page"), so that every submission has a token of its own, as real ones do;
2. waits until the newest token is ZHIFA_COMPLAINT_FORM_MIN_SECONDS old (the challenge: a form posted
   faster is refused) — not part of any timing;
3. posts the --n complaints back to back (multipart bodies encoded beforehand: a browser encodes its
   own), each from a client address of its own group: addresses change every --per-address submissions
   (at most the rate limit, ZHIFA_COMPLAINT_RATE_LIMIT per window), so every request runs the rate-limit
   check and counts, and none is refused. Each intake checks the challenge, validates, allocates the
   receipt number under its row lock, computes the acceptance clock on the working-day engine, hashes the
   query code, writes the complaint and its journal entry (and with --attachments, hashes and stores that
   many small PNGs in the blob store);
4. posts once more from an address that used up its quota, and checks that it gets the 429.

Figures (JSON lines): "intake" with n, seconds, per_s (sustained: the whole run), worst_window_per_s
(the slowest of the run's consecutive windows of --window submissions), p50/p95/max/mean ms per request,
queries per submission, cpu_mean_ms and cpu_per_s (this process's CPU time: client, view and SQLite all
run in it, so on a busy shared machine this says what one core sustains; --profile adds the top
functions); "form_page" the GET's latencies; "rate_limited" the refused request's status.
Target: >= 100 submissions per second sustained.
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import re
import threading
import time
from typing import Any

import _common
from _common import summary

_common.bootstrap()

OUT = _common.Output("bench_complaints")
emit, progress = OUT.emit, OUT.progress
TOKEN = re.compile(r'name="token" value="([^"]+)"')
RECEIPT = re.compile(r'id="receipt-number">([^<]+)<')
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(2000)


def report_profile(profiled: list[_common.ProfileRow]) -> None:
    rows = []
    for tt, ct, nc, func in profiled:
        where = func[0]
        if "/site-packages/" in where:
            where = where.split("/site-packages/")[1]
        elif "/src/zhifa/" in where:
            where = "zhifa/" + where.split("/src/zhifa/")[1]
        rows.append((round(tt, 3), round(ct, 3), nc, f"{where}:{func[1]}({func[2]})"))
    emit(
        "profile",
        by_tottime=sorted(rows, reverse=True)[:25],
        by_cumtime=sorted(rows, key=lambda r: r[1], reverse=True)[:60],
        zhifa_by_cumtime=sorted(
            (r for r in rows if r[3].startswith("zhifa/")), key=lambda r: r[1], reverse=True
        )[:25],
    )


def setup(args: argparse.Namespace) -> Any:
    _common.django_setup(OUT, migrate=args.migrate)
    from django.db import connection
    from django.utils import timezone

    from zhifa.catalog import calendar
    from zhifa.catalog.models import CalendarYear
    from zhifa.supervision.models import Complaint

    _common.refuse_unless_scratch(OUT, "complaints" if Complaint.objects.exists() else "", force=args.force)
    emit(
        "machine",
        python=platform.python_version(),
        cpus=os.cpu_count(),
        database=str(connection.settings_dict["NAME"]),
    )
    # Deadlines computed as in production: this year and next loaded (provisionally when not official).
    today = timezone.localdate()
    loaded = set(CalendarYear.objects.values_list("year", flat=True))
    for year in (today.year, today.year + 1):
        if year not in loaded:
            calendar.year_load_provisional(year=year, actor=None)
    from zhifa.organizations.models import Agency

    agency = Agency.objects.filter(active=True).first()
    if agency is None:
        from zhifa.testing import make_world

        agency = make_world().agency_a
    return agency


def address(i: int, per_address: int) -> str:
    group = i // per_address
    return f"10.{(group >> 16) & 255}.{(group >> 8) & 255}.{group & 255}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--migrate", action="store_true", help="run migrations first")
    parser.add_argument("--force", action="store_true", help="run even if the database holds complaints")
    parser.add_argument("--n", type=int, default=3000, help="complaints to submit")
    parser.add_argument("--per-address", type=int, default=5, help="submissions per client address")
    parser.add_argument("--attachments", type=int, default=0, help="small PNG attachments per complaint")
    parser.add_argument("--window", type=int, default=500, help="submissions per throughput window")
    parser.add_argument("--show-queries", action="store_true", help="print the SQL of one submission")
    parser.add_argument("--profile", action="store_true", help="cProfile the submissions")
    parser.add_argument(
        "--workers", type=int, default=1, help="threads posting at once, each with its own connection"
    )
    args = parser.parse_args()
    agency = setup(args)

    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection, connections
    from django.test import Client
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
    from django.test.utils import CaptureQueriesContext

    from zhifa.supervision import conf

    if args.per_address > conf.rate_limit():
        OUT.refuse(f"--per-address {args.per_address} exceeds the rate limit ({conf.rate_limit()})")
    client = Client()
    progress(f"fetch {args.n + 1} forms")
    tokens: list[str] = []
    get_ms: list[float] = []
    for _ in range(args.n + 1):
        t0 = time.perf_counter()
        page = client.get("/complaints/new/")
        get_ms.append((time.perf_counter() - t0) * 1000)
        match = TOKEN.search(page.content.decode())
        if page.status_code != 200 or match is None:
            OUT.refuse(f"the form page answered {page.status_code} without a token")
        tokens.append(match.group(1))
    emit("form_page", **summary(get_ms, count=True))
    wait = conf.form_min_seconds() + 0.2
    progress(f"wait {wait:.1f} s for the tokens to age (ZHIFA_COMPLAINT_FORM_MIN_SECONDS)")
    time.sleep(wait)

    def data(i: int) -> dict[str, Any]:
        body: dict[str, Any] = {
            "agency": str(agency.pk),
            "region": "",
            "subject_kind": "enterprise" if i % 3 else "conduct",
            "content": f"第{i}号测试举报：某经营者销售过期食品，请依法查处。",
            "complainant_name": "" if i % 4 == 0 else "测试人",
            "complainant_phone": "" if i % 4 == 0 else f"139{i % 100_000_000:08d}",
            "token": tokens[i],
            "website": "",
        }
        if args.attachments:
            body["attachments"] = [
                SimpleUploadedFile(f"{i}-{k}.png", PNG + i.to_bytes(4, "big") + bytes([k]), "image/png")
                for k in range(args.attachments)
            ]
        return body

    # The bodies are encoded before the clock starts: a browser encodes its own form, not the server.
    bodies = [encode_multipart(BOUNDARY, data(i)) for i in range(args.n)]

    def post(http: Client, i: int) -> Any:
        return http.generic(
            "POST",
            "/complaints/new/",
            bodies[i],
            content_type=MULTIPART_CONTENT,
            REMOTE_ADDR=address(i, args.per_address),
        )

    progress(f"submit {args.n} complaints ({args.per_address} per address, {args.workers} worker(s))")
    post_ms: list[float] = []
    done_at: list[float] = []
    failures: list[str] = []

    def worker(k: int) -> None:
        http = Client()
        try:
            for i in range(k, args.n, args.workers):
                t0 = time.perf_counter()
                r = post(http, i)
                now = time.perf_counter()
                post_ms.append((now - t0) * 1000)
                done_at.append(now)
                if r.status_code != 200 or not RECEIPT.search(r.content.decode()):
                    failures.append(f"submission {i} answered {r.status_code}: {r.content.decode()[:600]}")
                    return
        finally:
            connections.close_all()

    cpu_started = time.process_time()
    started = time.perf_counter()
    with _common.maybe_profile(args.profile, report_profile):
        if args.workers == 1:
            worker(0)
        else:
            threads = [threading.Thread(target=worker, args=(k,)) for k in range(args.workers)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
    cpu = time.process_time() - cpu_started
    if failures:
        OUT.refuse(failures[0])
    done_at.sort()
    # One submission with its queries counted (after the run, warm: not part of the timing).
    bodies.append(encode_multipart(BOUNDARY, data(args.n)))
    with CaptureQueriesContext(connection) as ctx:
        first = post(client, args.n)
    if first.status_code != 200:
        OUT.refuse(f"the counted submission answered {first.status_code}: {first.content.decode()[:600]}")
    queries = len(ctx.captured_queries)
    if args.show_queries:
        for q in ctx.captured_queries:
            progress(q["sql"][:160])

    edges = [started, *done_at[args.window - 1 :: args.window]]
    windows = [args.window / (b - a) for a, b in itertools.pairwise(edges) if b > a]
    elapsed = done_at[-1] - started
    emit(
        "intake",
        n=args.n,
        seconds=round(elapsed, 2),
        per_s=round(args.n / elapsed, 1),
        worst_window_per_s=round(min(windows), 1) if windows else None,
        attachments=args.attachments,
        per_address=args.per_address,
        workers=args.workers,
        queries_per_submission=queries,
        # This process's CPU time (client, view and SQLite, all in process): robust to other work on a
        # shared machine, the rate one core would sustain.
        cpu_mean_ms=round(cpu * 1000 / args.n, 2),
        cpu_per_s=round(args.n / cpu, 1),
        **summary(post_ms),
        target_per_s=100,
    )
    # One more from the first address, whose quota is used up when --per-address equals the limit.
    spent = address(0, args.per_address)
    extra = max(0, conf.rate_limit() - args.per_address)
    for _ in range(extra):
        client.post("/complaints/new/", data(0), REMOTE_ADDR=spent)
    refused = client.post("/complaints/new/", data(0), REMOTE_ADDR=spent)
    if refused.status_code != 429:
        OUT.refuse(f"the address over its quota got {refused.status_code}, not 429")
    emit("rate_limited", status=refused.status_code, retry_after=refused["Retry-After"], debug=settings.DEBUG)


if __name__ == "__main__":
    main()
