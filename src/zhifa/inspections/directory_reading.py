"""Reading a directory file (检查对象名录库) row by row, without holding it in memory: a province's export
has 1,000,000 rows (about 200 MB of CSV), which the registry importer (importer.reading.read_table)
would hold whole, decoded, as tuples.

* CSV: the bytes stream through a counting, hashing reader into a text decoder and csv.reader; the
  encoding (UTF-8 with or without BOM, else GB18030, as importer.reading) is decided on the first
  64 KB; a comma or, for a header with tabs and no comma, a tab separates cells.
* XLSX: the first sheet's XML parsed element by element (XlsxRows), after importer.reading's zip-bomb
  check. An XLSX holds at most 1,048,576 rows, so its bytes are held (a 1M-row sheet is ~60 MB).

Both give the SHA-256 of the file's bytes (the journal entry names it) and how far the reading is
(bytes for a CSV, rows against the sheet's declared size for an XLSX), for the progress bar."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import posixpath
import re
import xml.parsers.expat
import zipfile
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


_UNREADABLE = "无法读取 XLSX 文件，请确认文件未损坏且为 Excel 2007 及以上格式（.xlsx）"
_CELL_REF = re.compile(r"([A-Z]{1,3})\d*")
_ROWS_DECLARED = re.compile(r"(\d+)$")


def _local(name: str) -> str:
    """An element's name without its prefix (x:c and c are the same cell)."""
    return name.rsplit(":", 1)[-1]


def _column_index(ref: str | None, default: int) -> int:
    match = _CELL_REF.match(ref or "")
    if match is None:
        return default
    n = 0
    for ch in match[1]:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _parser() -> xml.parsers.expat.XMLParserType:
    # No namespace processing (names keep their prefix, _local drops it), no external entities (expat's
    # default), and expat >= 2.4 refuses entity amplification ("billion laughs").
    parser = xml.parsers.expat.ParserCreate()
    parser.buffer_text = True
    return parser


def _feed(parser: xml.parsers.expat.XMLParserType, fh: IO[bytes]) -> Iterator[None]:
    """Feed the parser block by block; yields after each block (the caller collects what it found)."""
    while block := fh.read(_BLOCK):
        parser.Parse(block, False)
        yield None
    parser.Parse(b"", True)
    yield None


class XlsxRows:
    """The first worksheet's cells, read straight from the package's XML with expat's callbacks, no
    element objects. Not openpyxl: its cell objects cost about a millisecond a row, and ElementTree's
    iterparse a tenth of that, so a 1,000,000-row sheet took a quarter of an hour, then two minutes
    (bench/bench_targets_import.py). Cells are what the directory needs: text (shared or inline
    strings; the phonetic runs of a rich string left out), numbers (an integral number as an int: a
    telephone number typed as a number), booleans, and a formula's cached result. A date cell is its
    serial number: the directory has no date column (成立日期 is skipped). Merged cells are not spread (a
    directory export has none). The package's size was checked before (check_xlsx_package)."""

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
        try:
            with zipfile.ZipFile(io.BytesIO(self._data)) as package:
                sheet, strings_path = _parts(package)
                strings = _shared_strings(package, strings_path)
                with package.open(sheet) as fh:
                    yield from self._sheet_rows(fh, strings)
        except FileProblem:
            raise
        except (
            KeyError,
            ValueError,
            IndexError,
            OSError,
            zipfile.BadZipFile,
            xml.parsers.expat.ExpatError,
        ) as exc:
            raise FileProblem(_UNREADABLE) from exc

    def _sheet_rows(self, fh: IO[bytes], strings: list[str]) -> Iterator[tuple[int, list[CellValue]]]:
        done: list[tuple[int, list[CellValue]]] = []
        row: list[CellValue] = []
        text: list[str] = []
        number, column, kind, collect, phonetic = 0, 0, "n", False, False

        def start(name: str, attrs: dict[str, str]) -> None:
            nonlocal number, column, kind, collect, phonetic
            name = _local(name)
            if name == "c":
                column = _column_index(attrs.get("r"), len(row))
                kind = attrs.get("t", "n")
                text.clear()
            elif name == "v" or (name == "t" and not phonetic):
                collect = True
            elif name == "rPh":
                phonetic = True
            elif name == "row":
                row.clear()
                number = int(attrs.get("r") or number + 1)
            elif name == "dimension":
                match = _ROWS_DECLARED.search(attrs.get("ref", ""))
                declared = int(match[1]) if match else 0
                self._total = declared if 0 < declared <= 1_048_576 else None

        def end(name: str) -> None:
            nonlocal collect, phonetic
            name = _local(name)
            if name in ("v", "t"):
                collect = False
            elif name == "rPh":
                phonetic = False
            elif name == "c":
                if column < MAX_COLUMNS:
                    if column > len(row):
                        row.extend([None] * (column - len(row)))
                    value = _cell_value(kind, "".join(text), strings)
                    if column == len(row):
                        row.append(value)
                    else:
                        row[column] = value
            elif name == "row":
                values = list(row)
                while values and values[-1] is None:
                    values.pop()
                done.append((number, values))

        def characters(data: str) -> None:
            if collect:
                text.append(data)

        parser = _parser()
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = characters
        for _ in _feed(parser, fh):
            for row_number, values in done:
                self._done = row_number
                yield row_number, values
            done.clear()


def _cell_value(kind: str, raw: str, strings: list[str]) -> CellValue:
    if kind == "inlineStr":
        return raw or None
    if raw == "":
        return None
    if kind == "s":
        return strings[int(raw)]
    if kind == "b":
        return raw.strip() == "1"
    if kind in ("str", "e", "d"):
        return raw
    number = float(raw)
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def _attributes(xml_bytes: bytes, element: str) -> list[dict[str, str]]:
    """The attributes of every ``element`` of a small part (the workbook, its relationships)."""
    found: list[dict[str, str]] = []
    parser = _parser()

    def start(name: str, attrs: dict[str, str]) -> None:
        if _local(name) == element:
            found.append({_local(k): v for k, v in attrs.items()})

    parser.StartElementHandler = start
    parser.Parse(xml_bytes, True)
    return found


def _parts(package: zipfile.ZipFile) -> tuple[str, str | None]:
    """The first sheet's part and the shared strings' part, by the workbook's relationships."""
    sheets = _attributes(package.read("xl/workbook.xml"), "sheet")
    if not sheets:
        raise FileProblem("XLSX 文件中没有工作表")
    targets: dict[str, tuple[str, str]] = {}
    for rel in _attributes(package.read("xl/_rels/workbook.xml.rels"), "Relationship"):
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
        targets[rel.get("Id", "")] = (rel.get("Type", ""), path)
    first = sheets[0].get("id", "")
    if first not in targets:
        raise FileProblem(_UNREADABLE)
    strings = next((p for t, p in targets.values() if t.endswith("/sharedStrings")), None)
    return targets[first][1], strings


def _shared_strings(package: zipfile.ZipFile, path: str | None) -> list[str]:
    if path is None or path not in package.namelist():
        return []
    strings: list[str] = []
    text: list[str] = []
    collect, phonetic = False, False

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal collect, phonetic
        name = _local(name)
        if name == "si":
            text.clear()
        elif name == "t" and not phonetic:
            collect = True
        elif name == "rPh":  # a phonetic guide: not part of the text
            phonetic = True

    def end(name: str) -> None:
        nonlocal collect, phonetic
        name = _local(name)
        if name == "t":
            collect = False
        elif name == "rPh":
            phonetic = False
        elif name == "si":
            strings.append("".join(text))

    def characters(data: str) -> None:
        if collect:
            text.append(data)

    parser = _parser()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    with package.open(path) as fh:
        for _ in _feed(parser, fh):
            pass
    return strings


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
