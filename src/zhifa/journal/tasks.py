"""Tasks of the journal, run by `zhifa worker`."""

from django_tasks import task

from zhifa.journal import services
from zhifa.journal.models import JournalEntry


@task()
def dispatch_entry(entry_id: int) -> str:
    """Run an entry's subscribers on the worker (ZHIFA_JOURNAL_SUBSCRIBERS="worker")."""
    entry = JournalEntry.objects.get(pk=entry_id)
    services.dispatch(entry)
    return entry.event_type
