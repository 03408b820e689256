import pytest
from django.urls import reverse

from zhifa.accounts.models import User
from zhifa.core.errors import DomainError
from zhifa.journal.models import JournalEntry
from zhifa.testing import make_user, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    w = make_world()
    return make_user(username="li", role="officer", agency=w.agency_a)


def test_passwords_are_hashed_with_argon2(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    w = make_world()
    u = make_user(username="argon", role="officer", agency=w.agency_a)
    assert u.password.startswith("argon2")


def test_login_and_logout(client, user):
    resp = client.post(reverse("accounts:login"), {"username": "li", "password": "correct-horse-battery"})
    assert resp.status_code == 302 and resp["Location"] == reverse("workbench:home")
    assert client.get(reverse("workbench:home")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("workbench:home")).status_code == 302


def test_wrong_password_message_is_chinese(client, user):
    resp = client.post(reverse("accounts:login"), {"username": "li", "password": "nope"})
    assert resp.status_code == 200
    assert "用户名或密码错误" in resp.content.decode()


def test_repeated_failures_are_throttled(client, user, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post(reverse("accounts:login"), {"username": "li", "password": "nope"})
    # Even the right password is refused while locked out.
    resp = client.post(reverse("accounts:login"), {"username": "li", "password": "correct-horse-battery"})
    assert resp.status_code == 429
    assert "登录失败次数过多" in resp.content.decode()


def test_password_change_is_journaled(client, user):
    client.force_login(user)
    resp = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "correct-horse-battery",
            "new_password1": "新的-密码-2026-x",
            "new_password2": "新的-密码-2026-x",
        },
    )
    assert resp.status_code == 302
    assert JournalEntry.objects.filter(
        event_type="user.password_changed", subject=f"accounts.user:{user.pk}"
    ).exists()
    assert User.objects.get(pk=user.pk).check_password("新的-密码-2026-x")


def test_roles_need_their_scope():
    w = make_world()
    with pytest.raises(DomainError, match="必须属于一个执法主体"):
        make_user(username="x", role="officer")
    with pytest.raises(DomainError, match="监督区域"):
        make_user(username="y", role="supervisor")
    with pytest.raises(DomainError, match="只有监督人员"):
        make_user(username="z", role="officer", agency=w.agency_a, region=w.city)
