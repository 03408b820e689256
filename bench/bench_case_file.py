"""Benchmark the electronic case file (电子卷宗): the time to build one case's package, and to verify it
offline.

Run from the repository root against a FRESH database of your own (it refuses one that holds cases unless
--force; the journal it writes is append-only, so drop the scratch database afterwards):

    export ZHIFA_VAR_DIR=$(mktemp -d /tmp/bench-casefile-XXXX)   # SQLite, keys and blobs live here
    # or PostgreSQL: export ZHIFA_DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_casefile
    .venv/bin/python bench/bench_case_file.py --migrate [--cases 5] [--evidence 3] [--evidence-kb 512]

A typical case: the general procedure from filing to archiving (立案审批表, 事先告知书 and its 送达回证,
决定书 and its 送达回证, 结案审批表: 6 PDFs, ~15 journal entries) with --evidence recorder videos of
--evidence-kb each. The case's PDFs are rendered and a checkpoint signed before the timing, as the
after-commit rendering and the sequencer do in use. Then for each case: `evidence.casefile.build` (the PDFs
read back and their pages counted, the evidence streamed in, the inclusion proofs, the 卷内目录 rendered,
the ZIP written) is timed, and `tools/verify_case_file.py` is timed on it in-process.

Figures (JSON lines): "case_file.build" with n, p50/p95/max/mean ms, the package's size, files, pages
and entries; "case_file.verify" the offline verification's times.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import random
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import _common
from _common import summary

_common.bootstrap()

OUT = _common.Output("bench_case_file")
emit, progress = OUT.emit, OUT.progress
MP4_HEADER = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
STEPS: list[tuple[str, date, str, dict[str, Any] | None]] = [
    ("file", date(2026, 3, 4), "head", {}),
    ("report", date(2026, 3, 20), "officer", None),
    ("serve_notice", date(2026, 3, 23), "head", {}),
    ("close_statement", date(2026, 3, 24), "head", {"waived": True, "summary": "当事人书面放弃陈述申辩"}),
    ("decide", date(2026, 3, 25), "head", {}),
    ("serve_decision", date(2026, 3, 26), "head", {"method": "direct"}),
    ("record_payment", date(2026, 3, 27), "head", {}),
    ("close", date(2026, 3, 30), "head", {}),
]


def _verifier() -> Any:
    path = _common.ROOT / "tools" / "verify_case_file.py"
    spec = importlib.util.spec_from_file_location("verify_case_file", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_case(cw: Any, rng: random.Random, i: int, evidence: int, kb: int) -> Any:
    from django.core.files.base import ContentFile

    from zhifa.cases import engine, services
    from zhifa.evidence import services as evidence_services
    from zhifa.lib.identifiers import complete_credit_code

    w = cw.world
    party = services.party_create(
        agency=w.agency_a,
        kind="legal_person",
        name=f"江北市第{i}食品有限公司",
        address=f"江北市城关街道{rng.randint(1, 999)}号",
        credit_code=complete_credit_code(f"9199020{i:09d}"[:16]),
    )
    case = services.case_open(
        agency=w.agency_a,
        procedure="general",
        item=w.item_a,
        party=party,
        title="销售不符合食品安全标准的食品",
        place=w.township_a,
        discovered_on=date(2026, 3, 2),
        act_on=date(2026, 2, 20),
        officers=cw.officers[:2],
        lead_officer=cw.officers[0],
        actor=cw.officer_user,
    )
    for name, on, who, data in STEPS:
        if data is None:
            data = {
                "penalty_kinds": ["罚款"],
                "fine_amount": str(Decimal(50000 + rng.randrange(0, 30000, 100))),
                "benchmark_id": cw.benchmark.pk,
                "benchmark_tier": "minor",
                "tier_reason": "首次违法，积极配合调查",
                "facts": "当事人销售不符合食品安全标准的食品，货值金额较小。",
            }
        if name == "record_payment":  # 罚缴分离 (行政处罚法 Art.67): the bank's receipt for the fine
            data = {"receipt_number": f"BENCH-CF-{case.pk}", "receipt_amount": str(case.fine_amount)}
        actor = cw.head if who == "head" else cw.officer_user
        case = engine.execute(case=case, transition=name, actor=actor, data=data, on=on)
        if name == "file":
            for k in range(evidence):
                metadata = evidence_services.evidence_metadata_parse(
                    agency=w.agency_a,
                    data={
                        "filename": f"执法记录仪-{k}.mp4",
                        "kind": "video",
                        "case_ref": case.case_number,
                        "collected_at": "2026-03-05T10:00:00+08:00",
                        "collected_place": "江北市城关街道",
                        "proves": "现场检查过程",
                        "collected_by": ",".join(str(o.pk) for o in cw.officers[:2]),
                    },
                )
                body = MP4_HEADER + rng.randbytes(kb * 1024)
                evidence_services.evidence_ingest_file(
                    metadata=metadata, content=ContentFile(body, name="v.mp4"), actor=cw.officer_user
                )
    return case


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--migrate", action="store_true", help="run migrations first")
    parser.add_argument("--force", action="store_true", help="run even if the database holds cases")
    parser.add_argument("--cases", type=int, default=5, help="cases to build a package for")
    parser.add_argument("--evidence", type=int, default=3, help="recorder videos per case")
    parser.add_argument("--evidence-kb", type=int, default=512, help="size of each video")
    parser.add_argument("--seed", type=int, default=20261207)
    args = parser.parse_args()

    _common.django_setup(OUT, migrate=args.migrate)
    from django.conf import settings
    from django.db import connection

    from zhifa.cases import documents, engine
    from zhifa.cases.models import Case
    from zhifa.evidence import casefile
    from zhifa.journal.sequencer import integrate_batch
    from zhifa.testing import make_case_world

    _common.refuse_unless_scratch(OUT, "cases" if Case.objects.exists() else "", force=args.force)
    settings.ZHIFA_DOCUMENT_RENDERING = "after_commit"
    emit(
        "machine",
        python=platform.python_version(),
        cpus=os.cpu_count(),
        database=str(connection.settings_dict["NAME"]),
    )
    rng = random.Random(args.seed)
    progress("make_case_world")
    cw = make_case_world()
    progress(f"drive {args.cases} cases to 结案 with {args.evidence} videos each")
    cases = [make_case(cw, rng, i, args.evidence, args.evidence_kb) for i in range(args.cases)]
    documents.render_pending()
    integrate_batch(force_checkpoint=True)
    cases = [engine.execute(case=c, transition="archive", actor=cw.head, on=date(2026, 4, 1)) for c in cases]
    integrate_batch(force_checkpoint=True)

    verifier = _verifier()
    build_ms, verify_ms, sizes = [], [], []
    manifest: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases:
            t = time.perf_counter()
            package = casefile.build(case=case)
            path = Path(tmp) / f"{case.pk}.zip"
            path.write_bytes(package.file.read())
            build_ms.append((time.perf_counter() - t) * 1000)
            sizes.append(package.size)
            manifest = package.manifest
            t = time.perf_counter()
            result = verifier.verify(str(path))
            verify_ms.append((time.perf_counter() - t) * 1000)
            if not result.startswith("OK") or "NOT YET PROVEN" in result:
                OUT.refuse(f"case {case.pk}: {result}")
    emit(
        "case_file.build",
        n=len(build_ms),
        documents=len(manifest["documents"]),
        pages=manifest["index"]["numbered_pages"],
        evidence=len(manifest["evidence"]),
        entries=manifest["journal"]["entries"],
        files=len(manifest["files"]),
        package_kb=round(sum(sizes) / len(sizes) / 1024, 1),
        **summary(build_ms),
    )
    emit("case_file.verify", n=len(verify_ms), **summary(verify_ms))


if __name__ == "__main__":
    main()
