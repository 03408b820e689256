"""The REST API under /api/v1 (django-ninja; OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, ValidationError

from zhifa.accounts.api_auth import NOT_AUTHENTICATED, SessionAuth, TokenAuth
from zhifa.cases.api import router as cases_router
from zhifa.catalog.api import router as catalog_router
from zhifa.core.errors import DomainError, NotFound, PermissionDenied
from zhifa.organizations.api import router as organizations_router
from zhifa.personnel.api import router as personnel_router
from zhifa.publicity.api import router as publicity_router
from zhifa.review.api import router as review_router

api = NinjaAPI(
    title="执法平台 API",
    version="1",
    description="行政执法三项制度平台的登记簿接口。除特别说明外，所有接口都按调用者的数据范围过滤。",
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
    # Swagger UI from the project's own static files ("ninja" in INSTALLED_APPS), and no badge from the
    # online validator (validator.swagger.io): the docs page works offline and loads nothing from elsewhere.
    docs=Swagger(settings={"validatorUrl": None}),
)


@api.exception_handler(ValidationError)
def malformed(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Request bodies that don't parse (a missing field, a date that is not a date) are refused with a
    Chinese message naming the fields, like every other refusal; the parser's own details stay in
    `errors` for the calling system's developers."""
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
