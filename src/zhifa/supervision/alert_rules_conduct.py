"""Alert rules about how enforcement was carried out (issue 14 part 2): a step the agency's 音像记录事项清单
requires on audio-video with no such recording, and enforcement outside the agency's region (违规异地执法).
Registered in the same registry as alert_rules.py (imported at its end), each a few grouped queries.

The decision period (行政处罚法 Art.60; SAMR 程序规定 Art.64) needs no rule here: filing starts the
`decision_period` clock (cases.procedures.general.FILE, 90 days, regional `decision_days`), an approved
extension moves its due date (extend_decision_period), and rule `clock_overdue` raises it when it runs
out with the case still undecided (tests: test_alerts_conduct.py)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from django.db.models import F, Q
from django.utils import timezone

from zhifa.accounts.models import Role
from zhifa.cases.models import Case
from zhifa.catalog.models import RecordingRequirement
from zhifa.evidence.models import Evidence, EvidenceKind
from zhifa.inspections.models import Inspection
from zhifa.journal.models import JournalEntry
from zhifa.organizations.models import Region
from zhifa.supervision.alert_rules import CONDITION_825, ENDED_STATES, Finding, _case_ref, rule
from zhifa.supervision.models_alerts import AlertSeverity

RECORDING_BASIS = "国办发〔2018〕118号 三（八）（音像记录事项清单）；行政强制法第十八条"

# The case steps a 音像记录事项清单 row may name, by the words its 执法环节 uses. The lists are written by
# each agency in its own words (catalog.RecordingRequirement.activity is free text): a row names a step when
# it contains one of that step's words. Steps the platform does not record as a case step (现场检查 of the
# inspections app, 留置送达/公告送达, 强制拆除) are not matched: see the report of issue 14.
RECORDED_STEPS: dict[str, tuple[str, ...]] = {
    "enforce": ("查封", "扣押"),  # 行政强制法 Art.18(1)-(10): 查封、扣押 on the spot
    "enforce_on_spot": ("查封", "扣押"),
    "preserve": ("先行登记保存",),  # 行政处罚法 Art.56
    "hold_hearing": ("听证",),  # 行政处罚法 Art.64
}
# 全程音像记录 is sound and moving picture: a photo does not record a process.
AV_RECORDING = (EvidenceKind.AUDIO, EvidenceKind.VIDEO)
CHUNK = 1000


def _steps_of(activity: str) -> set[str]:
    return {step for step, words in RECORDED_STEPS.items() if any(w in activity for w in words)}


def _chunks(values: list[Any]) -> Iterator[list[Any]]:
    for i in range(0, len(values), CHUNK):
        yield values[i : i + CHUNK]


@rule(
    "recording_missing",
    "音像记录事项清单要求全程音像记录的环节缺少音像记录",
    RECORDING_BASIS,
    AlertSeverity.MEDIUM,
    Role.OFFICER,
)
def recording_missing(today: date) -> Iterable[Finding]:
    # 118号 三(八): 对查封扣押财产、强制拆除等直接涉及人身自由、生命健康、重大财产权益的现场执法活动和
    # 执法办案场所，要推行全程音像记录. The agency's list (level 全程音像记录) says which steps; a step of an
    # open case whose day has no audio or video evidence filed for the case (evidence.case_ref: its number
    # or id, as review.precheck reads it) is the finding. It resolves when such evidence is filed, or when
    # the case ends (a closed case's record is then a matter for 案卷评查).
    listed: dict[tuple[int, int | None], set[str]] = defaultdict(set)
    rows = RecordingRequirement.objects.filter(level=RecordingRequirement.Level.FULL_PROCESS).values_list(
        "agency_id", "item_id", "activity"
    )
    for agency_id, item_id, activity in rows:
        listed[(agency_id, item_id)] |= _steps_of(activity)
    needed = {k: v for k, v in listed.items() if v}
    if not needed:
        return  # no agency lists a step the platform records: no case is read
    agencies = sorted({agency_id for agency_id, _ in needed})
    cases = {
        f"cases.case:{pk}": (pk, agency_id, item_id, number)
        for pk, agency_id, item_id, number in Case.objects.filter(agency_id__in=agencies)
        .exclude(state__in=ENDED_STATES)
        .values_list("id", "agency_id", "item_id", "case_number")
        .iterator(chunk_size=5000)
    }
    events = sorted({f"case.{s}" for steps in needed.values() for s in steps})
    for subjects in _chunks(sorted(cases)):
        steps = list(
            JournalEntry.objects.filter(event_type__in=events, subject__in=subjects).values_list(
                "id", "subject", "event_type", "occurred_at"
            )
        )
        wanted = []
        for entry_id, subject, event_type, occurred_at in steps:
            pk, agency_id, item_id, number = cases[subject]
            step = event_type.removeprefix("case.")
            if step in needed.get((agency_id, item_id), set()) | needed.get((agency_id, None), set()):
                wanted.append((entry_id, pk, agency_id, number, step, timezone.localdate(occurred_at)))
        if not wanted:
            continue
        refs = {str(pk) for _, pk, *_ in wanted} | {number for *_, number, _, _ in wanted if number}
        recorded = {
            (ref, timezone.localdate(at))
            for ref, at in Evidence.objects.filter(
                agency_id__in=agencies, kind__in=AV_RECORDING, case_ref__in=sorted(refs)
            ).values_list("case_ref", "collected_at")
        }
        for entry_id, pk, agency_id, number, step, on in wanted:
            if (str(pk), on) in recorded or (number and (number, on) in recorded):
                continue
            yield Finding(
                "step",
                entry_id,
                agency_id,
                _case_ref(number, pk),
                f"{on:%Y年%m月%d日}的{STEP_LABELS.get(step, step)}按本机关音像记录事项清单应全程音像记录，"
                "本案未登记当日的录音录像证据",
            )


STEP_LABELS = {
    "enforce": "查封、扣押",
    "enforce_on_spot": "当场查封、扣押",
    "preserve": "先行登记保存",
    "hold_hearing": "听证",
}


# --- 违规异地执法 ------------------------------------------------------------------------------------


@rule(
    "enforcement_out_of_region",
    "在管辖区域外实施执法（违规异地执法）",
    CONDITION_825 + "（强化对违规异地执法的监督）；行政处罚法第二十二条（由违法行为发生地的行政机关管辖）",
    AlertSeverity.HIGH,
    Role.AGENCY_HEAD,
)
def enforcement_out_of_region(today: date) -> Iterable[Finding]:
    # Places are regions (organizations.Region, a materialized path): a case's 违法行为发生地 (Case.place)
    # and an inspection's business (InspectionTarget.region, its registered 住所) lie in the agency's
    # jurisdiction when their path starts with the agency region's path. Both comparisons run in the
    # database; only the rows outside come back.
    # Open cases only: case_open refuses a place outside the region at the door, so these are cases that
    # came in otherwise (imports, an agency's region changed, a place corrected later).
    cases = (
        Case.objects.exclude(state__in=ENDED_STATES)
        .exclude(place__path__startswith=F("agency__region__path"))
        .values("id", "case_number", "title", "agency_id", "agency__region__name", "place__name")
    )
    for r in cases.iterator(chunk_size=5000):
        yield Finding(
            "case",
            r["id"],
            r["agency_id"],
            _case_ref(r["case_number"], r["id"], r["title"]),
            f"违法行为发生地{r['place__name']}不在本机关管辖区域（{r['agency__region__name']}）内",
        )
    # Inspections of this year (done or still planned), not cancelled. The target's region is where the
    # business is registered; a visit to its premises elsewhere is written only in the site record's
    # 检查地点, free text: when that text names the agency's region or a region under it, the visit is
    # taken as within the jurisdiction (conservative: a text naming no known region does not clear it).
    inspections = (
        Inspection.objects.exclude(status=Inspection.Status.CANCELLED)
        .filter(Q(inspected_on__gte=today.replace(month=1, day=1)) | Q(inspected_on__isnull=True))
        .exclude(target__region_path__startswith=F("agency__region__path"))
        .values(
            "id",
            "code",
            "agency_id",
            "agency__region__name",
            "agency__region__path",
            "target__name",
            "target__region__name",
            "site_record__place",
        )
    )
    names: dict[str, list[str]] = {}
    for i in inspections.iterator(chunk_size=5000):
        place = i["site_record__place"] or ""
        if place and _names_a_region_under(place, i["agency__region__path"], names):
            continue
        where = f"（现场检查笔录记载检查地点：{place[:60]}）" if place else ""
        yield Finding(
            "inspection",
            i["id"],
            i["agency_id"],
            f"{i['target__name']}（检查码{i['code']}）",
            f"检查对象登记住所在{i['target__region__name']}，不在本机关管辖区域（{i['agency__region__name']}）内"
            + where,
        )


def _names_a_region_under(text: str, path: str, cache: dict[str, list[str]]) -> bool:
    if path not in cache:
        # Longest names first; names of two characters or fewer ("某区") would match too much text.
        found = Region.objects.filter(path__startswith=path).values_list("name", flat=True)
        cache[path] = sorted((n for n in found if len(n) > 2), key=len, reverse=True)
    return any(name in text for name in cache[path])
