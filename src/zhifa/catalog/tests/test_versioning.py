"""Catalogue changes are versioned (who, when, what) so that a case can say which version of a
benchmark applied; administrators' admin edits are journaled in the same transaction."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from zhifa.catalog.models import BenchmarkTier, DiscretionBenchmark
from zhifa.catalog.selectors import benchmark_version_at
from zhifa.catalog.services import TierSpec, benchmark_create
from zhifa.core.errors import DomainError
from zhifa.journal.models import JournalEntry
from zhifa.testing import make_user, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def bm():
    w = make_world()
    return benchmark_create(
        item=w.item_a,
        name="食品安全标准裁量基准",
        effective_from=date(2025, 1, 1),
        tiers=[
            TierSpec("minor", "货值金额不足一万元，首次违法", Decimal("50000"), Decimal("80000")),
            TierSpec("ordinary", "货值金额一万元以上", Decimal("80000"), Decimal("150000")),
        ],
        actor=None,
    )


def test_old_version_stays_readable_after_an_edit(bm):
    before_edit = timezone.now()
    bm.name = "食品安全标准裁量基准（2026年修订）"
    bm.save()
    old = benchmark_version_at(benchmark_id=bm.pk, when=before_edit)
    new = benchmark_version_at(benchmark_id=bm.pk, when=timezone.now())
    assert old.name == "食品安全标准裁量基准"
    assert new.name.endswith("（2026年修订）")
    assert old.history_id != new.history_id
    assert [
        h.history_type for h in BenchmarkTier.history.filter(benchmark_id=bm.pk).order_by("history_id")
    ] == ["+", "+"]


def test_tiers_must_be_well_formed(bm):
    with pytest.raises(DomainError, match="下限高于上限"):
        benchmark_create(
            item=bm.item,
            name="x",
            effective_from=date(2025, 1, 1),
            tiers=[TierSpec("minor", "x", Decimal("9"), Decimal("1"))],
            actor=None,
        )
    assert DiscretionBenchmark.objects.count() == 1


def test_admin_edit_is_journaled_and_versioned(client, bm):
    w_admin = make_user(username="root", role="administrator")
    client.force_login(w_admin)
    url = reverse("admin:catalog_enforcementitem_change", args=[bm.item.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "name": "生产经营不符合食品安全标准的食品（修订）",
            "agency": bm.item.agency_id,
            "field": bm.item.field_id,
            "legal_bases-TOTAL_FORMS": "0",
            "legal_bases-INITIAL_FORMS": "0",
        }
    )
    resp = client.post(url, data)
    assert resp.status_code == 302, resp.content.decode()[:2000]
    entry = JournalEntry.objects.filter(event_type="admin.catalog.enforcementitem.changed").get()
    assert entry.payload_data["changed"]["name"].endswith("（修订）")
    assert entry.actor_id == w_admin.pk and entry.agency_id == bm.item.agency_id
    assert bm.item.history.count() == 2
