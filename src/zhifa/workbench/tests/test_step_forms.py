"""The case page's step forms (issue 18 §3): the proposal's change step opens with the proposal that
stands, and a step that issued a document says which (“已办理：送达事先告知书（…告〔2026〕1号）”)."""

from datetime import date

import pytest

from zhifa.cases.documents import SERVICE_METHODS
from zhifa.cases.tests.conftest import PROPOSAL, cw, lead, party, to_reported

pytestmark = pytest.mark.django_db
__all__ = ["cw", "lead", "party"]


def _form_of(page: str, step: str) -> str:
    start = page.index(f"/steps/{step}/")
    return page[start : page.index("</form>", start)]


def test_changing_the_proposal_starts_from_the_proposal_that_stands(client, cw, lead):
    case = to_reported(cw, lead)
    client.force_login(cw.officer_user)
    form = _form_of(client.get(f"/workbench/cases/{case.pk}/").content.decode(), "revise_proposal")
    assert f">{PROPOSAL['facts']}</textarea>" in form
    assert '<option value="罚款" selected>' in form
    assert 'name="fine_amount" value="60000"' in form
    assert '<option value="minor" selected>' in form


def test_a_step_that_issues_a_document_says_its_number(client, cw, lead):
    case = to_reported(cw, lead)
    client.force_login(cw.officer_user)
    method = next(iter(SERVICE_METHODS))
    response = client.post(
        f"/workbench/cases/{case.pk}/steps/serve_notice/",
        {"on": date(2026, 3, 23).isoformat(), "method": method, "hearing_offered": "on", "signed_by": "陈某"},
        follow=True,
    )
    page = response.content.decode()
    case.refresh_from_db()
    notice = case.documents.get(kind="notice_of_intent")
    message = page[page.index("已办理：") :]
    message = message[: message.index("</li>")]
    assert message.startswith("已办理：送达事先告知书（") and f"{notice.title} {notice.number}" in message
