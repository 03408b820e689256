"""Kinds that bring their own streaming import, for files the row-by-row importer (services.import_file:
each row through a service in a savepoint, the table held in memory) cannot take at their size — the
business directory (检查对象名录库) of a province is 1,000,000 rows. The owning app registers its kind in
its AppConfig.ready(); ``zhifa import KIND FILE`` (the import_registry command) dispatches to it. The
importer imports no such app: the app imports this module."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol


class BulkReport(Protocol):
    @property
    def ok(self) -> bool: ...

    @property
    def error_count(self) -> int: ...

    def as_text(self) -> str: ...


# progress(phase, done, total): what the command shows as its progress bar.
BulkProgress = Callable[[str, int, "int | None"], None]


class BulkRunner(Protocol):
    def __call__(
        self,
        *,
        path: Path,
        actor: Any,
        dry_run: bool,
        deactivate_missing: bool,
        progress: BulkProgress,
    ) -> BulkReport: ...


@dataclass(frozen=True)
class BulkKind:
    name: str
    label: str
    run: BulkRunner


_KINDS: dict[str, BulkKind] = {}


def register(kind: BulkKind) -> None:
    _KINDS[kind.name] = kind


def get(name: str) -> BulkKind | None:
    return _KINDS.get(name)


def kinds() -> dict[str, BulkKind]:
    return dict(_KINDS)
