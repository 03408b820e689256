"""Importers for the published lists: 四张清单 and 首违免罚, 重大执法决定法制审核目录, 随机抽查事项清单,
音像记录事项清单. Each test takes its rows from a list an agency really published (agency names masked as
示例…; the peculiarity kept): the URL is in the test's docstring."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from zhifa.catalog.models import (
    InspectionItem,
    LenienceEntry,
    LenienceKind,
    MajorDecisionRule,
    RecordingRequirement,
)
from zhifa.importer.cells import CellProblem, parse_amount, parse_percent
from zhifa.importer.kinds import thresholds_in_text
from zhifa.importer.reading import read_table
from zhifa.importer.report import ImportReport
from zhifa.importer.samples import sample_path
from zhifa.importer.services import import_file
from zhifa.journal.models import JournalEntry

pytestmark = pytest.mark.django_db

AGENCY = "示例区市场监督管理局"


@pytest.fixture(autouse=True)
def agency() -> None:
    for kind in ("fields", "laws", "regions", "agencies"):
        report = import_file(kind=kind, path_or_file=sample_path(kind), filename=f"{kind}.csv", actor=None)
        assert report.ok, report.as_text()


def run(kind: str, content: str | bytes, *, filename: str | None = None) -> ImportReport:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return import_file(kind=kind, path_or_file=data, filename=filename or f"{kind}.csv", actor=None)


def xlsx(rows: Any, merges: tuple[str, ...] = ()) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for r in rows:
        ws.append(r)
    for ref in merges:
        ws.merge_cells(ref)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- 四张清单 and 首违免罚 ----------------------------------------------------------------------------------


def test_lenience_list_with_both_bases_and_the_agencys_grade_column():
    """枞阳县包容审慎执法处罚清单 (https://zongyang.gov.cn/openness/OpennessContent/show/920843.html):
    a 裁量等级 column saying 不予处罚, and a 违法依据 and a 处罚依据 per row; both bases are kept."""
    text = (
        "序号,执法主体,裁量等级,违法行为,违法依据,处罚依据,适用情形\n"
        f"1,{AGENCY},不予处罚,纳税人未按照规定将其全部银行账号向税务机关报送,"
        "《中华人民共和国税收征收管理法》第十七条第一款,《中华人民共和国税收征收管理法》第六十条第一款,"
        "首次违反且及时改正，没有造成危害后果\n"
    )
    report = run("lenience", text)
    assert report.ok, report.as_text()
    entry = LenienceEntry.objects.get()
    assert entry.kind == LenienceKind.NO_PENALTY
    assert entry.conduct == "纳税人未按照规定将其全部银行账号向税务机关报送"
    assert entry.basis == (
        "违法依据：《中华人民共和国税收征收管理法》第十七条第一款\n"
        "处罚依据：《中华人民共和国税收征收管理法》第六十条第一款"
    )
    assert JournalEntry.objects.filter(event_type="catalog.lenience_entry_created").count() == 1


def test_first_violation_list_with_its_validity_written_three_ways():
    """首违免罚 as its own list, with 施行日期 and 有效期 as published: a length ("两年"; 嘉善's 清单 takes
    effect on 2022-12-01, https://www.jiashan.gov.cn/art/2022/11/1/art_1229199100_2439977.html), a span
    ("自…起至…止"), or an end date ("有效期至…")."""
    text = (
        "执法主体,清单类别,违法行为,适用情形,适用方式,施行日期,有效期\n"
        f"{AGENCY},首违不罚,未按规定公示营业执照,初次违法且危害后果轻微并及时改正,可以,2022-12-01,两年\n"
        f"{AGENCY},首违免罚,未按规定报送年度报告,初次违法且危害后果轻微并及时改正,可以,,"
        "2021年5月1日至2023年4月30日\n"
        f"{AGENCY},首违免罚,未按规定标注生产日期,初次违法且危害后果轻微并及时改正,应当,2024-01-01,2025/12/31\n"
        f"{AGENCY},首违免罚,未按规定建立进货查验记录,初次违法且危害后果轻微并及时改正,可以,,"
        "自2023年1月1日起至2024年12月31日止\n"
        f"{AGENCY},首违免罚,未按规定悬挂标识,初次违法且危害后果轻微并及时改正,可以,2023-01-01,"
        "有效期至2025年6月30日\n"
    )
    report = run("lenience", text)
    assert report.ok, report.as_text()
    by_conduct = {e.conduct: e for e in LenienceEntry.objects.all()}
    assert {e.kind for e in by_conduct.values()} == {LenienceKind.FIRST_VIOLATION}
    e1 = by_conduct["未按规定公示营业执照"]
    assert (e1.valid_from, e1.valid_until) == (date(2022, 12, 1), date(2024, 11, 30))
    e2 = by_conduct["未按规定报送年度报告"]
    assert (e2.valid_from, e2.valid_until) == (date(2021, 5, 1), date(2023, 4, 30))
    e3 = by_conduct["未按规定标注生产日期"]
    assert e3.obligation == LenienceEntry.Obligation.SHALL and e3.valid_until == date(2025, 12, 31)
    e4 = by_conduct["未按规定建立进货查验记录"]
    assert (e4.valid_from, e4.valid_until) == (date(2023, 1, 1), date(2024, 12, 31))
    assert by_conduct["未按规定悬挂标识"].valid_until == date(2025, 6, 30)


def test_lenience_errors_name_row_and_column_and_import_nothing():
    """A 从重 list is not one of the lists: the row says so, and names the combined form it may have meant;
    a validity ending before it starts is refused; nothing of the file is written."""
    text = (
        "执法主体,清单类别,违法行为,适用情形,施行日期,有效期至\n"
        f"{AGENCY},不予处罚,燃放烟花爆竹,违法行为轻微并及时改正，没有造成危害后果,,\n"
        f"{AGENCY},从重处罚,燃放烟花爆竹,一年内再次实施同一违法行为,,\n"
        f"{AGENCY},首违免罚,户外广告,初次违法且危害后果轻微并及时改正,2024-01-01,2023-12-31\n"
    )
    report = run("lenience", text)
    assert not report.ok
    messages = {(e.row, e.column): e.message for e in report.errors}
    assert "应为不予处罚事项清单、从轻处罚事项清单" in messages[(3, "清单类别")]
    assert "“从重处罚”" in messages[(3, "清单类别")]
    assert any("可填写“从轻或减轻”" in e.message for e in report.errors if e.row == 3)
    assert "早于施行日期" in messages[(4, "有效期至")]
    assert LenienceEntry.objects.count() == 0


# A combined list: 广州市发展和改革委员会行政执法减免责清单
# (https://fgw.gz.gov.cn/zwgk/zwwgk/glgk/xzzfgs/content/post_9228721.html, read through a mirror)
# publishes its 从轻处罚清单 and 免处罚清单 as one list, each row with 事项名称, 基本编码, 设定依据,
# 适用情形, its own 从轻处罚依据/免处罚依据, 裁量幅度 and 配套监管措施; an agency's 汇总表 puts such parts
# in one table with a 类别 column (湛江市市场监督管理局行政执法减免责清单汇总表,
# http://zjamr.zhanjiang.gov.cn/zwdt/tzgg/content/post_1894264.html). The 减轻 rows are
# 巴中市综合行政执法局's 减轻行政处罚事项清单 (五张清单, 2025), whose 适用情形 lists 行政处罚法 Art.32's
# grounds ("应当从轻或者减轻") beside its own 减轻 ground: written in a combined list as one "从轻或减轻"
# row and one "减轻" row.
GZ_FGW_ITEMS = (
    "执法主体,事项编码,事项名称,事项类别,执法领域\n"
    f"{AGENCY},440201018002,对伪造、篡改、虚报、瞒报有关成本监审资料的行为的行政处罚,行政处罚,市场监管\n"
    f"{AGENCY},440201018001,对拒绝提供或者迟延提供有关成本监审资料的行为的行政处罚,行政处罚,市场监管\n"
)
GZ_LIGHTER = (
    "对伪造、篡改、虚报、瞒报有关成本监审资料的行为的行政处罚",
    "440201018002",
    "《广东省实施〈中华人民共和国价格法〉办法》第四十七条",
    "伪造、篡改、虚报、瞒报有关资料，在责令改正前主动减轻或消除危害后果的",
    "《中华人民共和国行政处罚法》第三十二条第（一）项",
    "处一万元以上两万元以下罚款",
    "加强教育、及时复查整改情况，加强日常检查",
)
GZ_NO_PENALTY = (
    "对拒绝提供或者迟延提供有关成本监审资料的行为的行政处罚",
    "440201018001",
    "《广东省实施〈中华人民共和国价格法〉办法》第四十七条",
    "拒绝提供或者迟延提供有关资料，能在责令改正前及时改正且没有造成危害后果的",
    "《中华人民共和国行政处罚法》第三十三条第一款",
    "",
    "加强教育、及时复查整改情况，加强日常检查",
)
BZ_CONDUCT = "对任何单位和个人在城市照明设施上刻划、涂污的行政处罚"
BZ_BASIS = "《城市照明管理规定》第三十二条"
BZ_ART32 = (
    "1.主动消除或者减轻违法行为危害后果的；2.受他人胁迫或者诱骗实施违法行为的；3.主动供述行政机关尚未掌握的"
    "违法行为的；4.配合行政机关查处违法行为有立功表现的；5.法律、法规、规章规定其他应当从轻或者减轻行政处罚的"
)
BZ_OWN = "在城市照明设施上刻划、涂污的不满2处的"
BZ_RANGE = "责令改正，对个人处200元以下的罚款，对单位处1000元以下的罚款"


def _combined_rows(kind_header: str, conditions_header: str) -> list[list[str]]:
    header = ["序号", kind_header, "执法主体", "事项名称", "基本编码", "设定依据", conditions_header]
    art32 = "《中华人民共和国行政处罚法》第三十二条"
    return [
        [*header, "从轻减轻依据", "裁量幅度", "配套监管措施", "备注"],
        ["1", "从轻处罚", AGENCY, *GZ_LIGHTER, ""],
        ["2", "免处罚", AGENCY, *GZ_NO_PENALTY, ""],
        ["3", "从轻或减轻", AGENCY, BZ_CONDUCT, "", BZ_BASIS, BZ_ART32, art32, BZ_RANGE, "", ""],
        ["4", "减轻处罚", AGENCY, BZ_CONDUCT, "", BZ_BASIS, BZ_OWN, art32, BZ_RANGE, "", ""],
    ]


def test_a_combined_lighter_and_mitigated_list_goes_in_as_published():
    """The combined list's 类别 column says which list each row is on; "从轻或减轻" is an entry of both
    lists (行政处罚法 Art.32: "应当从轻或者减轻"); 基本编码 finds the agency's item; the 从轻处罚依据 is kept
    beside the 设定依据, and 裁量幅度 and 配套监管措施 as written."""
    items = run("items", GZ_FGW_ITEMS)
    assert items.ok, items.as_text()
    report = run("lenience", xlsx(_combined_rows("类别", "适用情形")), filename="减免责清单.xlsx")
    assert report.ok, report.as_text()
    entries = list(LenienceEntry.objects.order_by("id"))
    assert [e.kind for e in entries] == [
        LenienceKind.LIGHTER,
        LenienceKind.NO_PENALTY,
        LenienceKind.LIGHTER,
        LenienceKind.MITIGATED,
        LenienceKind.MITIGATED,
    ]
    lighter, no_penalty, both_lighter, both_mitigated, own = entries
    assert lighter.item is not None and lighter.item.code == "440201018002"
    assert lighter.basis == (
        "设定依据：《广东省实施〈中华人民共和国价格法〉办法》第四十七条\n"
        "从轻减轻依据：《中华人民共和国行政处罚法》第三十二条第（一）项"
    )
    assert lighter.fine_range == "处一万元以上两万元以下罚款"
    assert lighter.measures == "加强教育、及时复查整改情况，加强日常检查"
    assert no_penalty.item is not None and no_penalty.item.code == "440201018001"
    assert no_penalty.fine_range == ""
    assert (both_lighter.circumstances, both_mitigated.circumstances) == (BZ_ART32, BZ_ART32)
    assert both_lighter.conduct == both_mitigated.conduct == BZ_CONDUCT
    assert own.circumstances == BZ_OWN and own.fine_range == BZ_RANGE
    created = JournalEntry.objects.filter(event_type="catalog.lenience_entry_created")
    assert created.count() == 5


def test_a_combined_list_may_say_which_in_a_column_called_qingxing():
    """Some combined lists head the 从轻/减轻 column 情形 and their conditions 适用条件; where 情形 is the
    only conditions column it keeps its usual meaning. Importing the same list twice refuses every entry."""
    run("items", GZ_FGW_ITEMS)
    report = run("lenience", xlsx(_combined_rows("情形", "适用条件")), filename="减免责清单.xlsx")
    assert report.ok, report.as_text()
    assert LenienceEntry.objects.filter(kind=LenienceKind.MITIGATED).count() == 2
    again = run("lenience", xlsx(_combined_rows("情形", "适用条件")), filename="减免责清单.xlsx")
    assert not again.ok and LenienceEntry.objects.count() == 5
    assert {e.row for e in again.errors} == {2, 3, 4, 5}
    plain = f"执法主体,清单类别,违法行为,情形\n{AGENCY},减轻,{BZ_CONDUCT},{BZ_OWN}（另一条）\n"
    assert run("lenience", plain).ok
    assert LenienceEntry.objects.filter(circumstances=f"{BZ_OWN}（另一条）").exists()


# --- 重大执法决定法制审核目录 ------------------------------------------------------------------------------


def test_major_decision_catalogue_stated_in_words():
    """长治市市场监管局 目录 (https://changzhi.gov.cn/xxgkml/zfxxgkml/szfgzbm/czsscjdglj/czsrmzf/yfxz/
    xzzfsxzd/202206/t20220609_2566302.shtml): thresholds only in the text, "万元以上（不含本数）" with no
    digit, 十万元 in Chinese numerals; the other rows are 118号's criteria or words for the reviewer."""
    text = (
        "序号,执法主体,审核事项\n"
        f"1,{AGENCY},涉及重大公共利益的行政执法决定。\n"
        f"2,{AGENCY},直接关系当事人或者第三人重大权益，作出责令停产停业、责令关闭、限制从业，降低资质等级、"
        "吊销许可证或者营业执照拟对自然人或个体工商户处以万元以上（不含本数）、对法人或者其他组织处以"
        "十万元以上（不含本数）罚款或者没收相当于前述数额违法所得、非法财物的行政处罚决定。\n"
        f"3,{AGENCY},减轻处罚的行政处罚决定。\n"
        f"4,{AGENCY},案件情况疑难复杂、涉及多个法律关系的行政执法决定。\n"
        f"5,{AGENCY},需经听证程序作出决定的\n"  # 公益 (http://public.gongyishi.gov.cn/D49Y/9628990.jhtml)
    )
    report = run("major_decisions", text)
    assert report.ok, report.as_text()
    rules = list(MajorDecisionRule.objects.order_by("id"))
    assert rules[0].major_public_interest and not rules[0].other_criteria
    amounts = rules[1]
    assert amounts.fine_threshold_natural == Decimal("10000")
    assert amounts.fine_threshold_legal == Decimal("100000")
    assert amounts.fine_threshold_exclusive
    assert amounts.other_criteria == amounts.name  # 责令停产停业、吊销… as alternatives: for the reviewer
    assert rules[2].other_criteria == "减轻处罚的行政处罚决定。"  # only words: the reviewer confirms
    assert rules[3].complex_case
    assert rules[4].hearing_held and not rules[4].other_criteria


def test_major_decision_amount_columns_in_wan_yuan():
    """益阳 目录 (http://yiyang.gov.cn/ajj/4725/4731/content_1881543.html): "对公民处以2万元以上
    （含2万元）的罚款，对单位处以5万元以上（含5万元）". As columns, a clerk writes them in 万元, in the
    header or in the cell."""
    text = (
        "执法主体,事项类别,审核事项,自然人罚没金额（万元）,法人或其他组织罚没金额,依据\n"
        f"{AGENCY},行政处罚类,罚款或没收违法所得或者没收非法财物,2,5万元,重大执法决定法制审核目录清单\n"
    )
    report = run("major_decisions", text)
    assert report.ok, report.as_text()
    rule = MajorDecisionRule.objects.get()
    assert rule.item_kinds == ["penalty"]
    assert (rule.fine_threshold_natural, rule.fine_threshold_legal) == (Decimal("20000"), Decimal("50000"))
    assert not rule.fine_threshold_exclusive


def test_thresholds_in_the_words_of_real_catalogues():
    """衡阳 (…1000元以上（含1000元）…2万元以上（含2万元）) and 公益 (1万元以上…10万元以上)."""
    found = thresholds_in_text(
        "对公民处以1000元以上（含1000元）罚款、对法人和其他组织处以2万元以上（含2万元）罚款"
    )
    assert found is not None
    assert (found.natural, found.legal, found.exclusive) == (Decimal(1000), Decimal(20000), False)
    found = thresholds_in_text("拟作出对公民处以1万元以上的罚款，对法人或者其他组织处以10万元以上的罚款")
    assert found is not None and (found.natural, found.legal) == (Decimal(10000), Decimal(100000))
    assert thresholds_in_text("拟作出责令停产停业") is None


# --- 随机抽查事项清单 -----------------------------------------------------------------------------------


def test_inspection_list_with_merged_cells_as_published():
    """汾阳 随机抽查事项清单 (http://www.fenyang.gov.cn/zwgk/chnl1155/dda/sdfds/202108/t20210817_1536722.shtml):
    one 抽查领域 and its 发起部门 merged over several 抽查事项; 抽查层级 "市县(区)级". Built with openpyxl
    merge_cells: every row gets the merged value."""
    header = ["序号", "执法主体", "抽查领域", "抽查事项", "检查对象", "发起部门", "配合部门", "抽查层级"]
    rows = [
        header,
        [
            1,
            AGENCY,
            "学校办学情况抽查",
            "中小学教育装备产品检查",
            "中小学校",
            "教育部门",
            "市场监管部门",
            "市县(区)级",
        ],
        [2, AGENCY, None, "民办学校收费情况的检查", "营利性民办学校", None, "市场监管、税务部门", None],
        [3, AGENCY, None, "学校食堂食品安全情况的检查", "各类学校", None, "教育、卫生健康部门", "县(区)级"],
    ]
    report = run("inspection_items", xlsx(rows, merges=("C2:C4", "F2:F4", "H2:H3")), filename="抽查.xlsx")
    assert report.ok, report.as_text()
    items = list(InspectionItem.objects.order_by("id"))
    assert [i.field_name for i in items] == ["学校办学情况抽查"] * 3
    assert [i.initiating_agency for i in items] == ["教育部门"] * 3
    assert [i.level for i in items] == ["市县(区)级", "市县(区)级", "县(区)级"]
    assert items[1].partner_agencies == "市场监管、税务部门"


def test_inspection_list_with_ratio_frequency_and_level():
    """北京 随机抽查事项清单样表 (https://m.1wenmi.com/doc/597734.html): 抽查比例 "15%", 抽查周期 "每月",
    抽查依据 a regulation's title; and a 重点 item with "不低于5%"."""
    text = (
        "执法主体,抽查事项,抽查依据,抽查对象,抽查比例,抽查周期,随机抽查方式,事项类别,实施层级\n"
        f"{AGENCY},出租汽车经营者经营服务抽查,北京市出租汽车管理条例,出租汽车经营者,15%,每月,按主体随机,"
        "一般,市级+区级\n"
        f"{AGENCY},食品生产企业监督检查,《中华人民共和国食品安全法》第八十七条,食品生产企业,不低于5%,每年1次,"
        "按主体随机,重点,区级\n"
    )
    report = run("inspection_items", text)
    assert report.ok, report.as_text()
    taxi, food = InspectionItem.objects.order_by("id")
    assert (taxi.ratio_percent, taxi.frequency, taxi.level) == (Decimal("15"), "每月", "市级+区级")
    assert taxi.basis == "北京市出租汽车管理条例" and taxi.method == "按主体随机"
    assert taxi.kind == InspectionItem.Kind.GENERAL
    assert (food.kind, food.ratio_percent) == (InspectionItem.Kind.KEY, Decimal("5"))


def test_inspection_ratio_out_of_range_is_reported():
    text = f"执法主体,抽查事项,检查对象,抽查比例\n{AGENCY},检查,企业,150%\n"
    report = run("inspection_items", text)
    assert not report.ok and InspectionItem.objects.count() == 0
    (error,) = report.errors
    assert (error.row, error.column) == (2, "抽查比例") and "不超过 100" in error.message


# --- 音像记录事项清单 -----------------------------------------------------------------------------------


def test_recording_list_keeps_its_own_columns():
    """焦作市司法局 音像记录事项清单 (https://sfj.jiaozuo.gov.cn/xzzfjd/202012/3663.html): 执法类别, 执法事项
    "全部检查事项", 记录环节, 记录方式, 记录开始时间, 记录内容, 记录结束时间, 存储期限 "永久"."""
    text = (
        "序号,执法主体,执法类别,执法事项,记录环节,记录方式,记录开始时间,记录内容,记录结束时间,存储期限\n"
        f"1,{AGENCY},行政检查,全部检查事项,现场检查全过程,执法记录仪、照相机、摄像机等记录,执法人员抵达现场,"
        "执法过程,执法人员离开现场,永久\n"
        f"2,{AGENCY},行政处罚,全部处罚事项,听证会全过程,执法记录仪、照相机、摄像机等记录,听证会开始,"
        "听证会全程,听证会结束,永久\n"
    )
    report = run("recording_items", text)
    assert report.ok, report.as_text()
    first = RecordingRequirement.objects.order_by("id").first()
    assert first is not None
    assert (first.category, first.activity, first.matter) == ("行政检查", "现场检查全过程", "全部检查事项")
    assert first.level == RecordingRequirement.Level.FULL_PROCESS
    assert first.method == "执法记录仪、照相机、摄像机等记录" and first.content == "执法过程"
    assert first.notes == "记录开始时间：执法人员抵达现场\n记录结束时间：执法人员离开现场\n存储期限：永久"


def test_recording_row_without_a_step_is_refused():
    text = f"执法主体,执法环节,记录方式\n{AGENCY},,拍照\n"
    report = run("recording_items", text)
    assert not report.ok and RecordingRequirement.objects.count() == 0
    (error,) = report.errors
    assert error.row == 2 and "至少填写一项" in error.message


# --- cells, merged ranges, the command ------------------------------------------------------------------


def test_amounts_in_wan_yuan():
    assert parse_amount("2万元") == Decimal("20000.00")
    assert parse_amount("1.5万") == Decimal("15000.00")
    assert parse_amount("万元") == Decimal("10000.00")
    assert parse_amount("3,000元") == Decimal("3000.00")
    assert parse_amount(5, unit="万元") == Decimal("50000.00")
    assert parse_amount("800元", unit="万元") == Decimal("800.00")  # the cell's own unit wins
    with pytest.raises(CellProblem, match="元或万元"):
        parse_amount("两万元")
    assert parse_percent("5％") == Decimal("5.00") and parse_percent(0.05) == Decimal("5.00")


def test_merged_ranges_fill_rows_and_columns():
    """A vertical range repeats its value down, a horizontal one across; a CSV has no merges."""
    rows = [["甲", "乙", "丙"], ["a", "b", "c"], [None, "d", None], ["e", "f", None], [None, None, "g"]]
    data = xlsx(rows, merges=("A2:A3", "B4:C4"))
    table = read_table(data, fmt="xlsx", max_rows=10)
    assert table.header == ("甲", "乙", "丙")
    assert [r.values for r in table.rows] == [("a", "b", "c"), ("a", "d"), ("e", "f", "f"), (None, None, "g")]


def test_unknown_kind_answers_in_chinese_with_the_kinds(tmp_path: Path):
    path = tmp_path / "x.csv"
    path.write_text("执法主体\n甲\n", encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        call_command("import_registry", "penalties", str(path), stdout=io.StringIO())
    message = str(exc.value)
    assert "不支持的导入类型“penalties”" in message
    for name in ("lenience", "major_decisions", "inspection_items", "recording_items", "items", "benchmarks"):
        assert name in message
    assert "随机抽查事项清单" in message


def test_the_portal_shows_an_imported_entry_with_its_validity(client):
    text = (
        "执法主体,清单类别,违法行为,适用情形,施行日期,有效期\n"
        f"{AGENCY},首违不罚,未按规定公示营业执照,初次违法且危害后果轻微并及时改正,2022-12-01,两年\n"
    )
    assert run("lenience", text).ok
    entry = LenienceEntry.objects.select_related("agency").get()
    page = client.get(f"/agencies/{entry.agency_id}/").content.decode()
    assert "首违免罚事项清单（可以）：未按规定公示营业执照——初次违法" in page
    assert "有效期 2022-12-01 至 2024-11-30" in page


@pytest.mark.parametrize(
    ("kind", "model", "rows"),
    [
        ("lenience", LenienceEntry, 3),
        ("major_decisions", MajorDecisionRule, 4),
        ("inspection_items", InspectionItem, 2),
        ("recording_items", RecordingRequirement, 3),
    ],
)
def test_the_list_samples_import(kind, model, rows):
    """The sample files (templates for clerks) import after the base registries."""
    report = import_file(kind=kind, path_or_file=sample_path(kind), filename=f"{kind}.csv", actor=None)
    assert report.ok, report.as_text()
    assert model.objects.count() == rows == report.created
