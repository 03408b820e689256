"""A 受委托组织 handles a case; the decision is made in the name of the agency that entrusted it.

行政处罚法 Art.20: 委托行政机关对受委托组织实施行政处罚的行为应当负责监督，并对该行为的后果承担法律责任;
the entrusted organization acts 以委托行政机关名义. The decision document is headed and signed by the
entrusting agency, numbered in its series, and names it as 作出决定的行政机关."""

from __future__ import annotations

from datetime import date

import pytest

from zhifa.cases.documents import document_text
from zhifa.cases.models import Document, DocumentSequence
from zhifa.cases.tests.conftest import step, to_reported
from zhifa.lib.identifiers import complete_credit_code
from zhifa.lib.officialdoc import from_json
from zhifa.organizations.models import Agency
from zhifa.organizations.services import agency_create, agency_update

pytestmark = pytest.mark.django_db


def test_an_entrusted_organizations_decision_is_made_in_the_entrusting_agencys_name(cw, lead):
    """行政处罚法 Art.20: the entrusting agency decides; its name heads, signs and numbers the decision."""
    squad = cw.world.agency_a
    agency_update(agency=squad, actor=None, name="江北市市场监管综合执法队", short_code="江北执法队")
    entrusting = agency_create(
        actor=None,
        name="江北市市场监督管理局",
        credit_code=complete_credit_code("1199010000000099"),
        kind="statutory_organ",
        region=cw.world.city,
        short_code="江北市监",
    )
    agency_update(agency=squad, actor=None, kind="entrusted_organization", entrusted_by=entrusting)
    case = step(cw, to_reported(cw, lead), "serve_notice", date(2026, 3, 23))
    case = step(cw, case, "close_statement", date(2026, 3, 31))
    case = step(cw, case, "decide", date(2026, 4, 1))
    assert case.agency_id == squad.pk  # the case stays the entrusted organization's
    doc = Document.objects.get(case=case, kind="penalty_decision")
    assert doc.number == "江北市监罚〔2026〕1号"
    official = from_json(doc.content)
    assert official.issuer == "江北市市场监督管理局" and official.signature == "江北市市场监督管理局"
    assert "江北市市场监管综合执法队" not in document_text(official)
    filing = Document.objects.get(case=case, kind="filing")
    assert filing.number == "江北市监立〔2026〕1号"
    assert "属江北市市场监督管理局管辖" in document_text(from_json(filing.content))
    # every document of the case is numbered in the entrusting agency's series, none in the squad's
    assert not DocumentSequence.objects.filter(agency=squad).exists()
    assert DocumentSequence.objects.filter(agency=entrusting, kind="penalty_decision").get().last == 1
    assert Agency.objects.get(pk=squad.pk).deciding_agency == entrusting
