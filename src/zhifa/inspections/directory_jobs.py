"""The directory's background job, run by `zhifa worker` (django-tasks, database queue)."""

from __future__ import annotations

from django_tasks import task

from zhifa.inspections import directory_uploads


@task()
def run_directory_import(import_id: int) -> str:
    """Import a directory file uploaded on the workbench (directory_uploads.upload_run)."""
    return directory_uploads.upload_run(import_id)
