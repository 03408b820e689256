"""Error pages shared by every app."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.defaults import bad_request as django_bad_request

from zhifa.core.params import BadParameter


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """400: a query parameter out of range or malformed (core/params.py) says which and why, in
    Chinese; any other bad request gets Django's page."""
    if isinstance(exception, BadParameter):
        return HttpResponse(
            f"请求有误：{exception.message}\n", status=400, content_type="text/plain; charset=utf-8"
        )
    return django_bad_request(request, exception)
