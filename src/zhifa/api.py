"""The REST API under /api/v1 (django-ninja; OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs)."""

from __future__ import annotations

from typing import Any

from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.schema import OpenAPISchema

from zhifa.accounts.api_auth import NOT_AUTHENTICATED, SessionAuth, TokenAuth
from zhifa.cases.api import router as cases_router
from zhifa.catalog.api import router as catalog_router
from zhifa.catalog.calendar import CalendarYearNotLoaded
from zhifa.core.api import StrictParser
from zhifa.core.errors import DomainError, NotFound, PermissionDenied
from zhifa.evidence.api import router as evidence_router
from zhifa.evidence.api import tus_paths
from zhifa.inspections.api import router as inspections_router
from zhifa.organizations.api import router as organizations_router
from zhifa.personnel.api import router as personnel_router
from zhifa.publicity.api import router as publicity_router
from zhifa.review.api import router as review_router


class ZhifaAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> OpenAPISchema:
        """The tus upload endpoint is not a django-ninja operation; its description joins the document."""
        schema = super().get_openapi_schema(**kwargs)
        schema["paths"].update(tus_paths())
        return schema


api = ZhifaAPI(
    title="执法平台 API",
    version="1",
    description="行政执法三项制度平台的登记簿接口。除特别说明外，所有接口都按调用者的数据范围过滤。",
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
    # Swagger UI from the project's own static files ("ninja" in INSTALLED_APPS), and no badge from the
    # online validator (validator.swagger.io): the docs page works offline and loads nothing from elsewhere.
    docs=Swagger(settings={"validatorUrl": None}),
    parser=StrictParser(),
)

# What django-ninja's own HttpErrors say, in the language of every other answer.
_HTTP_ERRORS = {
    400: "请求体不是有效的 JSON，或含有不允许的字符（NUL 或无效的 Unicode 代理字符）",
    401: "未认证：请提供有效的 API 令牌（Authorization: Bearer …）或登录",
    403: "无权进行此操作",
    404: "未找到",
    405: "不支持该请求方法",
}


@api.exception_handler(ValidationError)
def malformed(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Request bodies that don't parse (a missing field, a date that is not a date) are refused with a
    Chinese message naming the fields, like every other refusal; the parser's own details stay in
    `errors` for the calling system's developers."""
    if exc.errors and all(error.get("loc", ("",))[0] == "path" for error in exc.errors):
        # An id in the address that no row can have (core/params.py: 1..2^63-1) is not found, like on
        # the workbench's pages.
        return api.create_response(request, {"detail": "未找到：地址中的编号不存在"}, status=404)
    fields = []
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path", "payload")]
        fields.append(".".join(loc) or "请求")
    detail = "请求数据格式不正确：" + "、".join(dict.fromkeys(fields))
    return api.create_response(request, {"detail": detail, "errors": exc.errors}, status=422)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    """401 in Chinese: the token's own refusal (expired, revoked) or, with no credentials, what to send."""
    message = exc.message if exc.message != AuthenticationError().message else NOT_AUTHENTICATED
    response = api.create_response(request, {"detail": message}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="zhifa"'
    return response


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    message = str(exc)
    if not message or message.isascii():  # django-ninja's own English text
        message = _HTTP_ERRORS.get(exc.status_code, message)
    return api.create_response(request, {"detail": message}, status=exc.status_code)


@api.exception_handler(Http404)
def http_404(request: HttpRequest, exc: Http404) -> HttpResponse:
    message = str(exc)
    return api.create_response(
        request, {"detail": message if message and not message.isascii() else "未找到"}, status=404
    )


@api.exception_handler(DataError)
def out_of_range(request: HttpRequest, exc: DataError) -> HttpResponse:
    """The last line behind the checks of core/params.py: a value the database cannot hold (on
    PostgreSQL, text longer than its column) is refused, not a server error. The atomic block it
    happened in has already rolled back."""
    return api.create_response(request, {"detail": "数据超出允许的范围（长度或数值过大）"}, status=422)


@api.exception_handler(CalendarYearNotLoaded)
def calendar_not_loaded(request: HttpRequest, exc: CalendarYearNotLoaded) -> HttpResponse:
    """A deadline falls in a year whose holiday arrangement is not loaded yet: the step cannot be
    computed exactly, which the caller is told (the administrator loads the State Council's notice)."""
    return api.create_response(request, {"detail": str(exc), "rule": "", "field": None}, status=422)


@api.exception_handler(NotFound)
def not_found(request: HttpRequest, exc: NotFound) -> HttpResponse:
    return api.create_response(request, {"detail": exc.message}, status=404)


@api.exception_handler(PermissionDenied)
def denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": exc.message}, status=403)


@api.exception_handler(DomainError)
def refused(request: HttpRequest, exc: DomainError) -> HttpResponse:
    body: dict[str, object] = {"detail": exc.message, "rule": exc.rule, "field": exc.field}
    refusals = getattr(exc, "refusals", None)
    if refusals:
        body["refusals"] = [{"guard": r.guard, "message": r.message, "article": r.article} for r in refusals]
    return api.create_response(request, body, status=422)


api.add_router("/", organizations_router)
api.add_router("/", personnel_router)
api.add_router("/", catalog_router)
api.add_router("/", cases_router)
api.add_router("/", review_router)
api.add_router("/", publicity_router)
api.add_router("/", evidence_router)
api.add_router("/", inspections_router)
