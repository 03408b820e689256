"""Error pages shared by every app: Chinese, in the site's layout, each with a way back (issue 18 §4).

Django's defaults answer in English with a bare page. Each handler here renders `error.html` with the
status, a title and a sentence saying what happened and what to do, and links back to where the reader
came from: the workbench for staff paths, the portal home otherwise. The 500 page is rendered without
the request's context processors (they may be what failed) and without touching the database."""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template import loader

from zhifa.core.params import BadParameter

log = logging.getLogger(__name__)

STAFF_PREFIXES = ("/workbench/", "/review/", "/evidence/", "/admin/", "/accounts/")

TEXTS: dict[int, tuple[str, str]] = {
    400: ("请求有误", "提交的内容或地址不完整、格式不正确，无法处理。请返回后检查再试。"),
    403: ("无权访问", "您的账号没有办理此事项的权限，或此事项不属于您所在单位或区域。"),
    404: ("页面不存在", "您访问的页面不存在，或已被撤下。请核对地址，或从首页重新进入。"),
    500: ("系统出错", "服务器处理请求时出错，您的操作未生效。请稍后再试；问题持续时请联系平台管理员。"),
}
CSRF_TEXT = (
    "表单已过期或来源无法核实",
    "为防止伪造请求，本次提交未被接受，内容未保存。请返回上一页，刷新后重新填写提交；"
    "如浏览器禁用了 Cookie，请先启用。",
)


def _way_back(path: str) -> tuple[str, str]:
    if path.startswith(STAFF_PREFIXES):
        return "/workbench/", "返回工作台"
    return "/", "返回首页"


def _render(
    request: HttpRequest, status: int, title: str, message: str, *, plain: bool = False
) -> HttpResponse:
    href, label = _way_back(request.path)
    context = {
        "status": status,
        "title": title,
        "message": message,
        "back_href": href,
        "back_label": label,
        "site_name": settings.ZHIFA_SITE_NAME,
    }
    # plain: no context processors (the 500 page must not depend on what may have failed).
    body = loader.render_to_string("error.html", context, None if plain else request)
    return HttpResponse(body, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """400: a query parameter out of range or malformed (core/params.py) says which and why, in
    Chinese as plain text (API clients and scripts read it); any other bad request gets the page."""
    if isinstance(exception, BadParameter):
        return HttpResponse(
            f"请求有误：{exception.message}\n", status=400, content_type="text/plain; charset=utf-8"
        )
    return _render(request, 400, *TEXTS[400])


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """403: a domain refusal raised as PermissionDenied carries its own Chinese reason; show it."""
    title, message = TEXTS[403]
    reason = str(exception) if exception is not None else ""
    if reason and any("\u4e00" <= ch <= "\u9fff" for ch in reason):
        message = reason
    return _render(request, 403, title, message)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _render(request, 404, *TEXTS[404])


def server_error(request: HttpRequest) -> HttpResponse:
    return _render(request, 500, *TEXTS[500], plain=True)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """settings.CSRF_FAILURE_VIEW. The reason Django gives is English and technical: logged, not shown."""
    log.warning("CSRF refusal on %s: %s", request.path, reason)
    return _render(request, 403, *CSRF_TEXT)
