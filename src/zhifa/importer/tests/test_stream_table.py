"""`reading.stream_table`: a registry file on disk read row by row (the bulk decision import's way to
take 100,000 decisions in flat memory) gives exactly what `read_table` gives from its bytes, with the
same checks and Chinese refusals: encoding, merged XLSX cells, the row limit, the zip-bomb limit."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
from openpyxl import Workbook

from zhifa.importer.reading import FileProblem, read_table, stream_table

ROWS = [
    ["决定书文号", "当事人名称", "决定书正文"],
    ["江北市监处罚〔2025〕1号", "江北市鲜果贸易有限公司", "第一行\n第二行，含逗号"],
    ["", "", ""],
    ["江北市监处罚〔2025〕2号", "江北市某某超市", "正文"],
]


def _csv(path: Path, encoding: str) -> Path:
    import csv

    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows(ROWS)
    return path


def test_a_csv_streams_the_same_rows_as_read_table_in_either_encoding(tmp_path):
    for encoding in ("utf-8-sig", "gb18030"):
        path = _csv(tmp_path / f"{encoding}.csv", encoding)
        stream = stream_table(path, fmt="csv", max_rows=10, max_bytes=10**6)
        table = read_table(path.read_bytes(), fmt="csv", max_rows=10)
        assert stream.header == table.header == tuple(ROWS[0])
        assert stream.rows == 2  # the blank row is not counted
        assert tuple(stream) == table.rows
        assert [r.number for r in stream] == [2, 4]  # iterable again: the file is read anew


def test_an_xlsx_streams_its_merged_cells_from_the_path(tmp_path):
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["抽查领域", "抽查事项"])
    ws.append(["食品", "餐饮服务"])
    ws.append([None, "食品销售"])
    ws.merge_cells("A2:A3")
    path = tmp_path / "list.xlsx"
    wb.save(path)
    stream = stream_table(path, fmt="xlsx", max_rows=10, max_bytes=10**6)
    assert [r.values for r in stream] == [("食品", "餐饮服务"), ("食品", "食品销售")]


def test_the_limits_are_checked_before_any_row_is_handed_out(tmp_path):
    path = _csv(tmp_path / "rows.csv", "utf-8")
    with pytest.raises(FileProblem, match="数据行超过上限 1 行"):
        stream_table(path, fmt="csv", max_rows=1, max_bytes=10**6)
    with pytest.raises(FileProblem, match="文件过大"):
        stream_table(path, fmt="csv", max_rows=10, max_bytes=10)
    (tmp_path / "latin.csv").write_bytes(b"\x81\x30\xff\xff,\x00\n")
    with pytest.raises(FileProblem, match="无法识别文件编码"):
        stream_table(tmp_path / "latin.csv", fmt="csv", max_rows=10, max_bytes=10**6)
    (tmp_path / "header.csv").write_text("文号\n", encoding="utf-8")
    with pytest.raises(FileProblem, match="只有表头"):
        stream_table(tmp_path / "header.csv", fmt="csv", max_rows=10, max_bytes=10**6)


def test_a_large_csv_is_read_in_flat_memory(tmp_path):
    """20 MB of text in 4,000 rows: reading it row by row never holds more than a few rows."""
    path = tmp_path / "big.csv"
    text = "正" * 2000
    with path.open("w", encoding="utf-8") as fh:
        fh.write("决定书文号,决定书正文\n")
        for i in range(4000):
            fh.write(f"N{i},{text}\n")
    assert path.stat().st_size > 20 * 1024 * 1024
    tracemalloc.start()
    try:
        stream = stream_table(path, fmt="csv", max_rows=10_000, max_bytes=10**9)
        count = sum(1 for _ in stream)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 4000
    assert peak < 2 * 1024 * 1024, peak  # read_table would hold the 24 MB file and every row
