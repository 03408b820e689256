"""法制审核意见书 numbers: like every document of the case (cases.numbering), by the deciding agency's
own template for review opinions where it has one, the default ``{代字}审〔{年}〕{n}号`` otherwise; a
template per 内设机构 numbers in the reviewing unit's series; a 受委托组织's case is reviewed and numbered in
the entrusting agency's name (行政处罚法 Art.20)."""

from datetime import date

import pytest

from zhifa.cases.services import numbering_template_set
from zhifa.cases.tests.conftest import cw, lead, party, step
from zhifa.lib.identifiers import complete_credit_code
from zhifa.organizations.services import agency_create, agency_update, unit_create
from zhifa.review import services
from zhifa.review.tests.test_review import MATERIALS, big, reviewer, rule

__all__ = ["cw", "lead", "party", "reviewer", "rule"]

pytestmark = pytest.mark.django_db


def _opinion(cw, case, user, on, kind="agree"):
    submission = services.submit(case=case, materials=MATERIALS, actor=cw.officer_user, on=on)
    return services.issue_opinion(
        submission=submission, kind=kind, text="审核意见", checklist=[], actor=user, on=on
    )


def test_an_opinion_takes_the_agencys_template_for_review_opinions_and_the_default_without_one(
    cw, lead, rule, reviewer
):
    _, user = reviewer
    case = big(cw, lead)
    first = _opinion(cw, case, user, date(2026, 4, 1), kind="supplement")
    assert first.number == "江北市市审〔2026〕1号"  # the default (代字: the name's first four), as before
    numbering_template_set(
        agency=cw.world.agency_a,
        kind="review_opinion",
        template="江北市监法审字〔{年}〕第{n:3}号",
        actor=None,
    )
    case = step(
        cw, case, "revise_proposal", date(2026, 4, 8), facts="补充调查：货值金额5万元，有进货单据为证。"
    )
    second = _opinion(cw, case, user, date(2026, 4, 9))
    assert second.number == "江北市监法审字〔2026〕第002号"  # the same series, written the agency's way


def test_a_template_per_unit_numbers_opinions_in_the_reviewing_units_series(cw, lead, rule, reviewer):
    r, user = reviewer
    agency = cw.world.agency_a
    legal = unit_create(agency=agency, name="法制审核科", actor=None)
    legal.short_code, legal.is_legal_unit = "法制", True
    legal.save()
    numbering_template_set(
        agency=agency, kind="review_opinion", template="江北市监（{单位}）审〔{年}〕{n}号", actor=None
    )
    # The reviewer belongs to no unit: the agency's 法制审核机构 numbers.
    opinion = _opinion(cw, big(cw, lead), user, date(2026, 4, 1))
    assert opinion.number == "江北市监（法制）审〔2026〕1号"


def test_an_entrusted_organizations_case_is_numbered_by_the_entrusting_agencys_template_art20(
    cw, lead, rule, reviewer
):
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
    numbering_template_set(
        agency=entrusting, kind="review_opinion", template="江北市监法审〔{年}〕{n}号", actor=None
    )
    _, user = reviewer
    opinion = _opinion(cw, big(cw, lead), user, date(2026, 4, 1))
    assert opinion.number == "江北市监法审〔2026〕1号"
