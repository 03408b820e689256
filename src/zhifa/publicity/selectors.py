"""Publicity reads: the public portal (published items only) and the staff views (scoped)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, overload

from django.conf import settings
from django.db import connection
from django.db.models import Case as Cond
from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OrderBy,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from zhifa.cases.models import Case
from zhifa.core.errors import NotFound
from zhifa.core.scope import Scope
from zhifa.journal.models import JournalEntry
from zhifa.publicity import search
from zhifa.publicity.models import Publication, PublicationStatus

# Staff-only columns (the unredacted text and what was redacted from it; why a published decision is to
# be withdrawn, until the clerk withdraws it and chooses to state the reason): never read for the public.
STAFF_ONLY = ("original_text", "spans", "adjustments", "search_tokens", "withdraw_cause")


@dataclass(frozen=True)
class PublicFilters:
    q: str = ""
    agency_id: int | None = None
    kind: str = ""
    since: date | None = None
    until: date | None = None
    region_path: str = ""


@dataclass(frozen=True)
class PublicResults:
    """The portal's list: ``items`` in display order; ``search`` says how a keyword search was run
    (None without keywords), so that the page can say when only the newest matches are shown."""

    items: QuerySet[Publication]
    search: search.Result | None = None

    @property
    def newest_only(self) -> bool:
        return self.search is not None and self.search.strategy == "newest"

    @property
    def more(self) -> bool:
        return self.search is not None and self.search.more

    def rows(self) -> QuerySet[Publication] | RankedRows:
        """What to paginate: ``items``, or for a PostgreSQL search (whose ids are already the whole
        filtered answer) the ids in order, so that a page reads only its own rows rather than all
        (up to RANKED_LIMIT) matches sorted by their position."""
        if self.search is not None and self.search.filtered and self.search.ids:
            return RankedRows(self.items, self.search.ids)
        return self.items


class RankedRows(Sequence[Publication]):
    def __init__(self, qs: QuerySet[Publication], ids: list[int]) -> None:
        self.qs = qs.order_by()
        self.ids = ids

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> Publication: ...
    @overload
    def __getitem__(self, index: slice) -> list[Publication]: ...
    def __getitem__(self, index: int | slice) -> Publication | list[Publication]:
        if isinstance(index, int):
            return self[index : index + 1 or None][0]
        wanted = self.ids[index]
        by_id = {p.pk: p for p in self.qs.filter(pk__in=wanted)}
        return [by_id[pk] for pk in wanted if pk in by_id]


# The ranked list of a keyword search is cut here.
RANKED_LIMIT = 500


def public_search(*, filters: PublicFilters) -> PublicResults:
    qs = Publication.objects.filter(status=PublicationStatus.PUBLISHED)
    if filters.agency_id:
        qs = qs.filter(agency_id=filters.agency_id)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.since:
        qs = qs.filter(decided_on__gte=filters.since)
    if filters.until:
        qs = qs.filter(decided_on__lte=filters.until)
    if filters.region_path:
        qs = qs.filter(region_path__startswith=filters.region_path)
    # With a decision-date filter the list runs down the decided_on index: walking the publication
    # dates from today to a range a year ago would read every row in between (~1.5 s at 1M).
    newest = (
        ("-decided_on", "-published_on", "-id")
        if filters.since or filters.until
        else ("-published_on", "-id")
    )
    found = (
        search.search(filters.q, base=qs, limit=RANKED_LIMIT, newest_by=newest) if filters.q.strip() else None
    )
    qs = qs.select_related("agency").defer(*STAFF_ONLY)
    if found is None:
        return PublicResults(qs.order_by(*newest))
    if not found.ids:
        return PublicResults(qs.none(), found)
    return PublicResults(qs.filter(pk__in=found.ids).order_by(_in_order(found.ids)), found)


def _in_order(ids: list[int]) -> OrderBy:
    """An ORDER BY that keeps the search's order of ids."""
    if connection.vendor == "postgresql":
        # One array lookup per row: a CASE of 500 WHENs costs more to build in Python than the search.
        position = RawSQL("array_position(%s::bigint[], publicity_publication.id)", (ids,))
        return position.asc()
    return Cond(*[When(pk=pk, then=i) for i, pk in enumerate(ids)], output_field=IntegerField()).asc()


def public_list(*, filters: PublicFilters) -> QuerySet[Publication]:
    return public_search(filters=filters).items


@dataclass(frozen=True)
class Total:
    value: int
    estimated: bool  # the planner's estimate (PostgreSQL), shown as "约 N 条"

    @property
    def approx(self) -> str:
        """The value to two significant figures, in 万 from ten thousand on (an estimate is not
        precise, and 39537 would look counted)."""
        if self.value < 10_000:
            return f"{self.value} 条"
        wan = self.value / 10_000
        return f"{wan:.0f} 万条" if wan >= 10 else f"{wan:.1f} 万条"


def public_total(results: PublicResults) -> Total:
    """The count the portal shows for a list (see total()). A PostgreSQL search already applied the
    filters and returned every id it lists, so its length is the count."""
    if results.search is not None and results.search.filtered:
        return Total(len(results.search.ids), estimated=False)
    return total(results.items)


def exact_count_up_to() -> int:
    return int(getattr(settings, "ZHIFA_PORTAL_EXACT_COUNT_UP_TO", 10_000))


def total(qs: QuerySet[Publication], *, exact_up_to: int | None = None) -> Total:
    """How many rows qs holds: counted exactly up to ``exact_up_to`` (default the setting
    ZHIFA_PORTAL_EXACT_COUNT_UP_TO, 10,000), beyond that the planner's estimate on PostgreSQL (an
    exact COUNT of 1M published decisions costs ~60 ms per page view; the estimate costs a plan).
    SQLite, the development backend, has no row estimates and counts."""
    cap = exact_count_up_to() if exact_up_to is None else exact_up_to
    qs = qs.order_by()
    n = qs[: cap + 1].count()
    if n <= cap:
        return Total(n, estimated=False)
    if connection.vendor != "postgresql":
        return Total(qs.count(), estimated=False)
    sql, params = qs.values("id").query.sql_with_params()
    with connection.cursor() as c:
        c.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = c.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    # More than `cap` rows were counted, so never show fewer than that.
    return Total(max(int(plan[0]["Plan"]["Plan Rows"]), cap + 1), estimated=True)


@dataclass(frozen=True)
class WithdrawalNotice:
    """What the public learns of a withdrawn decision (行政处罚法 Art.48; SAMR 公示规定 Art.11; DESIGN
    invariant 7: it leaves the portal): its number and title, by whom and when it was withdrawn, and
    the reason only where the agency chose to state it publicly. Never its text, party or penalty."""

    publication_id: int
    decision_number: str
    title: str
    agency_name: str
    withdrawn_on: date | None
    reason: str

    status = PublicationStatus.WITHDRAWN


def _notice(row: dict[str, Any]) -> WithdrawalNotice:
    return WithdrawalNotice(
        publication_id=row["id"],
        decision_number=row["decision_number"],
        title=row["title"],
        agency_name=row["agency__name"],
        withdrawn_on=row["withdrawn_on"],
        reason=row["withdraw_reason"] if row["public_notice"] else "",
    )


_NOTICE_FIELDS = (
    "id",
    "decision_number",
    "title",
    "agency__name",
    "withdrawn_on",
    "withdraw_reason",
    "public_notice",
)


def public_get(*, publication_id: int) -> Publication | WithdrawalNotice:
    """A published item; for a withdrawn one only its withdrawal notice (its detail page says it was
    withdrawn), so that no caller can show the withdrawn text."""
    pub = (
        Publication.objects.filter(
            pk=publication_id, status__in=[PublicationStatus.PUBLISHED, PublicationStatus.WITHDRAWN]
        )
        .select_related("agency")
        .defer(*STAFF_ONLY)
        .first()
    )
    if pub is None:
        raise NotFound("该信息不存在或已不在公示期内")
    if pub.status == PublicationStatus.WITHDRAWN:
        return WithdrawalNotice(
            publication_id=pub.pk,
            decision_number=pub.decision_number,
            title=pub.title,
            agency_name=pub.agency.name,
            withdrawn_on=pub.withdrawn_on,
            reason=pub.withdraw_reason if pub.public_notice else "",
        )
    return pub


def withdrawn_notices(*, agency_id: int | None = None, limit: int = 5) -> list[WithdrawalNotice]:
    """The newest withdrawals whose reason the agency states publicly (SAMR 公示规定 Art.11)."""
    qs = Publication.objects.filter(status=PublicationStatus.WITHDRAWN, public_notice=True)
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    return [_notice(r) for r in qs.order_by("-withdrawn_on", "-id").values(*_NOTICE_FIELDS)[:limit]]


def staff_queue(*, scope: Scope) -> QuerySet[Publication]:
    return (
        Publication.objects.filter(scope.agency_q("agency"), status=PublicationStatus.DRAFT)
        .select_related("agency")
        .order_by("due_on")
    )


def withdrawal_queue(*, scope: Scope) -> QuerySet[Publication]:
    """Published decisions flagged for withdrawal (行政处罚法 Art.48; SAMR 公示规定 Art.11: within 3 working
    days), the most urgent first, each with its reason and what triggered it."""
    return (
        Publication.objects.filter(
            scope.agency_q("agency"), status=PublicationStatus.PUBLISHED, withdraw_due__isnull=False
        )
        .select_related("agency")
        .defer("original_text", "spans", "adjustments", "search_tokens")
        .order_by("withdraw_due", "id")
    )


def staff_get(*, scope: Scope, publication_id: int) -> Publication:
    pub = (
        Publication.objects.filter(scope.agency_q("agency"), pk=publication_id)
        .select_related("agency", "case")
        .first()
    )
    if pub is None:
        raise NotFound("未找到该公示，或您无权查看")
    return pub


@dataclass(frozen=True)
class Compliance:
    agency_id: int
    agency_name: str
    due: int
    overdue: int
    published: int
    published_late: int
    withdrawn: int
    withdrawn_late: int
    # Decisions issued (a decision.issued entry) with no publication row at all, not even a draft or a
    # suppression: the reaction that drafts it has not succeeded yet (journal.services retries it).
    undrafted: int = 0

    @property
    def on_time_rate(self) -> float | None:
        return None if not self.published else (self.published - self.published_late) / self.published


def compliance(*, scope: Scope, today: date | None = None) -> list[Compliance]:
    today = today or timezone.localdate()
    rows = (
        Publication.objects.filter(scope.agency_q("agency"), previous__isnull=True)
        .values("agency_id", "agency__name")
        .annotate(
            due=Count("id", filter=Q(status=PublicationStatus.DRAFT)),
            overdue=Count("id", filter=Q(status=PublicationStatus.DRAFT, due_on__lt=today)),
            published=Count("id", filter=Q(published_on__isnull=False)),
            published_late=Count("id", filter=Q(published_on__gt=F("due_on"))),
            withdrawn=Count("id", filter=Q(status=PublicationStatus.WITHDRAWN)),
            withdrawn_late=Count("id", filter=Q(withdrawn_on__gt=F("withdraw_due"))),
        )
        .order_by("agency__name")
    )
    missing = undrafted_decisions(scope=scope)
    out = [
        Compliance(
            r["agency_id"],
            r["agency__name"],
            r["due"],
            r["overdue"],
            r["published"],
            r["published_late"],
            r["withdrawn"],
            r["withdrawn_late"],
            undrafted=missing.pop(r["agency_id"], (r["agency__name"], 0))[1],
        )
        for r in rows
    ]
    # An agency whose decisions all lack a publication has no publication row to be grouped by.
    out += [Compliance(a, name, 0, 0, 0, 0, 0, 0, undrafted=n) for a, (name, n) in missing.items()]
    return sorted(out, key=lambda c: c.agency_name)


def undrafted_decisions(*, scope: Scope) -> dict[int, tuple[str, int]]:
    """Per agency (id -> name, count): cases with a decision issued (their decision.issued journal entry)
    and no publication row at all. Publicity drafts one on that event; a count above zero means the
    reaction is still owed (failed, or lost to a crash, and waiting for its retry)."""
    issued = JournalEntry.objects.filter(
        event_type="decision.issued",
        subject=Concat(Value("cases.case:"), Cast(OuterRef("pk"), CharField()), output_field=CharField()),
    )
    rows = (
        # The anti-join on publications first: it leaves only the few decided cases without one.
        Case.objects.filter(scope.agency_q("agency"), decided_on__isnull=False)
        .exclude(Exists(Publication.objects.filter(case=OuterRef("pk"))))
        .filter(Exists(issued))
        .values("agency_id", "agency__name")
        .annotate(n=Count("id"))
    )
    return {r["agency_id"]: (r["agency__name"], r["n"]) for r in rows}
