"""The case list's search: case number, 案由 or party name containing the term, 1–2 character terms
(surnames, given names) included; on PostgreSQL through the n-gram indexes of migration 0002, with the
plain substring test for common terms, and the same answer either way."""

from datetime import date

import pytest
from django.db import connection

from zhifa.accounts.selectors import scope_for
from zhifa.cases import selectors, services
from zhifa.cases.tests.conftest import DISCOVERED, FILED, step

pytestmark = pytest.mark.django_db

PARTIES = [
    ("natural_person", "王伟", ""),
    ("natural_person", "王伟芳", ""),
    ("natural_person", "李伟", ""),
    ("natural_person", "欧阳娜", ""),
    ("legal_person", "江北市鑫源食品有限公司", "91350100M000100Y43"),
    ("legal_person", "江北市ABC商贸有限公司", "91350100M000100Y43"),
    ("legal_person", "江北市北江食品有限公司", "91350100M000100Y43"),
]


@pytest.fixture
def cases(cw):
    out = {}
    for i, (kind, name, code) in enumerate(PARTIES):
        party = services.party_create(
            agency=cw.world.agency_a, kind=kind, name=name, address="江北市城关街道", credit_code=code
        )
        out[name] = services.case_open(
            agency=cw.world.agency_a,
            procedure="general",
            item=cw.world.item_a,
            party=party,
            title="经营超过保质期的食品" if i % 2 else "虚假宣传",
            place=cw.world.township_a,
            discovered_on=DISCOVERED,
            act_on=date(2026, 2, 20),
            officers=cw.officers[:2],
            actor=None,
        )
    out["filed"] = step(cw, out["李伟"], "file", FILED)  # has a case number now
    # Another agency's case with a matching name stays out of the list.
    other = services.party_create(
        agency=cw.world.agency_b, kind="natural_person", name="王伟", address="江北市"
    )
    services.case_open(
        agency=cw.world.agency_b,
        procedure="general",
        item=cw.world.item_b,
        party=other,
        title="虚假宣传",
        place=cw.world.city,
        discovered_on=DISCOVERED,
        act_on=date(2026, 2, 20),
        officers=[],
        actor=None,
    )
    return out


def _names(cw, term):
    scope = scope_for(cw.head)
    found = selectors.case_list(scope=scope, filters=selectors.CaseFilters(search=term))
    return sorted(c.party.name for c in found)


@pytest.mark.parametrize(
    ("term", "names"),
    [
        ("王", ["王伟", "王伟芳"]),  # a surname: one character
        ("伟", ["李伟", "王伟", "王伟芳"]),
        ("王伟", ["王伟", "王伟芳"]),  # two characters
        ("伟芳", ["王伟芳"]),
        ("欧阳", ["欧阳娜"]),
        ("欧阳娜", ["欧阳娜"]),
        ("鑫源", ["江北市鑫源食品有限公司"]),
        ("江北市鑫源食品有限公司", ["江北市鑫源食品有限公司"]),
        ("abc", ["江北市ABC商贸有限公司"]),  # letters: case-insensitive
        ("保质期", ["江北市ABC商贸有限公司", "王伟芳", "欧阳娜"]),  # the 案由
        ("北江", ["江北市北江食品有限公司"]),
        ("北江北", []),  # both its pairs (北江, 江北) are in 江北市北江…, the term is not
        ("张", []),
    ],
)
def test_search_finds_substrings_of_any_length(cw, cases, term, names):
    assert _names(cw, term) == sorted(names)


def test_search_finds_the_case_number(cw, cases):
    number = cases["filed"].case_number
    assert number
    assert _names(cw, number) == ["李伟"]
    assert _names(cw, number[-6:]) == ["李伟"]


def test_common_terms_take_the_substring_scan_with_the_same_answer(cw, cases, monkeypatch):
    expected = {t: _names(cw, t) for t in ("王", "王伟", "保质期", "江北市")}
    monkeypatch.setattr(selectors, "SEARCH_CANDIDATES_MAX", 1)  # every term counts as common
    assert {t: _names(cw, t) for t in expected} == expected


def test_the_workbench_list_searches_party_names(client, cw, cases):
    client.force_login(cw.head)
    page = client.get("/workbench/cases/", {"q": "王伟"}).content.decode()
    assert "王伟芳" in page and "欧阳娜" not in page and "李伟" not in page


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the n-gram indexes are PostgreSQL's")
def test_the_candidates_come_from_the_ngram_indexes(cw, cases):
    grams = selectors.search_grams("王伟")
    with connection.cursor() as c:
        c.execute("SET LOCAL enable_seqscan = off")  # the tables are tiny here: make the choice visible
        c.execute("EXPLAIN " + selectors._CANDIDATES, [grams, grams, 10])
        plan = "\n".join(row[0] for row in c.fetchall())
    assert "case_search_ngrams" in plan and "party_name_ngrams" in plan, plan
    with connection.cursor() as c:
        c.execute("SELECT zhifa_ngrams('王伟芳')")
        assert sorted(c.fetchone()[0]) == sorted(["王", "伟", "芳", "王伟", "伟芳"])


def test_officer_and_due_filters_list_each_case_once(cw, cases):
    from zhifa.cases.models import Deadline

    scope = scope_for(cw.head)
    lead = cases["王伟"]
    # Two running clocks due before the date: the case is listed once, and counted once.
    for kind in ("filing", "preservation"):
        Deadline.objects.create(
            case=lead, kind=kind, label=kind, rule="", anchor_on=DISCOVERED, due_on=date(2026, 3, 10)
        )
    due = selectors.case_list(scope=scope, filters=selectors.CaseFilters(due_before=date(2026, 3, 10)))
    assert [c.pk for c in due].count(lead.pk) == 1 and due.count() == len(list(due))
    mine = selectors.case_list(scope=scope, filters=selectors.CaseFilters(officer_id=cw.officers[1].pk))
    assert {c.pk for c in mine} == {c.pk for k, c in cases.items() if k != "filed"}
    assert mine.count() == len(cases) - 1
    nobody = selectors.case_list(scope=scope, filters=selectors.CaseFilters(officer_id=cw.officers[2].pk))
    assert not nobody.exists()
