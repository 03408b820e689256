"""Tasks of the journal, run by `zhifa worker`."""

from typing import Any

from django_tasks import task

from zhifa.journal import services
from zhifa.journal.models import JournalEntry, PendingReaction


@task()
def dispatch_entry(entry_id: int) -> str:
    """Run an entry's subscribers on the worker (ZHIFA_JOURNAL_SUBSCRIBERS="worker"), then any owed
    reaction that is due (failed ones whose delay has passed; ones whose dispatch was lost)."""
    entry = JournalEntry.objects.get(pk=entry_id)
    services.dispatch(entry)
    services.sweep(limit=100)
    return entry.event_type


@task()
def retry_reactions() -> dict[str, Any]:
    """Retry the owed reactions that are due (queued with run_after by a reaction that failed)."""
    return services.sweep().__dict__


@task()
def catch_up_reactions() -> dict[str, Any]:
    """Daily (core.jobs): run every owed reaction, failed or never dispatched, whatever its delay."""
    result = services.sweep(everything=True, limit=100_000)
    return {**result.__dict__, "still_owed": PendingReaction.objects.count()}
