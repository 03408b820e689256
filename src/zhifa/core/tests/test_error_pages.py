"""Error pages are Chinese, in the site's layout, with a way back (issue 18 §4)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.test import Client, RequestFactory

from zhifa import urls
from zhifa.core import views

pytestmark = pytest.mark.django_db


def _text(response: HttpResponseBase) -> str:
    assert isinstance(response, HttpResponse)
    return response.content.decode()


def test_portal_404_is_chinese_with_way_home(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = _text(response)
    assert "页面不存在" in body and 'href="/"' in body and "返回首页" in body
    assert "Not Found" not in body
    assert 'lang="zh-Hans"' in body  # the site's layout (base.html)


def test_staff_404_leads_back_to_workbench(client: Client) -> None:
    response = client.get("/workbench/no-such-page/")
    assert response.status_code == 404
    body = _text(response)
    assert 'href="/workbench/"' in body and "返回工作台" in body


def test_403_shows_the_domain_reason_when_chinese() -> None:
    request = RequestFactory().get("/workbench/cases/1/")
    response = views.permission_denied(request, PermissionDenied("该案件不属于您所在单位"))
    assert response.status_code == 403
    assert "该案件不属于您所在单位" in _text(response)
    generic = views.permission_denied(request, PermissionDenied("forbidden"))
    assert "无权访问" in _text(generic) and "forbidden" not in _text(generic)


def test_500_renders_without_request_context() -> None:
    request = RequestFactory().get("/statistics/2026/")
    response = views.server_error(request)
    assert response.status_code == 500
    body = _text(response)
    assert "系统出错" in body and "操作未生效" in body and 'href="/"' in body


def test_csrf_refusal_is_chinese_and_says_nothing_was_saved() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    body = _text(response)
    assert "表单已过期或来源无法核实" in body and "未保存" in body
    assert "CSRF verification failed" not in body


def test_handlers_are_wired() -> None:
    assert urls.handler403 == "zhifa.core.views.permission_denied"
    assert urls.handler404 == "zhifa.core.views.page_not_found"
    assert urls.handler500 == "zhifa.core.views.server_error"
