"""Reading fine ranges as benchmarks write them; 以上/以下 include the number itself."""

from decimal import Decimal

import pytest

from zhifa.lib.fine_ranges import (
    FineRange,
    NotAnAmount,
    parse_fine_text,
    parse_money,
    parse_range_cell,
    parse_ratio,
    severity_of,
)

D = Decimal


@pytest.mark.parametrize(
    ("text", "yuan"),
    [
        ("3万元", "30000"),
        ("三万元", "30000"),
        ("0.5万元", "5000"),
        ("一万五千元", "15000"),
        ("2,000元", "2000"),
    ],
)
def test_money_in_yuan_and_wan_yuan(text, yuan):
    assert parse_money(text) == D(yuan)


@pytest.mark.parametrize(
    ("text", "ratio"),
    [
        ("百分之五十", "0.5"),
        ("50%", "0.5"),
        ("一倍", "1"),
        ("1倍", "1"),
        ("等值", "1"),
        ("千分之五", "0.005"),
    ],
)
def test_ratios(text, ratio):
    assert parse_ratio(text) == D(ratio)


def test_not_an_amount():
    with pytest.raises(NotAnAmount):
        parse_money("若干")


def test_percentage_of_a_named_base():
    p = parse_fine_text("处货值金额百分之五十以上一倍以下的罚款")
    assert p.ranges == (FineRange(D("0.5"), D("1"), "货值金额"),)


def test_multiple_of_illegal_income_with_open_ends():
    assert parse_fine_text("违法所得1倍以上3倍以下").main == FineRange(D(1), D(3), "违法所得")
    assert parse_fine_text("处违法所得二倍以下罚款").main == FineRange(None, D(2), "违法所得")
    assert parse_fine_text("处三万元以下的罚款").main == FineRange(None, D(30000))
    assert parse_fine_text("并处五万元以上罚款").main == FineRange(D(50000), None)


def test_amounts_in_conditions_are_not_fines():
    """食品安全法 Art.124: "货值金额一万元以上的" is a condition, the fine is what follows 处."""
    p = parse_fine_text(
        "货值金额不足一万元的，并处十万元以上十五万元以下罚款；货值金额一万元以上的，并处货值金额十五倍以上三十倍以下罚款"
    )
    assert p.ranges == (
        FineRange(D(100000), D(150000), "", "货值金额不足一万元的"),
        FineRange(D(15), D(30), "货值金额", "货值金额一万元以上的"),
    )


def test_branch_and_double_penalty_and_other_kinds():
    p = parse_fine_text(
        "责令限期改正；逾期未改正的，责令停产停业整顿，并处十万元以上二十万元以下的罚款，"
        "对其直接负责的主管人员和其他直接责任人员处二万元以上五万元以下的罚款"
    )
    assert p.main == FineRange(D(100000), D(200000), "", "逾期未改正的")
    assert p.person == FineRange(D(20000), D(50000))
    assert p.penalty_kinds == ("罚款", "责令停产停业")


def test_inclusive_bounds_and_multiples_need_the_base():
    r = FineRange(D("0.5"), D(1), "货值金额")
    assert r.contains(D(5000), D(10000)) and r.contains(D(10000), D(10000))
    assert not r.contains(D("10000.01"), D(10000))
    with pytest.raises(ValueError):
        r.contains(D(1))


def test_range_cell_with_a_given_base():
    assert parse_range_cell("50%以上1倍以下", base="违法所得") == FineRange(D("0.5"), D(1), "违法所得")


@pytest.mark.parametrize(
    ("label", "severity"),
    [
        ("较重违法行为", "serious"),
        ("适中", "ordinary"),
        ("不予处罚", "no_penalty"),
        ("从轻", "minor"),
        ("严重违法行为", "particularly_serious"),
        ("A", None),
        ("第一项", None),
    ],
)
def test_severity_from_the_agencys_words(label, severity):
    assert severity_of(label) == severity
