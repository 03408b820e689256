"""Tests for zhifa.lib.merkle.

Three independent sources of truth are used, so that a bug has to get past all of them:

* the vendored transparency-dev/merkle JSON probes (read in place from shared/),
* published known answers (RFC 6962 hasher vectors, the classic 8-leaf CT tree,
  the accumulated subtree vectors of draft-ietf-plants-merkle-tree-certs),
* a direct recursive transcription of the RFC 9162 definitions (``ref_*`` below),
  compared with the module's iterative, node-store based code, plus
  Hypothesis properties (every produced proof verifies; every mutation fails).
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhifa.lib import merkle
from zhifa.lib.merkle import (
    CompactRange,
    MemoryTree,
    ProofError,
    UnsupportedHashError,
    consistency_proof,
    consistency_proof_from_leaves,
    consistency_proof_nodes,
    consistency_proof_ranges,
    get_hasher,
    hash_children,
    hash_leaf,
    inclusion_proof,
    inclusion_proof_from_leaves,
    inclusion_proof_nodes,
    inclusion_proof_ranges,
    is_valid_subtree,
    mth,
    range_nodes,
    subtree_consistency_proof_ranges,
    subtree_inclusion_proof_nodes,
    verify_consistency,
    verify_inclusion,
    verify_subtree_consistency,
    verify_subtree_inclusion,
)

ALGOS = ("sha256", "sm3")
# parents[4] is the repository root (tests -> lib -> zhifa -> src -> root); shared/ is
# its sibling, so it is parents[5] / "shared".
REPO_ROOT = Path(__file__).resolve().parents[4]
VECTOR_ROOT = REPO_ROOT.parent / "shared" / "vendor-data" / "merkle-testdata"
VECTOR_DIR = VECTOR_ROOT / "testdata"

# Number of probe files per directory in transparency-dev/merkle @417fb0c3 (shared
# tech-notes §1.2). ">=" so a refreshed vendor copy may add probes, but a glob bug
# that silently skips some cannot pass.
EXPECTED_VECTOR_COUNTS = {
    "inclusion": 98,
    "consistency": 98,
    "subtreeinclusion": 204,
    "subtreeconsistency": 118,
}


# --------------------------------------------------------------------------- reference


def ref_mth(leaves: list[bytes], algo: str = "sha256") -> bytes:
    """RFC 9162 §2.1.1 MTH, transcribed literally (recursive, O(n log n))."""
    h = get_hasher(algo)
    n = len(leaves)
    if n == 0:
        return h.empty_root()
    if n == 1:
        return leaves[0]
    k = 1
    while k * 2 < n:
        k *= 2
    return h.hash_children(ref_mth(leaves[:k], algo), ref_mth(leaves[k:], algo))


def ref_path(m: int, leaves: list[bytes], algo: str = "sha256") -> list[bytes]:
    """RFC 9162 §2.1.3.1 PATH(m, D[n])."""
    n = len(leaves)
    if n == 1:
        return []
    k = 1
    while k * 2 < n:
        k *= 2
    if m < k:
        return [*ref_path(m, leaves[:k], algo), ref_mth(leaves[k:], algo)]
    return [*ref_path(m - k, leaves[k:], algo), ref_mth(leaves[:k], algo)]


def ref_subproof(m: int, leaves: list[bytes], b: bool, algo: str = "sha256") -> list[bytes]:
    """RFC 9162 §2.1.4.1 SUBPROOF(m, D[n], b)."""
    n = len(leaves)
    if m == n:
        return [] if b else [ref_mth(leaves, algo)]
    k = 1
    while k * 2 < n:
        k *= 2
    if m <= k:
        return [*ref_subproof(m, leaves[:k], b, algo), ref_mth(leaves[k:], algo)]
    return [*ref_subproof(m - k, leaves[k:], False, algo), ref_mth(leaves[:k], algo)]


def entries(n: int) -> list[bytes]:
    return [f"entry-{i}".encode() for i in range(n)]


def leaf_hashes(n: int, algo: str = "sha256") -> list[bytes]:
    return [hash_leaf(e, algo) for e in entries(n)]


MAX_TREE = 300
# One tree per algorithm serves every size <= MAX_TREE: proofs and roots are
# computed at historic sizes from the stored perfect nodes.
TREES = {algo: MemoryTree.from_leaf_hashes(leaf_hashes(MAX_TREE, algo), algo) for algo in ALGOS}
ROOTS = {algo: [mth(leaf_hashes(n, algo), algo) for n in range(MAX_TREE + 1)] for algo in ALGOS}


def flip_bit(data: bytes, bit: int) -> bytes:
    buf = bytearray(data)
    buf[bit // 8] ^= 1 << (bit % 8)
    return bytes(buf)


def fails(fn: Callable[..., None], *args: Any) -> bool:
    """True iff ``fn(*args)`` raises ProofError (any other exception propagates)."""
    try:
        fn(*args)
    except ProofError:
        return True
    return False


# --------------------------------------------------------------------------- hashing


def test_rfc6962_hasher_known_answers() -> None:
    # transparency-dev/merkle rfc6962/rfc6962_test.go
    h = get_hasher("sha256")
    assert h.empty_root().hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert hash_leaf(b"").hex() == "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"
    assert hash_leaf(b"L123456").hex() == "395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56"
    assert (
        hash_children(b"N123", b"N456").hex()
        == "aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb"
    )


def test_sm3_known_answers_and_domain_separation() -> None:
    h = get_hasher("sm3")
    # GB/T 32905-2016 examples 1 and 2.
    assert h.digest(b"abc").hex() == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    assert h.digest(b"abcd" * 16).hex() == "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"
    assert h.digest_size == 32
    assert h.hash_leaf(b"x") == hashlib.new("sm3", b"\x00x").digest()
    assert h.hash_children(b"a", b"b") == hashlib.new("sm3", b"\x01ab").digest()
    assert h.hash_leaf(b"x") != get_hasher("sha256").hash_leaf(b"x")


@pytest.mark.parametrize("algo", ALGOS)
def test_leaf_and_node_hashes_are_domain_separated(algo: str) -> None:
    # rfc6962_test.go::TestRFC6962HasherCollisions
    h = get_hasher(algo)
    l1, l2 = h.hash_leaf(b"Hello"), h.hash_leaf(b"World")
    assert h.hash_leaf(l1 + l2) != h.hash_children(l1, l2)


def test_unknown_algorithm_is_rejected() -> None:
    with pytest.raises(UnsupportedHashError, match="unsupported"):
        get_hasher("md5")
    with pytest.raises(UnsupportedHashError):
        mth([], "sha1")


def test_missing_sm3_gives_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    real_new = hashlib.new

    def no_sm3(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.lower() == "sm3":
            raise ValueError("unsupported hash type sm3")
        return real_new(name, *args, **kwargs)

    get_hasher.cache_clear()
    monkeypatch.setattr(hashlib, "new", no_sm3)
    try:
        with pytest.raises(UnsupportedHashError, match="not available from this Python's OpenSSL"):
            get_hasher("sm3")
    finally:
        monkeypatch.undo()
        get_hasher.cache_clear()
    assert get_hasher("sm3").algorithm == "sm3"


# --------------------------------------------------------------------------- 8-leaf reference tree

# google/certificate-transparency merkle_test.py / transparency-dev testonly/constants.go
CT_LEAVES = [
    bytes.fromhex(x)
    for x in (
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    )
]
CT_ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]


def test_ct_reference_tree_roots() -> None:
    tree = MemoryTree()
    assert tree.root().hex() == CT_ROOTS[0]
    for i, entry in enumerate(CT_LEAVES):
        tree.append_entry(entry)
        assert tree.root().hex() == CT_ROOTS[i + 1]
    for size in range(9):
        assert tree.root_at(size).hex() == CT_ROOTS[size]


@pytest.mark.parametrize(
    ("index", "size", "want"),
    [
        (0, 1, []),
        (0, 2, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"]),
        (1, 2, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"]),
        (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
        (
            1,
            5,
            [
                "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            ],
        ),
        (
            0,
            8,
            [
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ],
        ),
        (
            5,
            8,
            [
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ],
        ),
    ],
)
def test_ct_reference_inclusion_proofs(index: int, size: int, want: list[str]) -> None:
    # transparency-dev testonly/reference_test.go::TestRefInclusionProof
    tree = MemoryTree()
    for entry in CT_LEAVES:
        tree.append_entry(entry)
    proof = tree.inclusion_proof(index, size)
    assert [p.hex() for p in proof] == want
    verify_inclusion(tree.leaf_hash(index), index, size, proof, bytes.fromhex(CT_ROOTS[size]))


@pytest.mark.parametrize(
    ("size1", "size2", "want"),
    [
        (1, 1, []),
        (
            1,
            8,
            [
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ],
        ),
        (
            2,
            5,
            [
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            ],
        ),
        (
            6,
            8,
            [
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ],
        ),
    ],
)
def test_ct_reference_consistency_proofs(size1: int, size2: int, want: list[str]) -> None:
    # transparency-dev testonly/reference_test.go::TestRefConsistencyProof
    tree = MemoryTree()
    for entry in CT_LEAVES:
        tree.append_entry(entry)
    proof = tree.consistency_proof(size1, size2)
    assert [p.hex() for p in proof] == want
    verify_consistency(size1, size2, bytes.fromhex(CT_ROOTS[size1]), bytes.fromhex(CT_ROOTS[size2]), proof)


# --------------------------------------------------------------------------- vendored probes


def _b64(value: str | None) -> bytes:
    # Go's encoding/json decodes []byte with padded standard base64; null -> nil.
    return b"" if value is None else base64.b64decode(value, validate=True)


def _proof(values: list[str] | None) -> list[bytes]:
    return [_b64(v) for v in values or []]


def _run_inclusion(p: dict[str, Any]) -> None:
    verify_inclusion(_b64(p["leafHash"]), p["leafIdx"], p["treeSize"], _proof(p["proof"]), _b64(p["root"]))


def _run_consistency(p: dict[str, Any]) -> None:
    verify_consistency(p["size1"], p["size2"], _b64(p["root1"]), _b64(p["root2"]), _proof(p["proof"]))


def _run_subtree_inclusion(p: dict[str, Any]) -> None:
    verify_subtree_inclusion(
        _b64(p["leafHash"]), p["leafIdx"], p["start"], p["end"], _proof(p["proof"]), _b64(p["root"])
    )


def _run_subtree_consistency(p: dict[str, Any]) -> None:
    verify_subtree_consistency(
        p["start"], p["end"], p["size"], _proof(p["proof"]), _b64(p["root1"]), _b64(p["root2"])
    )


RUNNERS: dict[str, Callable[[dict[str, Any]], None]] = {
    "inclusion": _run_inclusion,
    "consistency": _run_consistency,
    "subtreeinclusion": _run_subtree_inclusion,
    "subtreeconsistency": _run_subtree_consistency,
}


def _vector_files() -> list[Any]:
    if not VECTOR_DIR.is_dir():
        return []
    return [
        pytest.param(directory, path, id=str(path.relative_to(VECTOR_DIR)))
        for directory in RUNNERS
        for path in sorted((VECTOR_DIR / directory).rglob("*.json"))
    ]


VECTOR_FILES = _vector_files()
needs_vectors = pytest.mark.skipif(
    not VECTOR_DIR.is_dir(),
    reason=f"vendored transparency-dev/merkle vectors not found at {VECTOR_DIR} "
    "(shared/ must be a sibling of the repository root)",
)


@needs_vectors
def test_vector_counts_per_directory() -> None:
    counts = {d: sum(1 for _ in (VECTOR_DIR / d).rglob("*.json")) for d in RUNNERS}
    print("merkle vectors exercised per directory:", counts)
    for directory, minimum in EXPECTED_VECTOR_COUNTS.items():
        assert counts[directory] >= minimum, (directory, counts[directory])
    # Every JSON file under testdata/ belongs to one of the four runners.
    assert sum(counts.values()) == sum(1 for _ in VECTOR_DIR.rglob("*.json"))
    assert len(VECTOR_FILES) == sum(counts.values())


@needs_vectors
@pytest.mark.parametrize(("directory", "path"), VECTOR_FILES)
def test_vendored_vector(directory: str, path: Path) -> None:
    probe = json.loads(path.read_text(encoding="utf-8"))
    try:
        RUNNERS[directory](probe)
    except ProofError as exc:
        assert probe["wantErr"], f"{probe['desc']}: unexpected ProofError: {exc}"
    else:
        assert not probe["wantErr"], f"{probe['desc']}: expected a ProofError"


# --------------------------------------------------------------------------- draft accumulated vectors

# draft-ietf-plants-merkle-tree-certs, appendix "Subtree Test Vectors", as reproduced in
# transparency-dev/merkle testonly/vectors_test.go: over the tree d[i] = byte(i) of 130
# entries, every output is folded into one rolling SHA-256.
SUBTREE_VECTOR_MAX = 130


@pytest.fixture(scope="module")
def vector_tree() -> MemoryTree:
    tree = MemoryTree()
    for i in range(SUBTREE_VECTOR_MAX):
        tree.append_entry(bytes([i]))
    return tree


def _valid_subtrees(max_end: int) -> list[tuple[int, int]]:
    return [(s, e) for e in range(max_end + 1) for s in range(e + 1) if is_valid_subtree(s, e)]


def _proof_line(prefix: str, proof: list[bytes]) -> bytes:
    return (prefix + "".join(" " + p.hex() for p in proof) + "\n").encode()


def test_draft_subtree_hash_vector(vector_tree: MemoryTree) -> None:
    acc = hashlib.sha256()
    for start, end in _valid_subtrees(SUBTREE_VECTOR_MAX):
        acc.update(f"[{start}, {end}) {vector_tree.subtree_hash(start, end).hex()}\n".encode())
    assert acc.hexdigest() == "b82806ad4265bb151c1119c0f4db437bb4d1a1f887b3a7fba1cd4ebf552e3e81"


def test_draft_subtree_inclusion_vector(vector_tree: MemoryTree) -> None:
    acc = hashlib.sha256()
    for start, end in _valid_subtrees(SUBTREE_VECTOR_MAX):
        for index in range(start, end):
            proof = vector_tree.subtree_inclusion_proof(index, start, end)
            acc.update(_proof_line(f"{index} [{start}, {end})", proof))
    assert acc.hexdigest() == "ac2a8f989e44d99e399db448050ff5f19757df53cfb716aa81015d3955d8163f"


def test_draft_subtree_consistency_vector(vector_tree: MemoryTree) -> None:
    acc = hashlib.sha256()
    subtrees = _valid_subtrees(SUBTREE_VECTOR_MAX)
    for n in range(SUBTREE_VECTOR_MAX + 1):
        for start, end in subtrees:
            if end > n:
                continue
            proof = vector_tree.subtree_consistency_proof(start, end, n)
            acc.update(_proof_line(f"[{start}, {end}) {n}", proof))
    assert acc.hexdigest() == "10fa99b37bf9bf9ffa26b412fbd98bd75363256d0b75d61bc4538b9c9c5a0a74"


def test_subtree_proofs_generated_for_the_draft_tree_verify(vector_tree: MemoryTree) -> None:
    count = 0
    for n in range(0, SUBTREE_VECTOR_MAX + 1, 7):
        root = vector_tree.root_at(n)
        for start, end in _valid_subtrees(n):
            proof = vector_tree.subtree_consistency_proof(start, end, n)
            sub_root = vector_tree.subtree_hash(start, end)
            verify_subtree_consistency(start, end, n, proof, sub_root, root)
            if proof:
                bad = [flip_bit(proof[0], 3), *proof[1:]]
                with pytest.raises(ProofError):
                    verify_subtree_consistency(start, end, n, bad, sub_root, root)
            count += 1
    assert count > 1000


# --------------------------------------------------------------------------- against the RFC definitions


@pytest.mark.parametrize("algo", ALGOS)
def test_compact_range_matches_mth_for_all_sizes(algo: str) -> None:
    hashes = leaf_hashes(131, algo)
    compact = CompactRange(algo)
    assert compact.root() == ref_mth([], algo)
    for n in range(1, 131):
        created = compact.append(hashes[n - 1])
        assert compact.size == n
        assert compact.root() == ref_mth(hashes[:n], algo)
        assert len(compact.hashes) == n.bit_count()
        # Restoring from the saved (size, hashes) state continues identically.
        restored = CompactRange(algo, compact.size, compact.hashes)
        assert restored.root() == compact.root()
        # The completed nodes are exactly the new perfect subtrees, with correct hashes.
        assert created[0] == (0, n - 1, hashes[n - 1])
        for level, index, h in created:
            assert ((index + 1) << level) == n
            assert h == ref_mth(hashes[index << level : (index + 1) << level], algo)
        assert [level for level, _, _ in created] == list(range(len(created)))
        assert compact.nodes() == range_nodes(0, n)


def test_compact_range_rejects_bad_state() -> None:
    with pytest.raises(ValueError, match="hashes"):
        CompactRange("sha256", 3, [b"\x00" * 32])
    with pytest.raises(ValueError, match="wrong length"):
        CompactRange("sha256", 1, [b"\x00" * 31])
    with pytest.raises(ValueError):
        CompactRange().append(b"short")


@pytest.mark.parametrize("algo", ALGOS)
def test_mth_matches_reference(algo: str) -> None:
    for n in range(0, 70):
        assert mth(leaf_hashes(n, algo), algo) == ref_mth(leaf_hashes(n, algo), algo)
        assert TREES[algo].root_at(n) == ROOTS[algo][n]


def test_proofs_match_rfc_definitions_exhaustively() -> None:
    hashes = leaf_hashes(40)
    tree = MemoryTree.from_leaf_hashes(hashes)
    for n in range(1, 41):
        for m in range(n):
            assert tree.inclusion_proof(m, n) == ref_path(m, hashes[:n]), (m, n)
        for m in range(1, n + 1):
            assert tree.consistency_proof(m, n) == ref_subproof(m, hashes[:n], True), (m, n)


def test_list_helpers() -> None:
    hashes = leaf_hashes(13)
    assert inclusion_proof_from_leaves(hashes, 5) == ref_path(5, hashes)
    assert consistency_proof_from_leaves(hashes, 6) == ref_subproof(6, hashes, True)


# --------------------------------------------------------------------------- node lists for storage


def test_range_nodes_cover_ranges_exactly() -> None:
    for end in range(0, 70):
        for start in range(end + 1):
            nodes = range_nodes(start, end)
            covered: list[int] = []
            for level, index in nodes:
                covered.extend(range(index << level, (index + 1) << level))
            assert covered == list(range(start, end))
            if is_valid_subtree(start, end):
                levels = [level for level, _ in nodes]
                assert levels == sorted(levels, reverse=True)
                assert len(set(levels)) == len(levels)
    assert range_nodes(0, 13) == [(3, 0), (2, 2), (0, 12)]
    with pytest.raises(ValueError):
        range_nodes(5, 4)


def test_imperfect_proof_nodes_are_computed_from_perfect_nodes() -> None:
    # Size 7: the proof for leaf 0 is [l1, H(l2,l3), MTH(D[4:7])]; the last
    # element is the root of an imperfect right-edge subtree, assembled from
    # the perfect nodes (1, 2) = [4, 6) and (0, 6) = [6, 7).
    assert inclusion_proof_ranges(0, 7) == [(1, 2), (2, 4), (4, 7)]
    assert inclusion_proof_nodes(0, 7) == [(0, 1), (1, 1), (1, 2), (0, 6)]
    hashes = leaf_hashes(7)
    proof = inclusion_proof_from_leaves(hashes, 0)
    assert proof[2] == ref_mth(hashes[4:7])
    # 6 -> 13 needs MTH(D[12:13]) and MTH(D[8:12]) etc.; check every range is a valid subtree.
    for n in range(1, 100):
        for m in range(1, n + 1):
            assert all(is_valid_subtree(s, e) for s, e in consistency_proof_ranges(m, n))
            imperfect = [(s, e) for s, e in consistency_proof_ranges(m, n) if (e - s) & (e - s - 1)]
            assert len(imperfect) <= 1
        for i in range(n):
            imperfect = [(s, e) for s, e in inclusion_proof_ranges(i, n) if (e - s) & (e - s - 1)]
            assert len(imperfect) <= 1


def _recording_get_node(tree: MemoryTree) -> tuple[Callable[[int, int], bytes], list[tuple[int, int]]]:
    seen: list[tuple[int, int]] = []

    def get_node(level: int, index: int) -> bytes:
        seen.append((level, index))
        return tree.get_node(level, index)

    return get_node, seen


def test_proof_node_lists_are_exactly_what_proofs_read() -> None:
    tree = TREES["sha256"]
    for n in (1, 2, 3, 5, 7, 8, 13, 64, 100, 255, 256, 257, 300):
        for i in sorted({0, 1, n // 2, n - 2, n - 1} & set(range(n))):
            get_node, seen = _recording_get_node(tree)
            proof = inclusion_proof(i, n, get_node)
            assert sorted(seen) == sorted(inclusion_proof_nodes(i, n))
            assert all((idx + 1) << lvl <= n for lvl, idx in seen), "read a node outside the tree"
            assert len(seen) <= 2 * n.bit_length()
            assert len(proof) <= (n - 1).bit_length()
        for m in sorted({1, 2, n // 3 or 1, n - 1 or 1, n} & set(range(1, n + 1))):
            get_node, seen = _recording_get_node(tree)
            consistency_proof(m, n, get_node)
            assert sorted(seen) == sorted(consistency_proof_nodes(m, n))
            assert all((idx + 1) << lvl <= n for lvl, idx in seen)


def test_batch_read_pattern() -> None:
    """What a database store does: one batch read of the listed nodes, then build the proof."""
    tree = TREES["sha256"]
    needed = subtree_inclusion_proof_nodes(70, 64, 96)
    batch = {node: tree.get_node(*node) for node in needed}
    proof = merkle.subtree_inclusion_proof(70, 64, 96, lambda lvl, idx: batch[(lvl, idx)])
    verify_subtree_inclusion(tree.leaf_hash(70), 70, 64, 96, proof, tree.subtree_hash(64, 96))


def test_generator_argument_errors() -> None:
    with pytest.raises(ValueError):
        inclusion_proof_ranges(5, 5)
    with pytest.raises(ValueError):
        inclusion_proof_ranges(-1, 5)
    with pytest.raises(ValueError, match="empty tree"):
        consistency_proof_ranges(0, 5)
    with pytest.raises(ValueError):
        consistency_proof_ranges(6, 5)
    with pytest.raises(ValueError, match="valid subtree"):
        subtree_consistency_proof_ranges(2, 5, 8)
    with pytest.raises(ValueError):
        subtree_consistency_proof_ranges(0, 9, 8)
    with pytest.raises(ValueError):
        TREES["sha256"].inclusion_proof(0, MAX_TREE + 1)
    with pytest.raises(KeyError):
        TREES["sha256"].get_node(9, 1)


def test_is_valid_subtree() -> None:
    assert is_valid_subtree(0, 0) and is_valid_subtree(0, 7) and is_valid_subtree(5, 5)
    assert is_valid_subtree(4, 6) and is_valid_subtree(4, 8) and is_valid_subtree(8, 13)
    assert not is_valid_subtree(2, 5)  # bit_ceil(3) = 4 does not divide 2
    assert not is_valid_subtree(1, 3)
    assert not is_valid_subtree(3, 2)
    assert not is_valid_subtree(1, 2**63 + 2)


# --------------------------------------------------------------------------- verifier edge cases


def test_consistency_from_empty_tree_is_always_rejected() -> None:
    empty = get_hasher("sha256").empty_root()
    root1 = ROOTS["sha256"][1]
    for new_size, new_root in ((0, empty), (1, root1), (5, ROOTS["sha256"][5])):
        with pytest.raises(ProofError, match="empty tree"):
            verify_consistency(0, new_size, empty, new_root, [])
    with pytest.raises(ProofError):
        verify_consistency(0, 1, empty, root1, [empty])


def test_verifiers_reject_non_uint64_and_bad_lengths() -> None:
    h = ROOTS["sha256"][1]
    with pytest.raises(ProofError, match="uint64"):
        verify_inclusion(h, -1, 1, [], h)
    with pytest.raises(ProofError, match="uint64"):
        verify_inclusion(h, 0, 2**64, [], h)
    with pytest.raises(ProofError, match="uint64"):
        verify_consistency(1, 2**64, h, h, [h])
    with pytest.raises(ProofError, match="32 bytes"):
        verify_inclusion(h[:31], 0, 1, [], h)
    with pytest.raises(ProofError, match="32 bytes"):
        verify_inclusion(h, 0, 1, [], h + b"\x00")
    tree = TREES["sha256"]
    proof = tree.inclusion_proof(3, 10)
    with pytest.raises(ProofError, match="32 bytes"):
        verify_inclusion(tree.leaf_hash(3), 3, 10, [*proof[:-1], proof[-1] + b"x"], ROOTS["sha256"][10])
    with pytest.raises(ProofError, match="too long"):
        verify_inclusion(tree.leaf_hash(3), 3, 10, [*proof, proof[0]], ROOTS["sha256"][10])
    with pytest.raises(ProofError, match="too short"):
        verify_inclusion(tree.leaf_hash(3), 3, 10, proof[:-1], ROOTS["sha256"][10])


def test_inclusion_proofs_bind_the_size_only_through_the_root() -> None:
    """Leaf 0 takes the same path shape in trees of size 5 and 6.

    So the proof for size 5, checked against the *size-5 root*, also passes with
    size 6. That is inherent to RFC 9162 (the size is bound by the signed
    checkpoint that carries size and root together); checked against the
    size-6 root it fails, as it must.
    """
    tree = TREES["sha256"]
    proof5 = tree.inclusion_proof(0, 5)
    verify_inclusion(tree.leaf_hash(0), 0, 6, proof5, ROOTS["sha256"][5])
    with pytest.raises(ProofError):
        verify_inclusion(tree.leaf_hash(0), 0, 6, proof5, ROOTS["sha256"][6])


def test_subtree_consistency_at_start_zero_agrees_with_rfc_consistency() -> None:
    tree = TREES["sha256"]
    for n in range(1, 80):
        for m in range(1, n + 1):
            proof = tree.consistency_proof(m, n)
            assert tree.subtree_consistency_proof(0, m, n) == proof
            verify_subtree_consistency(0, m, n, proof, ROOTS["sha256"][m], ROOTS["sha256"][n])


# --------------------------------------------------------------------------- properties

PROPERTY_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def size_and_index(draw: st.DrawFn) -> tuple[str, int, int]:
    algo = draw(st.sampled_from(ALGOS))
    size = draw(st.integers(min_value=1, max_value=MAX_TREE))
    index = draw(st.integers(min_value=0, max_value=size - 1))
    return algo, size, index


@st.composite
def two_sizes(draw: st.DrawFn) -> tuple[str, int, int]:
    algo = draw(st.sampled_from(ALGOS))
    new_size = draw(st.integers(min_value=1, max_value=MAX_TREE))
    old_size = draw(st.integers(min_value=1, max_value=new_size))
    return algo, old_size, new_size


@PROPERTY_SETTINGS
@given(params=size_and_index(), data=st.data())
def test_every_inclusion_proof_verifies_and_every_mutation_fails(
    params: tuple[str, int, int], data: st.DataObject
) -> None:
    algo, size, index = params
    tree, roots = TREES[algo], ROOTS[algo]
    leaf, root = tree.leaf_hash(index), roots[size]
    proof = tree.inclusion_proof(index, size)
    verify_inclusion(leaf, index, size, proof, root, algo)
    assert len(proof) <= (size - 1).bit_length()

    # A flipped bit anywhere in any proof element fails.
    for i, element in enumerate(proof):
        bit = data.draw(st.integers(0, 8 * len(element) - 1), label=f"bit in proof[{i}]")
        bad = [*proof[:i], flip_bit(element, bit), *proof[i + 1 :]]
        assert fails(verify_inclusion, leaf, index, size, bad, root, algo)
    # ... and in the leaf hash or the root.
    bit = data.draw(st.integers(0, 255), label="bit in leaf/root")
    assert fails(verify_inclusion, flip_bit(leaf, bit), index, size, proof, root, algo)
    assert fails(verify_inclusion, leaf, index, size, proof, flip_bit(root, bit), algo)
    # Every other index fails (all leaves are distinct, so every node is too).
    for other in range(size + 2):
        if other != index:
            assert fails(verify_inclusion, leaf, other, size, proof, root, algo)
    # Every other size fails against that size's root, unless that size has the
    # very same proof (then the claim is true).
    for other in range(index + 1, MAX_TREE + 1):
        if other != size and tree.inclusion_proof(index, other) != proof:
            assert fails(verify_inclusion, leaf, index, other, proof, roots[other], algo), other
    # Truncated or extended proofs fail.
    if proof:
        assert fails(verify_inclusion, leaf, index, size, proof[:-1], root, algo)
    assert fails(verify_inclusion, leaf, index, size, [*proof, root], root, algo)


@PROPERTY_SETTINGS
@given(params=two_sizes(), data=st.data())
def test_every_consistency_proof_verifies_and_every_mutation_fails(
    params: tuple[str, int, int], data: st.DataObject
) -> None:
    algo, old_size, new_size = params
    tree, roots = TREES[algo], ROOTS[algo]
    old_root, new_root = roots[old_size], roots[new_size]
    proof = tree.consistency_proof(old_size, new_size)
    verify_consistency(old_size, new_size, old_root, new_root, proof, algo)
    assert len(proof) <= new_size.bit_length() + 1

    for i, element in enumerate(proof):
        bit = data.draw(st.integers(0, 8 * len(element) - 1), label=f"bit in proof[{i}]")
        bad = [*proof[:i], flip_bit(element, bit), *proof[i + 1 :]]
        assert fails(verify_consistency, old_size, new_size, old_root, new_root, bad, algo)
    bit = data.draw(st.integers(0, 255), label="bit in a root")
    assert fails(verify_consistency, old_size, new_size, flip_bit(old_root, bit), new_root, proof, algo)
    assert fails(verify_consistency, old_size, new_size, old_root, flip_bit(new_root, bit), proof, algo)
    # Wrong sizes (with the honest roots for those sizes) fail unless the
    # proof for those sizes is literally the same list.
    for other in range(1, new_size + 1):
        if other != old_size and tree.consistency_proof(other, new_size) != proof:
            assert fails(verify_consistency, other, new_size, roots[other], new_root, proof, algo), other
    for other in range(old_size, MAX_TREE + 1):
        if other != new_size and tree.consistency_proof(old_size, other) != proof:
            assert fails(verify_consistency, old_size, other, old_root, roots[other], proof, algo), other
    if proof:
        assert fails(verify_consistency, old_size, new_size, old_root, new_root, proof[:-1], algo)
    assert fails(verify_consistency, old_size, new_size, old_root, new_root, [*proof, new_root], algo)
    # Swapped roots fail (unless the trees are the same).
    if old_size != new_size:
        assert fails(verify_consistency, old_size, new_size, new_root, old_root, proof, algo)


@PROPERTY_SETTINGS
@given(algo=st.sampled_from(ALGOS), data=st.data())
def test_subtree_proofs_verify(algo: str, data: st.DataObject) -> None:
    tree = TREES[algo]
    size = data.draw(st.integers(1, MAX_TREE), label="size")
    end = data.draw(st.integers(1, size), label="end")
    start = data.draw(st.sampled_from([s for s in range(end) if is_valid_subtree(s, end)]), label="start")
    sub_root = tree.subtree_hash(start, end)
    index = data.draw(st.integers(start, end - 1), label="index")
    incl = tree.subtree_inclusion_proof(index, start, end)
    verify_subtree_inclusion(tree.leaf_hash(index), index, start, end, incl, sub_root, algo)
    proof = tree.subtree_consistency_proof(start, end, size)
    root = ROOTS[algo][size]
    verify_subtree_consistency(start, end, size, proof, sub_root, root, algo)
    for i, element in enumerate(proof):
        bad = [*proof[:i], flip_bit(element, 7), *proof[i + 1 :]]
        assert fails(verify_subtree_consistency, start, end, size, bad, sub_root, root, algo)
    assert fails(verify_subtree_consistency, start, end, size, proof, flip_bit(sub_root, 0), root, algo)


def test_precondition_checks_give_specific_reasons() -> None:
    """Checks that other checks would also catch, asserted by message so they stay in place."""
    tree, roots = TREES["sha256"], ROOTS["sha256"]
    with pytest.raises(ProofError, match="old size 5 > new size 3"):
        verify_consistency(5, 3, roots[5], roots[3], tree.consistency_proof(3, 5))
    with pytest.raises(ProofError, match="out of bounds"):
        verify_subtree_inclusion(tree.leaf_hash(3), 3, 4, 8, [], tree.subtree_hash(4, 8))
    with pytest.raises(ProofError, match="out of bounds"):
        verify_subtree_inclusion(tree.leaf_hash(8), 8, 4, 8, [], tree.subtree_hash(4, 8))
    # Subtree on the right edge of the tree: one left sibling per right-child ancestor.
    proof = tree.subtree_consistency_proof(12, 14, 14)
    assert len(proof) == 2
    verify_subtree_consistency(12, 14, 14, proof, tree.subtree_hash(12, 14), roots[14])
    with pytest.raises(ProofError, match="wrong proof size"):
        verify_subtree_consistency(12, 14, 14, proof[:1], tree.subtree_hash(12, 14), roots[14])
    with pytest.raises(ProofError, match="wrong proof size"):
        verify_subtree_consistency(
            4, 6, 8, tree.subtree_consistency_proof(4, 6, 8)[:-1], tree.subtree_hash(4, 6), roots[8]
        )
