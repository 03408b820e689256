"""The officer pool (执法检查人员名录库) of a task: never typed, derived from officers and their certificates.

For each active officer of each participating agency, the regions (among those of the eligible list)
where `personnel.selectors.may_act` holds for ALL the task's items of that agency on EVERY day of the
task's period (starts_on … ends_on): certificate in force, its fields covering each item's field, its
area containing the region (行政处罚法 第四十二条; 国办发〔2015〕58号, 国发〔2019〕5号: inspectors drawn
from the 执法检查人员名录库 of those entitled to inspect). A certificate expiring in the middle of the
period leaves its holder out: a drawn inspector may visit on any day of it. The standing of a certificate
changes only on its first day, the day after its end (of it or of one of its recorded renewals) and on a
recorded event, which are all in the past when a draw is committed: asking `checkpoints` — the period's
first and last day and each such change inside it — is asking every day. The question is asked once for
the whole pool per checkpoint (`regions_where_may_act`, the same rule as may_act over certificates read in
four queries), and `reasons` asks may_act itself when the pre-check must say why a region is short."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from zhifa.catalog.models import EnforcementItem
from zhifa.inspections.models import InspectionTask
from zhifa.lib.draw import PoolMember
from zhifa.organizations.models import Agency, Region
from zhifa.personnel.models import Officer
from zhifa.personnel.selectors import may_act, officers_for_acts, regions_where_may_act


@dataclass(frozen=True)
class Participant:
    """One agency of a task: the enforcement items its inspectors must be qualified for, and how many of
    them visit each business."""

    agency: Agency
    items: tuple[EnforcementItem, ...]
    per_target: int


def participants(task: InspectionTask) -> list[Participant]:
    """The lead agency first, then the partners (by id). A single-agency task sends
    `inspectors_per_target` of its own; a joint task (综合查一次) what `inspectors_per_agency` says."""
    items = list(task.items.select_related("item", "item__field", "agency"))
    agencies = [task.agency, *sorted(task.partner_agencies.all(), key=lambda a: a.pk)]
    counts = {int(k): int(v) for k, v in (task.inspectors_per_agency or {}).items()}
    out: list[Participant] = []
    for agency in agencies:
        own = tuple(i.item for i in items if i.agency_id == agency.pk and i.item is not None)
        k = counts.get(agency.pk, task.inspectors_per_target if len(agencies) == 1 else 1)
        out.append(Participant(agency, own, k))
    return out


def per_target(task: InspectionTask) -> dict[int, int]:
    return {p.agency.pk: p.per_target for p in participants(task)}


def _officers(task: InspectionTask) -> list[Officer]:
    return list(officers_for_acts(agency_ids=[p.agency.pk for p in participants(task)]))


def checkpoints(officers: Sequence[Officer], start: date, end: date) -> list[date]:
    """The days of [start, end] on which one of the officers' certificates can change standing: the
    period's ends, and inside it each certificate's first day and the day after its end (of the
    certificate and of each of its recorded events: a renewal moves the end). Reads the prefetched
    certificates (officers_for_acts): no query."""
    days = {start, end}
    for officer in officers:
        for cert in officer.certificates.all():
            ends = [cert.valid_until, *(e.valid_until for e in cert.events.all())]
            for day in (cert.valid_from, *(d + timedelta(days=1) for d in ends)):
                if start < day <= end:
                    days.add(day)
    return sorted(days)


def build(task: InspectionTask, region_codes: Collection[str]) -> list[PoolMember]:
    """The pool: every officer qualified somewhere among `region_codes` (the eligible list's regions)
    throughout the task's period; an officer qualified nowhere is left out (the pool file lists who
    could be drawn)."""
    regions = list(Region.objects.filter(code__in=list(region_codes)))
    items = [i for p in participants(task) for i in p.items]
    officers = _officers(task)
    where: dict[int, set[str]] | None = None
    for day in checkpoints(officers, task.starts_on, task.ends_on):
        on_day = regions_where_may_act(officers=officers, items=items, regions=regions, on=day)
        where = on_day if where is None else {o: where[o] & on_day[o] for o in where}
    assert where is not None
    return [PoolMember(o.pk, o.agency_id, frozenset(where[o.pk])) for o in officers if where[o.pk]]


def reasons(task: InspectionTask, *, agency_id: int, region_code: str, limit: int = 6) -> list[str]:
    """Why the agency's officers are not qualified in the region, one line per officer (may_act's own
    reasons: the certificate's area, field, expiry…), at most `limit` officers."""
    region = Region.objects.get(code=region_code)
    part = next(p for p in participants(task) if p.agency.pk == agency_id)
    lines: list[str] = []
    officers: Sequence[Officer] = list(officers_for_acts(agency_ids=[agency_id]))
    if not officers:
        return [f"{part.agency.name}没有在岗的执法人员"]
    days = checkpoints(officers, task.starts_on, task.ends_on)
    for officer in officers:
        why: list[str] = []
        for day in days:  # the first day of the period on which the officer may not inspect there
            for item in part.items:
                check = may_act(officer=officer, item=item, area=region, on=day)
                why += [r for r in check.reasons if r not in why]
            if why:
                if day != task.starts_on:
                    why.insert(0, f"抽查期间（{task.starts_on}至{task.ends_on}）内自{day}起不能检查")
                break
        if why:
            lines.append(f"{officer.name}：{'；'.join(why)}")
        if len(lines) >= limit:
            lines.append("……")
            break
    return lines
