"""The public portal: no login, server-rendered, works without JavaScript. It shows only what the law
makes public (事前公开 lists, 事中 certificate checks); never ID numbers or phones of officers."""

from __future__ import annotations

from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_control

from zhifa.cases.outline import outlines
from zhifa.catalog import selectors as catalog_selectors
from zhifa.core.errors import NotFound
from zhifa.core.scope import Scope
from zhifa.organizations import selectors as org_selectors
from zhifa.personnel import selectors as personnel_selectors
from zhifa.publicity.selectors import PublicFilters, public_list

PUBLIC = Scope.all()


@cache_control(max_age=60, public=True)
def home(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    agencies = org_selectors.agency_list(scope=PUBLIC, search=q).filter(active=True)
    latest = public_list(filters=PublicFilters())[:8]
    return render(request, "portal/home.html", {"agencies": agencies[:200], "q": q, "latest": latest})


def agency(request: HttpRequest, agency_id: int) -> HttpResponse:
    try:
        a = org_selectors.agency_get(scope=PUBLIC, agency_id=agency_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    officers = personnel_selectors.officer_list(scope=PUBLIC, agency_id=a.pk).filter(status="active")
    context = {
        "agency": a,
        "officers": officers,
        "items": catalog_selectors.public_item_list(agency_id=a.pk),
        "benchmarks": catalog_selectors.benchmark_list(scope=PUBLIC, agency_id=a.pk),
        "lenience": catalog_selectors.lenience_entries(scope=PUBLIC, agency_id=a.pk),
        "inspection_items": catalog_selectors.inspection_items(scope=PUBLIC, agency_id=a.pk),
        "today": timezone.localdate(),
    }
    return render(request, "portal/agency.html", context)


def procedures(request: HttpRequest, agency_id: int) -> HttpResponse:
    """执法流程图 (事前公开): the procedures as the platform enforces them, with this agency's deadlines."""
    try:
        a = org_selectors.agency_get(scope=PUBLIC, agency_id=agency_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return render(request, "portal/procedures.html", {"agency": a, "outlines": outlines(agency=a)})


def certificate_check(request: HttpRequest, number: str = "") -> HttpResponse:
    """事中公示: anyone checks a certificate by number (typed, or from the QR code on the card, which
    encodes this page's address)."""
    number = (number or request.GET.get("number", "")).strip()
    cert = personnel_selectors.certificate_lookup(number=number) if number else None
    status = personnel_selectors.current_status(cert) if cert else None
    return render(
        request,
        "portal/certificate_check.html",
        {"number": number, "cert": cert, "status": status, "now": timezone.localtime()},
        status=404 if number and cert is None else 200,
    )


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"ok": True})
