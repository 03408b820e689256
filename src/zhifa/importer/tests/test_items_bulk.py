"""The items list imported in bulk (issue 12: ≥ 500 rows/s on a 10,000-row 权责清单): every row checked
first, then the whole file registered by catalog.items_create; the behaviour of the former row-by-row
import kept: row/column messages, nothing half-written, a history row and a journal entry per item,
re-imports refused row by row, sub-items of items already registered, progress on the command."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import call_command

from zhifa.catalog.models import EnforcementItem, LegalBasis
from zhifa.importer.report import ImportReport
from zhifa.importer.services import import_file
from zhifa.importer.tests.test_items_real import ITEMS, LAWS, _csv, _load
from zhifa.journal.models import JournalEntry

pytestmark = pytest.mark.django_db

AGENCY = "示例区市场监督管理局"
HEADER = ITEMS[0]


def counts() -> dict[str, int]:
    return {
        "items": EnforcementItem.objects.count(),
        "item_history": EnforcementItem.history.count(),
        "bases": LegalBasis.objects.count(),
        "basis_history": LegalBasis.history.count(),
        "entries": JournalEntry.objects.count(),
    }


@pytest.fixture
def registries() -> None:
    for kind in ("fields", "regions", "agencies"):
        _load(kind)
    report = import_file(kind="laws", path_or_file=LAWS.encode(), filename="laws.csv", actor=None)
    assert report.ok, report.as_text()


def items(
    rows: list[list[str]], *, dry_run: bool = False, progress: Callable[[int, int], None] | None = None
) -> ImportReport:
    return import_file(
        kind="items",
        path_or_file=_csv(rows),
        filename="items.csv",
        actor=None,
        dry_run=dry_run,
        progress=progress,
    )


def row(code: str, *, parent: str = "", name: str = "", basis: str = "") -> list[str]:
    values = [AGENCY, code, name or f"事项{code}", "行政处罚", "食品安全", basis, parent]
    return values + [""] * (len(HEADER) - len(values))


def test_each_item_gets_its_history_row_its_bases_and_its_journal_entry(registries: None) -> None:
    report = items(ITEMS)
    assert report.ok and report.created == 6, report.as_text()
    c = counts()
    assert c["item_history"] == c["items"] == 6 and c["basis_history"] == c["bases"] > 6
    entries = {
        e.payload_data["code"]: e for e in JournalEntry.objects.filter(event_type="catalog.item_created")
    }
    assert sorted(entries) == sorted(r[1] for r in ITEMS[1:])
    child = EnforcementItem.objects.get(code="CF-0001-02")
    payload = entries["CF-0001-02"].payload_data
    assert entries["CF-0001-02"].subject == f"catalog.enforcementitem:{child.pk}"
    assert entries["CF-0001-02"].agency_id == child.agency_id
    assert payload["parent"] == "CF-0001" and payload["bases"] == [
        "《中华人民共和国食品安全法》第一百二十二条第一款",
        "《中华人民共和国食品安全法》第一百二十二条第二款",
    ]
    assert entries["XK-0002"].payload_data["bases_to_review"] == 1
    (summary,) = [
        e
        for e in JournalEntry.objects.filter(event_type="registry.imported")
        if e.payload_data["kind"] == "items"
    ]
    assert summary.payload_data["created"] == 6


def test_importing_the_same_list_again_refuses_every_row_by_its_code_and_writes_nothing(
    registries: None,
) -> None:
    assert items(ITEMS).ok
    before = counts()
    report = items(ITEMS)
    assert not report.ok and report.created == 0
    assert [(e.row, e.column) for e in report.errors] == [(n, "职权编码") for n in range(2, 8)]
    assert all(
        f"{AGENCY}已有编码为“{r[1]}”的事项" == e.message
        for e, r in zip(report.errors, ITEMS[1:], strict=True)
    )
    assert counts() == before


def test_a_later_list_adds_sub_items_under_registered_items(registries: None) -> None:
    assert items(ITEMS).ok
    before = counts()
    rows = [
        HEADER,
        row("CF-0001-03", parent="CF-0001"),  # its parent registered by the first list
        row("CF-0002-01", parent="CF-0002"),  # its parent on a later row of this one
        row("CF-0002", basis="《食品安全法》第一百二十四条"),
    ]
    report = items(rows)
    assert report.ok and report.created == 3, report.as_text()
    assert EnforcementItem.objects.get(code="CF-0001-03").parent == EnforcementItem.objects.get(
        code="CF-0001"
    )
    assert EnforcementItem.objects.get(code="CF-0002-01").parent == EnforcementItem.objects.get(
        code="CF-0002"
    )
    assert counts()["items"] == before["items"] + 3
    assert counts()["entries"] == before["entries"] + 4  # three items and the file's summary


def test_a_row_the_catalogue_refuses_is_reported_on_its_row_and_its_sub_items_name_it(
    registries: None,
) -> None:
    """A rule only the catalogue checks (办理时限 beyond what the database holds) still becomes an error
    of its row and column, and the sub-items of that row say which row failed."""
    header = [*HEADER, "办理时限"]
    rows = [
        header,
        [*row("CF-1-1", parent="CF-1"), "20"],
        [*row("CF-1"), "3000000000"],
        [*row("CF-2"), "20"],
    ]
    before = counts()
    report = items(rows)
    assert [(e.row, e.column) for e in report.errors] == [(2, "上级事项编码"), (3, "办理时限")]
    assert report.errors[0].message == "上级事项“CF-1”（第 3 行）有错误未能导入，本行无法导入"
    assert "超出范围" in report.errors[1].message
    assert counts() == before


def test_row_errors_and_catalogue_refusals_are_reported_together(registries: None) -> None:
    assert items(ITEMS).ok
    rows = [HEADER, row("QT-0001"), [*row("NEW-1")[:3], "行政惩罚", *row("NEW-1")[4:]], row("NEW-2")]
    before = counts()
    report = items(rows)
    assert [(e.row, e.column) for e in report.errors] == [(2, "职权编码"), (3, "职权类型")]
    assert counts() == before


def test_dry_run_of_an_items_list_reports_and_writes_nothing(registries: None) -> None:
    before = counts()
    report = items(ITEMS, dry_run=True)
    assert report.ok and report.created == 6
    assert counts() == before


def test_progress_reaches_every_row_on_a_large_list_and_the_command_shows_it(
    registries: None, tmp_path: Path
) -> None:
    rows = [HEADER]
    for n in range(300):
        rows.append(row(f"L{n}-1", parent=f"L{n}"))
        rows.append(row(f"L{n}-2", parent=f"L{n}"))
        rows.append(row(f"L{n}-3", parent=f"L{n}"))
        rows.append(row(f"L{n}", basis="《中华人民共和国食品安全法》第一百二十二条"))
    calls: list[tuple[int, int]] = []
    report = items(rows, dry_run=True, progress=lambda done, total: calls.append((done, total)))
    assert report.ok and report.created == 1200
    assert calls[-1] == (1200, 1200) and len(calls) >= 3
    assert [d for d, _ in calls] == sorted({d for d, _ in calls})
    path = tmp_path / "items.csv"
    path.write_bytes(_csv(rows))
    err = io.StringIO()
    call_command("import_registry", "items", str(path), stdout=io.StringIO(), stderr=err)
    assert "已处理 1200/1200 行" in err.getvalue() and err.getvalue().count("已处理") >= 3
    assert EnforcementItem.objects.filter(code__startswith="L").count() == 1200
