"""法制审核 of a case with several violations (issue 17): the frozen proposal holds every violation, so a
change to any one of them after agreement voids the agreement (行政处罚法 Art.58; 国办发〔2018〕118号 四)."""

from datetime import date

import pytest

from zhifa.cases import engine
from zhifa.cases.tests.conftest import step
from zhifa.cases.tests.test_violations import item_c, reported, two_violations  # noqa: F401
from zhifa.review import proposal, services
from zhifa.review.tests.test_review import MATERIALS, reviewer, rule  # noqa: F401

pytestmark = pytest.mark.django_db


def test_change_in_one_violation_voids_the_agreed_review_art58(cw, lead, item_c, rule, reviewer):  # noqa: F811
    _, user = reviewer
    violations = two_violations(cw, item_c)
    case = reported(cw, lead, violations)  # 110,000 in total: the catalogue's 100,000 row fires
    case = step(cw, case, "serve_notice", date(2026, 3, 23), hearing_offered=True)
    case = step(cw, case, "close_statement", date(2026, 3, 31), waived=True)
    sub = services.submit(case=case, materials=MATERIALS, actor=cw.officer_user, on=date(2026, 4, 1))
    assert [v["ordinal"] for v in sub.proposal_data["violations"]] == [1, 2]
    services.issue_opinion(
        submission=sub, kind="agree", text="同意", checklist=[], actor=user, on=date(2026, 4, 2)
    )
    # Only the second violation's cited provision changes: the totals are the same, the hash is not.
    before = proposal.freeze(case)[1]
    violations[1]["legal_basis"] = "《中华人民共和国食品安全法》第五十三条第二款"
    case = step(cw, case, "revise_proposal", date(2026, 4, 2), violations=violations)
    assert str(case.fine_amount) == "110000.00"
    assert proposal.freeze(case)[1] != before
    with pytest.raises(engine.TransitionRefused, match="审核同意后又有改动"):
        step(cw, case, "decide", date(2026, 4, 3))
    sub2 = services.submit(case=case, materials=MATERIALS, actor=cw.officer_user, on=date(2026, 4, 3))
    services.issue_opinion(
        submission=sub2, kind="agree", text="同意", checklist=[], actor=user, on=date(2026, 4, 3)
    )
    assert step(cw, case, "decide", date(2026, 4, 7)).state == "decided"


def test_single_violation_proposal_keeps_its_hash(cw, lead):
    """A one-violation case freezes as before (no `violations` key): reviews agreed before issue 17
    are not voided by the migration."""
    from zhifa.cases.tests.conftest import to_reported

    case = to_reported(cw, lead)
    assert "violations" not in proposal.snapshot(case)
