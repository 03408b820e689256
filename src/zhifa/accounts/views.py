from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from zhifa.accounts import selectors, services
from zhifa.accounts.models import User
from zhifa.core.errors import DomainError


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码错误。连续多次错误后，该账号将被暂时锁定。",
        "inactive": "该账号已停用，请联系系统管理员。",
    }


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("workbench:home")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.password_changed(user=form.user)
        messages.success(self.request, "密码已修改")
        return response


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The caller's API tokens, and rotation: the new secret is shown in this response only (no redirect,
    no flash message, so it is stored nowhere; staff pages are never cached)."""
    user = request.user
    assert isinstance(user, User)
    new_key = ""
    error = ""
    status = 200
    if request.method == "POST":
        token = next(
            (t for t in selectors.api_tokens_of(user) if str(t.pk) == request.POST.get("token")), None
        )
        if token is None:
            raise Http404("没有这个接口令牌")
        try:
            _, new_key = services.api_token_rotate(token=token, actor=user)
        except DomainError as exc:
            error, status = exc.message, 422
    now = timezone.now()
    rows = [
        {
            "token": t,
            "state": "已吊销"
            if t.revoked_at
            else ("已过期" if t.expires_at and t.expires_at <= now else "有效"),
        }
        for t in selectors.api_tokens_of(user)
    ]
    context = {"rows": rows, "new_key": new_key, "error": error}
    return render(request, "accounts/api_tokens.html", context, status=status)
