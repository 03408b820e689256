"""The checklist of one agency's publicity for one quarter (网上巡查): what the portal shows before
enforcement (事前公开) and whether what had to be published or withdrawn in the quarter was, on time.

Reads only: the other apps' selectors where they have the read (the portal's own lists), else their models
(the publication and inspection-result deadlines those apps computed and stored). Each line says what it
checked (figures) and, when it fails, the items behind it. Nothing here names a party; officers appear
only on the staff page (items_public=False)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q

from zhifa.catalog import selectors as catalog_selectors
from zhifa.catalog.models import ItemKind
from zhifa.core.scope import Scope
from zhifa.inspections.models import Inspection
from zhifa.organizations.models import Agency
from zhifa.personnel import selectors as personnel_selectors
from zhifa.personnel.models import CertificateStatus
from zhifa.publicity.models import Publication, PublicationStatus

PUBLIC = Scope.all()
BASIS_118_PRIOR = "国办发〔2018〕118号 二（四）（事前公开）"
# Cap on the items kept per line: the report is short; the figures carry the full count.
MAX_ITEMS = 50


@dataclass
class Line:
    key: str
    label: str
    basis: str
    passed: bool
    figures: str
    items: list[dict[str, str]] = field(default_factory=list)
    items_public: bool = True


def _item(ref: str, note: str) -> dict[str, str]:
    return {"ref": ref, "note": note}


def _d(day: date | None) -> str:
    return f"{day:%Y年%m月%d日}" if day else "—"


def officers_line(agency: Agency, as_of: date) -> Line:
    # 118号 二(四): 执法人员 and their certificates are published before enforcement. The portal lists an
    # officer with a certificate in force (portal/agency.html); one on duty without one is missing there.
    officers = personnel_selectors.officer_list(scope=PUBLIC, agency_id=agency.pk).filter(status="active")
    shown, missing = 0, []
    for o in officers:
        if any(c.status == CertificateStatus.VALID and c.valid_until >= as_of for c in o.certificates.all()):
            shown += 1
        else:
            missing.append(_item(o.name, "在岗但无有效执法证，未在门户公示"))
    return Line(
        "officers",
        "执法人员及执法证件公示",
        BASIS_118_PRIOR + "；行政处罚法第四十二条",
        shown > 0 and not missing,
        f"在岗执法人员{shown + len(missing)}人，门户公示持有效执法证{shown}人",
        missing[:MAX_ITEMS],
        items_public=False,
    )


def items_line(agency: Agency) -> Line:
    total = catalog_selectors.public_item_list(agency_id=agency.pk).count()
    gaps = list(catalog_selectors.items_with_basis_gaps(scope=PUBLIC, agency_id=agency.pk))
    return Line(
        "items",
        "行政执法事项清单（含执法依据）",
        BASIS_118_PRIOR,
        total > 0 and not gaps,
        f"公示执法事项{total}项，执法依据待补充{len(gaps)}项",
        [_item(f"{i.code} {i.name}", "执法依据未登记或待核实") for i in gaps[:MAX_ITEMS]],
    )


def benchmarks_line(agency: Agency) -> Line:
    # 国办发〔2018〕118号 / 国办发〔2022〕27号: every penalty item has its published discretion benchmark.
    penalty = (
        catalog_selectors.public_item_list(agency_id=agency.pk)
        .filter(kind=ItemKind.PENALTY)
        .annotate(n=Count("benchmarks", filter=Q(benchmarks__active=True)))
        .order_by("code")
    )
    rows = list(penalty.values_list("code", "name", "n"))
    missing = [_item(f"{code} {name}", "未公示裁量基准") for code, name, n in rows if not n]
    return Line(
        "benchmarks",
        "行政处罚裁量基准",
        "国办发〔2022〕27号《关于进一步规范行政裁量权基准制定和管理工作的意见》（裁量基准应当向社会公布）",
        not missing,
        f"行政处罚事项{len(rows)}项，已公示裁量基准{len(rows) - len(missing)}项"
        if rows
        else "本机关无行政处罚事项",
        missing[:MAX_ITEMS],
    )


def inspection_list_line(agency: Agency) -> Line:
    n = catalog_selectors.inspection_items(scope=PUBLIC, agency_id=agency.pk).count()
    return Line(
        "inspection_items",
        "随机抽查事项清单",
        "国发〔2019〕5号（实行抽查事项清单管理，并向社会公开）",
        n > 0,
        f"公示随机抽查事项{n}项",
        [] if n else [_item("随机抽查事项清单", "未公示")],
    )


def decisions_line(agency: Agency, start: date, end: date, as_of: date) -> Line:
    # publicity.rules: decisions within 7 working days (penalty, licensing), 20 others — 行政处罚法 Art.48,
    # 国办发〔2018〕118号 二(六); the due day is the one publicity computed and stored (Publication.due_on).
    # The decisions due in the quarter; a correction (previous set) is not a decision of its own, a
    # decision lawfully not published (suppressed) is not owed.
    rows = (
        Publication.objects.filter(agency=agency, previous__isnull=True, due_on__gte=start, due_on__lte=end)
        .exclude(status=PublicationStatus.SUPPRESSED)
        .order_by("due_on", "id")
        .values_list("decision_number", "due_on", "published_on")
    )
    total, late = 0, []
    for number, due, published in rows:
        total += 1
        if published is not None and published > due:
            late.append(_item(number, f"应于{_d(due)}前公示，{_d(published)}公示"))
        elif published is None and due < as_of:
            late.append(_item(number, f"应于{_d(due)}前公示，截至{_d(as_of)}尚未公示"))
    return Line(
        "decisions",
        "行政执法决定按期公示",
        "行政处罚法第四十八条；国办发〔2018〕118号 二（六）（七个工作日内公开）",
        not late,
        f"本季度应公示决定{total}件，按期公示{total - len(late)}件，逾期或未公示{len(late)}件",
        late[:MAX_ITEMS],
    )


def withdrawals_line(agency: Agency, start: date, end: date, as_of: date) -> Line:
    # 行政处罚法 Art.48; 市场监督管理行政处罚信息公示规定 Art.11: withdrawn within 3 working days of the
    # decision's revocation (publicity stores the day as withdraw_due).
    rows = (
        Publication.objects.filter(agency=agency, withdraw_due__gte=start, withdraw_due__lte=end)
        .order_by("withdraw_due", "id")
        .values_list("decision_number", "withdraw_due", "withdrawn_on", "status")
    )
    total, late = 0, []
    for number, due, withdrawn, status in rows:
        total += 1
        if due is None:  # not reached: filtered on the day
            continue
        if withdrawn is not None and withdrawn > due:
            late.append(_item(number, f"应于{_d(due)}前撤下，{_d(withdrawn)}撤下"))
        elif status == PublicationStatus.PUBLISHED and due < as_of:
            late.append(_item(number, f"应于{_d(due)}前撤下，截至{_d(as_of)}仍在公示"))
    return Line(
        "withdrawals",
        "应撤下的公示按期撤下",
        "行政处罚法第四十八条；市场监督管理行政处罚信息公示规定第十一条（三个工作日内撤下）",
        not late,
        f"本季度应撤下{total}件，按期撤下{total - len(late)}件，逾期{len(late)}件",
        late[:MAX_ITEMS],
    )


def inspection_results_line(agency: Agency, start: date, end: date, as_of: date) -> Line:
    # 双随机、一公开: results published within the result deadline the inspections app stored
    # (Inspection.result_due: 20 working days by default, 国发〔2019〕5号 as echoed by 冀政办发〔2015〕22号).
    rows = (
        Inspection.objects.filter(agency=agency, result_due__gte=start, result_due__lte=end)
        .exclude(status=Inspection.Status.CANCELLED)
        .order_by("result_due", "id")
        .values_list("code", "result_due", "result__published_on")
    )
    total, late = 0, []
    for code, due, published in rows:
        total += 1
        if due is None:  # not reached: filtered on the day
            continue
        if published is not None and published > due:
            late.append(_item(f"检查码{code}", f"结果应于{_d(due)}前公示，{_d(published)}公示"))
        elif published is None and due < as_of:
            late.append(_item(f"检查码{code}", f"结果应于{_d(due)}前公示，截至{_d(as_of)}尚未公示"))
    return Line(
        "inspection_results",
        "抽查检查结果按期公示",
        "国发〔2019〕5号（双随机、一公开：抽查检查结果及时向社会公开）",
        not late,
        f"本季度应公示检查结果{total}件，按期公示{total - len(late)}件，逾期或未公示{len(late)}件",
        late[:MAX_ITEMS],
    )


def checklist(agency: Agency, start: date, end: date, as_of: date) -> list[Line]:
    """The lines of one agency's report, in the order they are shown."""
    return [
        officers_line(agency, as_of),
        items_line(agency),
        benchmarks_line(agency),
        inspection_list_line(agency),
        decisions_line(agency, start, end, as_of),
        withdrawals_line(agency, start, end, as_of),
        inspection_results_line(agency, start, end, as_of),
    ]
