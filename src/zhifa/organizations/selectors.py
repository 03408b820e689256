"""Reads of regions and agencies, always through the caller's scope."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from zhifa.core.errors import NotFound
from zhifa.core.scope import Scope
from zhifa.organizations.models import Agency, Region, Unit


def agency_list(*, scope: Scope, search: str = "", region_code: str = "") -> QuerySet[Agency]:
    qs = Agency.objects.filter(scope.agency_q("")).select_related("region")
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(credit_code__iexact=search))
    if region_code:
        region = Region.objects.filter(code=region_code).first()
        qs = qs.filter(region__path__startswith=region.path) if region else qs.none()
    return qs


def agency_get(*, scope: Scope, agency_id: int) -> Agency:
    agency = (
        Agency.objects.filter(scope.agency_q(""))
        .select_related("region", "legal_unit")
        .filter(pk=agency_id)
        .first()
    )
    if agency is None:
        raise NotFound("未找到该执法主体，或您无权查看")
    return agency


def visible_agency_ids(*, scope: Scope) -> frozenset[int] | None:
    """The ids a scope may see, or None for all (for apps, like the journal, that keep agency ids only)."""
    if scope.everything:
        return None
    return frozenset(Agency.objects.filter(scope.agency_q("")).values_list("pk", flat=True))


def region_list(*, scope: Scope) -> QuerySet[Region]:
    if scope.agency_id is not None:
        # An agency's users see their agency's region and the regions above it.
        agency = Agency.objects.select_related("region").filter(pk=scope.agency_id).first()
        if agency is None:
            return Region.objects.none()
        prefixes = [p for p in agency.region.path.strip("/").split("/") if p]
        paths = ["/" + "/".join(prefixes[: i + 1]) + "/" for i in range(len(prefixes))]
        return Region.objects.filter(path__in=paths).select_related("parent")
    return Region.objects.filter(scope.region_q("")).select_related("parent")


def unit_list(*, scope: Scope, agency_id: int) -> QuerySet[Unit]:
    return Unit.objects.filter(scope.agency_q("agency"), agency_id=agency_id)
