"""Reads of the annual statistics report, scoped like every selector: an agency's staff see their agency,
a supervisor the agencies and regions under theirs, an administrator everything; the public sees only
published (frozen) reports.

Live figures are computed from the record each time (compute.py); a submitted or approved report is read
from its snapshot, never recomputed."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Max, Q

from zhifa.core.errors import NotFound
from zhifa.core.scope import Scope
from zhifa.organizations import selectors as org_selectors
from zhifa.organizations.models import Agency, Region
from zhifa.statistics import compute
from zhifa.statistics.compute import Figures, Node, Table
from zhifa.statistics.figures import CATEGORY_PREFIX, DERIVED, FIGURES, Value, derive
from zhifa.statistics.models import AnnualReport, FrozenReport, ReportTemplate
from zhifa.statistics.report_templates import TemplateSpec, template_for
from zhifa.statistics.sources import source_of
from zhifa.statistics.sources.base import Item, Period, Tally, Window

FIRST_YEAR = 2000  # no report before the platform's data can begin


def check_year(year: int, today: date) -> None:
    if not FIRST_YEAR <= year <= today.year:
        raise NotFound(f"没有 {year} 年度的统计年报")


# --- one agency ------------------------------------------------------------------------------------------


@dataclass
class LiveReport:
    agency: Agency
    period: Period
    template: ReportTemplate
    spec: TemplateSpec
    values: Figures
    tables: list[Table]


def live_report(agency: Agency, year: int, as_of: date) -> LiveReport:
    """The agency's figures of `year` computed now from the record (up to `as_of` while the year runs)."""
    period = Period.of(year, as_of)
    template = template_for(agency.region)
    spec = TemplateSpec.of(template)
    t = compute.tally([agency.pk], period).get((agency.pk, 0), Tally())
    values = compute.figures(t, spec)
    return LiveReport(agency, period, template, spec, values, compute.tables(spec, values))


def agency_report(*, scope: Scope, agency_id: int, year: int, as_of: date) -> LiveReport:
    agency = org_selectors.agency_get(scope=scope, agency_id=agency_id)
    check_year(year, as_of)
    return live_report(agency, year, as_of)


def report_get(*, scope: Scope, agency_id: int, year: int) -> AnnualReport | None:
    """The agency's report of `year` once submitted (None before), if the caller may see the agency."""
    org_selectors.agency_get(scope=scope, agency_id=agency_id)
    return (
        AnnualReport.objects.filter(agency_id=agency_id, year=year)
        .select_related("agency", "template", "submitted_by", "reviewed_by")
        .first()
    )


def changed_since(report: AnnualReport, live: LiveReport) -> list[tuple[str, Any, Any]]:
    """The figures whose live value differs from the submitted one: (label, submitted, now). A supervisor
    sees them before approving (a case decided after the submission, a decision revoked since)."""
    submitted = report.snapshot_data.get("figures", {})
    out = []
    for key, now in live.values.items():
        before = submitted.get(key)
        plain_now = str(now) if isinstance(now, Decimal) else now
        if key in submitted and before != plain_now:
            out.append((compute.label_of(key, live.spec), before, plain_now))
    return out


# --- a region and its roll-up ----------------------------------------------------------------------------


def region_visible(scope: Scope, region: Region) -> bool:
    if scope.everything:
        return True
    return scope.region_path is not None and region.path.startswith(scope.region_path)


def region_get(*, scope: Scope, code: str) -> Region:
    region = Region.objects.filter(code=code).first()
    if region is None or not region_visible(scope, region):
        raise NotFound("没有该行政区划，或不在您的监督范围内")
    return region


@dataclass
class RegionView:
    region: Region
    period: Period
    spec: TemplateSpec
    node: Node
    values: Figures
    tables: list[Table]
    children: list[tuple[str, str, Figures]]  # (kind "region"/"agency", region code or agency id, figures)
    names: dict[str, str]
    reports: dict[int, AnnualReport]


def region_report(*, scope: Scope, code: str, year: int, as_of: date) -> RegionView:
    """The region's figures rolled up from every agency under it (sub-regions summed), laid out in the
    region's template, with each child region's and directly attached agency's figures and the state of
    each agency's report."""
    region = region_get(scope=scope, code=code)
    check_year(year, as_of)
    period = Period.of(year, as_of)
    regions = list(Region.objects.filter(path__startswith=region.path))
    agencies = list(
        Agency.objects.filter(region__path__startswith=region.path, active=True).select_related("region")
    )
    tallies = {a: t for (a, _), t in compute.tally([a.pk for a in agencies], period).items()}
    node = compute.rollup(region, regions, agencies, tallies)
    spec = TemplateSpec.of(template_for(region))
    values = compute.figures(node.tally, spec)
    children: list[tuple[str, str, Figures]] = []
    names: dict[str, str] = {}
    for child in node.children:
        children.append(("region", child.region.code, compute.figures(child.tally, spec)))
        names[f"region:{child.region.code}"] = child.region.name
    for agency, t in node.agencies:
        children.append(("agency", str(agency.pk), compute.figures(t, spec)))
        names[f"agency:{agency.pk}"] = agency.name
    reports = {
        r.agency_id: r
        for r in AnnualReport.objects.filter(year=year, agency__in=agencies).select_related("frozen")
    }
    return RegionView(
        region, period, spec, node, values, compute.tables(spec, values), children, names, reports
    )


# --- drill-down ------------------------------------------------------------------------------------------


@dataclass
class FigureDetail:
    key: str
    label: str
    unit: str
    value: Value | None
    display: str
    items: list[Item]  # the page's rows
    rows: int  # how many rows behind the figure in all
    page: int
    pages: int
    where: str  # the agency's or region's name
    period: Period
    agency_names: dict[int, str] = field(default_factory=dict)

    @property
    def refs(self) -> list[tuple[str, int]]:
        return [(i.kind, i.id) for i in self.items]


DETAIL_PAGE = 50  # rows of a drill-down page


def figure_detail(
    *,
    scope: Scope,
    year: int,
    key: str,
    as_of: date,
    agency_id: int | None = None,
    region_code: str = "",
    page: int = 1,
    per_page: int | None = None,
) -> FigureDetail:
    """The rows behind one figure of an agency or a region (page `page`, newest first), and the figure
    recomputed from all of them. A page past the last shows the last."""
    check_year(year, as_of)
    if agency_id is not None:
        agency = org_selectors.agency_get(scope=scope, agency_id=agency_id)
        agencies, where, region = [agency], agency.name, agency.region
    elif region_code:
        region = region_get(scope=scope, code=region_code)
        agencies = list(Agency.objects.filter(region__path__startswith=region.path, active=True))
        where = region.name
    else:
        raise NotFound("请指定执法主体或行政区划")
    spec = TemplateSpec.of(template_for(region))
    known = key in FIGURES or (
        key.startswith(CATEGORY_PREFIX)
        and any(c.code == key[len(CATEGORY_PREFIX) :] for c in spec.definition.categories)
    )
    if not known or key in DERIVED:
        raise NotFound(
            f"没有统计指标“{key}”的明细" + ("（该指标由其他指标计算得出）" if key in DERIVED else "")
        )
    source = source_of(key)
    if source is None:
        raise NotFound(f"“{compute.label_of(key, spec)}”本平台未记录，没有明细")
    period = Period.of(year, as_of)
    ids = [a.pk for a in agencies]
    page, per_page = max(1, page), per_page or DETAIL_PAGE
    detail = source.detail(key, ids, period, spec.categorizer, Window((page - 1) * per_page, per_page))
    pages = max(1, -(-detail.rows // per_page))
    if page > pages:  # past the end (the figure shrank since the link was made): the last page
        page = pages
        detail = source.detail(key, ids, period, spec.categorizer, Window((page - 1) * per_page, per_page))
    unit = FIGURES[key].unit if key in FIGURES else "count"
    return FigureDetail(
        key,
        compute.label_of(key, spec),
        compute.unit_label(unit, spec.amount_unit),
        detail.value,
        compute.display(detail.value, unit, spec.amount_unit),
        detail.items,
        detail.rows,
        page,
        pages,
        where,
        period,
        {a.pk: a.name for a in agencies},
    )


# --- dashboards ------------------------------------------------------------------------------------------

DASHBOARD_KEYS = (
    "penalty_total",
    "penalty_summary",
    "penalty_revoked",
    "fine_amount",
    "licensing_total",
    "compulsion_measures",
    "inspections_total",
    "review_opinions",
    "referrals",
)


# What the dashboard's figures are computed from: the sources leave out the queries of any other figure.
DASHBOARD_NEEDS = frozenset(part for key in DASHBOARD_KEYS for part in DERIVED.get(key, (key,)))


@dataclass
class Dashboard:
    """Only the figures named in `keys` are computed (DASHBOARD_NEEDS): read no other."""

    year: int
    period: Period
    spec: TemplateSpec
    agencies: list[tuple[Agency, Figures]]
    total: Figures
    months: list[tuple[int, Figures]]
    keys: tuple[str, ...] = DASHBOARD_KEYS
    reports: dict[int, AnnualReport] = field(default_factory=dict)


def scope_agencies(scope: Scope) -> list[Agency]:
    return list(
        Agency.objects.filter(scope.agency_q(""), active=True)
        .select_related("region")
        .order_by("region__code", "name")
    )


# A dashboard is kept until the journal moves, and at most this long: see dashboard().
DASHBOARD_CACHE_SECONDS = 300


def journal_head() -> int:
    """The id of the journal's latest entry (0 when empty): one read down the primary key."""
    from zhifa.journal.models import JournalEntry

    return JournalEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def dashboard(*, scope: Scope, year: int, today: date) -> Dashboard:
    """The year to date of every agency in scope and their months, cached per scope, day and head of the
    journal: every change to a case, a registered decision, a review, an officer or a report is journaled
    in its own transaction (journal.services.record), so while the head has not moved the figures have not
    changed, and a new entry is a new key. One race remains: ids are taken at insert, so a transaction
    that took id N and commits after one that took N + 1 adds its change without moving the head; a
    dashboard computed in between stays until the next entry or DASHBOARD_CACHE_SECONDS. The dashboard
    page and its chart share one computation between two journal entries."""
    check_year(year, today)
    where = "all" if scope.everything else f"{scope.agency_id}:{scope.region_path}"
    key = f"statistics:dashboard:{where}:{year}:{today.isoformat()}:{journal_head()}"
    found: Dashboard | None = cache.get(key)
    if found is None:
        found = dashboard_compute(scope=scope, year=year, today=today)
        cache.set(key, found, timeout=DASHBOARD_CACHE_SECONDS)
    return found


def dashboard_compute(*, scope: Scope, year: int, today: date) -> Dashboard:
    """The year to date of every agency in scope and their months (each flow figure by the month of its
    own date), under the national default template's units (a dashboard shows no penalty categories).

    One pass of the sources, by month: an agency's year is the sum of its months (and of the stock
    figures, which come as month 0). That holds for the counts and amounts the dashboard shows
    (DASHBOARD_KEYS); a count of distinct cases or businesses is not a sum of months, which is why the
    report itself (live_report, region_report) tallies the whole period at once."""
    check_year(year, today)
    period = Period.of(year, today)
    agencies = scope_agencies(scope)
    ids = [a.pk for a in agencies]
    spec = TemplateSpec.of(ReportTemplate.objects.get(is_default=True))
    monthly = compute.tally(ids, period, by_month=True, keys=DASHBOARD_NEEDS)
    whole: dict[int, Tally] = {}
    by_month: dict[int, Tally] = {}
    for (agency_id, month), t in monthly.items():
        whole.setdefault(agency_id, Tally()).merge(t)
        if month:
            by_month.setdefault(month, Tally()).merge(t)
    per_agency = [(a, compute.figures(whole.get(a.pk, Tally()), spec)) for a in agencies]
    total = compute.figures(compute.total(whole.values()), spec)
    months = [(m, compute.figures(by_month.get(m, Tally()), spec)) for m in range(1, period.end.month + 1)]
    reports = {r.agency_id: r for r in AnnualReport.objects.filter(year=year, agency_id__in=ids)}
    return Dashboard(year, period, spec, per_agency, total, months, reports=reports)


# --- the public side: frozen, published reports only ------------------------------------------------------


def published(year: int, *, region_path: str = "") -> list[FrozenReport]:
    """The year's published reports without their (large) snapshots: lists read their summaries."""
    qs = FrozenReport.objects.filter(year=year, published_on__isnull=False).defer("snapshot")
    if region_path:
        qs = qs.filter(region_path__startswith=region_path)
    return list(qs.order_by("region_path", "agency_id"))


def published_version(year: int, *, region_path: str = "") -> str:
    """What identifies the state of a year's published reports: their number and the latest publication's
    journal entry (a frozen report changes only by being published)."""
    qs = FrozenReport.objects.filter(year=year, published_on__isnull=False)
    if region_path:
        qs = qs.filter(region_path__startswith=region_path)
    found = qs.aggregate(n=Count("id"), last=Max("published_entry_id"))
    return f"{found['n']}-{found['last'] or 0}"


def published_years() -> list[tuple[int, int]]:
    """(year, number of published reports), newest first."""
    rows = (
        FrozenReport.objects.filter(published_on__isnull=False)
        .values("year")
        .annotate(n=Count("id"))
        .order_by("-year")
    )
    return [(r["year"], r["n"]) for r in rows]


def published_get(*, year: int, agency_id: int) -> FrozenReport:
    found = FrozenReport.objects.filter(year=year, agency_id=agency_id, published_on__isnull=False).first()
    if found is None:
        raise NotFound(f"该执法主体 {year} 年度的统计年报尚未公开")
    return found


# The figures of the open data, one row per agency (flat, the same keys whatever the template).
PUBLIC_KEYS = tuple(k for k in FIGURES)


@dataclass(frozen=True)
class PublicRow:
    """A published report as a list shows it: the frozen row and its summary (snapshot.summary)."""

    frozen: FrozenReport
    data: dict[str, Any]

    @property
    def figures(self) -> dict[str, Any]:
        f: dict[str, Any] = self.data["figures"]
        return f

    @property
    def agency(self) -> dict[str, Any]:
        a: dict[str, Any] = self.data["agency"]
        return a


def public_rows(year: int, *, region_path: str = "") -> list[PublicRow]:
    return [PublicRow(f, json.loads(f.summary)) for f in published(year, region_path=region_path)]


def public_totals(rows: list[PublicRow]) -> dict[str, Any]:
    """Sums of the published agencies' counts and amounts (shares recomputed from their parts)."""
    sums: dict[str, Any] = {}
    for key, fig in FIGURES.items():
        if key in DERIVED or fig.unit not in ("count", "yuan"):
            continue
        present: list[Any] = [r.figures[key] for r in rows if r.figures.get(key) is not None]
        if not present:
            sums[key] = None
        elif fig.unit == "yuan":
            sums[key] = sum((Decimal(v) for v in present), Decimal("0.00"))
        else:
            sums[key] = sum(int(v) for v in present)
    derive(sums)
    return sums


def pending_reports(*, scope: Scope) -> list[AnnualReport]:
    """Reports waiting for the caller's approval (a supervisor's queue)."""
    if scope.region_path is None and not scope.everything:
        return []
    qs = AnnualReport.objects.filter(status="submitted").select_related("agency")
    if not scope.everything:
        qs = qs.filter(Q(agency__region__path__startswith=scope.region_path))
    return list(qs.order_by("submitted_on", "id"))
