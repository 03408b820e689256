"""Staff pages of the business directory (检查对象名录库) under /workbench/inspections/directory/: search
with filters, one business, and the upload of a directory file (queued for `zhifa worker`; its page shows
the progress, then the report). Thin over selectors_directory and directory_uploads."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import cached_property
from django.views.decorators.http import require_http_methods

from zhifa.core.errors import DomainError, NotFound, PermissionDenied
from zhifa.core.params import page_number
from zhifa.inspections import directory_columns, selectors_directory
from zhifa.inspections.directory import MAX_LISTED_ERRORS, import_refusal
from zhifa.inspections.directory_uploads import upload_create
from zhifa.inspections.models import CreditClass, DirectoryImport, InspectionTarget, TargetKind

PER_PAGE = 20

if TYPE_CHECKING:
    _Paginator = Paginator[InspectionTarget]
else:  # Paginator is generic in the type stubs only
    _Paginator = Paginator


class _CappedPaginator(_Paginator):
    """Pages over the capped count (selectors_directory.capped_count), not a COUNT(*) of the province."""

    def __init__(self, object_list: QuerySet[InspectionTarget], per_page: int, count: int) -> None:
        super().__init__(object_list, per_page)
        self._capped = count

    @cached_property
    def count(self) -> int:
        return self._capped


_DENIED = "只有执法主体的执法人员、负责人、公示管理员和系统管理员可以查看检查对象名录库"


def _reader_path(request: HttpRequest) -> str:
    path = selectors_directory.reader_region_path(request.user)
    if path is None:
        raise PermissionDenied(_DENIED)
    return path


def _denied(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "inspections/directory_denied.html", {"message": message}, status=403)


@login_required
def directory_list(request: HttpRequest) -> HttpResponse:
    try:
        region_path = _reader_path(request)
    except PermissionDenied as exc:
        return _denied(request, exc.message)
    g = request.GET
    filters = selectors_directory.DirectoryFilters(
        q=g.get("q", "").strip()[:50],
        region=g.get("region", "").strip()[:12],
        kind=g.get("kind", ""),
        credit_class=g.get("class", ""),
        tag=g.get("tag", "").strip()[:30],
        active=g.get("active", "yes") if g.get("active") in ("yes", "no", "all") else "yes",
    )
    qs = selectors_directory.directory_search(region_path=region_path, filters=filters)
    count, capped = selectors_directory.capped_count(qs)
    page = _CappedPaginator(qs, PER_PAGE, count).get_page(page_number(g.get("page")))
    query = g.copy()
    query.pop("page", None)
    return render(
        request,
        "inspections/directory_list.html",
        {
            "page": page,
            "rows": [(t, directory_columns.tag_list(t.tags)) for t in page],
            "count": count,
            "capped": capped,
            "filters": filters,
            "query": query.urlencode(),
            "kinds": TargetKind.choices,
            "classes": [*CreditClass.choices, (selectors_directory.NO_CLASS, "未分类")],
            "regions": selectors_directory.filter_regions(region_path),
            "can_import": not import_refusal(request.user),
        },
    )


@login_required
def directory_detail(request: HttpRequest, target_id: int) -> HttpResponse:
    try:
        region_path = _reader_path(request)
        target = selectors_directory.target_get(region_path=region_path, target_id=target_id)
    except PermissionDenied as exc:
        return _denied(request, exc.message)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return render(
        request,
        "inspections/directory_detail.html",
        {
            "target": target,
            "tags": directory_columns.tag_list(target.tags),
            "inspections": selectors_directory.target_inspections(target),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def directory_import(request: HttpRequest) -> HttpResponse:
    why = import_refusal(request.user)
    if why:
        return _denied(request, why)
    errors: dict[str, str] = {}
    values: dict[str, Any] = {"dry_run": True, "deactivate_missing": False}
    if request.method == "POST":
        values = {
            "dry_run": request.POST.get("dry_run") == "1",
            "deactivate_missing": request.POST.get("deactivate_missing") == "1",
        }
        uploaded = request.FILES.get("file")
        if not isinstance(uploaded, UploadedFile):
            errors["file"] = "请选择要导入的 CSV 或 XLSX 文件"
        else:
            try:
                job = upload_create(
                    actor=request.user,
                    content=uploaded,
                    filename=uploaded.name or "",
                    dry_run=values["dry_run"],
                    deactivate_missing=values["deactivate_missing"],
                )
            except PermissionDenied as exc:
                return _denied(request, exc.message)
            except DomainError as exc:
                errors["file"] = exc.message
            else:
                return redirect("inspections:directory_import_status", import_id=job.pk)
    return render(
        request,
        "inspections/directory_import.html",
        {
            "errors": errors,
            "values": values,
            "columns": directory_columns.COLUMNS,
            "jobs": selectors_directory.recent_imports(user=request.user),
        },
        status=400 if errors else 200,
    )


@login_required
def directory_import_status(request: HttpRequest, import_id: int) -> HttpResponse:
    why = import_refusal(request.user)
    if why:
        return _denied(request, why)
    try:
        job = selectors_directory.import_get(user=request.user, import_id=import_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    running = job.status in (DirectoryImport.Status.QUEUED, DirectoryImport.Status.READING,
                             DirectoryImport.Status.WRITING)  # fmt: skip
    percent = None
    if job.total:
        percent = min(100, job.done * 100 // job.total)
    response = render(
        request,
        "inspections/directory_import_status.html",
        {
            "job": job,
            "running": running,
            "percent": percent,
            "errors_more": max(0, job.error_count - MAX_LISTED_ERRORS),
        },
    )
    if running:
        # The page reloads itself while the worker imports (an HTTP header: no script, CSP-clean).
        response["Refresh"] = "3"
    return response
