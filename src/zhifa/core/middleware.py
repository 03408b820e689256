"""Response headers that harden every page: a Content-Security-Policy on HTML, and no caching of staff pages.

Django 5.2 has no CSP of its own (6.0 adds one) and our policy is one constant string with no per-request
nonce, because no template carries an inline script, an on*= handler or a style attribute; so a few lines
here instead of a dependency (django-csp). The setting has Django 6.0's shape (`SECURE_CSP`: directive ->
list of sources), so moving to Django's own middleware later changes the MIDDLEWARE line only.

Requests whose text no database column can hold (a NUL) are refused before any view sees them.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.utils.cache import add_never_cache_headers

# Staff pages: the workbench (the publicity clerk's pages included), legal review, evidence, the admin,
# the login pages and the API. Their content is scoped to the user who asked, so a shared cache or the
# browser's back-forward history must not keep it (a clerk's screen seen by the next person at the
# counter). The public portal stays cacheable.
STAFF_PATH_PREFIXES = ("/workbench/", "/review/", "/evidence/", "/admin/", "/accounts/", "/api/")


def csp_header_value() -> str:
    policy: dict[str, list[str]] = settings.SECURE_CSP
    return "; ".join(" ".join([directive, *sources]) for directive, sources in policy.items())


class ContentSecurityPolicyMiddleware:
    """Adds `Content-Security-Policy` to every HTML response that has none (evidence content sets its
    own, stricter sandbox policy, which is kept)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.value = csp_header_value()

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith("text/html"):
            response.headers.setdefault("Content-Security-Policy", self.value)
        return response


class StaffNoStoreMiddleware:
    """`Cache-Control: no-store` (with Django's never-cache set) on every staff response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        # A response that already says no-store (tus, evidence content) keeps its own header.
        staff = request.path.startswith(STAFF_PATH_PREFIXES)
        if staff and "no-store" not in response.get("Cache-Control", ""):
            add_never_cache_headers(response)
        return response


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
