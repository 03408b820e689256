"""Matters opened by what other parts of the platform record (journal subscriptions, SupervisionConfig.ready):

- `complaint.converted` of kind `supervision_matter` (supervision.services.complaint_convert): a complaint a
  supervisor turned into a matter;
- `evaluation.rectification_required` (the case-file evaluation app: a file graded 不合格 and ordered
  corrected): read from the entry's payload only, never by importing that app.

A reaction runs at least once (journal.services: retried until it succeeds), so each is idempotent: the
matter's `source_key` is unique, a second run finds it and does nothing. One that cannot open a matter (the
agency is not known) records why (`matter.not_opened`) on the entry's subject instead of failing for ever."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from zhifa.accounts.models import Role, User
from zhifa.journal.models import JournalEntry
from zhifa.journal.services import record
from zhifa.organizations.models import Agency, Region
from zhifa.supervision.matters import _open
from zhifa.supervision.models_matters import MatterSource, SupervisionMatter

logger = logging.getLogger(__name__)

COMPLAINT_SUBSCRIBER = "supervision.matter_from_complaint"
COMPLAINT_EVENT = "complaint.converted"
EVALUATION_SUBSCRIBER = "supervision.matter_from_evaluation"
EVALUATION_EVENT = "evaluation.rectification_required"


def _actor_and_region(entry: JournalEntry, agency: Agency) -> tuple[User | None, Region]:
    """The supervisor who acted opens the matter in their region; otherwise the platform opens it in the
    agency's own region (its supervisors there and above see it)."""
    user = User.objects.select_related("region").filter(pk=entry.actor_id).first() if entry.actor_id else None
    if (
        user is not None
        and user.role == Role.SUPERVISOR
        and user.region is not None
        and agency.region.path.startswith(user.region.path)
    ):
        return user, user.region
    return None, agency.region


def _not_opened(entry: JournalEntry, key: str, reason: str, agency_id: int | None) -> None:
    record(
        event_type="matter.not_opened",
        subject=entry.subject,
        agency_id=agency_id,
        payload={"source_key": key, "reason": reason},
    )


def _open_once(entry: JournalEntry, agency: Agency, **fields: Any) -> None:
    actor, region = _actor_and_region(entry, agency)
    try:
        with transaction.atomic():
            _open(region=region, agency=agency, actor=actor, **fields)
    except IntegrityError:
        # Opened concurrently by another run of this reaction: the unique source_key holds one.
        if not SupervisionMatter.objects.filter(source_key=fields["source_key"]).exists():
            raise


def _agency(agency_id: Any) -> Agency | None:
    if agency_id in (None, ""):
        return None
    return Agency.objects.select_related("region").filter(pk=int(agency_id)).first()


def on_complaint_converted(entry: JournalEntry) -> None:
    data = entry.payload_data
    if data.get("kind") != "supervision_matter":
        return  # a case lead: the cases app's business
    number = str(data["receipt_number"])
    key = f"complaint:{number}"
    if SupervisionMatter.objects.filter(source_key=key).exists():
        return
    agency = _agency(data.get("agency_id")) or _agency(data.get("agency_concerned"))
    if agency is None:
        _not_opened(
            entry, key, "投诉举报未确定被投诉举报的执法主体，无法立项监督事项；请核实后手工立项", None
        )
        return
    _open_once(
        entry,
        agency,
        source_kind=MatterSource.COMPLAINT,
        source_key=key,
        source_ref=f"投诉举报 {number}",
        title=f"投诉举报{number}转为监督事项",
        facts=str(data.get("note") or "").strip() or f"投诉举报{number}",
        on=_on(data.get("on"), entry),
    )


def on_rectification_required(entry: JournalEntry) -> None:
    data = entry.payload_data
    key = f"evaluation:{data['plan_id']}:{data['file_id']}"
    if SupervisionMatter.objects.filter(source_key=key).exists():
        return
    number = str(data.get("case_number") or f"案件{data.get('case_id')}")
    agency = _agency(data.get("agency_id"))
    if agency is None:
        _not_opened(entry, key, f"案卷{number}的执法主体不存在，无法立项监督事项", None)
        return
    reasons = data.get("reasons") or []
    lines = [f"案卷{number}经评查为“{data.get('grade', '')}”（得分 {data.get('score', '')}），主要问题："]
    lines += [f"{i}. {r}" for i, r in enumerate((str(r) for r in reasons), start=1)] or [
        "（评查意见见评查记录）"
    ]
    _open_once(
        entry,
        agency,
        source_kind=MatterSource.EVALUATION,
        source_key=key,
        source_ref=f"案卷评查 {number}",
        title=f"案卷评查不合格：{number}",
        facts="\n".join(lines),
        on=_on(None, entry),
    )


def _on(value: Any, entry: JournalEntry) -> date:
    if value:
        return date.fromisoformat(str(value))
    return timezone.localdate(entry.occurred_at)
