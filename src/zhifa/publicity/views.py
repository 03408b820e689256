"""Portal pages of decisions (事后公开) and open data; the clerk's pages. Thin over the selectors."""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.functional import cached_property
from django.views.decorators.http import require_POST

from zhifa.accounts.selectors import scope_for
from zhifa.core.errors import DomainError, NotFound, PermissionDenied
from zhifa.core.params import page_number, query_date, query_id
from zhifa.journal.models import JournalEntry
from zhifa.journal.proofs import ProofUnavailable
from zhifa.journal.receipts import receipt_json
from zhifa.lib.spreadsheet import safe_row
from zhifa.organizations.models import Agency, Region
from zhifa.publicity import review, selectors, services
from zhifa.publicity.forms import DecisionRegisterForm
from zhifa.publicity.models import Publication, PublicationKind
from zhifa.publicity.registration import decision_register


def _filters(request: HttpRequest) -> selectors.PublicFilters:
    g = request.GET
    region = Region.objects.filter(code=g.get("region", "")).first() if g.get("region") else None
    return selectors.PublicFilters(
        q=g.get("q", "").strip()[:50],
        agency_id=query_id(g.get("agency"), name="agency", label="执法主体"),
        kind=g.get("kind", "") if g.get("kind") in PublicationKind.values else "",
        since=query_date(g.get("from"), name="from", label="起始日期"),
        until=query_date(g.get("to"), name="to", label="截止日期"),
        region_path=region.path if region else "",
    )


if TYPE_CHECKING:
    _Paginator = Paginator[Publication]
else:  # Paginator is generic in the type stubs only
    _Paginator = Paginator


class _KnownCountPaginator(_Paginator):
    """A Paginator over a count worked out beforehand (selectors.total: exact up to a cap, else the
    planner's estimate), so that a page view does not COUNT every published decision."""

    def __init__(
        self, object_list: QuerySet[Publication] | Sequence[Publication], per_page: int, count: int
    ) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


def max_rows() -> int:
    """How deep the portal list pages: OFFSET pagination reads every skipped row, so page 50,000 of 1M
    decisions read a million rows (bench/README.md). Nobody pages that far; older items are reached
    with the filters (agency, date range), which the page says."""
    return int(getattr(settings, "ZHIFA_PORTAL_MAX_ROWS", 5000))


def _page(
    results: selectors.PublicResults, per_page: int, number: str | None
) -> tuple[Page[Publication], selectors.Total]:
    total = selectors.public_total(results)
    reachable = min(total.value, max(max_rows(), per_page))
    page = _KnownCountPaginator(results.rows(), per_page, reachable).get_page(page_number(number))
    return page, total


def decision_list(request: HttpRequest) -> HttpResponse:
    f = _filters(request)
    results = selectors.public_search(filters=f)
    page, total = _page(results, 20, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "publicity/list.html",
        {
            "page": page,
            "total": total,
            "results": results,
            "f": f,
            "query": query.urlencode(),
            "kinds": PublicationKind.choices,
            "agencies": Agency.objects.filter(active=True).order_by("name"),
            "notices": selectors.withdrawn_notices(limit=5),
            "paging_capped": total.value > max_rows(),
            "max_rows": max_rows(),
        },
    )


def decision_detail(request: HttpRequest, publication_id: int) -> HttpResponse:
    try:
        found = selectors.public_get(publication_id=publication_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    if isinstance(found, selectors.WithdrawalNotice):
        return render(request, "publicity/withdrawn.html", {"notice": found}, status=410)
    return render(request, "publicity/detail.html", {"pub": found})


def decision_receipt(request: HttpRequest, publication_id: int) -> HttpResponse:
    """存证 of a published item: the journal entry recording its publication and the text's SHA-256."""
    pub = get_object_or_404(Publication, pk=publication_id, status="published")
    entry = JournalEntry.objects.filter(pk=pub.published_entry_id).first() if pub.published_entry_id else None
    if entry is None:
        raise Http404("没有公示记录")
    try:
        body = receipt_json(entry)
    except ProofUnavailable as exc:
        return HttpResponse(str(exc), status=409, content_type="text/plain; charset=utf-8")
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="publication-{pub.pk}-receipt.json"'
    return response


def _public_row(p: Publication) -> dict[str, object]:
    return {
        "id": p.id,
        "decision_number": p.decision_number,
        "agency": p.agency.name,
        "kind": p.kind,
        "title": p.title,
        "party": p.party_display,
        "penalty": p.penalty_display,
        "decided_on": p.decided_on.isoformat(),
        "published_on": p.published_on.isoformat() if p.published_on else None,
        "display_until": p.display_until.isoformat() if p.display_until else None,
        "text_sha256": p.sha256,
        "url": reverse("publicity:detail", args=[p.pk]),
    }


def open_data_json(request: HttpRequest) -> JsonResponse:
    results = selectors.public_search(filters=_filters(request))
    page, total = _page(results, 100, request.GET.get("page"))
    return JsonResponse(
        {
            "count": total.value,
            # true: "count" is the database's estimate (more than can be counted on each request)
            "count_estimated": total.estimated,
            # true: a keyword search matched more than "count"; only the best or the newest are listed
            "more_matches": results.more,
            "newest_only": results.newest_only,
            "page": page.number,
            "pages": page.paginator.num_pages,
            # pages reach at most this many rows; older items are reached with the date filters
            "paging_limit": max_rows(),
            "items": [_public_row(p) for p in page.object_list],
        },
        json_dumps_params={"ensure_ascii": False},
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


def open_data_csv(request: HttpRequest) -> StreamingHttpResponse:
    """CSV export of a search, streamed (flat memory however many rows)."""
    qs = selectors.public_list(filters=_filters(request))[:100000]
    writer = csv.writer(_Echo())
    header = [
        "决定书文号",
        "执法主体",
        "类别",
        "违法行为类型",
        "当事人",
        "处罚内容",
        "决定日期",
        "公示日期",
        "公示文本SHA-256",
    ]

    def rows() -> Iterator[str]:
        yield "\ufeff" + writer.writerow(header)
        for p in qs.iterator(chunk_size=1000):
            # Every text cell through safe_row: a party name or title typed as "=HYPERLINK(…)" must
            # reach the reader's spreadsheet as text, not as a formula (OWASP CSV injection).
            yield writer.writerow(
                safe_row(
                    [
                        p.decision_number,
                        p.agency.name,
                        p.get_kind_display(),
                        p.title,
                        p.party_display,
                        p.penalty_display,
                        p.decided_on,
                        p.published_on,
                        p.sha256,
                    ]
                )
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="decisions.csv"'
    return response


class AgencyFeed(Feed):  # type: ignore[type-arg]
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, agency_id: int) -> Agency:
        return get_object_or_404(Agency, pk=agency_id)

    def title(self, obj: Agency) -> str:
        return f"{obj.name} 行政执法决定公示"

    def link(self, obj: Agency) -> str:
        return reverse("publicity:list") + f"?agency={obj.pk}"

    def subtitle(self, obj: Agency) -> str:
        return f"{obj.name}公示的行政执法决定"

    def items(self, obj: Agency) -> list[Publication]:
        return list(selectors.public_list(filters=selectors.PublicFilters(agency_id=obj.pk))[:50])

    def item_title(self, item: Publication) -> str:
        return f"{item.decision_number} {item.title}"

    def item_description(self, item: Publication) -> str:
        return f"当事人：{item.party_display}；处罚内容：{item.penalty_display}；决定日期：{item.decided_on}"

    def item_link(self, item: Publication) -> str:
        return reverse("publicity:detail", args=[item.pk])

    def item_pubdate(self, item: Publication):  # type: ignore[no-untyped-def]
        from datetime import datetime, time

        return timezone.make_aware(datetime.combine(item.published_on or item.decided_on, time(9)))


# --- staff -------------------------------------------------------------------------------------------


@login_required
def staff_queue(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    return render(
        request,
        "publicity/staff_queue.html",
        {
            "items": selectors.staff_queue(scope=scope),
            "withdrawals": selectors.withdrawal_queue(scope=scope),
            "today": timezone.localdate(),
            "compliance": selectors.compliance(scope=scope),
        },
    )


@login_required
def staff_register(request: HttpRequest) -> HttpResponse:
    """Register a licensing or other decision for publication (registration.py)."""
    user: Any = request.user
    form = DecisionRegisterForm(request.POST or None)
    if user.agency_id is None:
        denied = {"form": form, "denied": "只有执法主体的公示管理员可以登记待公示的决定"}
        return render(request, "publicity/staff_register.html", denied, status=403)
    if request.method == "POST" and form.is_valid():
        try:
            pub = decision_register(agency=user.agency, decision=form.decision(), actor=user)
        except PermissionDenied as exc:
            return render(
                request, "publicity/staff_register.html", {"form": form, "denied": exc.message}, status=403
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"已登记，公示期限为 {pub.due_on:%Y年%m月%d日}")
            return redirect("publicity:staff_detail", publication_id=pub.pk)
    return render(request, "publicity/staff_register.html", {"form": form})


@login_required
def staff_detail(request: HttpRequest, publication_id: int) -> HttpResponse:
    """The confidentiality check (保密审查): the original and the public text side by side; the clerk
    hides or shows text by selecting it (review.js) or by typing it in the same form without script."""
    scope = scope_for(request.user)
    try:
        pub = selectors.staff_get(scope=scope, publication_id=publication_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    services.original_viewed(pub=pub, actor=request.user)
    return render(request, "publicity/staff_detail.html", _review_context(pub))


def _review_context(pub: Publication) -> dict[str, Any]:
    spans = pub.span_list
    return {
        "pub": pub,
        "segments": review.segments(pub.original_text, spans),
        "hidden": review.summary(spans),
        "categories": review.CATEGORIES.items(),
        "category_labels": review.CATEGORY_LABELS,
        "adjustments": pub.adjustment_list,
        "early_stop_conditions": services.EARLY_STOP_CONDITIONS.items(),
    }


def _int(value: str | None) -> int:
    if not value:
        return -1
    try:
        return int(value)
    except ValueError:
        return -1


@login_required
@require_POST
def staff_action(request: HttpRequest, publication_id: int, action: str) -> HttpResponse:
    scope = scope_for(request.user)
    try:
        pub = selectors.staff_get(scope=scope, publication_id=publication_id)
        p = request.POST
        if action == "publish":
            if p.get("confirmed") != "yes":
                # The confirmation before publishing: what the public will read, and what was hidden.
                context = {**_review_context(pub), "public_text": services.public_text(pub)}
                return render(request, "publicity/staff_confirm.html", context)
            services.approve_and_publish(pub=pub, actor=request.user)
        elif action in ("add", "remove"):
            pub = services.adjust_redaction(
                pub=pub,
                action=action,
                text=p.get("text", ""),
                start=_int(p.get("start")),
                end=_int(p.get("end")),
                category=p.get("category", ""),
                reason=p.get("reason", ""),
                actor=request.user,
            )
            hidden = "隐去" if action == "add" else "取消隐去"
            adjusted = pub.adjustment_list[-1]
            messages.success(request, f"已{hidden}“{adjusted['text']}”，共{len(adjusted['occurrences'])}处")
            return redirect("publicity:staff_detail", publication_id=pub.pk)
        elif action == "withdraw":
            services.withdraw(
                pub=pub,
                reason=p.get("reason", ""),
                public_notice=p.get("public_notice") == "on",
                actor=request.user,
            )
        elif action == "stop_early":
            services.stop_early(
                pub=pub,
                conditions={key: p.get(key) == "on" for key in services.EARLY_STOP_CONDITIONS},
                actor=request.user,
            )
        elif action == "correct":
            pub = services.correct(
                pub=pub,
                redacted_text=p.get("redacted_text", ""),
                reason=p.get("reason", ""),
                actor=request.user,
            )
        else:
            raise Http404("未知操作")
        messages.success(request, "已办理")
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except (DomainError, ValueError) as exc:
        messages.error(request, str(exc))
    return redirect("publicity:staff_detail", publication_id=pub.pk if "pub" in locals() else publication_id)
