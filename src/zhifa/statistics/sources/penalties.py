"""行政处罚: decisions issued in the period (cases of the general and summary procedures, and penalty
decisions made in another case system and registered for publication), their kinds, amounts and
revocations; no-penalty decisions, filings, closings and referrals to the judiciary.

A decision counts in the year of its 决定日期 (`Case.decided_on`), whatever happened to it afterwards: a
decision revoked or confirmed void later (`decision_revoked_on`, 行政处罚法 Art.38/48) still counts in its
year (包括经行政复议或者行政诉讼被撤销的行政处罚决定数量, the templates' note) and is shown again in
`penalty_revoked`. A decision changed later (变更) counts with what it says now."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth

from zhifa.cases.guards import CONFISCATE_INCOME, CONFISCATE_PROPERTY, FINE
from zhifa.cases.models import Case, ProcedureKind
from zhifa.lib.annual_report import Categorizer
from zhifa.publicity.models import Publication, PublicationKind
from zhifa.statistics.figures import CATEGORY_PREFIX
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
    month_span,
    wants,
)

DECIDING = (ProcedureKind.GENERAL, ProcedureKind.SUMMARY)
ZERO = Decimal("0.00")

# The case counts that are not decisions: (figure, date column, the cases it covers).
CASE_COUNTS: tuple[tuple[str, str, Q], ...] = (
    ("no_penalty_total", "decided_on", Q(procedure=ProcedureKind.NO_PENALTY)),
    # 立案: the general and no-penalty procedures (a summary decision's filed_on is its 备案, not 立案).
    ("cases_filed", "filed_on", Q(procedure__in=(ProcedureKind.GENERAL, ProcedureKind.NO_PENALTY))),
    ("cases_closed", "closed_on", ~Q(procedure=ProcedureKind.COMPULSION)),
    # 行政处罚法 Art.27: 涉嫌犯罪的，移送司法机关.
    ("referrals", "referred_on", Q()),
)


def imposes_fine(kinds: Sequence[str]) -> bool:
    return FINE in kinds


def confiscates(kinds: Sequence[str]) -> bool:
    return CONFISCATE_INCOME in kinds or CONFISCATE_PROPERTY in kinds


def decided(agency_ids: Sequence[int], period: Period) -> QuerySet[Case]:
    return Case.objects.filter(
        agency_id__in=agency_ids, procedure__in=DECIDING, decided_on__range=(period.start, period.end)
    )


def registered(agency_ids: Sequence[int], period: Period) -> QuerySet[Publication]:
    """Penalty decisions of another case system registered for publication: the first version of each
    (a correction is a new row pointing at it)."""
    return Publication.objects.filter(
        agency_id__in=agency_ids,
        kind=PublicationKind.PENALTY,
        case__isnull=True,
        previous__isnull=True,
        decided_on__range=(period.start, period.end),
    )


def _month(field: str, by_month: bool) -> dict[str, Any]:
    return {"month": ExtractMonth(field)} if by_month else {}


def _combos_of(qs: QuerySet[Any]) -> list[tuple[str, ...]]:
    return [tuple(k or ()) for k in qs.order_by().values_list("penalty_kinds", flat=True).distinct()]


def _any_combo(combos: Iterable[tuple[str, ...]]) -> Q:
    q = Q(pk__in=[])
    for combo in combos:
        q |= Q(penalty_kinds=list(combo))
    return q


class PenaltySource(Source):
    name = "penalties"
    label = "行政处罚"
    keys = (
        "penalty_total",
        "penalty_general",
        "penalty_summary",
        "penalty_registered",
        "penalty_revoked",
        "fines",
        "confiscations",
        *(key for key, _, _ in CASE_COUNTS),
    )

    def tally(
        self, agency_ids: Sequence[int], period: Period, *, by_month: bool, keys: Keys = None
    ) -> dict[Key, Tally]:
        out: dict[Key, Tally] = {}
        rows = (
            decided(agency_ids, period)
            .values("agency_id", "procedure", "penalty_kinds", **_month("decided_on", by_month))
            .annotate(
                n=Count("id"),
                fine=Sum("fine_amount"),
                confiscated=Sum("confiscation_amount"),
                revoked=Count("id", filter=Q(decision_revoked_on__isnull=False)),
            )
            .order_by()
        )
        for r in rows:
            t, kinds = at(out, r["agency_id"], r.get("month")), tuple(r["penalty_kinds"] or ())
            t.add("penalty_total", r["n"])
            t.add("penalty_summary" if r["procedure"] == ProcedureKind.SUMMARY else "penalty_general", r["n"])
            t.add("penalty_revoked", r["revoked"])
            t.combos[kinds] += r["n"]
            # An amount counts where the decision imposes that kind (an amount left on a case whose
            # decision became a warning is not a fine); 没收 counts where its amount is stated (the
            # templates: 能确定金额的，计入罚没金额).
            if imposes_fine(kinds):
                t.add("fines", r["fine"] or ZERO)
            if confiscates(kinds):
                t.add("confiscations", r["confiscated"] or ZERO)
        outside = (
            registered(agency_ids, period)
            .values("agency_id", "penalty_kinds", **_month("decided_on", by_month))
            .annotate(n=Count("id"), fine=Sum("fine_amount"))
            .order_by()
        )
        for r in outside:
            t, kinds = at(out, r["agency_id"], r.get("month")), tuple(r["penalty_kinds"] or ())
            t.add("penalty_total", r["n"])
            t.add("penalty_registered", r["n"])
            t.combos[kinds] += r["n"]
            if imposes_fine(kinds):
                t.add("fines", r["fine"] or ZERO)
        counts = [c for c in CASE_COUNTS if wants(keys, c[0])]
        if counts:
            self._case_counts(out, agency_ids, period, by_month, counts)
        return out

    def _case_counts(
        self,
        out: dict[Key, Tally],
        agency_ids: Sequence[int],
        period: Period,
        by_month: bool,
        case_counts: Sequence[tuple[str, str, Q]] = CASE_COUNTS,
    ) -> None:
        """The four counts in ONE pass over the agencies' cases, as conditional aggregates grouped by
        agency: over the whole period, or (by_month) one aggregate per count and month, each count by
        the month of its own date (filed_on, closed_on… differ, so grouping by one month column would
        need one scan per count)."""
        spans = [(0, period.start, period.end)]
        if by_month:
            spans = [(m, *month_span(period, m)) for m in range(1, period.end.month + 1)]
        any_in = Q(pk__in=[])
        counts: dict[str, Any] = {}
        for key, column, which in case_counts:
            any_in |= which & Q(**{f"{column}__range": (period.start, period.end)})
            for month, start, end in spans:
                counts[f"{key}__{month}"] = Count(
                    "id", filter=which & Q(**{f"{column}__range": (start, end)})
                )
        rows = (
            Case.objects.filter(any_in, agency_id__in=agency_ids)
            .values("agency_id")
            .annotate(**counts)
            .order_by()
        )
        for r in rows:
            for key, _, _ in case_counts:
                for month, _, _ in spans:
                    if r[f"{key}__{month}"]:
                        at(out, r["agency_id"], month).add(key, r[f"{key}__{month}"])

    # --- drill-down -------------------------------------------------------------------------------------

    def detail(
        self,
        key: str,
        agency_ids: Sequence[int],
        period: Period,
        categorizer: Categorizer,
        window: Window = ALL,
    ) -> Detail:
        for count_key, column, which in CASE_COUNTS:
            if key == count_key:
                qs = Case.objects.filter(
                    which, agency_id__in=agency_ids, **{f"{column}__range": (period.start, period.end)}
                )
                n = qs.count()
                return Detail(n, _case_items(qs.order_by(f"-{column}", "-id"), column, window), n)
        cases, outside = decided(agency_ids, period), registered(agency_ids, period)
        if key.startswith(CATEGORY_PREFIX):
            code = key[len(CATEGORY_PREFIX) :]
            cases = cases.filter(
                _any_combo(c for c in _combos_of(cases) if categorizer.categorize(c) == code)
            )
            outside = outside.filter(
                _any_combo(c for c in _combos_of(outside) if categorizer.categorize(c) == code)
            )
        elif key == "penalty_general":
            cases, outside = cases.filter(procedure=ProcedureKind.GENERAL), outside.none()
        elif key == "penalty_summary":
            cases, outside = cases.filter(procedure=ProcedureKind.SUMMARY), outside.none()
        elif key == "penalty_registered":
            cases = cases.none()
        elif key == "penalty_revoked":
            cases, outside = cases.filter(decision_revoked_on__isnull=False), outside.none()
        elif key == "fines":
            return self._fines(cases, outside, window)
        elif key == "confiscations":
            cases = cases.filter(_any_combo(c for c in _combos_of(cases) if confiscates(c)))
            found = cases.aggregate(s=Sum("confiscation_amount"), n=Count("id"))
            items = _case_items(cases.order_by("-decided_on", "-id"), "decided_on", window, "confiscation")
            return Detail(found["s"] or ZERO, items, found["n"])
        elif key != "penalty_total":
            raise KeyError(key)
        n = cases.count() + outside.count()
        return Detail(n, _merged(cases, outside, window), n)

    def _fines(self, cases: QuerySet[Case], outside: QuerySet[Publication], window: Window) -> Detail:
        cases = cases.filter(_any_combo(c for c in _combos_of(cases) if imposes_fine(c)))
        outside = outside.filter(_any_combo(c for c in _combos_of(outside) if imposes_fine(c)))
        inside = cases.aggregate(s=Sum("fine_amount"), n=Count("id"))
        registered_ = outside.aggregate(s=Sum("fine_amount"), n=Count("id"))
        total = (inside["s"] or ZERO) + (registered_["s"] or ZERO)
        return Detail(total, _merged(cases, outside, window, amount="fine"), inside["n"] + registered_["n"])


def _case_items(qs: QuerySet[Case], column: str, window: Window, amount: str = "fine") -> list[Item]:
    rows = window.of(
        qs.values(
            "id",
            "agency_id",
            column,
            "decision_number",
            "case_number",
            "title",
            "fine_amount",
            "confiscation_amount",
            "penalty_kinds",
            "decision_revoked_on",
        )
    )
    out = []
    for r in rows:
        money = r["confiscation_amount"] if amount == "confiscation" else r["fine_amount"]
        note = "、".join(r["penalty_kinds"] or ())
        if r["decision_revoked_on"]:
            note += f"（{r['decision_revoked_on'].isoformat()} 撤销或确认无效）"
        out.append(
            Item(
                "case",
                r["id"],
                r["agency_id"],
                r[column],
                r["decision_number"] or r["case_number"],
                r["title"],
                money,
                note,
            )
        )
    return out


def _merged(
    cases: QuerySet[Case], outside: QuerySet[Publication], window: Window, amount: str = "fine"
) -> list[Item]:
    """The window of the cases' and the registered decisions' rows merged newest first: the first
    `window.stop` of each, merged, then the window (a deep page reads more rows)."""
    head = Window(0, window.stop)
    items = _case_items(cases.order_by("-decided_on", "-id"), "decided_on", head, amount)
    rows = head.of(
        outside.order_by("-decided_on", "-id").values(
            "id", "agency_id", "decided_on", "decision_number", "title", "fine_amount", "penalty_kinds"
        )
    )
    items += [
        Item(
            "publication",
            r["id"],
            r["agency_id"],
            r["decided_on"],
            r["decision_number"],
            r["title"],
            r["fine_amount"],
            "、".join(r["penalty_kinds"] or ()) + "（登记的外部决定）",
        )
        for r in rows
    ]
    items.sort(key=lambda i: (i.on, i.id), reverse=True)
    out: list[Item] = window.of(items)
    return out
