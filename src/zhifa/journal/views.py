"""Public transparency endpoints: no login; they reveal hashes, never entry content."""

from __future__ import annotations

import base64

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control

from zhifa.journal.keys import origin
from zhifa.journal.models import SignedCheckpoint, SigningKey
from zhifa.journal.proofs import (
    ProofUnavailable,
    consistency_proof,
    inclusion_proof,
    latest_checkpoint,
    leaf_index_of,
)
from zhifa.lib.bounds import MAX_ID, parse_int

PAGE = 100


def _b64(items: list[bytes]) -> list[str]:
    return [base64.b64encode(h).decode() for h in items]


def _int(request: HttpRequest, name: str, default: int | None = None) -> int:
    raw = request.GET.get(name, "").strip()
    if default is not None and not raw:
        return default
    # lib.bounds: a tree size or index is a non-negative bigint; anything else is not found.
    number = parse_int(raw, minimum=0, maximum=MAX_ID)
    if number is None:
        raise Http404(f"参数 {name} 应为 0 到 {MAX_ID} 之间的整数")
    return number


@cache_control(max_age=1, public=True)
def checkpoint(request: HttpRequest) -> HttpResponse:
    cp = latest_checkpoint()
    if cp is None:
        return HttpResponse("尚无签名检查点\n", status=404, content_type="text/plain; charset=utf-8")
    return HttpResponse(cp.note, content_type="text/plain; charset=utf-8")


def checkpoints(request: HttpRequest) -> JsonResponse:
    after = _int(request, "after", 0)
    rows = SignedCheckpoint.objects.filter(size__gt=after).select_related("key").order_by("size")[:PAGE]
    return JsonResponse(
        {
            "origin": origin(),
            "checkpoints": [
                {"size": c.size, "signed_at": c.signed_at.isoformat(), "key_id": c.key.key_id, "note": c.note}
                for c in rows
            ],
        }
    )


def keys(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        {
            "origin": origin(),
            "keys": [
                {
                    "key_id": k.key_id,
                    "vkey": k.vkey,
                    "created_at": k.created_at.isoformat(),
                    "retired_at": k.retired_at.isoformat() if k.retired_at else None,
                }
                for k in SigningKey.objects.order_by("created_at")
            ],
        }
    )


def inclusion(request: HttpRequest) -> JsonResponse:
    """?entry=ID&size=N (N defaults to the latest checkpoint) or ?index=I&size=N."""
    size = _int(request, "size", getattr(latest_checkpoint(), "size", 0))
    try:
        index = leaf_index_of(_int(request, "entry")) if "entry" in request.GET else _int(request, "index")
        if not SignedCheckpoint.objects.filter(size=size).exists():
            raise ProofUnavailable(f"树大小 {size} 没有签名检查点")
        proof = inclusion_proof(leaf_index=index, size=size)
    except ProofUnavailable as exc:
        return JsonResponse({"detail": str(exc)}, status=404)
    return JsonResponse({"leaf_index": index, "tree_size": size, "proof": _b64(proof)})


def consistency(request: HttpRequest) -> JsonResponse:
    first, second = _int(request, "first"), _int(request, "second")
    try:
        proof = consistency_proof(old_size=first, new_size=second)
    except ProofUnavailable as exc:
        return JsonResponse({"detail": str(exc)}, status=404)
    return JsonResponse({"first": first, "second": second, "proof": _b64(proof)})


def about(request: HttpRequest) -> HttpResponse:
    return render(
        request, "journal/transparency.html", {"checkpoint": latest_checkpoint(), "origin": origin()}
    )
