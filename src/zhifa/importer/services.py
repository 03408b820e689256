"""Importing the registries (执法领域, 法律法规, 行政区划, 执法主体, 执法人员及执法证, 执法事项, 裁量基准)
and the published lists (四张清单 and 首违免罚, 重大执法决定法制审核目录, 随机抽查事项清单, 音像记录事项清单)
from CSV or XLSX files, with a dry run.

All or nothing: the whole file is imported inside one transaction, each row through the owning app's services
in a savepoint of its own (the items list, thousands of rows long, is checked row by row and then registered
in one call, catalog.items_create, that checks the whole batch before it writes). A row the services refuse
becomes an error of that row (row number as the user sees it in the spreadsheet, column header, Chinese
message) and the import goes on, so that the report lists every error of the file. At the end, if there is any
error, or if this is a dry run, everything is rolled back: a file with any error imports nothing, and a dry
run reports exactly what a real run would. A successful real import writes one ``registry.imported`` journal
entry for the file, in the same transaction as the rows (each row's service journals its own entries).

Column headers, per kind, are the Chinese names in :data:`zhifa.importer.kinds.KINDS` (see
``columns_for``); the English field names are accepted as headers too. The legal-basis cell grammar of the
items registry is documented in :mod:`zhifa.importer.basis`.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.db import transaction

from zhifa.importer.job import Column, Job, Progress
from zhifa.importer.kinds import KINDS
from zhifa.importer.reading import FileProblem, Source, file_format, read_bytes, read_table
from zhifa.importer.report import ImportReport, RowError
from zhifa.journal.services import record

__all__ = ["KIND_LABELS", "ImportReport", "RowError", "columns_for", "import_file"]

KIND_LABELS: dict[str, str] = {name: kind.label for name, kind in KINDS.items()}


class _RollBack(Exception):
    """Leaves the import's atomic block so that it rolls back (errors, or a dry run)."""


def columns_for(kind: str) -> tuple[Column, ...]:
    """The columns of a kind in template order (``Column.header`` is the standard Chinese header)."""
    return KINDS[kind].columns


def import_file(
    *,
    kind: str,
    path_or_file: Source,
    filename: str,
    actor: Any,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import one registry file; see the module docstring. ``path_or_file`` is a path, an open binary file
    (e.g. an uploaded file) or the bytes; ``filename`` decides the format (``.csv`` or ``.xlsx``).
    ``progress(done, total)`` is called every 100 rows and once at the end."""
    report = ImportReport(kind=kind, filename=filename, dry_run=dry_run)
    handler = KINDS.get(kind)
    if handler is None:
        allowed = "、".join(f"{k}（{v}）" for k, v in KIND_LABELS.items())
        report.errors.append(RowError(None, "", f"不支持的导入类型“{kind}”，应为：{allowed}"))
        return report
    try:
        fmt = file_format(filename)
        data = read_bytes(path_or_file, max_bytes=settings.ZHIFA_IMPORT_MAX_BYTES)
        report.sha256 = hashlib.sha256(data).hexdigest()
        table = read_table(
            data,
            fmt=fmt,
            max_rows=settings.ZHIFA_IMPORT_MAX_ROWS,
            max_uncompressed=settings.ZHIFA_IMPORT_MAX_UNCOMPRESSED_BYTES,
        )
    except FileProblem as exc:
        report.errors.append(RowError(None, exc.column, exc.message))
        return report
    report.rows = len(table.rows)
    job = Job(kind=handler, table=table, actor=actor, progress=progress)
    if job.errors:  # the header is wrong: reading the rows would only repeat it
        report.errors = job.errors
        return report
    try:
        with transaction.atomic():
            handler.run(job)
            if job.errors or dry_run:
                raise _RollBack
            record(
                event_type="registry.imported",
                subject=f"importer.file:{report.sha256}",
                agency_id=None,
                actor=actor,
                payload={
                    "kind": kind,
                    "filename": filename,
                    "rows": report.rows,
                    "created": job.created,
                    "sha256": report.sha256,
                },
            )
    except _RollBack:
        pass
    report.errors = sorted(job.errors, key=lambda e: e.row or 0)
    report.created = 0 if job.errors else job.created
    return report
