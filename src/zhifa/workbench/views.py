"""Staff workbench pages: thin views over the selectors, scoped by the logged-in user."""

from __future__ import annotations

from datetime import date, datetime, time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhifa.accounts.models import Role
from zhifa.accounts.selectors import scope_for
from zhifa.catalog import selectors as catalog_selectors
from zhifa.catalog.models import ItemKind
from zhifa.core.errors import DomainError, NotFound
from zhifa.journal import selectors as journal_selectors
from zhifa.journal.proofs import ProofUnavailable
from zhifa.journal.receipts import receipt_json
from zhifa.organizations import selectors as org_selectors
from zhifa.personnel import selectors as personnel_selectors
from zhifa.personnel import services as personnel_services
from zhifa.personnel.models import Certificate, CertificateStatus
from zhifa.review import selectors as review_selectors

PAGE_SIZE = 50


def _page(request: HttpRequest, qs: object) -> object:
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))  # type: ignore[arg-type]


@login_required
def home(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    role = getattr(request.user, "role", "")
    context: dict[str, object] = {"role_label": Role(role).label if role in Role.values else ""}
    context["expiring"] = list(personnel_selectors.certificates_expiring(scope=scope)[:20])
    context["agencies"] = list(org_selectors.agency_list(scope=scope)[:20])
    if role in (Role.ADMINISTRATOR, Role.SUPERVISOR):
        context["suspended"] = list(personnel_selectors.certificates_suspended(scope=scope)[:20])
        # 国办发〔2018〕118号 四(十一): each agency against its region's legal-reviewer share.
        context["understaffed"] = review_selectors.understaffed(scope=scope)
    ids = org_selectors.visible_agency_ids(scope=scope)
    context["recent"] = list(journal_selectors.entries(visible_agency_ids=ids).order_by("-id")[:15])
    return render(request, "workbench/home.html", context)


@login_required
def agency_list(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    search = request.GET.get("q", "").strip()
    page = _page(request, org_selectors.agency_list(scope=scope, search=search))
    agencies = list(page.object_list)  # type: ignore[attr-defined]
    counts = personnel_selectors.officer_counts(agency_ids=[a.pk for a in agencies])
    rows = [(a, counts.get(a.pk, 0)) for a in agencies]
    return render(request, "workbench/agency_list.html", {"page": page, "rows": rows, "q": search})


@login_required
def agency_detail(request: HttpRequest, agency_id: int) -> HttpResponse:
    scope = scope_for(request.user)
    try:
        agency = org_selectors.agency_get(scope=scope, agency_id=agency_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    context = {
        "agency": agency,
        "units": org_selectors.unit_list(scope=scope, agency_id=agency.pk),
        "staffing": review_selectors.reviewer_staffing(agencies=[agency])[0],
        "officer_count": personnel_selectors.officer_counts(agency_ids=[agency.pk]).get(agency.pk, 0),
        "items": catalog_selectors.item_list(scope=scope, agency_id=agency.pk)[:100],
        "lenience": catalog_selectors.lenience_entries(scope=scope, agency_id=agency.pk),
        "major_rules": catalog_selectors.major_rules(scope=scope, agency_id=agency.pk),
        "journal": journal_selectors.entries(visible_agency_ids=[agency.pk]).order_by("-id")[:20],
    }
    return render(request, "workbench/agency_detail.html", context)


@login_required
def officer_list(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    search = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    if status not in CertificateStatus.values:
        status = ""
    qs = personnel_selectors.officer_list(scope=scope, search=search, certificate_status=status)
    return render(
        request,
        "workbench/officer_list.html",
        {"page": _page(request, qs), "q": search, "status": status, "statuses": CertificateStatus.choices},
    )


@login_required
def officer_detail(request: HttpRequest, officer_id: int) -> HttpResponse:
    scope = scope_for(request.user)
    try:
        officer = personnel_selectors.officer_get(scope=scope, officer_id=officer_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    year = timezone.localdate().year
    hours = personnel_selectors.training_hours_by_officer(officer_ids=[officer.pk], year=year).get(
        officer.pk, 0
    )
    today = timezone.localdate()
    certificates = [
        (c, personnel_selectors.current_status(c, today=today)) for c in officer.certificates.all()
    ]
    can_manage = getattr(request.user, "role", "") in (Role.ADMINISTRATOR, Role.SUPERVISOR)
    return render(
        request,
        "workbench/officer_detail.html",
        {
            "officer": officer,
            "certificates": certificates,
            "hours": hours,
            "year": year,
            "can_manage": can_manage,
        },
    )


@login_required
@require_POST
def certificate_action(request: HttpRequest, certificate_id: int, action: str) -> HttpResponse:
    scope = scope_for(request.user)
    cert = (
        Certificate.objects.filter(scope.agency_q("officer__agency"), pk=certificate_id)
        .select_related("officer")
        .first()
    )
    if cert is None:
        raise Http404("未找到该执法证")
    reason = request.POST.get("reason", "")
    try:
        personnel_services.require_certificate_manager(actor=request.user)
        if action == "suspend":
            personnel_services.certificate_suspend(certificate=cert, reason=reason, actor=request.user)
        elif action == "reinstate":
            personnel_services.certificate_reinstate(certificate=cert, reason=reason, actor=request.user)
        elif action == "revoke":
            personnel_services.certificate_revoke(certificate=cert, reason=reason, actor=request.user)
        elif action == "renew":
            until = date.fromisoformat(request.POST.get("valid_until", ""))
            personnel_services.certificate_renew(
                certificate=cert, valid_until=until, reason=reason, actor=request.user
            )
        else:
            raise Http404("未知操作")
        messages.success(request, f"执法证 {cert.number} 已更新")
    except DomainError as exc:
        messages.error(request, str(exc))
    except ValueError:
        messages.error(request, "日期格式应为 YYYY-MM-DD")
    return redirect("workbench:officer_detail", officer_id=cert.officer_id)


@login_required
def item_list(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    search = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    if kind not in ItemKind.values:
        kind = ""
    qs = catalog_selectors.item_list(scope=scope, kind=kind, search=search)
    return render(
        request,
        "workbench/item_list.html",
        {"page": _page(request, qs), "q": search, "kind": kind, "kinds": ItemKind.choices},
    )


@login_required
def item_gaps(request: HttpRequest) -> HttpResponse:
    """执法依据待补充: items without a legal basis or with a citation kept for review."""
    qs = catalog_selectors.items_with_basis_gaps(scope=scope_for(request.user))
    return render(request, "workbench/item_gaps.html", {"page": _page(request, qs)})


@login_required
def item_detail(request: HttpRequest, item_id: int) -> HttpResponse:
    scope = scope_for(request.user)
    try:
        item = catalog_selectors.item_get(scope=scope, item_id=item_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return render(request, "workbench/item_detail.html", {"item": item})


@login_required
def receipt(request: HttpRequest, entry_id: int) -> HttpResponse:
    """存证 download: the entry, its inclusion proof and a signed checkpoint, for offline verification."""
    ids = org_selectors.visible_agency_ids(scope=scope_for(request.user))
    entry = journal_selectors.entries(visible_agency_ids=ids).filter(pk=entry_id).first()
    if entry is None:
        raise Http404("未找到该记录，或您无权查看")
    try:
        body = receipt_json(entry)
    except ProofUnavailable as exc:
        return HttpResponse(str(exc), status=409, content_type="text/plain; charset=utf-8")
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="receipt-{entry.pk}.json"'
    return response


@login_required
def journal(request: HttpRequest) -> HttpResponse:
    """执法全过程记录 of the agencies the user may see, as a filterable timeline."""
    scope = scope_for(request.user)
    ids = org_selectors.visible_agency_ids(scope=scope)
    agency_id = _int_or_none(request.GET.get("agency"))
    if agency_id is not None and ids is not None and agency_id not in ids:
        raise Http404("无权查看该执法主体的记录")
    since = _day(request.GET.get("from"))
    until = _day(request.GET.get("to"), next_day=True)
    qs = journal_selectors.timeline(
        visible_agency_ids=ids,
        agency_id=agency_id,
        event_prefix=request.GET.get("event", "").strip(),
        subject=request.GET.get("subject", "").strip(),
        since=since,
        until=until,
    )
    agencies = org_selectors.agency_list(scope=scope)
    return render(
        request,
        "workbench/journal.html",
        {"page": _page(request, qs), "agencies": agencies, "filters": request.GET, "agency_id": agency_id},
    )


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _day(value: str | None, *, next_day: bool = False) -> datetime | None:
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    if next_day:
        day = date.fromordinal(day.toordinal() + 1)
    return timezone.make_aware(datetime.combine(day, time.min))
