"""Benchmark case handling: engine transition throughput, and the workbench case list at 100,000 cases.

Run from the repository root against a FRESH database of your own (it refuses a database that already
holds cases or publications unless --force; the journal it writes is append-only, so drop the scratch
database afterwards):

    export ZHIFA_VAR_DIR=$(mktemp -d /tmp/bench-cases-XXXX)       # keys, blobs (and SQLite) live here
    # PostgreSQL (needed for `list`):
    psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE zhifa_bench_cases"
    export ZHIFA_DATABASE_URL=postgres://postgres@127.0.0.1:5432/zhifa_bench_cases
    .venv/bin/python bench/bench_cases.py --migrate transitions [--n 300] [--profile]
    .venv/bin/python bench/bench_cases.py --migrate list [--cases 100000 --reps 50] [--explain]
    psql -h 127.0.0.1 -U postgres -c "DROP DATABASE zhifa_bench_cases"

Prints one JSON object per line on stdout (progress on stderr). Every line has "bench", "db" and
"load1" (the 1-minute load average while it was measured: this is a shared 2-core machine).

transitions  In one process, opens N leads through services.case_open() (legal-person parties, fines in
             the benchmark's lowest tier, below the 100,000-yuan hearing threshold; no major-decision
             rule and no review policy, so the legal-review gate does not apply) and drives each through
             engine.execute(): file → report → serve_notice → close_statement (waived) → decide →
             serve_decision → record_payment (with the bank's receipt) → close, with dates in the loaded
             2026 calendar. Times every
             execute() call: wall clock, and this process's CPU time (cpu_mean_ms,
             client_cpu_transitions_per_s: robust to other work on the machine, but without the
             PostgreSQL server's share and commit flushes). file (立案审批表), serve_notice
             (事先告知书 + 送达回证), decide (决定书), serve_decision (送达回证) and close (结案审批表)
             each number, compose, check, render and store PDFs (cases.documents.issue); decide also
             drafts the publication after commit (the journal's decision.issued subscriber runs inside
             execute()'s on_commit). PDF steps are reported apart from the others. "queries" counts
             the SQL statements of each step on the second case (the first one also creates the
             document sequences). Target >= 200 transitions/s. --violations N (issue 17) reports N
             violations per case (each in the lowest tier, its own facts and fine: the total passes the
             hearing threshold and the notice offers the hearing), to set beside the N=1 figures.
list         Bulk-inserts cases DIRECTLY with bulk_create (bypassing services and the engine, for speed):
             --cases Case rows for the user's agency (plus 10% more for a second agency, so the scope
             filter matters), one Party per case, two CaseOfficer rows per case and one or two
             Deadline rows per case (open cases: the first one running), then ANALYZEs. It then requests
             /workbench/cases/ with the test Client logged in (force_login) as an officer of the agency,
             unfiltered and with filters, --reps times each, counting queries with
             CaptureQueriesContext and timing each request. Targets: <= 15 queries, p95 <= 150 ms.
             With --explain it prints EXPLAIN (ANALYZE, BUFFERS) of every variant's pagination
             COUNT(*) and page query. The fill leaves a marker table `bench_cases_list_filled`: running
             `list` again on that database measures again without filling (no --force needed).

--profile wraps the measurement in cProfile and prints its top functions (own and cumulative time).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import random
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import _common
from _common import summary

_common.bootstrap()

OUT = _common.Output("bench_cases")
emit, progress = OUT.emit, OUT.progress


# --------------------------------------------------------------------------- output


@contextlib.contextmanager
def maybe_profile(enabled: bool, label: str, top: int = 25) -> Iterator[None]:
    def report(profiled: list[_common.ProfileRow]) -> None:
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
            label=label,
            by_tottime=sorted(rows, reverse=True)[:top],
            by_cumtime=sorted(rows, key=lambda r: r[1], reverse=True)[:top],
            # The project's own functions by cumulative time: where in zhifa/ the time goes.
            zhifa_by_cumtime=sorted(
                (r for r in rows if r[3].startswith("zhifa/")), key=lambda r: r[1], reverse=True
            )[:top],
        )

    with _common.maybe_profile(enabled, report):
        yield


# --------------------------------------------------------------------------- setup


LIST_MARKER = "bench_cases_list_filled"


def _list_marker() -> tuple[int, int, int] | None:
    """(user id, officer id, cases) left by a previous `list` fill of this database, so that `list` can
    be measured again without filling again."""
    from django.db import connection

    with connection.cursor() as c:
        if connection.vendor != "postgresql":
            return None
        c.execute("SELECT to_regclass(%s) IS NOT NULL", [LIST_MARKER])
        if not c.fetchone()[0]:
            return None
        c.execute(f"SELECT user_id, officer_id, cases FROM {LIST_MARKER}")
        row = c.fetchone()
        return (int(row[0]), int(row[1]), int(row[2])) if row else None


def setup(args: argparse.Namespace) -> None:
    _common.django_setup(OUT, migrate=args.migrate)
    from django.db import connection

    from zhifa.cases.models import Case
    from zhifa.publicity.models import Publication

    busy = (Case.objects.exists() or Publication.objects.exists()) and not _list_marker()
    _common.refuse_unless_scratch(OUT, "cases or publications" if busy else "", force=args.force)
    emit(
        "machine",
        python=platform.python_version(),
        cpus=os.cpu_count(),
        database=str(connection.settings_dict["NAME"]),
        server_version=getattr(connection, "pg_version", None),
    )


# --------------------------------------------------------------------------- transitions

DISCOVERED = date(2026, 3, 2)  # Monday, inside the loaded (official) 2026 calendar
ACT = date(2026, 2, 20)
# (transition, date, actor: "head" | "officer", data)
STEPS: list[tuple[str, date, str, dict[str, Any]]] = [
    ("file", date(2026, 3, 4), "head", {}),
    ("report", date(2026, 3, 20), "officer", {}),  # proposal added per case below
    ("serve_notice", date(2026, 3, 23), "head", {}),
    ("close_statement", date(2026, 3, 24), "head", {"waived": True, "summary": "当事人书面放弃陈述申辩"}),
    ("decide", date(2026, 3, 25), "head", {}),
    ("serve_decision", date(2026, 3, 26), "head", {"method": "direct"}),
    ("record_payment", date(2026, 3, 27), "head", {}),
    ("close", date(2026, 3, 30), "head", {}),
]
# Steps that render and store at least one PDF (a7618e4 added 立案审批表 at file, 送达回证 at every service
# and 结案审批表 at close to the 事先告知书 and 决定书).
PDF_STEPS = {"file", "serve_notice", "decide", "serve_decision", "close"}
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
)
BRAND = "鑫源恒盛泰丰华达宏福隆昌兴荣祥瑞德顺和康安嘉美佳新金银海天宝通利明辉龙凤永佰汇诚信"


def company_name(rng: random.Random) -> str:
    trade = rng.choice(["食品", "餐饮", "商贸", "超市", "农产品"])
    return f"江北市{''.join(rng.sample(BRAND, 2))}{trade}有限公司"


def multi_violation(single: dict[str, Any], j: int, rng: random.Random) -> dict[str, Any]:
    """The j-th violation of a multi-violation proposal: its own facts (another batch) and fine."""
    return {
        **single,
        "fine_amount": str(Decimal(50000 + rng.randrange(0, 30000, 100))),
        "facts": f"当事人于2026年2月{10 + j}日销售不符合食品安全标准的食品（第{j + 1}批次），"
        f"货值金额{rng.randint(500, 5000)}元。",
        "legal_basis": "《中华人民共和国食品安全法》第三十四条",
    }


def bench_transitions(args: argparse.Namespace) -> None:
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zhifa.cases import documents, engine, services
    from zhifa.cases.models import Document
    from zhifa.lib.identifiers import complete_credit_code
    from zhifa.review.triggers import triggers_for
    from zhifa.testing import make_case_world

    settings.ZHIFA_DOCUMENT_RENDERING = args.rendering
    settings.ZHIFA_JOURNAL_SUBSCRIBERS = args.subscribers
    rng = random.Random(args.seed)
    progress("make_case_world")
    cw = make_case_world()
    w = cw.world
    actors = {"head": cw.head, "officer": cw.officer_user}

    progress(f"open {args.n} leads")
    t0 = time.perf_counter()
    parties, open_ms, cases = [], [], []
    for i in range(args.n):
        parties.append(
            services.party_create(
                agency=w.agency_a,
                kind="legal_person",
                name=company_name(rng),
                address=f"江北市城关街道{rng.randint(1, 999)}号",
                credit_code=complete_credit_code(f"9199010{i:09d}"[:16]),
                legal_representative=f"{rng.choice(SURNAMES)}某",
            )
        )
    party_s = time.perf_counter() - t0
    for party in parties:
        t = time.perf_counter()
        cases.append(
            services.case_open(
                agency=w.agency_a,
                procedure="general",
                item=w.item_a,
                party=party,
                title="销售不符合食品安全标准的食品",
                place=w.township_a,
                discovered_on=DISCOVERED,
                act_on=ACT,
                officers=cw.officers[:2],
                lead_officer=cw.officers[0],
                actor=cw.officer_user,
            )
        )
        open_ms.append((time.perf_counter() - t) * 1000)
    emit(
        "transitions.open",
        n=args.n,
        party_create_per_s=round(args.n / party_s, 1),
        case_open_per_s=round(args.n / (sum(open_ms) / 1000), 1),
        **summary(open_ms),
    )

    # No review trigger must fire, else `decide` would be refused by the legal-review gate.
    per_step: dict[str, list[float]] = defaultdict(list)
    # This process's CPU time per execute(): on a shared machine the wall time includes waiting for a
    # core; the CPU time does not (nor does it include the PostgreSQL server's work or fsync waits).
    cpu_step: dict[str, list[float]] = defaultdict(list)
    step_queries: dict[str, int] = {}  # SQL statements per execute(), counted on the second case
    progress(f"drive {args.n} cases through {len(STEPS)} transitions each")
    wall0 = time.perf_counter()
    with maybe_profile(args.profile, "transitions"):
        for k, case in enumerate(cases):
            fine = Decimal(50000 + rng.randrange(0, 30000, 100))  # minor tier: 50,000–80,000
            for name, on, who, data in STEPS:
                if name == "report":
                    data = {
                        "penalty_kinds": ["罚款"],
                        "fine_amount": str(fine),
                        "benchmark_id": cw.benchmark.pk,
                        "benchmark_tier": "minor",
                        "tier_reason": "货值金额较小，首次违法，积极配合调查",
                        "facts": "当事人于2026年2月20日销售不符合食品安全标准的食品，"
                        f"货值金额{rng.randint(500, 5000)}元。",
                    }
                    if args.violations > 1:  # several acts, each its own tier and fine (Art.29)
                        data = {"violations": [multi_violation(data, j, rng) for j in range(args.violations)]}
                elif name == "record_payment":
                    # 罚缴分离 (行政处罚法 Art.67): the bank's receipt is the proof of payment (issue 17),
                    # for the case's total (the sum of its violations' fines).
                    data = {"receipt_number": f"BENCH-{k}", "receipt_amount": str(case.fine_amount)}
                if name == "serve_notice" and args.violations > 1:
                    data = {"hearing_offered": True}  # the total passes 100,000 (Art.63)
                counted = k == min(1, args.n - 1)
                capture = CaptureQueriesContext(connection) if counted else contextlib.nullcontext()
                with capture:
                    t, c = time.perf_counter(), time.process_time()
                    case = engine.execute(case=case, transition=name, actor=actors[who], data=data, on=on)
                    per_step[name].append((time.perf_counter() - t) * 1000)
                    cpu_step[name].append((time.process_time() - c) * 1000)
                if counted:
                    step_queries[name] = len(capture.captured_queries)  # type: ignore[union-attr]
                if k == 0 and name == "report":
                    assert not triggers_for(case), "a review trigger fires: decide would be refused"
            assert case.state == "closed", case.state
            if (k + 1) % 50 == 0:
                progress(f"  {k + 1} cases closed")
    wall = time.perf_counter() - wall0
    render_s, rendered = 0.0, 0
    if args.rendering == "worker":
        # What `zhifa worker` does with the queued documents, timed on its own (one process).
        progress(f"render {Document.objects.filter(sha256='').count()} queued documents")
        t = time.perf_counter()
        rendered = documents.render_pending()
        render_s = time.perf_counter() - t
    unrendered = Document.objects.filter(sha256="").count()
    assert unrendered == 0, f"{unrendered} documents left without a PDF"
    dispatch_s, dispatched = 0.0, 0
    if args.subscribers == "worker":
        # What `zhifa worker` does with the queued journal events (publicity drafting each decision).
        from django_tasks_db.models import DBTaskResult

        from zhifa.journal.tasks import dispatch_entry

        queued = [
            r.args_kwargs["args"][0]
            for r in DBTaskResult.objects.filter(task_path="zhifa.journal.tasks.dispatch_entry").order_by(
                "enqueued_at"
            )
        ]
        progress(f"run the subscribers of {len(queued)} queued entries")
        t = time.perf_counter()
        for entry_id in queued:
            dispatch_entry.call(entry_id)
        dispatch_s, dispatched = time.perf_counter() - t, len(queued)

    total_ms = sum(sum(v) for v in per_step.values())
    n_total = sum(len(v) for v in per_step.values())
    non_pdf = [x for name, v in per_step.items() if name not in PDF_STEPS for x in v]
    pdf = [x for name, v in per_step.items() if name in PDF_STEPS for x in v]
    for name, *_ in STEPS:
        v = per_step[name]
        emit(
            "transitions.step",
            step=name,
            violations=args.violations,
            pdf=name in PDF_STEPS,
            n=len(v),
            queries=step_queries.get(name),
            per_s=round(len(v) / (sum(v) / 1000), 1),
            **summary(v),
            cpu_mean_ms=round(statistics.fmean(cpu_step[name]), 2),
        )
    from zhifa.publicity.models import Publication

    if dispatched:
        emit(
            "transitions.subscribers",
            entries=dispatched,
            seconds=round(dispatch_s, 2),
            entries_per_s=round(dispatched / dispatch_s, 1),
        )
    if rendered or dispatched:
        emit(
            "transitions.render",
            documents=rendered,
            seconds=round(render_s, 2),
            documents_per_s=round(rendered / render_s, 1) if rendered else None,
            # Steps, their PDFs and their subscribers done one after the other in one process.
            end_to_end_transitions_per_s=round(n_total / (total_ms / 1000 + render_s + dispatch_s), 1),
        )
    emit(
        "transitions",
        cases=args.n,
        violations=args.violations,
        rendering=args.rendering,
        subscribers=args.subscribers,
        documents=Document.objects.count(),
        publications_drafted=Publication.objects.count(),
        transitions=n_total,
        wall_s=round(wall, 2),
        transitions_per_s=round(n_total / (total_ms / 1000), 1),
        # Transitions per second of this process's CPU time (what a quiet machine would approach on
        # SQLite; on PostgreSQL the server's share and the commit flushes come on top).
        client_cpu_transitions_per_s=round(n_total / (sum(sum(v) for v in cpu_step.values()) / 1000), 1),
        non_pdf_transitions_per_s=round(len(non_pdf) / (sum(non_pdf) / 1000), 1),
        pdf_transitions_per_s=round(len(pdf) / (sum(pdf) / 1000), 1),
        target_per_s=200,
        met=n_total / (total_ms / 1000) >= 200,
        non_pdf_met=len(non_pdf) / (sum(non_pdf) / 1000) >= 200,
    )


# --------------------------------------------------------------------------- list

TITLES = [
    "销售不符合食品安全标准的食品",
    "未取得食品经营许可从事食品经营活动",
    "经营超过保质期的食品",
    "未按规定查验供货者许可证和产品合格证明",
    "虚假宣传",
    "销售未标明生产日期的预包装食品",
    "使用不合格计量器具",
    "未按规定公示营业执照",
    "从业人员未取得健康证明",
    "经营病死畜禽肉类",
    "无照经营",
    "价格违法行为",
]
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌辉宇浩鑫"
STATE_WEIGHTS = {
    # (procedure share, states with weights): most cases are finished, some are open.
    "general": (
        0.55,
        {
            "lead": 3,
            "declined": 2,
            "investigating": 8,
            "reported": 3,
            "noticed": 3,
            "hearing": 1,
            "ready": 2,
            "decided": 2,
            "served": 3,
            "executed": 3,
            "closed": 30,
            "archived": 40,
        },
    ),
    "summary": (0.3, None),
    "compulsion": (0.1, None),
    "no_penalty": (0.05, None),
}
OPEN_HINT = (
    "lead",
    "investigating",
    "reported",
    "noticed",
    "hearing",
    "ready",
    "decided",
    "served",
    "executed",
    "proposed",
    "in_force",
    "extended",
    "filed",
)


def _state_table() -> dict[str, tuple[list[str], list[float]]]:
    from zhifa.cases import engine

    out = {}
    for proc, (_share, weights) in STATE_WEIGHTS.items():
        states = list(engine.PROCEDURES[proc].states)
        if weights is None:  # unknown shape: finished states heavy, the rest light
            weights = {s: (30 if s in ("closed", "archived", "disposed", "lifted") else 3) for s in states}
        out[proc] = (states, [float(weights.get(s, 1)) for s in states])
    return out


def fill_cases(args: argparse.Namespace, cw: Any) -> dict[str, Any]:
    """Bulk-insert cases with bulk_create (bypassing services and the engine: this is a read benchmark)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from zhifa.cases.models import Case, CaseOfficer, Deadline, DeadlineStatus, Party, PartyKind
    from zhifa.testing import make_officer

    rng = random.Random(args.seed)
    w = cw.world
    table = _state_table()
    procs = list(STATE_WEIGHTS)
    proc_w = [STATE_WEIGHTS[p][0] for p in procs]
    officers_b = [make_officer(agency=w.agency_b, name=n) for n in ("周平", "吴刚")]
    today = timezone.localdate()
    start = date(2024, 1, 1)
    span = (today - start).days
    targets = [
        (w.agency_a, w.item_a, cw.officers, args.cases),
        (w.agency_b, w.item_b, officers_b, args.cases // 10),
    ]
    batch = 5000
    counters = defaultdict(int)
    t0 = time.perf_counter()
    serial = 0
    for agency, item, officers, n in targets:
        done = 0
        while done < n:
            size = min(batch, n - done)
            with transaction.atomic():
                parties = []
                for _ in range(size):
                    if rng.random() < 0.45:
                        name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))
                        kind = PartyKind.NATURAL_PERSON
                    else:
                        name = company_name(rng)
                        kind = PartyKind.LEGAL_PERSON
                    parties.append(Party(agency=agency, kind=kind, name=name, address="江北市城关街道1号"))
                Party.objects.bulk_create(parties, batch_size=1000)
                cases = []
                for p in parties:
                    proc = rng.choices(procs, proc_w)[0]
                    states, weights = table[proc]
                    state = rng.choices(states, weights)[0]
                    discovered = start + timedelta(days=rng.randrange(span))
                    filed = state not in ("lead", "declined", "proposed")
                    serial += 1
                    cases.append(
                        Case(
                            agency=agency,
                            procedure=proc,
                            state=state,
                            case_number=f"江北市监立〔{discovered.year}〕{serial}号" if filed else "",
                            title=rng.choice(TITLES),
                            item=item,
                            party=p,
                            place=w.township_a,
                            discovered_on=discovered,
                            act_on=discovered - timedelta(days=rng.randrange(30)),
                            filed_on=discovered + timedelta(days=2) if filed else None,
                            penalty_kinds=["罚款"],
                            fine_amount=Decimal(rng.randrange(200, 80000, 100)),
                        )
                    )
                Case.objects.bulk_create(cases, batch_size=1000)
                cos, dls = [], []
                for c in cases:
                    cos.append(CaseOfficer(case=c, officer=officers[0], role="lead"))
                    cos.append(CaseOfficer(case=c, officer=officers[1 + rng.randrange(len(officers) - 1)]))
                    is_open = c.state in OPEN_HINT
                    anchor = c.discovered_on
                    for j in range(rng.choice((1, 2))):
                        due = anchor + timedelta(days=rng.randrange(5, 90))
                        running = is_open and j == 0
                        if running:  # open cases: clocks due around today (some overdue)
                            due = today + timedelta(days=rng.randrange(-20, 60))
                        dls.append(
                            Deadline(
                                case=c,
                                kind=("filing", "decision_period", "service", "payment")[
                                    j + rng.randrange(3)
                                ],
                                label=("立案审查", "作出处罚决定", "送达处罚决定书", "缴纳罚款")[j],
                                rule="《中华人民共和国行政处罚法》第六十条",
                                anchor_on=anchor,
                                due_on=due,
                                status=DeadlineStatus.RUNNING if running else DeadlineStatus.MET,
                                closed_on=None if running else due,
                            )
                        )
                CaseOfficer.objects.bulk_create(cos, batch_size=2000)
                Deadline.objects.bulk_create(dls, batch_size=2000)
                counters["parties"] += len(parties)
                counters["cases"] += len(cases)
                counters["case_officers"] += len(cos)
                counters["deadlines"] += len(dls)
            done += size
            progress(f"  agency {agency.pk}: {done}/{n} cases")
    insert_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("ANALYZE cases_case, cases_party, cases_deadline, cases_caseofficer")
    emit(
        "list.fill",
        method="bulk_create (not the services/engine)",
        insert_s=round(insert_s, 1),
        analyze_s=round(time.perf_counter() - t1, 2),
        **counters,
    )
    return {"officer_id": cw.officers[1].pk}


def _explain(sql: str) -> list[str]:
    from django.db import connection

    with connection.cursor() as c:
        c.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return [r[0] for r in c.fetchall()]


def bench_list(args: argparse.Namespace) -> None:
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from zhifa.accounts.models import User
    from zhifa.cases.models import Case, Deadline, DeadlineStatus, Party
    from zhifa.testing import make_case_world

    if connection.vendor != "postgresql" and not args.force:
        sys.exit("`list` is meant for PostgreSQL (set ZHIFA_DATABASE_URL), or pass --force")
    # No setup_test_environment(): it instruments template rendering so that the test Client copies
    # every template context, which would be timed too. 'testserver' is in ALLOWED_HOSTS already.
    marker = _list_marker()
    if marker is None:
        progress("make_case_world")
        cw = make_case_world()
        progress(f"bulk-insert {args.cases} cases (+10% for a second agency)")
        extra = fill_cases(args, cw)
        user, officer_id = cw.officer_user, extra["officer_id"]
        with connection.cursor() as c:
            c.execute(f"CREATE TABLE {LIST_MARKER} (user_id bigint, officer_id bigint, cases bigint)")
            c.execute(f"INSERT INTO {LIST_MARKER} VALUES (%s, %s, %s)", [user.pk, officer_id, args.cases])
    else:
        user = User.objects.get(pk=marker[0])
        officer_id = marker[1]
        progress(f"reusing the {marker[2]} cases of an earlier `list` fill ({LIST_MARKER})")

    # A party name that exists (a common given name: a realistic partial search), and a full one.
    common = "王伟"
    # The 501st legal person (or the last one of a smaller fill, as the smoke run makes).
    full_name = list(
        Party.objects.filter(agency_id=user.agency_id, kind="legal_person")
        .order_by("id")
        .values_list("name", flat=True)[:501]
    )[-1]
    today = timezone.localdate()
    variants = [
        ("all", {}),
        ("state", {"state": "investigating"}),
        ("procedure", {"procedure": "general"}),
        ("state+procedure", {"state": "noticed", "procedure": "general"}),
        ("due", {"due": (today + timedelta(days=7)).isoformat()}),
        ("search_name_partial", {"q": common}),
        ("search_name_full", {"q": full_name}),
        ("search_case_number", {"q": "〔2025〕1234号"}),
        ("officer", {"officer": str(officer_id)}),
        ("all_page_1000", {"page": "1000"}),
    ]
    client = Client()
    client.force_login(user)
    results = []
    profiling = maybe_profile(args.profile, "list requests (all variants)")
    profiling.__enter__()
    for label, params in variants:
        query_counts, times, last = [], [], []
        client.get("/workbench/cases/", params)  # warm-up (caches, connection)
        for _ in range(args.reps):
            reset_queries()
            with CaptureQueriesContext(connection) as ctx:
                t = time.perf_counter()
                resp = client.get("/workbench/cases/", params)
                times.append((time.perf_counter() - t) * 1000)
            assert resp.status_code == 200, (label, resp.status_code)
            query_counts.append(len(ctx.captured_queries))
            last = ctx.captured_queries
        s = summary(times)
        rows = resp.content.decode().count('data-label="案号"')
        emit(
            "list",
            variant=label,
            params=params,
            rows_on_page=rows,
            queries=max(query_counts),
            **s,
            sql_ms_last_request=round(sum(float(q["time"]) for q in last) * 1000, 1),
            # Each statement of the last request: (ms, beginning of the SQL); `time` has 1 ms resolution.
            statements=[(round(float(q["time"]) * 1000, 1), q["sql"][:110]) for q in last],
            met=max(query_counts) <= 15 and s["p95_ms"] <= 150,
        )
        results.append((label, s["p95_ms"]))
        if args.explain and connection.vendor == "postgresql":
            for q in last:
                sql = q["sql"]
                if "cases_case" in sql and ("COUNT(*)" in sql or " LIMIT " in sql):
                    what = "pagination COUNT(*)" if "COUNT(*)" in sql else "page query"
                    emit("list.explain", variant=label, what=what, sql=sql, plan=_explain(sql))
    profiling.__exit__(None, None, None)
    # Context: the running-deadline count (what the `due` filter joins against).
    emit(
        "list.summary",
        cases_visible=Case.objects.filter(agency_id=user.agency_id).count(),
        running_deadlines=Deadline.objects.filter(status=DeadlineStatus.RUNNING).count(),
        worst_variant=max(results, key=lambda r: r[1])[0],
        all_met=all(r[1] <= 150 for r in results),
        worst_p95_ms=max(r[1] for r in results),
    )


# --------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--migrate", action="store_true", help="run migrations first")
    parser.add_argument("--force", action="store_true", help="run even if the database holds cases")
    parser.add_argument("--seed", type=int, default=20260322)
    parser.add_argument("--profile", action="store_true", help="cProfile the measurement")
    sub = parser.add_subparsers(dest="bench", required=True)
    t = sub.add_parser("transitions")
    # --profile is also accepted after the subcommand (as the docstring shows it).
    t.add_argument("--profile", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    t.add_argument("--n", type=int, default=300, help="cases to drive (8 transitions each)")
    t.add_argument(
        "--violations",
        type=int,
        default=1,
        help="violations per case (issue 17): 1 is the one-violation proposal of before; more report a "
        "list, each in the lowest tier (the total then passes the hearing threshold: the notice offers it)",
    )
    t.add_argument(
        "--rendering",
        choices=("after_commit", "worker"),
        default="after_commit",
        help="ZHIFA_DOCUMENT_RENDERING: render each PDF right after its step commits, in the timed "
        "call (the default), or queue it; with worker the queued PDFs are then rendered and timed apart",
    )
    t.add_argument(
        "--subscribers",
        choices=("after_commit", "worker"),
        default="after_commit",
        help="ZHIFA_JOURNAL_SUBSCRIBERS: run the apps' reactions to journal events (publicity drafting a "
        "decision) right after the step commits, in the timed call (the default), or queue them; with "
        "worker they are then run and timed apart",
    )
    lst = sub.add_parser("list")
    lst.add_argument("--cases", type=int, default=100_000)
    lst.add_argument("--reps", type=int, default=50)
    lst.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the slowest query per variant")
    lst.add_argument("--profile", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    setup(args)
    if args.bench == "transitions":
        bench_transitions(args)
    else:
        bench_list(args)


if __name__ == "__main__":
    main()
