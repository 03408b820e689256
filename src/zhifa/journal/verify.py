"""`zhifa verify`: recompute the whole tree from the journal entries and check every stored node and
every signed checkpoint; report the first divergence precisely (which entry, which node, what differs).

It trusts nothing stored except the entries' own content and the published verifier keys: leaf hashes
are recomputed from the entries, every perfect node is recomputed and compared with the stored one,
every checkpoint's root is compared with the recomputed root at its size and its signature is checked.

A row that cannot even be read (invalid JSON in ``payload`` or ``attachments``, a payload that is not a
JSON object, a column the database returns in a shape Django cannot convert) is a divergence like any
other: reported with the entry's id, never a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from zhifa.journal.keys import origin
from zhifa.journal.models import JournalEntry, SignedCheckpoint, SigningKey, TreeLeaf, TreeNode, TreeState
from zhifa.lib.checkpoint import NoteError, Verifier, open_checkpoint
from zhifa.lib.merkle import CompactRange, get_hasher

CHUNK = 5000


@dataclass
class Divergence:
    kind: str
    message: str
    entry_id: int | None = None
    leaf_index: int | None = None


@dataclass
class VerifyReport:
    size: int = 0
    checkpoints: int = 0
    entries_not_in_tree: list[int] = field(default_factory=list)
    divergence: Divergence | None = None

    @property
    def ok(self) -> bool:
        return self.divergence is None

    def as_text(self) -> str:
        if self.divergence is None:
            text = f"验证通过：{self.size} 条记录重新计算一致，{self.checkpoints} 个签名检查点全部有效。"
            if self.entries_not_in_tree:
                text += f"\n另有 {len(self.entries_not_in_tree)} 条记录尚未纳入树（等待定序）。"
            return text
        d = self.divergence
        where = []
        if d.entry_id is not None:
            where.append(f"记录 #{d.entry_id}")
        if d.leaf_index is not None:
            where.append(f"树叶 {d.leaf_index}")
        return f"验证失败（{'，'.join(where) or d.kind}）：{d.message}"


class CorruptEntry(Exception):
    """A journal row that cannot be read as an entry; ``message`` is Chinese, for the report."""

    def __init__(self, entry_id: int, message: str) -> None:
        super().__init__(message)
        self.entry_id = entry_id
        self.message = message


_JSON_TYPES = {dict: "对象", list: "数组", str: "字符串", int: "数字", float: "数字", bool: "布尔值"}


def _json_column(entry_id: int, label: str, raw: object, expected: type) -> Any:
    if not isinstance(raw, str):
        shown = "空值（NULL）" if raw is None else type(raw).__name__
        raise CorruptEntry(entry_id, f"{label}应为 JSON 文本，实际为 {shown}")
    try:
        value = json.loads(raw)
    except ValueError as exc:  # JSONDecodeError, and invalid UTF-8 surrogates
        raise CorruptEntry(entry_id, f"{label}不是有效的 JSON（{exc}）") from None
    if not isinstance(value, expected):
        got = "null" if value is None else _JSON_TYPES.get(type(value), type(value).__name__)
        raise CorruptEntry(entry_id, f"{label}应为 JSON {_JSON_TYPES[expected]}，实际为 {got}")
    return value


def check_entry(entry: JournalEntry) -> bytes:
    """The entry's leaf bytes, or CorruptEntry if its stored columns are not what record() writes:
    ``payload`` a JSON object, ``attachments`` a JSON array (journal.services.record)."""
    _json_column(entry.pk, "内容（payload）", entry.payload, dict)
    _json_column(entry.pk, "附件摘要（attachments）", entry.attachments, list)
    try:
        return entry.leaf_bytes()
    except (ValueError, TypeError) as exc:  # e.g. NaN in the JSON, which canonical JSON refuses
        raise CorruptEntry(entry.pk, f"无法计算叶内容（{exc}）") from None


def _load_entry(entry_id: int) -> JournalEntry:
    try:
        return JournalEntry.objects.get(pk=entry_id)
    except JournalEntry.DoesNotExist:
        raise CorruptEntry(entry_id, "树叶指向的记录不存在") from None
    except Exception as exc:  # a column Django cannot convert (SQLite keeps any type in any column)
        raise CorruptEntry(entry_id, f"无法读取该记录（{type(exc).__name__}: {exc}）") from None


def _leaves() -> Iterator[tuple[int, JournalEntry]]:
    last = -1
    while True:
        try:
            rows = [
                (leaf.index, leaf.entry)
                for leaf in TreeLeaf.objects.filter(index__gt=last)
                .select_related("entry")
                .order_by("index")[:CHUNK]
            ]
        except Exception:
            # One row of the chunk cannot be converted: read them one by one to name it.
            ids = TreeLeaf.objects.filter(index__gt=last).order_by("index").values_list("index", "entry_id")
            rows = [(index, _load_entry(entry_id)) for index, entry_id in ids[:CHUNK]]
        if not rows:
            return
        yield from rows
        last = rows[-1][0]


def _unsequenced() -> Iterator[JournalEntry]:
    """Entries not yet in the tree, each checked readable (the sequencer will have to hash them)."""
    last = 0
    while True:
        ids = list(
            JournalEntry.objects.filter(leaf__isnull=True, id__gt=last)
            .order_by("id")
            .values_list("id", flat=True)[:CHUNK]
        )
        if not ids:
            return
        try:
            entries = list(JournalEntry.objects.filter(id__in=ids).order_by("id"))
        except Exception:
            entries = [_load_entry(i) for i in ids]
        yield from entries
        last = ids[-1]


def _stored_nodes(start_leaf: int, end_leaf: int) -> dict[tuple[int, int], bytes]:
    """Every stored node whose subtree ends inside [start_leaf, end_leaf)."""
    found: dict[tuple[int, int], bytes] = {}
    level = 0
    while (1 << level) <= max(end_leaf, 1):
        lo = start_leaf >> level
        hi = end_leaf >> level
        for idx, h in TreeNode.objects.filter(level=level, index__gte=lo, index__lt=hi + 1).values_list(
            "index", "hash"
        ):
            found[(level, idx)] = bytes(h)
        level += 1
    return found


def verify(progress: Callable[[int, int], None] | None = None) -> VerifyReport:
    report = VerifyReport()
    try:
        return _verify(report, progress)
    except CorruptEntry as exc:
        leaf = TreeLeaf.objects.filter(entry_id=exc.entry_id).values_list("index", flat=True).first()
        report.divergence = Divergence(
            "entry-corrupt", f"记录已损坏，无法核对：{exc.message}", entry_id=exc.entry_id, leaf_index=leaf
        )
        return report


def _verify(report: VerifyReport, progress: Callable[[int, int], None] | None) -> VerifyReport:
    state = TreeState.objects.filter(pk=1).first()
    algo = state.algorithm if state else "sha256"
    size = state.size if state else 0
    hasher = get_hasher(algo)
    checkpoints = {cp.size: cp for cp in SignedCheckpoint.objects.select_related("key")}
    keys = {k.pk: Verifier.from_vkey(k.vkey) for k in SigningKey.objects.all()}
    tree = CompactRange(algo)
    expected_index = 0
    stored: dict[tuple[int, int], bytes] = {}
    for index, entry in _leaves():
        if index != expected_index:
            report.divergence = Divergence(
                "leaf-order", f"树叶编号不连续：期望 {expected_index}，实际 {index}", leaf_index=index
            )
            return report
        if index % CHUNK == 0:
            stored = _stored_nodes(index, min(index + CHUNK, size) + 1)
            if progress:
                progress(index, size)
        leaf_hash = hasher.hash_leaf(check_entry(entry))
        for level, idx, h in tree.append(leaf_hash):
            kept = stored.get((level, idx))
            if kept is None:
                kept_row = (
                    TreeNode.objects.filter(level=level, index=idx).values_list("hash", flat=True).first()
                )
                kept = bytes(kept_row) if kept_row is not None else None
            if kept != h:
                if level == 0:
                    message = (
                        "记录内容与入树时不一致（叶哈希 "
                        f"存储值 {kept.hex() if kept else '缺失'}，按当前内容重新计算为 {h.hex()}）"
                        "：该记录在定序后被改动"
                    )
                    report.divergence = Divergence(
                        "entry-changed", message, entry_id=entry.pk, leaf_index=index
                    )
                else:
                    first = idx << level
                    last = first + (1 << level) - 1
                    message = (
                        f"树节点 (层 {level}, 序号 {idx}，覆盖树叶 {first}–{last}) 与重新计算值不一致："
                        f"存储值 {kept.hex() if kept else '缺失'}，计算值 {h.hex()}"
                    )
                    report.divergence = Divergence("node-changed", message, leaf_index=first)
                return report
        expected_index += 1  # noqa: SIM113 - compared with the stored index, which may skip
        cp = checkpoints.get(tree.size)
        if cp is not None:
            problem = _check_checkpoint(cp, tree.root(), keys)
            if problem:
                report.divergence = Divergence("checkpoint", problem, leaf_index=tree.size - 1)
                return report
            report.checkpoints += 1
    report.size = tree.size
    if tree.size != size:
        report.divergence = Divergence("size", f"树状态记录大小为 {size}，实际树叶 {tree.size} 个")
        return report
    beyond = [c for c in checkpoints if c > tree.size]
    if beyond:
        report.divergence = Divergence(
            "checkpoint", f"检查点声称树大小 {min(beyond)}，但树只有 {tree.size} 个树叶"
        )
        return report
    for entry in _unsequenced():
        check_entry(entry)
        if len(report.entries_not_in_tree) < 1000:
            report.entries_not_in_tree.append(entry.pk)
    if progress:
        progress(size, size)
    return report


def _check_checkpoint(cp: SignedCheckpoint, root: bytes, keys: dict[int, Verifier]) -> str:
    verifier = keys.get(cp.key_id)
    if verifier is None:
        return f"检查点 {cp.size} 的签名密钥未发布"
    try:
        checkpoint, _ = open_checkpoint(cp.note, [verifier], origin=origin())
    except (NoteError, ValueError) as exc:
        return f"检查点 {cp.size} 的签名无效：{exc}"
    if checkpoint.size != cp.size:
        return f"检查点 {cp.size} 的签名内容写的是大小 {checkpoint.size}"
    if checkpoint.root_hash != root or bytes(cp.root_hash) != root:
        return f"检查点 {cp.size} 的根哈希 {checkpoint.root_hash.hex()} 与重新计算的根 {root.hex()} 不一致"
    return ""
