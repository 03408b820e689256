"""Reading a directory file (检查对象名录库) row by row, without holding it in memory: a province's export
has 1,000,000 rows (about 200 MB of CSV), which the registry importer (importer.reading.read_table)
would hold whole, decoded, as tuples.

* CSV: the bytes stream through a counting, hashing reader into a text decoder and csv.reader; the
  encoding (UTF-8 with or without BOM, else GB18030, as importer.reading) is decided on the first
  64 KB; a comma or, for a header with tabs and no comma, a tab separates cells.
* XLSX: openpyxl's streaming mode (``read_only``) on the first sheet, after importer.reading's zip-bomb
  check. An XLSX holds at most 1,048,576 rows, so its bytes are held (a 1M-row sheet is ~60 MB).

Both give the SHA-256 of the file's bytes (the journal entry names it) and how far the reading is
(bytes for a CSV, rows against the sheet's declared size for an XLSX), for the progress bar."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import warnings
from collections.abc import Iterator
from typing import IO, Protocol

from zhifa.importer.reading import (
    MAX_COLUMNS,
    CellValue,
    FileProblem,
    check_xlsx_package,
    file_format,
)

__all__ = ["CellValue", "FileProblem", "RowSource", "open_rows"]

SNIFF_BYTES = 64 * 1024
_BLOCK = 1024 * 1024
# A cell longer than this is not a directory cell (csv's own default limit is 131,072).
csv.field_size_limit(1024 * 1024)


class RowSource(Protocol):
    """Rows as (number as the user sees it, cells); ``sha256`` is final once the rows are exhausted."""

    def rows(self) -> Iterator[tuple[int, list[CellValue]]]: ...

    def position(self) -> tuple[int, int | None]:
        """(done, total) for the progress bar: bytes for a CSV, rows for an XLSX (total may be None)."""
        ...

    @property
    def sha256(self) -> str: ...


class _HashingReader(io.RawIOBase):
    """A binary file read through: counts and hashes every byte as it passes."""

    def __init__(self, fh: IO[bytes]) -> None:
        self._fh = fh
        self.count = 0
        self.hash = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self._fh.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.count += n
        self.hash.update(data)
        return n


def _sniff_encoding(head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        # Not final: the 64 KB may end inside a character.
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8"


class CsvRows:
    def __init__(self, fh: IO[bytes], size: int | None) -> None:
        self._fh = fh
        self._size = size
        head = fh.read(SNIFF_BYTES)
        fh.seek(0)
        if b"\x00" in head:
            raise FileProblem("文件含有二进制内容，不是有效的 CSV 文本文件")
        self.encoding = _sniff_encoding(head)
        self._raw = _HashingReader(fh)

    @property
    def sha256(self) -> str:
        return self._raw.hash.hexdigest()

    def position(self) -> tuple[int, int | None]:
        return self._raw.count, self._size

    def rows(self) -> Iterator[tuple[int, list[CellValue]]]:
        text = io.TextIOWrapper(io.BufferedReader(self._raw, _BLOCK), encoding=self.encoding, newline="")
        number = 0
        try:
            first = text.readline()
            delimiter = "\t" if "\t" in first and "," not in first else ","
            number = 1
            yield 1, list(next(csv.reader([first], delimiter=delimiter), []))
            for number, record in enumerate(csv.reader(text, delimiter=delimiter), start=2):
                yield number, record  # type: ignore[misc]
        except UnicodeDecodeError as exc:
            shown = "UTF-8" if self.encoding.startswith("utf-8") else "GB18030（GBK）"
            raise FileProblem(
                f"第 {number + 1} 行附近：按 {shown} 编码无法读取（{exc.reason}），"
                "请将整个文件保存为 UTF-8 或 GB18030（GBK）编码"
            ) from exc
        except csv.Error as exc:
            raise FileProblem(f"第 {number + 1} 行附近：CSV 格式错误（{exc}）") from exc
        # The decoder may not have asked for the last bytes (EOF is seen by the buffered reader).
        while self._raw.read(_BLOCK):
            pass


class XlsxRows:
    def __init__(self, data: bytes, *, max_uncompressed: int) -> None:
        check_xlsx_package(data, max_uncompressed=max_uncompressed)
        self._data = data
        self._sha256 = hashlib.sha256(data).hexdigest()
        self._done = 0
        self._total: int | None = None

    @property
    def sha256(self) -> str:
        return self._sha256

    def position(self) -> tuple[int, int | None]:
        return self._done, self._total

    def rows(self) -> Iterator[tuple[int, list[CellValue]]]:
        from openpyxl import load_workbook

        unreadable = "无法读取 XLSX 文件，请确认文件未损坏且为 Excel 2007 及以上格式（.xlsx）"
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # styles and data validation openpyxl ignores
                workbook = load_workbook(io.BytesIO(self._data), read_only=True, data_only=True)
        except Exception as exc:  # zipfile, XML and openpyxl errors on a malformed package
            raise FileProblem(unreadable) from exc
        try:
            if not workbook.worksheets:
                raise FileProblem("XLSX 文件中没有工作表")
            sheet = workbook.worksheets[0]
            declared = getattr(sheet, "max_row", None)
            # Only for the progress bar: a declared size is not trusted for reading (importer.reading).
            self._total = declared if isinstance(declared, int) and 0 < declared <= 1_048_576 else None
            sheet.reset_dimensions()
            try:
                # No max_col: openpyxl would pad every row to it (256 cells a row cost ~1.4 ms a row);
                # a row is as long as its last cell, and is cut at MAX_COLUMNS.
                for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
                    self._done = number
                    values: list[CellValue] = [
                        v if v is None or isinstance(v, (str, int, float, bool)) else _other(v)
                        for v in cells[:MAX_COLUMNS]
                    ]
                    while values and values[-1] is None:
                        values.pop()
                    yield number, values
            except (KeyError, ValueError, OSError) as exc:
                raise FileProblem(unreadable) from exc
        finally:
            workbook.close()


def _other(value: object) -> CellValue:
    from datetime import date, datetime, time
    from decimal import Decimal

    if isinstance(value, (datetime, date, time, Decimal)):
        return value
    return str(value)


def open_rows(fh: IO[bytes], *, filename: str, max_xlsx_bytes: int, max_uncompressed: int) -> RowSource:
    """The rows of an open, seekable binary file; ``filename`` decides CSV or XLSX."""
    fmt = file_format(filename)
    try:
        fh.seek(0, io.SEEK_END)
        size: int | None = fh.tell()
        fh.seek(0)
    except (OSError, ValueError, AttributeError):
        size = None
    if size == 0:
        raise FileProblem("文件为空")
    if fmt == "csv":
        return CsvRows(fh, size)
    data = fh.read(max_xlsx_bytes + 1)
    if len(data) > max_xlsx_bytes:
        raise FileProblem(
            f"XLSX 文件超过 {max_xlsx_bytes // (1024 * 1024)} MB；名录较大时请导出为 CSV 后导入"
        )
    if not data:
        raise FileProblem("文件为空")
    return XlsxRows(data, max_uncompressed=max_uncompressed)
