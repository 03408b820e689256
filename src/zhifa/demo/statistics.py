"""Demo: the demo year's 行政执法统计年报 of every demo agency, submitted, approved and published through the
statistics services as the agency head, the supervisor and the clerk would (the platform itself where the
demo has no login for that agency). Runs after load_demo's transaction committed, like the publications.

The demo year is the year of most demo decisions; while it is still running, each report states that its
figures run to today (the snapshot's period), as a report made before the year's end does."""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.cases.models import Case, ProcedureKind
from zhifa.demo.data import DEMO_REGION_PATH
from zhifa.organizations.models import Agency
from zhifa.statistics import selectors, services
from zhifa.statistics.models import AnnualReport


def demo_year(agencies: list[Agency]) -> int | None:
    dates = Case.objects.filter(
        agency__in=agencies,
        procedure__in=(ProcedureKind.GENERAL, ProcedureKind.SUMMARY),
        decided_on__isnull=False,
    ).values_list("decided_on", flat=True)
    years = Counter(d.year for d in dates if d is not None)
    return years.most_common(1)[0][0] if years else None


def _narrative(agency: Agency, live: selectors.LiveReport) -> str:
    v = live.values
    period = f"{live.period.start:%Y年%m月%d日}至{live.period.end:%Y年%m月%d日}"
    share = f"{v['certified_share']}%" if v.get("certified_share") is not None else "—"
    return (
        f"一、总体情况\n{period}，{agency.name}共作出行政处罚决定{v['penalty_total']}件（其中简易程序"
        f"{v['penalty_summary']}件，已被撤销或确认无效{v['penalty_revoked']}件），罚没金额{v['fine_amount']}元；"
        f"登记公示行政许可决定{v['licensing_total']}件；实施行政强制措施{v['compulsion_measures']}件；"
        f"出具法制审核意见书{v['review_opinions']}件。在岗执法人员{v['officers']}名，持证率{share}。\n"
        "二、存在的问题\n部分案件办理期限临近届满才作出决定，执法文书说理仍需加强。\n"
        "三、下一步工作\n严格落实行政执法三项制度，加强执法人员培训和案卷评查。\n（演示数据）"
    )


def publish_demo_reports(*, today: date | None = None) -> tuple[int | None, int]:
    """(the demo year, how many reports were published now); a report already there is left as it is."""
    today = today or timezone.localdate()
    # The demo's supervising body (江北市司法局, demo/supervision.py, loaded after this) holds no cases: it
    # files no statistics report here, on the first load or a later one.
    agencies = list(
        Agency.objects.filter(
            region__path__startswith=DEMO_REGION_PATH, active=True, is_supervising_body=False
        )
        .select_related("region")
        .order_by("pk")
    )
    year = demo_year(agencies)
    if year is None:
        return None, 0
    logins = {u.username: u for u in User.objects.filter(username__in=("head", "clerk", "supervisor"))}
    head, clerk, supervisor = logins.get("head"), logins.get("clerk"), logins.get("supervisor")
    reports = AnnualReport.objects.filter(year=year, agency__in=agencies)
    done = set(reports.values_list("agency_id", flat=True))
    count = 0
    for agency in agencies:
        if agency.pk in done:
            continue
        live = selectors.live_report(agency, year, today)
        own_head = head if head is not None and head.agency_id == agency.pk else None
        report = services.report_submit(
            agency=agency, year=year, narrative=_narrative(agency, live), actor=own_head, on=today
        )
        region = supervisor.region if supervisor is not None else None
        approver = supervisor if region is not None and agency.region.path.startswith(region.path) else None
        services.report_approve(report=report, actor=approver, on=today)
        own_clerk = clerk if clerk is not None and clerk.agency_id == agency.pk else None
        services.report_publish(report=report, actor=own_clerk, on=today)
        count += 1
    return year, count
