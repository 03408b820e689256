"""Every role's home opens with its to-do list (待办, issue 18 §2): what is waiting for this user to act
on, the soonest due first, from the apps' sections (core.todo), in a query count that does not grow with
the cases."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhifa.cases import services
from zhifa.cases.tests.conftest import DISCOVERED, cw, party, step
from zhifa.core import todo
from zhifa.testing import make_user

pytestmark = pytest.mark.django_db
__all__ = ["cw", "party"]  # the case fixtures, shared with the cases tests


def _home(client, user) -> tuple[int, str]:
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/workbench/")
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def _open(cw, party, title: str):
    return services.case_open(
        agency=cw.world.agency_a,
        procedure="general",
        item=cw.world.item_a,
        party=party,
        title=title,
        place=cw.world.township_a,
        discovered_on=DISCOVERED,
        act_on=date(2026, 2, 20),
        officers=cw.officers[:2],
        lead_officer=cw.officers[0],
        actor=cw.officer_user,
    )


def _section(page: str, title: str) -> str:
    start = page.index(title)
    return page[start : page.index("</section>", start)]


def test_officer_home_lists_own_cases_soonest_deadline_first_and_not_others(client, cw, party):
    officer = cw.officers[0]
    officer.user = cw.officer_user
    officer.save()
    first = _open(cw, party, "甲案")
    second = step(cw, _open(cw, party, "乙案"), "file", date(2026, 3, 4))
    other = make_user(username="other-off", role="officer", agency=cw.world.agency_a)
    _, page = _home(client, cw.officer_user)
    mine = _section(page, "我承办的案件")
    assert "甲案" in mine and "乙案" in mine
    # Each case shows its next running clock; the one that ends first is on top.
    assert second.case_number in mine
    due = {
        c.title: c.deadlines.filter(status="running").order_by("due_on").first().due_on
        for c in (first, second)
    }
    sooner, later = sorted(due, key=lambda t: due[t])
    assert due[sooner] < due[later] and mine.index(sooner) < mine.index(later)
    assert f"至 {due[sooner]:%Y-%m-%d}" in mine
    _, page = _home(client, other)
    assert "本账号未关联执法人员" in _section(page, "我承办的案件")


def test_head_home_lists_cases_waiting_for_filing_approval_and_decision(client, cw, party):
    _open(cw, party, "待立案的案件")
    _, page = _home(client, cw.head)
    approvals = _section(page, "待我审批")
    assert "待立案的案件" in approvals and "待立案审批" in approvals
    # An officer is never shown the head's approvals (nothing a role cannot act on).
    _, officer_page = _home(client, cw.officer_user)
    assert "待我审批" not in officer_page


def test_home_query_count_does_not_grow_with_the_cases(client, cw, party):
    officer = cw.officers[0]
    officer.user = cw.officer_user
    officer.save()
    _open(cw, party, "一")
    before, _ = _home(client, cw.head)
    before_officer, _ = _home(client, cw.officer_user)
    for i in range(12):
        _open(cw, party, f"案{i}")
    after, page = _home(client, cw.head)
    after_officer, _ = _home(client, cw.officer_user)
    assert after == before and after_officer == before_officer
    assert f"另有 {13 - todo.SHOWN} 项" in _section(page, "待我审批")


def test_reviewer_and_clerk_homes_have_no_placeholder_text(client, cw):
    reviewer = make_user(username="rev-home", role="legal_reviewer", agency=cw.world.agency_a)
    clerk = make_user(username="clerk-home", role="publicity_clerk", agency=cw.world.agency_a)
    _, page = _home(client, reviewer)
    assert "待我审核" in page and "上线后" not in page
    _, page = _home(client, clerk)
    assert "待公示的决定" in page and "上线后" not in page


def test_every_section_key_is_registered_once_for_known_roles():
    from zhifa.accounts.models import Role

    keys = [k for k, _ in todo.registered()]
    assert len(keys) == len(set(keys))
    assert all(roles <= set(Role.values) for _, roles in todo.registered())
