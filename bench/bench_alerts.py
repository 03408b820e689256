"""Benchmark the daily alert evaluation (预警) and the supervisor's alert page at scale.

Run from the repository root against a FRESH scratch database of your own (it refuses one that already
holds cases unless --force; the journal it writes is append-only, so drop the database afterwards):

    psql -h 127.0.0.1 -U postgres -c 'CREATE DATABASE zhifa_bench_alerts'
    .venv/bin/python bench/bench_alerts.py \
        --database-url postgres://postgres@127.0.0.1:5432/zhifa_bench_alerts --migrate \
        [--cases 100000] [--agencies 40] [--reps 300]
    psql -h 127.0.0.1 -U postgres -c 'DROP DATABASE zhifa_bench_alerts'

(Without --database-url it uses ZHIFA_DATABASE_URL, or SQLite under ZHIFA_VAR_DIR: the smoke run.)

1. fill: bulk_create (not the services/engine: this measures the alert job, not case intake) --cases open
   cases spread over --agencies agencies, each with two officers and one or two running clocks due
   around today (some overdue, some within the due-soon horizon, most later), one in ten a lead with its
   filing clock; some officers' certificates suspended; draft and published decisions, some late.
2. "job.first": alert_services.evaluate() over all of it, raising every finding (each alert journaled).
3. "job.steady": the same again the same day: what a daily run costs when little changed (it must
   raise nothing: idempotent). "job.resolve": after a tenth of the overdue clocks are met.
4. "page": the region supervisor's /workbench/supervision/alerts/ with a mix of filters, --reps requests
   through Django's test Client: p50/p95 ms and the query count. Targets: job ≤ 60 s; page p95 ≤ 150 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import timedelta
from typing import Any

import _common
from _common import summary

OUT = _common.Output("bench_alerts")
emit, progress = OUT.emit, OUT.progress


def setup(args: argparse.Namespace) -> Any:
    _common.django_setup(OUT, migrate=args.migrate)
    from django.utils import timezone

    from zhifa.cases.models import Case
    from zhifa.catalog import calendar
    from zhifa.catalog.models import CalendarYear

    _common.refuse_unless_scratch(OUT, "cases" if Case.objects.exists() else "", force=args.force)
    today = timezone.localdate()
    loaded = set(CalendarYear.objects.values_list("year", flat=True))
    for year in (today.year, today.year + 1):
        if year not in loaded:
            calendar.year_load_provisional(year=year, actor=None)
    from zhifa.testing import make_case_world

    return make_case_world()


def fill(args: argparse.Namespace, cw: Any) -> dict[str, Any]:
    from django.db import connection, transaction
    from django.utils import timezone

    from zhifa.cases.models import Case, CaseOfficer, Deadline, DeadlineStatus, Party, PartyKind
    from zhifa.personnel.models import Certificate, CertificateStatus
    from zhifa.publicity.models import Publication, PublicationStatus
    from zhifa.testing import make_agency, make_certificate, make_officer, make_user

    rng = random.Random(args.seed)
    w = cw.world
    today = timezone.localdate()
    t0 = time.perf_counter()
    regions = [w.city, w.county_a, w.county_b]
    agencies = [(w.agency_a, w.item_a, cw.officers)]
    for i in range(args.agencies - 1):
        a = make_agency(name=f"基准测试执法局{i:03d}", region=regions[i % 3], serial=1000 + i)
        officers = [make_officer(agency=a, name=n) for n in ("甲", "乙")]
        for o in officers:
            make_certificate(officer=o, field=w.field_market, area=a.region)
        agencies.append((a, w.item_a, officers))  # the item's agency is not what the rules read
    progress(f"{len(agencies)} agencies with officers")
    # Every agency lists 先行登记保存 as 全程音像记录: rule recording_missing reads every open case and the
    # journal's steps (the fill writes no step entries, so it finds nothing: its cost is the reading).
    from zhifa.catalog.models import RecordingRequirement

    RecordingRequirement.objects.bulk_create(
        RecordingRequirement(agency=a, activity="先行登记保存", level=RecordingRequirement.Level.FULL_PROCESS)
        for a, _, _ in agencies
    )
    # One officer in twenty-five has their certificate suspended: rule d has findings at scale.
    suspended = [o.pk for _, _, offs in agencies for o in offs if rng.random() < 0.04]
    Certificate.objects.filter(officer_id__in=suspended).update(status=CertificateStatus.SUSPENDED)
    counters = {"cases": 0, "deadlines": 0, "publications": 0}
    per_agency = args.cases // len(agencies)
    batch = 5000
    for agency, item, officers in agencies:
        done = 0
        while done < per_agency:
            size = min(batch, per_agency - done)
            with transaction.atomic():
                parties = [
                    Party(
                        agency=agency, kind=PartyKind.LEGAL_PERSON, name=f"某公司{done + k}", address="城关"
                    )
                    for k in range(size)
                ]
                Party.objects.bulk_create(parties, batch_size=2000)
                cases = []
                for p in parties:
                    lead = rng.random() < 0.1
                    discovered = today - timedelta(days=rng.randrange(1, 60))
                    counters["cases"] += 1
                    cases.append(
                        Case(
                            agency=agency,
                            procedure="general",
                            state="lead" if lead else rng.choice(("investigating", "reported", "noticed")),
                            case_number="" if lead else f"基准立〔{today.year}〕{counters['cases']}号",
                            title="销售不符合食品安全标准的食品",
                            item=item,
                            party=p,
                            place=w.township_a,
                            discovered_on=discovered,
                            act_on=discovered,
                            filed_on=None if lead else discovered + timedelta(days=2),
                        )
                    )
                Case.objects.bulk_create(cases, batch_size=2000)
                cos, dls = [], []
                for c in cases:
                    cos.append(CaseOfficer(case=c, officer=officers[0], role="lead"))
                    cos.append(CaseOfficer(case=c, officer=officers[1]))
                    kinds = (
                        [("filing", "立案审查")]
                        if c.state == "lead"
                        else [("decision_period", "作出处罚决定")]
                    )
                    if c.state != "lead" and rng.random() < 0.4:
                        kinds.append(("preservation", "先行登记保存物品处理"))
                    for kind, label in kinds:
                        dls.append(
                            Deadline(
                                case=c,
                                kind=kind,
                                label=label,
                                rule="《中华人民共和国行政处罚法》第六十条",
                                anchor_on=c.discovered_on,
                                due_on=today + timedelta(days=rng.randrange(-10, 90)),
                                status=DeadlineStatus.RUNNING,
                            )
                        )
                CaseOfficer.objects.bulk_create(cos, batch_size=4000)
                Deadline.objects.bulk_create(dls, batch_size=4000)
                counters["deadlines"] += len(dls)
                pubs = [
                    Publication(
                        agency=agency,
                        kind="penalty",
                        decision_number=f"基准罚〔{today.year}〕{agency.pk}-{done + k}号",
                        decided_on=today - timedelta(days=20),
                        title="销售不符合食品安全标准的食品",
                        party_display="某公司",
                        region_path=agency.region.path,
                        original_text="决定书",
                        redacted_text="决定书",
                        status=PublicationStatus.DRAFT if k % 2 else PublicationStatus.PUBLISHED,
                        due_on=today + timedelta(days=rng.randrange(-5, 20)),
                        withdraw_due=today - timedelta(days=1) if k % 40 == 0 else None,
                    )
                    for k in range(size // 20)
                ]
                Publication.objects.bulk_create(pubs, batch_size=2000)
                counters["publications"] += len(pubs)
            done += size
        progress(f"  {agency.name}: {per_agency} cases")
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("ANALYZE")  # every table the rules and the page read, organizations included
    emit(
        "fill",
        method="bulk_create (not the services/engine)",
        seconds=round(time.perf_counter() - t0, 1),
        **counters,
    )
    return {"supervisor": make_user(username="bench_sup", role="supervisor", region=w.province)}


def run_rules() -> None:
    """Each rule alone at steady state (nothing new): what each one costs of the daily job."""
    from zhifa.supervision import alert_services
    from zhifa.supervision.alert_rules import RULES

    seconds = {}
    for key in RULES:
        t0 = time.perf_counter()
        alert_services.evaluate(keys=[key])
        seconds[key] = round(time.perf_counter() - t0, 3)
    emit("job.rules", seconds=seconds)


def run_job(name: str) -> Any:
    from django.db import connection

    from zhifa.supervision import alert_services
    from zhifa.supervision.models_alerts import Alert

    t0 = time.perf_counter()
    result = alert_services.evaluate()
    seconds = time.perf_counter() - t0
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("ANALYZE supervision_alert")
    emit(
        name,
        seconds=round(seconds, 2),
        raised=result.raised,
        resolved=result.resolved,
        per_rule={k: [r.raised, r.resolved] for k, r in result.rules.items()},
        unresolved=Alert.objects.exclude(state="resolved").count(),
    )
    return result


def page(args: argparse.Namespace, supervisor: Any) -> None:
    from django.test import Client

    from zhifa.organizations.models import Agency

    client = Client()
    client.force_login(supervisor)
    agency_ids = list(Agency.objects.values_list("pk", flat=True)[:10])
    queries = [
        "",
        "?severity=high",
        "?rule=clock_overdue",
        "?rule=clock_due_soon&page=3",
        "?state=all",
        *(f"?agency={a}" for a in agency_ids),
    ]
    base = "/workbench/supervision/alerts/"
    n_queries = _common.count_queries(lambda: client.get(base))
    times: list[float] = []
    for i in range(args.reps):
        t0 = time.perf_counter()
        response = client.get(base + queries[i % len(queries)])
        times.append((time.perf_counter() - t0) * 1000)
        if response.status_code != 200:
            OUT.refuse(f"page returned {response.status_code}")
    times.sort()
    emit("page", reps=args.reps, queries=n_queries, **summary(times))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default="", help="postgres://… (else ZHIFA_DATABASE_URL / SQLite)")
    parser.add_argument("--migrate", action="store_true", help="run migrations first")
    parser.add_argument("--force", action="store_true", help="run even if the database holds cases")
    parser.add_argument("--cases", type=int, default=100_000, help="open cases (with their clocks)")
    parser.add_argument("--agencies", type=int, default=40)
    parser.add_argument("--reps", type=int, default=300, help="alert page requests")
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    if args.database_url:
        os.environ["ZHIFA_DATABASE_URL"] = args.database_url
    _common.bootstrap()
    cw = setup(args)
    who = fill(args, cw)
    run_job("job.first")
    steady = run_job("job.steady")
    if steady.raised:
        OUT.refuse(f"a second run raised {steady.raised} alerts: not idempotent")
    run_rules()
    from django.utils import timezone

    from zhifa.cases.models import Deadline, DeadlineStatus

    overdue = Deadline.objects.filter(status=DeadlineStatus.RUNNING, due_on__lt=timezone.localdate())
    met = list(overdue.exclude(kind="filing").order_by("id").values_list("pk", flat=True))
    Deadline.objects.filter(pk__in=met[::10]).update(
        status=DeadlineStatus.MET, closed_on=timezone.localdate()
    )
    run_job("job.resolve")
    page(args, who["supervisor"])
    emit("done", python=sys.version.split()[0])


if __name__ == "__main__":
    main()
