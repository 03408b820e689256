"""Importing the business directory (检查对象名录库) from CSV or XLSX at the scale of a province
(1,000,000 businesses), and updating it incrementally: ``zhifa import targets FILE [--dry-run]
[--deactivate-missing]``, or the upload page of the workbench (queued for ``zhifa worker``).

Not the registry importer's path (importer.services: every row through a service in a savepoint, the
table held in memory): at a million rows that is hours. Here:

1. **Read and check every row** (streaming: directory_reading), into one compact tuple per business
   keyed by its credit code: the code checked by GB 32100-2015's two check characters (lib.identifiers),
   the name present, the kind, credit class and 在册 understood (directory_columns), the region found
   among the registered regions (by code, or by a name that is unique) and, for an agency's user, inside
   the agency's region; a business twice in the file is refused with both rows. Nothing is written yet.
2. If any row is wrong, the whole file is refused: the report lists the first ``MAX_LISTED_ERRORS``
   problems with row (as the spreadsheet shows it), column and a Chinese message, then how many more.
3. **Write in ONE transaction**: the directory is read in key order, 5,000 rows at a time, and
   compared with the file; a business whose fields differ is updated (``UPDATE … FROM (VALUES …)``, one
   statement per batch), one absent from the directory is created (batches of 5,000: COPY on
   PostgreSQL, one prepared INSERT over the batch on SQLite),
   one that is absent from the file is marked 不在册 with ``deactivate_missing`` (only inside the
   importer's region). Unchanged businesses are not written. ``region_path`` is copied from the region's
   path on every write. One journal entry (`inspection_target.imported`) in the same transaction.

A dry run does steps 1–3 without writing: its counts are those the real import would give."""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from zhifa.accounts.models import Role
from zhifa.core.errors import PermissionDenied
from zhifa.importer.cells import CellProblem, shown
from zhifa.importer.report import RowError
from zhifa.inspections import directory_columns as cols
from zhifa.inspections.directory_reading import CellValue, FileProblem, RowSource, open_rows
from zhifa.inspections.models import InspectionTarget
from zhifa.journal.services import record
from zhifa.lib.identifiers import (
    CREDIT_CODE_CHARSET,
    check_credit_code,
    credit_code_check_char,
    org_code_check_char,
)
from zhifa.organizations.models import Region

__all__ = [
    "IMPORTER_ROLES",
    "DirectoryReport",
    "Progress",
    "import_refusal",
    "import_targets",
]

BATCH = 5000
MAX_LISTED_ERRORS = 200
# Who keeps the directory of an agency's region: its head and its clerks, and administrators. Officers
# read it (views_directory).
IMPORTER_ROLES = frozenset({Role.AGENCY_HEAD.value, Role.PUBLICITY_CLERK.value, Role.ADMINISTRATOR.value})

Progress = Callable[[str, int, "int | None"], None]
"""progress(phase, done, total): phase "read" (bytes of a CSV, rows of an XLSX), "write" (businesses) or
"index" (rebuilding the indexes after a large load); total None when unknown."""


def max_rows() -> int:
    return int(getattr(settings, "ZHIFA_DIRECTORY_MAX_ROWS", 3_000_000))


def _max_xlsx_bytes() -> int:
    return int(getattr(settings, "ZHIFA_DIRECTORY_MAX_XLSX_BYTES", 300 * 1024 * 1024))


def _max_uncompressed() -> int:
    # A 1,048,576-row sheet of eleven columns unpacks to about 1 GB of XML, parsed as it streams.
    return int(getattr(settings, "ZHIFA_DIRECTORY_MAX_UNCOMPRESSED_BYTES", 4 * 1024**3))


@dataclass
class DirectoryReport:
    """What an import of the directory did (or, in a dry run or with errors, would do / did not do)."""

    filename: str
    dry_run: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0  # every error found; only the first MAX_LISTED_ERRORS are in `errors`
    sha256: str = ""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def add_error(self, row: int | None, column: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_LISTED_ERRORS:
            self.errors.append(RowError(row, column, message))

    def counts_text(self) -> str:
        text = f"新增 {self.created} 户，更新 {self.updated} 户，未变化 {self.unchanged} 户"
        if self.deactivated:
            text += f"，标为不在册 {self.deactivated} 户"
        return text

    def as_text(self) -> str:
        if self.ok:
            head = "试运行：校验通过，" if self.dry_run else "导入成功："
            return f"{head}共 {self.rows} 行，{self.counts_text()}"
        head = f"导入失败：共 {self.error_count} 处错误，未导入任何数据（有错误的文件不会导入任何数据）"
        if self.dry_run:
            head = f"试运行：共 {self.rows} 行，发现 {self.error_count} 处错误，请改正后再导入"
        lines = [head, *(e.line() for e in self.errors)]
        if self.error_count > len(self.errors):
            lines.append(
                f"……另有 {self.error_count - len(self.errors)} 处错误未列出，请改正以上错误后再试运行"
            )
        return "\n".join(lines)


# --- who may import, and where -------------------------------------------------------------------------


def import_refusal(actor: Any) -> str:
    """Why ``actor`` may not import the directory ("" when it may; no actor is the platform itself)."""
    if actor is None:
        return ""
    role = getattr(actor, "role", None)
    if role not in IMPORTER_ROLES:
        return "只有执法主体的负责人、公示管理员或系统管理员可以导入检查对象名录库"
    if role != Role.ADMINISTRATOR and getattr(actor, "agency_id", None) is None:
        return "您不属于任何执法主体，不能导入检查对象名录库"
    return ""


def importer_region_path(actor: Any) -> str:
    """The region an importer keeps: its agency's region subtree; "" for the whole directory (the
    platform, or an administrator of no agency)."""
    agency = getattr(actor, "agency", None) if actor is not None else None
    if agency is None:
        return ""
    return str(agency.region.path)


# --- regions -------------------------------------------------------------------------------------------


class RegionIndex:
    """所在区划 by code, by a name that is unique among the regions, or by the names of the region and
    those above it written together (“江北市江北区”, “某省江北市江北区”) where a name alone is ambiguous."""

    def __init__(self) -> None:
        rows = list(Region.objects.values_list("id", "code", "name", "path", "parent_id"))
        self.by_code: dict[str, tuple[int, str]] = {}
        by_id = {r[0]: r for r in rows}
        names: dict[str, list[tuple[int, str]]] = {}
        for rid, code, name, path, _parent in rows:
            self.by_code[code.upper()] = (rid, path)
            names.setdefault(name, []).append((rid, path))
        for rid, _code, name, path, parent in rows:
            full = name
            seen = 0
            while parent is not None and seen < 6:
                p = by_id.get(parent)
                if p is None:
                    break
                full = p[2] + full
                names.setdefault(full, []).append((rid, path))
                parent = p[4]
                seen += 1
        self.by_name = {n: v[0] for n, v in names.items() if len(v) == 1}
        self.ambiguous = {n: len(v) for n, v in names.items() if len(v) > 1}

    def find(self, text: str) -> tuple[int, str]:
        key = re.sub(r"\s+", "", text)
        found = self.by_code.get(key.upper()) or self.by_name.get(key)
        if found is not None:
            return found
        if key in self.ambiguous:
            raise CellProblem(
                f"区划名称“{key}”对应 {self.ambiguous[key]} 个区划，"
                f"请填写区划代码或带上级的全称（如“某市{key}”）"
            )
        if key.isdigit():
            raise CellProblem(f"区划代码“{key}”不在行政区划登记簿中（请先导入或登记该区划）")
        raise CellProblem(f"未找到区划“{shown(text)}”：应为行政区划登记簿中的区划代码或名称")


# --- step 1: reading and checking ----------------------------------------------------------------------

_CODE_RE = re.compile(f"[{CREDIT_CODE_CHARSET}]{{2}}[0-9]{{6}}[{CREDIT_CODE_CHARSET}]{{10}}")

# (name, kind, sector, region_id, region_path, address, legal_representative, contact, credit_class,
#  tags, active): the order of _FIELDS. The field names are the column names too (region_id is the
# foreign key's attname and column), for the raw SQL.
Target = tuple[str, str, str, int, str, str, str, str, str, str, bool]
_FIELDS = (
    "name", "kind", "sector", "region_id", "region_path", "address", "legal_representative", "contact",
    "credit_class", "tags", "active",
)  # fmt: skip

# While the file is checked, each business is held as ONE string: its row number and its fields but the
# region path (derived from the region), joined by NUL — a character no cell can hold (csv refuses it,
# XML 1.0 cannot carry it). At a million rows a tuple of eleven strings per business cost ~700 MB; the
# packed string ~300 MB. A directory row is packed the same way to be compared.
_SEP = "\x00"


def _pack(fields: tuple[str, str, str, int, str, str, str, str, str, bool]) -> str:
    name, kind, sector, region_id, address, legal, contact, credit_class, tags, active = fields
    return _SEP.join(
        (
            name,
            kind,
            sector,
            str(region_id),
            address,
            legal,
            contact,
            credit_class,
            tags,
            "1" if active else "0",
        )
    )


def _unpack(packed: str, paths: dict[int, str]) -> Target:
    name, kind, sector, region, address, legal, contact, credit_class, tags, active = packed.split(_SEP)
    region_id = int(region)
    return (name, kind, sector, region_id, paths[region_id], address, legal, contact, credit_class, tags,
            active == "1")  # fmt: skip


def _credit_code(value: CellValue) -> str:
    """The code, checked (GB 32100-2015 §5 and GB 11714-1997 §5 check characters). The plain case is
    tested inline (a 1M-row file spends ~7 µs a row here); anything else goes through check_credit_code
    for its normalisation (全角, spaces, lower case) and its message."""
    if isinstance(value, str):
        s = value.strip()
        if (
            len(s) == 18
            and _CODE_RE.fullmatch(s)
            and s[17] == credit_code_check_char(s[:17])
            and s[16] == org_code_check_char(s[8:16])
        ):
            return s
    text = cols.text_cell(value)
    checked = check_credit_code(text)
    if checked.ok and checked.normalized:
        return checked.normalized
    message = checked.error or "统一社会信用代码无效"
    if isinstance(value, (int, float)):
        message += "（该单元格是数字：Excel 只保留 15 位有效数字，请把该列设为文本格式后重新填写）"
    elif len(re.sub(r"\s", "", text)) == 15 and text.strip().isdigit():
        message = "这是 15 位注册号，不是统一社会信用代码：检查对象以统一社会信用代码为准，请补全"
    raise CellProblem(message + f"，收到“{shown(value)}”")


class _Checker:
    """Turns rows into Targets, recording every problem in the report."""

    def __init__(self, report: DirectoryReport, scope_path: str) -> None:
        self.report = report
        self.scope_path = scope_path
        self.regions = RegionIndex()
        self.index: dict[str, int] = {}
        self.headers: dict[str, str] = {}
        # credit code -> "row number NUL packed fields" (_pack)
        self.targets: dict[str, str] = {}
        self.paths: dict[int, str] = {rid: path for rid, path in self.regions.by_code.values()}
        # Parsed values of cells with few distinct values: (key, raw) -> value or CellProblem.
        self._cache: dict[tuple[str, CellValue], Any] = {}

    def header(self, number: int, values: list[CellValue]) -> bool:
        """Map the header row; False (and errors) if it cannot be used."""
        ok = True
        for position, raw in enumerate(values):
            text = "" if raw is None else str(raw).strip()
            key = cols.header_key(text)
            if key == "":
                continue
            if key is None:
                self.report.add_error(
                    number, text, f"无法识别的列“{text}”；不需要导入的列请删除，可用的列见导入说明"
                )
                ok = False
                continue
            if key in self.index:
                first = self.headers[key]
                self.report.add_error(
                    number, text, f"列“{text}”与列“{first}”重复（都对应“{cols.BY_KEY[key].header}”）"
                )
                ok = False
                continue
            self.index[key] = position
            self.headers[key] = text
        for col in cols.COLUMNS:
            if col.required and col.key not in self.index:
                self.report.add_error(None, col.header, f"缺少必填列“{col.header}”")
                ok = False
        return ok

    def label(self, key: str) -> str:
        return self.headers.get(key) or cols.BY_KEY[key].header

    def _cell(self, values: list[CellValue], key: str) -> CellValue:
        position = self.index.get(key)
        if position is None or position >= len(values):
            return None
        return values[position]

    def _cached(self, key: str, raw: CellValue, parse: Callable[[CellValue], Any]) -> Any:
        slot = (key, raw)
        if slot not in self._cache:
            try:
                self._cache[slot] = parse(raw)
            except CellProblem as exc:
                self._cache[slot] = exc
            if len(self._cache) > 200_000:  # a column of unique values (a misplaced column): no cache
                self._cache.clear()
        return self._cache[slot]

    def _text(self, number: int, values: list[CellValue], key: str) -> str | None:
        text = cols.text_cell(self._cell(values, key))
        limit = cols.BY_KEY[key].max_length
        if limit is not None and len(text) > limit:
            self.report.add_error(
                number, self.label(key), f"长度不能超过 {limit} 个字符（现为 {len(text)} 个）"
            )
            return None
        return text

    def row(self, number: int, values: list[CellValue]) -> None:
        report = self.report
        errors_before = report.error_count
        raw_code = self._cell(values, "credit_code")
        code = ""
        if raw_code is None or (isinstance(raw_code, str) and not raw_code.strip()):
            report.add_error(number, self.label("credit_code"), "必填，不能为空")
        else:
            try:
                code = _credit_code(raw_code)
            except CellProblem as exc:
                report.add_error(number, self.label("credit_code"), exc.message)
        name = self._text(number, values, "name")
        if name == "":
            report.add_error(number, self.label("name"), "必填，不能为空")
        region: tuple[int, str] | None = None
        raw_region = self._cell(values, "region")
        if cols.text_cell(raw_region) == "":
            report.add_error(number, self.label("region"), "必填，不能为空")
        else:
            found = self._cached("region", raw_region, lambda v: self.regions.find(cols.text_cell(v)))
            if isinstance(found, CellProblem):
                report.add_error(number, self.label("region"), found.message)
            elif self.scope_path and not found[1].startswith(self.scope_path):
                report.add_error(
                    number,
                    self.label("region"),
                    f"区划“{shown(raw_region)}”不在本机关辖区内，不能导入（只能导入本机关所在区划内的检查对象）",
                )
            else:
                region = found
        kind = ""
        raw_kind = self._cell(values, "kind")
        if cols.text_cell(raw_kind):
            parsed = self._cached("kind", raw_kind, cols.parse_kind)
            if isinstance(parsed, CellProblem):
                report.add_error(number, self.label("kind"), parsed.message)
            else:
                kind = parsed
        elif code:
            kind = cols.kind_from_code(code)
        credit_class = self._cached(
            "credit_class", self._cell(values, "credit_class"), cols.parse_credit_class
        )
        if isinstance(credit_class, CellProblem):
            report.add_error(number, self.label("credit_class"), credit_class.message)
        active = self._cached("active", self._cell(values, "active"), cols.parse_active)
        if isinstance(active, CellProblem):
            report.add_error(number, self.label("active"), active.message)
        tags = cols.parse_tags(self._cell(values, "tags"))
        if len(tags) > 300:
            report.add_error(
                number, self.label("tags"), f"标签合计不能超过 300 个字符（现为 {len(tags)} 个）"
            )
        sector = self._text(number, values, "sector")
        address = self._text(number, values, "address")
        legal = self._text(number, values, "legal_representative")
        contact = self._text(number, values, "contact")
        if code:
            first = self.targets.get(code)
            if first is not None:
                report.add_error(
                    number,
                    self.label("credit_code"),
                    f"与第 {first.split(_SEP, 1)[0]} 行重复：统一社会信用代码“{code}”在本文件中出现了两次"
                    "（同一检查对象只能列一次）",
                )
                return
        if report.error_count > errors_before:
            if code:  # still claimed, so that a later duplicate of a bad row is reported too
                self.targets[code] = str(number)
            return
        assert region is not None and name and sector is not None and address is not None
        assert legal is not None and contact is not None
        packed = _pack((name, kind, sector, region[0], address, legal, contact, credit_class, tags, active))
        self.targets[code] = f"{number}{_SEP}{packed}"


def _is_blank(values: list[CellValue]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _looks_like_header(values: list[CellValue]) -> bool:
    keys = {cols.header_key("" if v is None else str(v)) for v in values}
    return "credit_code" in keys or "name" in keys


def _check_file(
    source: RowSource, checker: _Checker, report: DirectoryReport, progress: Progress | None
) -> None:
    rows: Iterator[tuple[int, list[CellValue]]] = source.rows()
    limit = max_rows()
    header_seen = False
    titles = 0
    next_tick = 0.0
    for number, values in rows:
        if not header_seen:
            if _is_blank(values):
                continue
            # An export often opens with a title line (“检查对象名录库（导出日期 …）”) above the header.
            if number <= 5 and not _looks_like_header(values) and len([v for v in values if v]) <= 2:
                titles += 1
                continue
            header_seen = True
            if not checker.header(number, values):
                for _ in rows:  # read on: the SHA-256 is of the whole file
                    pass
                return
            continue
        if _is_blank(values):
            continue
        report.rows += 1
        if report.rows > limit:
            raise FileProblem(f"数据行超过上限 {limit} 行，请按区划拆分后分批导入")
        checker.row(number, values)
        if progress is not None and (report.rows & 0x3FFF) == 0:
            now = time.monotonic()
            if now >= next_tick:
                progress("read", *source.position())
                next_tick = now + 0.5
    if not header_seen and titles:
        raise FileProblem(
            "未找到表头行：第一行应为列名（如“统一社会信用代码”“名称”“所在区划”），其下每行一个检查对象"
        )
    if not header_seen:
        raise FileProblem("文件为空：没有表头行")
    if report.rows == 0:
        raise FileProblem("文件只有表头，没有数据行")
    if progress is not None:
        done, total = source.position()
        progress("read", total or done, total or done)


# --- step 3: writing -----------------------------------------------------------------------------------


class _Refused(Exception):
    """Leaves the import's transaction so that it rolls back (errors found against the directory)."""


def _existing_batches() -> Iterator[list[tuple[Any, ...]]]:
    """The whole directory, BATCH rows at a time in id order (keyset: rows updated meanwhile keep their
    id, so no row is skipped or read twice)."""
    last = 0
    columns = ("id", "credit_code", *_FIELDS)
    while True:
        batch = list(
            InspectionTarget.objects.filter(id__gt=last).order_by("id").values_list(*columns)[:BATCH]
        )
        if not batch:
            return
        yield batch
        last = batch[-1][0]


def _update_sql(n: int) -> str:
    """One UPDATE for n businesses (id first, then _FIELDS, then updated_on), from a VALUES list:
    SQLite (3.33+) and PostgreSQL both take UPDATE … FROM. Django's bulk_update writes a CASE WHEN per
    column with one branch per row, quadratic in the batch."""
    table = InspectionTarget._meta.db_table
    columns = ("id", *_FIELDS, "updated_on")
    placeholders = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * n)
    if connection.vendor == "postgresql":
        casts = {"id": "::bigint", "region_id": "::bigint", "active": "::boolean", "updated_on": "::date"}
        sets = ", ".join(f'"{c}" = v."{c}"{casts.get(c, "")}' for c in columns[1:])
        names = ", ".join(f'"{c}"' for c in columns)
        return (
            f'UPDATE "{table}" AS t SET {sets} FROM (VALUES {placeholders}) AS v({names}) '
            "WHERE t.id = v.id::bigint"
        )
    sets = ", ".join(f'"{c}" = v.column{i + 2}' for i, c in enumerate(columns[1:]))
    return f'UPDATE "{table}" SET {sets} FROM (VALUES {placeholders}) AS v WHERE "{table}".id = v.column1'


def _write_updates(rows: list[tuple[Any, ...]]) -> None:
    # SQLite takes at most 32,766 parameters a statement (13 a row).
    step = BATCH if connection.vendor == "postgresql" else 2000
    with connection.cursor() as cursor:
        for start in range(0, len(rows), step):
            chunk = rows[start : start + step]
            cursor.execute(_update_sql(len(chunk)), [v for row in chunk for v in row])


def _write_creates(items: list[tuple[str, Target]], stamp: str) -> None:
    """Insert new businesses: COPY on PostgreSQL, one prepared INSERT run over the batch on SQLite.
    bulk_create builds a model instance and compiles every value of every row (half the import's time
    at a million rows, measured by bench/bench_targets_import.py --profile) and, on SQLite, splits the
    batch into INSERTs of 999 parameters."""
    meta = InspectionTarget._meta
    columns = ["credit_code", *_FIELDS, "updated_on"]
    rows = [(code, *t, stamp) for code, t in items]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            names = ", ".join(f'"{c}"' for c in columns)
            with cursor.copy(f'COPY "{meta.db_table}" ({names}) FROM STDIN') as copy:
                for r in rows:
                    copy.write_row(r)
        else:
            names = ", ".join(f'"{c}"' for c in columns)
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f'INSERT INTO "{meta.db_table}" ({names}) VALUES ({marks})', rows)


# A file that creates at least this many businesses, and at least as many as half the directory already
# holds, is written with the directory's secondary indexes dropped and rebuilt after it (see
# _indexes_rebuilt).
REBUILD_MIN_CREATES = 50_000


@contextlib.contextmanager
def _indexes_rebuilt(enabled: bool, progress: Progress | None) -> Iterator[None]:
    """Inside the import's transaction: drop the table's secondary indexes (and, on PostgreSQL, its
    foreign key), write, create them again. Building an index over a million rows at once costs a
    fraction of maintaining it row by row (on PostgreSQL, 100,000 inserts into the table with its 13
    indexes took 25 s; COPY then CREATE INDEX of all of them for 1,000,000 rows takes about 50 s), and
    adding the foreign key back checks every row in one join, where a million deferred row checks ran
    one trigger each. The primary key and the unique credit code stay (they check the rows as they
    come). Both databases roll the DDL back with the transaction. The price: dropping an index locks the
    table, so the directory cannot be read until the import commits — hence only for a first load, or a
    file that grows the directory by half."""
    if not enabled:
        yield
        return
    table = InspectionTarget._meta.db_table
    postgres = connection.vendor == "postgresql"
    foreign_keys: list[tuple[str, str]] = []
    with connection.cursor() as cursor:
        if postgres:
            # Row checks still pending from this transaction's updates would forbid the DDL: run them.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
                "JOIN pg_class i ON i.oid = x.indexrelid "
                "WHERE x.indrelid = %s::regclass AND NOT x.indisprimary "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)",
                [table],
            )
            indexes = cursor.fetchall()
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype = 'f'",
                [table],
            )
            foreign_keys = cursor.fetchall()
            for name, _definition in foreign_keys:
                cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
        else:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master "
                "WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL",
                [table],
            )
            indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    yield
    if progress is not None:
        progress("index", 0, None)
    with connection.cursor() as cursor:
        if postgres:
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        for name, definition in foreign_keys:
            cursor.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
        if postgres:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            # Fresh statistics for the new rows and the character index's expression (the planner
            # chooses between it and the name order by them); autovacuum would come later.
            cursor.execute(f'ANALYZE "{table}"')


def _deactivate(ids: list[int], today: Any) -> None:
    for start in range(0, len(ids), BATCH):
        InspectionTarget.objects.filter(id__in=ids[start : start + BATCH]).update(
            active=False, updated_on=today
        )


def _apply(
    checker: _Checker,
    report: DirectoryReport,
    *,
    dry_run: bool,
    deactivate_missing: bool,
    progress: Progress | None,
) -> None:
    """Compare the file with the directory and write the difference (not in a dry run). Runs inside the
    import's transaction."""
    today = timezone.localdate()
    stamp = today.isoformat()  # as raw SQL parameters take it on both databases
    targets = checker.targets
    paths = checker.paths
    total = len(targets)
    scope_path = checker.scope_path
    updates: list[tuple[Any, ...]] = []
    deactivate: list[int] = []
    scanned = 0
    for batch in _existing_batches():
        scanned += len(batch)
        for row in batch:
            pk, code, current = row[0], row[1], row[2:]
            entry = targets.pop(code, None)
            if entry is None:
                # active, and inside the importer's region: marked 不在册 with deactivate_missing
                if deactivate_missing and current[10] and current[4].startswith(scope_path):
                    deactivate.append(pk)
                continue
            number, packed = entry.split(_SEP, 1)
            (
                name,
                kind,
                sector,
                region_id,
                region_path,
                address,
                legal,
                contact,
                credit_class,
                tags,
                active,
            ) = current
            if region_path == paths.get(region_id) and packed == _pack(
                (name, kind, sector, region_id, address, legal, contact, credit_class, tags, active)
            ):
                report.unchanged += 1
                continue
            if scope_path and not current[4].startswith(scope_path):
                report.add_error(
                    int(number),
                    checker.label("credit_code"),
                    f"统一社会信用代码“{code}”已登记为本机关辖区外的检查对象，不能由本机关修改",
                )
                continue
            report.updated += 1
            if not dry_run:
                updates.append((pk, *_unpack(packed, paths), stamp))
        if len(updates) >= BATCH and report.ok:
            _write_updates(updates)
            updates = []
        if progress is not None:
            progress("write", report.unchanged + report.updated, total)
    if not report.ok:
        raise _Refused
    report.created = len(targets)
    report.deactivated = len(deactivate)
    if dry_run:
        return
    _write_updates(updates)
    items = list(targets.items())
    targets.clear()
    rebuild = len(items) >= REBUILD_MIN_CREATES and len(items) * 2 >= scanned
    with _indexes_rebuilt(rebuild, progress):
        for start in range(0, len(items), BATCH):
            chunk = items[start : start + BATCH]
            _write_creates([(code, _unpack(entry.split(_SEP, 1)[1], paths)) for code, entry in chunk], stamp)
            if progress is not None:
                progress("write", report.unchanged + report.updated + start + len(chunk), total)
    _deactivate(deactivate, today)
    if progress is not None:
        progress("write", total, total)


def _lock_directory() -> None:
    """One import at a time (two would race on new credit codes). SQLite's write lock, taken when the
    transaction begins (settings: IMMEDIATE), already serialises them."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('inspections.directory_import'))")


SQLITE_CACHE_KIB = 256 * 1024


@contextlib.contextmanager
def _sqlite_cache() -> Iterator[None]:
    """On SQLite, a page cache of SQLITE_CACHE_KIB for the import's connection (the default is 2 MB):
    a million rows go into seven B-trees, and with the default cache every insert into a large index
    rereads its pages from the file. Restored afterwards (the connection may serve other requests)."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {previous}")


# --- the import ----------------------------------------------------------------------------------------


def import_targets(
    *,
    file: str | Path | IO[bytes],
    filename: str,
    actor: Any,
    dry_run: bool = False,
    deactivate_missing: bool = False,
    progress: Progress | None = None,
    on_commit: Callable[[DirectoryReport], None] | None = None,
) -> DirectoryReport:
    """Import one directory file; see the module docstring. ``file`` is a path or an open, seekable
    binary file; ``filename`` decides CSV or XLSX. ``on_commit(report)`` runs inside the transaction
    just before it commits (the upload page stores its job's outcome there, so that the job and the
    directory cannot disagree)."""
    started = time.monotonic()
    report = DirectoryReport(filename=filename, dry_run=dry_run)
    why = import_refusal(actor)
    if why:
        raise PermissionDenied(why)
    checker = _Checker(report, importer_region_path(actor))
    try:
        with _opened(file) as fh:
            source = open_rows(
                fh, filename=filename, max_xlsx_bytes=_max_xlsx_bytes(), max_uncompressed=_max_uncompressed()
            )
            _check_file(source, checker, report, progress)
            report.sha256 = source.sha256
    except FileProblem as exc:
        report.add_error(None, exc.column, exc.message)
    if not report.ok:
        report.seconds = time.monotonic() - started
        return report
    if progress is not None:
        progress("write", 0, None)  # outside the transaction: the upload page shows "writing" at once
    try:
        with _sqlite_cache(), transaction.atomic():
            _lock_directory()
            _apply(checker, report, dry_run=dry_run, deactivate_missing=deactivate_missing, progress=progress)
            if not dry_run:
                # One entry per file, not one per business: at 1,000,000 rows a per-row entry would be a
                # million journal rows and Merkle leaves for one routine update (the sequencer signs them
                # all) and turn a minutes-long import into hours. The file's SHA-256 makes the batch
                # verifiable instead: whoever holds the file shows it is the one imported, and a dry run
                # of it against the directory as it was reproduces these counts.
                record(
                    event_type="inspection_target.imported",
                    subject=f"inspections.directory_file:{report.sha256}",
                    agency_id=getattr(actor, "agency_id", None),
                    actor=actor,
                    payload={
                        "filename": filename,
                        "rows": report.rows,
                        "created": report.created,
                        "updated": report.updated,
                        "unchanged": report.unchanged,
                        "deactivated": report.deactivated,
                        "deactivate_missing": deactivate_missing,
                        "region_path": checker.scope_path,
                        "file_sha256": report.sha256,
                    },
                )
                if on_commit is not None:
                    on_commit(report)
    except _Refused:
        report.created = report.updated = report.unchanged = report.deactivated = 0
    report.seconds = time.monotonic() - started
    return report


@contextlib.contextmanager
def _opened(file: str | Path | IO[bytes]) -> Iterator[IO[bytes]]:
    if isinstance(file, (str, Path)):
        try:
            fh = open(file, "rb")  # noqa: SIM115 (closed below)
        except OSError as exc:
            raise FileProblem(f"无法打开文件：{exc.strerror or exc}") from exc
        with fh:
            yield fh
    else:
        yield file


def run_command(
    *, path: Path, actor: Any, dry_run: bool, deactivate_missing: bool, progress: Progress
) -> DirectoryReport:
    """``zhifa import targets FILE``: registered with the importer (importer.bulk) in AppConfig.ready."""
    try:
        return import_targets(
            file=path,
            filename=path.name,
            actor=actor,
            dry_run=dry_run,
            deactivate_missing=deactivate_missing,
            progress=progress,
        )
    except PermissionDenied as exc:
        report = DirectoryReport(filename=path.name, dry_run=dry_run)
        report.add_error(None, "", exc.message)
        return report
