"""Order records so that every record comes after the records of the same batch it refers to.

Published lists come in any order (a district before its city, a 分局 before its 局). The importer
places parents first and keeps the file's order otherwise, so that messages still follow the file.
Records in a cycle, or referring to themselves, keep their place: the importer reports them."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

T = TypeVar("T")


def parents_first(
    records: Sequence[T],
    key: Callable[[T], Hashable],
    parents: Callable[[T], Sequence[Hashable]],
) -> list[T]:
    """A stable topological order: each record after the first record of the batch bearing each key
    it names in ``parents``; keys not in the batch (already stored, or missing) impose nothing."""
    first: dict[Hashable, int] = {}
    for i, r in enumerate(records):
        first.setdefault(key(r), i)
    placed = [False] * len(records)
    visiting = [False] * len(records)
    out: list[T] = []

    def place(i: int) -> None:
        # Iterative depth-first walk up the parent chain (a 5-level region tree or a long chain of
        # agencies must not hit the recursion limit).
        stack = [(i, iter(parents(records[i])))]
        visiting[i] = True
        while stack:
            j, pending = stack[-1]
            for p in pending:
                k = first.get(p)
                if k is not None and k != j and not placed[k] and not visiting[k]:
                    visiting[k] = True
                    stack.append((k, iter(parents(records[k]))))
                    break
            else:
                stack.pop()
                visiting[j] = False
                placed[j] = True
                out.append(records[j])

    for i in range(len(records)):
        if not placed[i]:
            place(i)
    return out
