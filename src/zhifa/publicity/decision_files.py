"""Reading a file of decisions made outside the case workflow (registration.py), for the bulk import
(importing.py): one decision at a time, never the whole file, so that 100,000 decisions with their texts
import in flat memory.

Two formats, chosen by the file's extension:

* **JSON Lines** (``.jsonl`` / ``.ndjson``): one decision per line, the same object the API takes
  (``POST /api/v1/publicity/decisions``: ``kind``, ``decision_number``, ``decided_on``, ``title``,
  ``party_name``, ``party_kind``, ``penalty_kinds``, ``fine_amount``, ``persons`` [{name, role}], ``text``
  …), or ``text_file`` naming a file as below. The form for an export from another system: texts of any
  length, any number of persons.
* **CSV or XLSX** (read like every registry, importer.reading, here with ``stream_table``): one decision
  per row under Chinese headers (HEADERS; the API's keys are accepted too). The text is either in a
  ``决定书正文`` column or in a file named by ``正文文件``, relative to the folder given as ``texts_dir``
  (by default the table's own folder), UTF-8 or GB18030. The people a text names besides the party are
  listed by role in ``委托代理人``, ``证人``, ``工作人员`` and ``其他人员``, several names in a cell
  separated by 、 or ；. ``决定类别`` defaults to 行政处罚; ``罚款金额`` takes 元 or 万元. An XLSX is read
  in openpyxl's streaming mode, but its shared strings (every distinct cell text) are held whole: for
  many long texts use a CSV, JSON Lines or a folder of text files.

A file is read twice: a first pass checks it and counts its rows (the progress bar's total; a file over
MAX_ROWS is refused before any work), the second yields each row as a decision or as the problems of
its cells (row, column, Chinese message).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from zhifa.cases.models import PartyKind
from zhifa.importer import cells
from zhifa.importer.reading import CellValue, FileProblem, file_format, stream_table
from zhifa.importer.report import RowError
from zhifa.publicity.models import PublicationKind
from zhifa.publicity.registration import NamedPerson, RegisteredDecision

MAX_BYTES = 2 * 1024**3  # a 100,000-decision export with 3 KB texts is about 400 MB
MAX_ROWS = 200_000
MAX_TEXT_FILE = 1024 * 1024
JSONL_EXTENSIONS = (".jsonl", ".ndjson")

# Chinese header → RegisteredDecision field (the fields' own names are accepted as headers too).
HEADERS = {
    "决定类别": "kind",
    "决定书文号": "decision_number",
    "行政处罚决定书文号": "decision_number",
    "决定日期": "decided_on",
    "处罚决定日期": "decided_on",
    "违法行为类型": "title",
    "事项名称": "title",
    "当事人名称": "party_name",
    "当事人": "party_name",
    "当事人类型": "party_kind",
    "处罚种类": "penalty_kinds",
    "罚款金额": "fine_amount",
    "罚款金额（元）": "fine_amount",
    "罚款金额(元)": "fine_amount",
    "限制期限届满日": "restriction_until",
    "决定内容": "content",
    "法定代表人": "legal_representative",
    "法定代表人（负责人）": "legal_representative",
    "当事人身份证件号码": "party_id_number",
    "身份证件号码": "party_id_number",
    "当事人住址": "party_address",
    "当事人电话": "party_phone",
    "来源系统": "source_system",
    "决定书正文": "text",
    "正文": "text",
    "正文文件": "text_file",
}
# Columns listing the people the text names, by role (registration.PERSON_ROLES).
PERSON_COLUMNS = {"委托代理人": "agent", "证人": "witness", "工作人员": "employee", "其他人员": "other"}
FIELD_LABELS = {
    "kind": "决定类别",
    "decision_number": "决定书文号",
    "decided_on": "决定日期",
    "title": "违法行为类型",
    "party_name": "当事人名称",
    "party_kind": "当事人类型",
    "penalty_kinds": "处罚种类",
    "fine_amount": "罚款金额",
    "restriction_until": "限制期限届满日",
    "content": "决定内容",
    "legal_representative": "法定代表人",
    "party_id_number": "当事人身份证件号码",
    "party_address": "当事人住址",
    "party_phone": "当事人电话",
    "source_system": "来源系统",
    "text": "决定书正文",
    "text_file": "正文文件",
    "persons": "涉及人员",
}
KIND_ALIASES = {"行政处罚决定": "penalty", "处罚": "penalty", "许可": "licensing"}
PARTY_KIND_ALIASES = {
    "个人": "natural_person",
    "自然人": "natural_person",
    "个体户": "individual_business",
    "法人": "legal_person",
    "企业": "legal_person",
    "单位": "legal_person",
    "其他组织": "other_organization",
}


@dataclass(frozen=True)
class Row:
    number: int  # the row (a table's, header = 1) or the line (JSON Lines) the user sees
    decision: RegisteredDecision


@dataclass(frozen=True)
class Source:
    """A decision file, checked as a whole: ``total`` rows, and ``rows()`` reading them again one at a
    time, each a Row or the RowError of its first bad cell."""

    total: int
    rows: Callable[[], Iterator[Row | RowError]]


class HeaderProblems(Exception):
    """The table lacks columns it needs: nothing is read."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("\n".join(e.line() for e in errors))
        self.errors = errors


def open_decisions(path: Path, *, texts_dir: Path | None = None) -> Source:
    """The file as a Source; FileProblem when it cannot be read at all, HeaderProblems when a table lacks
    a column it needs."""
    folder = texts_dir or path.parent
    if os.path.splitext(path.name.lower())[1] in JSONL_EXTENSIONS:
        return _jsonl_source(path, folder)
    return _table_source(path, folder)


# --- cells -------------------------------------------------------------------------------------------


def _wan(value: CellValue) -> Decimal:
    """An amount in 元, or in 万元 as agencies often write fines ("1.5万元")."""
    text = cells.normalize(cells.to_text(value)).replace(",", "")
    if text.endswith("万元") or text.endswith("万"):
        number = cells.parse_amount(text.removesuffix("元").removesuffix("万"))
        return (number * 10000).quantize(Decimal("0.01"))
    return cells.parse_amount(value)


def _choice(text: str, values: list[str], aliases: Mapping[str, str], labels: Mapping[str, str]) -> str:
    text = cells.normalize(text)
    if text in values:
        return text
    for code, label in labels.items():
        if text == label:
            return code
    if text in aliases:
        return aliases[text]
    raise cells.CellProblem(f"应为{'、'.join(labels.values())}之一，收到“{text[:40]}”")


def _decision(values: Mapping[str, Any], persons: tuple[NamedPerson, ...]) -> RegisteredDecision:
    """A RegisteredDecision from the cells by field name; CellProblem(field) on a bad cell."""

    def text(name: str) -> str:
        return cells.to_text(values.get(name))

    def cell(name: str, parse: Callable[[Any], Any]) -> Any:
        try:
            return parse(values.get(name))
        except cells.CellProblem as exc:
            raise _FieldProblem(name, exc.message) from None

    kind = cell(
        "kind",
        lambda v: _choice(
            cells.to_text(v) or "penalty",
            list(PublicationKind.values),
            KIND_ALIASES,
            dict(PublicationKind.choices),
        ),
    )
    party_kind = cell(
        "party_kind",
        lambda v: _choice(
            cells.to_text(v), list(PartyKind.values), PARTY_KIND_ALIASES, dict(PartyKind.choices)
        ),
    )
    raw_kinds = values.get("penalty_kinds")
    kinds = (
        tuple(str(k).strip() for k in raw_kinds)
        if isinstance(raw_kinds, list)
        else tuple(cells.split_list(cells.normalize(text("penalty_kinds"))))
    )
    fine = cell("fine_amount", lambda v: None if cells.to_text(v) == "" else _wan(v))
    until = cell("restriction_until", lambda v: None if cells.to_text(v) == "" else cells.parse_date(v))
    decided = cell("decided_on", cells.parse_date)
    return RegisteredDecision(
        kind=kind,
        decision_number=text("decision_number"),
        decided_on=decided,
        title=text("title"),
        party_name=text("party_name"),
        party_kind=party_kind,
        content=text("content"),
        text=str(values.get("text") or ""),
        legal_representative=text("legal_representative"),
        party_id_number=text("party_id_number"),
        party_address=text("party_address"),
        party_phone=text("party_phone"),
        penalty_kinds=kinds,
        fine_amount=fine,
        restriction_until=until,
        persons=persons,
        source_system=text("source_system"),
    )


class _FieldProblem(Exception):
    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field_name, self.message = field_name, message


def _read_text_file(name: str, texts_dir: Path) -> str:
    path = (texts_dir / name).resolve()
    if not path.is_relative_to(texts_dir.resolve()):
        raise cells.CellProblem(f"正文文件“{name}”不在正文文件夹内")
    try:
        size = path.stat().st_size
    except OSError:
        raise cells.CellProblem(f"找不到正文文件“{name}”") from None
    if size > MAX_TEXT_FILE:
        raise cells.CellProblem(f"正文文件“{name}”过大（超过 1 MB）")
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            raise cells.CellProblem(f"正文文件“{name}”不是 UTF-8 或 GB18030 编码的文本") from None


def _table_source(path: Path, texts_dir: Path) -> Source:
    table = stream_table(path, fmt=file_format(path.name), max_rows=MAX_ROWS, max_bytes=MAX_BYTES)
    columns: dict[int, str] = {}
    person_columns: dict[int, str] = {}
    for i, header in enumerate(table.header):
        name = cells.normalize(header)
        if name in PERSON_COLUMNS:
            person_columns[i] = PERSON_COLUMNS[name]
        elif name in HEADERS or name in FIELD_LABELS:
            columns[i] = HEADERS.get(name, name)
    present = set(columns.values())
    errors = [
        RowError(None, FIELD_LABELS[needed], "缺少此列")
        for needed in ("decision_number", "decided_on", "title", "party_name", "party_kind")
        if needed not in present
    ]
    if not present & {"text", "text_file"}:
        errors.append(RowError(None, "决定书正文", "缺少“决定书正文”或“正文文件”列"))
    if errors:
        raise HeaderProblems(errors)
    header_of = {f: table.header[i] for i, f in columns.items()}

    def rows() -> Iterator[Row | RowError]:
        for row in table:
            width = len(row.values)
            values = {f: row.values[i] if i < width else None for i, f in columns.items()}
            persons = tuple(
                NamedPerson(name=name, role=role)
                for i, role in person_columns.items()
                for name in cells.split_list(cells.to_text(row.values[i] if i < width else None))
            )
            try:
                if not cells.to_text(values.get("text")) and cells.to_text(values.get("text_file")):
                    try:
                        values["text"] = _read_text_file(cells.to_text(values["text_file"]), texts_dir)
                    except cells.CellProblem as exc:
                        raise _FieldProblem("text_file", exc.message) from None
                yield Row(row.number, _decision(values, persons))
            except _FieldProblem as exc:
                column = header_of.get(exc.field_name, FIELD_LABELS[exc.field_name])
                yield RowError(row.number, column, exc.message)

    return Source(total=table.rows, rows=rows)


def _jsonl_source(path: Path, texts_dir: Path) -> Source:
    """Its non-blank lines counted (a binary pass), then read as they come: a line that is not UTF-8 or
    not JSON is an error of that line, not of the file."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise FileProblem(f"无法打开文件：{exc.strerror or exc}") from exc
    if size > MAX_BYTES:
        raise FileProblem(f"文件过大，单个文件不能超过 {MAX_BYTES // 1024**3} GB，请拆分后分批导入")
    total = 0
    with _open_binary(path) as fh:
        for raw in fh:
            if raw.strip():
                total += 1
                if total > MAX_ROWS:
                    raise FileProblem(f"数据行超过上限 {MAX_ROWS} 行，请拆分后分批导入")
    if not total:
        raise FileProblem("文件为空")

    def rows() -> Iterator[Row | RowError]:
        with _open_binary(path) as fh:
            for number, raw in enumerate(fh, start=1):
                if raw.strip():
                    yield _jsonl_row(
                        number, raw.removeprefix(b"\xef\xbb\xbf") if number == 1 else raw, texts_dir
                    )

    return Source(total=total, rows=rows)


def _open_binary(path: Path) -> Any:
    try:
        return path.open("rb")
    except OSError as exc:
        raise FileProblem(f"无法打开文件：{exc.strerror or exc}") from exc


def _jsonl_row(number: int, raw: bytes, texts_dir: Path) -> Row | RowError:
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError:
        return RowError(number, "", "不是 UTF-8 编码的文本")
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return RowError(number, "", f"不是有效的 JSON（第 {exc.colno} 个字符）")
    if not isinstance(obj, dict):
        return RowError(number, "", "每行应为一个 JSON 对象")
    unknown = sorted(set(obj) - set(FIELD_LABELS) - {"text_file"})
    if unknown:
        return RowError(number, "", f"未知的字段：{'、'.join(unknown)}")
    try:
        if not obj.get("text") and isinstance(obj.get("text_file"), str):
            try:
                obj["text"] = _read_text_file(obj["text_file"], texts_dir)
            except cells.CellProblem as exc:
                raise _FieldProblem("text_file", exc.message) from None
        persons = tuple(_person(p) for p in obj.get("persons") or [])
        return Row(number, _decision(obj, persons))
    except _FieldProblem as exc:
        return RowError(number, FIELD_LABELS[exc.field_name], exc.message)


def _person(data: Any) -> NamedPerson:
    if not isinstance(data, dict) or not isinstance(data.get("name"), str):
        raise _FieldProblem("persons", "每个涉及人员应为含 name 和 role 的对象")
    allowed = {"name", "role", "kind", "id_number", "address", "phone"}
    if set(data) - allowed:
        raise _FieldProblem("persons", f"涉及人员的未知字段：{'、'.join(sorted(set(data) - allowed))}")
    return NamedPerson(**{k: str(v) for k, v in data.items()})
