"""Issue 12 part 1: items lists as agencies publish them (权责清单 / 行政执法事项清单).

The rows below follow real published lists, with names of places and agencies replaced by 示例:
- column headers 职权名称 / 职权类型 / 实施依据 / 实施主体 / 承办机构 / 责任事项 / 追责情形 / 行使层级,
  the ten power kinds and 其他行政权力 (兰州市政府部门责任清单编制工作指南,
  http://lanzhou.gsjgbz.gov.cn/lz_gzgg/201507/t20150701_93288.html; 秦安县权力清单和责任清单清理工作指南,
  http://qinan.gsjgbz.gov.cn/qax_gzgg/201503/t20150326_86185.html);
- 责任事项 as numbered multi-line text "1.立案责任：… 2.调查取证责任：…" (行政权力责任事项梳理表,
  https://bdocx.com/doc/25418948.html);
- 实施依据 cells that cite a law with its version in parentheses and then quote the article, several
  articles of one law, a 国务院 规范性文件 by its document number, and a cell that is only prose.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from zhifa.catalog.models import EnforcementItem, Law, LawVersion, LegalBasis
from zhifa.catalog.selectors import items_with_basis_gaps
from zhifa.core.scope import Scope
from zhifa.importer.basis import parse_basis
from zhifa.importer.samples import sample_path
from zhifa.importer.services import import_file
from zhifa.organizations.models import Agency
from zhifa.testing import make_user

pytestmark = pytest.mark.django_db

AGENCY = "示例区市场监督管理局"

LAWS = """名称,效力级别,制定机关,施行日期,版本
中华人民共和国食品安全法,法律,全国人民代表大会常务委员会,2009-06-01,2009年公布
中华人民共和国食品安全法,法律,全国人民代表大会常务委员会,2015-10-01,2015年修订
中华人民共和国食品安全法,法律,全国人民代表大会常务委员会,2018-12-29,2018年修正
中华人民共和国食品安全法,法律,全国人民代表大会常务委员会,2021-04-29,2021年修正
国务院关于取消和调整一批行政审批项目等事项的决定,规范性文件,国务院,2014-10-23,
城镇排水与污水处理条例,行政法规,国务院,2014-01-01,
"""

QUOTED = (
    "【法律】《中华人民共和国食品安全法》（2009年2月28日主席令第九号，2015年4月24日修订）"
    "第一百二十二条第一款：“违反本法规定，未取得食品生产经营许可从事食品生产经营活动，"
    "或者未取得食品添加剂生产许可从事食品添加剂生产活动的，由县级以上人民政府食品药品监督管理部门"
    "没收违法所得和违法生产经营的食品、食品添加剂；违法生产经营的食品、食品添加剂货值金额不足一万元的，"
    "并处五万元以上十万元以下罚款。”"
)
RESPONSIBILITIES = (
    "1.立案责任：发现涉嫌违法行为，予以审查，决定是否立案。\n"
    "2.调查取证责任：执法人员不得少于两人，调查时应出示执法证件。"
)

# Children before their parent, the parent without an 实施依据 (a gap), prose in one cell.
ITEMS = [
    [
        "执法主体",
        "职权编码",
        "职权名称",
        "职权类型",
        "执法领域",
        "实施依据",
        "上级事项编码",
        "实施主体",
        "承办机构",
        "责任事项",
        "追责情形",
        "行使层级",
        "委托",
    ],
    [
        AGENCY,
        "CF-0001-01",
        "对未取得食品生产许可从事食品生产活动的处罚",
        "行政处罚",
        "食品安全",
        QUOTED,
        "CF-0001",
        AGENCY,
        "执法稽查科",
        RESPONSIBILITIES,
        "因不履行或不正确履行行政职责，有下列情形的，依法追究责任",
        "市级、县级",
        "",
    ],
    [
        AGENCY,
        "CF-0001-02",
        "对未取得食品添加剂生产许可从事生产活动的处罚",
        "行政处罚",
        "食品安全",
        "《中华人民共和国食品安全法》第一百二十二条第一款、第二款",
        "CF-0001",
        AGENCY,
        "执法稽查科",
        "",
        "",
        "县级",
        "示例街道综合行政执法队",
    ],
    [
        AGENCY,
        "CF-0001",
        "对无证从事食品、食品添加剂生产经营活动的处罚",
        "行政处罚",
        "食品安全",
        "",
        "",
        AGENCY,
        "执法稽查科",
        "",
        "",
        "市级、县级",
        "",
    ],
    [
        AGENCY,
        "QT-0001",
        "食品经营许可证核发后的备案",
        "其他行政权力",
        "食品安全",
        "《国务院关于取消和调整一批行政审批项目等事项的决定》（国发〔2014〕50号）",
        "",
        AGENCY,
        "登记注册科",
        "",
        "",
        "县级",
        "",
    ],
    [
        AGENCY,
        "XK-0002",
        "城镇污水排入排水管网许可",
        "行政许可",
        "食品安全",
        "《城镇排水与污水处理条例》第21条第1款、第2款；按照省政府有关规定执行",
        "",
        AGENCY,
        "",
        "",
        "",
        "",
        "",
    ],
    [
        AGENCY,
        "JL-0001",
        "对举报食品安全违法行为的奖励",
        "行政奖励",
        "食品安全",
        "《中华人民共和国食品安全法》第一百一十五条第一款、《中华人民共和国食品安全法》第一百二十二条",
        "",
        AGENCY,
        "",
        "",
        "",
        "",
        "",
    ],
]


def _csv(rows: list[list[str]]) -> bytes:
    import csv
    import io

    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def _load(kind: str) -> None:
    report = import_file(kind=kind, path_or_file=sample_path(kind), filename=f"{kind}.csv", actor=None)
    assert report.ok, report.as_text()


@pytest.fixture
def loaded() -> None:
    for kind in ("fields", "regions", "agencies"):
        _load(kind)
    report = import_file(kind="laws", path_or_file=LAWS.encode(), filename="laws.csv", actor=None)
    assert report.ok, report.as_text()
    report = import_file(kind="items", path_or_file=_csv(ITEMS), filename="items.csv", actor=None)
    assert report.ok, report.as_text()
    assert report.created == len(ITEMS) - 1


def bases(code: str) -> list[LegalBasis]:
    return list(LegalBasis.objects.filter(item__code=code).select_related("law", "version").order_by("id"))


def test_law_versions_import_and_resolve_by_date(loaded: None) -> None:
    law = Law.objects.get(name="中华人民共和国食品安全法")
    assert [v.label for v in law.versions.order_by("year")] == [
        "2009年公布",
        "2015年修订",
        "2018年修正",
        "2021年修正",
    ]
    assert law.version_on(date(2016, 3, 1)).label == "2015年修订"
    assert law.version_on(date(2021, 4, 29)).label == "2021年修正"
    assert law.version_on(date(2008, 1, 1)) is None
    assert Law.objects.get(name__startswith="国务院关于").level == Law.Level.NORMATIVE_DOCUMENT


def test_historical_version_in_parentheses_resolves_to_that_version_and_keeps_quoted_text(
    loaded: None,
) -> None:
    (basis,) = bases("CF-0001-01")
    assert (basis.law.name, basis.article, basis.paragraph) == ("中华人民共和国食品安全法", 122, 1)
    assert basis.version is not None and basis.version.label == "2015年修订"
    # The cited version stands whatever the date asked; the quoted text (with its "；") is kept whole.
    assert basis.version_on(date(2026, 1, 1)) == basis.version
    assert basis.quoted_text.startswith("违反本法规定") and "；违法生产经营的食品" in basis.quoted_text
    assert basis.citation == "《中华人民共和国食品安全法》（2015年修订）第一百二十二条第一款"
    assert not basis.needs_review and basis.text == QUOTED


def test_undated_citation_resolves_to_the_version_in_force(loaded: None) -> None:
    first, _second = bases("CF-0001-02")
    assert first.version is None
    assert first.version_on(date(2017, 6, 1)).label == "2015年修订"
    assert first.version_on(date(2026, 1, 1)).label == "2021年修正"


def test_two_articles_or_paragraphs_of_one_law_in_one_cell(loaded: None) -> None:
    assert [(b.article, b.paragraph) for b in bases("CF-0001-02")] == [(122, 1), (122, 2)]
    assert [(b.law.name, b.article, b.paragraph) for b in bases("JL-0001")] == [
        ("中华人民共和国食品安全法", 115, 1),
        ("中华人民共和国食品安全法", 122, None),
    ]
    refs = parse_basis(
        "《中华人民共和国行政许可法》第十二条、第十三条；《中华人民共和国大气污染防治法》第九十九条之一"
    )
    assert [(r.law[-5:], r.article, r.article_suffix) for r in refs] == [
        ("行政许可法", 12, None),
        ("行政许可法", 13, None),
        ("污染防治法", 99, 1),
    ]


def test_basis_citing_a_normative_document_by_its_number(loaded: None) -> None:
    (basis,) = bases("QT-0001")
    assert basis.law is not None and basis.law.level == Law.Level.NORMATIVE_DOCUMENT
    assert basis.article is None and not basis.needs_review
    assert basis.citation == "《国务院关于取消和调整一批行政审批项目等事项的决定》"
    assert "国发〔2014〕50号" in basis.text  # the document number stays in the words as published
    assert EnforcementItem.objects.get(code="QT-0001").kind == "other"  # 其他行政权力


def test_unparseable_citation_is_kept_as_text_and_listed_as_a_gap(loaded: None) -> None:
    good_1, good_2, prose = bases("XK-0002")
    assert [(b.law.name, b.article, b.paragraph) for b in (good_1, good_2)] == [
        ("城镇排水与污水处理条例", 21, 1),
        ("城镇排水与污水处理条例", 21, 2),
    ]
    assert prose.law is None and prose.needs_review and prose.text == "按照省政府有关规定执行"
    assert prose.citation == "按照省政府有关规定执行"
    gaps = {i.code for i in items_with_basis_gaps(scope=Scope.all())}
    assert gaps == {"XK-0002", "CF-0001"}  # a citation to review; a missing basis


def test_unsorted_parent_and_child_rows_and_published_columns(loaded: None) -> None:
    parent = EnforcementItem.objects.get(code="CF-0001")
    children = list(parent.children.order_by("code"))
    assert [c.code for c in children] == ["CF-0001-01", "CF-0001-02"]
    first = children[0]
    assert (first.implementing_body, first.handling_unit, first.levels) == (
        AGENCY,
        "执法稽查科",
        "市级、县级",
    )
    assert first.responsibilities == RESPONSIBILITIES and first.accountability.startswith("因不履行")
    assert children[1].entrusted_to == "示例街道综合行政执法队"
    assert EnforcementItem.objects.get(code="JL-0001").kind == "reward"


def test_a_child_whose_parent_row_failed_names_the_parent_row() -> None:
    for kind in ("fields", "laws", "regions", "agencies"):
        _load(kind)
    rows = [ITEMS[0], ITEMS[1], [*ITEMS[3][:3], "行政惩罚", *ITEMS[3][4:]]]
    report = import_file(kind="items", path_or_file=_csv(rows), filename="items.csv", actor=None)
    assert [(e.row, e.column) for e in report.errors] == [(2, "上级事项编码"), (3, "职权类型")]
    assert "上级事项“CF-0001”（第 3 行）有错误未能导入" in report.errors[0].message
    assert EnforcementItem.objects.count() == 0


def test_a_version_not_in_the_library_is_kept_and_flagged() -> None:
    for kind in ("fields", "regions", "agencies"):
        _load(kind)
    import_file(kind="laws", path_or_file=LAWS.encode(), filename="laws.csv", actor=None)
    row = [
        AGENCY,
        "CF-9",
        "名称",
        "行政处罚",
        "食品安全",
        "《食品安全法》（2030年修订）第十条",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
    ]
    report = import_file(kind="items", path_or_file=_csv([ITEMS[0], row]), filename="i.csv", actor=None)
    assert report.ok, report.as_text()
    (basis,) = bases("CF-9")
    assert basis.law is not None and basis.law.name == "中华人民共和国食品安全法"  # 中华人民共和国 left out
    assert basis.needs_review and "2030年修订" in basis.review_note


def test_workbench_shows_parent_children_bases_and_gaps(loaded: None, client: Any) -> None:
    agency = Agency.objects.get(name=AGENCY)
    user = make_user(username="wb-officer", role="officer", agency=agency)
    client.force_login(user)
    parent = EnforcementItem.objects.get(code="CF-0001")
    page = client.get(reverse("workbench:item_detail", args=[parent.pk])).content.decode()
    assert "未登记执法依据" in page and "CF-0001-01" in page
    child = EnforcementItem.objects.get(code="CF-0001-01")
    page = client.get(reverse("workbench:item_detail", args=[child.pk])).content.decode()
    assert "（2015年修订）第一百二十二条第一款" in page and "执法稽查科" in page and "调查取证责任" in page
    page = client.get(reverse("workbench:item_gaps")).content.decode()
    assert "按照省政府有关规定执行" in page and "CF-0001" in page and "QT-0001" not in page
    assert LawVersion.objects.count() == 4
