"""API tokens expire by default (ZHIFA_API_TOKEN_DAYS) and can be rotated: the new secret works, the old
one is refused, the journal names both; a refused token is answered 401 with the reason in Chinese."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from zhifa.accounts.models import ApiToken
from zhifa.accounts.services import api_token_create, api_token_revoke, api_token_rotate
from zhifa.core.errors import DomainError
from zhifa.journal.models import JournalEntry
from zhifa.testing import make_user, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    w = make_world()
    return make_user(username="sync", role="officer", agency=w.agency_a)


def _get(client, key):
    return client.get("/api/v1/agencies", headers={"Authorization": f"Bearer {key}"})


def test_a_token_expires_after_the_configured_days_by_default(user, settings):
    settings.ZHIFA_API_TOKEN_DAYS = 90
    before = timezone.now()
    token, _ = api_token_create(user=user, name="省平台数据同步", actor=None)
    assert token.expires_at is not None
    assert before + timedelta(days=90) <= token.expires_at <= timezone.now() + timedelta(days=90)
    settings.ZHIFA_API_TOKEN_DAYS = 7
    token, _ = api_token_create(user=user, name="短期", actor=None)
    assert token.expires_at is not None and token.expires_at <= timezone.now() + timedelta(days=7)


def test_zero_days_means_no_expiry(user, settings):
    settings.ZHIFA_API_TOKEN_DAYS = 0
    token, _ = api_token_create(user=user, name="长期", actor=None)
    assert token.expires_at is None


def test_an_expired_token_gets_401_with_a_chinese_message(client, user):
    _, live = api_token_create(
        user=user, name="有效", expires_at=timezone.now() + timedelta(hours=1), actor=None
    )
    token, expired = api_token_create(
        user=user, name="过期", expires_at=timezone.now() - timedelta(seconds=1), actor=None
    )
    assert _get(client, live).status_code == 200
    response = _get(client, expired)
    assert response.status_code == 401
    detail = response.json()["detail"]
    assert "已于" in detail and "过期" in detail and token.prefix in detail
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_unknown_revoked_and_missing_credentials_are_answered_in_chinese(client, user):
    assert _get(client, "zf_not-a-token").json()["detail"] == "接口令牌无效"
    token, key = api_token_create(user=user, name="吊销", actor=None)
    api_token_revoke(token=token, actor=None)
    response = _get(client, key)
    assert response.status_code == 401 and "已吊销" in response.json()["detail"]
    response = client.get("/api/v1/agencies")
    assert response.status_code == 401 and response.json()["detail"].startswith("请先登录")


def test_rotation_issues_a_new_token_and_revokes_the_old_one(client, user, settings):
    settings.ZHIFA_API_TOKEN_DAYS = 30
    old, old_key = api_token_create(
        user=user, name="执法记录仪工作站", expires_at=timezone.now() + timedelta(days=2), actor=None
    )
    new, new_key = api_token_rotate(token=old, actor=user)
    old.refresh_from_db()
    assert old.revoked_at is not None
    assert (new.user, new.name) == (user, "执法记录仪工作站") and new_key != old_key
    assert new.expires_at is not None and new.expires_at > timezone.now() + timedelta(days=29)
    assert _get(client, new_key).status_code == 200
    assert _get(client, old_key).status_code == 401
    entry = JournalEntry.objects.filter(event_type="api_token.rotated").get()
    assert entry.payload_data["previous_prefix"] == old.prefix and entry.payload_data["prefix"] == new.prefix
    assert entry.actor_id == user.pk


def test_an_expired_token_can_be_rotated(client, user):
    lapsed = timezone.now() - timedelta(days=1)
    old, _ = api_token_create(user=user, name="过期", expires_at=lapsed, actor=None)
    _, key = api_token_rotate(token=old, actor=None)
    assert _get(client, key).status_code == 200


def test_a_revoked_token_cannot_be_rotated_and_nothing_is_written(user):
    token, _ = api_token_create(user=user, name="吊销", actor=None)
    api_token_revoke(token=token, actor=None)
    tokens, entries = ApiToken.objects.count(), JournalEntry.objects.count()
    with pytest.raises(DomainError, match="已吊销，不能轮换"):
        api_token_rotate(token=token, actor=None)
    assert (ApiToken.objects.count(), JournalEntry.objects.count()) == (tokens, entries)


def test_rotate_command_prints_the_new_key_only(client, user):
    old, old_key = api_token_create(user=user, name="省平台", actor=None)
    out, err = StringIO(), StringIO()
    # With its "zf_": a prefix may begin with "-", which a bare argument could not carry.
    call_command("rotate_api_token", f"zf_{old.prefix}", stdout=out, stderr=err)
    new_key = out.getvalue().strip()
    assert new_key.startswith("zf_") and "\n" not in new_key
    assert "已吊销旧令牌" in err.getvalue() and "有效期至" in err.getvalue()
    assert _get(client, new_key).status_code == 200
    assert _get(client, old_key).status_code == 401
    with pytest.raises(CommandError, match="没有前缀为"):
        call_command("rotate_api_token", "nothing1", stdout=out, stderr=err)
    with pytest.raises(CommandError, match="已吊销"):
        call_command("rotate_api_token", f"zf_{old.prefix}", stdout=out, stderr=err)


def test_rotate_command_takes_a_prefix_that_begins_with_a_dash(user):
    """token_urlsafe prefixes begin with "-" one time in 64: the command still finds the token."""
    from zhifa.accounts.models import ApiToken

    old, _ = api_token_create(user=user, name="省平台", actor=None)
    ApiToken.objects.filter(pk=old.pk).update(prefix="-Ab3dE9x")
    out, err = StringIO(), StringIO()
    call_command("rotate_api_token", "zf_-Ab3dE9x", stdout=out, stderr=err)
    assert out.getvalue().startswith("zf_")


def test_the_account_page_lists_and_rotates_the_users_own_tokens(client, user):
    other = make_user(username="other", role="officer", agency=user.agency)
    mine, my_key = api_token_create(user=user, name="执法记录仪工作站", actor=None)
    theirs, _ = api_token_create(user=other, name="别人的令牌", actor=None)
    client.force_login(user)
    page = client.get("/accounts/tokens/")
    html = page.content.decode()
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert mine.prefix in html and theirs.prefix not in html and "有效" in html

    response = client.post("/accounts/tokens/", {"token": theirs.pk})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None

    response = client.post("/accounts/tokens/", {"token": mine.pk})
    assert response.status_code == 200
    new_key = re.search(r"<code class=\"break-all\">(zf_[\w-]+)</code>", response.content.decode()).group(1)
    client.logout()
    assert _get(client, new_key).status_code == 200
    assert _get(client, my_key).status_code == 401
    client.force_login(user)
    response = client.post("/accounts/tokens/", {"token": mine.pk})
    assert response.status_code == 422 and "不能轮换" in response.content.decode()
