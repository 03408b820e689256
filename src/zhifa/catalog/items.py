"""Registering enforcement items (执法事项) with their legal bases, one at a time or a whole 权责清单 at
once. Re-exported by ``catalog.services``, whose other writes it does not need.

A list import registers thousands of items in one transaction; written one by one (a savepoint, an
INSERT and a history row per item, a query per cited law version, an entry per item) that ran at
~50 rows/s. ``items_create`` checks every item first (one query for the codes already registered),
looks every cited law and version up once, then writes items, their history rows, their legal bases
and those bases' history rows, and the items' journal entries a few hundred rows per statement:
the same rows as ``item_create`` called once per item (bench/bench_import.py).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import CharField, Model

from zhifa.catalog.models import (
    DayKind,
    EnforcementField,
    EnforcementItem,
    ItemKind,
    Law,
    LawVersion,
    LegalBasis,
)
from zhifa.core.errors import DomainError
from zhifa.journal.services import Record, record_many
from zhifa.organizations.models import Agency


@dataclass(frozen=True)
class BasisRef:
    """One reference of a legal basis. ``law`` empty: the citation could not be parsed and is kept as
    ``text`` for review. ``version`` is the cited version as written ("2015年修订"), empty if none."""

    law: str
    article: int | None
    paragraph: int | None = None
    clause: int | None = None
    role: str = LegalBasis.Role.DUTY
    article_suffix: int | None = None
    version: str = ""
    text: str = ""
    quoted: str = ""
    problem: str = ""  # why it needs review; empty: none

    @property
    def shown(self) -> str:
        return self.text or self.law


# A year and what happened in it, with no separator between ("2015年4月24日修订"); in
# "（2009年2月28日主席令第九号，2015年4月24日修订）" the last such phrase names the version.
_VERSION = re.compile(r"(?P<year>\d{4})\s*年[^，,；;、()（）]*?(?P<kind>修订|修正|修改|公布|发布)")
_VERSION_KINDS = {
    "修订": LawVersion.Kind.REVISED,
    "修正": LawVersion.Kind.AMENDED,
    "修改": LawVersion.Kind.AMENDED,
    "公布": LawVersion.Kind.PROMULGATED,
    "发布": LawVersion.Kind.PROMULGATED,
}


def parse_version_label(label: str) -> tuple[int, str] | None:
    """ "2015年修订" / "2018年12月29日修正" → (2015, "revised"); None if it names no version."""
    matches = list(_VERSION.finditer(label))
    if not matches:
        return None
    match = matches[-1]
    return int(match["year"]), _VERSION_KINDS[match["kind"]]


_PRC = "中华人民共和国"


def _cited_name(name: str) -> str:
    return name.strip().strip("《》")


def find_law(name: str) -> Law | None:
    """A law by its name as cited: exactly, or with the "中华人民共和国" real lists often leave out."""
    name = _cited_name(name)
    if not name:
        return None
    return Law.objects.filter(name=name).first() or Law.objects.filter(name=f"{_PRC}{name}").first()


_HISTORY_MANAGERS: dict[type[Model], Any] = {}


def history_manager(model: type[Model]) -> Any:
    """The model's history manager, built once: ``Model.history`` builds a new manager class on every
    access, which is what makes simple_history slow on bulk imports."""
    manager = _HISTORY_MANAGERS.get(model)
    if manager is None:
        manager = _HISTORY_MANAGERS[model] = model.history  # type: ignore[attr-defined]
    return manager


# --- the law library, read once per batch ------------------------------------------------------------


@dataclass(frozen=True)
class _Resolved:
    law: Law | None
    version: LawVersion | None
    problem: str


class _Library:
    """The laws and versions a batch cites, read in two queries; each distinct reference resolved once.
    Nothing is refused: a reference whose law or version is not in the library is kept with its words
    and flagged for review (issue 12)."""

    def __init__(self, refs: Iterable[BasisRef]) -> None:
        cited = {_cited_name(r.law) for r in refs if r.law and not r.problem} - {""}
        wanted = cited | {f"{_PRC}{name}" for name in cited}
        self._laws: dict[str, Law] = {}
        names = sorted(wanted)
        for start in range(0, len(names), 500):
            for law in Law.objects.filter(name__in=names[start : start + 500]):
                self._laws[law.name] = law
        self._versions: dict[tuple[int, int, str], LawVersion] = {}
        if self._laws:
            by_pk = {law.pk: law for law in self._laws.values()}
            for version in LawVersion.objects.filter(law_id__in=list(by_pk)).order_by("id"):
                version.law = by_pk[version.law_id]
                # .first() of the former per-reference query: the lowest id wins (the triple is unique).
                self._versions.setdefault((version.law_id, version.year, version.kind), version)
        self._resolved: dict[BasisRef, _Resolved] = {}

    def law(self, name: str) -> Law | None:
        name = _cited_name(name)
        if not name:
            return None
        return self._laws.get(name) or self._laws.get(f"{_PRC}{name}")

    def resolve(self, ref: BasisRef) -> _Resolved:
        found = self._resolved.get(ref)
        if found is None:
            found = self._resolved[ref] = self._resolve(ref)
        return found

    def _resolve(self, ref: BasisRef) -> _Resolved:
        if not ref.law or ref.problem:
            return _Resolved(None, None, ref.problem)
        law = self.law(ref.law)
        if law is None:
            return _Resolved(None, None, f"法律法规库中没有《{ref.law}》")
        if not ref.version:
            return _Resolved(law, None, "")
        parsed = parse_version_label(ref.version)
        version = self._versions.get((law.pk, *parsed)) if parsed is not None else None
        if version is None:
            return _Resolved(law, None, f"法律法规库中没有《{law.name}》的“{ref.version}”版本")
        return _Resolved(law, version, "")

    def basis_rows(self, item: EnforcementItem, bases: Sequence[BasisRef]) -> list[LegalBasis]:
        rows: list[LegalBasis] = []
        for ref in bases:
            r = self.resolve(ref)
            law = r.law
            rows.append(
                LegalBasis(
                    item=item,
                    law=law,
                    version=r.version,
                    article=ref.article if law is not None else None,
                    article_suffix=ref.article_suffix if law is not None else None,
                    paragraph=ref.paragraph if law is not None else None,
                    clause=ref.clause if law is not None else None,
                    role=ref.role,
                    text=ref.text,
                    quoted_text=ref.quoted,
                    needs_review=bool(r.problem),
                    review_note=r.problem[:200],
                )
            )
        return rows


# --- items ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemSpec:
    """One item to register. Its parent (上级事项) is either ``parent``, an item already registered, or
    ``parent_code``, the code of an item of the same agency EARLIER in the same batch (a 权责清单 lists a
    main item and its sub-items together)."""

    agency: Agency
    code: str
    name: str
    kind: str
    field: EnforcementField
    bases: Sequence[BasisRef] = ()
    procedure: str = ""
    time_limit: int | None = None
    time_limit_unit: str = DayKind.WORKING
    remedy: str = ""
    fee: str = "不收费"
    limitation_years: int = 2
    single_officer_basis: str = ""
    parent: EnforcementItem | None = None
    parent_code: str = ""
    implementing_body: str = ""
    handling_unit: str = ""
    responsibilities: str = ""
    accountability: str = ""
    levels: str = ""
    entrusted_to: str = ""


class ItemsRefused(DomainError):
    """Some items of a batch cannot be registered; nothing was written. ``problems`` maps the index of
    each refused spec to why."""

    def __init__(self, problems: dict[int, DomainError]) -> None:
        first = problems[min(problems)]
        super().__init__(f"{len(problems)} 个执法事项未能登记，第一个：{first}", field=first.field)
        self.problems = problems


_TIME_LIMIT_MAX = 2_147_483_647  # a PositiveIntegerField on PostgreSQL


def _char_limit(name: str) -> tuple[str, int]:
    field = EnforcementItem._meta.get_field(name)
    assert isinstance(field, CharField) and field.max_length is not None
    return str(field.verbose_name), field.max_length


# Char columns an item spec fills, checked before any write: a bulk INSERT that overflows one would
# fail for the whole batch without saying which item (code and name have their own message).
_CHAR_LIMITS = {
    name: _char_limit(name)
    for name in (
        "fee",
        "single_officer_basis",
        "implementing_body",
        "handling_unit",
        "levels",
        "entrusted_to",
    )
}


def _check(spec: ItemSpec) -> None:
    """The rules one item must meet on its own (raises DomainError)."""
    if spec.kind not in ItemKind.values:
        raise DomainError(f"事项类别“{spec.kind}”无效", field="kind")
    if spec.time_limit_unit not in DayKind.values:
        raise DomainError(f"时限单位“{spec.time_limit_unit}”无效", field="time_limit_unit")
    code, name = spec.code.strip(), spec.name.strip()
    if not code or not name:
        raise DomainError("事项编码和事项名称不能为空", field="code" if not code else "name")
    if len(code) > 50 or len(name) > 200:
        raise DomainError(
            "事项编码不超过 50 字、事项名称不超过 200 字", field="code" if len(code) > 50 else "name"
        )
    if spec.parent is not None and spec.parent_code:
        raise DomainError("上级事项只能指定一个", field="parent")
    if spec.parent is not None and spec.parent.agency_id != spec.agency.pk:
        raise DomainError("上级事项应属于同一执法主体", field="parent")
    # 行政处罚法 Art.36: the limitation period is two years, five where the law so provides.
    if spec.limitation_years not in (2, 5):
        raise DomainError(
            "追责时效应为 2 年或 5 年（《中华人民共和国行政处罚法》第三十六条）", field="limitation_years"
        )
    if spec.time_limit is not None and not 0 <= spec.time_limit <= _TIME_LIMIT_MAX:
        raise DomainError(f"办理时限“{spec.time_limit}”超出范围", field="time_limit")
    for key, (label, limit) in _CHAR_LIMITS.items():
        value: str = getattr(spec, key)
        if key == "single_officer_basis":
            value = value.strip()
        if len(value) > limit:
            raise DomainError(f"{label}不能超过 {limit} 个字符（现为 {len(value)} 个）", field=key)


def _registered_codes(specs: Sequence[ItemSpec]) -> set[tuple[int, str]]:
    """(agency id, code) of the batch's codes that are registered already: one query per agency and
    500 codes."""
    codes: dict[int, set[str]] = defaultdict(set)
    for spec in specs:
        codes[spec.agency.pk].add(spec.code.strip())
    found: set[tuple[int, str]] = set()
    for agency_id, wanted in codes.items():
        ordered = sorted(wanted)
        for start in range(0, len(ordered), 500):
            found.update(
                (agency_id, code)
                for code in EnforcementItem.objects.filter(
                    agency_id=agency_id, code__in=ordered[start : start + 500]
                ).values_list("code", flat=True)
            )
    return found


def items_check(specs: Sequence[ItemSpec]) -> dict[int, DomainError]:
    """Why each spec that cannot be registered cannot be (by its index); empty: the batch can. Writes
    nothing. A sub-item whose parent in the batch is refused is refused too."""
    problems: dict[int, DomainError] = {}
    registered = _registered_codes(specs)
    in_batch: dict[tuple[int, str], int] = {}
    for i, spec in enumerate(specs):
        key = (spec.agency.pk, spec.code.strip())
        try:
            _check(spec)
            if key in registered:
                raise DomainError(f"{spec.agency.name}已有编码为“{key[1]}”的事项", field="code")
            if key in in_batch:
                raise DomainError(f"{spec.agency.name}的事项编码“{key[1]}”在本批中出现了两次", field="code")
            if spec.parent_code:
                parent = in_batch.get((spec.agency.pk, spec.parent_code.strip()))
                if parent is None:
                    raise DomainError(
                        f"上级事项“{spec.parent_code}”应在本批中、排在本事项之前", field="parent"
                    )
                if parent in problems:
                    raise DomainError(f"上级事项“{spec.parent_code}”未能登记", field="parent")
        except DomainError as exc:
            problems[i] = exc
        in_batch.setdefault(key, i)
    return problems


Progress = Callable[[int], None]
_CHUNK = 500  # items per round of writes (and per progress call)


def items_create(
    *, specs: Sequence[ItemSpec], actor: Any, progress: Progress | None = None
) -> list[EnforcementItem]:
    """Register a batch of items, all or none: ItemsRefused (nothing written) lists every spec that
    cannot be registered. A missing legal basis is allowed (a gap shown in the workbench to fill); a
    citation that cannot be resolved is kept as written and flagged for review. Each item gets its
    history row, its bases and theirs, and its ``catalog.item_created`` entry, as item_create writes
    them. ``progress(n)`` is called after every few hundred items written, with how many."""
    if not connection.features.can_return_rows_from_bulk_insert:  # an SQLite older than 3.35
        raise RuntimeError("registering items needs a database that returns the ids of a bulk INSERT")
    problems = items_check(specs)
    if problems:
        raise ItemsRefused(problems)
    library = _Library(ref for spec in specs for ref in spec.bases)
    items: list[EnforcementItem] = []
    depth: list[int] = []
    by_code: dict[tuple[int, str], int] = {}
    for i, spec in enumerate(specs):
        code = spec.code.strip()
        parent = spec.parent
        level = 0
        if spec.parent_code:
            p = by_code[(spec.agency.pk, spec.parent_code.strip())]
            parent, level = items[p], depth[p] + 1
        by_code[(spec.agency.pk, code)] = i
        depth.append(level)
        items.append(
            EnforcementItem(
                agency=spec.agency,
                code=code,
                name=spec.name.strip(),
                kind=spec.kind,
                field=spec.field,
                procedure=spec.procedure,
                time_limit=spec.time_limit,
                time_limit_unit=spec.time_limit_unit,
                remedy=spec.remedy,
                fee=spec.fee,
                limitation_years=spec.limitation_years,
                # 行政处罚法 Art.42: a law that allows one officer on the spot, cited; empty means two.
                single_officer_basis=spec.single_officer_basis.strip(),
                parent=parent,
                implementing_body=spec.implementing_body,
                handling_unit=spec.handling_unit,
                responsibilities=spec.responsibilities,
                accountability=spec.accountability,
                levels=spec.levels,
                entrusted_to=spec.entrusted_to,
            )
        )
    # Parents before children, a level at a time: an item's INSERT needs its parent's id.
    levels: dict[int, list[int]] = defaultdict(list)
    for i, level in enumerate(depth):
        levels[level].append(i)
    with transaction.atomic():
        for level in sorted(levels):
            indexes = levels[level]
            for start in range(0, len(indexes), _CHUNK):
                chunk = indexes[start : start + _CHUNK]
                _write([(items[i], specs[i]) for i in chunk], library, actor)
                if progress is not None:
                    progress(len(chunk))
    return items


def _write(batch: list[tuple[EnforcementItem, ItemSpec]], library: _Library, actor: Any) -> None:
    objs = [item for item, _ in batch]
    EnforcementItem.objects.bulk_create(objs)
    history_manager(EnforcementItem).bulk_history_create(objs)
    bases = {id(item): library.basis_rows(item, spec.bases) for item, spec in batch}
    rows = [row for item in objs for row in bases[id(item)]]
    if rows:
        LegalBasis.objects.bulk_create(rows)
        history_manager(LegalBasis).bulk_history_create(rows)
    records: list[Record] = []
    for item, spec in batch:
        own = bases[id(item)]
        payload: dict[str, Any] = {
            "code": item.code,
            "name": item.name,
            "kind": item.kind,
            "field": spec.field.code,
            "bases": [b.citation for b in own],
            "parent": item.parent.code if item.parent is not None else None,
            "bases_to_review": sum(1 for b in own if b.needs_review),
        }
        if item.single_officer_basis:
            payload["single_officer_basis"] = item.single_officer_basis
        records.append(Record(subject=item, agency_id=spec.agency.pk, payload=payload))
    record_many(event_type="catalog.item_created", records=records, actor=actor)


def item_create(
    *,
    agency: Agency,
    code: str,
    name: str,
    kind: str,
    field: EnforcementField,
    bases: Sequence[BasisRef],
    procedure: str = "",
    time_limit: int | None = None,
    time_limit_unit: str = DayKind.WORKING,
    remedy: str = "",
    fee: str = "不收费",
    limitation_years: int = 2,
    single_officer_basis: str = "",
    parent: EnforcementItem | None = None,
    implementing_body: str = "",
    handling_unit: str = "",
    responsibilities: str = "",
    accountability: str = "",
    levels: str = "",
    entrusted_to: str = "",
    actor: Any,
) -> EnforcementItem:
    """Register one item (see items_create); raises the DomainError that refuses it."""
    spec = ItemSpec(
        agency=agency,
        code=code,
        name=name,
        kind=kind,
        field=field,
        bases=bases,
        procedure=procedure,
        time_limit=time_limit,
        time_limit_unit=time_limit_unit,
        remedy=remedy,
        fee=fee,
        limitation_years=limitation_years,
        single_officer_basis=single_officer_basis,
        parent=parent,
        implementing_body=implementing_body,
        handling_unit=handling_unit,
        responsibilities=responsibilities,
        accountability=accountability,
        levels=levels,
        entrusted_to=entrusted_to,
    )
    try:
        return items_create(specs=[spec], actor=actor)[0]
    except ItemsRefused as exc:
        raise exc.problems[0] from None
