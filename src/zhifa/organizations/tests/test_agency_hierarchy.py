"""Agency hierarchies (issue 12 part 4): 分局 and 派出机构 under their agency, a 受委托组织 and the agency
that entrusted it (行政处罚法 Art.20), which is the one that decides."""

from __future__ import annotations

import pytest

from zhifa.core.errors import DomainError
from zhifa.journal.models import JournalEntry
from zhifa.lib.identifiers import complete_credit_code
from zhifa.organizations.models import Agency
from zhifa.organizations.services import agency_create, agency_update
from zhifa.testing import make_world

pytestmark = pytest.mark.django_db


def create(w, name, n, **kw):
    kw.setdefault("kind", "statutory_organ")
    return agency_create(
        actor=None, name=name, credit_code=complete_credit_code(f"11990100{n:08d}"), region=w.city, **kw
    )


def test_a_branch_and_a_dispatched_organ_name_their_agency_and_decide_themselves():
    w = make_world()
    bureau = create(w, "江北市公安局", 101)
    branch = create(w, "江北市公安局江北分局", 102, parent=bureau, branch_kind="branch")
    station = create(
        w, "江北分局城关派出所", 103, kind="authorized_organization", parent=branch, branch_kind="dispatched"
    )
    assert list(bureau.branches.all()) == [branch] and station.parent == branch
    assert station.deciding_agency == station  # 治安管理处罚法(2012) Art.91: a 派出所 decides in its own name
    entry = JournalEntry.objects.get(
        event_type="agency.created", subject=f"organizations.agency:{station.pk}"
    )
    assert entry.payload_data["parent"] == "江北市公安局江北分局"
    with pytest.raises(DomainError, match="上级机关不能是本机关或其下属机构"):
        agency_update(agency=bureau, actor=None, parent=station)
    assert Agency.objects.get(pk=bureau.pk).parent is None


def test_a_branch_kind_needs_a_parent():
    w = make_world()
    with pytest.raises(DomainError, match="分局必须填写上级机关"):
        create(w, "某分局", 104, branch_kind="branch")


def test_the_entrusting_agency_decides_for_the_entrusted_organization():
    """行政处罚法 Art.20 ¶2-3."""
    w = make_world()
    squad = create(w, "江北市农业综合执法大队", 105, kind="entrusted_organization", entrusted_by=w.agency_b)
    assert squad.deciding_agency == w.agency_b and list(w.agency_b.entrusted.all()) == [squad]
    with pytest.raises(DomainError, match="只有受委托组织才有委托机关"):
        create(w, "某行政机关", 106, entrusted_by=w.agency_b)
    with pytest.raises(DomainError, match="不得再委托"):
        create(w, "某服务站", 107, kind="entrusted_organization", entrusted_by=squad)


def test_the_api_shows_the_hierarchy_and_who_decides(client):
    from zhifa.accounts.services import api_token_create
    from zhifa.testing import make_user

    w = make_world()
    squad = create(w, "江北市农业综合执法大队", 108, kind="entrusted_organization", entrusted_by=w.agency_b)
    user = make_user(username="squad-officer", role="officer", agency=squad)
    _, key = api_token_create(user=user, name="测试", actor=None)
    data = client.get(f"/api/v1/agencies/{squad.pk}", headers={"Authorization": f"Bearer {key}"}).json()
    assert data["entrusted_by"] == data["deciding_agency"] == "江北市生态环境局"
    assert data["parent"] is None and data["branch_kind"] == ""
