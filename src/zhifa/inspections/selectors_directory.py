"""Reads of the business directory for staff (检查对象名录库 pages): search and filters, one business,
the upload jobs. Fast at 1,000,000 businesses: every list is a LIMIT over an index order (region, name), its
count stops at COUNT_CAP, and a name search on PostgreSQL takes its candidates from the character index
(migration 0002) before checking the substring.

Who reads it: the staff of an agency (officers, heads, clerks) see the businesses of their agency's
region and the regions below it; an administrator those of its agency's region, or all of them if it
belongs to no agency. Supervisors and legal reviewers do not (the directory holds the names and
telephone numbers of individual businesses' keepers, needed only by those who inspect)."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Collate

from zhifa.accounts.models import Role
from zhifa.core.errors import NotFound
from zhifa.inspections.models import CreditClass, DirectoryImport, Inspection, InspectionTarget, TargetKind
from zhifa.organizations.models import Region

READER_ROLES = frozenset(
    {Role.OFFICER.value, Role.AGENCY_HEAD.value, Role.PUBLICITY_CLERK.value, Role.ADMINISTRATOR.value}
)
COUNT_CAP = 5000
NO_CLASS = "none"
INDEX_CHARS = 3
COMMON_NAME_CHARS = frozenset("有限公司责任股份集团市区县省镇乡街道村店厂部行社中心商贸经营合作专业个体户")
NAME_CHARS_INDEX = "insp_target_name_chars"  # migration 0002

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


_FREQUENCIES: dict[str, Any] = {"at": -1e9, "chars": {}}
FREQUENCIES_TTL = 600.0  # seconds: the statistics change with ANALYZE (autovacuum), not per request
# Characters in more than this share of the names (有, 限, 公, 司, digits, the province's name) narrow a
# search little and make the index intersect long posting lists.
SELECTIVE_BELOW = 0.25


def _char_frequencies() -> dict[str, float]:
    """The share of names holding each common character: PostgreSQL's own statistics of the character
    index's expression (pg_stats.most_common_elems, kept by ANALYZE); a character not listed is rarer
    than every listed one. Cached for FREQUENCIES_TTL."""
    now = time.monotonic()
    if now - _FREQUENCIES["at"] < FREQUENCIES_TTL:
        return dict(_FREQUENCIES["chars"])
    chars: dict[str, float] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
            "WHERE tablename = %s AND attname = 'string_to_array'",
            [NAME_CHARS_INDEX],
        )
        row = cursor.fetchone()
    if row is not None and row[0] is not None:
        chars = dict(zip(row[0], (float(f) for f in row[1]), strict=False))
    _FREQUENCIES.update(at=now, chars=chars)
    return chars


def _index_chars(term: str, frequencies: dict[str, float]) -> list[str]:
    """Up to INDEX_CHARS of the term's characters to look up in the character index: the rarest (three
    characters of 5% each leave one name in 8,000), none commoner than SELECTIVE_BELOW. Without
    statistics (a table never analysed), the term's characters that are not among the commonest of
    business names."""
    chars = {c for c in term.lower() if not c.isspace()}
    if frequencies:
        ranked = sorted(chars, key=lambda c: (frequencies.get(c, 0.0), c))
        return [c for c in ranked if frequencies.get(c, 0.0) < SELECTIVE_BELOW][:INDEX_CHARS]
    return sorted(c for c in chars if c not in COMMON_NAME_CHARS and not c.isdigit())[:INDEX_CHARS]


def _name_contains(term: str) -> Q:
    """Part of the name (case-insensitive). On PostgreSQL the names holding a few rare characters of the
    term are found by the character index (migration 0002) and the substring is checked on those; a
    term of common characters only is checked along the page's order."""
    contains = Q(name__icontains=term)
    if connection.vendor != "postgresql":
        return contains
    chars = _index_chars(term, _char_frequencies())
    if not chars:
        return contains
    table = InspectionTarget._meta.db_table
    holds = RawSQL(
        f'string_to_array(lower("{table}"."name"), NULL) @> %s::text[]', (chars,), output_field=BooleanField()
    )
    return Q(holds) & contains


def _has_tag(tag: str) -> Q:
    """Tags are stored ",a,b,"; on PostgreSQL the tag index of migration 0002 (the tags as an array)
    finds a tag without reading the region's every business."""
    if connection.vendor != "postgresql":
        return Q(tags__contains=f",{tag},")
    table = InspectionTarget._meta.db_table
    return Q(
        RawSQL(
            f'string_to_array("{table}"."tags", \',\') @> %s::text[]', ([tag],), output_field=BooleanField()
        )
    )


def _search(term: str) -> Q:
    """A credit code or its beginning (letters and digits, a digit among them), else part of the name."""
    term = term.strip()
    if _CODE_LIKE.fullmatch(term) and any(c.isdigit() for c in term):
        code = term.upper()
        if len(code) == 18:
            return Q(credit_code=code)
        if connection.vendor != "postgresql":
            # SQLite's LIKE ignores case and so its index: a range over the binary order instead.
            return Q(credit_code__gte=code, credit_code__lt=code + "\U0010ffff")
        return Q(credit_code__startswith=code)
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
    qs = _in_region(qs, path)
    if f.kind in TargetKind.values:
        qs = qs.filter(kind=f.kind)
    if f.credit_class in CreditClass.values:
        qs = qs.filter(credit_class=f.credit_class)
    elif f.credit_class == NO_CLASS:
        qs = qs.filter(credit_class="")
    if f.tag.strip():
        qs = qs.filter(_has_tag(f.tag.strip()))
    if f.active == "yes":
        qs = qs.filter(active=True)
    elif f.active == "no":
        qs = qs.filter(active=False)
    if f.q.strip():
        qs = qs.filter(_search(f.q))
    return qs.select_related("region")


def _in_region(qs: QuerySet[InspectionTarget], path: str) -> QuerySet[InspectionTarget]:
    """Inside the region ``path`` ("" for all), in the order region, then name. On PostgreSQL the
    region path is compared and sorted byte by byte (COLLATE "C"), as the index of migration 0002 holds
    it, so that the region's businesses are one range of that index in page order: a city's first page
    reads twenty entries. Ordered by name alone, the planner read the name index until twenty of the
    region turned up — 70,000 rows for a county whose names all begin with the county's name."""
    if connection.vendor == "postgresql":
        qs = qs.annotate(region_order=Collate("region_path", "C"))
        if path:
            qs = qs.filter(region_order__startswith=path)
        return qs.order_by("region_order", "name", "id")
    if path:
        # SQLite compares bytes (BINARY), so the prefix is a range its index serves; its LIKE, case-
        # insensitive, would scan the table. Paths end with "/", and "0" follows "/".
        qs = qs.filter(region_path__gte=path, region_path__lt=path[:-1] + chr(ord(path[-1]) + 1))
    return qs.order_by("region_path", "name", "id")


def capped_count(qs: QuerySet[InspectionTarget], cap: int | None = None) -> tuple[int, bool]:
    """How many rows ``qs`` holds, counted up to ``cap`` (COUNT_CAP; True when there are more): an exact
    COUNT of a province's million businesses costs a scan per page view."""
    cap = COUNT_CAP if cap is None else cap
    n = qs.order_by().values("id")[: cap + 1].count()
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
