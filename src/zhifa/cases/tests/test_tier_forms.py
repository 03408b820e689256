"""The tier check against benchmarks as agencies write them (行政处罚法 Art.34; 国市监法规〔2022〕2号):
a multiple of a base amount, an open end, branches, and a fine on the responsible persons (双罚)."""

from datetime import date
from decimal import Decimal

import pytest

from zhifa.cases import engine
from zhifa.cases.models import Case
from zhifa.cases.tests.conftest import FILED, PROPOSAL, step
from zhifa.catalog.services import benchmark_create, tier_spec_from_text

pytestmark = pytest.mark.django_db


def refused(guard_code, fn):
    with pytest.raises(engine.TransitionRefused) as exc:
        fn()
    codes = [r.guard for r in exc.value.refusals]
    assert guard_code in codes, codes
    return next(r for r in exc.value.refusals if r.guard == guard_code)


@pytest.fixture
def filed(cw, lead):
    return step(cw, lead, "file", FILED)


def to_reported(cw, case, **overrides):
    """The report step on the filed case; a refused attempt leaves it filed for the next one."""
    return engine.execute(
        case=Case.objects.get(pk=case.pk),
        transition="report",
        actor=cw.officer_user,
        data={**PROPOSAL, **overrides},
        on=date(2026, 3, 20),
    )


def _benchmark(cw, *tiers):
    return benchmark_create(
        item=cw.world.item_a,
        name="食品安全法第一百二十四条裁量基准",
        effective_from=date(2025, 1, 1),
        tiers=[tier_spec_from_text(**t) for t in tiers],
        actor=None,
    )


@pytest.fixture
def multiple_bm(cw):
    # As in provincial 市场监管 benchmarks of 食品安全法 Art.124 (2021): the tier is labelled in the
    # agency's words and the fine is a multiple of 货值金额, with a branch for small amounts.
    return _benchmark(
        cw,
        {
            "label": "较重违法行为",
            "conditions": "货值金额一万元以上，且有两次以上同类违法行为的",
            "fine_text": "没收违法所得和违法生产经营的食品；货值金额一万元以上的，"
            "并处货值金额十五倍以上二十倍以下罚款",
        },
        {
            "label": "不予处罚",
            "conditions": "初次违法且危害后果轻微并及时改正的",
            "fine_text": "不予行政处罚",
        },
    )


def test_multiple_of_base_tier_refused_without_the_base_amount_art34(cw, filed, multiple_bm):
    """A tier stated as a multiple of 货值金额 cannot be checked without it: a clear Chinese refusal."""
    r = refused(
        "amount_within_tier",
        lambda: to_reported(
            cw, filed, benchmark_id=multiple_bm.pk, benchmark_tier="较重违法行为", fine_amount="300000"
        ),
    )
    assert "货值金额" in r.message and "计算基数" in r.message
    assert "第三十四条" in r.article


def test_multiple_of_base_tier_refused_outside_and_accepted_inside_art34(cw, filed, multiple_bm):
    """货值金额 20,000 × 15–20 = 300,000–400,000 元: 280,000 is refused, 300,000 accepted."""
    common = {
        "benchmark_id": multiple_bm.pk,
        "benchmark_tier": "较重违法行为",
        "base_kind": "货值金额",
        "base_amount": "20000",
    }
    r = refused("amount_within_tier", lambda: to_reported(cw, filed, fine_amount="280000", **common))
    assert "300000" in r.message and "400000" in r.message
    case = to_reported(cw, filed, fine_amount="300000", **common)
    assert case.fine_amount == Decimal("300000") and case.base_amount == Decimal("20000")


def test_base_kind_must_be_the_tiers_base(cw, filed, multiple_bm):
    r = refused(
        "amount_within_tier",
        lambda: to_reported(
            cw,
            filed,
            benchmark_id=multiple_bm.pk,
            benchmark_tier="较重违法行为",
            base_kind="违法所得",
            base_amount="20000",
            fine_amount="300000",
        ),
    )
    assert "计算基数应为货值金额" in r.message


def test_no_penalty_tier_takes_no_fine_art33(cw, filed, multiple_bm):
    r = refused(
        "amount_within_tier",
        lambda: to_reported(
            cw, filed, benchmark_id=multiple_bm.pk, benchmark_tier="不予处罚", fine_amount="1000"
        ),
    )
    assert "不予处罚" in r.message and "第三十三条" in r.article


@pytest.fixture
def double_bm(cw):
    # The 安全生产法 (2021) pattern: an upper-bound-only fine, a branch "逾期未改正的", 责令停产停业整顿
    # and a fine on the responsible persons (双罚).
    return _benchmark(
        cw,
        {
            "label": "B",
            "tier": "serious",
            "conditions": "责令限期改正，逾期未改正的",
            "fine_text": "责令停产停业整顿，并处十万元以上二十万元以下的罚款，对其直接负责的主管人员和"
            "其他直接责任人员处二万元以上五万元以下的罚款",
        },
        {
            "label": "A",
            "tier": "ordinary",
            "conditions": "首次发现，能够在限期内改正的",
            "fine_text": "责令限期改正，处十万元以下的罚款",
        },
    )


def test_double_penalty_tier_checks_the_persons_fine_on_its_own_range(cw, filed, double_bm):
    """双罚: the unit's fine and the responsible persons' fine each within their own range."""
    common = {"benchmark_id": double_bm.pk, "benchmark_tier": "B", "fine_amount": "150000"}
    r = refused("amount_within_tier", lambda: to_reported(cw, filed, person_fine_amount="60000", **common))
    assert "对责任人员罚款 60000" in r.message and "2万元以上5万元以下" in r.message
    case = to_reported(cw, filed, person_fine_amount="30000", **common)
    assert case.person_fine_amount == Decimal("30000")


def test_persons_fine_refused_where_the_tier_has_none_art4(cw, filed, double_bm):
    r = refused(
        "amount_within_tier",
        lambda: to_reported(
            cw,
            filed,
            benchmark_id=double_bm.pk,
            benchmark_tier="A",
            fine_amount="50000",
            person_fine_amount="10000",
        ),
    )
    assert "未规定对直接负责的主管人员" in r.message


def test_upper_bound_only_tier_checks_only_its_upper_bound(cw, filed, double_bm):
    """ "处十万元以下的罚款": any amount up to 100,000 passes, above it is refused (no lower bound)."""
    common = {"benchmark_id": double_bm.pk, "benchmark_tier": "A"}
    r = refused("amount_within_tier", lambda: to_reported(cw, filed, fine_amount="100001", **common))
    assert "100000.00 元以下" in r.message
    case = to_reported(cw, filed, fine_amount="500", **common)
    assert case.fine_amount == Decimal("500")


def test_tier_may_be_named_by_severity_when_unambiguous(cw, filed, double_bm):
    case = to_reported(cw, filed, benchmark_id=double_bm.pk, benchmark_tier="ordinary", fine_amount="800")
    assert case.benchmark_tier == "ordinary"


def test_case_page_offers_the_agencys_tier_labels(client, cw, filed, double_bm):
    client.force_login(cw.head)
    html = client.get(f"/workbench/cases/{filed.pk}/").content.decode()
    assert '<option value="B">食品安全法第一百二十四条裁量基准：B（较重）</option>' in html
