"""lib.annual_report: templates as data, the tie-break of a decision with several penalty kinds, amounts."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhifa.lib.annual_report import (
    HEAVIEST,
    LAST_LISTED,
    Categorizer,
    TemplateError,
    amount_in,
    definition_data,
    parse_definition,
    share_percent,
)

KINDS = ("警告", "通报批评", "罚款", "没收违法所得", "吊销许可证件", "行政拘留", "其他")
FIGURES = {"penalty_total": "行政处罚决定数", "fine_amount": "罚没金额"}


def _data(**over):
    data = {
        "categories": [
            {"code": "warning", "label": "警告、通报批评", "kinds": ["警告", "通报批评"]},
            {"code": "fine", "label": "罚款", "kinds": ["罚款"]},
            {"code": "confiscate", "label": "没收违法所得", "kinds": ["没收违法所得"]},
            {"code": "revoke", "label": "吊销许可证件", "kinds": ["吊销许可证件"]},
            {"code": "detention", "label": "行政拘留", "kinds": ["行政拘留"]},
            {"code": "other", "label": "其他行政处罚", "kinds": ["其他"]},
        ],
        "sections": [
            {
                "title": "行政处罚",
                "rows": [
                    {"label": "合计", "figure": "penalty_total"},
                    {"label": "罚款", "category": "fine"},
                    {"label": "罚没金额", "figure": "fine_amount"},
                ],
            }
        ],
    }
    data.update(over)
    return data


def _parse(data):
    return parse_definition(data, kinds=KINDS, figures=FIGURES)


def test_a_definition_parses_and_round_trips():
    d = _parse(_data())
    assert [c.code for c in d.categories] == ["warning", "fine", "confiscate", "revoke", "detention", "other"]
    assert _parse(definition_data(d)) == d


def test_a_row_naming_an_unknown_category_is_refused_with_where_and_what_exists():
    data = _data()
    data["sections"][0]["rows"].append({"label": "吊销许可证", "category": "revoke_licence"})
    with pytest.raises(TemplateError) as exc:
        _parse(data)
    assert exc.value.message == (
        "统计表“行政处罚”第 4 行“吊销许可证”引用的处罚类别“revoke_licence”不存在；"
        "本模板的处罚类别为：warning、fine、confiscate、revoke、detention、other"
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["categories"][1]["kinds"].append("罚金"), "含有未知的处罚种类“罚金”"),
        (lambda d: d["categories"][1]["kinds"].append("警告"), "处罚种类“警告”同时归入"),
        (lambda d: d["categories"].pop(), "处罚种类“其他”未归入任何类别"),
        (lambda d: d["categories"][2].update(code="fine"), "处罚类别代码“fine”重复"),
        (lambda d: d["sections"][0]["rows"].append({"label": "x", "figure": "nope"}), "统计指标“nope”不存在"),
        (
            lambda d: d["sections"][0]["rows"].append(
                {"label": "x", "figure": "fine_amount", "category": "fine"}
            ),
            "应当且只能指定一个",
        ),
        (lambda d: d.update(sections=[]), "统计表（sections）应为非空列表"),
    ],
)
def test_other_unusable_definitions_are_refused_in_chinese(change, message):
    data = _data()
    change(data)
    with pytest.raises(TemplateError, match=message):
        _parse(data)


def test_heaviest_follows_the_templates_order_and_other_never_outranks_a_named_kind():
    """年报 notes: 并处两种以上行政处罚的，计入最重的行政处罚类别；并处明确类别的行政处罚和其他行政处罚的，
    计入明确类别的行政处罚."""
    c = Categorizer(_parse(_data()).categories, HEAVIEST)
    assert c.categorize(["没收违法所得", "罚款"]) == "confiscate"
    assert c.categorize(["罚款", "没收违法所得"]) == "confiscate"
    assert c.categorize(["其他", "警告"]) == "warning"
    assert c.categorize(["其他"]) == "other"
    assert c.categorize([]) == "other"


def test_last_listed_takes_the_kind_the_decision_lists_last():
    c = Categorizer(_parse(_data()).categories, LAST_LISTED)
    assert c.categorize(["没收违法所得", "罚款"]) == "fine"
    assert c.categorize(["罚款", "没收违法所得"]) == "confiscate"


def test_aliases_and_unknown_names():
    c = Categorizer(_parse(_data()).categories, HEAVIEST, aliases={"吊销营业执照": "吊销许可证件"})
    assert c.categorize(["罚款", "吊销营业执照"]) == "revoke"
    assert c.categorize(["驱逐出境"]) == "other"  # a kind no category names is 其他 (Art.9(6))


def test_an_unknown_rule_is_refused():
    with pytest.raises(TemplateError, match="计数规则"):
        Categorizer(_parse(_data()).categories, "first")


@given(st.lists(st.sampled_from(KINDS), min_size=1, max_size=5))
def test_heaviest_is_never_lighter_than_any_named_kind_of_the_decision(kinds):
    d = _parse(_data())
    rank = {k: i for i, c in enumerate(d.categories) for k in c.kinds}
    chosen = Categorizer(d.categories, HEAVIEST).categorize(kinds)
    chosen_rank = next(i for i, c in enumerate(d.categories) if c.code == chosen)
    named = [rank[k] for k in kinds if k != "其他"]
    assert chosen_rank == (max(named) if named else rank["其他"])
    assert Categorizer(d.categories, LAST_LISTED).categorize(kinds) == d.categories[rank[kinds[-1]]].code


def test_amounts_in_yuan_and_wan_and_shares():
    assert amount_in(Decimal("155150.00"), "yuan") == Decimal("155150.00")
    assert amount_in(Decimal("155150.00"), "wan") == Decimal("15.5150")
    assert amount_in(Decimal("0.5"), "wan") == Decimal("0.0001")  # rounded half up
    assert share_percent(3, 4) == Decimal("75.0") and share_percent(2, 3) == Decimal("66.7")
    assert share_percent(0, 0) is None
