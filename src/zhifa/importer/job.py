"""The machinery shared by every kind of registry: columns and headers, reading a row's cells with
clear messages, duplicate keys, savepoints around the services, progress."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction
from django.db.models import TextChoices

from zhifa.core.errors import DomainError
from zhifa.importer import cells
from zhifa.importer.reading import CellValue, DataRow, Table
from zhifa.importer.report import RowError

Progress = Callable[[int, int], None]
PROGRESS_EVERY = 100


@dataclass(frozen=True)
class Column:
    """One column of a registry file. ``key`` is the English field name (also accepted as a header),
    ``header`` the standard Chinese header. A required column must be present and non-blank."""

    key: str
    header: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    max_length: int | None = None
    note: str = ""


# Columns people add for their own bookkeeping; they are ignored rather than refused.
IGNORED_HEADERS = frozenset({"序号", "编号", "备注", "说明", "no", "#"})


# "罚款上限（万元）", "金额(单位：万元)": the column's bare numbers are in 万元.
_WAN_HEADER = re.compile(r"\((?:单位[:：]?)?万元\)\s*\*?$")


def normalize_header(text: str) -> str:
    """``" 罚款下限（元）* "`` → ``"罚款下限"``: NFKC, no whitespace, no required-marker, no unit suffix."""
    t = unicodedata.normalize("NFKC", text)
    t = re.sub(r"\s+", "", t).strip("*")
    t = re.sub(r"\([^()]*\)$", "", t)
    return t.lower()


class Kind:
    """One kind of registry. Subclasses declare columns and handle each row (or override ``run``)."""

    name: ClassVar[str]
    label: ClassVar[str]
    columns: ClassVar[tuple[Column, ...]]
    # DomainError.field (a service's or model's field name) -> column key, where they differ.
    field_map: ClassVar[dict[str, str]] = {}
    # A header that names one column in some lists and another in others: header -> the other column's
    # key, taken when the file has another header for the first column too. A combined 从轻减轻 list
    # says which in a "情形" column beside its "适用条件", where other lists call their conditions 情形.
    second_meaning: ClassVar[dict[str, str]] = {}

    def column(self, key: str) -> Column:
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(key)

    def column_for_field(self, field_name: str | None) -> str:
        if not field_name:
            return ""
        key = self.field_map.get(field_name, field_name)
        return key if any(c.key == key for c in self.columns) else ""

    def run(self, job: Job) -> None:
        for data in job.table.rows:
            row = job.row(data)
            self.handle(job, row)
            job.tick()

    def handle(self, job: Job, row: Row) -> None:
        raise NotImplementedError


class Job:
    """One import in progress: the table, the header mapping, the errors so far."""

    def __init__(self, *, kind: Kind, table: Table, actor: Any, progress: Progress | None) -> None:
        self.kind = kind
        self.table = table
        self.actor = actor
        self.progress = progress
        self.errors: list[RowError] = []
        self.created = 0
        self.done = 0
        self.index: dict[str, int] = {}
        self.headers: dict[str, str] = {}
        self.units: dict[str, str] = {}  # column key -> "万元" where the header says amounts are in 万元
        self._seen: dict[tuple[str, Hashable], int] = {}
        self.cache: dict[tuple[str, str], Any] = {}
        self.state: dict[str, Any] = {}  # per-import working data of the kind
        self._map_header()

    # --- header -----------------------------------------------------------------------------------------

    def _map_header(self) -> None:
        lookup: dict[str, str] = {}
        for col in self.kind.columns:
            for name in (col.header, col.key, *col.aliases):
                lookup[normalize_header(name)] = col.key
        second = {normalize_header(h): key for h, key in self.kind.second_meaning.items()}
        # Headers with a second meaning last: by then the columns of their first meaning are known.
        order = sorted(enumerate(self.table.header), key=lambda p: normalize_header(p[1]) in second)
        for position, text in order:
            norm = normalize_header(text)
            if not norm or norm in IGNORED_HEADERS:
                continue
            key = lookup.get(norm)
            if norm in second and key in self.index and second[norm] not in self.index:
                key = second[norm]
            if key is None:
                self.errors.append(
                    RowError(None, text, f"无法识别的列“{text}”；不需要导入的列请删除，可用的列见导入模板")
                )
                continue
            if key in self.index:
                first = self.headers[key]
                self.errors.append(
                    RowError(
                        None, text, f"列“{text}”与列“{first}”重复（都对应“{self.kind.column(key).header}”）"
                    )
                )
                continue
            self.index[key] = position
            self.headers[key] = text
            if _WAN_HEADER.search(unicodedata.normalize("NFKC", text)):
                self.units[key] = "万元"
        for col in self.kind.columns:
            if col.required and col.key not in self.index:
                self.errors.append(RowError(None, col.header, f"缺少必填列“{col.header}”"))

    def label(self, key: str) -> str:
        """The column's header as written in the file, or the standard header if the file lacks it."""
        if not key:
            return ""
        return self.headers.get(key) or self.kind.column(key).header

    # --- rows -------------------------------------------------------------------------------------------

    def row(self, data: DataRow) -> Row:
        return Row(self, data)

    def error(self, row: int | None, key: str, message: str) -> None:
        self.errors.append(RowError(row, self.label(key), message))

    def claim(self, row: Row, key: str, namespace: str, value: Hashable, shown: str | None = None) -> bool:
        """Record ``value`` as a key of this row; False (and an error on ``key``) if an earlier row of the
        file has it already."""
        first = self._seen.get((namespace, value))
        if first is not None:
            what = shown if shown is not None else str(value)
            row.error(key, f"与第 {first} 行重复：{self.label(key)}“{what}”在本文件中出现了两次")
            return False
        self._seen[(namespace, value)] = row.number
        return True

    def apply(self, row_number: int, action: Callable[[], object], *, count: int = 1) -> bool:
        """Run the services for one row (or one group of rows) in a savepoint; a refusal becomes an error
        of that row and undoes everything the row wrote."""
        try:
            with transaction.atomic():
                action()
        except DomainError as exc:
            self.error(row_number, self.kind.column_for_field(exc.field), str(exc))
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field_name, messages in exc.message_dict.items():
                    self.error(row_number, self.kind.column_for_field(field_name), "；".join(messages))
            else:
                self.error(row_number, "", "；".join(exc.messages))
        except IntegrityError as exc:
            self.error(row_number, "", f"与已有数据冲突，无法保存（{exc}）")
        except DataError as exc:
            self.error(row_number, "", f"数据超出允许的范围或长度，无法保存（{exc}）")
        else:
            self.created += count
            return True
        return False

    def tick(self, n: int = 1) -> None:
        before = self.done
        self.done += n
        total = len(self.table.rows)
        if self.progress is None:
            return
        if self.done // PROGRESS_EVERY > before // PROGRESS_EVERY or (self.done == total and before < total):
            self.progress(self.done, total)


class Row:
    """One data row. The accessors return the parsed value, or record an error for the row and return
    an empty value; ``failed`` says whether any error was recorded for this row."""

    def __init__(self, job: Job, data: DataRow) -> None:
        self.job = job
        self.number = data.number
        self._values = data.values
        self.failed = False

    def raw(self, key: str) -> CellValue:
        position = self.job.index.get(key)
        if position is None or position >= len(self._values):
            return None
        return self._values[position]

    def blank(self, key: str) -> bool:
        value = self.raw(key)
        return value is None or (isinstance(value, str) and not value.strip())

    def error(self, key: str, message: str) -> None:
        self.failed = True
        self.job.error(self.number, key, message)

    def _present(self, key: str) -> bool:
        if not self.blank(key):
            return True
        if self.job.kind.column(key).required:
            self.error(key, "必填，不能为空")
        return False

    def text(self, key: str) -> str:
        if not self._present(key):
            return ""
        value = cells.to_text(self.raw(key))
        limit = self.job.kind.column(key).max_length
        if limit is not None and len(value) > limit:
            self.error(key, f"长度不能超过 {limit} 个字符（现为 {len(value)} 个）")
            return ""
        return value

    def _parse(self, key: str, parser: Callable[[CellValue], Any]) -> Any:
        if not self._present(key):
            return None
        try:
            return parser(self.raw(key))
        except cells.CellProblem as exc:
            self.error(key, exc.message)
            return None

    def date(self, key: str) -> date | None:
        value: date | None = self._parse(key, cells.parse_date)
        return value

    def integer(self, key: str, *, minimum: int | None = None, suffixes: Sequence[str] = ()) -> int | None:
        value: int | None = self._parse(key, lambda v: cells.parse_int(v, suffixes=suffixes))
        if value is not None and minimum is not None and value < minimum:
            self.error(key, f"应为不小于 {minimum} 的整数，收到“{cells.shown(self.raw(key))}”")
            return None
        return value

    def amount(self, key: str) -> Decimal | None:
        unit = self.job.units.get(key, "元")
        value: Decimal | None = self._parse(key, lambda v: cells.parse_amount(v, unit=unit))
        return value

    def percent(self, key: str) -> Decimal | None:
        value: Decimal | None = self._parse(key, cells.parse_percent)
        return value

    def boolean(self, key: str, *, default: bool = False) -> bool:
        value: bool | None = self._parse(key, cells.parse_bool)
        return default if value is None else value

    def choice(
        self, key: str, choices: type[TextChoices], *, aliases: dict[str, str] | None = None
    ) -> str | None:
        value: str | None = self._parse(key, lambda v: cells.parse_choice(v, choices, aliases=aliases))
        return value
