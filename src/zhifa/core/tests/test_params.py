"""No input makes a server error (core/params.py): ids past a bigint, negative numbers, non-numbers and
malformed dates in URLs and query strings are answered 400/404/422 in Chinese — on the workbench, the
portal and the API alike, through the real URLs."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from zhifa.accounts.services import api_token_create
from zhifa.core.params import MAX_ID, BadParameter, page_number, query_date, query_id
from zhifa.testing import make_case_world

pytestmark = pytest.mark.django_db

OVERFLOW = "99999999999999999999"  # > 2^64: DataError on PostgreSQL, OverflowError on SQLite


@pytest.fixture
def staff() -> Any:
    cw = make_case_world()
    client = Client()
    client.force_login(cw.head)
    token = api_token_create(user=cw.head, name="t", actor=None)[1]
    return {"client": client, "api": {"Authorization": f"Bearer {token}"}, "cw": cw}


@pytest.mark.parametrize(
    "url",
    [
        f"/workbench/cases/{OVERFLOW}/",
        f"/workbench/cases/{MAX_ID + 1}/",
        "/workbench/cases/0/",
        f"/workbench/agencies/{OVERFLOW}/",
        f"/workbench/officers/{OVERFLOW}/",
        f"/workbench/items/{OVERFLOW}/",
        f"/workbench/cases/{OVERFLOW}/documents/{OVERFLOW}.pdf",
        f"/workbench/journal/{OVERFLOW}/receipt.json",
        f"/workbench/publicity/{OVERFLOW}/",
        f"/review/submissions/{OVERFLOW}/",
        f"/evidence/{OVERFLOW}/",
    ],
)
def test_an_id_past_a_bigint_in_a_workbench_url_is_not_found(staff: Any, url: str) -> None:
    assert staff["client"].get(url).status_code == 404


def test_the_largest_bigint_is_an_ordinary_unknown_id(staff: Any) -> None:
    assert staff["client"].get(f"/workbench/cases/{MAX_ID}/").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        f"/agencies/{OVERFLOW}/",
        f"/agencies/{OVERFLOW}/procedures/",
        f"/decisions/{OVERFLOW}/",
        f"/decisions/{OVERFLOW}/receipt.json",
        f"/agencies/{OVERFLOW}/decisions.atom",
    ],
)
def test_an_id_past_a_bigint_in_a_portal_url_is_not_found(client: Client, url: str) -> None:
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("url", "query", "says"),
    [
        ("/workbench/cases/", {"item": OVERFLOW}, "执法事项"),
        ("/workbench/cases/", {"officer": "-3"}, "执法人员"),
        ("/workbench/cases/", {"officer": "abc"}, "应为整数"),
        ("/workbench/cases/", {"due": "2026-02-30"}, "YYYY-MM-DD"),
        ("/workbench/cases/", {"page": "-1"}, "页码"),
        ("/workbench/cases/", {"page": OVERFLOW}, "页码"),
        ("/workbench/agencies/", {"page": "x"}, "页码"),
        ("/workbench/journal/", {"agency": OVERFLOW}, "执法主体"),
        ("/workbench/journal/", {"to": "9999-12-31"}, "2099-12-31"),
        ("/workbench/journal/", {"from": "20260101"}, "YYYY-MM-DD"),
        ("/evidence/", {"from": "yesterday"}, "收集日期起"),
        ("/evidence/", {"page": "0"}, "页码"),
    ],
)
def test_a_bad_query_parameter_on_a_staff_page_is_a_400_naming_it(
    staff: Any, url: str, query: dict[str, str], says: str
) -> None:
    response = staff["client"].get(url, query)
    assert response.status_code == 400
    assert says in response.content.decode()


@pytest.mark.parametrize(
    ("url", "query"),
    [
        ("/decisions/", {"agency": OVERFLOW}),
        ("/decisions/", {"from": "2026-99-01"}),
        ("/decisions/", {"page": "-5"}),
        ("/decisions.json", {"page": OVERFLOW}),
        ("/decisions.csv", {"to": "0001-01-01"}),
    ],
)
def test_a_bad_query_parameter_on_a_public_page_is_a_400_in_chinese(
    client: Client, url: str, query: dict[str, str]
) -> None:
    response = client.get(url, query)
    assert response.status_code == 400
    assert response.content.decode().startswith("请求有误：")


def test_pages_past_the_last_still_show_the_last_page(staff: Any, client: Client) -> None:
    assert staff["client"].get("/workbench/cases/", {"page": "999999"}).status_code == 200
    assert client.get("/decisions/", {"page": "last"}).status_code == 200


@pytest.mark.parametrize(
    ("url", "status"),
    [
        (f"/api/v1/cases/{OVERFLOW}", 404),
        ("/api/v1/cases/-1", 404),
        ("/api/v1/cases/abc", 404),
        (f"/api/v1/cases/{OVERFLOW}/actions", 404),
        (f"/api/v1/agencies/{OVERFLOW}", 404),
        (f"/api/v1/review/submissions/{OVERFLOW}", 404),
        (f"/api/v1/cases?item_id={OVERFLOW}", 422),
        ("/api/v1/cases?officer_id=0", 422),
        ("/api/v1/cases?due_before=2026-02-30", 422),
        ("/api/v1/cases?due_before=9999-12-31", 422),
        ("/api/v1/cases?offset=-1", 422),
        (f"/api/v1/cases?offset={OVERFLOW}", 422),
        ("/api/v1/cases?limit=100000", 422),
        ("/api/v1/officers?limit=abc", 422),
        ("/api/v1/calendar/add-working-days?start=9999-12-31&days=10", 422),
        ("/api/v1/calendar/add-working-days?start=2026-01-05&days=-1", 422),
        ("/api/v1/cases?search=a%00b", 400),
    ],
)
def test_the_api_answers_bad_numbers_and_dates_with_4xx_in_chinese(staff: Any, url: str, status: int) -> None:
    response = staff["client"].get(url, headers=staff["api"])
    assert response.status_code == status, response.content
    detail = response.json()["detail"]
    assert detail and not detail.isascii()


def test_the_api_refuses_bad_ids_and_amounts_in_a_body(staff: Any) -> None:
    cw = staff["cw"]
    body = {
        "procedure": "general",
        "item_id": int(OVERFLOW),
        "title": "销售过期食品",
        "place": "990102001",
        "discovered_on": "2026-03-02",
        "act_on": "2026-02-20",
        "party": {"kind": "natural_person", "name": "张三", "address": "江北市"},
        "officer_ids": [cw.officers[0].pk, -1],
        "fine_amount": "1e30",
    }
    response = staff["client"].post(
        "/api/v1/cases", body, content_type="application/json", headers=staff["api"]
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert "item_id" in detail and "officer_ids.1" in detail and "fine_amount" in detail


def test_the_api_refuses_a_body_that_is_not_json_or_holds_a_nul(staff: Any) -> None:
    for raw in ("{not json", '{"reasons": "a\\u0000b"}'):
        response = staff["client"].post(
            "/api/v1/review/submissions/1/dispute", raw, content_type="application/json", headers=staff["api"]
        )
        assert response.status_code == 400
        assert not response.json()["detail"].isascii()


def test_the_parsers_themselves() -> None:
    assert query_id("", name="x", label="x") is None
    assert query_id(str(MAX_ID), name="x", label="x") == MAX_ID
    assert page_number(None) == 1 and page_number("3") == 3
    for bad in (str(MAX_ID + 1), "0", "-1", "1.5", "１２", "0x10"):
        with pytest.raises(BadParameter):
            query_id(bad, name="x", label="x")
    for bad in ("2026-1-5", "2026-02-29", "1899-12-31", "2100-01-01", "２０２６-01-01"):
        with pytest.raises(BadParameter):
            query_date(bad, name="d", label="日期")


def test_an_api_call_without_a_valid_token_is_a_401_in_chinese(client: Client) -> None:
    for headers in ({}, {"Authorization": "Bearer zf_not-a-token"}):
        response = client.get("/api/v1/cases", headers=headers)
        assert response.status_code == 401
        assert "令牌" in response.json()["detail"]


@pytest.mark.parametrize(
    "query",
    [
        "checkpoints?after=" + OVERFLOW,
        "proof/inclusion?entry=-1",
        "proof/inclusion?index=１",
        "proof/consistency?first=1",
    ],
)
def test_a_bad_number_on_a_transparency_endpoint_is_not_found(client: Client, query: str) -> None:
    assert client.get(f"/transparency/{query}").status_code == 404


@pytest.mark.parametrize(
    "url", ["/decisions/?q=a%00b", "/verify/certificate/99%00/", "/?q=%00", "/workbench/cases/?q=x%00"]
)
def test_a_nul_in_an_address_or_query_is_refused_before_any_view(client: Client, url: str) -> None:
    """PostgreSQL text cannot hold NUL: one middleware answers 400 for every page."""
    response = client.get(url)
    assert response.status_code == 400 and "NUL" in response.content.decode()


def test_a_nul_in_a_form_is_refused(staff: Any) -> None:
    form = "application/x-www-form-urlencoded"
    url = "/workbench/cases/1/steps/file/"
    assert staff["client"].post(url, "reason=a%00b", content_type=form).status_code == 400
    assert (
        staff["client"].post(url, "reason=ab", content_type=form).status_code == 404
    )  # no case 1: a view ran
