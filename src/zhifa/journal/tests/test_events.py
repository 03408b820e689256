"""The event catalogue (journal/events.py): it names every event type the source records, with a Chinese
label and the payload keys it carries; record(), subscribe() and the case engine refuse anything else."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.db import transaction

from zhifa.journal import events
from zhifa.journal.services import JournalUsageError, record, subscribe

SRC = Path(__file__).resolve().parents[2]  # src/zhifa

# Call sites whose event type is built at run time, and where their concrete names come from. A new
# f-string event type fails test_the_catalogue_covers_every_record_call_site until it is listed here.
DYNAMIC_SITES = {
    "cases/engine.py": "case steps (every Transition of every PROCEDURES entry)",
    "core/admin.py": "admin.<app>.<model>.<action> (every JournaledAdmin model)",
    "personnel/services.py": "certificate.<CertificateEvent.Kind> and sanction.<SanctionKind>",
    "demo/data.py": "catalog.<event> (the _journal() calls of the demo)",
}


def _literal_types(node: ast.AST) -> list[str]:
    """The string constants an `event_type=` expression can take (a constant, or an if/else of them)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _literal_types(node.body) + _literal_types(node.orelse)
    return []


def _record_sites() -> tuple[dict[str, list[str]], set[str]]:
    """Every `event_type=` keyword passed in the source (tests and migrations aside): the literal types
    with where they occur, and the files that build a type at run time."""
    literal: dict[str, list[str]] = {}
    dynamic: set[str] = set()
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if "/tests/" in f"/{rel}" or "/migrations/" in rel or rel == "conftest.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            is_record = getattr(node.func, "id", getattr(node.func, "attr", "")) in ("record", "_publish")
            for kw in node.keywords:
                if kw.arg != "event_type":
                    continue
                found = _literal_types(kw.value)
                if found:
                    for name in found:
                        literal.setdefault(name, []).append(f"{rel}:{node.lineno}")
                elif is_record and not isinstance(kw.value, ast.Name):
                    dynamic.add(rel)
    return literal, dynamic


def test_the_catalogue_covers_every_record_call_site():
    literal, dynamic = _record_sites()
    assert len(literal) > 50  # the scan sees the source
    missing = {name: where for name, where in literal.items() if name not in events.CATALOGUE}
    assert not missing, f"event types recorded but not catalogued: {missing}"
    assert dynamic == set(DYNAMIC_SITES), "a new run-time event type: list its names in the catalogue"


@pytest.mark.django_db
def test_the_run_time_event_types_are_catalogued():
    """The concrete names behind the f-string call sites: every case step, every admin model, every
    certificate and sanction kind, the demo's catalogue entries."""
    from django.contrib import admin

    from zhifa.cases.engine import PROCEDURES, event_of
    from zhifa.core.admin import JournaledAdmin
    from zhifa.personnel.models import CertificateEvent, SanctionKind

    names = {event_of(t) for p in PROCEDURES.values() for t in p.transitions.values()}
    assert {"decision.issued", "case.file", "case.close"} <= names
    for model, model_admin in admin.site._registry.items():
        if isinstance(model_admin, JournaledAdmin):
            meta = model._meta
            prefix = f"admin.{meta.app_label}.{meta.model_name}"
            names |= {f"{prefix}.{a}" for a in ("created", "changed", "deleted")}
    names |= {f"certificate.{k}" for k in CertificateEvent.Kind.values}
    names |= {f"sanction.{k}" for k in SanctionKind.values}
    demo = (SRC / "demo/data.py").read_text(encoding="utf-8")
    demo_events = set(re.findall(r'_journal\(\s*\w+,\s*"([a-z_]+)"', demo))
    assert len(demo_events) == 4
    names |= {f"catalog.{e}" for e in demo_events}
    assert sorted(n for n in names if n not in events.CATALOGUE) == []


def test_every_entry_has_a_chinese_label_and_plain_keys():
    cjk = re.compile(r"[\u4e00-\u9fff]")
    for e in events.CATALOGUE.values():
        assert re.fullmatch(r"[a-z_]+(\.[a-z_]+)+", e.name), e.name
        assert cjk.search(e.label), f"{e.name}: the workbench shows the label, it must be Chinese"
        assert all(re.fullmatch(r"[a-z_0-9]+", k) for k in e.keys), e.name
        assert len(set(e.keys)) == len(e.keys), e.name
    assert events.label("decision.issued") == "作出行政处罚决定"
    assert events.label("legacy.type") == "legacy.type"  # an old entry's type stays readable


@pytest.mark.django_db
def test_record_refuses_an_uncatalogued_event_type():
    with pytest.raises(JournalUsageError, match="catalogue"), transaction.atomic():
        record(event_type="case.filed_typo", subject="x:1", agency_id=None)
    with pytest.raises(JournalUsageError, match="catalogue"), transaction.atomic():
        record(event_type="nodots", subject="x:1", agency_id=None)


def test_subscribe_refuses_a_pattern_that_matches_nothing_catalogued():
    with pytest.raises(JournalUsageError, match="no catalogued"):
        subscribe("x", "decision.isued", lambda entry: None)
    with pytest.raises(JournalUsageError, match="no catalogued"):
        subscribe("x", "decisions.*", lambda entry: None)
    assert {e.name for e in events.matching("decision.*")} >= {"decision.issued", "decision.revoked"}


def test_a_procedure_step_with_an_uncatalogued_event_is_a_startup_error():
    from zhifa.accounts.models import Role
    from zhifa.cases.engine import Procedure, Transition, register

    officer = frozenset({Role.OFFICER})  # a step names its roles (checked first), so the event is reached
    bad = Procedure(
        kind="test_bad",
        label="测试",
        states={"a": "甲", "b": "乙"},
        initial="a",
        transitions={"go": Transition("go", "前进", ("a",), "b", event="decision.made_up", roles=officer)},
    )
    with pytest.raises(events.UnknownEventType, match=r"decision\.made_up"):
        register(bad)
    unnamed = Procedure(
        kind="test_bad",
        label="测试",
        states={"a": "甲", "b": "乙"},
        initial="a",
        transitions={"jump": Transition("jump", "跳转", ("a",), "b", roles=officer)},  # case.jump
    )
    with pytest.raises(events.UnknownEventType, match=r"case\.jump"):
        register(unnamed)


def test_every_registered_step_records_a_catalogued_event():
    from zhifa.cases.engine import PROCEDURES, event_of

    for proc in PROCEDURES.values():
        for t in proc.transitions.values():
            assert events.get(event_of(t)) is not None, f"{proc.kind}.{t.name}"


def test_subject_label_names_the_model_in_chinese_not_its_code() -> None:
    """Issue 18 §4: no `publicity.publication:89` on a staff page."""
    from zhifa.journal.templatetags.journal_events import subject_label

    assert subject_label("cases.case:12") == "案件 #12"
    assert subject_label("no_such_app.thing:3") == "no_such_app.thing:3"
    assert subject_label("free text") == "free text"
