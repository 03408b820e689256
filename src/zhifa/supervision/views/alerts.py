"""The 预警 page of the workbench: the alerts the caller may see, with filters, and the two actions
(acknowledge with a note, resolve by hand with a reason). Thin over alert_selectors / alert_services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from zhifa.accounts.selectors import scope_for
from zhifa.core.errors import DomainError
from zhifa.core.params import page_number, query_id
from zhifa.supervision import alert_selectors, alert_services, selectors
from zhifa.supervision.alert_rules import RULES
from zhifa.supervision.models_alerts import AlertSeverity, AlertState

PER_PAGE = 50


@login_required
def alert_list(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    g = request.GET
    state = g.get("state", "")
    filters = alert_selectors.AlertFilters(
        rule=g.get("rule", "") if g.get("rule") in RULES else "",
        state=state if state in (*AlertState.values, "all") else "",
        agency_id=query_id(g.get("agency"), name="agency", label="执法主体"),
        severity=g.get("severity", "") if g.get("severity") in AlertSeverity.values else "",
    )
    qs = alert_selectors.alert_list(scope=scope, user=request.user, filters=filters)
    page = Paginator(qs, PER_PAGE).get_page(page_number(g.get("page")))
    # Each row's rule title here rather than by a lookup loop in the template (the page's p95 is mostly
    # rendering: bench_alerts).
    for alert in page.object_list:
        alert.rule_title = RULES[alert.rule].title if alert.rule in RULES else alert.rule
    query = g.copy()
    query.pop("page", None)
    return render(
        request,
        "supervision/staff/alert_list.html",
        {
            "page": page,
            "f": filters,
            "rules": list(RULES.values()),
            "states": AlertState.choices,
            "severities": AlertSeverity.choices,
            "agencies": selectors.filter_agencies(scope=scope),
            "query": query.urlencode(),
            "here": request.get_full_path(),
        },
    )


@login_required
@require_POST
def alert_action(request: HttpRequest, alert_id: int, action: str) -> HttpResponse:
    alert = alert_selectors.alert_get(scope=scope_for(request.user), user=request.user, alert_id=alert_id)
    if alert is None:
        raise Http404("没有找到该预警")
    try:
        if action == "acknowledge":
            alert_services.acknowledge(alert=alert, actor=request.user, note=request.POST.get("note", ""))
            done = "已知悉该预警"
        elif action == "resolve":
            alert_services.resolve(alert=alert, actor=request.user, reason=request.POST.get("reason", ""))
            done = "已解除该预警"
        else:
            raise Http404("未知操作")
    except DomainError as exc:
        messages.error(request, f"{alert.reference}：{exc.message}")
    else:
        messages.success(request, f"{alert.reference}：{done}")
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("supervision:alert_list")
