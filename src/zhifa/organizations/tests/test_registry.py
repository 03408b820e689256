import pytest

from zhifa.core.errors import DomainError
from zhifa.journal.models import JournalEntry
from zhifa.lib.identifiers import complete_credit_code
from zhifa.organizations.models import Agency, Region
from zhifa.organizations.services import agency_create, agency_update, region_create
from zhifa.testing import make_world

pytestmark = pytest.mark.django_db


def test_region_tree_paths_and_containment():
    w = make_world()
    assert w.township_a.path == "/99/9901/990102/990102001/"
    assert w.city.contains(w.township_a) and not w.county_b.contains(w.township_a)


@pytest.mark.parametrize(
    ("code", "level", "parent", "message"),
    [
        ("9901", "city", "province", "6 位数字"),
        ("980200", "city", "province", "不一致"),
        ("990103", "county", "province", "上级应为市级"),
        ("990102", "township", "county", "9 位数字"),
    ],
)
def test_region_validation(code, level, parent, message):
    w = make_world()
    parents = {"province": w.province, "county": w.county_a}
    with pytest.raises(DomainError, match=message):
        region_create(code=code, name="x", level=level, parent=parents[parent], actor=None)


def test_agency_credit_code_check_character_gb32100():
    w = make_world()
    good = complete_credit_code("1199010000000077")
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    with pytest.raises(DomainError, match="校验"):
        agency_create(actor=None, name="某局", credit_code=bad, kind="statutory_organ", region=w.city)
    assert not Agency.objects.filter(name="某局").exists()
    a = agency_create(
        actor=None, name="某局", credit_code=good.lower(), kind="statutory_organ", region=w.city
    )
    assert a.credit_code == good


def test_agency_update_journals_the_diff():
    w = make_world()
    agency_update(agency=w.agency_a, actor=None, supervision_phone="0799-12345")
    entry = JournalEntry.objects.filter(event_type="agency.updated").get()
    assert entry.payload_data == {"supervision_phone": {"old": "", "new": "0799-12345"}}
    assert entry.agency_id == w.agency_a.pk


def test_a_region_is_journaled_once_and_a_duplicate_code_leaves_no_trace():
    """GB/T 2260: one code, one region. A new region is recorded with its parent; a second region with a
    code already used is refused with the code named, and neither a row nor an entry is left behind."""
    w = make_world()
    county = region_create(code="990122", name="青山县", level="county", parent=w.city, actor=None)
    entry = JournalEntry.objects.filter(
        event_type="region.created", subject=f"organizations.region:{county.pk}"
    ).get()
    assert entry.payload_data == {"code": "990122", "name": "青山县", "level": "county", "parent": "990100"}
    assert county.path == "/99/9901/990122/" and w.city.contains(county) and not w.county_a.contains(county)
    regions, entries = Region.objects.count(), JournalEntry.objects.count()
    with pytest.raises(DomainError, match="区划代码“990122”已存在"):
        region_create(code="990122", name="另一个县", level="county", parent=w.city, actor=None)
    assert (Region.objects.count(), JournalEntry.objects.count()) == (regions, entries)
    assert not Region.objects.filter(name="另一个县").exists()
