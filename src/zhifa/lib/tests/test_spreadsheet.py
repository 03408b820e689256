"""lib.spreadsheet: text that would start a formula is quoted (OWASP CSV injection); values are not."""

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from zhifa.lib.spreadsheet import safe_cell, safe_row, safe_text


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "=cmd|' /C calc'!A0"])
def test_formula_text_is_quoted_owasp(text):
    assert safe_text(text) == "'" + text
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["", "江北市某食品有限公司", "罚款 -5 元", "'=already", " =x", "1-2"])
def test_other_text_is_unchanged(text):
    assert safe_text(text) == text


def test_values_that_are_not_text_are_unchanged():
    """A negative number written as a number is a value, not a formula: only text cells are quoted."""
    assert safe_row([-5, -2.5, Decimal("-1.00"), date(2026, 4, 1), None, True, "-5"]) == [
        -5,
        -2.5,
        Decimal("-1.00"),
        date(2026, 4, 1),
        None,
        True,
        "'-5",
    ]


def test_xlsx_cells_written_through_safe_row_are_text_not_formulas():
    """openpyxl stores a string starting with "=" as a formula; through safe_row it is a text cell,
    while a negative number stays a number cell."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(safe_row(['=HYPERLINK("http://evil.example")', "-5", -5, "@SUM(1)", "当事人"]))
    out = io.BytesIO()
    wb.save(out)
    read = load_workbook(io.BytesIO(out.getvalue())).active
    assert read is not None
    cells = [c for c in next(read.iter_rows())]
    assert [c.data_type for c in cells] == ["s", "s", "n", "s", "s"]
    assert [c.value for c in cells] == [
        '\'=HYPERLINK("http://evil.example")',
        "'-5",
        -5,
        "'@SUM(1)",
        "当事人",
    ]
