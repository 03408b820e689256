"""执法人员: the officers on duty, those holding a certificate valid at the period's end (持证率), and the
legal reviewers (国办发〔2018〕118号 四(十一), 六).

A stock, not a flow: counted at the period's end (31 December, or the day a report of a running year was
made). Whether an officer is on duty and a certificate suspended or revoked is their state now (the record
keeps no dated history of an officer's posting): a report frozen at its approval keeps the figures of
that day."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from zhifa.lib.annual_report import Categorizer
from zhifa.personnel.models import Certificate, CertificateStatus, LegalReviewer, Officer
from zhifa.statistics.sources.base import ALL, Detail, Item, Key, Keys, Period, Source, Tally, Window, at


def on_duty(agency_ids: Sequence[int]) -> QuerySet[Officer]:
    return Officer.objects.filter(agency_id__in=agency_ids, status=Officer.Status.ACTIVE)


def valid_certificate(period: Period) -> Exists:
    return Exists(
        Certificate.objects.filter(
            officer=OuterRef("pk"),
            status=CertificateStatus.VALID,
            valid_from__lte=period.end,
            valid_until__gte=period.end,
        )
    )


def reviewers(agency_ids: Sequence[int], period: Period) -> QuerySet[LegalReviewer]:
    return LegalReviewer.objects.filter(agency_id__in=agency_ids, active=True, appointed_on__lte=period.end)


class PersonnelSource(Source):
    name = "personnel"
    label = "执法人员"
    keys = ("officers", "certified", "legal_reviewers")

    def tally(
        self, agency_ids: Sequence[int], period: Period, *, by_month: bool, keys: Keys = None
    ) -> dict[Key, Tally]:
        out: dict[Key, Tally] = {}
        rows = (
            on_duty(agency_ids)
            .annotate(certified=valid_certificate(period))
            .values("agency_id")
            .annotate(officers=Count("id"), n_certified=Count("id", filter=Q(certified=True)))
            .order_by()
        )
        for r in rows:
            t = at(out, r["agency_id"], 0)
            t.add("officers", r["officers"])
            t.add("certified", r["n_certified"])
        for r in reviewers(agency_ids, period).values("agency_id").annotate(n=Count("id")).order_by():
            at(out, r["agency_id"], 0).add("legal_reviewers", r["n"])
        return out

    def detail(
        self,
        key: str,
        agency_ids: Sequence[int],
        period: Period,
        categorizer: Categorizer,
        window: Window = ALL,
    ) -> Detail:
        if key == "legal_reviewers":
            qs = (
                reviewers(agency_ids, period).select_related("officer").order_by("agency_id", "officer__name")
            )
            items = [
                Item(
                    "officer",
                    r.officer_id,
                    r.agency_id,
                    r.appointed_on,
                    "",
                    r.officer.name,
                    note="法制审核人员",
                )
                for r in window.of(qs)
            ]
            n = qs.count()
            return Detail(n, items, n)
        officers = on_duty(agency_ids).annotate(certified=valid_certificate(period))
        if key == "certified":
            officers = officers.filter(certified=True)
        elif key != "officers":
            raise KeyError(key)
        rows = officers.order_by("agency_id", "name", "id").values(
            "id", "agency_id", "name", "position", "certified"
        )
        items = [
            Item(
                "officer",
                r["id"],
                r["agency_id"],
                None,
                "",
                r["name"],
                note=(r["position"] or "") + ("" if r["certified"] else "（无有效执法证）"),
            )
            for r in window.of(rows)
        ]
        n = officers.count()
        return Detail(n, items, n)
