"""Measure zhifa.lib.redact on the hand-labelled published decisions, with and without the NER model.

    .venv/bin/python bench/measure_redact.py [--set labelled|heldout|blind|both|all] [--model on|off|both]
                                             [--mode case|text|both] [--speed-docs 200] [--no-rss]
                                             [--show-misses] [--limit N] [--summary]

Two labelled sets (scored by ``zhifa.lib.redact.tests.labelled``): ``labelled`` is
``src/zhifa/lib/redact/tests/data/labelled/*.json`` (see ``build_labelled.py`` there: decisions
published by agencies, fictional personal data re-inserted, every span labelled by hand; the
detectors were tuned on it); ``heldout`` is ``…/data/heldout/*.json`` (``build_heldout.py``: a
fresh set labelled the same way before the engine was run on it, then fixed for); ``blind`` is
``…/data/blind/*.json`` (the same script: labelled after those fixes, measured once).
``--summary`` ends with one table of names/addresses/identifiers/must-keep per set, model and
mode (no speed run needed: ``--speed-docs 0 --summary``). Two modes:

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
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import _common

_common.bootstrap(django=False)

from bench_redact import make_document  # noqa: E402

from zhifa.lib.redact import ner as redact_ner  # noqa: E402
from zhifa.lib.redact import redact  # noqa: E402
from zhifa.lib.redact.tests.labelled import STRUCTURED, load, score  # noqa: E402,F401


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
    print(peak_rss_mb())


def peak_rss_mb() -> int:
    """This process's peak resident set (VmHWM). Not ``ru_maxrss``: Linux carries that across
    ``exec`` from the parent, which may already hold the model."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) // 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def rss(model: bool, n: int) -> int:
    out = subprocess.run(
        [sys.executable, __file__, "--rss-child", "on" if model else "off", "--speed-docs", str(n)],
        capture_output=True,
        text=True,
        check=True,
        env={
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(_common.ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
        },
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
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--set", choices=("labelled", "heldout", "blind", "both", "all"), default="labelled")
    parser.add_argument("--summary", action="store_true")
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
    sets = {"both": ["labelled", "heldout"], "all": ["labelled", "heldout", "blind"]}.get(
        args.set, [args.set]
    )
    models = [m for m in (True, False) if args.model in ("both", "on" if m else "off")]
    if True in models and not redact_ner.available():
        print(
            f"the NER model is not available ({redact_ner.unavailable_reason()}): rules only", file=sys.stderr
        )
        models = [False]
    modes = ["case", "text"] if args.mode == "both" else [args.mode]
    rows: list[tuple[str, str, dict[str, Any]]] = []
    for model in models:
        sp = speed(args.speed_docs, model=model) if args.speed_docs else None
        mem = None if args.no_rss or not args.speed_docs else rss(model, min(args.speed_docs, 50))
        for which in sets:
            docs = load(args.limit, which)
            print(f"\n[{which}] {len(docs)} documents, {sum(len(d['text']) for d in docs)} characters")
            for mode in modes:
                s = score(docs, mode=mode, model=model)
                label = f"{which} · model {'on ' if model else 'off'} · mode {mode}"
                report(label, s, sp, mem, args.show_misses)
                rows.append((which, f"{'model' if model else 'rules'}, {mode}", s))
                emit(out, which, model, mode, docs, s, sp, mem)
    if args.summary:
        summary(rows)


def _cell(pair: tuple[int, int]) -> str:
    a, b = pair
    return f"{a / b * 100:.1f} % ({a}/{b})" if b else "–"


def summary(rows: list[tuple[str, str, dict[str, Any]]]) -> None:
    """One Markdown table: a column per set, model and mode; a row per figure."""
    heads = [f"{which}: {setting}" for which, setting, _ in rows]
    lines = [
        ("names recall", lambda s: _cell(s["recall"].get("person_name", (0, 0)))),
        ("names precision", lambda s: _cell(s["precision"].get("person_name", (0, 0)))),
        ("addresses recall", lambda s: _cell(s["recall"].get("address", (0, 0)))),
        ("addresses precision", lambda s: _cell(s["precision"].get("address", (0, 0)))),
        ("identifiers recall", lambda s: _cell(s["structured"])),
        ("must-keep chars kept", lambda s: _cell((s["keep"][0], s["keep"][1]))),
        ("keep spans touched", lambda s: f"{s['keep'][2]}/{s['keep'][3]}"),
    ]
    print("\n| | " + " | ".join(heads) + " |")
    print("|---|" + "---|" * len(heads))
    for name, fn in lines:
        print(f"| {name} | " + " | ".join(fn(s) for _, _, s in rows) + " |")


def emit(
    out: _common.Output,
    which: str,
    model: bool,
    mode: str,
    docs: list[dict[str, Any]],
    s: dict[str, Any],
    sp: dict[str, float] | None,
    mem: int | None,
) -> None:
    out.emit(
        "measure_redact",
        **{
            "set": which,
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
