"""Journal reads. The journal knows agencies only by id, so callers resolve the scope to the set of
agency ids it may see (organizations.selectors.visible_agency_ids) and pass it in; None means all."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from django.db.models import QuerySet

from zhifa.journal.models import JournalEntry


def entries(*, visible_agency_ids: Collection[int] | None) -> QuerySet[JournalEntry]:
    qs = JournalEntry.objects.all()
    if visible_agency_ids is None:
        return qs
    return qs.filter(agency_id__in=list(visible_agency_ids))


def entries_for_subject(
    *, subject: str, visible_agency_ids: Collection[int] | None
) -> QuerySet[JournalEntry]:
    return entries(visible_agency_ids=visible_agency_ids).filter(subject=subject).order_by("id")


def timeline(
    *,
    visible_agency_ids: Collection[int] | None,
    agency_id: int | None = None,
    event_prefix: str = "",
    subject: str = "",
    since: datetime | None = None,
    until: datetime | None = None,
) -> QuerySet[JournalEntry]:
    """An agency's journal as a timeline, newest first, filtered; with each entry's leaf if sequenced."""
    qs = entries(visible_agency_ids=visible_agency_ids)
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    if event_prefix:
        qs = qs.filter(event_type__startswith=event_prefix)
    if subject:
        qs = qs.filter(subject=subject)
    if since is not None:
        qs = qs.filter(recorded_at__gte=since)
    if until is not None:
        qs = qs.filter(recorded_at__lt=until)
    return qs.select_related("leaf").order_by("-id")
