"""The registry importer: all or nothing, every error with its row and column, dry runs that write nothing."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from zhifa.catalog.models import (
    BenchmarkTier,
    DiscretionBenchmark,
    EnforcementField,
    EnforcementItem,
    Law,
    LegalBasis,
)
from zhifa.importer.basis import parse_basis, parse_chinese_number
from zhifa.importer.cells import CellProblem, parse_date
from zhifa.importer.report import ImportReport, RowError
from zhifa.importer.samples import ORDER, sample_path
from zhifa.importer.services import import_file
from zhifa.journal.models import JournalEntry
from zhifa.lib.chinese_numbers import to_chinese
from zhifa.lib.identifiers import complete_credit_code, complete_resident_id
from zhifa.organizations.models import Agency, Region, Unit
from zhifa.personnel.models import Certificate, Officer

pytestmark = pytest.mark.django_db

MODELS = (
    EnforcementField,
    Law,
    Region,
    Agency,
    Unit,
    Officer,
    Certificate,
    EnforcementItem,
    LegalBasis,
    DiscretionBenchmark,
    BenchmarkTier,
    JournalEntry,
)


@pytest.fixture
def admin(django_user_model: Any) -> Any:
    return django_user_model.objects.create_user(username="importer-admin", display_name="导入管理员")


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in MODELS}


def run(
    kind: str,
    content: str | bytes,
    *,
    actor: Any = None,
    dry_run: bool = False,
    filename: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import CSV text (or bytes) as ``kind``."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    return import_file(
        kind=kind,
        path_or_file=data,
        filename=filename or f"{kind}.csv",
        actor=actor,
        dry_run=dry_run,
        progress=progress,
    )


def load(*kinds: str, actor: Any = None) -> None:
    for kind in kinds:
        report = import_file(kind=kind, path_or_file=sample_path(kind), filename=f"{kind}.csv", actor=actor)
        assert report.ok, report.as_text()


def sample_text(kind: str) -> str:
    return sample_path(kind).read_text(encoding="utf-8")


def replace_in_sample(kind: str, old: str, new: str) -> str:
    text = sample_text(kind)
    assert old in text
    return text.replace(old, new, 1)


def only(errors: list[RowError]) -> RowError:
    assert len(errors) == 1, errors
    return errors[0]


# --- the samples ------------------------------------------------------------------------------------------


def test_samples_build_a_database_from_nothing_in_order(admin):
    for kind in ORDER:
        rows = sum(1 for _ in csv.reader(io.StringIO(sample_text(kind)))) - 1
        report = import_file(kind=kind, path_or_file=sample_path(kind), filename=f"{kind}.csv", actor=admin)
        assert report.ok, report.as_text()
        assert (report.rows, report.created) == (rows, rows)
        assert report.as_text() == f"导入成功：共 {rows} 行，已导入 {rows} 条"
    c = counts()
    assert c["Region"] == 4 and c["Agency"] == 2 and c["Officer"] == 3 and c["Certificate"] == 3
    assert c["Unit"] == 2  # 执法大队 created once and reused by the second officer; 法制科
    assert c["EnforcementItem"] == 3 and c["LegalBasis"] == 5
    assert c["DiscretionBenchmark"] == 2 and c["BenchmarkTier"] == 6
    township = Region.objects.get(code="990102001")
    assert township.parent is not None and township.parent.code == "990102"
    assert township.path == "/99/9901/990102/990102001/"
    zhang = Officer.objects.get(name="张示例")
    assert zhang.law_qualification and zhang.unit is not None and zhang.unit.name == "执法大队"
    cert = zhang.certificates.get()
    assert sorted(cert.fields.values_list("code", flat=True)) == ["food_safety", "market_regulation"]
    assert (cert.valid_from, cert.valid_until) == (date(2024, 1, 1), date(2029, 12, 31))
    agency = Agency.objects.get(name="示例区市场监督管理局")
    assert agency.field == "市场监管" and agency.supervision_phone == "12315"
    bases = {str(b): b.role for b in LegalBasis.objects.filter(item__code="SJ-CF-001")}
    assert bases == {
        "《中华人民共和国食品安全法》第一百二十四条第一款第（二）项": "penalty",
        "《中华人民共和国行政处罚法》第二十八条": "duty",
    }
    bench = DiscretionBenchmark.objects.get(item__code="SJ-CF-001")
    assert [t.tier for t in bench.tiers.all()] == ["minor", "ordinary", "serious", "particularly_serious"]
    assert bench.basis == "《中华人民共和国行政处罚法》第三十三条"


def test_each_successful_import_journals_one_summary_entry(admin):
    load("fields", actor=admin)
    entries = JournalEntry.objects.filter(event_type="registry.imported")
    entry = entries.get()
    import hashlib

    sha = hashlib.sha256(sample_path("fields").read_bytes()).hexdigest()
    assert entry.subject == f"importer.file:{sha}"
    assert entry.agency_id is None and entry.actor_id == admin.pk
    payload = {"kind": "fields", "filename": "fields.csv", "rows": 3, "created": 3, "sha256": sha}
    assert entry.payload_data == payload
    # and every row's service journaled its own entry, in the same transaction
    assert JournalEntry.objects.filter(event_type="catalog.field_created").count() == 3


def _xlsx_value(text: str) -> object:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return datetime.fromisoformat(text)  # an Excel date cell
    if re.fullmatch(r"[1-9]\d{0,8}", text):
        return int(text)  # region codes, amounts, time limits as numbers
    return text or None


def csv_to_xlsx(text: str, path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "登记簿"
    for n, record in enumerate(csv.reader(io.StringIO(text))):
        values: list[object] = list(record) if n == 0 else [_xlsx_value(v) for v in record]
        ws.append(values)
    wb.create_sheet("说明").append(["这张表不会被读取"])
    wb.save(path)
    return path


def test_the_same_samples_import_from_xlsx(tmp_path, admin):
    for kind in ORDER:
        path = csv_to_xlsx(sample_text(kind), tmp_path / f"{kind}.xlsx")
        report = import_file(kind=kind, path_or_file=path, filename=path.name, actor=admin)
        assert report.ok, report.as_text()
    assert Region.objects.filter(code="990102001", parent__code="990102").exists()
    cert = Certificate.objects.get(number="99010200001")
    assert (cert.valid_from, cert.valid_until) == (date(2024, 1, 1), date(2029, 12, 31))
    assert Agency.objects.get(name="示例区市场监督管理局").supervision_phone == "12315"
    assert BenchmarkTier.objects.filter(fine_max=100000).count() == 2


def test_xlsx_from_an_open_file_and_excel_serial_dates(tmp_path):
    load("fields", "laws", "regions", "agencies")
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    header = sample_text("officers").splitlines()[0].split(",")
    ws.append(header)
    row: list[object] = list(sample_text("officers").splitlines()[1].split(","))
    row[11], row[12] = 45292, 47483  # 2024-01-01 and 2029-12-31 as unformatted serial numbers
    ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    report = import_file(kind="officers", path_or_file=buf, filename="人员.XLSX", actor=None)
    assert report.ok, report.as_text()
    cert = Certificate.objects.get()
    assert (cert.valid_from, cert.valid_until) == (date(2024, 1, 1), date(2029, 12, 31))


# --- dry runs ---------------------------------------------------------------------------------------------


def test_dry_run_reports_what_a_real_run_would_and_writes_nothing(admin):
    load("fields", "laws", "regions", actor=admin)
    before = counts()
    report = import_file(
        kind="agencies",
        path_or_file=sample_path("agencies"),
        filename="agencies.csv",
        actor=admin,
        dry_run=True,
    )
    assert report.ok and report.dry_run and (report.rows, report.created) == (2, 2)
    assert report.as_text() == "试运行：共 2 行，校验通过，可导入 2 条"
    assert counts() == before


def test_dry_run_of_a_file_that_refers_to_its_own_rows():
    """A township whose county is on an earlier row validates in a dry run too (the rows are really
    created, then rolled back)."""
    report = run("regions", sample_text("regions"), dry_run=True)
    assert report.ok and report.created == 4
    assert Region.objects.count() == 0 and JournalEntry.objects.count() == 0


def test_dry_run_with_errors_lists_them_and_writes_nothing():
    before = counts()
    report = run("regions", replace_in_sample("regions", "990100,示例市", "990200,示例市"), dry_run=True)
    assert not report.ok and report.created == 0
    assert report.as_text().startswith("试运行：共 4 行，发现")
    assert counts() == before


# --- one bad row: nothing is imported, the error says where and what -------------------------------------


def assert_nothing_imported(before: dict[str, int], report: ImportReport) -> None:
    assert not report.ok
    assert report.created == 0
    assert counts() == before
    assert report.as_text().startswith(f"导入失败：共 {len(report.errors)} 处错误，未导入任何数据")


def test_bad_credit_code_check_character():
    load("fields", "laws", "regions")
    good = "11990102000000019C"
    bad = good[:-1] + "D"
    before = counts()
    report = run("agencies", replace_in_sample("agencies", good, bad))
    assert_nothing_imported(before, report)
    err = only(report.errors)
    assert (err.row, err.column) == (2, "统一社会信用代码")
    assert "校验位错误：应为 C" in err.message and bad in err.message
    assert f"第 2 行 [统一社会信用代码] 统一社会信用代码校验位错误：应为 C，收到“{bad}”" in report.as_text()


def test_bad_id_number_is_reported_masked():
    load("fields", "laws", "regions", "agencies")
    before = counts()
    report = run("officers", replace_in_sample("officers", "110101199007200020", "110101199007200021"))
    assert_nothing_imported(before, report)
    err = only(report.errors)
    assert (err.row, err.column) == (3, "身份证号")
    assert "校验位错误：应为 0" in err.message
    assert "110101199007200021" not in err.message and "110101********0021" in err.message


def test_unknown_agency():
    load("fields", "laws", "regions", "agencies")
    before = counts()
    text = sample_text("officers").replace("示例市交通运输局,", "示例市不存在局,")
    report = run("officers", text)
    assert_nothing_imported(before, report)
    err = only(report.errors)
    assert (err.row, err.column) == (4, "执法主体")
    assert err.message.startswith("执法主体“示例市不存在局”不存在")


def test_agency_by_credit_code_and_unknown_field():
    load("fields", "laws", "regions", "agencies")
    text = sample_text("officers").replace("示例市交通运输局,", "11990100000000027A,")
    text = text.replace("food_safety", "food_safety、渔业")
    report = run("officers", text)
    err = only(report.errors)
    assert (err.row, err.column) == (3, "执法类别")
    assert err.message.startswith("执法领域“渔业”不存在")


def test_bad_date():
    load("fields", "laws", "regions", "agencies")
    before = counts()
    report = run("officers", replace_in_sample("officers", "2025-03-01,2030-02-28", "2025-03-01,2026/13/01"))
    assert_nothing_imported(before, report)
    err = only(report.errors)
    assert (err.row, err.column) == (4, "有效期至")
    assert str(err) == "第 4 行“有效期至”：日期格式应为 YYYY-MM-DD，收到“2026/13/01”"


def test_certificate_period_out_of_order_and_area_outside_the_agency():
    load("fields", "laws", "regions", "agencies")
    text = replace_in_sample("officers", "2024-01-01,2029-12-31", "2029-12-31,2024-01-01")
    # the province: outside the city of 示例市交通运输局
    text = text.replace("交通运输,990100,", "交通运输,990000,")
    report = run("officers", text)
    assert [(e.row, e.column) for e in report.errors] == [(2, "有效期至"), (4, "执法区域代码")]
    assert "超出示例市交通运输局的管辖区域" in report.errors[1].message


def test_duplicate_key_within_the_file():
    before = counts()
    text = sample_text("regions") + "990102,示例区重复,县级,990100\n"
    report = run("regions", text)
    assert_nothing_imported(before, report)
    err = only(report.errors)
    assert (err.row, err.column) == (6, "区划代码")
    assert err.message.startswith("与第 4 行重复")


def test_duplicate_officer_and_certificate_within_the_file():
    load("fields", "laws", "regions", "agencies")
    lines = sample_text("officers").splitlines()
    lines.append(lines[1].replace("99010200001", "99010200009"))  # same person again
    lines.append(lines[2].replace("110101199007200020", complete_resident_id("11010119900720003")))
    report = run("officers", "\n".join(lines) + "\n")
    assert [(e.row, e.column) for e in report.errors] == [(5, "身份证号"), (6, "证件编号")]
    assert report.errors[0].message == "与第 2 行重复：身份证号“110101********0013”在本文件中出现了两次"
    assert Officer.objects.count() == 0


def test_missing_required_header():
    load("fields", "laws", "regions", "agencies")
    rows = list(csv.reader(io.StringIO(sample_text("officers"))))
    at = rows[0].index("身份证号")
    buf = io.StringIO()
    csv.writer(buf).writerows([r[:at] + r[at + 1 :] for r in rows])
    report = run("officers", buf.getvalue())
    err = only(report.errors)
    assert (err.row, err.column, err.message) == (None, "身份证号", "缺少必填列“身份证号”")
    assert "文件 [身份证号] 缺少必填列“身份证号”" in report.as_text()
    assert report.rows == 3 and report.created == 0


def test_unknown_and_duplicate_headers_are_file_errors():
    report = run("fields", "代码,名称,code,颜色,序号\nx,y,z,red,1\n")
    assert [(e.row, e.column) for e in report.errors] == [(None, "code"), (None, "颜色")]


def test_english_headers_and_decorated_chinese_headers():
    report = run("regions", "code,name,level,parent_code\n990000,示例省,province,\n")
    assert report.ok, report.as_text()
    report = run("fields", "代码*, 名称（必填）\nx1,某领域\n")
    assert report.ok, report.as_text()


def test_region_code_that_does_not_match_its_parent():
    before = counts()
    report = run("regions", replace_in_sample("regions", "990102,示例区", "990202,示例区"))
    assert_nothing_imported(before, report)
    # row 4 is refused; the township (row 5) names a county that is now nowhere
    assert [(e.row, e.column) for e in report.errors] == [(4, "区划代码"), (5, "上级区划代码")]
    assert report.errors[0].message == "区划代码“990202”与上级区划代码“990100”不一致"
    assert report.errors[1].message == "上级区划代码“990102”不存在，请先导入上级区划"


def test_a_child_of_a_failed_row_says_which_row_failed():
    report = run("regions", replace_in_sample("regions", "990102,示例区,县级", "990102,,县级"))
    assert report.errors == [
        RowError(4, "名称", "必填，不能为空"),
        RowError(5, "上级区划代码", "上级区划“990102”（第 4 行）有错误未能导入，本行无法导入"),
    ]


def test_parent_on_a_later_row_is_imported_first():
    """Issue 12: rows may come in any order; the importer places parents before children."""
    lines = sample_text("regions").splitlines()
    lines[2], lines[3] = lines[3], lines[2]
    report = run("regions", "\n".join(lines))
    assert report.ok, report.as_text()
    assert Region.objects.get(code="990102").parent == Region.objects.get(code="990100")


def test_regions_naming_each_other_as_parent_are_refused():
    report = run(
        "regions", "区划代码,名称,级别,上级区划代码\n990100,甲市,市级,990102\n990102,乙区,县级,990100\n"
    )
    assert not report.ok and Region.objects.count() == 0
    assert (
        RowError(3, "上级区划代码", "上级区划“990100”（第 2 行）与本行互为上下级，无法导入") in report.errors
    )


def test_all_bad_rows_are_reported_not_only_the_first():
    load("fields", "laws", "regions")
    good = sample_text("agencies").splitlines()
    third = f"示例区司法局,{complete_credit_code('1199010200000004')},行政机关,990102,示例司,,,,0999-8888,"
    text = "\n".join(
        [
            good[0],
            good[1].replace("行政机关", "行政部门"),  # bad enum
            good[2].replace(",990100,", ",999999,"),  # unknown region
            third,  # bad phone
            f"示例区教育局,{complete_credit_code('1199010200000005')},行政机关,990102,示例教,,,,,",  # fine
        ]
    )
    report = run("agencies", text)
    assert [(e.row, e.column) for e in report.errors] == [(2, "主体类型"), (3, "区划代码"), (4, "咨询电话")]
    assert report.errors[0].message == "应为行政机关、法律法规授权组织、受委托组织之一，收到“行政部门”"
    assert Agency.objects.count() == 0


def test_several_errors_in_one_row_are_all_reported():
    load("fields", "laws", "regions", "agencies")
    text = replace_in_sample("officers", "110101198503150013", "110101198513150013")
    text = text.replace("2024-01-01,2029-12-31", "2024-01-01,明年", 1).replace(
        ",是,99010200001", ",也许,99010200001"
    )
    report = run("officers", text)
    assert [(e.row, e.column) for e in report.errors] == [
        (2, "身份证号"),
        (2, "法律职业资格"),
        (2, "有效期至"),
    ]


# --- items and benchmarks --------------------------------------------------------------------------------


def test_items_with_unknown_law_and_bad_basis_grammar_are_kept_for_review():
    """Issue 12: a citation that cannot be resolved is kept as written and flagged, never refused."""
    load("fields", "laws", "regions", "agencies")
    text = sample_text("items")
    text = text.replace("中华人民共和国行政处罚法 第28条", "中华人民共和国不存在法 第28条")
    text = text.replace("中华人民共和国行政许可法 第12条", "中华人民共和国行政许可法 十二条")
    report = run("items", text)
    assert report.ok, report.errors
    flagged = {b.text: b for b in LegalBasis.objects.filter(needs_review=True)}
    unknown = flagged["中华人民共和国不存在法 第28条"]
    assert unknown.law is None and "法律法规库中没有《中华人民共和国不存在法》" in unknown.review_note
    assert unknown.citation == "中华人民共和国不存在法 第28条"
    garbled = flagged["中华人民共和国行政许可法 十二条"]
    assert garbled.law is None and "未能识别" in garbled.review_note


def test_items_limitation_and_kind():
    load("fields", "laws", "regions", "agencies")
    text = replace_in_sample("items", "行政处罚,食品安全", "行政惩罚,食品安全")
    text = text.replace("不收费,2\n", "不收费,3\n", 1)
    report = run("items", text)
    assert [(e.row, e.column) for e in report.errors] == [(2, "事项类别"), (2, "追责时效")]


def test_benchmarks_duplicate_tier_and_non_penalty_item():
    load("fields", "laws", "regions", "agencies", "items")
    lines = sample_text("benchmarks").splitlines()
    lines.append(lines[2])  # 一般 again
    lines.append("示例区市场监督管理局,SJ-XK-001,许可基准,2025-01-01,一般,情形,,,")
    report = run("benchmarks", "\n".join(lines))
    assert [(e.row, e.column) for e in report.errors] == [(8, "裁量阶次"), (9, "事项编码")]
    assert "行政许可事项" in report.errors[1].message
    assert DiscretionBenchmark.objects.count() == 0


def test_benchmark_fine_range_and_dates_must_agree():
    load("fields", "laws", "regions", "agencies", "items")
    text = replace_in_sample("benchmarks", "50000,70000", "70000,50000")
    text = text.replace("2025-01-01,较重", "2025-02-01,较重")
    report = run("benchmarks", text)
    assert [(e.row, e.column) for e in report.errors] == [(3, "罚款上限"), (4, "施行日期")]


# --- files ------------------------------------------------------------------------------------------------


def test_gb18030_csv():
    data = sample_text("regions").encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    report = run("regions", data)
    assert report.ok, report.as_text()
    assert Region.objects.get(code="990102").name == "示例区"


def test_utf8_with_bom_and_crlf():
    data = "\ufeff".encode() + sample_text("fields").replace("\n", "\r\n").encode()
    report = run("fields", data)
    assert report.ok and report.created == 3


def test_unknown_extension_empty_and_header_only_files():
    assert run("fields", "代码,名称\nx,y\n", filename="fields.xls").errors == [
        RowError(None, "", "只支持 CSV 和 XLSX 文件")
    ]
    assert run("fields", b"").errors[0].message == "文件为空"
    assert run("fields", "代码,名称\n\n,\n").errors[0].message == "文件只有表头，没有数据行"
    assert (
        run("fields", b"PK\x03\x04 not really", filename="x.xlsx")
        .errors[0]
        .message.startswith("无法读取 XLSX 文件")
    )
    assert not run("nothing", "a\nb\n").ok


def test_limits_from_settings(settings):
    settings.ZHIFA_IMPORT_MAX_ROWS = 2
    report = run("fields", sample_text("fields"))
    assert only(report.errors).message == "数据行超过上限 2 行，请拆分后分批导入"
    settings.ZHIFA_IMPORT_MAX_ROWS = 50_000
    settings.ZHIFA_IMPORT_MAX_BYTES = 20
    report = run("fields", sample_text("fields"))
    assert only(report.errors).message.startswith("文件过大")
    assert EnforcementField.objects.count() == 0


def test_progress_is_called_every_hundred_rows():
    text = "代码,名称\n" + "".join(f"f{i},领域{i}\n" for i in range(250))
    calls: list[tuple[int, int]] = []
    report = run("fields", text, progress=lambda done, total: calls.append((done, total)))
    assert report.ok and report.created == 250
    assert calls == [(100, 250), (200, 250), (250, 250)]


def test_blank_rows_keep_the_spreadsheet_row_numbers():
    text = "代码,名称\nok1,甲\n,\nbad code,乙\n"
    report = run("fields", text)
    assert only(report.errors).row == 4


# --- the command ------------------------------------------------------------------------------------------


def test_command_prints_the_report_and_fails_on_errors(tmp_path):
    out = io.StringIO()
    call_command("import_registry", "regions", str(sample_path("regions")), "--dry-run", stdout=out)
    assert out.getvalue().strip() == "试运行：共 4 行，校验通过，可导入 4 条"
    assert Region.objects.count() == 0
    call_command("import_registry", "regions", str(sample_path("regions")), stdout=io.StringIO())
    assert Region.objects.count() == 4
    out = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("import_registry", "regions", str(sample_path("regions")), stdout=out)
    assert exc.value.returncode == 1
    assert "第 2 行 [区划代码] 区划代码“990000”已存在" in out.getvalue()


# --- the cell grammar -------------------------------------------------------------------------------------


def test_chinese_article_numbers_round_trip():
    for n in range(1, 10000):
        assert parse_chinese_number(to_chinese(n)) == n
        assert parse_chinese_number(str(n)) == n
    for bad in ("零", "一二", "百", "十十", "一千二", "0", "第"):
        assert parse_chinese_number(bad) is None


def test_legal_basis_grammar():
    refs = parse_basis(
        "中华人民共和国食品安全法 第124条第1款; 中华人民共和国行政处罚法 第28条\n"
        "处罚依据：《中华人民共和国食品安全法》第一百二十四条第一款第（二）项；"
        "程序依据:某某条例（试行）第３条第(4)项；"
    )
    assert [(r.law, r.article, r.paragraph, r.clause, r.role) for r in refs] == [
        ("中华人民共和国食品安全法", 124, 1, None, "duty"),
        ("中华人民共和国行政处罚法", 28, None, None, "duty"),
        ("中华人民共和国食品安全法", 124, 1, 2, "penalty"),
        ("某某条例（试行）", 3, None, 4, "procedure"),  # the law's name is kept as written
    ]
    for bad in ("中华人民共和国食品安全法", "第124条", "食品安全法 第0条", "食品安全法 第十条第"):
        (ref,) = parse_basis(bad)
        assert ref.law == "" and ref.problem and ref.text == bad


def test_date_cells():
    assert parse_date("2026-01-05") == date(2026, 1, 5)
    assert parse_date("2026/1/5") == date(2026, 1, 5)
    assert parse_date("2026年1月5日") == date(2026, 1, 5)
    assert parse_date(datetime(2026, 1, 5, tzinfo=None)) == date(2026, 1, 5)  # noqa: DTZ001 (as openpyxl gives)
    assert parse_date(46027) == date(2026, 1, 5)
    for bad in ("2026/13/01", "明天", "05-01-2026", 3.5):
        with pytest.raises(CellProblem):
            parse_date(bad)


def test_expired_certificate_is_refused():
    load("fields", "laws", "regions", "agencies")
    report = run("officers", replace_in_sample("officers", "2025-03-01,2030-02-28", "2015-03-01,2020-02-28"))
    assert only(report.errors) == RowError(4, "有效期至", "执法证已于 2020-02-28 到期，过期的执法证不能导入")


def test_an_uploaded_file_is_accepted():
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("领域.csv", sample_path("fields").read_bytes(), content_type="text/csv")
    upload.read(5)  # already partly read by a form: the importer starts from the beginning
    report = import_file(kind="fields", path_or_file=upload, filename=upload.name or "", actor=None)
    assert report.ok and report.created == 3
