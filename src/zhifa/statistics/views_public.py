"""The portal's 统计年报: published (frozen) reports only, rendered from their snapshots — the year's table of
agencies with charts, each agency's report in its template's layout with its narrative and digest, open
data (JSON) and XLSX. No JavaScript; charts are SVG images (charts.py says why not inline)."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.cache import cache_control

from zhifa.core.errors import NotFound
from zhifa.organizations.models import Region
from zhifa.statistics import charts, selectors, snapshot, xlsx
from zhifa.statistics.figures import FIGURES
from zhifa.statistics.selectors import PublicRow

public = cache_control(max_age=300, public=True)
# The year page shows these columns; every figure is in the JSON and the XLSX.
COLUMNS = (
    "penalty_total",
    "fine_amount",
    "penalty_revoked",
    "licensing_granted",
    "compulsion_measures",
    "inspections_total",
    "review_opinions",
    "certified_share",
)
LABELS = {key: escape(FIGURES[key].label) for key in COLUMNS}
CHART_TOP = 20
CACHE_SECONDS = 3600


def _year(year: int) -> None:
    try:
        selectors.check_year(year, timezone.localdate())
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _region(request: HttpRequest) -> Region | None:
    code = request.GET.get("region", "").strip()[:12]
    return Region.objects.filter(code=code).first() if code else None


@public
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "statistics/index.html", {"years": selectors.published_years()})


def _line(row: PublicRow, year_url: str) -> dict[str, Any]:
    """One agency's line of the year page, everything worked out here: the template only prints it (a
    page of 100 agencies rendered through template tags and lookups took most of an uncached request)."""
    agency, frozen = row.agency, row.frozen
    cells = "".join(
        f'<td data-label="{LABELS[key]}">{escape(_show(row.figures.get(key), FIGURES[key].unit))}</td>'
        for key in COLUMNS
    )
    return {
        "name": agency["name"],
        # urls.py: an agency's report is under its year's page.
        "url": f"{year_url}agencies/{frozen.agency_id}/",
        "region_code": agency["region_code"],
        "region_name": agency["region_name"],
        # The figures' cells, each label and value escaped (the label names the cell on a phone).
        "cells": mark_safe(cells),  # every piece above went through escape()
        "published_on": frozen.published_on,
        "late": frozen.late,
        "publish_by": frozen.publish_by,
    }


def _show(value: Any, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "yuan":
        return f"{Decimal(value):,}"
    if unit == "percent":
        return f"{value}%"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _cached(kind: str, year: int, region: Region | None, build: Callable[[], bytes]) -> bytes:
    """A year's list, built once per state of its published reports: the key names how many are published
    and the journal entry of the latest publication, and a frozen report changes in no other way (the
    database refuses it), so a new publication is a new key and nothing stale is ever served."""
    version = selectors.published_version(year, region_path=region.path if region else "")
    key = f"statistics:{kind}:{year}:{region.code if region else '-'}:{version}"
    body: bytes | None = cache.get(key)
    if body is None:
        body = build()
        cache.set(key, body, timeout=CACHE_SECONDS)
    return body


@public
def year_page(request: HttpRequest, year: int) -> HttpResponse:
    _year(year)
    region = _region(request)

    def build() -> bytes:
        rows = selectors.public_rows(year, region_path=region.path if region else "")
        totals = selectors.public_totals(rows)
        context = {
            "year": year,
            "region": region,
            "rows": [_line(r, reverse("statistics:year", args=[year])) for r in rows],
            "columns": [(k, FIGURES[k].label) for k in COLUMNS],
            "totals": [_show(totals.get(k), FIGURES[k].unit) for k in COLUMNS],
            "late": sum(1 for r in rows if r.frozen.late),
            # A page shared by everyone: never a visitor's own messages (they stay for their next page).
            "messages": (),
        }
        return render_to_string("statistics/year.html", context, request).encode()

    return HttpResponse(_cached("page", year, region, build))


def _json_row(r: PublicRow) -> dict[str, Any]:
    data, frozen = r.data, r.frozen
    figures = {k: r.figures.get(k) for k in FIGURES}
    return {
        "agency_id": r.agency["id"],
        "agency": r.agency["name"],
        "credit_code": r.agency["credit_code"],
        "region_code": r.agency["region_code"],
        "region": r.agency["region_name"],
        **figures,
        "penalty_categories": data["categories"],
        "template": data["template"]["code"],
        "tie_break": data["template"]["tie_break"],
        "period_from": data["period"]["from"],
        "period_to": data["period"]["to"],
        "period_complete": data["period"]["complete"],
        "published_on": frozen.published_on.isoformat() if frozen.published_on else None,
        "publish_by": frozen.publish_by.isoformat(),
        "late": frozen.late,
        "snapshot_sha256": frozen.sha256,
        "url": reverse("statistics:agency", args=[frozen.year, frozen.agency_id]),
    }


@public
def year_json(request: HttpRequest, year: int) -> HttpResponse:
    """Open data: one row per agency whose report of `year` is published. Counts are integers; amounts
    (`fine_amount` = 罚没金额, `fines`, `confiscations`) are decimal strings in yuan with two places, whatever
    the unit of the agency's template (no float rounding); a share is a decimal string; a figure the
    platform does not record is null."""
    _year(year)
    region = _region(request)

    def build() -> bytes:
        rows = selectors.public_rows(year, region_path=region.path if region else "")
        totals = selectors.public_totals(rows)
        body = {
            "year": year,
            "amount_unit": "yuan",
            "amount_format": "decimal string",
            "count": len(rows),
            "totals": {k: (str(v) if isinstance(v, Decimal) else v) for k, v in totals.items()},
            "agencies": [_json_row(r) for r in rows],
        }
        return json.dumps(body, ensure_ascii=False, cls=DjangoJSONEncoder).encode()

    return HttpResponse(_cached("json", year, region, build), content_type="application/json")


def _download(body: bytes, name: str) -> HttpResponse:
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@public
def year_xlsx(request: HttpRequest, year: int) -> HttpResponse:
    _year(year)
    rows = [
        {
            "agency": r.agency["name"],
            "credit_code": r.agency["credit_code"],
            "region": r.agency["region_name"],
            "figures": r.figures,
            "published_on": r.frozen.published_on,
            "sha256": r.frozen.sha256,
        }
        for r in selectors.public_rows(year)
    ]
    return _download(xlsx.year_workbook(year, rows), f"statistics-{year}.xlsx")


def _published(year: int, agency_id: int) -> PublicRow:
    """An agency's published report with its whole snapshot (tables, narrative)."""
    _year(year)
    try:
        frozen = selectors.published_get(year=year, agency_id=agency_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return PublicRow(frozen, frozen.snapshot_data)


@public
def agency_page(request: HttpRequest, year: int, agency_id: int) -> HttpResponse:
    r = _published(year, agency_id)
    return render(
        request,
        "statistics/agency.html",
        {
            "row": r,
            "data": r.data,
            "frozen": r.frozen,
            "categories": snapshot.categories(r.data),
            "year": year,
        },
    )


@public
def agency_xlsx(request: HttpRequest, year: int, agency_id: int) -> HttpResponse:
    r = _published(year, agency_id)
    return _download(xlsx.agency_workbook(r.data, r.frozen.sha256), f"statistics-{year}-{agency_id}.xlsx")


def _svg(body: str) -> HttpResponse:
    response = HttpResponse(body, content_type="image/svg+xml; charset=utf-8")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@public
def year_chart(request: HttpRequest, year: int) -> HttpResponse:
    """Penalty decisions by agency, the most first (the first CHART_TOP, the rest summed in one bar)."""
    _year(year)
    region = _region(request)

    def build() -> bytes:
        rows = selectors.public_rows(year, region_path=region.path if region else "")
        ranked = sorted(rows, key=lambda r: (-int(r.figures.get("penalty_total") or 0), r.agency["name"]))
        labels = [r.agency["name"] for r in ranked[:CHART_TOP]]
        values = [int(r.figures.get("penalty_total") or 0) for r in ranked[:CHART_TOP]]
        if len(ranked) > CHART_TOP:
            labels.append(f"其他 {len(ranked) - CHART_TOP} 个执法主体")
            values.append(sum(int(r.figures.get("penalty_total") or 0) for r in ranked[CHART_TOP:]))
        return charts.bars(f"{year}年度行政处罚决定数", labels, values, unit="宗").encode()

    return _svg(_cached("chart", year, region, build).decode())


@public
def agency_chart(request: HttpRequest, year: int, agency_id: int) -> HttpResponse:
    r = _published(year, agency_id)
    cats = snapshot.categories(r.data)
    return _svg(
        charts.bars(
            f"{r.agency['name']}{year}年度行政处罚决定（按类别）",
            [c["label"] for c in cats],
            [int(c["count"] or 0) for c in cats],
            unit="宗",
        )
    )
