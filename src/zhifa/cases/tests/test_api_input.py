"""The data of a case step (TransitionIn.data) is range-checked like every other input (core/params.py
through cases/procedures/common.py): an id past a bigint, an amount that is not a finite number or that
no column holds, a date outside 1900–2099 are refused with a Chinese message, never a server error."""

import pytest

from zhifa.accounts.services import api_token_create

pytestmark = pytest.mark.django_db


def _post(client, cw, case, name, data, on="2026-03-04"):
    _, key = api_token_create(user=cw.head, name="t", actor=None)
    return client.post(
        f"/api/v1/cases/{case.pk}/transitions/{name}",
        {"data": data, "on": on},
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )


@pytest.mark.parametrize("officer_id", ["99999999999999999999", -1, 0, "１２", True, "abc"])
def test_an_id_in_step_data_is_range_checked(client, cw, lead, officer_id):
    assert _post(client, cw, lead, "file", {}).status_code == 200
    response = _post(client, cw, lead, "declare_recusal", {"officer_id": officer_id, "reason": "亲属"})
    assert response.status_code == 422, response.content
    assert response.json()["detail"] == "请选择办案人员" and response.json()["field"] == "officer_id"


@pytest.mark.parametrize("fine", ["1e30", "NaN", "Infinity", "1000000000000"])
def test_an_amount_in_step_data_must_be_finite_and_fit_the_register(client, cw, lead, fine):
    response = _post(client, cw, lead, "file", {})
    assert response.status_code == 200, response.content
    response = _post(client, cw, lead, "report", {"penalty_kinds": ["罚款"], "fine_amount": fine})
    assert response.status_code == 422, response.content
    body = response.json()
    assert "金额" in body["detail"] or any("金额" in r["message"] for r in body.get("refusals", []))


def test_a_deadline_in_a_year_whose_calendar_is_not_loaded_is_a_422_not_a_server_error(client, cw, lead):
    response = _post(client, cw, lead, "file", {}, on="2027-06-01")
    assert response.status_code == 422, response.content
    assert "节假日安排尚未录入" in response.json()["detail"]
    lead.refresh_from_db()
    assert lead.state == "lead"  # nothing half-written


def test_a_workbench_step_dated_out_of_range_or_in_an_unloaded_year_is_refused_with_a_message(
    client, cw, lead
):
    client.force_login(cw.head)
    for on, says in (("9999-12-31", "2099-12-31"), ("2027-06-01", "节假日安排尚未录入")):
        response = client.post(f"/workbench/cases/{lead.pk}/steps/file/", {"on": on}, follow=True)
        # Out of range: back to the page (302 → 200); a year not loaded: the page again, form as typed.
        assert response.status_code in (200, 422)
        text = response.content.decode()
        assert says in text, on
    lead.refresh_from_db()
    assert lead.state == "lead"
