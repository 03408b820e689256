"""Measure zhifa.lib.redact on the hand-labelled published decisions, with and without the NER model.

    .venv/bin/python bench/measure_redact.py [--model on|off|both] [--mode case|text|both]
                                             [--speed-docs 200] [--no-rss] [--show-misses] [--limit N]

The labelled set is ``src/zhifa/lib/redact/tests/data/labelled/*.json`` (see ``build_labelled.py``
there: decisions published by agencies, fictional personal data re-inserted, every span labelled by
hand). Two modes:

* ``case``: the engine is given what a case record knows (the party and its legal representative or
  operator as parties, the case's officers as names to keep) — how the publicity pipeline calls it;
* ``text``: the bare text, nothing else known (``zhifa redact`` without ``--parties``).

Printed per mode and model setting:

* recall per redact category: a labelled span counts as found when every character of it is inside
  some redaction (whatever its category: nothing of it is published);
* precision per predicted category: a redaction counts as right when it overlaps a labelled
  redact span, wrong when it overlaps none (spans labelled ``x`` are not scored either way);
* must-keep: the share of the characters labelled keep (document numbers, laws, amounts, dates,
  organizations, officers, organizations' addresses, look-alike words) left untouched, and how many
  keep spans were touched;
* speed on generated ~3 KB decisions (``bench_redact.make_document``): documents per second on one
  core (process CPU time; onnxruntime is held to one thread), p50/p95 milliseconds per document;
* peak RSS of a fresh process that imports the package, redacts the speed documents and exits
  (``--no-rss`` skips it).

The figures go to stdout as a table, and as one JSON line per setting (``_common.Output.emit``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import _common

_common.bootstrap(django=False)

from bench_redact import make_document  # noqa: E402

from zhifa.lib.redact import Party, redact  # noqa: E402
from zhifa.lib.redact import ner as redact_ner  # noqa: E402

DATA = _common.ROOT / "src" / "zhifa" / "lib" / "redact" / "tests" / "data" / "labelled"
STRUCTURED = ("id_number", "phone", "bank_account", "vehicle_plate", "email", "passport", "property_certificate")


def load(limit: int | None = None) -> list[dict[str, Any]]:
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(DATA.glob("*.json"))]
    return docs[:limit] if limit else docs


def score(docs: list[dict[str, Any]], *, mode: str, model: bool) -> dict[str, Any]:
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    right: Counter[str] = Counter()
    predicted: Counter[str] = Counter()
    keep_chars = keep_kept = keep_spans = keep_touched = 0
    misses: list[str] = []
    wrong: list[str] = []
    touched: list[str] = []
    for doc in docs:
        text = doc["text"]
        parties = [Party.from_mapping(p) for p in doc["parties"]] if mode == "case" else []
        keep = doc["officers"] if mode == "case" else []
        result = redact(text, parties=parties, keep_names=keep, model=model)
        covered = bytearray(len(text))
        for s in result.spans:
            covered[s.start : s.end] = b"\x01" * (s.end - s.start)
        labels = doc["labels"]
        for g in labels:
            if g["kind"] == "redact":
                total[g["category"]] += 1
                if all(covered[g["start"] : g["end"]]):
                    found[g["category"]] += 1
                else:
                    misses.append(f"{doc['id']} {g['category']}: {g['text']}")
            elif g["kind"] == "keep":
                n = g["end"] - g["start"]
                hit = sum(covered[g["start"] : g["end"]])
                keep_chars += n
                keep_kept += n - hit
                keep_spans += 1
                if hit:
                    keep_touched += 1
                    touched.append(f"{doc['id']} {g['category']}: {g['text']}")
        for s in result.spans:
            overlapping = [g for g in labels if g["start"] < s.end and s.start < g["end"]]
            if any(g["kind"] == "redact" for g in overlapping):
                predicted[s.category] += 1
                right[s.category] += 1
            elif any(g["kind"] == "ignore" for g in overlapping):
                continue
            else:
                predicted[s.category] += 1
                wrong.append(f"{doc['id']} {s.category}: {s.original}")
    structured_found = sum(found[c] for c in STRUCTURED)
    structured_total = sum(total[c] for c in STRUCTURED)
    return {
        "recall": {c: (found[c], total[c]) for c in sorted(total)},
        "precision": {c: (right[c], predicted[c]) for c in sorted(predicted)},
        "structured": (structured_found, structured_total),
        "keep": (keep_kept, keep_chars, keep_touched, keep_spans),
        "misses": misses,
        "wrong": wrong,
        "touched": touched,
    }


def speed(n: int, *, model: bool, seed: int = 7) -> dict[str, float]:
    rng = random.Random(seed)
    docs = [make_document(rng) for _ in range(n)]
    redact(docs[0][0], parties=docs[0][1], model=model)  # warm-up: imports, regexes, model load
    times: list[float] = []
    c0 = time.process_time()
    for text, parties in docs:
        t0 = time.perf_counter()
        redact(text, parties=parties, model=model)
        times.append((time.perf_counter() - t0) * 1000)
    cpu = time.process_time() - c0
    times.sort()
    kb = statistics.mean(len(t.encode("utf-8")) for t, _ in docs) / 1024
    return {
        "docs_per_cpu_s": round(n / cpu, 1),
        "p50_ms": round(_common.percentile(times, 0.50), 1),
        "p95_ms": round(_common.percentile(times, 0.95), 1),
        "mean_kb": round(kb, 2),
    }


def rss_child(model: bool, n: int) -> None:
    rng = random.Random(3)
    for _ in range(n):
        text, parties = make_document(rng)
        redact(text, parties=parties, model=model)
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)


def rss(model: bool, n: int) -> int:
    out = subprocess.run(
        [sys.executable, __file__, "--rss-child", "on" if model else "off", "--speed-docs", str(n)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(_common.ROOT / "src"), os.environ.get("PYTHONPATH", "")])},
    )
    return int(out.stdout.strip().splitlines()[-1])


def pct(a: int, b: int) -> str:
    return f"{a / b * 100:6.1f}% ({a}/{b})" if b else "     – (0/0)"


def report(label: str, s: dict[str, Any], sp: dict[str, float] | None, mem: int | None, show: bool) -> None:
    print(f"\n== {label}")
    for c, (f, t) in s["recall"].items():
        p = s["precision"].get(c)
        print(f"  {c:<22} recall {pct(f, t)}   precision {pct(*p) if p else '     –'}")
    for c, p in s["precision"].items():
        if c not in s["recall"]:
            print(f"  {c:<22} recall      –          precision {pct(*p)}")
    f, t = s["structured"]
    print(f"  {'structured (all)':<22} recall {pct(f, t)}")
    kept, chars, touched, spans = s["keep"]
    print(f"  must-keep text kept    {pct(kept, chars)}  keep spans touched: {touched}/{spans}")
    if sp:
        print(
            f"  speed: {sp['docs_per_cpu_s']} docs/CPU-s (~{sp['mean_kb']} KB each), "
            f"p50 {sp['p50_ms']} ms, p95 {sp['p95_ms']} ms"
        )
    if mem is not None:
        print(f"  peak RSS: {mem} MB")
    if show:
        for line in s["misses"]:
            print(f"    miss    {line}")
        for line in s["wrong"]:
            print(f"    wrong   {line}")
        for line in s["touched"]:
            print(f"    touched {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", choices=("on", "off", "both"), default="both")
    parser.add_argument("--mode", choices=("case", "text", "both"), default="both")
    parser.add_argument("--speed-docs", type=int, default=200)
    parser.add_argument("--no-rss", action="store_true")
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--rss-child", choices=("on", "off"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rss_child:
        rss_child(args.rss_child == "on", args.speed_docs)
        return
    out = _common.Output("measure_redact")
    docs = load(args.limit)
    models = [m for m in (True, False) if args.model in ("both", "on" if m else "off")]
    if True in models and not redact_ner.available():
        print(f"the NER model is not available ({redact_ner.unavailable_reason()}): rules only", file=sys.stderr)
        models = [False]
    modes = ["case", "text"] if args.mode == "both" else [args.mode]
    print(f"{len(docs)} labelled documents, {sum(len(d['text']) for d in docs)} characters")
    for model in models:
        sp = speed(args.speed_docs, model=model) if args.speed_docs else None
        mem = None if args.no_rss or not args.speed_docs else rss(model, min(args.speed_docs, 50))
        for mode in modes:
            s = score(docs, mode=mode, model=model)
            label = f"model {'on ' if model else 'off'} · mode {mode}"
            report(label, s, sp, mem, args.show_misses)
            out.emit(
                "measure_redact",
                **{
                    "model": model,
                    "mode": mode,
                    "docs": len(docs),
                    "recall": {c: round(f / t, 4) for c, (f, t) in s["recall"].items() if t},
                    "precision": {c: round(r / p, 4) for c, (r, p) in s["precision"].items() if p},
                    "structured_recall": round(s["structured"][0] / max(1, s["structured"][1]), 4),
                    "keep_share": round(s["keep"][0] / max(1, s["keep"][1]), 4),
                    **(sp or {}),
                    "rss_mb": mem,
                },
            )


if __name__ == "__main__":
    main()
