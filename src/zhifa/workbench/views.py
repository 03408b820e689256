"""Staff workbench pages: thin views over the selectors, scoped by the logged-in user."""

from __future__ import annotations

from datetime import date, datetime, time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhifa.accounts.models import Role
from zhifa.accounts.selectors import scope_for
from zhifa.catalog import selectors as catalog_selectors
from zhifa.catalog.models import ItemKind
from zhifa.core import todo
from zhifa.core.errors import DomainError, NotFound, PermissionDenied
from zhifa.core.params import page_number, query_date, query_id
from zhifa.journal import selectors as journal_selectors
from zhifa.journal.proofs import ProofUnavailable
from zhifa.journal.receipts import receipt_json
from zhifa.organizations import selectors as org_selectors
from zhifa.organizations.models import Agency
from zhifa.personnel import selectors as personnel_selectors
from zhifa.personnel import services as personnel_services
from zhifa.personnel.models import Certificate, CertificateStatus, LegalReviewer, Officer
from zhifa.review import selectors as review_selectors
from zhifa.supervision import alert_selectors

PAGE_SIZE = 50


def _page(request: HttpRequest, qs: object) -> object:
    return Paginator(qs, PAGE_SIZE).get_page(page_number(request.GET.get("page")))  # type: ignore[arg-type]


@login_required
def home(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    role = getattr(request.user, "role", "")
    context: dict[str, object] = {"role_label": Role(role).label if role in Role.values else ""}
    context["expiring"] = list(personnel_selectors.certificates_expiring(scope=scope)[:20])
    context["agencies"] = list(org_selectors.agency_list(scope=scope)[:20])
    context["alerts_open"] = alert_selectors.open_count(scope=scope, user=request.user)  # 预警
    # 待办 (issue 18 §2): what the apps say is waiting for this user, first on the page.
    context["todo"] = todo.sections_for(request.user, scope, timezone.localdate())
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
    agency_id = query_id(request.GET.get("agency"), name="agency", label="执法主体")
    if agency_id is not None and ids is not None and agency_id not in ids:
        raise Http404("无权查看该执法主体的记录")
    since = _day(query_date(request.GET.get("from"), name="from", label="起始日期"))
    until = _day(query_date(request.GET.get("to"), name="to", label="截止日期"), next_day=True)
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


def _day(day: date | None, *, next_day: bool = False) -> datetime | None:
    if day is None:
        return None
    if next_day:
        day = date.fromordinal(day.toordinal() + 1)
    return timezone.make_aware(datetime.combine(day, time.min))


# --- legal reviewers (行政处罚法 Art.58; 国办发〔2018〕118号 四(十一)) --------------------------------------


def _reviewer_agency(request: HttpRequest) -> Agency:
    """The agency whose reviewers the page shows: the user's own, or (an administrator or supervisor
    over several) the one named by ?agency= within their scope."""
    scope = scope_for(request.user)
    wanted = query_id(
        request.GET.get("agency") or request.POST.get("agency"), name="agency", label="执法主体"
    )
    agency_id = wanted if wanted is not None else getattr(request.user, "agency_id", None)
    agency = Agency.objects.filter(scope.agency_q(""), pk=agency_id).first() if agency_id else None
    if agency is None:
        raise Http404("请从执法主体页面进入其法制审核人员名单")
    return agency


@login_required
def reviewer_list(request: HttpRequest) -> HttpResponse:
    agency = _reviewer_agency(request)
    reviewers = (
        LegalReviewer.objects.filter(agency=agency).select_related("officer").order_by("-active", "id")
    )
    taken = {r.officer_id for r in reviewers if r.active}
    candidates = [
        o
        for o in Officer.objects.filter(agency=agency, status=Officer.Status.ACTIVE).order_by("name", "id")
        if o.pk not in taken
    ]
    try:
        personnel_services.require_reviewer_manager(actor=request.user, agency=agency)
        can_manage = True
    except PermissionDenied:
        can_manage = False
    return render(
        request,
        "workbench/reviewer_list.html",
        {
            "agency": agency,
            "reviewers": reviewers,
            "candidates": candidates,
            "can_manage": can_manage,
            "today": timezone.localdate(),
        },
    )


def _back_to_reviewers(agency: Agency) -> HttpResponse:
    return redirect(f"{reverse('workbench:reviewer_list')}?agency={agency.pk}")


@login_required
@require_POST
def reviewer_appoint(request: HttpRequest) -> HttpResponse:
    agency = _reviewer_agency(request)
    officer_id = query_id(request.POST.get("officer_id"), name="officer_id", label="执法人员")
    officer = Officer.objects.filter(agency=agency, pk=officer_id).first() if officer_id else None
    try:
        if officer is None:
            raise DomainError("请选择本执法主体的执法人员", field="officer_id")
        appointed_on = date.fromisoformat(
            request.POST.get("appointed_on") or timezone.localdate().isoformat()
        )
        personnel_services.legal_reviewer_appoint(
            officer=officer,
            appointed_on=appointed_on,
            first_time=request.POST.get("first_time") == "on",
            actor=request.user,
        )
        messages.success(request, f"已任命{officer.name}为法制审核人员")
    except (DomainError, PermissionDenied) as exc:
        messages.error(request, str(exc))
    except ValueError:
        messages.error(request, "日期格式应为 YYYY-MM-DD")
    return _back_to_reviewers(agency)


@login_required
@require_POST
def reviewer_withdraw(request: HttpRequest, reviewer_id: int) -> HttpResponse:
    agency = _reviewer_agency(request)
    reviewer = LegalReviewer.objects.filter(agency=agency, pk=reviewer_id).first()
    if reviewer is None:
        raise Http404("未找到该法制审核人员")
    try:
        personnel_services.legal_reviewer_withdraw(
            reviewer=reviewer, reason=request.POST.get("reason", ""), actor=request.user
        )
        messages.success(request, f"已免去{reviewer.officer.name}的法制审核人员职务")
    except (DomainError, PermissionDenied) as exc:
        messages.error(request, str(exc))
    return _back_to_reviewers(agency)
