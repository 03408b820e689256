"""The to-do list (待办) every staff home opens with (issue 18 §2), as sections that the apps provide.

The workbench is a shell: it does not know what a review submission or a publication is. Each app
registers, when it loads, a provider per role that answers "what is waiting for this user to act on?"
with a section: its title, a few items (soonest due first) and the total. The home shows the sections of
the user's role in registration order. A provider shows only what the user can act on, scoped like every
other page (Scope), and reads a bounded number of queries whatever the size of the agency (the home's
query count is pinned by a test)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from zhifa.core.scope import Scope

#: Items shown per section; the section links to the full list for the rest.
SHOWN = 8


@dataclass(frozen=True)
class TodoItem:
    title: str
    href: str
    note: str = ""  # what is to be done, in words ("待立案审批", "送达后 15 日内缴纳")
    due_on: date | None = None
    overdue: bool = False


@dataclass(frozen=True)
class TodoSection:
    key: str
    title: str
    items: list[TodoItem]
    total: int
    more_href: str = ""  # the full list (the desk, the queue); empty when the items are all there is
    empty_text: str = "暂无待办"

    @property
    def more(self) -> int:
        return max(0, self.total - len(self.items))


Provider = Callable[[Any, Scope, date], TodoSection | None]


@dataclass(frozen=True)
class _Entry:
    key: str
    roles: frozenset[str]
    provider: Provider = field(compare=False)


_REGISTRY: dict[str, _Entry] = {}


def register(key: str, roles: Iterable[str], provider: Provider) -> None:
    """Called from an app's AppConfig.ready(). `key` is unique: registering it again replaces it (the
    same module imported twice under a test runner must not show a section twice)."""
    _REGISTRY[key] = _Entry(key, frozenset(roles), provider)


def sections_for(user: Any, scope: Scope, today: date) -> list[TodoSection]:
    role = str(getattr(user, "role", ""))
    out: list[TodoSection] = []
    for entry in _REGISTRY.values():
        if role not in entry.roles:
            continue
        section = entry.provider(user, scope, today)
        if section is not None:
            out.append(section)
    return out


def registered() -> list[tuple[str, frozenset[str]]]:
    return [(e.key, e.roles) for e in _REGISTRY.values()]
