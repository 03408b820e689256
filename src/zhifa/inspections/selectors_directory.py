"""Reads of the business directory for staff (检查对象名录库 pages): search and filters, one business,
the upload jobs. Fast at 1,000,000 businesses: every list is a LIMIT over an index order (name), its
count stops at COUNT_CAP, and a name search on PostgreSQL takes its candidates from the character index
(migration 0002) before checking the substring.

Who reads it: the staff of an agency (officers, heads, clerks) see the businesses of their agency's
region and the regions below it; an administrator those of its agency's region, or all of them if it
belongs to no agency. Supervisors and legal reviewers do not (the directory holds the names and
telephone numbers of individual businesses' keepers, needed only by those who inspect)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

from zhifa.accounts.models import Role
from zhifa.core.errors import NotFound
from zhifa.inspections.models import CreditClass, DirectoryImport, Inspection, InspectionTarget, TargetKind
from zhifa.organizations.models import Region

READER_ROLES = frozenset(
    {Role.OFFICER.value, Role.AGENCY_HEAD.value, Role.PUBLICITY_CLERK.value, Role.ADMINISTRATOR.value}
)
COUNT_CAP = 10_000
# Above this many candidates from the character index a term is common (有限公司, 食品): the page's
# LIMIT over the name order finds its first matches sooner by the plain substring test.
CANDIDATES_MAX = 5000
NO_CLASS = "none"

_CODE_LIKE = re.compile(r"[0-9A-Za-z]{4,18}")


@dataclass(frozen=True)
class DirectoryFilters:
    q: str = ""
    region: str = ""  # a region code inside the reader's region
    kind: str = ""
    credit_class: str = ""  # A–D, or NO_CLASS for unclassified
    tag: str = ""
    active: str = "yes"  # yes / no / all


def reader_region_path(user: Any) -> str | None:
    """The region subtree ``user`` may read: "" for the whole directory, None for nothing."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.role not in READER_ROLES:
        return None
    agency = getattr(user, "agency", None)
    if agency is None:
        return "" if user.role == Role.ADMINISTRATOR else None
    return str(agency.region.path)


def _name_contains(term: str) -> Q:
    contains = Q(name__icontains=term)
    if connection.vendor != "postgresql":
        return contains
    chars = sorted(set(term.lower()) - {" "})
    if not chars:
        return contains
    table = InspectionTarget._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT id FROM "{table}" WHERE string_to_array(lower(name), NULL) @> %s::text[] LIMIT %s',
            [chars, CANDIDATES_MAX + 1],
        )
        ids = [row[0] for row in cursor.fetchall()]
    if len(ids) > CANDIDATES_MAX:
        return contains
    candidates = RawSQL(f'"{table}"."id" = ANY(%s)', (ids,), output_field=BooleanField())
    return Q(candidates) & contains


def _search(term: str) -> Q:
    """A credit code (or its beginning) or part of the name."""
    term = term.strip()
    if _CODE_LIKE.fullmatch(term):
        code = term.upper()
        if len(code) == 18:
            return Q(credit_code=code) | _name_contains(term)
        return Q(credit_code__startswith=code) | _name_contains(term)
    return _name_contains(term)


def directory_search(*, region_path: str, filters: DirectoryFilters) -> QuerySet[InspectionTarget]:
    f = filters
    qs = InspectionTarget.objects.all()
    path = region_path
    if f.region:
        region = Region.objects.filter(code=f.region).only("path").first()
        if region is None or not region.path.startswith(region_path):
            return qs.none()
        path = region.path
    if path:
        qs = qs.filter(region_path__startswith=path)
    if f.kind in TargetKind.values:
        qs = qs.filter(kind=f.kind)
    if f.credit_class in CreditClass.values:
        qs = qs.filter(credit_class=f.credit_class)
    elif f.credit_class == NO_CLASS:
        qs = qs.filter(credit_class="")
    if f.tag.strip():
        qs = qs.filter(tags__contains=f",{f.tag.strip()},")
    if f.active == "yes":
        qs = qs.filter(active=True)
    elif f.active == "no":
        qs = qs.filter(active=False)
    if f.q.strip():
        qs = qs.filter(_search(f.q))
    return qs.select_related("region").order_by("name", "id")


def capped_count(qs: QuerySet[InspectionTarget], cap: int | None = None) -> tuple[int, bool]:
    """How many rows ``qs`` holds, counted up to ``cap`` (COUNT_CAP; True when there are more): an exact
    COUNT of a province's million businesses costs a scan per page view."""
    cap = COUNT_CAP if cap is None else cap
    n = qs.order_by()[: cap + 1].count()
    return (cap, True) if n > cap else (n, False)


def target_get(*, region_path: str, target_id: int) -> InspectionTarget:
    target = (
        InspectionTarget.objects.filter(pk=target_id, region_path__startswith=region_path)
        .select_related("region")
        .first()
    )
    if target is None:
        raise NotFound("未找到该检查对象，或不在您所在机关的辖区内")
    return target


def target_inspections(target: InspectionTarget, limit: int = 50) -> list[Inspection]:
    """The inspections of a business by every agency, newest first."""
    return list(
        Inspection.objects.filter(target=target)
        .select_related("agency", "task")
        .order_by("-inspected_on", "-created_at")[:limit]
    )


def filter_regions(region_path: str) -> list[Region]:
    """The regions a reader may filter by: its own region and those below it, down to counties."""
    qs = Region.objects.exclude(level="township").order_by("path")
    if region_path:
        qs = qs.filter(path__startswith=region_path)
    return list(qs.only("code", "name", "level", "path")[:500])


def recent_imports(*, user: Any, limit: int = 10) -> list[DirectoryImport]:
    """The upload jobs of the user's agency (an administrator of no agency: every job), newest first."""
    qs = DirectoryImport.objects.select_related("created_by")
    agency_id = getattr(user, "agency_id", None)
    qs = qs.filter(agency_id=agency_id) if agency_id is not None else qs.filter(agency__isnull=True)
    return list(qs[:limit])


def import_get(*, user: Any, import_id: int) -> DirectoryImport:
    job = DirectoryImport.objects.select_related("created_by").filter(pk=import_id).first()
    agency_id = getattr(user, "agency_id", None)
    if job is None or job.agency_id != agency_id:
        raise NotFound("未找到该导入记录")
    return job
