"""Benchmark zhifa.lib.officialdoc: documents/s for a two-page 行政处罚决定书.

Run from the repository root:  .venv/bin/python bench/bench_officialdoc.py [--seconds S] [--extract]

Prints one JSON object per line: the one-off font load (two TrueType files, ~10 MB, parsed once per
process), then render_pdf throughput in one process (reportlab holds the GIL: scale with processes,
not threads), and with --extract also extract_text throughput on the result.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import json
import statistics
import time

import _common
from pypdf import PdfReader

_common.bootstrap(django=False)

from zhifa.lib import officialdoc  # noqa: E402  (after the checkout's src/ is on the path)
from zhifa.lib.tests.test_officialdoc import sample_decision  # noqa: E402


def emit(**fields: object) -> None:
    print(json.dumps(fields, sort_keys=True, ensure_ascii=False), flush=True)


def two_page_decision() -> officialdoc.OfficialDocument:
    """The test suite's sample decision, shortened to two pages (facts, basis and remedy kept)."""
    doc = sample_decision()
    drop = {6, 7, 9}  # two evidence paragraphs and the legal-basis paragraph
    paragraphs = [b for k, b in enumerate(doc.paragraphs) if k not in drop]
    return dataclasses.replace(doc, paragraphs=paragraphs, copy_note="")


def rate(fn: object, seconds: float) -> tuple[float, float]:
    """(calls per second, median seconds per call) of fn() over about ``seconds``."""
    assert callable(fn)
    times: list[float] = []
    end = time.perf_counter() + seconds
    while time.perf_counter() < end or len(times) < 5:
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return len(times) / sum(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--extract", action="store_true", help="also time extract_text")
    args = parser.parse_args()

    t0 = time.perf_counter()
    officialdoc.layout_lines("字")  # loads and registers the fonts
    emit(bench="font_load", seconds=round(time.perf_counter() - t0, 3))

    doc = two_page_decision()
    pdf = officialdoc.render_pdf(doc)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    if pages != 2:
        raise SystemExit(f"the bench document has {pages} pages, expected 2")
    per_s, median = rate(lambda: officialdoc.render_pdf(doc), args.seconds)
    emit(
        bench="render_pdf",
        pages=pages,
        pdf_bytes=len(pdf),
        documents_per_s=round(per_s, 1),
        median_ms=round(median * 1000, 2),
    )
    if args.extract:
        per_s, median = rate(lambda: officialdoc.extract_text(pdf), args.seconds)
        emit(bench="extract_text", documents_per_s=round(per_s, 1), median_ms=round(median * 1000, 2))


if __name__ == "__main__":
    main()
