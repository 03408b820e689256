"""From the record to the report: tally every source for a set of agencies (grouped aggregate queries, one
round per source, never per case), turn a tally into figures under a template (penalty categories by its
tie-break rule, derived shares), lay them out as the template's tables, and roll agencies up the region
tree.

Values: counts are int; amounts Decimal yuan with two places; shares Decimal; a figure no installed source
computes is None ("not recorded", shown as —)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction

from zhifa.lib.annual_report import AMOUNT_UNITS, amount_in
from zhifa.organizations.models import Agency, Region
from zhifa.statistics.figures import CATEGORY_PREFIX, DERIVED, FIGURES, UNIT_LABELS, Value, derive
from zhifa.statistics.report_templates import TemplateSpec
from zhifa.statistics.sources import all_sources, recorded_keys
from zhifa.statistics.sources.base import Key, Keys, Period, Tally

CENT = Decimal("0.01")
Figures = dict[str, Value | None]


def tally(
    agency_ids: Sequence[int], period: Period, *, by_month: bool = False, keys: Keys = None
) -> dict[Key, Tally]:
    """Every source's grouped aggregates for these agencies, merged per (agency, month); with `keys`,
    only the sources (and the queries of a source) that compute one of them."""
    out: dict[Key, Tally] = {}
    ids = list(agency_ids)
    if not ids:
        return out
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Each grouped query reads a province's cases once; PostgreSQL's JIT compiles its expressions
            # first, which cost 0.2-0.7 s a query at 1M cases and saved less (bench_statistics: the
            # dashboard's pass 12.4 -> 10.1 s). LOCAL: until the (outermost) transaction ends.
            cursor.execute("SET LOCAL jit = off")
        for source in all_sources():
            if keys is not None and not keys.intersection(source.keys):
                continue
            for key, t in source.tally(ids, period, by_month=by_month, keys=keys).items():
                out.setdefault(key, Tally()).merge(t)
    return out


def total(tallies: Iterable[Tally]) -> Tally:
    out = Tally()
    for t in tallies:
        out.merge(t)
    return out


def figures(t: Tally, spec: TemplateSpec) -> Figures:
    """The figures of a tally under a template: every catalogued figure (None where not recorded), the
    template's penalty categories and the derived ones."""
    recorded = recorded_keys()
    values: Figures = {}
    for key, fig in FIGURES.items():
        if key in DERIVED:
            continue
        if key not in recorded:
            values[key] = None
        elif fig.unit == "yuan":
            values[key] = Decimal(t.values.get(key, 0)).quantize(CENT)
        else:
            values[key] = int(t.values.get(key, 0))
    categorizer = spec.categorizer
    counts: Counter[str] = Counter()
    for combo, n in t.combos.items():
        counts[categorizer.categorize(combo)] += n
    for c in spec.definition.categories:
        values[CATEGORY_PREFIX + c.code] = counts[c.code] if "penalty_total" in recorded else None
    derive(values)
    return values


def display(value: Value | None, unit: str, amount_unit: str) -> str:
    if value is None:
        return "—"
    if unit == "yuan":
        return f"{amount_in(Decimal(value), amount_unit):,}"
    if unit == "percent":
        return f"{value}%"
    return f"{value:,}" if isinstance(value, int) else str(value)


def unit_label(unit: str, amount_unit: str) -> str:
    return AMOUNT_UNITS[amount_unit] if unit == "yuan" else UNIT_LABELS.get(unit, "")


@dataclass(frozen=True)
class Row:
    label: str
    key: str
    value: Value | None
    display: str
    unit: str  # 件, 元 / 万元, %, 次


@dataclass(frozen=True)
class Table:
    title: str
    note: str
    rows: list[Row]


def tables(spec: TemplateSpec, values: Figures) -> list[Table]:
    """The template's tables filled with `values`, labels and units as the template words them."""
    out = []
    for section in spec.definition.sections:
        rows = []
        for r in section.rows:
            key = r.figure or CATEGORY_PREFIX + r.category
            unit = FIGURES[r.figure].unit if r.figure else "count"
            value = values.get(key)
            rows.append(
                Row(
                    r.label,
                    key,
                    value,
                    display(value, unit, spec.amount_unit),
                    unit_label(unit, spec.amount_unit),
                )
            )
        out.append(Table(section.title, section.note, rows))
    return out


def category_labels(spec: TemplateSpec) -> dict[str, str]:
    return {CATEGORY_PREFIX + c.code: c.label for c in spec.definition.categories}


def label_of(key: str, spec: TemplateSpec) -> str:
    if key.startswith(CATEGORY_PREFIX):
        return category_labels(spec).get(key, key)
    return FIGURES[key].label if key in FIGURES else key


# --- the region tree -------------------------------------------------------------------------------------


@dataclass
class Node:
    """A region of the tree with the agencies directly in it and its children, each with its tally; the
    node's own tally is the roll-up of everything below it."""

    region: Region
    tally: Tally = field(default_factory=Tally)
    agencies: list[tuple[Agency, Tally]] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)


def rollup(
    root: Region, regions: Sequence[Region], agencies: Sequence[Agency], tallies: dict[int, Tally]
) -> Node:
    """The tree under `root` (regions given in any order, each carrying `path`), agencies hung on their
    region and every node's tally summed from below."""
    nodes = {r.pk: Node(r) for r in regions if r.path.startswith(root.path)}
    nodes.setdefault(root.pk, Node(root))
    for r in regions:
        if r.pk != root.pk and r.pk in nodes and r.parent_id in nodes:
            nodes[r.parent_id].children.append(nodes[r.pk])
    for a in agencies:
        node = nodes.get(a.region_id)
        if node is not None:
            node.agencies.append((a, tallies.get(a.pk, Tally())))

    def fold(node: Node) -> Tally:
        node.children.sort(key=lambda n: n.region.code)
        node.agencies.sort(key=lambda pair: pair[0].name)
        node.tally = total([*(fold(c) for c in node.children), *(t for _, t in node.agencies)])
        return node.tally

    fold(nodes[root.pk])
    return nodes[root.pk]
