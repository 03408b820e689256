"""Proofs served from storage: any inclusion or consistency proof is O(log n) node reads."""

from __future__ import annotations

from zhifa.journal.models import SignedCheckpoint, TreeLeaf, TreeState
from zhifa.journal.sequencer import load_nodes
from zhifa.lib import merkle


class ProofUnavailable(LookupError):
    """The entry is not (yet) in the tree at that size, or the size is not a signed checkpoint."""


def tree_algorithm() -> str:
    """The tree's hash (ZHIFA_JOURNAL_HASH when the first entry was sequenced), sha256 before that."""
    state = TreeState.objects.filter(pk=1).first()
    return state.algorithm if state else "sha256"


def leaf_index_of(entry_id: int) -> int:
    leaf = TreeLeaf.objects.filter(entry_id=entry_id).values_list("index", flat=True).first()
    if leaf is None:
        raise ProofUnavailable("该记录尚未纳入默克尔树，请稍后再试")
    return int(leaf)


def inclusion_proof(*, leaf_index: int, size: int) -> list[bytes]:
    if not 0 <= leaf_index < size:
        raise ProofUnavailable(f"第 {leaf_index} 号树叶不在大小为 {size} 的树中")
    nodes = load_nodes(merkle.inclusion_proof_nodes(leaf_index, size))
    return merkle.inclusion_proof(leaf_index, size, lambda lvl, idx: nodes[(lvl, idx)], tree_algorithm())


def consistency_proof(*, old_size: int, new_size: int) -> list[bytes]:
    if not 0 < old_size <= new_size:
        raise ProofUnavailable("一致性证明要求 0 < 旧树大小 ≤ 新树大小")
    nodes = load_nodes(merkle.consistency_proof_nodes(old_size, new_size))
    return merkle.consistency_proof(old_size, new_size, lambda lvl, idx: nodes[(lvl, idx)], tree_algorithm())


def latest_checkpoint() -> SignedCheckpoint | None:
    return SignedCheckpoint.objects.select_related("key").order_by("-size").first()


def checkpoint_covering(leaf_index: int) -> SignedCheckpoint | None:
    """The latest signed checkpoint (any later one includes every earlier leaf)."""
    cp = latest_checkpoint()
    return cp if cp is not None and cp.size > leaf_index else None
