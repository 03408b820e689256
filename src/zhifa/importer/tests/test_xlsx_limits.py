"""XLSX imports cannot exhaust the machine (issue 11, part 5): a small file that unpacks to gigabytes
(a zip bomb) is refused from the zip's directory before anything is inflated or parsed; a member that
lies about its size, and a sheet that claims a hundred million rows, are refused too; every refusal is
a Chinese message and writes nothing."""

from __future__ import annotations

import io
import re
import struct
import tracemalloc
import zipfile
import zlib

import pytest
from openpyxl import Workbook

from zhifa.catalog.models import EnforcementField
from zhifa.importer.services import import_file

pytestmark = pytest.mark.django_db

MIB = 1024 * 1024
SHEET = "xl/worksheets/sheet1.xml"


def _workbook() -> dict[str, bytes]:
    """The parts of a real, valid fields registry workbook."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["代码", "名称"])
    ws.append(["f1", "市场监管"])
    out = io.BytesIO()
    wb.save(out)
    with zipfile.ZipFile(out) as z:
        return {name: z.read(name) for name in z.namelist()}


def _deflate(data: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush(zlib.Z_FULL_FLUSH)  # byte-aligned, no back-references past it


def _zip(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip from raw deflate streams: (name, stream ending in a final block, crc32, declared size).
    Written by hand because zipfile would have to compress the gigabytes itself."""
    body, directory = io.BytesIO(), io.BytesIO()
    for name, stream, crc, size in members:
        offset = body.tell()
        encoded = name.encode()
        body.write(
            struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(stream), size, len(encoded), 0)
        )
        body.write(encoded + stream)
        directory.write(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                8,
                0,
                0,
                crc,
                len(stream),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
    start = body.tell()
    n = len(members)
    body.write(directory.getvalue())
    body.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, n, n, len(directory.getvalue()), start, 0))
    return body.getvalue()


FINAL = b"\x03\x00"  # an empty final deflate block


def _member(name: str, data: bytes) -> tuple[str, bytes, int, int]:
    return name, _deflate(data) + FINAL, zlib.crc32(data), len(data)


def _bomb(gib_per_sheet: int = 1) -> bytes:
    """A valid-looking workbook whose worksheet (and an unreferenced copy of it) each unpack to
    `gib_per_sheet` GiB of XML whitespace: about 2 MB on disk."""
    parts = _workbook()
    head = parts[SHEET].split(b"<sheetData>")[0] + b"<sheetData>"
    tail = b"</sheetData></worksheet>"
    block = b" " * MIB
    piece = _deflate(block)
    blocks = 1024 * gib_per_sheet
    crc = zlib.crc32(head)
    for _ in range(blocks):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc)
    stream = _deflate(head) + piece * blocks + _deflate(tail) + FINAL
    size = len(head) + blocks * MIB + len(tail)
    members = [_member(n, d) for n, d in parts.items() if n != SHEET]
    members += [(SHEET, stream, crc, size), ("xl/worksheets/sheet2.xml", stream, crc, size)]
    return _zip(members)


def _import(data: bytes):
    return import_file(kind="fields", path_or_file=data, filename="fields.xlsx", actor=None)


def test_the_builders_make_a_valid_xlsx():
    """The hand-made zip is a real workbook: the same parts, unchanged, import."""
    data = _zip([_member(n, d) for n, d in _workbook().items()])
    report = _import(data)
    assert report.ok and report.created == 1, report.errors


def test_a_zip_bomb_is_refused_from_its_directory_before_anything_is_inflated():
    data = _bomb()
    assert len(data) < 3 * MIB
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert sum(i.file_size for i in z.infolist()) > 2 * 1024**3 - 1  # it does unpack to gigabytes
    tracemalloc.start()
    try:
        report = _import(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    (error,) = report.errors
    assert "压缩炸弹" in error.message and "声明解压大小 2.0 GB" in error.message, error.message
    assert "100.0 MB" in error.message  # the limit (ZHIFA_IMPORT_MAX_UNCOMPRESSED_BYTES)
    # Only the file itself was held (plus a copy of it): nothing was inflated.
    assert peak < 4 * len(data) + 8 * MIB
    assert EnforcementField.objects.count() == 0


def test_the_limit_is_a_setting(settings):
    parts = _workbook()
    data = _zip([_member(n, d) for n, d in parts.items()])
    settings.ZHIFA_IMPORT_MAX_UNCOMPRESSED_BYTES = sum(len(d) for d in parts.values()) - 1
    (error,) = _import(data).errors
    assert "XLSX 文件解压后超过上限" in error.message


@pytest.mark.parametrize("crc_covers", ["declared bytes", "whole stream"])
def test_a_member_that_inflates_past_its_declared_size_yields_no_more_than_declared(crc_covers):
    """A lying header (the sheet's size declared, 64 MiB more inside): inflating stops at the declared
    size, so the excess is never produced. With a CRC of the declared bytes the sheet reads as declared;
    with any other CRC the file is refused as unreadable, before parsing."""
    parts = _workbook()
    members = [_member(n, d) for n, d in parts.items() if n != SHEET]
    true_sheet = parts[SHEET]
    stream = _deflate(true_sheet) + _deflate(b" " * MIB) * 64 + FINAL
    crc = (
        zlib.crc32(true_sheet) if crc_covers == "declared bytes" else zlib.crc32(b" ", zlib.crc32(true_sheet))
    )
    members.append((SHEET, stream, crc, len(true_sheet)))
    tracemalloc.start()
    try:
        report = _import(_zip(members))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 32 * MIB
    if crc_covers == "declared bytes":
        assert report.ok and report.created == 1, report.errors
    else:
        (error,) = report.errors
        assert error.message.startswith("无法读取 XLSX 文件"), error.message
        assert EnforcementField.objects.count() == 0


def test_a_sheet_that_claims_a_hundred_million_rows_is_refused():
    """A few bytes of XML naming cell XFD99999999 under a dimension of the whole sheet: the dimension
    is ignored, the columns are bounded and the rows, blank ones included, are counted."""
    parts = _workbook()
    sheet = parts[SHEET].decode()
    sheet = re.sub(r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:XFD99999999"/>', sheet)
    sheet = sheet.replace(
        "</sheetData>",
        '<row r="99999999"><c r="XFD99999999" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
    )
    parts[SHEET] = sheet.encode()
    report = _import(_zip([_member(n, d) for n, d in parts.items()]))
    (error,) = report.errors
    assert "行（含空行），已拒绝导入" in error.message, error.message
    assert EnforcementField.objects.count() == 0
