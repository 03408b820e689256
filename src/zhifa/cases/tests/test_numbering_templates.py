"""文号 as agencies number them (issue 12 part 5): a template per agency and document kind, validated,
with today's ``{代字}罚〔{年}〕{n}号`` as the default.

The formats follow numbers agencies publish on their penalty decisions: 京朝市监罚〔2023〕123号 (北京市朝阳区
市场监督管理局: 代字 京朝市监, 罚, no 第, no padding), 沪市监静处字〔2024〕第000123号 (上海: 处字, 第 before a
zero-padded serial) and the public security form 京公朝（三里屯）行罚决字〔2023〕45号 (行罚决字, a 代字 with
parentheses naming the 派出所, one series per station)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from zhifa.cases.models import DocumentSequence, NumberingTemplate
from zhifa.cases.numbering import format_number, next_number, validate_template
from zhifa.cases.services import numbering_template_set
from zhifa.core.errors import DomainError
from zhifa.journal.models import JournalEntry
from zhifa.organizations.services import unit_create
from zhifa.testing import make_world

pytestmark = pytest.mark.django_db


def issue(agency, kind="penalty_decision", year=2023, unit=None):
    with transaction.atomic():
        return next_number(agency=agency, kind=kind, year=year, unit=unit)[1]


def test_three_agency_templates_produce_the_numbers_they_publish():
    w = make_world()
    a, b = w.agency_a, w.agency_b
    numbering_template_set(agency=a, kind="penalty_decision", template="京朝市监罚〔{年}〕{n}号", actor=None)
    numbering_template_set(
        agency=b, kind="penalty_decision", template="沪市监静处字〔{年}〕第{n:6}号", actor=None
    )
    assert format_number(a, "penalty_decision", 2023, 123) == "京朝市监罚〔2023〕123号"
    assert format_number(b, "penalty_decision", 2024, 123) == "沪市监静处字〔2024〕第000123号"
    assert [issue(b, year=2024) for _ in range(2)] == [
        "沪市监静处字〔2024〕第000001号",
        "沪市监静处字〔2024〕第000002号",
    ]
    # another kind of the same agency keeps the default
    a.short_code = "江北市监"
    assert format_number(a, "filing", 2023, 5) == "江北市监立〔2023〕5号"
    entry = JournalEntry.objects.filter(event_type="numbering_template.set").first()
    assert entry is not None and entry.payload_data["new"] == "京朝市监罚〔{年}〕{n}号"


def test_a_template_naming_the_unit_numbers_one_series_per_unit():
    """A 代字 with parentheses naming the 派出所, and each station its own series."""
    w = make_world()
    a = w.agency_a
    numbering_template_set(
        agency=a, kind="penalty_decision", template="京公朝（{单位}）行罚决字〔{年}〕{n}号", actor=None
    )
    east = unit_create(agency=a, name="三里屯派出所", actor=None)
    east.short_code = "三里屯"
    east.save()
    west = unit_create(agency=a, name="朝外派出所", actor=None)
    west.short_code = "朝外"
    west.save()
    numbers = [issue(a, unit=east), issue(a, unit=west), issue(a, unit=east)]
    assert numbers == [
        "京公朝（三里屯）行罚决字〔2023〕1号",
        "京公朝（朝外）行罚决字〔2023〕1号",
        "京公朝（三里屯）行罚决字〔2023〕2号",
    ]
    assert DocumentSequence.objects.filter(agency=a, kind="penalty_decision").count() == 2
    with pytest.raises(DomainError, match="按内设机构分别编号"), transaction.atomic():
        next_number(agency=a, kind="penalty_decision", year=2023, unit=None)


def test_the_default_template_uses_the_agency_code_and_the_kind():
    w = make_world()
    w.agency_a.short_code = "江北市监"
    w.agency_a.save()
    assert issue(w.agency_a, year=2026) == "江北市监罚〔2026〕1号"
    assert issue(w.agency_a, kind="notice_of_intent", year=2026) == "江北市监告〔2026〕1号"


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("京朝市监罚〔2023〕{n}号", "文号模板必须包含一次年份占位符“{年}”"),
        ("京朝市监罚〔{年}〕号", "文号模板必须包含一次序号占位符“{n}”"),
        ("京朝市监罚〔{年}〕{n}号{n}", "文号模板必须包含一次序号占位符“{n}”"),
        ("{机关}罚〔{年}〕{n}号", "文号模板中的“{机关}”无法识别"),
        ("京朝市监罚〔{年}〕{n:0}号", "文号模板中序号的位数应为 1 至 10"),
        ("京朝市监罚〔{年〕{n}号", "文号模板中的花括号不成对"),
        ("某" * 50 + "〔{年}〕{n}号", "文号模板过长"),
    ],
)
def test_an_invalid_template_is_refused_with_a_chinese_message_and_nothing_is_written(template, message):
    w = make_world()
    with pytest.raises(DomainError) as exc:
        numbering_template_set(agency=w.agency_a, kind="penalty_decision", template=template, actor=None)
    assert str(exc.value).startswith(message)
    assert NumberingTemplate.objects.count() == 0
    assert not JournalEntry.objects.filter(event_type="numbering_template.set").exists()


def test_the_model_refuses_an_invalid_template_too():
    """The admin validates through the model: the same message."""
    w = make_world()
    row = NumberingTemplate(agency=w.agency_a, kind="penalty_decision", template="京朝市监罚〔{年}〕")
    with pytest.raises(ValidationError) as exc:
        row.full_clean()
    assert exc.value.message_dict["template"] == [
        "文号模板必须包含一次序号占位符“{n}”，例如“京朝市监罚〔{年}〕{n}号”"
    ]


def test_validate_template_accepts_any_characters_around_the_placeholders():
    t = validate_template("{代字}（稽）罚决字〔{年}〕第{n:4}号")
    assert t.text == "{代字}（稽）罚决字〔{年}〕第{n:4}号" and not t.per_unit


def test_an_empty_template_returns_to_the_default():
    w = make_world()
    w.agency_a.short_code = "江北市监"
    w.agency_a.save()
    numbering_template_set(
        agency=w.agency_a, kind="penalty_decision", template="京朝市监罚〔{年}〕{n}号", actor=None
    )
    numbering_template_set(agency=w.agency_a, kind="penalty_decision", template="  ", actor=None)
    assert NumberingTemplate.objects.count() == 0
    assert format_number(w.agency_a, "penalty_decision", 2026, 3) == "江北市监罚〔2026〕3号"
    with pytest.raises(DomainError, match="文号模板不能为空"):
        validate_template(" ")
