"""Bulk registration of decisions made outside the case workflow (registration.py), typically the penalty
decisions of another or an older case system, with their texts: JSON Lines, CSV or XLSX, read one row at
a time (decision_files.py).

All or nothing, in one transaction: every row is read, checked against the same rules as one
registration (and against the numbers already registered and the file's other rows), redacted and
inserted as it comes; a file with any error registers nothing, and every error is reported with its row
(JSON Lines: its line), its column and a Chinese message. Once a row is refused the rest are still read
and checked, so that one run names every error, but no longer redacted nor written.

Memory stays flat whatever the file's size: a row is forgotten once its batch is inserted; what is kept
is the set of numbers seen (to name a duplicate's first row) and at most MAX_REPORTED errors. Drafts are
inserted ``batch`` at a time with their journal entries (journal.record_many: one `decision.registered`
entry per decision, as one registration writes). The agency is locked only at the end, where the numbers
are checked once more: a clerk registering one decision meanwhile is not made to wait for the whole
import, and a number registered meanwhile refuses the file (registration.decision_register takes the
same lock, so after it no one can slip in before the commit).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Count

from zhifa.catalog import calendar
from zhifa.core.errors import DomainError
from zhifa.importer.reading import FileProblem
from zhifa.importer.report import RowError
from zhifa.journal.services import Record, record_many
from zhifa.lib.redact import Policy
from zhifa.lib.workdays import CalendarYearNotLoaded, DeadlineResult
from zhifa.organizations.models import Agency
from zhifa.publicity import redaction, rules
from zhifa.publicity.decision_files import FIELD_LABELS, HeaderProblems, Row, open_decisions
from zhifa.publicity.models import Publication
from zhifa.publicity.registration import build_publication, check_content, check_registrar

# Errors listed in full; beyond them a file is only counted ("另有 N 处错误未列出"): a wholly wrong file
# of 100,000 rows must not fill the memory or the screen.
MAX_REPORTED = 1000
# Rows between two calls of the progress callback.
PROGRESS_EVERY = 50
# Numbers per query when checking them against those already registered.
_NUMBERS_PER_QUERY = 1000

Progress = Callable[[int, int], None]


class ImportRefused(Exception):
    """The file registers nothing; `errors` say where and why, in Chinese (at most MAX_REPORTED, and
    `more` beyond them)."""

    def __init__(self, errors: list[RowError], more: int = 0) -> None:
        lines = [e.line() for e in errors]
        if more:
            lines.append(f"另有 {more} 处错误未列出")
        super().__init__("\n".join(lines))
        self.errors = errors
        self.more = more


@dataclass
class ImportResult:
    rows: int
    registered: int
    batches: int


@dataclass
class _Errors:
    listed: list[RowError] = field(default_factory=list)
    more: int = 0

    def add(self, error: RowError) -> None:
        if len(self.listed) < MAX_REPORTED:
            self.listed.append(error)
        else:
            self.more += 1

    def __bool__(self) -> bool:
        return bool(self.listed)

    def refusal(self) -> ImportRefused:
        return ImportRefused(sorted(self.listed, key=lambda e: e.row or 0), self.more)


class _Checker:
    """A row against the registration's rules, its deadline (cached by kind and day: 100,000 decisions
    share a few hundred days) and the file's earlier rows."""

    def __init__(self) -> None:
        self.first_row: dict[str, int] = {}  # number -> the row it first appeared on
        self._due: dict[tuple[str, Any], DeadlineResult | str] = {}

    def check(self, row: Row) -> DeadlineResult | RowError:
        d = row.decision
        try:
            check_content(d)
        except DomainError as exc:
            return RowError(row.number, FIELD_LABELS.get(exc.field or "", ""), exc.message)
        key = (d.kind, d.decided_on)
        if key not in self._due:
            try:
                self._due[key] = rules.publication_due(d.kind, d.decided_on)
            except CalendarYearNotLoaded as exc:
                self._due[key] = str(exc)
        due = self._due[key]
        if isinstance(due, str):
            return RowError(row.number, "决定日期", due)
        number = d.decision_number.strip()
        first = self.first_row.setdefault(number, row.number)
        if first != row.number:
            return RowError(row.number, "决定书文号", f"与第 {first} 行的文号重复")
        return due


class _Writer:
    """Rows that passed their own checks, a batch at a time: checked against the numbers already
    registered, then (while the file has no error, and unless a dry run) redacted and inserted with their
    journal entries."""

    def __init__(
        self, agency: Agency, actor: Any, errors: _Errors, *, batch: int, dry_run: bool, policy: Policy
    ) -> None:
        self.agency, self.actor, self.errors = agency, actor, errors
        self.batch, self.dry_run, self.policy = batch, dry_run, policy
        self.pending: list[tuple[Row, Publication | None, dict[str, Any]]] = []
        self.written = self.batches = 0

    @property
    def writing(self) -> bool:
        return not self.dry_run and not self.errors

    def add(self, row: Row, due: DeadlineResult) -> None:
        if self.writing:  # redacted as it comes, so that the progress bar moves with the work
            pub, payload = build_publication(self.agency, row.decision, policy=self.policy, due=due)
            self.pending.append((row, pub, payload))
        else:
            self.pending.append((row, None, {}))
        if len(self.pending) >= self.batch:
            self.flush()

    def flush(self) -> None:
        pending, self.pending = self.pending, []
        if not pending:
            return
        taken = _registered(self.agency, (row.decision.decision_number.strip() for row, _, _ in pending))
        for row, _, _ in pending:
            number = row.decision.decision_number.strip()
            if number in taken:
                self.errors.add(RowError(row.number, "决定书文号", f"文号为“{number}”的决定已经登记"))
        if not self.writing or any(pub is None for _, pub, _ in pending):
            return
        pubs = Publication.objects.bulk_create([pub for _, pub, _ in pending if pub is not None])
        record_many(
            event_type="decision.registered",
            records=[
                Record(subject=pub, agency_id=self.agency.pk, payload=payload)
                for pub, (_, _, payload) in zip(pubs, pending, strict=True)
            ],
            actor=self.actor,
        )
        self.written += len(pubs)
        self.batches += 1


def _registered(agency: Agency, numbers: Iterable[str]) -> set[str]:
    """Which of `numbers` the agency has already registered (as the first version of a publication)."""
    wanted = list(numbers)
    taken: set[str] = set()
    for start in range(0, len(wanted), _NUMBERS_PER_QUERY):
        taken.update(
            Publication.objects.filter(
                agency=agency,
                decision_number__in=wanted[start : start + _NUMBERS_PER_QUERY],
                previous__isnull=True,
            ).values_list("decision_number", flat=True)
        )
    return taken


def _registered_meanwhile(agency: Agency, first_row: dict[str, int], errors: _Errors) -> None:
    """With the agency locked (as decision_register locks it), the file's numbers registered twice: by
    someone else while the import ran."""
    Agency.objects.select_for_update().filter(pk=agency.pk).first()
    numbers = list(first_row)
    for start in range(0, len(numbers), _NUMBERS_PER_QUERY):
        twice = (
            Publication.objects.filter(
                agency=agency,
                decision_number__in=numbers[start : start + _NUMBERS_PER_QUERY],
                previous__isnull=True,
            )
            .order_by()
            .values("decision_number")
            .annotate(n=Count("id"))
            .filter(n__gt=1)
            .values_list("decision_number", flat=True)
        )
        for number in twice:
            message = f"文号为“{number}”的决定在导入期间已由他人登记"
            errors.add(RowError(first_row[number], "决定书文号", message))


def import_decisions(
    *,
    agency: Agency,
    path: Path,
    actor: Any,
    texts_dir: Path | None = None,
    batch: int = 500,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Register every decision of the file (see the module's docstring); ImportRefused with every error
    when it has any, and then nothing is registered. A dry run checks everything but the redaction and
    writes nothing. `progress(done, total)` is called every PROGRESS_EVERY rows and at the end."""
    try:
        check_registrar(agency, actor)
        source = open_decisions(path, texts_dir=texts_dir)
    except DomainError as exc:
        raise ImportRefused([RowError(None, "", exc.message)]) from exc
    except FileProblem as exc:
        raise ImportRefused([RowError(None, exc.column, exc.message)]) from exc
    except HeaderProblems as exc:
        raise ImportRefused(exc.errors) from exc
    errors = _Errors()
    checker = _Checker()
    agency = Agency.objects.select_related("region").get(pk=agency.pk)
    # One calendar for the whole import (its fingerprint read once), one transaction for all of it.
    with calendar.pinned(), transaction.atomic():
        writer = _Writer(
            agency,
            actor,
            errors,
            batch=max(1, batch),
            dry_run=dry_run,
            policy=redaction.policy_for_agency(agency.pk),
        )
        done = 0
        try:
            for item in source.rows():
                done += 1
                checked = checker.check(item) if isinstance(item, Row) else item
                if isinstance(checked, RowError):
                    errors.add(checked)
                elif isinstance(item, Row):
                    writer.add(item, checked)
                if progress is not None and done % PROGRESS_EVERY == 0:
                    progress(done, source.total)
            writer.flush()
        except FileProblem as exc:  # the file changed, or its later part is unreadable
            errors.add(RowError(None, exc.column, exc.message))
        if writer.writing:
            _registered_meanwhile(agency, checker.first_row, errors)
        if errors or dry_run:
            transaction.set_rollback(True)
    if progress is not None and done % PROGRESS_EVERY:
        progress(done, source.total)
    if errors:
        raise errors.refusal()
    return ImportResult(rows=done, registered=0 if dry_run else writer.written, batches=writer.batches)
