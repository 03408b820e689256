"""Requests whose text no database column can hold are refused before any view sees them."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

NUL_REFUSED = "请求有误：地址、查询参数或表单含有不允许的字符（NUL）\n"


class RefuseNulMiddleware:
    """PostgreSQL text cannot contain NUL: a search, a certificate number or a form field carrying one
    would be a server error in whichever view passed it to a query. One check here covers every page:
    the path, the query string and urlencoded form bodies (forms with files are checked field by field
    by Django's form validation; the API's JSON bodies by core.api.StrictParser)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            "\x00" in request.path
            or "%00" in request.META.get("QUERY_STRING", "")
            or (
                request.content_type == "application/x-www-form-urlencoded"
                and request.method in ("POST", "PUT", "PATCH")
                and b"%00" in request.body
            )
        ):
            if request.path.startswith("/api/"):  # the API answers every refusal as {"detail": …}
                return JsonResponse(
                    {"detail": NUL_REFUSED.strip()}, status=400, json_dumps_params={"ensure_ascii": False}
                )
            return HttpResponse(NUL_REFUSED, status=400, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
