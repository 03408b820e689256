"""The eligible list (抽取库) of a task: its conditions as a query on the business directory, streamed as
the draw's entries.

A task draws from the active businesses of the lead agency's region (or of the regions its conditions
name, each inside the agency's region), narrowed by its conditions: kinds (主体类型), sectors (行业),
credit risk classes ("" = not classified) and tags (a business with ANY of the tags). An undirected task
(不定向) may only narrow by kind and region; narrowing by sector, class or tag is a directed task (定向,
企业公示信息抽查办法: by type, size, sector or area).

At a province's scale (1,000,000 businesses) the list is read as plain tuples (`values_list`, no model
instances), unordered (the lib sorts it once; ORDER BY on the credit code would walk the index and read
the table in random order) and in chunks (`iterator(chunk_size=…)`), with the region codes mapped from
one small query instead of a join."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from zhifa.core.errors import DomainError
from zhifa.inspections.models import CreditClass, InspectionTarget, InspectionTask, TargetKind
from zhifa.lib.draw import Entry
from zhifa.organizations.models import Agency, Region

CHUNK = 20_000
CONDITION_KEYS = ("kinds", "sectors", "region_codes", "credit_classes", "tags")
# What an undirected task may still name: whom the items concern and where.
UNDIRECTED_KEYS = frozenset({"kinds", "region_codes"})
CLASS_VALUES = ("", *CreditClass.values)


@dataclass(frozen=True)
class Conditions:
    kinds: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    region_codes: tuple[str, ...] = ()
    credit_classes: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    def as_json(self) -> dict[str, list[str]]:
        """The stored and published form: only the keys that narrow the list."""
        return {k: list(getattr(self, k)) for k in CONDITION_KEYS if getattr(self, k)}


def _strings(raw: Any, key: str) -> tuple[str, ...]:
    if raw in (None, "", []):
        return ()
    if isinstance(raw, str):
        raw = raw.replace("，", ",").replace("、", ",").split(",")
    if not isinstance(raw, list | tuple) or not all(isinstance(v, str) for v in raw):
        raise DomainError(f"抽取条件“{key}”应为文字列表", field="conditions")
    # Stripped, unique, in the order given ("" is a value only for credit classes: not classified).
    seen: dict[str, None] = {}
    for v in raw:
        v = v.strip()
        if v or key == "credit_classes":
            seen.setdefault(v, None)
    return tuple(seen)


def parse_conditions(raw: Mapping[str, Any] | None, *, agency: Agency, kind: str) -> Conditions:
    """Validated conditions, or DomainError in Chinese naming what is wrong."""
    raw = dict(raw or {})
    unknown = sorted(set(raw) - set(CONDITION_KEYS))
    if unknown:
        raise DomainError(f"未知的抽取条件：{'、'.join(unknown)}", field="conditions")
    c = Conditions(**{k: _strings(raw.get(k), k) for k in CONDITION_KEYS})
    bad_kinds = [k for k in c.kinds if k not in TargetKind.values]
    if bad_kinds:
        raise DomainError(f"主体类型“{'、'.join(bad_kinds)}”无效", field="conditions")
    bad_classes = [k for k in c.credit_classes if k not in CLASS_VALUES]
    if bad_classes:
        raise DomainError(
            f"信用风险分类“{'、'.join(bad_classes)}”无效：应为 A、B、C、D 或空（未分类）", field="conditions"
        )
    regions = {r.code: r for r in Region.objects.filter(code__in=c.region_codes)}
    missing = [code for code in c.region_codes if code not in regions]
    if missing:
        raise DomainError(f"区划代码“{'、'.join(missing)}”不存在", field="conditions")
    outside = [r.name for r in regions.values() if not agency.region.contains(r)]
    if outside:
        # An agency inspects within its own territory (国办发〔2024〕54号: 检查主体 and its 管辖).
        raise DomainError(
            f"{'、'.join(outside)}不在{agency.name}的管辖区域（{agency.region.name}）内", field="conditions"
        )
    narrowing = set(c.as_json())
    if kind == InspectionTask.Kind.UNDIRECTED and narrowing - UNDIRECTED_KEYS:
        raise DomainError(
            "不定向抽查只能限定主体类型和区划；按行业、信用风险分类或标签筛选请选择定向抽查",
            field="conditions",
        )
    if kind == InspectionTask.Kind.DIRECTED and not narrowing:
        raise DomainError(
            "定向抽查须至少设定一项抽取条件（主体类型、行业、区划、信用风险分类或标签）", field="conditions"
        )
    return c


def conditions_of(task: InspectionTask) -> Conditions:
    return Conditions(**{k: tuple(task.conditions.get(k, ())) for k in CONDITION_KEYS})


def _region_paths(task: InspectionTask, c: Conditions) -> list[str]:
    if not c.region_codes:
        return [task.agency.region.path]
    return list(Region.objects.filter(code__in=c.region_codes).values_list("path", flat=True))


def eligible_queryset(task: InspectionTask) -> QuerySet[InspectionTarget]:
    """The businesses the task draws from (active, in its regions, meeting its conditions)."""
    c = conditions_of(task)
    where = Q()
    for path in _region_paths(task, c):
        where |= Q(region_path__startswith=path)
    qs = InspectionTarget.objects.filter(where, active=True)
    if c.kinds:
        qs = qs.filter(kind__in=c.kinds)
    if c.sectors:
        qs = qs.filter(sector__in=c.sectors)
    if c.credit_classes:
        qs = qs.filter(credit_class__in=c.credit_classes)
    if c.tags:
        # Tags are stored ",a,b,": one tag is a `contains` on ",tag,".
        any_tag = Q()
        for tag in c.tags:
            any_tag |= Q(tags__contains=f",{tag},")
        qs = qs.filter(any_tag)
    return qs


def region_codes(task: InspectionTask) -> dict[int, str]:
    """Region id → code for every region the task's businesses can be in (one query, no join per row)."""
    paths = _region_paths(task, conditions_of(task))
    where = Q()
    for path in paths:
        where |= Q(path__startswith=path)
    return dict(Region.objects.filter(where).values_list("pk", "code"))


def entries(task: InspectionTask) -> Iterator[Entry]:
    """The eligible list as the draw's entries (unordered; the lib sorts by code)."""
    codes = region_codes(task)
    rows = eligible_queryset(task).values_list("credit_code", "credit_class", "region_id")
    for code, credit_class, region_id in rows.iterator(chunk_size=CHUNK):
        yield Entry(code, credit_class, codes[region_id])
