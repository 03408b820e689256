"""Benchmarks as agencies publish them go in faithfully (issue 12 part 2).

The rows follow the shape of real published 裁量基准 (texts paraphrased, names masked):
- 产品质量法 Art.50 benchmarks split "货值金额百分之五十以上三倍以下" into tiers named 从轻/一般/从重;
- 商务 benchmarks (再生资源回收管理办法 Art.21, e.g. the 衡阳市商务和粮食局 基准) name their tiers
  "一般违法行为/较重违法行为/严重违法行为" and give a 警告-only tier;
- 安全生产法-style tiers with only an upper bound ("处十万元以下的罚款"), a branch "逾期未改正的" and a fine
  on the responsible persons (双罚); some agencies label tiers A/B/C and state fines in 万元.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from zhifa.catalog.models import BenchmarkTier, DiscretionBenchmark
from zhifa.importer.tests.test_import import csv_to_xlsx, load, run, sample_text
from zhifa.organizations.models import Agency

pytestmark = pytest.mark.django_db

HEAD = "执法主体,事项编码,基准名称,施行日期"
WHO = "示例区市场监督管理局,SJ-CF-001"


@pytest.fixture
def items() -> None:
    load("fields", "laws", "regions", "agencies", "items")


def tiers(name: str) -> dict[str, BenchmarkTier]:
    return {t.display_label: t for t in BenchmarkTier.objects.filter(benchmark__name=name)}


def test_tier_labelled_in_the_agencys_words_with_a_percentage_range(items):
    """从轻/一般/从重 with fines as a share of 货值金额 (产品质量法 Art.50 benchmarks) and a 不予处罚 tier."""
    bm = "掺杂掺假裁量基准"
    text = "\n".join(
        [
            f"{HEAD},阶次名称,适用情形,罚款幅度",
            f"{WHO},{bm},2024-03-01,不予处罚,初次违法、危害后果轻微并及时改正的,不予行政处罚",
            f"{WHO},{bm},2024-03-01,从轻处罚,货值金额较小且主动消除危害后果的,"
            "处违法生产、销售产品货值金额百分之五十以上一倍以下的罚款；有违法所得的，并处没收违法所得",
            f"{WHO},{bm},2024-03-01,一般处罚,不具有从轻从重情节的,"
            "处违法生产、销售产品货值金额一倍以上二倍以下的罚款",
            f"{WHO},{bm},2024-03-01,从重处罚,两年内再次违法的,"
            "处违法生产、销售产品货值金额二倍以上三倍以下的罚款；情节严重的，吊销营业执照",
        ]
    )
    report = run("benchmarks", text)
    assert report.ok, report.as_text()
    t = tiers(bm)
    assert set(t) == {"不予处罚", "从轻处罚", "一般处罚", "从重处罚"}
    light = t["从轻处罚"]
    assert (light.tier, light.label) == ("minor", "从轻处罚")
    assert light.fine_base == "违法生产、销售产品货值金额"
    assert (light.rate_min, light.rate_max) == (Decimal("0.5"), Decimal("1"))
    assert light.fine_min is None and light.fine_max is None
    assert light.penalty_kinds == ["罚款", "没收违法所得"]
    assert light.fine_text.startswith("处违法生产、销售产品货值金额百分之五十以上一倍以下")  # kept as written
    assert t["从重处罚"].tier == "particularly_serious" and "吊销许可证件" in t["从重处罚"].penalty_kinds
    assert t["不予处罚"].tier == "no_penalty" and t["不予处罚"].label == ""


def test_upper_bound_only_tiers_in_wan_yuan_with_branch_and_double_penalty(items, tmp_path):
    """A/B labels with their severity beside them, 罚款上限 in a column headed （万元）, "处十万元以下的罚款"
    (upper bound only), "逾期未改正的" and a 双罚 column — from XLSX as agencies send them."""
    bm = "安全生产管理裁量基准"
    text = "\n".join(
        [
            f"{HEAD},阶次名称,裁量阶次,适用情形,罚款下限（万元）,罚款上限（万元）,罚款幅度,对责任人员罚款",
            f"{WHO},{bm},2023-07-01,A,一般,首次发现且在限期内改正的,,3,责令限期改正，可以处三万元以下罚款,",
            f"{WHO},{bm},2023-07-01,B,较重,逾期未改正的,10,20,"
            "逾期未改正的，责令停产停业整顿，并处十万元以上二十万元以下的罚款,二万元以上五万元以下",
            f"{WHO},{bm},2023-07-01,C,严重,拒不整顿或者造成事故的,,,"
            "责令停产停业整顿，并处二十万元以上的罚款；对其直接负责的主管人员和其他直接责任人员处"
            "五万元以上十万元以下的罚款,",
        ]
    )
    path = csv_to_xlsx(text, tmp_path / "基准.xlsx")
    from zhifa.importer.services import import_file

    report = import_file(kind="benchmarks", path_or_file=path, filename=path.name, actor=None)
    assert report.ok, report.as_text()
    t = tiers(bm)
    a, b, c = t["A"], t["B"], t["C"]
    assert (a.tier, a.fine_min, a.fine_max) == ("ordinary", None, Decimal("30000"))
    assert (b.tier, b.fine_min, b.fine_max) == ("serious", Decimal("100000"), Decimal("200000"))
    assert (b.person_fine_min, b.person_fine_max) == (Decimal("20000"), Decimal("50000"))
    assert "二万元以上五万元以下" in b.fine_text and "逾期未改正的" in b.fine_text
    assert "责令停产停业" in b.penalty_kinds
    assert (c.tier, c.fine_min, c.fine_max) == ("particularly_serious", Decimal("200000"), None)
    assert (c.person_fine_min, c.person_fine_max) == (Decimal("50000"), Decimal("100000"))


def test_a_label_that_does_not_say_its_severity_needs_one(items):
    bm = "某基准"
    text = "\n".join(
        [
            f"{HEAD},阶次名称,适用情形,罚款幅度",
            f"{WHO},{bm},2024-03-01,第一项,情节轻微的,处五千元以下罚款",
            f"{WHO},{bm},2024-03-01,较重违法行为,情节较重的,处五千元以上三万元以下罚款",
        ]
    )
    report = run("benchmarks", text)
    assert [(e.row, e.column) for e in report.errors] == [(2, "阶次名称")]
    assert "无法从“第一项”判断裁量等级" in report.errors[0].message
    assert DiscretionBenchmark.objects.count() == 0


def test_fine_cells_may_be_written_in_wan_yuan_and_a_range_cell_in_words(items):
    """ "3万元", "三万元", "0.5万元" in the amount cells; "三万元以下" alone in 罚款幅度."""
    bm = "商务基准"
    text = "\n".join(
        [
            f"{HEAD},裁量阶次,适用情形,罚款下限,罚款上限,罚款幅度",
            f"{WHO},{bm},2016-10-17,一般违法行为,没有依法办理备案，能积极改正的,,,给予警告，责令限期改正",
            f"{WHO},{bm},2016-10-17,较重违法行为,责令改正期限内拒不改正的,0.5万元,1万元,",
            f"{WHO},{bm},2016-10-17,严重违法行为,拒不改正且致使工作难以正常开展的,,,三万元以下",
        ]
    )
    report = run("benchmarks", text)
    assert report.ok, report.as_text()
    t = tiers(bm)
    assert t["一般违法行为"].penalty_kinds == ["警告"] and t["一般违法行为"].fine_max is None
    assert (t["较重违法行为"].fine_min, t["较重违法行为"].fine_max) == (Decimal("5000"), Decimal("10000"))
    assert (t["严重违法行为"].fine_min, t["严重违法行为"].fine_max) == (None, Decimal("30000"))


def test_a_base_column_reads_the_bounds_as_multiples(items):
    bm = "违法所得基准"
    text = "\n".join(
        [
            f"{HEAD},裁量阶次,适用情形,计算基数,罚款下限,罚款上限",
            f"{WHO},{bm},2024-01-01,一般,情节一般的,违法所得,1倍,3倍",
            f"{WHO},{bm},2024-01-01,较重,情节较重的,违法所得,3倍,5",
            f"{WHO},{bm},2024-01-01,严重,情节严重的,违法所得,百分之五十,x",
        ]
    )
    report = run("benchmarks", text)
    assert [(e.row, e.column) for e in report.errors] == [(4, "罚款上限")]
    assert "倍数或比例" in report.errors[0].message


def test_unreadable_fine_text_is_kept_as_written(items):
    bm = "文字基准"
    wording = "按照《某省某条例》第十条规定的标准的二分之一执行"
    text = "\n".join([f"{HEAD},裁量阶次,适用情形,罚款幅度", f"{WHO},{bm},2024-01-01,一般,一般情形,{wording}"])
    report = run("benchmarks", text)
    assert report.ok, report.as_text()
    tier = BenchmarkTier.objects.get(benchmark__name=bm)
    assert tier.fine_text == wording and tier.fine_min is None and tier.fine_max is None
    assert tier.fine_display == wording


def test_todays_sample_still_imports(items):
    report = run("benchmarks", sample_text("benchmarks"))
    assert report.ok, report.as_text()
    assert BenchmarkTier.objects.filter(label="").count() == BenchmarkTier.objects.count()


def test_portal_shows_every_tier_as_written(items, client):
    """Today an upper-bound-only tier showed "—"; now it shows its bound, and labels as written."""
    bm = "公示基准"
    text = "\n".join(
        [
            f"{HEAD},阶次名称,裁量阶次,适用情形,罚款上限",
            f"{WHO},{bm},2024-01-01,A,一般,首次违法的,30000",
        ]
    )
    assert run("benchmarks", text).ok
    agency = Agency.objects.get(name="示例区市场监督管理局")
    html = client.get(f"/agencies/{agency.pk}/").content.decode()
    assert "3万元以下" in html and "（一般）" in html
