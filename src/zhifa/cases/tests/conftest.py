import itertools
from datetime import date
from decimal import Decimal

import pytest

from zhifa.cases import engine, services
from zhifa.testing import make_case_world

# Fixed dates inside the loaded 2026 calendar, so every deadline is exact and not provisional.
DISCOVERED = date(2026, 3, 2)  # Monday
FILED = date(2026, 3, 4)


@pytest.fixture
def cw():
    return make_case_world()


@pytest.fixture
def party(cw):
    return services.party_create(
        agency=cw.world.agency_a,
        kind="legal_person",
        name="江北市某食品有限公司",
        address="江北市城关街道1号",
        credit_code="91350100M000100Y43",
        legal_representative="陈某",
    )


@pytest.fixture
def lead(cw, party):
    return services.case_open(
        agency=cw.world.agency_a,
        procedure="general",
        item=cw.world.item_a,
        party=party,
        title="销售不符合食品安全标准的食品",
        place=cw.world.township_a,
        discovered_on=DISCOVERED,
        act_on=date(2026, 2, 20),
        officers=cw.officers[:2],
        lead_officer=cw.officers[0],
        actor=cw.officer_user,
    )


PROPOSAL = {
    "penalty_kinds": ["罚款"],
    "fine_amount": "60000",
    "benchmark_tier": "minor",
    "tier_reason": "货值金额较小，首次违法，积极配合调查",
    "facts": "当事人于2026年2月20日销售不符合食品安全标准的食品，货值金额3000元。",
}


_receipts = itertools.count(1)


def receipt(amount, number=None, paid_on=None):
    """The bank's receipt given with record_payment (行政处罚法 Art.67, 74: 罚缴分离 — the receipt is the
    proof of payment; cases.payments.receipts_cover refuses the step without it)."""
    data = {"receipt_number": number or f"TEST-RECEIPT-{next(_receipts)}", "receipt_amount": str(amount)}
    return {**data, **({"receipt_paid_on": paid_on} if paid_on else {})}


def step(cw, case, name, on, actor=None, **data):
    return engine.execute(case=case, transition=name, actor=actor or cw.head, data=data, on=on)


def to_reported(cw, lead, **overrides):
    case = step(cw, lead, "file", FILED)
    data = {**PROPOSAL, "benchmark_id": cw.benchmark.pk, **overrides}
    return engine.execute(
        case=case, transition="report", actor=cw.officer_user, data=data, on=date(2026, 3, 20)
    )


@pytest.fixture
def money():
    return Decimal


def rendered_pdf(doc):
    """The PDF of an issued document. Tests run inside one transaction, so the after-commit rendering
    never fires: render here, as the daily job or the first download would."""
    from django.core.files.storage import storages

    from zhifa.cases import documents

    doc = documents.render(doc.pk)
    with storages["default"].open(documents.pdf_path(doc.sha256), "rb") as fh:
        return fh.read()


def open_compulsion(cw, party, on, title="扣押涉案食品"):
    """A compulsion case opened by the officer on `on` (discovered and acted on that day)."""
    return services.case_open(
        agency=cw.world.agency_a,
        procedure="compulsion",
        item=cw.world.item_a,
        party=party,
        title=title,
        place=cw.world.township_a,
        discovered_on=on,
        act_on=on,
        officers=cw.officers[:2],
        actor=cw.officer_user,
    )
