"""The labelled sets and their scoring, shared by test_labelled.py and bench/measure_redact.py.

* ``labelled``: data/labelled/*.json, built by data/build_labelled.py (the set the detectors were
  tuned on);
* ``heldout``: data/heldout/*.json, built by data/build_heldout.py (a fresh set, collected and
  labelled before the engine was run on it; its errors were fixed afterwards);
* ``blind``: data/blind/*.json, built by the same script (collected and labelled after those
  fixes, measured once, never tuned on)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from zhifa.lib.redact import Party, redact

DATA = Path(__file__).parent / "data" / "labelled"
SETS = {"labelled": DATA, "heldout": DATA.parent / "heldout", "blind": DATA.parent / "blind"}
STRUCTURED = (
    "id_number",
    "phone",
    "bank_account",
    "vehicle_plate",
    "email",
    "passport",
    "property_certificate",
)


def load(limit: int | None = None, which: str = "labelled") -> list[dict[str, Any]]:
    """The documents of one set (``labelled``, ``heldout`` or ``blind``), in file order."""
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(SETS[which].glob("*.json"))]
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
