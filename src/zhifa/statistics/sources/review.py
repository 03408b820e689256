"""法制审核: submissions made and opinions issued in the period (国办发〔2018〕118号 四; SAMR
程序规定 Art.54's four kinds of opinion), and the cases in which the review found something to correct
or supplement (the opinion was not 同意: 存在问题, 118号 四(十三)) — a case counted once however many
rounds it took."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractMonth

from zhifa.lib.annual_report import Categorizer
from zhifa.review.models import OpinionKind, ReviewOpinion, ReviewSubmission
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
    first_per,
    wants,
)

KINDS = {
    "review_agree": OpinionKind.AGREE,
    "review_correct": OpinionKind.CORRECT,
    "review_supplement": OpinionKind.SUPPLEMENT,
    "review_other": OpinionKind.OTHER,
}


def opinions(agency_ids: Sequence[int], period: Period) -> QuerySet[ReviewOpinion]:
    return ReviewOpinion.objects.filter(
        submission__case__agency_id__in=agency_ids, issued_on__range=(period.start, period.end)
    )


def submissions(agency_ids: Sequence[int], period: Period) -> QuerySet[ReviewSubmission]:
    return ReviewSubmission.objects.filter(
        case__agency_id__in=agency_ids, submitted_on__range=(period.start, period.end)
    )


class ReviewSource(Source):
    name = "review"
    label = "法制审核"
    keys = ("review_submissions", "review_opinions", *KINDS, "review_corrected")

    def tally(
        self, agency_ids: Sequence[int], period: Period, *, by_month: bool, keys: Keys = None
    ) -> dict[Key, Tally]:
        out: dict[Key, Tally] = {}
        agency = "submission__case__agency_id"
        month = {"month": ExtractMonth("issued_on")} if by_month else {}
        counts = {key: Count("id", filter=Q(kind=kind)) for key, kind in KINDS.items()}
        rows = (
            opinions(agency_ids, period)
            .values(agency, **month)
            .annotate(
                review_opinions=Count("id"),
                review_corrected=Count(
                    "submission__case_id", filter=~Q(kind=OpinionKind.AGREE), distinct=True
                ),
                **counts,
            )
            .order_by()
        )
        for r in rows:
            t = at(out, r[agency], r.get("month"))
            for key in ("review_opinions", "review_corrected", *KINDS):
                t.add(key, r[key])
        if not wants(keys, "review_submissions"):
            return out
        month = {"month": ExtractMonth("submitted_on")} if by_month else {}
        sent = (
            submissions(agency_ids, period)
            .values("case__agency_id", **month)
            .annotate(n=Count("id"))
            .order_by()
        )
        for r in sent:
            at(out, r["case__agency_id"], r.get("month")).add("review_submissions", r["n"])
        return out

    def detail(
        self,
        key: str,
        agency_ids: Sequence[int],
        period: Period,
        categorizer: Categorizer,
        window: Window = ALL,
    ) -> Detail:
        if key == "review_submissions":
            sent = submissions(agency_ids, period).order_by("-submitted_on", "-id")
            sent_rows = sent.values(
                "id",
                "case_id",
                "case__agency_id",
                "submitted_on",
                "case__case_number",
                "case__title",
                "round",
            )
            items = [
                Item(
                    "case",
                    r["case_id"],
                    r["case__agency_id"],
                    r["submitted_on"],
                    r["case__case_number"],
                    r["case__title"],
                    note=f"第 {r['round']} 轮送审",
                )
                for r in window.of(sent_rows)
            ]
            n = sent.count()
            return Detail(n, items, n)
        qs = opinions(agency_ids, period)
        if key in KINDS:
            qs = qs.filter(kind=KINDS[key])
        elif key == "review_corrected":
            qs = qs.exclude(kind=OpinionKind.AGREE)
        elif key != "review_opinions":
            raise KeyError(key)
        rows: list[dict[str, Any]] = [
            dict(r)
            for r in qs.order_by("-issued_on", "-id").values(
                "id",
                "submission__case_id",
                "submission__case__agency_id",
                "issued_on",
                "number",
                "kind",
                "submission__case__title",
            )
        ]
        if key == "review_corrected":  # one row per case: its latest such opinion
            rows = first_per(rows, "submission__case_id")
        items = [
            Item(
                "opinion",
                r["id"],
                r["submission__case__agency_id"],
                r["issued_on"],
                r["number"],
                r["submission__case__title"],
                note=OpinionKind(r["kind"]).label,
                case_id=r["submission__case_id"],
            )
            for r in window.of(rows)
        ]
        return Detail(len(rows), items, len(rows))
