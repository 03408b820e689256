"""The directory import (inspections.directory): good CSV and XLSX files, each kind of bad input refused
whole with its row, column and Chinese message, incremental updates, 不在册, header variants, the one
journal entry per file, and the `zhifa import targets` command."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from zhifa.core.errors import PermissionDenied
from zhifa.inspections.directory import MAX_LISTED_ERRORS, DirectoryReport, import_targets
from zhifa.inspections.models import InspectionTarget
from zhifa.inspections.tests.directory_world import HEADER, DirWorld, code, csv_bytes, dw, row, write
from zhifa.journal.models import JournalEntry
from zhifa.organizations.services import region_create

__all__ = ["dw"]


def run(path: Path, actor: object = None, **kw: object) -> DirectoryReport:
    return import_targets(file=path, filename=path.name, actor=actor, **kw)  # type: ignore[arg-type]


def imported_entries() -> list[JournalEntry]:
    return list(JournalEntry.objects.filter(event_type="inspection_target.imported").order_by("id"))


def test_good_csv_imports_every_business_with_its_region_path_and_one_journal_entry(
    dw: DirWorld, tmp_path: Path
) -> None:
    data = csv_bytes(
        [
            row(1, 标签="经营异常、投诉多", 信用风险分类="A类"),
            row(2, 主体类型="个体户", 所在区划="临江县", 信用风险分类=""),
            row(3, 主体类型="农专社", 所在区划="江北市江北区", 信用风险分类="信用风险高", 在册="是"),
            row(
                4, 主体类型="有限责任公司（自然人投资或控股）", 所在区划="990102001", 标签="重点 监管;投诉多"
            ),
        ]
    )
    path = write(tmp_path, data)
    report = run(path, dw.head)
    assert report.ok, report.as_text()
    assert (report.rows, report.created, report.updated, report.unchanged) == (4, 4, 0, 0)
    t1 = InspectionTarget.objects.get(credit_code=code(1))
    assert (t1.kind, t1.credit_class, t1.tags, t1.active) == ("enterprise", "A", ",经营异常,投诉多,", True)
    assert t1.region == dw.world.county_a and t1.region_path == dw.world.county_a.path
    assert (t1.address, t1.legal_representative, t1.contact, t1.sector) == (
        "江北区人民路1号",
        "王某",
        "13800000000",
        "食品销售",
    )
    assert t1.updated_on is not None
    t2 = InspectionTarget.objects.get(credit_code=code(2))
    assert (t2.kind, t2.credit_class, t2.region) == ("individual", "", dw.world.county_b)
    t3 = InspectionTarget.objects.get(credit_code=code(3))
    assert (t3.kind, t3.credit_class) == ("cooperative", "D")
    t4 = InspectionTarget.objects.get(credit_code=code(4))
    assert (t4.kind, t4.region_path, t4.tags) == (
        "enterprise",
        dw.world.township_a.path,
        ",重点,监管,投诉多,",
    )
    [entry] = imported_entries()
    payload = entry.payload_data
    assert payload["file_sha256"] == hashlib.sha256(data).hexdigest() == report.sha256
    assert (payload["created"], payload["updated"], payload["unchanged"], payload["rows"]) == (4, 0, 0, 4)
    assert entry.agency_id == dw.agency.pk and entry.actor_id == dw.head.pk


def _payload(entry: JournalEntry) -> dict[str, object]:
    return entry.payload_data


def _xlsx(rows: list[list[object]], header: list[str] | None = None, title: str | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    if title:
        ws.append([title])
    ws.append(header or HEADER)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_good_xlsx_imports_with_numeric_cells_and_a_title_row(dw: DirWorld, tmp_path: Path) -> None:
    rows: list[list[object]] = [list(row(1)), list(row(2, 主体类型="个体工商户"))]
    rows[0][4] = 990102  # 所在区划 typed as a number
    rows[0][7] = 13912345678  # 联系方式 as a number
    path = write(tmp_path, _xlsx(rows, title="江北市检查对象名录库（导出）"), "名录.xlsx")
    report = run(path, dw.clerk)
    assert report.ok, report.as_text()
    assert report.created == 2
    t1 = InspectionTarget.objects.get(credit_code=code(1))
    assert (t1.region, t1.contact) == (dw.world.county_a, "13912345678")
    assert InspectionTarget.objects.get(credit_code=code(2)).kind == "individual"
    assert len(imported_entries()) == 1


def _refused(report: DirectoryReport) -> None:
    assert not report.ok
    assert InspectionTarget.objects.count() == 0, "a file with any error imports nothing"
    assert imported_entries() == []
    assert report.created == report.updated == 0


@pytest.mark.parametrize(
    ("bad", "column", "fragment"),
    [
        (
            {"统一社会信用代码": code(2)[:17] + ("0" if code(2)[17] != "0" else "1")},
            "统一社会信用代码",
            "校验位错误",
        ),
        ({"统一社会信用代码": "330100400012345"}, "统一社会信用代码", "15 位注册号"),
        ({"统一社会信用代码": ""}, "统一社会信用代码", "必填"),
        ({"所在区划": "990999"}, "所在区划", "不在行政区划登记簿中"),
        ({"所在区划": "火星区"}, "所在区划", "未找到区划"),
        ({"主体类型": "宇宙飞船"}, "主体类型", "应为企业、个体工商户"),
        ({"信用风险分类": "E"}, "信用风险分类", "应为 A、B、C、D"),
        ({"名称": ""}, "名称", "必填"),
        ({"名称": "名" * 201}, "名称", "不能超过 200"),
        ({"在册": "也许"}, "在册", "应填“是”或“否”"),
    ],
)
def test_a_bad_row_refuses_the_whole_file_with_row_and_column(
    dw: DirWorld, tmp_path: Path, bad: dict[str, str], column: str, fragment: str
) -> None:
    path = write(tmp_path, csv_bytes([row(1), row(2, **bad), row(3)]))
    report = run(path, dw.head)
    _refused(report)
    [error] = report.errors
    assert (error.row, error.column) == (3, column)
    assert fragment in error.message
    assert f"第 3 行 [{column}]" in report.as_text() and "未导入任何数据" in report.as_text()


def test_a_business_twice_in_the_file_is_refused_naming_both_rows(dw: DirWorld, tmp_path: Path) -> None:
    path = write(tmp_path, csv_bytes([row(1), row(2), row(1, 名称="另一个名称")]))
    report = run(path, dw.head)
    _refused(report)
    [error] = report.errors
    assert (error.row, error.column) == (4, "统一社会信用代码")
    assert "与第 2 行重复" in error.message


def test_an_ambiguous_region_name_is_refused_and_a_full_name_resolves_it(
    dw: DirWorld, tmp_path: Path
) -> None:
    region_create(code="990203", name="江北区", level="county", parent=dw.south, actor=None)
    report = run(write(tmp_path, csv_bytes([row(1, 所在区划="江北区")])), dw.admin)
    _refused(report)
    assert "对应 2 个区划" in report.errors[0].message
    report = run(write(tmp_path, csv_bytes([row(1, 所在区划="江南市江北区")])), dw.admin)
    assert report.ok and InspectionTarget.objects.get().region.code == "990203"


def test_header_problems_are_refused(dw: DirWorld, tmp_path: Path) -> None:
    header = [h for h in HEADER if h != "所在区划"] + ["经营者身份证号"]
    rows = [[c for h, c in zip(HEADER, row(1), strict=True) if h != "所在区划"] + ["x"]]
    report = run(write(tmp_path, csv_bytes(rows, header)), dw.head)
    _refused(report)
    messages = [e.message for e in report.errors]
    assert any("无法识别的列“经营者身份证号”" in m for m in messages)
    assert any("缺少必填列“所在区划”" in m for m in messages)


def test_a_region_outside_the_importers_agency_is_refused(dw: DirWorld, tmp_path: Path) -> None:
    report = run(write(tmp_path, csv_bytes([row(1), row(2, 所在区划="990202")])), dw.head)
    _refused(report)
    assert report.errors[0].row == 3 and "不在本机关辖区内" in report.errors[0].message
    # the administrator of no agency keeps the whole directory
    assert run(write(tmp_path, csv_bytes([row(1), row(2, 所在区划="990202")])), dw.admin).ok


def test_errors_are_listed_up_to_the_cap_then_counted(dw: DirWorld, tmp_path: Path) -> None:
    rows = [row(n, 所在区划="990999") for n in range(1, MAX_LISTED_ERRORS + 51)]
    report = run(write(tmp_path, csv_bytes(rows)), dw.head)
    _refused(report)
    assert report.error_count == MAX_LISTED_ERRORS + 50 and len(report.errors) == MAX_LISTED_ERRORS
    assert "另有 50 处错误未列出" in report.as_text()


def test_incremental_update_counts_created_updated_unchanged(dw: DirWorld, tmp_path: Path) -> None:
    first = run(write(tmp_path, csv_bytes([row(1), row(2), row(3)])), dw.head)
    assert first.created == 3
    InspectionTarget.objects.filter(credit_code=code(2)).update(updated_on="2020-01-01")
    InspectionTarget.objects.filter(credit_code=code(1)).update(updated_on="2020-01-01")
    second_rows = [row(1), row(2, 信用风险分类="D", 标签="投诉多"), row(3), row(4)]
    report = run(write(tmp_path, csv_bytes(second_rows)), dw.head)
    assert report.ok, report.as_text()
    assert (report.created, report.updated, report.unchanged, report.deactivated) == (1, 1, 2, 0)
    t2 = InspectionTarget.objects.get(credit_code=code(2))
    assert (t2.credit_class, t2.tags) == ("D", ",投诉多,") and str(t2.updated_on) != "2020-01-01"
    assert str(InspectionTarget.objects.get(credit_code=code(1)).updated_on) == "2020-01-01", (
        "unchanged: not written"
    )
    assert InspectionTarget.objects.count() == 4
    payloads = [_payload(e) for e in imported_entries()]
    assert [(p["created"], p["updated"], p["unchanged"]) for p in payloads] == [(3, 0, 0), (1, 1, 2)]


def test_a_moved_region_path_is_rewritten(dw: DirWorld, tmp_path: Path) -> None:
    run(write(tmp_path, csv_bytes([row(1)])), dw.admin)
    InspectionTarget.objects.update(region_path="/stale/")
    report = run(write(tmp_path, csv_bytes([row(1)])), dw.admin)
    assert report.updated == 1
    assert InspectionTarget.objects.get().region_path == dw.world.county_a.path


def test_dry_run_counts_what_the_import_would_do_and_writes_nothing(dw: DirWorld, tmp_path: Path) -> None:
    run(write(tmp_path, csv_bytes([row(1), row(2)])), dw.head)
    report = run(write(tmp_path, csv_bytes([row(1, 名称="改名"), row(3)])), dw.head, dry_run=True,
                 deactivate_missing=True)  # fmt: skip
    assert report.ok and (report.created, report.updated, report.deactivated) == (1, 1, 1)
    assert report.as_text().startswith("试运行：校验通过")
    assert (
        InspectionTarget.objects.count() == 2 and InspectionTarget.objects.filter(active=False).count() == 0
    )
    assert InspectionTarget.objects.get(credit_code=code(1)).name != "改名"
    assert len(imported_entries()) == 1


def test_deactivate_missing_marks_businesses_no_longer_listed_within_the_importers_region(
    dw: DirWorld, tmp_path: Path
) -> None:
    run(write(tmp_path, csv_bytes([row(1), row(2), row(9, 所在区划="990202")])), dw.admin)
    report = run(write(tmp_path, csv_bytes([row(1)])), dw.head, deactivate_missing=True)
    assert report.ok and report.deactivated == 1
    assert not InspectionTarget.objects.get(credit_code=code(2)).active
    assert InspectionTarget.objects.get(credit_code=code(9)).active, "another city's business is not ours"
    assert _payload(imported_entries()[-1])["deactivated"] == 1
    # listed again: back in the register
    report = run(write(tmp_path, csv_bytes([row(1), row(2)])), dw.head)
    assert report.updated == 1 and InspectionTarget.objects.get(credit_code=code(2)).active


def test_the_in_register_column_marks_a_business_inactive(dw: DirWorld, tmp_path: Path) -> None:
    report = run(
        write(tmp_path, csv_bytes([row(1, 在册="否"), row(2, 在册="注销"), row(3, 在册="存续")])), dw.head
    )
    assert report.ok
    assert dict(InspectionTarget.objects.values_list("credit_code", "active")) == {
        code(1): False,
        code(2): False,
        code(3): True,
    }


def test_a_business_registered_in_another_region_cannot_be_changed_by_this_agency(
    dw: DirWorld, tmp_path: Path
) -> None:
    run(write(tmp_path, csv_bytes([row(1, 所在区划="990202")])), dw.admin)
    report = run(write(tmp_path, csv_bytes([row(1, 所在区划="990102")])), dw.head)
    assert not report.ok and "本机关辖区外" in report.errors[0].message
    assert InspectionTarget.objects.get().region == dw.south_county


def test_header_variants_of_real_exports(dw: DirWorld, tmp_path: Path) -> None:
    header = [
        "序号", "统一社会信用代码/注册号", "企业名称", "市场主体类型", "所属行业", "行政区划",
        "住所（经营场所）", "法定代表人（负责人、经营者）", "联系电话", "风险分类", "监管标签", "登记状态",
        "注册号", "登记机关", "成立日期",
    ]  # fmt: skip
    data = [
        ["1", code(1), "江北市甲有限公司", "有限责任公司", "批发业", "江北区", "人民路1号", "张某", "",
         "A", "", "存续", "330100000000001", "江北市市场监督管理局", "2019-01-01"],
        ["2", code(2, "92990102"), "江北区乙商店", "个体", "零售业", "990102", "人民路2号", "李某", "",
         "", "", "吊销", "", "", ""],
    ]  # fmt: skip
    path = write(tmp_path, b"\xef\xbb\xbf" + csv_bytes(data, header))
    report = run(path, dw.head)
    assert report.ok, report.as_text()
    t1 = InspectionTarget.objects.get(credit_code=code(1))
    assert (t1.name, t1.kind, t1.sector, t1.address, t1.legal_representative, t1.credit_class) == (
        "江北市甲有限公司",
        "enterprise",
        "批发业",
        "人民路1号",
        "张某",
        "A",
    )
    t2 = InspectionTarget.objects.get(credit_code=code(2, "92990102"))
    assert (t2.kind, t2.active) == ("individual", False)


def test_gb18030_tab_separated_file_and_kind_inferred_from_the_code(dw: DirWorld, tmp_path: Path) -> None:
    header = ["统一代码", "名称", "所在区划"]
    lines = [
        "\t".join(header),
        "\t".join([code(1, "92990102"), "江北区丙小吃店", "江北区"]),
        "\t".join([code(2, "93990102"), "江北区丁种植专业合作社", "江北区"]),
    ]
    path = write(tmp_path, ("\r\n".join(lines) + "\r\n").encode("gb18030"))
    report = run(path, dw.head)
    assert report.ok, report.as_text()
    assert dict(InspectionTarget.objects.values_list("credit_code", "kind")) == {
        code(1, "92990102"): "individual",
        code(2, "93990102"): "cooperative",
    }


def test_full_width_and_lower_case_codes_are_normalised(dw: DirWorld, tmp_path: Path) -> None:
    wide = code(1).lower().translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    report = run(write(tmp_path, csv_bytes([row(1, 统一社会信用代码=wide)])), dw.head)
    assert report.ok, report.as_text()
    assert InspectionTarget.objects.get().credit_code == code(1)


def test_only_heads_clerks_and_administrators_import(dw: DirWorld, tmp_path: Path) -> None:
    path = write(tmp_path, csv_bytes([row(1)]))
    for user in (dw.officer, dw.supervisor, dw.reviewer):
        with pytest.raises(PermissionDenied):
            run(path, user)
    assert InspectionTarget.objects.count() == 0


def test_empty_and_header_only_files(dw: DirWorld, tmp_path: Path) -> None:
    assert "文件为空" in run(write(tmp_path, b""), dw.head).errors[0].message
    assert "没有数据行" in run(write(tmp_path, csv_bytes([])), dw.head).errors[0].message
    assert "只支持 CSV 和 XLSX" in run(write(tmp_path, b"x", "名录.txt"), dw.head).errors[0].message
    assert "未找到表头行" in run(write(tmp_path, b"x,y\n"), dw.head).errors[0].message


def test_progress_is_reported(dw: DirWorld, tmp_path: Path) -> None:
    seen: list[tuple[str, int, int | None]] = []
    rows = [row(n) for n in range(1, 40)]
    report = run(write(tmp_path, csv_bytes(rows)), dw.head, progress=lambda *a: seen.append(a))
    assert report.ok
    assert {p for p, _, _ in seen} == {"read", "write"}
    assert seen[-1][1] == seen[-1][2] == 39


# --- the command -----------------------------------------------------------------------------------------


def test_zhifa_import_targets_command(dw: DirWorld, tmp_path: Path) -> None:
    path = write(tmp_path, csv_bytes([row(1), row(2)]))
    out, err = io.StringIO(), io.StringIO()
    call_command("import_registry", "targets", str(path), "--dry-run", stdout=out, stderr=err)
    assert "试运行：校验通过，共 2 行，新增 2 户" in out.getvalue()
    assert InspectionTarget.objects.count() == 0
    call_command("import_registry", "targets", str(path), "--actor", "dir-head", stdout=out, stderr=err)
    assert "导入成功：共 2 行，新增 2 户" in out.getvalue()
    assert "读取校验 [##############################] 100%" in err.getvalue()
    assert "比对写入 [##############################] 100%" in err.getvalue()
    assert InspectionTarget.objects.count() == 2
    call_command("import_registry", "targets", str(write(tmp_path, csv_bytes([row(1)]))),
                 "--deactivate-missing", stdout=out, stderr=err)  # fmt: skip
    assert "标为不在册 1 户" in out.getvalue()
    bad = write(tmp_path, csv_bytes([row(3, 所在区划="990999")]))
    with pytest.raises(CommandError, match="共 1 处错误"):
        call_command("import_registry", "targets", str(bad), stdout=out, stderr=err)
    assert "第 2 行 [所在区划]" in out.getvalue()
    with pytest.raises(CommandError, match="共 1 处错误"):
        call_command(
            "import_registry", "targets", str(path), "--actor", "dir-officer", stdout=out, stderr=err
        )
    assert "只有执法主体的负责人、公示管理员或系统管理员可以导入" in out.getvalue()


def test_unknown_kind_lists_targets_and_the_option_is_refused_for_registries(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="targets"):
        call_command("import_registry", "nonsense", str(tmp_path / "x.csv"))
    path = write(tmp_path, b"a\n1\n")
    with pytest.raises(CommandError, match="--deactivate-missing 只适用于 targets"):
        call_command("import_registry", "regions", str(path), "--deactivate-missing")


def test_a_large_load_rebuilds_the_indexes_it_dropped(
    dw: DirWorld, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import connection

    from zhifa.inspections import directory

    def indexes() -> set[str]:
        with connection.cursor() as cursor:
            table = InspectionTarget._meta.db_table
            constraints = connection.introspection.get_constraints(cursor, table)
        return {name for name, c in constraints.items() if c["index"] or c["foreign_key"]}

    before = indexes()
    assert len(before) >= 5
    monkeypatch.setattr(directory, "REBUILD_MIN_CREATES", 2)
    seen: list[str] = []
    report = run(
        write(tmp_path, csv_bytes([row(1), row(2), row(3)])), dw.head, progress=lambda p, *a: seen.append(p)
    )
    assert report.ok and report.created == 3 and "index" in seen
    assert indexes() == before
    assert InspectionTarget.objects.filter(region=dw.world.county_a).count() == 3


def test_the_progress_bar_redraws_in_place_on_a_terminal() -> None:
    from django.core.management.base import OutputWrapper

    from zhifa.importer.management.commands.import_registry import _ProgressBar

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    bar = _ProgressBar(OutputWrapper(screen))
    for phase, done, total in [("read", 5, 10), ("read", 10, 10), ("write", 0, None), ("write", 7, 7)]:
        bar(phase, done, total)
    bar.close()
    text = screen.getvalue()
    assert "\r读取校验 [###############...............]  50%" in text
    assert "读取校验 [##############################] 100%\n" in text and text.endswith("100%\n")


def _handmade_xlsx(rows_xml: str, strings: list[str]) -> bytes:
    """An XLSX as Excel writes it: shared strings (one of them rich text with a phonetic guide),
    relationships with relative targets."""
    import zipfile

    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    sst = "".join(strings)
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "xl/workbook.xml": f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
        '<sheet name="名录" sheetId="1" r:id="rId7"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId7" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId8" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/sharedStrings.xml": f'<sst xmlns="{main}">{sst}</sst>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{main}"><dimension ref="A1:K3"/><sheetData>{rows_xml}'
        "</sheetData></worksheet>",
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, text in parts.items():
            z.writestr(name, text)
    return out.getvalue()


def test_an_xlsx_with_shared_strings_as_excel_writes_it(dw: DirWorld, tmp_path: Path) -> None:
    strings = [f"<si><t>{h}</t></si>" for h in HEADER]  # 0..10
    strings.append(f"<si><t>{code(1)}</t></si>")  # 11
    # rich text in two runs, with a phonetic guide that is not part of the name
    strings.append(
        "<si><r><t>江北市甲</t></r><r><t>有限公司</t></r><rPh sb='0' eb='1'><t>ジャ</t></rPh></si>"
    )  # 12
    strings.append("<si><t>企业</t></si>")  # 13
    cells1 = "".join(f'<c r="{chr(65 + i)}1" t="s"><v>{i}</v></c>' for i in range(11))
    row2 = (
        '<c r="A2" t="s"><v>11</v></c><c r="B2" t="s"><v>12</v></c><c r="C2" t="s"><v>13</v></c>'
        '<c r="E2"><v>990102</v></c><c r="H2" t="n"><v>13800000000</v></c>'
        '<c r="I2" t="inlineStr"><is><t>C</t></is></c><c r="K2" t="b"><v>0</v></c>'
    )
    xml = f'<row r="1">{cells1}</row><row r="3">{row2}</row>'
    report = run(write(tmp_path, _handmade_xlsx(xml, strings), "名录.xlsx"), dw.head)
    assert report.ok, report.as_text()
    t = InspectionTarget.objects.get()
    assert (t.credit_code, t.name, t.kind, t.region, t.contact, t.credit_class, t.active) == (
        code(1),
        "江北市甲有限公司",
        "enterprise",
        dw.world.county_a,
        "13800000000",
        "C",
        False,
    )


def test_a_damaged_xlsx_is_refused(dw: DirWorld, tmp_path: Path) -> None:
    report = run(
        write(tmp_path, _handmade_xlsx('<row r="1"><c r="A1" t="s"><v>99</v></c></row>', []), "x.xlsx"),
        dw.head,
    )
    assert not report.ok and "无法读取 XLSX 文件" in report.errors[0].message
    report = run(write(tmp_path, b"PK\x03\x04 not a zip", "y.xlsx"), dw.head)
    assert not report.ok and InspectionTarget.objects.count() == 0
