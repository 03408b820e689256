"""XLSX exports (openpyxl): an agency's report in its template's layout — one block per table, the row
labels as the template words them, the figures as numbers in the template's unit — and the narrative on
its own sheet; the year's overview with one row per published agency. Built from frozen snapshots only.

Every text cell goes through lib.spreadsheet.safe_cell: a label or a name typed as "=…" stays text."""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from zhifa.lib.annual_report import amount_in
from zhifa.lib.spreadsheet import safe_cell
from zhifa.statistics.figures import DERIVED, FIGURES

BOLD = Font(bold=True)


def _number(row: dict[str, Any], amount_unit: str) -> Any:
    """The cell value of a snapshot row: a number (amounts in the template's unit), or "—" when the figure
    is not recorded."""
    value = row.get("value")
    if value is None:
        return "—"
    if isinstance(value, str):  # amounts and shares are exact decimal strings in the snapshot
        number = Decimal(value)
        if row.get("unit") in ("元", "万元"):
            number = amount_in(number, amount_unit)
        return number
    return value


def _append(ws: Worksheet, values: Sequence[Any], *, bold: bool = False) -> None:
    ws.append([safe_cell(v) for v in values])
    if bold:
        for cell in ws[ws.max_row]:
            cell.font = BOLD


def _save(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def agency_workbook(data: dict[str, Any], sha256: str) -> bytes:
    template = data["template"]
    unit = template["amount_unit"]
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "统计年报"
    agency, period = data["agency"], data["period"]
    _append(ws, [f"{agency['name']}{data['year']}年度行政执法统计年报"], bold=True)
    _append(ws, ["统计期间", f"{period['from']} 至 {period['to']}"])
    _append(ws, ["模板", template["name"]])
    _append(ws, ["并处多种处罚", template["tie_break_label"]])
    _append(ws, ["SHA-256", sha256])
    for table in data["tables"]:
        ws.append([])
        _append(ws, [table["title"], "数值", "单位"], bold=True)
        for row in table["rows"]:
            _append(ws, [row["label"], _number(row, unit), row["unit"]])
        if table.get("note"):
            _append(ws, [f"说明：{table['note']}"])
            ws.cell(row=ws.max_row, column=1).alignment = Alignment(wrap_text=True)
    ws.column_dimensions["A"].width = 44
    ws.column_dimensions["B"].width = 18
    ws.column_dimensions["C"].width = 8
    notes = wb.create_sheet("情况说明")
    _append(notes, ["情况说明（行政执法工作年度报告）"], bold=True)
    for paragraph in str(data["narrative"]).splitlines():
        _append(notes, [paragraph])
    notes.column_dimensions["A"].width = 100
    return _save(wb)


OVERVIEW_KEYS = tuple(k for k, f in FIGURES.items() if k not in DERIVED or k == "fine_amount")


def year_workbook(year: int, rows: Sequence[dict[str, Any]]) -> bytes:
    """One row per published agency: every figure of the catalogue (amounts in yuan, whatever the
    agency's template), its digest and publication date."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = f"{year}年度"
    header = [
        "执法主体",
        "统一社会信用代码",
        "行政区划",
        *(FIGURES[k].label + _unit(k) for k in OVERVIEW_KEYS),
    ]
    _append(ws, [*header, "公开日期", "SHA-256"], bold=True)
    for r in rows:
        figures = r["figures"]
        values = []
        for key in OVERVIEW_KEYS:
            v = figures.get(key)
            values.append("—" if v is None else Decimal(v) if isinstance(v, str) else v)
        _append(ws, [r["agency"], r["credit_code"], r["region"], *values, r["published_on"], r["sha256"]])
    ws.column_dimensions["A"].width = 30
    return _save(wb)


def _unit(key: str) -> str:
    unit = FIGURES[key].unit
    return "（元）" if unit == "yuan" else "（%）" if unit == "percent" else ""
