"""行政许可: the licensing decisions registered on the platform for publication (publicity.registration:
made in the 政务服务 licensing system, registered here within 7 working days, 国办发〔2018〕118号 二(六)).

Each registered decision is classified by what it decided (its 决定内容, `penalty_display` of the
publication, which the clerk words as 准予许可…, 不予许可…, 撤销…): a decision saying 不予 is a refusal, one
saying 撤销 (and not 不予) a revocation, any other a grant — the templates count 准予变更、延续 as 许可 and
不予变更、延续 as 不予许可. Applications and their acceptance (申请, 受理) are received by the licensing
system, not by this platform: those two figures have no source here and read "not recorded"."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractMonth

from zhifa.lib.annual_report import Categorizer
from zhifa.publicity.models import Publication, PublicationKind
from zhifa.statistics.sources.base import ALL, Detail, Item, Key, Keys, Period, Source, Tally, Window, at

REFUSED = Q(penalty_display__contains="不予")
REVOKED = Q(penalty_display__contains="撤销") & ~REFUSED
GRANTED = ~REFUSED & ~REVOKED
CLASSES = {"licensing_granted": GRANTED, "licensing_refused": REFUSED, "licensing_revoked": REVOKED}


def licensing(agency_ids: Sequence[int], period: Period) -> QuerySet[Publication]:
    return Publication.objects.filter(
        agency_id__in=agency_ids,
        kind=PublicationKind.LICENSING,
        previous__isnull=True,
        decided_on__range=(period.start, period.end),
    )


class LicensingSource(Source):
    name = "licensing"
    label = "行政许可"
    keys = ("licensing_total", *CLASSES)

    def tally(
        self, agency_ids: Sequence[int], period: Period, *, by_month: bool, keys: Keys = None
    ) -> dict[Key, Tally]:
        out: dict[Key, Tally] = {}
        month = {"month": ExtractMonth("decided_on")} if by_month else {}
        counts = {key: Count("id", filter=q) for key, q in CLASSES.items()}
        rows = (
            licensing(agency_ids, period)
            .values("agency_id", **month)
            .annotate(licensing_total=Count("id"), **counts)
            .order_by()
        )
        for r in rows:
            t = at(out, r["agency_id"], r.get("month"))
            for key in self.keys:
                t.add(key, r[key])
        return out

    def detail(
        self,
        key: str,
        agency_ids: Sequence[int],
        period: Period,
        categorizer: Categorizer,
        window: Window = ALL,
    ) -> Detail:
        qs = licensing(agency_ids, period)
        if key in CLASSES:
            qs = qs.filter(CLASSES[key])
        elif key != "licensing_total":
            raise KeyError(key)
        rows = window.of(
            qs.order_by("-decided_on", "-id").values(
                "id", "agency_id", "decided_on", "decision_number", "title", "penalty_display"
            )
        )
        items = [
            Item(
                "publication",
                r["id"],
                r["agency_id"],
                r["decided_on"],
                r["decision_number"],
                r["title"],
                note=r["penalty_display"],
            )
            for r in rows
        ]
        n = qs.count()
        return Detail(n, items, n)
