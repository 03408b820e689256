"""Background jobs of evidence, run by `zhifa worker` (django-tasks, database queue)."""

from __future__ import annotations

from django_tasks import task

from zhifa.evidence import uploads


@task()
def purge_expired_uploads() -> int:
    """Hourly or daily: remove the partial files of expired, unfinished tus uploads (tus "Expiration")."""
    return uploads.purge_expired_uploads()
