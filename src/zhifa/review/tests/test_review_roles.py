"""Sending a case to legal review is a write on the case (issue 11, part 1): its officers and heads
send it; a supervisor is read-only, a clerk or a reviewer sends nothing (the reviewer acts at the review
desk). Refused by the service and answered 403 by the API, with nothing written."""

from datetime import date
from decimal import Decimal

import pytest

from zhifa.accounts.services import api_token_create
from zhifa.catalog.models import MajorDecisionRule
from zhifa.core.errors import PermissionDenied
from zhifa.review import services
from zhifa.review.models import ReviewSubmission
from zhifa.review.tests.test_review import MATERIALS, big
from zhifa.testing import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(cw, lead):
    MajorDecisionRule.objects.create(
        agency=cw.world.agency_a,
        name="大额罚没",
        fine_threshold_natural=Decimal("20000"),
        fine_threshold_legal=Decimal("100000"),
        basis="江北市市场监管局重大执法决定法制审核目录清单第1项",
    )
    return big(cw, lead)


def _user(cw, role):
    scope = {"region": cw.world.city} if role == "supervisor" else {"agency": cw.world.agency_a}
    return make_user(username=f"rv_{role}", role=role, **scope)


@pytest.mark.parametrize("role", ["supervisor", "publicity_clerk", "legal_reviewer", "administrator"])
def test_only_the_handling_unit_sends_a_case_to_legal_review(cw, ready, role):
    with pytest.raises(PermissionDenied, match="将案件送法制审核"):
        services.submit(case=ready, materials=MATERIALS, actor=_user(cw, role), on=date(2026, 4, 1))
    assert not ReviewSubmission.objects.exists()


def test_a_supervisor_cannot_send_a_case_to_legal_review_through_the_api(client, cw, ready):
    _, key = api_token_create(user=_user(cw, "supervisor"), name="t", actor=None)
    resp = client.post(
        f"/api/v1/cases/{ready.pk}/review",
        {"materials": MATERIALS},
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert resp.status_code == 403, resp.content
    assert "监督人员" in resp.json()["detail"]
    assert not ReviewSubmission.objects.exists()
    # The case's officer can.
    _, key = api_token_create(user=cw.officer_user, name="t", actor=None)
    resp = client.post(
        f"/api/v1/cases/{ready.pk}/review",
        {"materials": MATERIALS},
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert resp.status_code == 201, resp.content


def test_a_supervisor_cannot_dispute_a_returned_opinion(cw, ready):
    sub = services.submit(case=ready, materials=MATERIALS, actor=cw.officer_user, on=date(2026, 4, 1))
    with pytest.raises(PermissionDenied, match="监督人员"):
        services.dispute(submission=sub, reasons="不同意", actor=_user(cw, "supervisor"))


def test_the_review_desk_is_the_agencys_reviewers_and_heads(cw, ready):
    """Reassigning a submission is the review desk's act (a legal reviewer or the head); settling a
    dispute is the deciding agency's head's, not another agency's."""
    from zhifa.personnel.services import legal_reviewer_appoint
    from zhifa.testing import make_officer

    officer = make_officer(agency=cw.world.agency_a, name="法制员", law_qualification=True)
    reviewer = legal_reviewer_appoint(
        officer=officer, appointed_on=date(2025, 1, 1), first_time=True, actor=None
    )
    sub = services.submit(case=ready, materials=MATERIALS, actor=cw.officer_user, on=date(2026, 4, 1))
    for role in ("publicity_clerk", "supervisor", "officer"):
        user = cw.officer_user if role == "officer" else _user(cw, role)
        with pytest.raises(PermissionDenied, match="只有法制审核人员或负责人"):
            services.assign(submission=sub, reviewer=reviewer, actor=user)
    services.assign(submission=sub, reviewer=reviewer, actor=cw.head)
    other_head = make_user(username="b_head", role="agency_head", agency=cw.world.agency_b)
    with pytest.raises(PermissionDenied, match="作出决定的行政机关的负责人"):
        services.head_decide(submission=sub, decision="uphold_review", reason="r", actor=other_head)
