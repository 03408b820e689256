"""Receipts (存证): a journal entry with its inclusion proof and a signed checkpoint, in one JSON file
that anyone can check offline with tools/verify_receipt.py (stdlib + cryptography)."""

from __future__ import annotations

import base64
import json
from typing import Any

from zhifa.journal.models import JournalEntry
from zhifa.journal.proofs import (
    ProofUnavailable,
    checkpoint_covering,
    inclusion_proof,
    leaf_index_of,
    tree_algorithm,
)

FORMAT = "zhifa-receipt/1"


def receipt_for_entry(entry: JournalEntry) -> dict[str, Any]:
    index = leaf_index_of(entry.pk)
    checkpoint = checkpoint_covering(index)
    if checkpoint is None:
        raise ProofUnavailable("该记录尚未被签名检查点覆盖，请稍后再试")
    leaf = entry.leaf_bytes()
    proof = inclusion_proof(leaf_index=index, size=checkpoint.size)
    return {
        "format": FORMAT,
        "hash": tree_algorithm(),
        "entry": json.loads(leaf),
        "leaf": base64.b64encode(leaf).decode(),
        "leaf_index": index,
        "tree_size": checkpoint.size,
        "inclusion_proof": [base64.b64encode(h).decode() for h in proof],
        "checkpoint": checkpoint.note,
        "verifier_key": checkpoint.key.vkey,
    }


def receipt_json(entry: JournalEntry) -> str:
    return json.dumps(receipt_for_entry(entry), ensure_ascii=False, indent=2)
