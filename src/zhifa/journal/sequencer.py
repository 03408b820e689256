"""The sequencer: folds recorded journal entries into the RFC 9162 Merkle tree and signs checkpoints.

One batch is one transaction: lock the TreeState row (SELECT … FOR UPDATE on PostgreSQL; SQLite's
IMMEDIATE transactions serialize writers), take the oldest entries of the queue (PendingEntry, filled by
a database trigger on every journal insert), append their leaf hashes to the compact range restored
from stored nodes, store every completed perfect node, delete the queue rows of exactly those entries,
and sign a checkpoint when one is due. A crash anywhere rolls the whole batch back, so nothing recorded
is lost and the tree never holds half a batch. Two sequencers started at once take turns on the lock.

Late commits: on PostgreSQL a transaction may commit after a later id was already sequenced. Its queue
row only becomes visible when it commits, and a later batch gives it a later leaf index. Queue rows are
deleted by id, never by range, so a row that becomes visible during a batch is not lost.

Idle polls read first and open no write transaction: on SQLite a write transaction takes the database's
only write lock, and holding it ten times a second stalled every service's record() (bench_journal).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.db.models import Q
from django.utils import timezone

from zhifa.journal.keys import current_signer, origin
from zhifa.journal.models import JournalEntry, PendingEntry, SignedCheckpoint, TreeNode, TreeState
from zhifa.lib.checkpoint import Checkpoint, sign_checkpoint
from zhifa.lib.merkle import CompactRange, get_hasher, range_nodes

logger = logging.getLogger(__name__)


def _setting(name: str, default: float) -> float:
    return float(getattr(settings, name, default))


def algorithm() -> str:
    return str(getattr(settings, "ZHIFA_JOURNAL_HASH", "sha256"))


@dataclass(frozen=True)
class BatchResult:
    integrated: int
    size: int
    checkpoint: int | None


def load_nodes(positions: list[tuple[int, int]]) -> dict[tuple[int, int], bytes]:
    """Read the given (level, index) nodes in one query (a proof needs ~2·log2 n of them; one query per
    level cost ~4x more at 1M entries, bench/bench_journal.py)."""
    found: dict[tuple[int, int], bytes] = {}
    if not positions:
        return found
    wanted = Q()
    for level, index in set(positions):
        wanted |= Q(level=level, index=index)
    for level, idx, h in TreeNode.objects.filter(wanted).values_list("level", "index", "hash"):
        found[(level, idx)] = bytes(h)
    missing = [p for p in positions if p not in found]
    if missing:
        raise LookupError(f"tree nodes missing from storage: {missing[:5]}")
    return found


def _compact_range(state: TreeState) -> CompactRange:
    positions = range_nodes(0, state.size)
    nodes = load_nodes(positions)
    return CompactRange(state.algorithm, state.size, [nodes[p] for p in positions])


def _state_for_update() -> TreeState:
    TreeState.objects.get_or_create(pk=1, defaults={"algorithm": algorithm()})
    state = TreeState.objects.select_for_update().get(pk=1)
    if state.algorithm != algorithm():
        raise RuntimeError(
            f"the journal tree uses {state.algorithm}; ZHIFA_JOURNAL_HASH={algorithm()} cannot change it"
        )
    return state


def _pending(limit: int) -> list[JournalEntry]:
    ids = list(PendingEntry.objects.order_by("entry_id").values_list("entry_id", flat=True)[:limit])
    by_id = JournalEntry.objects.in_bulk(ids)
    missing = [i for i in ids if i not in by_id]
    if missing:  # only a hand-edited database gets here: the journal refuses deletes
        raise LookupError(f"queued journal entries missing: {missing[:5]}")
    return [by_id[i] for i in ids]


def _store(leaves: list[tuple[int, int]], nodes: list[tuple[int, int, bytes]], done: list[int]) -> None:
    """Write the batch's leaves and nodes and dequeue its entries. Plain executemany: Django's
    bulk_create spent 55–65% of integrate_batch building model instances and SQL (bench_journal)."""
    q = connection.ops.quote_name
    with connection.cursor() as c:
        c.executemany(f"INSERT INTO journal_treeleaf ({q('index')}, entry_id) VALUES (%s, %s)", leaves)
        c.executemany(
            f"INSERT INTO journal_treenode ({q('level')}, {q('index')}, {q('hash')}) VALUES (%s, %s, %s)",
            nodes,
        )
    # By id, never by range: a late commit with a lower id may have become visible meanwhile.
    PendingEntry.objects.filter(entry_id__in=done).delete()


def _has_work(force_checkpoint: bool) -> bool:
    """A read-only look, outside any write transaction, at whether a batch would do anything."""
    if force_checkpoint or PendingEntry.objects.exists():
        return True
    state = TreeState.objects.filter(pk=1).first()
    return state is not None and _checkpoint_due(state)


def _checkpoint_due(state: TreeState) -> bool:
    last = SignedCheckpoint.objects.order_by("-size").first()
    if last is None:
        return state.size > 0
    if state.size <= last.size:
        return False
    if state.size - last.size >= _setting("ZHIFA_CHECKPOINT_EVERY_ENTRIES", 1000):
        return True
    age = (timezone.now() - last.signed_at).total_seconds()
    return age >= _setting("ZHIFA_CHECKPOINT_EVERY_SECONDS", 0.5)


def _sign(state: TreeState, root: bytes) -> SignedCheckpoint:
    signer, key = current_signer()
    note = sign_checkpoint(Checkpoint(origin=origin(), size=state.size, root_hash=root), [signer])
    return SignedCheckpoint.objects.create(
        size=state.size, root_hash=root, note=note, key=key, signed_at=timezone.now()
    )


def integrate_batch(*, limit: int | None = None, force_checkpoint: bool = False) -> BatchResult:
    limit = int(limit or _setting("ZHIFA_SEQUENCER_BATCH", 2000))
    if not _has_work(force_checkpoint):
        state = TreeState.objects.filter(pk=1).first()
        return BatchResult(integrated=0, size=state.size if state else 0, checkpoint=None)
    with transaction.atomic():
        state = _state_for_update()
        batch = _pending(limit)
        was_due = _checkpoint_due(state)
        tree = _compact_range(state) if batch or force_checkpoint or was_due else None
        if batch and tree is not None:
            hasher = get_hasher(state.algorithm)
            leaves: list[tuple[int, int]] = []
            nodes: list[tuple[int, int, bytes]] = []
            for entry in batch:
                index = tree.size
                nodes.extend(tree.append(hasher.hash_leaf(entry.leaf_bytes())))
                leaves.append((index, entry.pk))
            _store(leaves, nodes, [entry.pk for entry in batch])
            state.size = tree.size
            state.save(update_fields=["size", "updated_at"])
        checkpoint = None
        # Read again only when the batch grew the tree (the entry threshold may now be crossed).
        due_now = _checkpoint_due(state) if batch else was_due
        due = tree is not None and state.size > 0 and (force_checkpoint or due_now)
        if due and tree is not None and not SignedCheckpoint.objects.filter(size=state.size).exists():
            checkpoint = _sign(state, tree.root()).size
        return BatchResult(integrated=len(batch), size=state.size, checkpoint=checkpoint)


def run(*, poll_seconds: float | None = None, stop_after: float | None = None, stop: object = None) -> None:
    """The long-running loop of `zhifa sequencer` (and the demo's background thread)."""
    poll = poll_seconds if poll_seconds is not None else _setting("ZHIFA_SEQUENCER_POLL_SECONDS", 0.1)
    started = time.monotonic()
    while True:
        if stop is not None and getattr(stop, "is_set", lambda: False)():
            return
        if stop_after is not None and time.monotonic() - started > stop_after:
            return
        close_old_connections()
        try:
            result = integrate_batch()
        except Exception:
            logger.exception("sequencer batch failed; retrying")
            time.sleep(1.0)
            continue
        if result.integrated == 0:
            time.sleep(poll)
