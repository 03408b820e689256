"""Issue 12 part 4: regions and agencies as they are published.

The region rows follow the Ministry of Civil Affairs' GB/T 2260 list as republished with the
(statistical) codes (e.g. http://golib.gaore.com/GaoreGo/id-validator/raw/commit/26d7f5f0092f42fcff29d4955d44d58a46644979/data/address_code.go:
北京市 110000 → 朝阳区 110105, 天津市 120000 → 滨海新区 120116, no 地级 level between them) and the
statistical division codes of a 开发区 (http://jjgjrc.com/jiangsu/huqiu_gaoxinqushuguankaifafenqu_yangshancun.html:
苏州工业园区 320571, 娄葑街道 320571050 — no GB/T 2260 code, 行政级别 "工业园区"). Published lists are
sorted by whoever exported them: here children come before their parents. Agencies' credit codes are
masked (generated with valid check characters)."""

from __future__ import annotations

import pytest

from zhifa.cases.models import NumberingTemplate
from zhifa.importer.report import ImportReport
from zhifa.importer.services import import_file
from zhifa.lib.identifiers import complete_credit_code
from zhifa.organizations.models import Agency, AgencyKind, BranchKind, Region, RegionLevel

pytestmark = pytest.mark.django_db

REGIONS = """区划代码,名称,级别,上级区划代码,功能区
110105001,建外街道,街道,110105,
110105,朝阳区,区,110000,
110000,北京市,直辖市,,
120116,滨海新区,区,120000,
120000,天津市,直辖市,,
500229,城口县,县,500000,
500000,重庆市,直辖市,,
320571050,娄葑街道,街道,320571,
320571,苏州工业园区,开发区,320500,
320500,苏州市,地级市,320000,
320000,江苏省,省,,
11JK01,北京经济技术开发区,县级,110000,是
"""


def run(kind: str, text: str) -> ImportReport:
    return import_file(kind=kind, path_or_file=text.encode(), filename=f"{kind}.csv", actor=None)


def code(prefix: str, n: int) -> str:
    return complete_credit_code(f"{prefix}{n:08d}")


def test_unsorted_region_file_with_municipality_districts_and_a_development_zone():
    """直辖市 districts sit directly under the city; a 开发区 keeps its local code; rows come in any order
    (children before parents) and the importer places the parents first."""
    report = run("regions", REGIONS)
    assert report.ok, report.as_text()
    assert report.created == 12
    beijing, chaoyang = Region.objects.get(code="110000"), Region.objects.get(code="110105")
    assert chaoyang.parent == beijing and chaoyang.level == RegionLevel.COUNTY
    assert beijing.level == RegionLevel.PROVINCE and beijing.contains(Region.objects.get(code="110105001"))
    assert Region.objects.get(code="120116").parent.name == "天津市"
    assert Region.objects.get(code="500229").parent.name == "重庆市"
    park = Region.objects.get(code="320571")
    assert park.is_functional_area and park.level == RegionLevel.COUNTY and park.parent.name == "苏州市"
    street = Region.objects.get(code="320571050")
    assert street.parent == park and park.contains(street)
    assert Region.objects.get(code="320000").contains(street)
    zone = Region.objects.get(code="11JK01")
    assert zone.is_functional_area and zone.parent == beijing and beijing.contains(zone)
    assert not zone.contains(chaoyang)


def test_a_development_zone_code_outside_its_parent_is_refused_and_nothing_is_imported():
    text = (
        "区划代码,名称,级别,上级区划代码\n"
        "320000,江苏省,省,\n320500,苏州市,地级市,320000\n320671,某开发区,开发区,320500\n"
    )
    report = run("regions", text)
    assert not report.ok and Region.objects.count() == 0
    (error,) = report.errors
    assert (error.row, error.column) == (4, "区划代码")
    assert error.message.startswith("开发区、新区、功能区的本地代码应以上级区划代码前缀“3205”开头")


def test_a_county_directly_under_an_ordinary_province_is_still_refused():
    text = "区划代码,名称,级别,上级区划代码\n320000,江苏省,省,\n320581,常熟市,县级市,320000\n"
    report = run("regions", text)
    assert [e.message for e in report.errors] == ["县级区划的上级应为市级区划"]


AGENCIES_HEADER = (
    "名称,统一社会信用代码,主体类型,区划代码,机关代字,上级机关,下属机构类型,委托机关,处罚决定书文号模板"
)


def agencies_file() -> str:
    rows = [
        f"北京市公安局朝阳分局三里屯派出所,{code('11110105', 3)},法律法规授权组织,110105,,"
        "北京市公安局朝阳分局,派出机构,,",
        f"北京市公安局朝阳分局,{code('11110105', 2)},行政机关,110105,京公朝,北京市公安局,分局,,"
        "京公朝（{单位}）行罚决字〔{年}〕{n}号",
        f"北京市公安局,{code('11110000', 1)},行政机关,110000,京公,,,,",
        # the entrusting agency named by its credit code, on a later row
        f"北京市朝阳区农业综合执法大队,{code('12110105', 5)},受委托组织,110105,,,,{code('11110105', 4)},",
        f"北京市朝阳区农业农村局,{code('11110105', 4)},行政机关,110105,京朝农,,,,京朝农罚〔{{年}}〕{{n}}号",
    ]
    return "\n".join([AGENCIES_HEADER, *rows]) + "\n"


def test_unsorted_agency_file_with_a_branch_a_dispatched_organ_and_an_entrusted_organization():
    assert run("regions", REGIONS).ok
    report = run("agencies", agencies_file())
    assert report.ok, report.as_text()
    bureau = Agency.objects.get(name="北京市公安局")
    branch = Agency.objects.get(name="北京市公安局朝阳分局")
    station = Agency.objects.get(name="北京市公安局朝阳分局三里屯派出所")
    assert (branch.parent, branch.branch_kind) == (bureau, BranchKind.BRANCH)
    assert (station.parent, station.branch_kind) == (branch, BranchKind.DISPATCHED)
    squad = Agency.objects.get(name="北京市朝阳区农业综合执法大队")
    entrusting = Agency.objects.get(name="北京市朝阳区农业农村局")
    assert squad.kind == AgencyKind.ENTRUSTED_ORGANIZATION and squad.entrusted_by == entrusting
    assert squad.deciding_agency == entrusting and branch.deciding_agency == branch
    templates = dict(NumberingTemplate.objects.values_list("agency__name", "template"))
    assert templates == {
        "北京市公安局朝阳分局": "京公朝（{单位}）行罚决字〔{年}〕{n}号",
        "北京市朝阳区农业农村局": "京朝农罚〔{年}〕{n}号",
    }


def test_an_entrusted_organization_without_its_entrusting_agency_is_refused():
    """行政处罚法 Art.20: a 受委托组织 acts only for the agency that entrusted it."""
    assert run("regions", REGIONS).ok
    text = f"{AGENCIES_HEADER}\n北京市朝阳区农业综合执法大队,{code('12110105', 5)},受委托组织,110105,,,,,\n"
    report = run("agencies", text)
    (error,) = report.errors
    assert error.column == "委托机关" and "受委托组织必须填写委托机关（行政处罚法第二十条）" in error.message
    assert Agency.objects.count() == 0


def test_an_entrusted_organization_may_not_entrust_further():
    """行政处罚法 Art.20 ¶3: 受委托组织不得再委托其他组织或者个人实施行政处罚."""
    assert run("regions", REGIONS).ok
    text = "\n".join(
        [
            AGENCIES_HEADER,
            f"北京市朝阳区农业农村局,{code('11110105', 4)},行政机关,110105,京朝农,,,,",
            f"北京市朝阳区农业综合执法大队,{code('12110105', 5)},受委托组织,110105,,,,"
            "北京市朝阳区农业农村局,",
            f"某乡农业服务站,{code('12110105', 6)},受委托组织,110105,,,,北京市朝阳区农业综合执法大队,",
        ]
    )
    report = run("agencies", text + "\n")
    (error,) = report.errors
    assert error.row == 4 and error.column == "委托机关"
    assert "“北京市朝阳区农业综合执法大队”是受委托组织，不得再委托" in error.message
    assert Agency.objects.count() == 0


def test_an_invalid_numbering_template_in_the_agency_file_is_refused_in_chinese():
    assert run("regions", REGIONS).ok
    row = f"北京市朝阳区农业农村局,{code('11110105', 4)},行政机关,110105,京朝农,,,,京朝农罚〔2023〕{{n}}号"
    text = f"{AGENCIES_HEADER}\n{row}\n"
    report = run("agencies", text)
    (error,) = report.errors
    assert error.column == "处罚决定书文号模板"
    assert error.message.startswith("文号模板必须包含一次年份占位符“{年}”")
    assert Agency.objects.count() == 0 and NumberingTemplate.objects.count() == 0
