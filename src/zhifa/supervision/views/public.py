"""The portal's complaint pages: file a complaint, get the receipt, check its progress. No login, plain
POST forms, no JavaScript; never the complainant's name or phone on any of them. Thin over the services."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control

from zhifa.core.errors import DomainError, NotFound
from zhifa.evidence.conf import human_size
from zhifa.organizations.models import Agency, Region
from zhifa.supervision import challenge, conf, ratelimit, selectors, services
from zhifa.supervision.forms import ComplaintForm, QueryForm


def _limited(request: HttpRequest, decision: ratelimit.Decision, what: str) -> HttpResponse:
    minutes = max(1, (decision.retry_after_seconds + 59) // 60)
    response = render(
        request,
        "supervision/public/rate_limited.html",
        {
            "what": what,
            "limit": decision.limit,
            "window_minutes": conf.rate_window_seconds() // 60,
            "minutes": minutes,
        },
        status=429,
    )
    response["Retry-After"] = str(decision.retry_after_seconds)
    return response


def _form_page(request: HttpRequest, form: ComplaintForm, status: int = 200) -> HttpResponse:
    context = {
        "form": form.with_choices(selectors.intake_choices()),
        "max_count": conf.attachment_max_count(),
        "max_size": human_size(conf.attachment_max_bytes()),
        "types": conf.type_labels(),
    }
    return render(request, "supervision/public/complaint_form.html", context, status=status)


def _fresh_token(form: ComplaintForm) -> None:
    data: Any = form.data
    data = data.copy()
    data["token"] = challenge.issue()
    form.data = data


# Every form carries its own single-use token: no shared cache may keep the page (private), and the browser
# asks again each time (no-cache). Not no-store: the portal's pages stay cacheable by the citizen's own
# browser (core.middleware), which may keep the receipt for its back button.
PRIVATE = cache_control(private=True, no_cache=True, max_age=0)


@PRIVATE
def complaint_new(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _form_page(request, ComplaintForm())
    decision = ratelimit.hit(bucket=ratelimit.SUBMIT, address=ratelimit.client_address(request))
    if not decision.allowed:
        return _limited(request, decision, "提交投诉举报")
    form = ComplaintForm(request.POST, request.FILES)
    verdict = challenge.check(request.POST.get("token", ""), request.POST.get(challenge.HONEYPOT_FIELD, ""))
    if not form.is_valid() or not verdict.ok:
        if not verdict.ok:
            form.add_error(None, verdict.refusal)
            if not verdict.keep_token:
                _fresh_token(form)
        return _form_page(request, form, status=400)
    data = form.cleaned_data
    agency = region = None
    if data["agency"]:
        agency = Agency.objects.select_related("region").filter(pk=data["agency"]).order_by().first()
        if agency is None:
            form.add_error("agency", "所选执法主体不存在，请重新选择")
    elif data["region"]:
        region = Region.objects.filter(pk=data["region"]).order_by().first()
        if region is None:
            form.add_error("region", "所选地区不存在，请重新选择")
    if form.errors:
        return _form_page(request, form, status=400)
    try:
        submitted = services.complaint_submit(
            region=region,
            agency_concerned=agency,
            subject_kind=data["subject_kind"],
            content=data["content"],
            complainant_name=data["complainant_name"],
            complainant_phone=data["complainant_phone"],
            attachments=request.FILES.getlist("attachments"),
            form_nonce=verdict.nonce,
        )
    except DomainError as exc:
        field = exc.field if exc.field in form.fields and exc.field != "token" else None
        form.add_error(field, exc.message)
        if exc.field == "token":
            _fresh_token(form)
        return _form_page(request, form, status=400)
    c = submitted.complaint
    # Rendered, not redirected: the query code exists only in this response (stored hashed).
    return render(
        request,
        "supervision/public/complaint_receipt.html",
        {
            "receipt_number": c.receipt_number,
            "query_code": submitted.query_code,
            "received_at": c.received_at,
            "accept_due_on": c.accept_due_on,
            "accept_due_provisional": c.accept_due_provisional,
            "attachments": submitted.attachments,
        },
    )


@PRIVATE  # the progress of one person's complaint: never kept by a shared cache
def complaint_query(request: HttpRequest) -> HttpResponse:
    """POST, so that the query code stays out of addresses, histories and server logs."""
    if request.method != "POST":
        return render(request, "supervision/public/complaint_query.html", {"form": QueryForm()})
    decision = ratelimit.hit(bucket=ratelimit.QUERY, address=ratelimit.client_address(request))
    if not decision.allowed:
        return _limited(request, decision, "查询办理进度")
    form = QueryForm(request.POST)
    progress = None
    status = 200
    if form.is_valid():
        try:
            progress = selectors.public_progress(
                receipt_number=form.cleaned_data["receipt_number"],
                query_code=form.cleaned_data["query_code"],
            )
        except NotFound as exc:
            form.add_error(None, exc.message)
            status = 404
    else:
        status = 400
    return render(
        request, "supervision/public/complaint_query.html", {"form": form, "p": progress}, status=status
    )
