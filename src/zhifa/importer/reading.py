"""Reading a registry file into a header and data rows: CSV (UTF-8 with or without BOM, else GB18030)
or XLSX (first sheet, cached values). No Django here; the caller passes the limits.

An XLSX is a zip: a 2 MB file can unpack to gigabytes (a "zip bomb"), and a worksheet can name a cell in
column XFD or row 10⁹ with a few bytes of XML. So before openpyxl sees the file, the zip's declared
uncompressed sizes are added up and refused past ``max_uncompressed``, then every member is inflated
once, counting the bytes as they come, so that a header that lies about its size is caught as well (and
a corrupt member is found before parsing). The sheet is then read in openpyxl's streaming mode
(``read_only``), with its declared dimensions ignored (a lying ``<dimension>`` would pad every row), at
most ``MAX_COLUMNS`` columns per row, and at most ``max_physical_rows(max_rows)`` rows counting blank
ones. Streaming mode does not report merged cells, and agencies merge cells everywhere (one 抽查领域
over its five 抽查事项, one 依据 over a group of rows): the sheet's ``<mergeCells>`` element is read from
the zip directly (:func:`merged_ranges`) and every cell of a merged range below the header gets the
range's top-left value, as the reader of the printed list sees it.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import os
import re
import warnings
import zipfile
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Protocol, TypeAlias

CellValue: TypeAlias = str | int | float | Decimal | bool | datetime | date | time | None

CSV_EXTENSIONS = (".csv",)
XLSX_EXTENSIONS = (".xlsx", ".xlsm")
# The default when a caller gives none (settings.ZHIFA_IMPORT_MAX_UNCOMPRESSED_BYTES in the app).
DEFAULT_MAX_UNCOMPRESSED = 100 * 1024 * 1024
# A registry has a few dozen columns; cells beyond this column are not read.
MAX_COLUMNS = 256
# Zip members an XLSX may have (a workbook has a handful per sheet).
MAX_MEMBERS = 2000
_INFLATE_BLOCK = 1024 * 1024
# Merged ranges a sheet may declare; a real list has at most a few thousand.
MAX_MERGED_RANGES = 100_000


class FileProblem(Exception):
    """The file cannot be read as a registry at all; ``message`` is shown to the user."""

    def __init__(self, message: str, column: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.column = column


@dataclass(frozen=True)
class DataRow:
    number: int  # as the user sees it: the header is row 1
    values: tuple[CellValue, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[DataRow, ...]


class Readable(Protocol):
    """An open binary file: a real file, BytesIO, or an uploaded file (Django's UploadedFile)."""

    def read(self, size: int = ..., /) -> bytes: ...


Source: TypeAlias = "str | os.PathLike[str] | Readable | bytes"
# An XLSX package: its bytes, or its path when the file is read as it streams (stream_table).
Package: TypeAlias = "bytes | str | os.PathLike[str]"
RawRows: TypeAlias = Generator[tuple[int, list[CellValue]], None, None]


def _zip_input(package: Package) -> io.BytesIO | str | os.PathLike[str]:
    return io.BytesIO(package) if isinstance(package, bytes) else package


def read_bytes(source: Source, *, max_bytes: int) -> bytes:
    """The file's bytes, refusing more than ``max_bytes`` without reading all of a larger file."""
    if isinstance(source, bytes):
        data = source
    elif isinstance(source, (str, os.PathLike)):
        try:
            size = os.path.getsize(source)
        except OSError as exc:
            raise FileProblem(f"无法打开文件：{exc.strerror or exc}") from exc
        if size > max_bytes:
            raise FileProblem(_too_big(size, max_bytes))
        with open(source, "rb") as fh:
            data = fh.read(max_bytes + 1)
    else:
        seek = getattr(source, "seek", None)
        if callable(seek):
            with contextlib.suppress(OSError, ValueError):
                seek(0)
        data = source.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise FileProblem(_too_big(len(data), max_bytes, at_least=not isinstance(source, bytes)))
    if not data:
        raise FileProblem("文件为空")
    return data


def _too_big(size: int, limit: int, *, at_least: bool = False) -> str:
    shown = f"超过 {_human(limit)}" if at_least else _human(size)
    return f"文件过大（{shown}），单个文件不能超过 {_human(limit)}，请拆分后分批导入"


def _human(n: int) -> str:
    if n >= 1024**3:
        return f"{n / 1024**3:.1f} GB"
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n} 字节"


def file_format(filename: str) -> str:
    """``"csv"`` or ``"xlsx"`` from the file name; FileProblem for anything else."""
    ext = os.path.splitext(filename.strip().lower())[1]
    if ext in CSV_EXTENSIONS:
        return "csv"
    if ext in XLSX_EXTENSIONS:
        return "xlsx"
    raise FileProblem("只支持 CSV 和 XLSX 文件")


def max_physical_rows(max_rows: int) -> int:
    """Rows read from a sheet, blank ones included, before the file is refused."""
    return 2 * max_rows + 10_000


def read_table(
    data: bytes, *, fmt: str, max_rows: int, max_uncompressed: int = DEFAULT_MAX_UNCOMPRESSED
) -> Table:
    """Header and non-blank data rows. More than ``max_rows`` data rows is a FileProblem; so is an XLSX
    that unpacks to more than ``max_uncompressed`` bytes."""
    if fmt == "csv":
        raw_rows = _csv_rows(data)
    else:
        check_xlsx_package(data, max_uncompressed=max_uncompressed)
        raw_rows = _xlsx_rows(data, max_physical_rows=max_physical_rows(max_rows))
    try:
        header, data_rows = _split(raw_rows, max_rows)
        rows = tuple(data_rows)
    finally:
        raw_rows.close()
    if not rows:
        raise FileProblem("文件只有表头，没有数据行")
    return Table(header=header, rows=rows)


def _split(raw_rows: RawRows, max_rows: int) -> tuple[tuple[str, ...], Iterator[DataRow]]:
    """The header (row 1), and the non-blank data rows after it as they are read."""
    first = next(raw_rows, None)
    if first is None:
        raise FileProblem("文件为空")
    if _blank(first[1]):
        raise FileProblem("第 1 行应为表头（列名），但它是空行")
    header = tuple(_header_text(v) for v in first[1])

    def data_rows() -> Iterator[DataRow]:
        count = 0
        for number, values in raw_rows:
            if _blank(values):
                continue
            count += 1
            if count > max_rows:
                raise FileProblem(f"数据行超过上限 {max_rows} 行，请拆分后分批导入")
            yield DataRow(number=number, values=tuple(values))

    return header, data_rows()


class TableStream:
    """A registry file on disk read row by row, never held whole: :func:`stream_table` has read it once
    (its encoding or package checked, its header taken, its data rows counted, so that a progress bar
    knows the total and a file over the row limit is refused before any work), and iterating reads it
    again, one DataRow at a time. Reading twice costs far less than the work done per row by the one
    caller of this (a bulk import whose every row is redacted) and keeps its memory flat.

    An XLSX's shared-strings table is the exception openpyxl cannot stream: it is held whole, bounded
    by ``max_uncompressed`` (long texts belong in a CSV or in files beside the table)."""

    def __init__(self, header: tuple[str, ...], rows: int, reopen: Callable[[], RawRows], max_rows: int):
        self.header, self.rows = header, rows
        self._reopen, self._max_rows = reopen, max_rows

    def __iter__(self) -> Iterator[DataRow]:
        raw_rows = self._reopen()
        try:
            _, data_rows = _split(raw_rows, self._max_rows)
            yield from data_rows
        finally:
            raw_rows.close()


def stream_table(
    path: str | os.PathLike[str],
    *,
    fmt: str,
    max_rows: int,
    max_bytes: int,
    max_uncompressed: int = DEFAULT_MAX_UNCOMPRESSED,
) -> TableStream:
    """The file at ``path`` as a TableStream (see there), with the checks of read_bytes and read_table:
    at most ``max_bytes`` on disk, ``max_rows`` data rows, and for an XLSX ``max_uncompressed``."""
    try:
        size = os.path.getsize(path)
    except OSError as exc:
        raise FileProblem(f"无法打开文件：{exc.strerror or exc}") from exc
    if size > max_bytes:
        raise FileProblem(_too_big(size, max_bytes))
    if size == 0:
        raise FileProblem("文件为空")
    reopen: Callable[[], RawRows]
    if fmt == "csv":
        # The first of UTF-8 and GB18030 that decodes the whole file, found by the counting read.
        for encoding in ("utf-8-sig", "gb18030"):
            reopen = functools.partial(_csv_file_rows, path, encoding)
            try:
                header, count = _count(reopen(), max_rows)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise FileProblem("无法识别文件编码，请将 CSV 文件保存为 UTF-8 或 GB18030（GBK）编码")
    else:
        check_xlsx_package(path, max_uncompressed=max_uncompressed)
        reopen = functools.partial(_xlsx_rows, path, max_physical_rows=max_physical_rows(max_rows))
        header, count = _count(reopen(), max_rows)
    if not count:
        raise FileProblem("文件只有表头，没有数据行")
    return TableStream(header, count, reopen, max_rows)


def _count(raw_rows: RawRows, max_rows: int) -> tuple[tuple[str, ...], int]:
    try:
        header, data_rows = _split(raw_rows, max_rows)
        return header, sum(1 for _ in data_rows)
    finally:
        raw_rows.close()


def _csv_file_rows(path: str | os.PathLike[str], encoding: str) -> RawRows:
    try:
        fh = open(path, encoding=encoding, newline="")  # noqa: SIM115 (closed below, in the generator)
    except OSError as exc:
        raise FileProblem(f"无法打开文件：{exc.strerror or exc}") from exc
    with fh:
        first_line = fh.readline()
        fh.seek(0)
        delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
        reader = csv.reader(fh, delimiter=delimiter)
        try:
            for number, record in enumerate(reader, start=1):
                if any("\x00" in value for value in record):
                    raise FileProblem("文件含有二进制内容，不是有效的 CSV 文本文件")
                values: list[CellValue] = list(record)
                yield number, values
        except csv.Error as exc:
            raise FileProblem(f"CSV 格式错误：{exc}") from exc


def _blank(values: Iterable[CellValue]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _header_text(value: CellValue) -> str:
    if value is None:
        return ""
    return str(value).strip()


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileProblem("无法识别文件编码，请将 CSV 文件保存为 UTF-8 或 GB18030（GBK）编码")


def _csv_rows(data: bytes) -> RawRows:
    text = _decode(data)
    if "\x00" in text:
        raise FileProblem("文件含有二进制内容，不是有效的 CSV 文本文件")
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, record in enumerate(reader, start=1):
            values: list[CellValue] = list(record)
            yield number, values
    except csv.Error as exc:
        raise FileProblem(f"CSV 格式错误：{exc}") from exc


_XLSX_UNREADABLE = "无法读取 XLSX 文件，请确认文件未损坏且为 Excel 2007 及以上格式（.xlsx）"


def check_xlsx_package(data: Package, *, max_uncompressed: int) -> None:
    """Refuse a zip that would unpack to more than ``max_uncompressed`` bytes: first by the sizes its
    directory declares (at once, nothing inflated), then by inflating each member and counting."""
    too_big = (
        "XLSX 文件解压后超过上限 {limit}（{detail}），疑似压缩炸弹或并非登记簿表格，已拒绝导入；"
        "请拆分后分批导入"
    )
    try:
        with zipfile.ZipFile(_zip_input(data)) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise FileProblem(f"XLSX 文件包含 {len(members)} 个部件，超过上限 {MAX_MEMBERS}，已拒绝导入")
            declared = sum(m.file_size for m in members)
            if declared > max_uncompressed:
                raise FileProblem(
                    too_big.format(limit=_human(max_uncompressed), detail=f"声明解压大小 {_human(declared)}")
                )
            inflated = 0
            for member in members:
                with archive.open(member) as fh:
                    while block := fh.read(_INFLATE_BLOCK):
                        inflated += len(block)
                        if inflated > max_uncompressed:
                            raise FileProblem(
                                too_big.format(
                                    limit=_human(max_uncompressed), detail="实际解压大小超过其声明"
                                )
                            )
    except FileProblem:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError) as exc:
        # not a zip, a bad CRC (a member longer or shorter than declared), an unknown compression
        raise FileProblem(_XLSX_UNREADABLE) from exc
    except (RuntimeError, ValueError) as exc:  # an encrypted member, a malformed directory entry
        raise FileProblem(_XLSX_UNREADABLE) from exc


def _xlsx_rows(data: Package, *, max_physical_rows: int) -> RawRows:
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and data validation it ignores
            workbook = load_workbook(_zip_input(data), read_only=True, data_only=True)
    except Exception as exc:  # zipfile, XML and openpyxl's own errors on a malformed package
        raise FileProblem(_XLSX_UNREADABLE) from exc
    try:
        if not workbook.worksheets:
            raise FileProblem("XLSX 文件中没有工作表")
        sheet = workbook.worksheets[0]
        # The <dimension> a file declares is not trusted: "A1:XFD1048576" would pad every row to
        # 16,384 cells and add a million empty rows.
        sheet.reset_dimensions()
        sheet_path = getattr(sheet, "_worksheet_path", None)
        merges = _MergeFill(merged_ranges(data, sheet_path) if isinstance(sheet_path, str) else [])
        try:
            for number, cells in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1):
                if number > max_physical_rows:
                    raise FileProblem(
                        f"工作表超过 {max_physical_rows} 行（含空行），已拒绝导入；"
                        "请删除多余的空行或拆分后分批导入"
                    )
                values = merges.fill(number, [_xlsx_value(v) for v in cells])
                while values and values[-1] is None:  # padding to MAX_COLUMNS, as a CSV row has none
                    values.pop()
                yield number, values
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
            raise FileProblem(_XLSX_UNREADABLE) from exc
    finally:
        workbook.close()


_MERGE_CELL = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref\s*=\s*[\"']([A-Za-z]+)(\d+):([A-Za-z]+)(\d+)[\"']"
)
_MERGE_TAIL = 512  # bytes kept between blocks so that a tag cut by a block boundary is still found


@dataclass(frozen=True)
class MergedRange:
    min_row: int
    min_col: int
    max_row: int
    max_col: int


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ch - ord("A") + 1)
    return n


def merged_ranges(data: Package, sheet_path: str) -> list[MergedRange]:
    """The merged ranges a worksheet declares (its ``<mergeCells>``), read from the package by scanning the
    sheet's XML in blocks (the package was already checked against zip bombs by check_xlsx_package).
    Single cells (``A1:A1``) are dropped; columns are clamped to MAX_COLUMNS."""
    found: list[MergedRange] = []
    name = sheet_path.lstrip("/")
    try:
        with zipfile.ZipFile(_zip_input(data)) as archive, archive.open(name) as fh:
            tail = b""
            while block := fh.read(_INFLATE_BLOCK):
                chunk = tail + block
                last_end = 0
                if b"mergeCell" not in chunk:  # most blocks: rows of cells
                    tail = chunk[-_MERGE_TAIL:]
                    continue
                for m in _MERGE_CELL.finditer(chunk):
                    last_end = m.end()
                    c1, r1, c2, r2 = _column_number(m[1]), int(m[2]), _column_number(m[3]), int(m[4])
                    top, bottom = min(r1, r2), max(r1, r2)
                    left, right = min(c1, c2), min(max(c1, c2), MAX_COLUMNS)
                    if (top, left) == (bottom, right) or left > MAX_COLUMNS:
                        continue
                    found.append(MergedRange(top, left, bottom, right))
                    if len(found) > MAX_MERGED_RANGES:
                        raise FileProblem(
                            f"工作表的合并单元格超过 {MAX_MERGED_RANGES} 处，已拒绝导入；请取消合并后再导入"
                        )
                tail = chunk[max(last_end, len(chunk) - _MERGE_TAIL) :]
    except FileProblem:
        raise
    except (KeyError, zipfile.BadZipFile, OSError, ValueError) as exc:
        raise FileProblem(_XLSX_UNREADABLE) from exc
    return found


class _MergeFill:
    """Gives every cell of a merged range (below the header row) the value of the range's top-left cell,
    row by row as the sheet streams."""

    def __init__(self, ranges: list[MergedRange]) -> None:
        # A merged header would repeat a column name; the header row keeps what the file says.
        self._pending = sorted((r for r in ranges if r.min_row >= 2), key=lambda r: r.min_row)
        self._active: list[tuple[MergedRange, CellValue]] = []
        self._next = 0

    def fill(self, number: int, values: list[CellValue]) -> list[CellValue]:
        if not self._pending and not self._active:
            return values
        self._active = [(r, v) for r, v in self._active if r.max_row >= number]
        while self._next < len(self._pending) and self._pending[self._next].min_row <= number:
            r = self._pending[self._next]
            self._next += 1
            if r.min_row == number:
                anchor = values[r.min_col - 1] if r.min_col <= len(values) else None
                self._active.append((r, anchor))
        for r, anchor in self._active:
            if r.min_row == number and r.min_col == r.max_col:
                continue  # a vertical range: its own top row already has the value
            if len(values) < r.max_col:
                values.extend([None] * (r.max_col - len(values)))
            for col in range(r.min_col, r.max_col + 1):
                values[col - 1] = anchor
        return values


def _xlsx_value(value: object) -> CellValue:
    if value is None or isinstance(value, (str, int, float, Decimal, bool, datetime, date, time)):
        return value
    return str(value)
