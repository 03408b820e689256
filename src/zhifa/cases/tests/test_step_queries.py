"""A case step reads what its guards need once: a bounded number of queries, whatever the number of
officers on the case; it writes back only the columns it changed."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhifa.cases import engine, services
from zhifa.cases.tests.conftest import DISCOVERED, PROPOSAL
from zhifa.testing import make_certificate, make_officer

pytestmark = pytest.mark.django_db

STEPS = [
    ("file", date(2026, 3, 4), "head", {}),
    ("report", date(2026, 3, 20), "officer", None),
    ("serve_notice", date(2026, 3, 23), "head", {}),
    ("close_statement", date(2026, 3, 24), "head", {"waived": True, "summary": "书面放弃"}),
    ("decide", date(2026, 3, 25), "head", {}),
    ("serve_decision", date(2026, 3, 26), "head", {"method": "direct"}),
    # 行政处罚法 Art.67: the bank's receipt (its number made unique per case in _drive).
    ("record_payment", date(2026, 3, 27), "head", {"receipt_amount": "60000"}),
    ("close", date(2026, 3, 30), "head", {}),
]


def _drive(cw, officers, name):
    party = services.party_create(
        agency=cw.world.agency_a,
        kind="legal_person",
        name=name,
        address="江北市城关街道1号",
        credit_code="91350100M000100Y43",
    )
    case = services.case_open(
        agency=cw.world.agency_a,
        procedure="general",
        item=cw.world.item_a,
        party=party,
        title="销售不符合食品安全标准的食品",
        place=cw.world.township_a,
        discovered_on=DISCOVERED,
        act_on=date(2026, 2, 20),
        officers=officers,
        lead_officer=officers[0],
        actor=cw.officer_user,
    )
    counts = {}
    for step, on, who, data in STEPS:
        if data is None:
            data = {**PROPOSAL, "benchmark_id": cw.benchmark.pk}
        if "receipt_amount" in data:
            data = {**data, "receipt_number": f"{name}-回单"}
        actor = cw.head if who == "head" else cw.officer_user
        with CaptureQueriesContext(connection) as ctx:
            case = engine.execute(case=case, transition=step, actor=actor, data=data, on=on)
        counts[step] = len(ctx.captured_queries)
    assert case.state == "closed"
    return counts


# Every step of the general procedure, those that issue PDFs included (立案审批表; 告知书 and its 送达回证;
# 决定书, with the review gate on `decide`; 送达回证; 结案审批表); inside the test's transaction each step's
# atomic block adds a SAVEPOINT and its RELEASE. One query per step reads the agency's numbering
# templates (cases.numbering, issue 12), whatever the number of documents the step issues; one more on
# `decide` reads the agency's collection account for the payment clause (罚缴分离, 行政处罚法 Art.67 para.1).
MAX_QUERIES_PER_STEP = 18


def test_a_step_issues_a_bounded_number_of_queries_whatever_the_officers(cw):
    _drive(cw, cw.officers[:2], "江北市甲食品有限公司")  # creates the document sequences
    two = _drive(cw, cw.officers[:2], "江北市乙食品有限公司")
    assert max(two.values()) <= MAX_QUERIES_PER_STEP, two
    # Each guard used to read the officers and each officer's certificates again: more officers meant
    # more queries. Now the officers and their certificates are read once per step.
    more = [make_officer(agency=cw.world.agency_a, name=n) for n in ("孙丽", "周杰", "吴敏", "郑洁")]
    for o in more:
        make_certificate(
            officer=o, field=cw.world.field_market, area=cw.world.city, valid_from=date(2024, 1, 1)
        )
    six = _drive(cw, [*cw.officers[:2], *more], "江北市丙食品有限公司")
    assert six == two


def test_a_step_writes_only_the_columns_it_changed(cw):
    party = services.party_create(
        agency=cw.world.agency_a, kind="natural_person", name="张三", address="江北市城关街道2号"
    )
    case = services.case_open(
        agency=cw.world.agency_a,
        procedure="general",
        item=cw.world.item_a,
        party=party,
        title="销售过期食品",
        place=cw.world.township_a,
        discovered_on=DISCOVERED,
        act_on=date(2026, 2, 20),
        officers=cw.officers[:2],
        actor=None,
    )
    with CaptureQueriesContext(connection) as ctx:
        case = engine.execute(case=case, transition="file", actor=cw.head, on=date(2026, 3, 4))
    updates = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith('UPDATE "cases_case"')]
    assert len(updates) == 1
    assigned = updates[0].split(" SET ", 1)[1].split(" WHERE ", 1)[0]
    columns = set(re.findall(r'"(\w+)" = ', assigned))
    assert columns == {"state", "case_number", "filed_on", "updated_at"}
    case.refresh_from_db()
    assert case.state == "investigating" and case.case_number and case.filed_on == date(2026, 3, 4)


def test_the_guards_of_a_step_read_the_case_clocks_once(cw, lead):
    """`decide` checks the statement period (行政处罚法 Art.45, 62) and the decision period (Art.60): the
    case's clocks are read once for both, not once per guard."""
    from zhifa.cases.tests.conftest import to_reported

    case = engine.execute(
        case=to_reported(cw, lead), transition="serve_notice", actor=cw.head, data={}, on=date(2026, 3, 23)
    )
    # Not waived: the statement period is read to see that it ended (03-30).
    case = engine.execute(
        case=case, transition="close_statement", actor=cw.head, data={}, on=date(2026, 3, 31)
    )
    with CaptureQueriesContext(connection) as ctx:
        engine.execute(case=case, transition="decide", actor=cw.head, data={}, on=date(2026, 4, 1))
    reads = [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].startswith("SELECT") and '"cases_deadline"' in q["sql"]
    ]
    assert len(reads) == 1, reads
