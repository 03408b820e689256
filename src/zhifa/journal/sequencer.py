"""The sequencer: folds recorded journal entries into the RFC 9162 Merkle tree and signs checkpoints.

One batch is one transaction: lock the TreeState row (SELECT … FOR UPDATE on PostgreSQL; SQLite's
IMMEDIATE transactions serialize writers), take the next entries without a leaf in id order, append
their leaf hashes to the compact range restored from stored nodes, store every completed perfect node,
and sign a checkpoint when one is due. A crash anywhere rolls the whole batch back, so nothing recorded
is lost and the tree never holds half a batch. Two sequencers started at once take turns on the lock.

Finding new entries: ids are allocated in order, but on PostgreSQL a transaction may commit after a
later id was already sequenced. So the low watermark (every id below it is in the tree) only advances
past ids recorded more than ZHIFA_SEQUENCER_LAG_SECONDS ago, and entries above it are found by an
anti-join: a late commit is picked up by a later batch with a later leaf index.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, transaction
from django.db.models import Q
from django.utils import timezone

from zhifa.journal.keys import current_signer, origin
from zhifa.journal.models import JournalEntry, SignedCheckpoint, TreeLeaf, TreeNode, TreeState
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


def _pending(state: TreeState, limit: int) -> list[JournalEntry]:
    return list(
        JournalEntry.objects.filter(id__gte=state.low_watermark, leaf__isnull=True).order_by("id")[:limit]
    )


def _advance_watermark(state: TreeState, pending_left: bool, first_left: int | None) -> None:
    lag = timedelta(seconds=_setting("ZHIFA_SEQUENCER_LAG_SECONDS", 300))
    recent = (
        JournalEntry.objects.filter(id__gte=state.low_watermark, recorded_at__gte=timezone.now() - lag)
        .order_by("id")
        .values_list("id", flat=True)
        .first()
    )
    candidates = [c for c in (recent, first_left if pending_left else None) if c is not None]
    if not candidates:
        last = JournalEntry.objects.order_by("-id").values_list("id", flat=True).first()
        candidates = [(last or 0) + 1]
    state.low_watermark = max(state.low_watermark, min(candidates))


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
    with transaction.atomic():
        state = _state_for_update()
        pending = _pending(state, limit + 1)
        batch, rest = pending[:limit], pending[limit:]
        tree = _compact_range(state) if batch or force_checkpoint or _checkpoint_due(state) else None
        if batch and tree is not None:
            hasher = get_hasher(state.algorithm)
            leaves: list[TreeLeaf] = []
            nodes: list[TreeNode] = []
            for entry in batch:
                index = tree.size
                for level, idx, h in tree.append(hasher.hash_leaf(entry.leaf_bytes())):
                    nodes.append(TreeNode(level=level, index=idx, hash=h))
                leaves.append(TreeLeaf(index=index, entry_id=entry.pk))
            TreeLeaf.objects.bulk_create(leaves)
            TreeNode.objects.bulk_create(nodes, batch_size=2000)
            state.size = tree.size
        _advance_watermark(state, bool(rest), rest[0].pk if rest else None)
        state.save(update_fields=["size", "low_watermark", "updated_at"])
        checkpoint = None
        due = tree is not None and state.size > 0 and (force_checkpoint or _checkpoint_due(state))
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
