"""Registering items one at a time and a whole list at once (catalog.items): the same rows either way,
every refusal found before anything is written."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhifa.catalog.models import EnforcementItem, LawVersion, LegalBasis
from zhifa.catalog.services import BasisRef, ItemSpec, ItemsRefused, item_create, items_check, items_create
from zhifa.core.errors import DomainError
from zhifa.journal.models import JournalEntry
from zhifa.testing import World, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w() -> World:
    return make_world()


def spec(w: World, code: str, **kw: Any) -> ItemSpec:
    fields: dict[str, Any] = {"name": f"事项{code}", "kind": "penalty", "field": w.field_market}
    return ItemSpec(agency=w.agency_a, code=code, **{**fields, **kw})


def test_a_batch_registers_items_with_parents_in_it_histories_bases_and_one_entry_each(w: World) -> None:
    LawVersion.objects.create(law=w.law, year=2015, kind=LawVersion.Kind.REVISED)
    cited = BasisRef(law="食品安全法", article=122, paragraph=1, version="2015年修订", text="《食品安全法》…")
    specs = [
        spec(w, "M-1", bases=[cited, BasisRef(law="", article=None, text="按规定", problem="未能识别")]),
        spec(w, "M-1-1", parent_code="M-1", bases=[cited]),
        spec(w, "M-1-1-1", parent_code="M-1-1"),
        spec(
            w, "S-1", parent=w.item_a, time_limit=20, single_officer_basis=" 《道路交通安全法》第一百零七条 "
        ),
    ]
    items = items_create(specs=specs, actor=None)
    assert [i.code for i in items] == ["M-1", "M-1-1", "M-1-1-1", "S-1"]
    got = {i.code: i for i in EnforcementItem.objects.filter(code__in=["M-1", "M-1-1", "M-1-1-1", "S-1"])}
    assert got["M-1-1"].parent_id == got["M-1"].pk and got["M-1-1-1"].parent_id == got["M-1-1"].pk
    assert got["S-1"].parent_id == w.item_a.pk and got["S-1"].single_officer_basis.startswith("《道路")
    for item in got.values():
        assert list(item.history.values_list("history_type", flat=True)) == ["+"]
    first = list(LegalBasis.objects.filter(item=got["M-1"]).order_by("id"))
    assert first[0].version is not None and first[0].version.year == 2015 and not first[0].needs_review
    assert first[1].law is None and first[1].needs_review and first[1].review_note == "未能识别"
    assert all(b.history.count() == 1 for b in LegalBasis.objects.filter(item__in=got.values()))
    entries = {
        e.subject: e.payload_data for e in JournalEntry.objects.filter(event_type="catalog.item_created")
    }
    child = entries[f"catalog.enforcementitem:{got['M-1-1'].pk}"]
    assert child == {
        "code": "M-1-1",
        "name": "事项M-1-1",
        "kind": "penalty",
        "field": "market",
        "bases": ["《中华人民共和国食品安全法》（2015年修订）第一百二十二条第一款"],
        "parent": "M-1",
        "bases_to_review": 0,
    }
    assert entries[f"catalog.enforcementitem:{got['M-1'].pk}"]["bases_to_review"] == 1
    assert entries[f"catalog.enforcementitem:{got['S-1'].pk}"]["single_officer_basis"].startswith("《道路")


def test_every_refusal_is_found_before_anything_is_written(w: World) -> None:
    before = (EnforcementItem.objects.count(), JournalEntry.objects.count())
    specs = [
        spec(w, "A"),
        spec(w, w.item_a.code),  # registered already
        spec(w, "A"),  # twice in the batch
        spec(w, "B", parent_code="C"),  # its parent comes later
        spec(w, "C"),
        spec(w, "D", kind="nothing"),
        spec(w, "D-1", parent_code="D"),  # its parent is refused
        spec(w, "E", limitation_years=3),
        spec(w, "F", time_limit=3_000_000_000, levels="县" * 101),
        spec(w, "G", parent=w.item_b),  # another agency's item
    ]
    with pytest.raises(ItemsRefused) as refused:
        items_create(specs=specs, actor=None)
    problems = refused.value.problems
    assert {i: p.field for i, p in problems.items()} == {
        1: "code",
        2: "code",
        3: "parent",
        5: "kind",
        6: "parent",
        7: "limitation_years",
        8: "time_limit",
        9: "parent",
    }
    assert "已有编码为“330217001”的事项" in str(problems[1])
    assert "第三十六条" in str(problems[7])
    assert items_check(specs).keys() == problems.keys()
    assert (EnforcementItem.objects.count(), JournalEntry.objects.count()) == before


def test_item_create_raises_the_one_refusal(w: World) -> None:
    with pytest.raises(DomainError) as exc:
        item_create(
            agency=w.agency_a,
            code=w.item_a.code,
            name="又一个",
            kind="penalty",
            field=w.field_market,
            bases=[],
            actor=None,
        )
    assert not isinstance(exc.value, ItemsRefused) and exc.value.field == "code"


def test_a_large_batch_takes_a_few_statements_per_few_hundred_items_not_per_item(w: World) -> None:
    """The 权责清单 import target (≥ 500 rows/s) rests on this: 600 items with two references each and
    their parents in the batch are written in statements of many rows each, the cited laws and versions
    read once."""
    bases = [
        BasisRef(law="食品安全法", article=1, version="2015年修订"),
        BasisRef(law="中华人民共和国大气污染防治法", article=2),
    ]
    specs: list[ItemSpec] = []
    for n in range(150):
        specs.append(spec(w, f"P{n}", bases=bases))
        specs.extend(spec(w, f"P{n}-{k}", parent_code=f"P{n}", bases=bases) for k in range(3))
    with CaptureQueriesContext(connection) as queries:
        items_create(specs=specs, actor=None)
    assert EnforcementItem.objects.filter(code__startswith="P").count() == 600
    assert LegalBasis.objects.filter(item__code__startswith="P").count() == 1200
    # SQLite binds at most 999 values per statement, so a statement holds 30-70 rows there.
    assert len(queries) < 120, [q["sql"][:80] for q in queries.captured_queries]
