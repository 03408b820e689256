"""Background jobs of personnel, run by `zhifa worker` (django-tasks, database queue)."""

from __future__ import annotations

from django_tasks import task

from zhifa.personnel import services


@task()
def expire_certificates() -> int:
    """Daily: mark certificates whose period has ended as expired (each one journaled)."""
    return services.certificates_expire()
