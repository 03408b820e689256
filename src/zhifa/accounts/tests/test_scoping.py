"""A user of agency A cannot read agency B's data through any page or API endpoint (DESIGN.md: every
selector filters by scope); a supervisor sees the agencies of their region; the public portal shows
only published information."""

import pytest
from django.urls import reverse

from zhifa.accounts.services import api_token_create, api_token_revoke
from zhifa.testing import make_certificate, make_officer, make_user, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    w = make_world()
    oa = make_officer(agency=w.agency_a, name="甲员")
    ob = make_officer(agency=w.agency_b, name="乙员")
    ca = make_certificate(officer=oa, field=w.field_market, area=w.city)
    cb = make_certificate(officer=ob, field=w.field_env, area=w.city)
    user_a = make_user(username="usera", role="officer", agency=w.agency_a)
    supervisor = make_user(username="sup", role="supervisor", region=w.city)
    return w, oa, ob, ca, cb, user_a, supervisor


def _b_urls(w, ob):
    return [
        reverse("workbench:agency_detail", args=[w.agency_b.pk]),
        reverse("workbench:officer_detail", args=[ob.pk]),
        reverse("workbench:item_detail", args=[w.item_b.pk]),
    ]


def test_pages_hide_other_agency(client, data):
    w, oa, ob, ca, cb, user_a, _ = data
    client.force_login(user_a)
    for url in _b_urls(w, ob):
        assert client.get(url).status_code == 404, url
    for url in (
        reverse("workbench:agency_detail", args=[w.agency_a.pk]),
        reverse("workbench:officer_detail", args=[oa.pk]),
        reverse("workbench:item_detail", args=[w.item_a.pk]),
    ):
        assert client.get(url).status_code == 200, url
    lists = "".join(
        client.get(reverse(name)).content.decode()
        for name in (
            "workbench:agency_list",
            "workbench:officer_list",
            "workbench:item_list",
            "workbench:home",
        )
    )
    assert "甲员" in lists and w.agency_a.name in lists
    assert "乙员" not in lists and w.agency_b.name not in lists and cb.number not in lists


def test_certificate_action_on_other_agency_is_404(client, data):
    w, oa, ob, ca, cb, user_a, _ = data
    client.force_login(user_a)
    resp = client.post(reverse("workbench:certificate_action", args=[cb.pk, "suspend"]), {"reason": "x"})
    assert resp.status_code == 404
    cb.refresh_from_db()
    assert cb.status == "valid"


def test_supervisor_sees_every_agency_of_the_region(client, data):
    w, oa, ob, ca, cb, user_a, supervisor = data
    client.force_login(supervisor)
    for url in _b_urls(w, ob):
        assert client.get(url).status_code == 200, url


def test_supervisor_of_another_region_sees_nothing(client, data):
    w, *_ = data
    other = make_user(username="sup2", role="supervisor", region=w.county_b)
    client.force_login(other)
    assert client.get(reverse("workbench:agency_detail", args=[w.agency_a.pk])).status_code == 404
    assert w.agency_a.name not in client.get(reverse("workbench:agency_list")).content.decode()


@pytest.fixture
def token_a(data):
    *_, user_a, _ = data
    _, key = api_token_create(user=user_a, name="测试", actor=None)
    return key


def _get(client, url, key):
    return client.get(url, headers={"Authorization": f"Bearer {key}"})


def test_api_requires_authentication(client, data):
    assert client.get("/api/v1/agencies").status_code == 401
    assert client.get("/api/v1/officers").status_code == 401


def test_api_lists_are_scoped(client, data, token_a):
    w, oa, ob, ca, cb, *_ = data
    agencies = _get(client, "/api/v1/agencies", token_a).json()
    assert [a["name"] for a in agencies["items"]] == [w.agency_a.name]
    officers = _get(client, "/api/v1/officers", token_a).json()
    assert [o["name"] for o in officers["items"]] == ["甲员"]
    items = _get(client, "/api/v1/items", token_a).json()
    assert {i["code"] for i in items["items"]} == {w.item_a.code}
    item = items["items"][0]  # issue 12: the published columns and the citations to review
    assert item["parent_id"] is None and item["legal_basis_to_review"] == [] and item["handling_unit"] == ""
    benchmarks = _get(client, f"/api/v1/benchmarks?agency_id={w.agency_b.pk}", token_a).json()
    assert benchmarks["items"] == []


def test_api_details_of_other_agency_are_404(client, data, token_a):
    w, oa, ob, *_ = data
    for url in (
        f"/api/v1/agencies/{w.agency_b.pk}",
        f"/api/v1/officers/{ob.pk}",
        f"/api/v1/items/{w.item_b.pk}",
        f"/api/v1/officers/{ob.pk}/may-act?item_id={w.item_b.pk}&area=990100&on=2026-05-01",
    ):
        resp = _get(client, url, token_a)
        assert resp.status_code == 404, url
        assert "无权" in resp.json()["detail"] or "不存在" in resp.json()["detail"]


def test_api_certificate_change_refused_for_officer_and_other_agency(client, data, token_a):
    w, oa, ob, ca, cb, *_ = data
    resp = client.post(
        f"/api/v1/certificates/{ca.pk}/suspend",
        {"reason": "x"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token_a}"},
    )
    assert resp.status_code == 403
    resp = client.post(
        f"/api/v1/certificates/{cb.pk}/suspend",
        {"reason": "x"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token_a}"},
    )
    assert resp.status_code == 404


def test_api_may_act_answers_with_reasons(client, data, token_a):
    w, oa, *_ = data
    resp = _get(
        client,
        f"/api/v1/officers/{oa.pk}/may-act?item_id={w.item_a.pk}&area=990102001&on=2026-05-01",
        token_a,
    )
    assert resp.status_code == 200 and resp.json()["allowed"] is True
    resp = _get(
        client,
        f"/api/v1/officers/{oa.pk}/may-act?item_id={w.item_a.pk}&area=990102001&on=2030-05-01",
        token_a,
    )
    assert resp.json()["allowed"] is False and any("过期" in r for r in resp.json()["reasons"])


def test_revoked_token_is_refused(client, data, token_a):
    from zhifa.accounts.models import ApiToken

    api_token_revoke(token=ApiToken.objects.get(), actor=None)
    assert _get(client, "/api/v1/agencies", token_a).status_code == 401


def test_session_auth_works_for_the_api(client, data):
    *_, user_a, _ = data
    client.force_login(user_a)
    assert client.get("/api/v1/agencies").status_code == 200


def test_openapi_is_published(client):
    resp = client.get("/api/v1/openapi.json")
    assert resp.status_code == 200
    assert "/api/v1/officers/{officer_id}/may-act" in resp.json()["paths"]


def test_portal_shows_no_id_number_or_phone(client, data):
    w, oa, ob, ca, cb, *_ = data
    oa.phone = "13912345678"
    oa.save()
    pages = [
        client.get("/"),
        client.get(reverse("portal:agency", args=[w.agency_a.pk])),
        client.get(reverse("portal:certificate_check_number", args=[ca.number])),
    ]
    for page in pages:
        assert page.status_code == 200
        body = page.content.decode()
        assert oa.id_number not in body and "13912345678" not in body
    assert ca.number in pages[1].content.decode()
