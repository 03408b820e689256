"""The public record of a draw (format `zhifa-draw-record-1`, draw-spec): everything an outsider needs to
re-run it with tools/verify_draw.py, and nothing about natural persons.

A committed draw is public at once — its commitment, its lists and its journal entry — before the random
value exists: that is what makes the later seed a fair one. Once seeded, the record adds the random value,
the seed's journal entry, the selection, the inspectors of each business (as they stand now: a recusal
after the draw is in `exclusions` with `after_draw`, and that business's inspectors are the redrawn
ones) and the names of the businesses drawn. An individual business (个体工商户) is shown by its name and
credit code only: the legal representative and contact of a business never appear. Inspectors are named
with their certificate number (亮证执法: the certificate is public).

Lists up to `lib.draw.INLINE_LIMIT` entries are inline; longer ones are served as TSV files (the exact
committed bytes, whose SHA-256 is the commitment's hash) at the URLs the record gives."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any, overload

from django.urls import reverse

from zhifa.evidence import blobstore
from zhifa.inspections import pool
from zhifa.inspections.drawing import committed_previous, exclusion_triples, read_blob
from zhifa.inspections.models import Draw, Inspection, InspectionOfficer, InspectionTask
from zhifa.journal.models import JournalEntry
from zhifa.journal.proofs import tree_algorithm
from zhifa.lib import draw as lib
from zhifa.lib.merkle import hash_leaf
from zhifa.organizations.models import Region
from zhifa.personnel.models import Certificate, Officer
from zhifa.personnel.selectors import may_act, officers_for_acts

STREAM_CHUNK = 1024 * 1024


def entry_json(seq: int | None) -> dict[str, Any] | None:
    """A journal entry as the record cites it: its sequence number, time and Merkle leaf hash (anyone
    holding the entry's receipt or the transparency log can check that it is that entry)."""
    if seq is None:
        return None
    entry = JournalEntry.objects.filter(pk=seq).first()
    if entry is None:
        return None
    return {
        "seq": entry.pk,
        "at": entry.recorded_at.isoformat(),
        "hash": hash_leaf(entry.leaf_bytes(), tree_algorithm()).hex(),
    }


def task_json(task: InspectionTask) -> dict[str, Any]:
    items = sorted(task.items.all(), key=lambda i: i.pk)
    return {
        "code": task.code,
        "name": task.name,
        "agency": task.agency.name,
        "partner_agencies": [a.name for a in sorted(task.partner_agencies.all(), key=lambda a: a.pk)],
        "items": [i.name for i in items],
        "kind": task.kind,
        "conditions": task.conditions,
        "status": task.status,
    }


def eligible_url(draw: Draw) -> str:
    return reverse("inspections:draw_eligible", args=[draw.pk])


def pool_url(draw: Draw) -> str:
    return reverse("inspections:draw_pool", args=[draw.pk])


def _lists(draw: Draw) -> dict[str, Any]:
    """The eligible list and the pool as build_record publishes them (inline, or by URL)."""
    entries, members = _parsed_lists(draw)
    out: dict[str, Any] = {}
    if isinstance(entries, _Unread):
        out["eligible_url"] = eligible_url(draw)
    else:
        out["eligible"] = [[e.code, e.credit_class, e.region] for e in entries]
    if isinstance(members, _Unread):
        out["pool_url"] = pool_url(draw)
    else:
        out["pool"] = [[m.id, m.agency, sorted(m.regions)] for m in members]
    return out


def _exclusions_json(task: InspectionTask) -> list[list[Any]]:
    return [[o, c, {"after_draw": a}] for o, c, a in exclusion_triples(task)]


def draw_record(draw: Draw) -> dict[str, Any]:
    """The public record of the draw (committed or drawn)."""
    task = draw.task
    if draw.status != Draw.Status.DRAWN:
        return {
            "format": lib.RECORD_FORMAT,
            "algorithm": draw.algorithm,
            "status": draw.status,
            "task": task_json(task),
            "commitment": draw.commitment,
            "commitment_hash": draw.commitment_hash,
            "commitment_entry": entry_json(draw.commitment_seq),
            "random_source_on": task.random_source_on.isoformat() if task.random_source_on else None,
            **_lists(draw),
            "previous": committed_previous(draw),
            "exclusions": _exclusions_json(task),
        }
    assignments: dict[str, list[int]] = defaultdict(list)
    rows = (
        InspectionOfficer.objects.filter(inspection__task=task, inspection__kind=Inspection.Kind.RANDOM)
        .order_by("inspection__target__credit_code", "rank")
        .values_list("inspection__target__credit_code", "officer_id")
    )
    for code, officer_id in rows.iterator(chunk_size=10_000):
        assignments[code].append(officer_id)
    targets: dict[str, str] = {}
    regions: dict[str, str] = {}
    for code, name, region in Inspection.objects.filter(task=task, kind=Inspection.Kind.RANDOM).values_list(
        "target__credit_code", "target__name", "target__region__code"
    ):
        # The business's registered name: an individual business's trade name; never a person's data.
        targets[code] = name
        regions[code] = region
    entries, members = _parsed_lists(draw)
    record = lib.build_record(
        task=task_json(task),
        commitment=draw.commitment,
        commitment_entry=entry_json(draw.commitment_seq) or {},
        random_value=draw.random_value,
        seed_entry=entry_json(draw.seed_seq) or {},
        seed=bytes.fromhex(draw.seed),
        entries=entries,
        pool=members,
        previous=committed_previous(draw),
        exclusions=exclusion_triples(task),
        selected=sorted(targets),
        assignments=assignments,
        targets=targets,
        inspectors=_inspectors(task, assignments, regions),
        eligible_url=eligible_url(draw),
        pool_url=pool_url(draw),
    )
    record["status"] = draw.status
    return record


class _Unread(Sequence[Any]):
    """A list published by URL: the record needs its length only (reading 1,000,000 entries back to
    publish a link to them would cost seconds per request)."""

    def __init__(self, n: int) -> None:
        self._n = n

    def __len__(self) -> int:
        return self._n

    @overload
    def __getitem__(self, i: int) -> Any: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[Any]: ...
    def __getitem__(self, i: int | slice) -> Any:
        raise IndexError("published by URL")


def _parsed_lists(draw: Draw) -> tuple[Sequence[lib.Entry], Sequence[lib.PoolMember]]:
    entries: Sequence[lib.Entry] = (
        _Unread(draw.list_count)
        if draw.list_count > lib.INLINE_LIMIT
        else lib.parse_eligible(read_blob(draw.list_hash))
    )
    members: Sequence[lib.PoolMember] = (
        _Unread(draw.pool_count)
        if draw.pool_count > lib.INLINE_LIMIT
        else lib.parse_pool(read_blob(draw.pool_hash))
    )
    return entries, members


def _inspectors(
    task: InspectionTask, assignments: dict[str, list[int]], regions: dict[str, str]
) -> dict[int, dict[str, str]]:
    """Each assigned inspector's name and the number of the certificate that covers the act (may_act on
    the task's start date, in the region of one of their businesses)."""
    first_region: dict[int, str] = {}
    for code, ids in assignments.items():
        for officer_id in ids:
            first_region.setdefault(officer_id, regions.get(code, ""))
    parts = pool.participants(task)
    items_of = {p.agency.pk: p.items for p in parts}
    # Whatever may_act says, an officer with one certificate is shown with it (the fallback below picks
    # it too) and one with none without: only officers holding several are asked (a province's draw
    # assigns hundreds of officers, and reading each one's certificates, fields and events for may_act
    # cost most of the record).
    active = Officer.objects.filter(
        pk__in=list(first_region), agency_id__in=list(items_of), status=Officer.Status.ACTIVE
    )
    names = dict(active.values_list("pk", "name"))
    numbers_of: dict[int, list[str]] = {pk: [] for pk in names}
    for officer_id, number in Certificate.objects.filter(officer_id__in=list(names)).values_list(
        "officer_id", "number"
    ):
        numbers_of[officer_id].append(number)
    out: dict[int, dict[str, str]] = {
        pk: {"name": names[pk], "certificate": numbers[0] if numbers else ""}
        for pk, numbers in numbers_of.items()
        if len(numbers) < 2
    }
    several = [pk for pk, numbers in numbers_of.items() if len(numbers) >= 2]
    if not several:
        return out
    areas = {r.code: r for r in Region.objects.filter(code__in=set(first_region.values()))}
    for officer in officers_for_acts(agency_ids=list(items_of)).filter(pk__in=several):
        number = ""
        area = areas.get(first_region[officer.pk])
        items = items_of.get(officer.agency_id, ())
        if area is not None and items:
            check = may_act(officer=officer, item=items[0], area=area, on=task.starts_on)
            number = check.certificate.number if check.certificate is not None else ""
        if not number:
            numbers = sorted(c.number for c in officer.certificates.all())
            number = numbers[0] if numbers else ""
        out[officer.pk] = {"name": officer.name, "certificate": number}
    return out


def stream_blob(sha256: str) -> Iterator[bytes]:
    """The stored bytes in chunks (a province's eligible list is ~30 MB)."""
    with blobstore.open_blob(sha256) as fh:
        while True:
            chunk = fh.read(STREAM_CHUNK)
            if not chunk:
                break
            yield chunk if isinstance(chunk, bytes) else chunk.encode()
