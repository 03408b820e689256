"""RFC 9162 (Certificate Transparency v2) Merkle tree hashing, proofs and verification.

Why this module exists
----------------------
The evidence log is an append-only Merkle tree, so that anyone holding a signed
tree head (a checkpoint, see :mod:`zhifa.lib.checkpoint`) can check that one
record is in the log (inclusion proof) and that the log never rewrote history
(consistency proof). The hashing is byte-compatible with RFC 6962/9162, C2SP
tlog-tiles, Trillian, Tessera and Go's sumdb when the hash is SHA-256, so third
parties can audit the log with their own tools. SM3 is selectable for GM/T
compliance; it uses exactly the same tree rules, only the hash differs.

Hashing (RFC 9162 §2.1.1)::

    MTH({})      = H("")
    leaf hash    = H(0x00 || entry)
    node hash    = H(0x01 || left || right)
    MTH(D[n])    = H(0x01 || MTH(D[0:k]) || MTH(D[k:n])), k = largest power of two < n

The 0x00/0x01 prefixes give domain separation between leaves and interior
nodes (no second-preimage by presenting a node as a leaf). Both hashes come
from :mod:`hashlib` (OpenSSL); a hash is never implemented in Python here.

Node addressing
---------------
``(level, index)`` names the *perfect* subtree covering leaves
``[index * 2**level, (index + 1) * 2**level)``; level 0 holds the leaf hashes.
Once a perfect subtree is complete it never changes, so a store can persist it
forever (:meth:`CompactRange.append` returns exactly the nodes that became
complete). Every proof element is the MTH of a leaf range ``[start, end)``
(see ``*_proof_ranges``). Most are perfect nodes; the element at the level
where the proven path leaves the tree's right edge may be the root of an
*imperfect* right-edge subtree (size not a power of two). Such a root is not
stored: it is recomputed from the perfect nodes of its range
(:func:`range_nodes`, folded right to left). ``*_proof_nodes`` list every
``(level, index)`` a proof reads, so a storage layer can fetch them in one
batch and then call the proof function with a ``get_node`` that serves from
that batch. An inclusion or consistency proof in a tree of size n reads at most
about ``2 * log2(n)`` nodes.

Verification convention
-----------------------
Every ``verify_*`` function returns ``None`` when the proof is valid and raises
:class:`ProofError` otherwise. An exception cannot be ignored by accident the
way a forgotten ``bool`` can. All inputs of the verifiers are treated as
untrusted (sizes outside uint64, wrong hash lengths, over-long proofs are
``ProofError``, never another exception). Proof *generators* take trusted
arguments and raise :class:`ValueError` on misuse.

Consistency with an empty tree (policy, see ``verify_consistency``)
-------------------------------------------------------------------
A consistency proof from ``old_size == 0`` is **always rejected**, whatever the
roots and even for an empty proof (``0 -> 0`` included). RFC 9162 §2.1.4 only
defines proofs for ``0 < m < n``; every tree trivially extends the empty tree,
so there is nothing to prove and a caller that starts from size 0 (e.g. a
witness that has seen no checkpoint yet) must special-case it before calling.
This matches transparency-dev/merkle at 417fb0c3 ("consistency proofs from
size1 = 0 ... now always fail", CHANGELOG) and its vectors
``consistency/additional/size1-is-zero-*.json`` and
``sizes-are-equal-zero-*.json``, which all expect failure. (shared tech-notes
§1.2 recommends the rgdd/CCTV rule instead, which accepts ``0 -> n`` with an
empty proof and the empty-tree root; it disagrees with one of those vectors, so
the vendored vectors win.) Correspondingly :func:`consistency_proof` refuses
``old_size == 0``.

Subtree proofs
--------------
The ``subtree_*`` functions implement the subtree inclusion and subtree
consistency proofs of draft-ietf-plants-merkle-tree-certs ("Subtrees";
also used by C2SP tlog-cosignature subtree signing). For ``start == 0`` they
reduce to the RFC 9162 proofs. The verifier of subtree consistency is a port of
transparency-dev/merkle ``proof/verify.go`` @417fb0c3 (Apache-2.0), and is
checked against that project's vectors and the draft's accumulated test
vectors. Note that, following those vectors, an *empty* subtree
(``start == end``) is consistent with any tree of size ``>= end`` when the
proof is empty and the subtree root is the empty-tree hash.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Final

__all__ = [
    "SUPPORTED_ALGORITHMS",
    "CompactRange",
    "GetNode",
    "Hasher",
    "MemoryTree",
    "MerkleError",
    "NodeID",
    "ProofError",
    "UnsupportedHashError",
    "consistency_proof",
    "consistency_proof_from_leaves",
    "consistency_proof_nodes",
    "consistency_proof_ranges",
    "get_hasher",
    "hash_children",
    "hash_leaf",
    "inclusion_proof",
    "inclusion_proof_from_leaves",
    "inclusion_proof_nodes",
    "inclusion_proof_ranges",
    "is_valid_subtree",
    "mth",
    "range_nodes",
    "root_from_inclusion_proof",
    "subtree_consistency_proof",
    "subtree_consistency_proof_nodes",
    "subtree_consistency_proof_ranges",
    "subtree_hash",
    "subtree_inclusion_proof",
    "subtree_inclusion_proof_nodes",
    "subtree_inclusion_proof_ranges",
    "verify_consistency",
    "verify_inclusion",
    "verify_subtree_consistency",
    "verify_subtree_inclusion",
]

NodeID = tuple[int, int]
"""``(level, index)`` of a perfect subtree; level 0 = leaf hashes."""

GetNode = Callable[[int, int], bytes]
"""``get_node(level, index)`` returns the stored hash of that perfect subtree."""

SUPPORTED_ALGORITHMS: Final = ("sha256", "sm3")

# Sizes and indexes travel as uint64 in every wire format (RFC 9162 §4, C2SP
# tlog-checkpoint); verifiers reject anything outside that range.
_UINT64_LIMIT: Final = 1 << 64

# Known answers used to refuse a provider that returns the wrong function under
# the right name: SHA-256("abc") (FIPS 180-2) and SM3("abc") (GB/T 32905-2016 A.1).
_KNOWN_ANSWERS: Final = {
    "sha256": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    "sm3": "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0",
}


class MerkleError(Exception):
    """Base class of this module's errors."""


class ProofError(MerkleError):
    """A proof (or the data it is checked against) does not verify."""


class UnsupportedHashError(MerkleError, ValueError):
    """The hash algorithm is unknown or not provided by this Python's OpenSSL."""


# --------------------------------------------------------------------------- hashing


@dataclass(frozen=True, slots=True)
class Hasher:
    """RFC 9162 §2.1.1 leaf/node hashing with one hash function.

    Obtain instances through :func:`get_hasher`, which checks availability once.
    """

    algorithm: str
    digest_size: int
    _digest: Callable[[bytes], bytes]

    def digest(self, data: bytes) -> bytes:
        """Plain hash of ``data`` (no prefix)."""
        return self._digest(data)

    def empty_root(self) -> bytes:
        """MTH of the empty tree: ``H("")`` (RFC 9162 §2.1.1)."""
        return self._digest(b"")

    def hash_leaf(self, entry: bytes) -> bytes:
        """Leaf hash ``H(0x00 || entry)`` (RFC 9162 §2.1.1)."""
        return self._digest(b"\x00" + entry)

    def hash_children(self, left: bytes, right: bytes) -> bytes:
        """Interior node hash ``H(0x01 || left || right)`` (RFC 9162 §2.1.1)."""
        return self._digest(b"\x01" + left + right)


def _sha256_digest(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def _make_openssl_digest(name: str) -> Callable[[bytes], bytes]:
    # hashlib.new(name) looks the algorithm up on every call; copying a
    # pre-built object is ~40 % faster for SM3 and gives identical output.
    base = hashlib.new(name)

    def digest(data: bytes) -> bytes:
        h = base.copy()
        h.update(data)
        return h.digest()

    return digest


@cache
def get_hasher(algo: str = "sha256") -> Hasher:
    """Return the :class:`Hasher` for ``algo`` ("sha256" or "sm3").

    Raises :class:`UnsupportedHashError` if the name is unknown, or if this
    Python's OpenSSL does not provide it (RHEL-family OpenSSL builds omit SM3),
    or if it fails a known-answer test. There is deliberately no pure-Python
    fallback: a slow or unaudited hash is worse than a loud start-up failure.
    """
    if algo not in SUPPORTED_ALGORITHMS:
        raise UnsupportedHashError(
            f"unsupported Merkle hash algorithm {algo!r}; expected one of {SUPPORTED_ALGORITHMS}"
        )
    digest: Callable[[bytes], bytes]
    if algo == "sha256":
        digest = _sha256_digest
    else:
        try:
            digest = _make_openssl_digest(algo)
        except ValueError as exc:
            raise UnsupportedHashError(
                f"hash {algo!r} is not available from this Python's OpenSSL "
                f"({hashlib.algorithms_available=}); use an OpenSSL build with {algo.upper()} "
                "(Debian's has it). zhifa never falls back to a pure-Python implementation."
            ) from exc
    if digest(b"abc").hex() != _KNOWN_ANSWERS[algo]:
        raise UnsupportedHashError(f"hash {algo!r} from OpenSSL failed its known-answer test")
    return Hasher(algorithm=algo, digest_size=len(digest(b"")), _digest=digest)


def hash_leaf(entry: bytes, algo: str = "sha256") -> bytes:
    """Leaf hash ``H(0x00 || entry)`` (RFC 9162 §2.1.1)."""
    return get_hasher(algo).hash_leaf(entry)


def hash_children(left: bytes, right: bytes, algo: str = "sha256") -> bytes:
    """Interior node hash ``H(0x01 || left || right)`` (RFC 9162 §2.1.1)."""
    return get_hasher(algo).hash_children(left, right)


# --------------------------------------------------------------------------- ranges


def _split_point(n: int) -> int:
    """Largest power of two strictly smaller than ``n`` (RFC 9162 §2.1.1 "k"); n >= 2."""
    return 1 << ((n - 1).bit_length() - 1)


def _trailing_zeros(x: int) -> int:
    """Number of trailing zero bits of ``x > 0``."""
    return (x & -x).bit_length() - 1


def _check_non_negative(**values: int) -> None:
    for name, value in values.items():
        if not isinstance(value, int) or value < 0:
            raise ValueError(f"{name} must be a non-negative int, got {value!r}")


def is_valid_subtree(start: int, end: int) -> bool:
    """Whether ``[start, end)`` is a subtree in the draft-ietf-plants-merkle-tree-certs sense.

    That is: ``start <= end`` and ``start`` is a multiple of the smallest power
    of two ``>= end - start`` (an empty range or ``start == 0`` always
    qualifies). Exactly such ranges are nodes (possibly imperfect, at the right
    edge) of every tree of size ``>= end``, so their MTH can be assembled from
    stored perfect nodes. Every proof element of RFC 9162 proofs is one.
    """
    if start < 0 or start > end:
        return False
    if start == 0 or start == end:
        return True
    size = end - start
    bit_ceil = 1 << (size - 1).bit_length()
    return start % bit_ceil == 0


def range_nodes(start: int, end: int) -> list[NodeID]:
    """The perfect nodes covering ``[start, end)``, left to right (its compact range).

    For a valid subtree (:func:`is_valid_subtree`) the nodes have strictly
    decreasing sizes, following the binary representation of ``end - start``,
    and the MTH of the range is their right-to-left fold (see
    :func:`subtree_hash`). For other ranges the list is still the minimal
    perfect-node cover, but it does not determine ``MTH(D[start:end])``.
    """
    _check_non_negative(start=start, end=end)
    if start > end:
        raise ValueError(f"start {start} > end {end}")
    nodes: list[NodeID] = []
    while start < end:
        level = (end - start).bit_length() - 1
        if start:
            level = min(level, _trailing_zeros(start))
        nodes.append((level, start >> level))
        start += 1 << level
    return nodes


def _range_hash(start: int, end: int, get_node: GetNode, hasher: Hasher) -> bytes:
    """MTH of the valid subtree ``[start, end)`` assembled from perfect nodes.

    RFC 9162 §2.1.1 splits a range of n leaves at the largest power of two k < n;
    for a valid subtree that left part is exactly the first (biggest) perfect
    node of the compact range and the right part is again a valid subtree, so
    folding the compact range from the right reproduces MTH exactly.
    """
    if start == end:
        return hasher.empty_root()
    nodes = range_nodes(start, end)
    acc = get_node(*nodes[-1])
    for level, index in reversed(nodes[:-1]):
        acc = hasher.hash_children(get_node(level, index), acc)
    return acc


def subtree_hash(start: int, end: int, get_node: GetNode, algo: str = "sha256") -> bytes:
    """MTH of leaves ``[start, end)``; ``[start, end)`` must be a valid subtree.

    ``subtree_hash(0, n, ...)`` is the root of the tree of size ``n``: this is how
    a store computes historic roots from perfect nodes. Reads the nodes of
    :func:`range_nodes`.
    """
    _check_non_negative(start=start, end=end)
    if not is_valid_subtree(start, end):
        raise ValueError(f"[{start}, {end}) is not a valid subtree")
    return _range_hash(start, end, get_node, get_hasher(algo))


def _flatten_nodes(ranges: Iterable[tuple[int, int]]) -> list[NodeID]:
    out: list[NodeID] = []
    for start, end in ranges:
        out.extend(range_nodes(start, end))
    return out


def _hashes_for_ranges(ranges: Iterable[tuple[int, int]], get_node: GetNode, hasher: Hasher) -> list[bytes]:
    return [_range_hash(start, end, get_node, hasher) for start, end in ranges]


# --------------------------------------------------------------------------- inclusion


def _inclusion_ranges(index: int, lo: int, hi: int) -> list[tuple[int, int]]:
    """Leaf ranges of PATH(index - lo, D[lo:hi]) per RFC 9162 §2.1.3.1, leaf level first.

    PATH(m, D[n]) = PATH(m, D[0:k]) : MTH(D[k:n])   if m < k
                  = PATH(m - k, D[k:n]) : MTH(D[0:k]) if m >= k
    Walking down from the root collects siblings top first; the RFC orders
    them bottom first, hence the reversal.
    """
    out: list[tuple[int, int]] = []
    while hi - lo > 1:
        mid = lo + _split_point(hi - lo)
        if index < mid:
            out.append((mid, hi))
            hi = mid
        else:
            out.append((lo, mid))
            lo = mid
    out.reverse()
    return out


def inclusion_proof_ranges(index: int, size: int) -> list[tuple[int, int]]:
    """Leaf range ``[start, end)`` of each inclusion proof element, in proof order.

    The proof for ``index`` in a tree of ``size`` (RFC 9162 §2.1.3.1) is the
    list of MTHs of these ranges. All but at most one are perfect nodes; the
    exception is the right sibling at the level where the path of ``index``
    leaves the right edge of the tree.
    """
    _check_non_negative(index=index, size=size)
    if index >= size:
        raise ValueError(f"index {index} out of range for tree size {size}")
    return _inclusion_ranges(index, 0, size)


def inclusion_proof_nodes(index: int, size: int) -> list[NodeID]:
    """All perfect nodes ``(level, index)`` that :func:`inclusion_proof` reads, for batch reads."""
    return _flatten_nodes(inclusion_proof_ranges(index, size))


def inclusion_proof(index: int, size: int, get_node: GetNode, algo: str = "sha256") -> list[bytes]:
    """Inclusion proof (audit path) for leaf ``index`` in the tree of ``size`` (RFC 9162 §2.1.3.1).

    ``size`` may be any historic size up to what ``get_node`` can serve: only
    nodes inside ``[0, size)`` are read (:func:`inclusion_proof_nodes`).
    """
    return _hashes_for_ranges(inclusion_proof_ranges(index, size), get_node, get_hasher(algo))


# --------------------------------------------------------------------------- consistency


def _consistency_ranges(start: int, end: int, size: int) -> list[tuple[int, int]]:
    """Leaf ranges of a (subtree) consistency proof, in proof order.

    With ``start == 0`` this is RFC 9162 §2.1.4.1 PROOF(m, D[n]) = SUBPROOF(m, D[n], true):

        SUBPROOF(m, D[m], true)  = {}
        SUBPROOF(m, D[m], false) = {MTH(D[m])}
        SUBPROOF(m, D[n], b) = SUBPROOF(m, D[0:k], b) : MTH(D[k:n])       if m <= k
                             = SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k]) if m > k

    and in general the SUBTREE_PROOF of draft-ietf-plants-merkle-tree-certs,
    which adds the case of a subtree entirely right of the split. When the
    subtree straddles the split, ``start`` is necessarily the left edge of the
    current tree (a property of valid subtrees), so it continues as the prefix
    ``[k, end)`` of the right half exactly like the RFC's ``m > k`` case.
    """
    if start == end:
        return []
    out: list[tuple[int, int]] = []
    lo, hi, known = 0, size, True
    while not (start == lo and end == hi):
        mid = lo + _split_point(hi - lo)
        if end <= mid:
            out.append((mid, hi))
            hi = mid
        elif mid <= start:
            out.append((lo, mid))
            lo = mid
        else:
            # start == lo here; the verifier does not know MTH(D[mid:end]).
            out.append((lo, mid))
            lo = start = mid
            known = False
    if not known:
        out.append((lo, hi))
    out.reverse()
    return out


def consistency_proof_ranges(old_size: int, new_size: int) -> list[tuple[int, int]]:
    """Leaf range of each consistency proof element, in proof order (RFC 9162 §2.1.4.1).

    Requires ``0 < old_size <= new_size`` (see the module docstring for why
    ``old_size == 0`` is refused). At most one element is an imperfect
    right-edge subtree.
    """
    _check_non_negative(old_size=old_size, new_size=new_size)
    if old_size == 0:
        raise ValueError("consistency proof from the empty tree is not defined (RFC 9162 §2.1.4)")
    if old_size > new_size:
        raise ValueError(f"old_size {old_size} > new_size {new_size}")
    return _consistency_ranges(0, old_size, new_size)


def consistency_proof_nodes(old_size: int, new_size: int) -> list[NodeID]:
    """All perfect nodes ``(level, index)`` that :func:`consistency_proof` reads."""
    return _flatten_nodes(consistency_proof_ranges(old_size, new_size))


def consistency_proof(old_size: int, new_size: int, get_node: GetNode, algo: str = "sha256") -> list[bytes]:
    """Consistency proof between tree sizes ``old_size`` and ``new_size`` (RFC 9162 §2.1.4.1).

    Requires ``0 < old_size <= new_size``; equal sizes give an empty proof.
    """
    return _hashes_for_ranges(consistency_proof_ranges(old_size, new_size), get_node, get_hasher(algo))


# --------------------------------------------------------------------------- subtree proofs


def _check_subtree(start: int, end: int) -> None:
    _check_non_negative(start=start, end=end)
    if not is_valid_subtree(start, end):
        raise ValueError(f"[{start}, {end}) is not a valid subtree")


def subtree_inclusion_proof_ranges(index: int, start: int, end: int) -> list[tuple[int, int]]:
    """Ranges of the inclusion proof of leaf ``index`` in subtree ``[start, end)``.

    Because ``start`` is aligned, the subtree has the same shape as a tree of
    ``end - start`` leaves shifted right, so this is RFC 9162 PATH in that
    shifted tree (draft-ietf-plants-merkle-tree-certs, subtree inclusion).
    """
    _check_non_negative(index=index)
    _check_subtree(start, end)
    if not start <= index < end:
        raise ValueError(f"index {index} out of range for subtree [{start}, {end})")
    return _inclusion_ranges(index, start, end)


def subtree_inclusion_proof_nodes(index: int, start: int, end: int) -> list[NodeID]:
    """All perfect nodes that :func:`subtree_inclusion_proof` reads."""
    return _flatten_nodes(subtree_inclusion_proof_ranges(index, start, end))


def subtree_inclusion_proof(
    index: int, start: int, end: int, get_node: GetNode, algo: str = "sha256"
) -> list[bytes]:
    """Inclusion proof of leaf ``index`` in the subtree ``[start, end)``."""
    ranges = subtree_inclusion_proof_ranges(index, start, end)
    return _hashes_for_ranges(ranges, get_node, get_hasher(algo))


def subtree_consistency_proof_ranges(start: int, end: int, size: int) -> list[tuple[int, int]]:
    """Ranges of the proof that subtree ``[start, end)`` is part of the tree of ``size``."""
    _check_non_negative(size=size)
    _check_subtree(start, end)
    if end > size:
        raise ValueError(f"subtree end {end} > tree size {size}")
    return _consistency_ranges(start, end, size)


def subtree_consistency_proof_nodes(start: int, end: int, size: int) -> list[NodeID]:
    """All perfect nodes that :func:`subtree_consistency_proof` reads."""
    return _flatten_nodes(subtree_consistency_proof_ranges(start, end, size))


def subtree_consistency_proof(
    start: int, end: int, size: int, get_node: GetNode, algo: str = "sha256"
) -> list[bytes]:
    """Subtree consistency proof (draft-ietf-plants-merkle-tree-certs SUBTREE_PROOF)."""
    ranges = subtree_consistency_proof_ranges(start, end, size)
    return _hashes_for_ranges(ranges, get_node, get_hasher(algo))


# --------------------------------------------------------------------------- verification


def _check_uint64(**values: int) -> None:
    for name, value in values.items():
        if not isinstance(value, int) or not 0 <= value < _UINT64_LIMIT:
            raise ProofError(f"{name} {value!r} is not a uint64")


def _check_hash_len(hasher: Hasher, what: str, value: bytes) -> None:
    if not isinstance(value, bytes | bytearray) or len(value) != hasher.digest_size:
        length = len(value) if isinstance(value, bytes | bytearray) else type(value).__name__
        raise ProofError(f"{what} must be {hasher.digest_size} bytes, got {length}")


def _check_proof_hashes(hasher: Hasher, proof: Sequence[bytes]) -> None:
    for i, element in enumerate(proof):
        _check_hash_len(hasher, f"proof[{i}]", element)


def root_from_inclusion_proof(
    leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes], algo: str = "sha256"
) -> bytes:
    """Root implied by an inclusion proof (RFC 9162 §2.1.3.2 steps 1-4 and the ``sn == 0`` check).

    Raises :class:`ProofError` if the proof is malformed for ``index``/``size``
    (wrong length, wrong hash sizes, ``index >= size``).
    """
    hasher = get_hasher(algo)
    _check_uint64(index=index, size=size)
    # Step 1: "Compare leaf_index from the inclusion_proof_v2 structure against
    # tree_size. If leaf_index is greater than or equal to tree_size, then fail."
    if index >= size:
        raise ProofError(f"leaf index {index} >= tree size {size}")
    _check_hash_len(hasher, "leaf hash", leaf_hash)
    _check_proof_hashes(hasher, proof)
    # Steps 2-3: fn = leaf_index, sn = tree_size - 1, r = hash.
    fn, sn, r = index, size - 1, bytes(leaf_hash)
    # Step 4: for each p in inclusion_path ...
    for p in proof:
        # 4a: "If sn is 0, then stop the iteration and fail the proof verification."
        if sn == 0:
            raise ProofError("inclusion proof is too long")
        # 4b: "If LSB(fn) is set, or if fn is equal to sn, then: ..."
        if fn & 1 or fn == sn:
            r = hasher.hash_children(p, r)
            # "If LSB(fn) is not set, then right-shift both fn and sn equally
            # until either LSB(fn) is set or fn is 0."
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = hasher.hash_children(r, p)
        # 4c: "Finally, right-shift both fn and sn one time."
        fn >>= 1
        sn >>= 1
    # Step 5: "Compare sn to 0 ..."
    if sn != 0:
        raise ProofError("inclusion proof is too short")
    return r


def verify_inclusion(
    leaf_hash: bytes,
    index: int,
    size: int,
    proof: Sequence[bytes],
    root: bytes,
    algo: str = "sha256",
) -> None:
    """Verify that ``leaf_hash`` is leaf ``index`` of the tree of ``size`` with ``root``.

    RFC 9162 §2.1.3.2. Returns ``None`` on success, raises :class:`ProofError`
    otherwise. Hashes of the wrong length are rejected (transparency-dev vector
    ``inclusion/single-entry/empty-root-and-leaf.json``: an empty leaf hash
    must not "match" an empty root).
    """
    hasher = get_hasher(algo)
    computed = root_from_inclusion_proof(leaf_hash, index, size, proof, algo)
    _check_hash_len(hasher, "root", root)
    # Step 5: "... and compare r against the root_hash. If sn is equal to 0 and
    # r and the root_hash are equal, then the log has proven the inclusion".
    if computed != root:
        raise ProofError("inclusion proof does not lead to the expected root")


def verify_consistency(
    old_size: int,
    new_size: int,
    old_root: bytes,
    new_root: bytes,
    proof: Sequence[bytes],
    algo: str = "sha256",
) -> None:
    """Verify that the tree ``(new_size, new_root)`` extends ``(old_size, old_root)``.

    RFC 9162 §2.1.4.2. Returns ``None`` on success, raises :class:`ProofError`
    otherwise.

    Edge cases (policy; matches the transparency-dev/merkle vectors):

    * ``old_size == 0``: always rejected, for any roots and any proof,
      including ``0 -> 0``. Callers starting from an empty tree must handle
      that case themselves (it is trivially consistent; there is nothing to
      verify). See the module docstring.
    * ``old_size == new_size``: valid iff the proof is empty and the roots are
      byte-equal; nothing else is checked (not even the root length, as the
      vector ``sizes-are-equal-one-and-proof-is-empty.json`` requires).
    * ``old_size > new_size``: rejected.
    """
    hasher = get_hasher(algo)
    _check_uint64(old_size=old_size, new_size=new_size)
    if old_size > new_size:
        raise ProofError(f"old size {old_size} > new size {new_size}")
    if old_size == 0:
        raise ProofError("consistency proof from the empty tree is rejected by policy (old_size == 0)")
    if old_size == new_size:
        if proof:
            raise ProofError("sizes are equal but the proof is not empty")
        if old_root != new_root:
            raise ProofError("sizes are equal but the roots differ")
        return
    # Step 1: "If consistency_path is an empty array, stop and fail".
    if not proof:
        raise ProofError("consistency proof is empty")
    _check_hash_len(hasher, "old root", old_root)
    _check_hash_len(hasher, "new root", new_root)
    _check_proof_hashes(hasher, proof)
    path = list(proof)
    # Step 2: "If first is an exact power of 2, then prepend first_hash to the
    # consistency_path array."
    if old_size & (old_size - 1) == 0:
        path.insert(0, bytes(old_root))
    # Step 3: fn = first - 1, sn = second - 1.
    fn, sn = old_size - 1, new_size - 1
    # Step 4: "If LSB(fn) is set, then right-shift both fn and sn equally until
    # LSB(fn) is not set."
    while fn & 1:
        fn >>= 1
        sn >>= 1
    # Step 5: fr = sr = consistency_path[0].
    fr = sr = path[0]
    # Step 6: for each subsequent value c in the consistency_path array ...
    for c in path[1:]:
        # 6a: "If sn is 0, then stop the iteration and fail the proof verification."
        if sn == 0:
            raise ProofError("consistency proof is too long")
        # 6b: "If LSB(fn) is set, or if fn is equal to sn, then: ..."
        if fn & 1 or fn == sn:
            fr = hasher.hash_children(c, fr)
            sr = hasher.hash_children(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = hasher.hash_children(sr, c)
        # 6c: "Finally, right-shift both fn and sn one time."
        fn >>= 1
        sn >>= 1
    # Step 7: "After completing iterating through the consistency_path array as
    # described above, verify that the fr calculated is equal to the first_hash
    # supplied, that the sr calculated is equal to the second_hash supplied, and
    # that sn is 0."
    if sn != 0:
        raise ProofError("consistency proof is too short")
    if fr != old_root:
        raise ProofError("consistency proof does not lead to the old root")
    if sr != new_root:
        raise ProofError("consistency proof does not lead to the new root")


def verify_subtree_inclusion(
    leaf_hash: bytes,
    index: int,
    start: int,
    end: int,
    proof: Sequence[bytes],
    subtree_root: bytes,
    algo: str = "sha256",
) -> None:
    """Verify that ``leaf_hash`` is leaf ``index`` of subtree ``[start, end)`` with ``subtree_root``.

    draft-ietf-plants-merkle-tree-certs subtree inclusion: the subtree must be
    valid (:func:`is_valid_subtree`) and ``start <= index < end``; then it is
    RFC 9162 §2.1.3.2 for leaf ``index - start`` in a tree of ``end - start``.
    Returns ``None`` or raises :class:`ProofError`.
    """
    _check_uint64(index=index, start=start, end=end)
    if not is_valid_subtree(start, end):
        raise ProofError(f"[{start}, {end}) is not a valid subtree")
    if not start <= index < end:
        raise ProofError(f"index {index} out of bounds for subtree [{start}, {end})")
    verify_inclusion(leaf_hash, index - start, end - start, proof, subtree_root, algo)


def _chain_inner(hasher: Hasher, seed: bytes, proof: Sequence[bytes], index: int) -> bytes:
    """Hash up from a node at ``index`` (on its level) with siblings on either side."""
    for i, p in enumerate(proof):
        # Bit i of the node's index says whether it is a right (1) or left (0) child.
        seed = hasher.hash_children(p, seed) if (index >> i) & 1 else hasher.hash_children(seed, p)
    return seed


def _chain_inner_right(hasher: Hasher, seed: bytes, proof: Sequence[bytes], index: int) -> bytes:
    """Like :func:`_chain_inner` but only uses left siblings: yields an older, smaller tree's hash."""
    for i, p in enumerate(proof):
        if (index >> i) & 1:
            seed = hasher.hash_children(p, seed)
    return seed


def _chain_border_right(hasher: Hasher, seed: bytes, proof: Sequence[bytes]) -> bytes:
    """Hash up along the right border, where every sibling is a left sibling."""
    for p in proof:
        seed = hasher.hash_children(p, seed)
    return seed


def _root_from_subtree_consistency(
    hasher: Hasher, start: int, end: int, size: int, proof: Sequence[bytes], sub_root: bytes
) -> bytes:
    """Port of transparency-dev/merkle ``rootFromSubtreeConsistencyProof`` (@417fb0c3).

    Preconditions: valid subtree, ``start < end <= size``, not the whole tree,
    non-empty proof of well-formed hashes.
    """
    if end == size:
        # The subtree is a node on the right border: its LCA (level, index) needs
        # one left sibling per level at which an ancestor is a right child.
        level = ((end - 1) ^ start).bit_length()
        index = start >> level
        if len(proof) != index.bit_count():
            raise ProofError(f"wrong proof size {len(proof)}, want {index.bit_count()}")
        return _chain_border_right(hasher, sub_root, proof)

    # Paths to leaves end-1 and size-1 diverge at fork_level; above it only left
    # ("border") siblings remain, one per set bit.
    fork_level = ((end - 1) ^ (size - 1)).bit_length()
    border = ((end - 1) >> fork_level).bit_count()
    # The proof starts at the rightmost perfect subtree inside [start, end).
    shift = _trailing_zeros(end - start)
    inner = fork_level - shift
    if inner < 0:  # cannot happen for end < size; defensive against misuse
        raise ProofError("malformed subtree consistency parameters")
    perfect = (end - start) == 1 << shift
    # For a perfect subtree its own root is the seed (the verifier knows it);
    # otherwise the proof starts with the root of that rightmost perfect subtree.
    seed, rest = (sub_root, proof) if perfect else (proof[0], proof[1:])
    if len(rest) != inner + border:
        raise ProofError(f"wrong proof size {len(proof)}, want {int(not perfect) + inner + border}")
    mask = (end - 1) >> shift
    if not perfect:
        # Recompute the subtree root from the proof nodes that lie inside it and
        # check it: otherwise the seed could be anything.
        height = ((end - 1) ^ start).bit_length()
        sub_inner = min(height, fork_level) - shift
        sub_border = max(0, border - ((end - 1) >> height).bit_count())
        h1 = _chain_inner_right(hasher, seed, rest[:sub_inner], mask)
        h1 = _chain_border_right(hasher, h1, rest[inner : inner + sub_border])
        if h1 != sub_root:
            raise ProofError("subtree consistency proof does not lead to the subtree root")
    h2 = _chain_inner(hasher, seed, rest[:inner], mask)
    return _chain_border_right(hasher, h2, rest[inner:])


def verify_subtree_consistency(
    start: int,
    end: int,
    size: int,
    proof: Sequence[bytes],
    subtree_root: bytes,
    root: bytes,
    algo: str = "sha256",
) -> None:
    """Verify that subtree ``[start, end)`` with ``subtree_root`` is part of the tree ``(size, root)``.

    draft-ietf-plants-merkle-tree-certs subtree consistency. Returns ``None``
    or raises :class:`ProofError`. Special cases, as in transparency-dev/merkle
    and its vectors: an empty subtree (``start == end <= size``) verifies iff
    the proof is empty and ``subtree_root`` is the empty-tree hash (``root`` is
    not consulted); the whole tree (``start == 0, end == size``) verifies iff
    the proof is empty and the roots are byte-equal.
    """
    hasher = get_hasher(algo)
    _check_uint64(start=start, end=end, size=size)
    if not is_valid_subtree(start, end):
        raise ProofError(f"[{start}, {end}) is not a valid subtree")
    if end > size:
        raise ProofError(f"subtree end {end} > tree size {size}")
    if start == end:
        if proof:
            raise ProofError("empty subtree but the proof is not empty")
        if subtree_root != hasher.empty_root():
            raise ProofError("empty subtree but its root is not the empty-tree hash")
        return
    if start == 0 and end == size:
        if proof:
            raise ProofError("subtree is the whole tree but the proof is not empty")
        if subtree_root != root:
            raise ProofError("subtree is the whole tree but the roots differ")
        return
    if not proof:
        raise ProofError("subtree consistency proof is empty")
    _check_hash_len(hasher, "subtree root", subtree_root)
    _check_hash_len(hasher, "root", root)
    _check_proof_hashes(hasher, proof)
    computed = _root_from_subtree_consistency(hasher, start, end, size, proof, bytes(subtree_root))
    if computed != root:
        raise ProofError("subtree consistency proof does not lead to the expected root")


# --------------------------------------------------------------------------- structures


class CompactRange:
    """The right frontier of an append-only tree: O(log n) state, O(log n) append.

    ``hashes`` are the roots of the perfect subtrees that make up ``[0, size)``,
    largest (leftmost) first, one per set bit of ``size`` (the compact range of
    transparency-dev/merkle ``compact``). That is all that is needed to append
    and to compute the current root (RFC 9162 §2.1.1 MTH), so a log can keep
    this in memory or in one database row and persist the perfect nodes that
    :meth:`append` reports.
    """

    __slots__ = ("_hasher", "_hashes", "_size")

    def __init__(self, algo: str = "sha256", size: int = 0, hashes: Sequence[bytes] = ()) -> None:
        """Start empty, or restore a saved state ``(size, hashes)``."""
        _check_non_negative(size=size)
        self._hasher = get_hasher(algo)
        if len(hashes) != size.bit_count():
            raise ValueError(
                f"a compact range of size {size} has {size.bit_count()} hashes, got {len(hashes)}"
            )
        for h in hashes:
            if len(h) != self._hasher.digest_size:
                raise ValueError("compact range hash has the wrong length")
        self._size = size
        self._hashes = [bytes(h) for h in hashes]

    @property
    def algorithm(self) -> str:
        return self._hasher.algorithm

    @property
    def size(self) -> int:
        """Number of leaves appended so far."""
        return self._size

    @property
    def hashes(self) -> tuple[bytes, ...]:
        """Frontier hashes, largest subtree first (save these with :attr:`size`)."""
        return tuple(self._hashes)

    def nodes(self) -> list[NodeID]:
        """``(level, index)`` of each frontier hash, matching :attr:`hashes`."""
        return range_nodes(0, self._size)

    def append(self, leaf_hash: bytes) -> list[tuple[int, int, bytes]]:
        """Append one leaf hash; return the perfect nodes completed by it.

        The result is ``[(0, leaf_index, leaf_hash), (1, i1, h1), ...]``: every
        node that just became complete, bottom up. A store that saves them has
        every node any later proof can ask for. Merges follow the set low bits
        of the old size, so the cost is O(log n) worst case, O(1) amortised.
        """
        hasher = self._hasher
        if len(leaf_hash) != hasher.digest_size:
            raise ValueError(f"leaf hash must be {hasher.digest_size} bytes")
        size = self._size
        h = bytes(leaf_hash)
        created = [(0, size, h)]
        level = 0
        while (size >> level) & 1:
            h = hasher.hash_children(self._hashes.pop(), h)
            level += 1
            created.append((level, size >> level, h))
        self._hashes.append(h)
        self._size = size + 1
        return created

    def root(self) -> bytes:
        """MTH of the current tree: the frontier folded right to left (empty: ``H("")``)."""
        if not self._hashes:
            return self._hasher.empty_root()
        acc = self._hashes[-1]
        for h in reversed(self._hashes[:-1]):
            acc = self._hasher.hash_children(h, acc)
        return acc


class MemoryTree:
    """Append-only tree that keeps every perfect node in memory.

    It is the reference store for tests, tools and benchmarks, and shows how a
    database-backed store is meant to use this module: append through a
    :class:`CompactRange`, save the completed nodes, serve ``get_node``.
    """

    __slots__ = ("_levels", "_range", "algorithm")

    def __init__(self, algo: str = "sha256") -> None:
        self.algorithm = algo
        self._range = CompactRange(algo)
        self._levels: list[list[bytes]] = []

    @classmethod
    def from_leaf_hashes(cls, leaf_hashes: Iterable[bytes], algo: str = "sha256") -> MemoryTree:
        """Build a tree from leaf hashes (already ``H(0x00 || entry)``)."""
        tree = cls(algo)
        tree.extend(leaf_hashes)
        return tree

    @property
    def size(self) -> int:
        return self._range.size

    def append(self, leaf_hash: bytes) -> int:
        """Append a leaf hash; return its index."""
        index = self._range.size
        for level, _, h in self._range.append(leaf_hash):
            if level == len(self._levels):
                self._levels.append([])
            self._levels[level].append(h)
        return index

    def append_entry(self, entry: bytes) -> int:
        """Hash ``entry`` as a leaf (``H(0x00 || entry)``) and append it."""
        return self.append(get_hasher(self.algorithm).hash_leaf(entry))

    def extend(self, leaf_hashes: Iterable[bytes]) -> None:
        for h in leaf_hashes:
            self.append(h)

    def get_node(self, level: int, index: int) -> bytes:
        """Hash of the complete perfect node ``(level, index)``; ``KeyError`` if absent."""
        if level < 0 or index < 0 or level >= len(self._levels) or index >= len(self._levels[level]):
            raise KeyError((level, index))
        return self._levels[level][index]

    def leaf_hash(self, index: int) -> bytes:
        return self.get_node(0, index)

    def root(self) -> bytes:
        """Current root, from the compact range (O(log n))."""
        return self._range.root()

    def root_at(self, size: int) -> bytes:
        """Root of the tree at a historic ``size <= self.size``."""
        self._check_size(size)
        return subtree_hash(0, size, self.get_node, self.algorithm)

    def _check_size(self, size: int) -> None:
        if not 0 <= size <= self.size:
            raise ValueError(f"size {size} is outside 0..{self.size}")

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        size = self.size if size is None else size
        self._check_size(size)
        return inclusion_proof(index, size, self.get_node, self.algorithm)

    def consistency_proof(self, old_size: int, new_size: int | None = None) -> list[bytes]:
        new_size = self.size if new_size is None else new_size
        self._check_size(new_size)
        return consistency_proof(old_size, new_size, self.get_node, self.algorithm)

    def subtree_hash(self, start: int, end: int) -> bytes:
        self._check_size(end)
        return subtree_hash(start, end, self.get_node, self.algorithm)

    def subtree_inclusion_proof(self, index: int, start: int, end: int) -> list[bytes]:
        self._check_size(end)
        return subtree_inclusion_proof(index, start, end, self.get_node, self.algorithm)

    def subtree_consistency_proof(self, start: int, end: int, size: int | None = None) -> list[bytes]:
        size = self.size if size is None else size
        self._check_size(size)
        return subtree_consistency_proof(start, end, size, self.get_node, self.algorithm)


def mth(leaf_hashes: Iterable[bytes], algo: str = "sha256") -> bytes:
    """MTH (RFC 9162 §2.1.1) of a list of leaf hashes, in O(n) time and O(log n) memory."""
    compact = CompactRange(algo)
    for h in leaf_hashes:
        compact.append(h)
    return compact.root()


def inclusion_proof_from_leaves(
    leaf_hashes: Sequence[bytes], index: int, algo: str = "sha256"
) -> list[bytes]:
    """Inclusion proof of ``index`` in the tree made of all ``leaf_hashes`` (for tests and tools)."""
    return MemoryTree.from_leaf_hashes(leaf_hashes, algo).inclusion_proof(index)


def consistency_proof_from_leaves(
    leaf_hashes: Sequence[bytes], old_size: int, algo: str = "sha256"
) -> list[bytes]:
    """Consistency proof from ``old_size`` to ``len(leaf_hashes)`` (for tests and tools)."""
    return MemoryTree.from_leaf_hashes(leaf_hashes, algo).consistency_proof(old_size)
