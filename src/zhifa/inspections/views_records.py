"""The public draw records (open data, no login): the list of draws, each draw's record, and its eligible list
and officer pool files — the exact committed bytes, streamed, whose SHA-256 is in the commitment."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, JsonResponse, StreamingHttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from zhifa.inspections.models import Draw
from zhifa.inspections.records import draw_record, stream_blob

PER_PAGE = 100
_JSON = {"ensure_ascii": False}


def _draw(draw_id: int) -> Draw:
    draw = Draw.objects.select_related("task", "task__agency").filter(pk=draw_id).first()
    if draw is None:
        raise Http404("未找到该抽取记录")
    return draw


@require_GET
def draws_json(request: HttpRequest) -> JsonResponse:
    qs = Draw.objects.select_related("task", "task__agency").order_by("-committed_at", "-pk")
    paginator = Paginator(qs, PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return JsonResponse(
        {
            "count": paginator.count,
            "page": page.number,
            "pages": paginator.num_pages,
            "items": [
                {
                    "id": d.pk,
                    "task": d.task.code,
                    "name": d.task.name,
                    "agency": d.task.agency.name,
                    "status": d.status,
                    "task_status": d.task.status,
                    "algorithm": d.algorithm,
                    "commitment_hash": d.commitment_hash,
                    "committed_at": d.committed_at.isoformat(),
                    "random_source": d.task.random_source,
                    "random_source_on": d.task.random_source_on.isoformat()
                    if d.task.random_source_on
                    else None,
                    "drawn_at": d.drawn_at.isoformat() if d.drawn_at else None,
                    "list_count": d.list_count,
                    "selected_count": d.selected_count,
                    "url": reverse("inspections:draw_json", args=[d.pk]),
                }
                for d in page.object_list
            ],
        },
        json_dumps_params=_JSON,
    )


@require_GET
def draw_json(request: HttpRequest, draw_id: int) -> JsonResponse:
    response = JsonResponse(draw_record(_draw(draw_id)), json_dumps_params=_JSON)
    response["Content-Disposition"] = f'inline; filename="draw-{draw_id}.json"'
    return response


def _tsv(sha256: str, name: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        stream_blob(sha256), content_type="text/tab-separated-values; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{name}"'
    # The bytes never change (content-addressed): cacheable for good, and their digest is their name.
    response["ETag"] = f'"{sha256}"'
    response["X-Content-SHA256"] = sha256
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


@require_GET
def draw_eligible(request: HttpRequest, draw_id: int) -> StreamingHttpResponse:
    draw = _draw(draw_id)
    return _tsv(draw.list_hash, f"draw-{draw.pk}-eligible.tsv")


@require_GET
def draw_pool(request: HttpRequest, draw_id: int) -> StreamingHttpResponse:
    draw = _draw(draw_id)
    return _tsv(draw.pool_hash, f"draw-{draw.pk}-pool.tsv")
