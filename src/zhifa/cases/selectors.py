"""Case reads, always through the caller's scope; the list page's query count is pinned in tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection
from django.db.models import BooleanField, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from zhifa.cases import engine
from zhifa.cases.models import Case, CaseOfficer, Deadline, DeadlineStatus, Document, Violation
from zhifa.core.errors import NotFound
from zhifa.core.scope import Scope


@dataclass(frozen=True)
class CaseFilters:
    state: str = ""
    procedure: str = ""
    item_id: int | None = None
    officer_id: int | None = None
    due_before: date | None = None
    search: str = ""


# The GIN expression indexes of migration 0002 (zhifa_ngrams: a text's characters and character pairs).
_CANDIDATES = (
    "SELECT id FROM cases_case WHERE zhifa_ngrams(case_number || ' ' || title) @> %s::text[] "
    "UNION ALL SELECT c.id FROM cases_case c WHERE c.party_id IN "
    "(SELECT p.id FROM cases_party p WHERE zhifa_ngrams(p.name) @> %s::text[]) "
    "LIMIT %s"
)
# Above this many candidates a term is common (江北市, 食品, 有限公司): counting its matches costs a pass
# over the agency's cases whichever way they are found, and the plain substring scan is the cheaper one.
SEARCH_CANDIDATES_MAX = 5000


def search_grams(term: str) -> list[str]:
    """What an n-gram index must hold for a text to contain `term`: its character for one character,
    else its character pairs."""
    term = term.lower()
    if len(term) < 2:
        return [term]
    return sorted({term[i : i + 2] for i in range(len(term) - 1)})


def _search(term: str) -> Q:
    """Case number, 案由 or party name contains `term` (case-insensitive).

    On PostgreSQL one query first takes, from the n-gram indexes, the cases whose number or 案由, or
    whose party's name, holds every n-gram of the term (any length, one character too), up to
    SEARCH_CANDIDATES_MAX; the substring test then runs on those cases only. A term with more
    candidates, and SQLite, get the substring test over the agency's cases."""
    contains = Q(case_number__icontains=term) | Q(title__icontains=term) | Q(party__name__icontains=term)
    if connection.vendor != "postgresql":
        return contains
    grams = search_grams(term)
    with connection.cursor() as c:
        c.execute(_CANDIDATES, [grams, grams, SEARCH_CANDIDATES_MAX + 1])
        rows = c.fetchall()
    if len(rows) > SEARCH_CANDIDATES_MAX:  # (a case can come twice: by its 案由 and by its party)
        return contains
    ids = sorted({row[0] for row in rows})
    candidates = RawSQL('"cases_case"."id" = ANY(%s)', (ids,), output_field=BooleanField())
    return Q(candidates) & contains


def case_list(*, scope: Scope, filters: CaseFilters | None = None) -> QuerySet[Case]:
    f = filters or CaseFilters()
    qs = Case.objects.filter(scope.agency_q("agency"))
    if f.state:
        qs = qs.filter(state=f.state)
    if f.procedure:
        qs = qs.filter(procedure=f.procedure)
    if f.item_id:
        qs = qs.filter(item_id=f.item_id)
    # Semi-joins (EXISTS), not joins: a case with two matching rows is still one case, without a
    # DISTINCT over every column of the page query and its count.
    if f.officer_id:
        qs = qs.filter(Exists(CaseOfficer.objects.filter(case=OuterRef("pk"), officer_id=f.officer_id)))
    if f.due_before:
        qs = qs.filter(
            Exists(
                Deadline.objects.filter(
                    case=OuterRef("pk"), status=DeadlineStatus.RUNNING, due_on__lte=f.due_before
                )
            )
        )
    if f.search:
        qs = qs.filter(_search(f.search))
    return (
        qs.select_related("agency", "item", "party")
        .prefetch_related(
            Prefetch(
                "deadlines",
                queryset=Deadline.objects.filter(status=DeadlineStatus.RUNNING).order_by("due_on"),
                to_attr="running_deadlines",
            )
        )
        .order_by("-id")
    )


def case_get(*, scope: Scope, case_id: int) -> Case:
    case = (
        Case.objects.filter(scope.agency_q("agency"), pk=case_id)
        .select_related("agency", "item", "party", "place", "benchmark")
        .prefetch_related(
            Prefetch("case_officers", queryset=CaseOfficer.objects.select_related("officer")),
            Prefetch("deadlines", queryset=Deadline.objects.order_by("due_on", "id")),
            "documents",
        )
        .first()
    )
    if case is None:
        raise NotFound("未找到该案件，或您无权查看")
    return case


def document_get(*, scope: Scope, case_id: int, document_id: int) -> Document:
    """An issued document of a case the scope may see."""
    document = (
        Document.objects.filter(scope.agency_q("case__agency"), case_id=case_id, pk=document_id)
        .select_related("case")
        .first()
    )
    if document is None:
        raise NotFound("未找到该文书，或您无权查看")
    return document


def deadlines_due(*, scope: Scope, within_days: int = 3, today: date | None = None) -> QuerySet[Deadline]:
    """Running clocks due within `within_days` (due soon) or already past (overdue), soonest first."""
    today = today or timezone.localdate()
    return (
        Deadline.objects.filter(
            scope.agency_q("case__agency"),
            status=DeadlineStatus.RUNNING,
            due_on__lte=today + timedelta(days=within_days),
        )
        .exclude(kind__in=engine.PARTY_WINDOWS)
        .select_related("case", "case__agency")
        .order_by("due_on")
    )


def deadlines_missed(*, scope: Scope) -> QuerySet[Deadline]:
    return (
        Deadline.objects.filter(scope.agency_q("case__agency"), status=DeadlineStatus.MISSED)
        .select_related("case", "case__agency")
        .order_by("-due_on")
    )


def case_violations(case: Case) -> list[Violation]:
    """The case's violations in order (issue 17). A case whose proposal was never written (a lead, a case
    opened before it could hold several) shows the one its own columns describe, unsaved."""
    rows = list(Violation.objects.filter(case=case).select_related("item").order_by("ordinal"))
    if rows:
        return rows
    return [
        Violation(
            case=case,
            ordinal=1,
            item=case.item,
            facts=case.facts,
            benchmark_id=case.benchmark_id,
            benchmark_tier=case.benchmark_tier,
            tier_reason=case.tier_reason,
            penalty_kinds=list(case.penalty_kinds),
            fine_amount=case.fine_amount,
            confiscation_amount=case.confiscation_amount,
            lenience=case.lenience,
        )
    ]
