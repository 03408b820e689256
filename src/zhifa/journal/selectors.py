"""Journal reads. The journal knows agencies only by id, so callers resolve the scope to the set of
agency ids it may see (organizations.selectors.visible_agency_ids) and pass it in; None means all."""

from __future__ import annotations

from collections.abc import Collection

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
