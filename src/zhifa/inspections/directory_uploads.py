"""A directory file uploaded on the workbench: kept in the file storage, imported by `zhifa worker`
(a province's file takes minutes, longer than a request may), its progress and report on a page.

The job's row (DirectoryImport) is updated as the import goes: while the file is read and checked
(outside any transaction), and, on PostgreSQL, while it is written too — through a second connection,
since the import's own transaction shows nothing to others until it commits. SQLite has one writer at a
time, so there the page says the import is writing until it is done. The final state is stored inside
the import's transaction (directory.import_targets' on_commit), so that the page never says "done" for
an import that rolled back, nor "running" for one that committed."""

from __future__ import annotations

import logging
import os
import time
import uuid
from typing import Any

from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import connection, connections, transaction
from django.utils import timezone

from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.importer.reading import FileProblem, file_format
from zhifa.inspections.directory import DirectoryReport, import_refusal, import_targets
from zhifa.inspections.models import DirectoryImport
from zhifa.journal.services import record

logger = logging.getLogger(__name__)

STORAGE_FOLDER = "inspections/directory-imports"
Status = DirectoryImport.Status


def upload_create(
    *, actor: Any, content: File[bytes], filename: str, dry_run: bool, deactivate_missing: bool
) -> DirectoryImport:
    """Store the uploaded file and queue its import; the page of the returned job shows its progress."""
    why = import_refusal(actor)
    if why:
        raise PermissionDenied(why)
    filename = os.path.basename(filename.strip()) or "名录"
    try:
        fmt = file_format(filename)
    except FileProblem as exc:
        raise DomainError(exc.message, field="file") from exc
    if not content.size:
        raise DomainError("文件为空", field="file")
    stored = default_storage.save(f"{STORAGE_FOLDER}/{uuid.uuid4().hex}.{fmt}", content)
    try:
        with transaction.atomic():
            job = DirectoryImport.objects.create(
                agency_id=getattr(actor, "agency_id", None),
                created_by=actor,
                filename=filename[:200],
                stored_name=stored,
                dry_run=dry_run,
                deactivate_missing=deactivate_missing,
            )
            from zhifa.inspections.directory_jobs import run_directory_import  # the task imports this module

            # robust: a queue that refuses leaves the job queued; the page says so and it can be re-sent.
            transaction.on_commit(lambda: run_directory_import.enqueue(job.pk), robust=True)
    except BaseException:
        default_storage.delete(stored)
        raise
    return job


class _ProgressWriter:
    """Stores (status, done, total) on the job's row at most once a second: directly while no transaction
    is open, through a second connection on PostgreSQL while the import's transaction is."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.last = 0.0
        self.phase = ""
        self.other: Any = None

    def __call__(self, phase: str, done: int, total: int | None) -> None:
        now = time.monotonic()
        if now - self.last < 1.0 and phase == self.phase and not (total and done >= total):
            return
        self.last, self.phase = now, phase
        status = Status.READING if phase == "read" else Status.WRITING
        if not connection.in_atomic_block:
            DirectoryImport.objects.filter(pk=self.job_id).update(status=status, done=done, total=total)
            return
        if connection.vendor != "postgresql":
            return
        if self.other is None:
            self.other = connections.create_connection("default")
        table = DirectoryImport._meta.db_table
        with self.other.cursor() as cursor:
            cursor.execute(
                f'UPDATE "{table}" SET status = %s, done = %s, total = %s WHERE id = %s',
                [status.value, done, total, self.job_id],
            )

    def close(self) -> None:
        if self.other is not None:
            self.other.close()


def _finished(job: DirectoryImport) -> None:
    """`directory_import.finished`, in the transaction that stores the job's final state."""
    record(
        event_type="directory_import.finished",
        subject=job,
        agency_id=job.agency_id,
        actor=job.created_by,
        payload={
            "job": job.pk,
            "filename": job.filename,
            "status": job.status,
            "dry_run": job.dry_run,
            "rows": job.rows,
            "created": job.created,
            "updated": job.updated,
            "unchanged": job.unchanged,
            "deactivated": job.deactivated,
            "error_count": job.error_count,
            "file_sha256": job.file_sha256,
        },
    )


def _store(job: DirectoryImport, report: DirectoryReport, status: str) -> None:
    job.status = status
    job.rows = report.rows
    job.created, job.updated = report.created, report.updated
    job.unchanged, job.deactivated = report.unchanged, report.deactivated
    job.error_count = report.error_count
    job.errors = [[e.row, e.column, e.message] for e in report.errors]
    job.file_sha256 = report.sha256
    job.finished_at = timezone.now()
    with transaction.atomic():  # inside the import's own transaction when it committed rows
        job.save()
        _finished(job)


def upload_run(job_id: int) -> str:
    """Run one queued import (the worker's task). Returns the job's final status."""
    job = DirectoryImport.objects.select_related("created_by__agency__region").get(pk=job_id)
    if job.status not in (Status.QUEUED, Status.READING, Status.WRITING):
        return str(job.status)  # already done (a task delivered twice)
    if job.status == Status.QUEUED:
        # The job's start, journaled once (a task delivered again after a crash resumes without it).
        with transaction.atomic():
            DirectoryImport.objects.filter(pk=job.pk).update(status=Status.READING)
            record(
                event_type="directory_import.started",
                subject=job,
                agency_id=job.agency_id,
                actor=job.created_by,
                payload={
                    "job": job.pk,
                    "filename": job.filename,
                    "dry_run": job.dry_run,
                    "deactivate_missing": job.deactivate_missing,
                },
            )
    progress = _ProgressWriter(job.pk)
    succeeded = Status.SUCCEEDED

    def on_commit(report: DirectoryReport) -> None:
        _store(job, report, succeeded)

    try:
        with default_storage.open(job.stored_name, "rb") as fh:
            report = import_targets(
                file=fh,
                filename=job.filename,
                actor=job.created_by,
                dry_run=job.dry_run,
                deactivate_missing=job.deactivate_missing,
                progress=progress,
                on_commit=on_commit,
            )
    except DomainError as exc:  # the user lost the right to import since the upload
        report = DirectoryReport(filename=job.filename, dry_run=job.dry_run)
        report.add_error(None, "", exc.message)
    except Exception:
        logger.exception("directory import %s failed", job.pk)
        with transaction.atomic():
            DirectoryImport.objects.filter(pk=job.pk).update(status=Status.FAILED, finished_at=timezone.now())
            job.status = Status.FAILED
            _finished(job)
        raise
    finally:
        progress.close()
    if not report.ok or job.dry_run:
        # Nothing was committed (errors, or a dry run): the job's row records the report.
        _store(job, report, Status.SUCCEEDED if report.ok else Status.REFUSED)
    default_storage.delete(job.stored_name)
    DirectoryImport.objects.filter(pk=job.pk).update(stored_name="")
    return str(job.status)
