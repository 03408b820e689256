"""行政强制: the measures of the compulsion procedure (查封、扣押, 行政强制法 Art.9(2)–(3)) taken in the
period — counted on the day the measure was taken (`Case.decided_on`, set by the enforce steps) — and the
applications to a people's court to enforce a decision (行政强制法 Art.53; `Case.court_applied_on`).

Which measure a case took is in the journal entry of its enforce step (`measure`, the officers' words:
查封, 扣押 or both), read for those cases only: a measure naming both counts in both rows."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractMonth

from zhifa.cases.models import Case, ProcedureKind
from zhifa.journal.models import JournalEntry
from zhifa.lib.annual_report import Categorizer
from zhifa.statistics.sources.base import (
    ALL,
    Detail,
    Item,
    Key,
    Keys,
    Period,
    Source,
    Tally,
    Window,
    at,
    wants,
)

ENFORCE_EVENTS = ("case.enforce", "case.enforce_on_spot")
MEASURES = {"compulsion_seal_up": "查封", "compulsion_seize": "扣押"}
_CHUNK = 1000


def measures(agency_ids: Sequence[int], period: Period) -> QuerySet[Case]:
    return Case.objects.filter(
        agency_id__in=agency_ids,
        procedure=ProcedureKind.COMPULSION,
        decided_on__range=(period.start, period.end),
    )


def court_applications(agency_ids: Sequence[int], period: Period) -> QuerySet[Case]:
    return Case.objects.filter(agency_id__in=agency_ids, court_applied_on__range=(period.start, period.end))


def measure_words(case_ids: Sequence[int]) -> dict[int, str]:
    """Case id → the measure its (last) enforce step recorded."""
    out: dict[int, str] = {}
    for i in range(0, len(case_ids), _CHUNK):
        subjects = [f"cases.case:{pk}" for pk in case_ids[i : i + _CHUNK]]
        entries = JournalEntry.objects.filter(subject__in=subjects, event_type__in=ENFORCE_EVENTS).order_by(
            "id"
        )
        for subject, payload in entries.values_list("subject", "payload"):
            out[int(subject.rsplit(":", 1)[1])] = str(json.loads(payload).get("measure", ""))
    return out


class CompulsionSource(Source):
    name = "compulsion"
    label = "行政强制"
    keys = ("compulsion_measures", *MEASURES, "court_enforcement")

    def tally(
        self, agency_ids: Sequence[int], period: Period, *, by_month: bool, keys: Keys = None
    ) -> dict[Key, Tally]:
        out: dict[Key, Tally] = {}
        if wants(keys, *MEASURES):
            cases = list(measures(agency_ids, period).values_list("id", "agency_id", "decided_on"))
            words = measure_words([pk for pk, _, _ in cases])
            for pk, agency_id, on in cases:
                t = at(out, agency_id, on.month if by_month and on else 0)
                t.add("compulsion_measures", 1)
                for key, word in MEASURES.items():
                    t.add(key, 1 if word in words.get(pk, "") else 0)
        elif wants(keys, "compulsion_measures"):  # the count alone: no journal entry to read
            month_of = {"month": ExtractMonth("decided_on")} if by_month else {}
            found = measures(agency_ids, period).values("agency_id", **month_of).annotate(n=Count("id"))
            for r in found.order_by():
                at(out, r["agency_id"], r.get("month")).add("compulsion_measures", r["n"])
        if not wants(keys, "court_enforcement"):
            return out
        month = {"month": ExtractMonth("court_applied_on")} if by_month else {}
        rows = (
            court_applications(agency_ids, period)
            .values("agency_id", **month)
            .annotate(n=Count("id"))
            .order_by()
        )
        for r in rows:
            at(out, r["agency_id"], r.get("month")).add("court_enforcement", r["n"])
        return out

    def detail(
        self,
        key: str,
        agency_ids: Sequence[int],
        period: Period,
        categorizer: Categorizer,
        window: Window = ALL,
    ) -> Detail:
        if key == "court_enforcement":
            qs = court_applications(agency_ids, period).order_by("-court_applied_on", "-id")
            court = window.of(qs.values("id", "agency_id", "court_applied_on", "decision_number", "title"))
            items = [
                Item("case", r["id"], r["agency_id"], r["court_applied_on"], r["decision_number"], r["title"])
                for r in court
            ]
            n = qs.count()
            return Detail(n, items, n)
        if key not in self.keys:
            raise KeyError(key)
        listed = (
            measures(agency_ids, period)
            .order_by("-decided_on", "-id")
            .values("id", "agency_id", "decided_on", "decision_number", "case_number", "title")
        )
        if key in MEASURES:  # which measure is in the journal: every case's entry is read
            rows: list[dict[str, Any]] = [dict(r) for r in listed]
            words = measure_words([r["id"] for r in rows])
            rows = [r for r in rows if MEASURES[key] in words.get(r["id"], "")]
            n, rows = len(rows), window.of(rows)
        else:  # all measures: counted in SQL, only the window's entries read
            n, rows = listed.count(), [dict(r) for r in window.of(listed)]
            words = measure_words([r["id"] for r in rows])
        items = [
            Item(
                "case",
                r["id"],
                r["agency_id"],
                r["decided_on"],
                r["decision_number"] or r["case_number"],
                r["title"],
                note=words.get(r["id"], ""),
            )
            for r in rows
        ]
        return Detail(n, items, n)
