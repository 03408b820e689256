"""Architecture rules of DESIGN.md checked on the source: no import cycles between apps; the journal
imports no domain app; lib/ imports no Django; catalog and organizations never import personnel."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # src/zhifa
APPS = sorted(p.name for p in ROOT.iterdir() if p.is_dir() and (p / "__init__.py").exists())


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


def _app_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {a: set() for a in APPS}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "tests" in path.parts or "migrations" in path.parts:
                continue
            for mod in _imports(path):
                parts = mod.split(".")
                if parts[0] == "zhifa" and len(parts) > 1 and parts[1] in graph and parts[1] != app:
                    graph[app].add(parts[1])
    return graph


def test_no_import_cycles_between_apps():
    graph = _app_graph()
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycle = [*stack[stack.index(nxt) :], nxt]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for app in APPS:
        if app not in state:
            visit(app)


def test_journal_imports_no_domain_app():
    assert _app_graph()["journal"] <= {"core", "lib"}


def test_lower_layers_do_not_import_upper_ones():
    graph = _app_graph()
    assert "personnel" not in graph["catalog"] and "personnel" not in graph["organizations"]
    assert "accounts" not in graph["organizations"]


def test_lib_is_pure():
    for path in (ROOT / "lib").rglob("*.py"):
        if "tests" in path.parts:
            continue
        for mod in _imports(path):
            assert not mod.startswith(("django", "zhifa.")) or mod.startswith("zhifa.lib"), (
                f"{path.name} imports {mod}"
            )
