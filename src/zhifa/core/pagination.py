"""Page lists with a deferred join: find the page's ids on the list's own table, then load those rows with
their joins and prefetches.

Django's Paginator slices the whole queryset: page 1,000 of a list ordered by id and joined to three
tables makes the database build and throw away 49,950 joined rows (OFFSET cannot skip a join it has not
done). Slicing only the ids lets PostgreSQL walk the ordering index alone (an index-only scan when the
filters are on indexed columns) and join fifty rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet

if TYPE_CHECKING:
    _Paginator = Paginator[Model]
else:  # Paginator is generic in the type stubs only
    _Paginator = Paginator


class DeferredJoinPaginator(_Paginator):
    """A Paginator over an ordered QuerySet whose pages are read as (ids, then rows)."""

    object_list: QuerySet[Any]

    def __init__(self, object_list: QuerySet[Any], per_page: int, **kwargs: Any) -> None:
        if not object_list.ordered:
            raise ValueError("DeferredJoinPaginator needs an ordered queryset")
        super().__init__(object_list, per_page, **kwargs)

    def page(self, number: Any) -> Page[Model]:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        qs = self.object_list
        ids = list(qs.select_related(None).prefetch_related(None).values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in qs.filter(pk__in=ids)} if ids else {}
        page_rows: Sequence[Model] = [rows[pk] for pk in ids if pk in rows]
        return Page(page_rows, number, self)  # a plain list: Page accepts any sequence
