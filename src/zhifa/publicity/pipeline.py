"""From decision to draft publication: the subscriber of `decision.issued` (after commit); and from a
revoked or changed decision to the withdrawal of what was published (`decision.revoked`,
`decision.changed`)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from zhifa.cases.documents import compose
from zhifa.cases.models import Case, Document, PartyKind, Violation
from zhifa.journal.models import JournalEntry
from zhifa.journal.services import record, subject_of
from zhifa.lib.officialdoc import format_date, from_json
from zhifa.publicity import redaction, rules, services
from zhifa.publicity.models import Publication, PublicationKind, PublicationStatus

logger = logging.getLogger(__name__)


# The subscribers below run at least once (journal.services: retried until they succeed), so each is
# idempotent: draft_for_case drafts one publication per decision, withdraw_for_case flags once, a
# suppressed draft is not suppressed again, and a redraft is not repeated for the same revision.


def on_decision_issued(entry: JournalEntry) -> None:
    case_id = int(entry.subject.split(":")[1])
    draft_for_case(case_id=case_id)


def _decision_text(case: Case, doc: Document | None, *, as_issued: bool = True) -> str:
    """The decision's text: as issued (the content its step vouched for, cases.Document.content) unless
    the case changed it since (`as_issued=False`: composed again from the case as it now stands)."""
    if as_issued and doc is not None and doc.content:
        official = from_json(doc.content)
    else:
        kind = doc.kind if doc else "penalty_decision"
        official, _ = compose(case, kind, case.decision_number, case.decided_on or case.updated_at.date())
    lines: list[str] = [official.issuer, official.number, official.title]
    for p in official.paragraphs:
        lines.append(p if isinstance(p, str) else str(getattr(p, "text", "")))
    lines += [official.signature, format_date(official.date)]
    return "\n".join(str(x) for x in lines)


def penalty_display(penalty_kinds: Iterable[str], fine_amount: Decimal | None) -> str:
    """The summary's 行政处罚内容 (SAMR 公示规定 Art.4): the kinds, and the fine in yuan. Also what a
    penalty registered from another case system shows (registration.py)."""
    return "；".join(penalty_kinds) + (f"，罚款{fine_amount}元" if fine_amount else "")


def case_penalty_display(case: Case) -> str:
    """The summary's 行政处罚内容 of a case: with several violations (issue 17), each one's item and
    penalty in order, then the total the decision imposes (行政处罚法 Art.29: 合并处罚), cut to the
    column's 300 characters."""
    total = penalty_display(case.penalty_kinds, case.fine_amount)
    if case.violation_count <= 1:
        return total
    rows = Violation.objects.filter(case=case).select_related("item").order_by("ordinal")
    each = [f"{v.ordinal}.{v.item.name}：{penalty_display(v.penalty_kinds, v.fine_amount)}" for v in rows]
    text = "；".join(each) + f"；合并处罚：{total}"
    return text if len(text) <= 300 else text[:299] + "…"


def _content(case: Case, doc: Document | None, *, as_issued: bool = True) -> dict[str, Any]:
    """What a draft shows of the decision: the text (redacted, with its spans), the party as displayed
    and the penalty."""
    original = _decision_text(case, doc, as_issued=as_issued)
    natural = case.party.kind in (PartyKind.NATURAL_PERSON, PartyKind.INDIVIDUAL_BUSINESS)
    # The party as the summary shows it and the text together: one pseudonym per person in both.
    shown, result = redaction.redact_together_for_case(case, [case.party.name, original])
    return {
        "party_display": shown.text if natural else case.party.name,
        "penalty_display": case_penalty_display(case),
        "original_text": original,
        "redacted_text": result.text,
        "spans": redaction.spans_json(result),
    }


def draft_for_case(*, case_id: int) -> Publication | None:
    """Idempotent: one draft per decision. The draft carries the redacted text, the SAMR summary and
    the deadline; kinds that are never published are recorded as suppressed, with the reason."""
    with transaction.atomic():
        case = Case.objects.select_related("agency", "agency__region", "party", "item").get(pk=case_id)
        if Publication.objects.filter(case=case, previous__isnull=True).exists():
            return None
        doc = Document.objects.filter(case=case, number=case.decision_number).first()
        kind = PublicationKind.PENALTY if case.penalty_kinds else PublicationKind.OTHER
        decided = case.decided_on or case.updated_at.date()
        due = rules.publication_due(kind, decided)
        content = _content(case, doc)
        why_not = rules.never_publish(case)
        pub = Publication.objects.create(
            agency=case.agency,
            case=case,
            document=doc,
            kind=kind,
            decision_number=case.decision_number,
            decided_on=decided,
            title=case.item.name,
            **content,
            region_path=case.agency.region.path,
            status=PublicationStatus.SUPPRESSED if why_not else PublicationStatus.DRAFT,
            suppressed_reason=why_not,
            due_on=due.date,
            provisional_due=due.provisional,
        )
        record(
            event_type="publication.suppressed" if why_not else "publication.drafted",
            subject=pub,
            agency_id=case.agency_id,
            actor=None,
            payload={
                "case_id": case.pk,
                "decision_number": pub.decision_number,
                "due_on": pub.due_on,
                "redactions": len(json.loads(content["spans"])),
                "reason": why_not,
            },
        )
    return pub


def on_decision_revised(entry: JournalEntry) -> None:
    """A decision revoked, confirmed void, changed or confirmed unlawful (行政处罚法 Art.48; SAMR 公示规定
    Art.11): what was published of it is flagged for withdrawal within 3 working days of that day, with
    the case's stated reason; a revoked decision's draft is never published."""
    payload = entry.payload_data
    revision = payload.get("revision") or {}
    reason = f"{revision.get('ground_text', '行政处罚决定已变更')}（{revision.get('authority_text', '')}）"
    if revision.get("reason"):
        reason += f"：{revision['reason']}"
    on = date.fromisoformat(str(payload["on"])) if payload.get("on") else entry.occurred_at.date()
    withdraw_for_case(
        case_id=int(entry.subject.split(":")[1]),
        reason=reason,
        on=on,
        revoked=entry.event_type == "decision.revoked",
        entry=entry,
    )


def withdraw_for_case(
    *, case_id: int, reason: str, on: date, revoked: bool, entry: JournalEntry | None = None
) -> Publication | None:
    """Idempotent: the published version of the case's decision gets its withdrawal clock once (a later
    revision keeps the earlier, shorter clock, and its reason); a draft of a revoked decision is
    suppressed instead. The publication names `entry`, the case's revision, as what triggered it."""
    with transaction.atomic():
        # The case's draft and published rows locked together, so that a clerk publishing the draft at
        # this moment is either seen as published (and flagged) or waits and then finds it suppressed.
        rows = list(
            Publication.objects.select_for_update()
            .filter(case_id=case_id, status__in=(PublicationStatus.DRAFT, PublicationStatus.PUBLISHED))
            .order_by("-version", "-id")
        )
        published = next((p for p in rows if p.status == PublicationStatus.PUBLISHED), None)
        if published is None:
            draft = next((p for p in rows if p.status == PublicationStatus.DRAFT), None)
            if draft is None:
                return None
            if revoked:
                return _suppress(draft, case_id=case_id, reason=reason)
            return _redraft(draft, case_id=case_id, reason=reason, entry=entry)
        if published.withdraw_due is not None:
            return None
        return services.flag_for_withdrawal(
            pub=published,
            reason=reason,
            actor=None,
            on=on,
            trigger=entry.event_type if entry else "",
            trigger_entry_id=entry.pk if entry else None,
            triggered_by=entry.actor_label if entry else "",
        )


def _suppress(draft: Publication, *, case_id: int, reason: str) -> Publication:
    """A revoked decision's draft is never published (SAMR 公示规定 Art.11). The caller holds its lock."""
    draft.status, draft.suppressed_reason = PublicationStatus.SUPPRESSED, reason[:300]
    draft.save(update_fields=["status", "suppressed_reason"])
    record(
        event_type="publication.suppressed",
        subject=draft,
        agency_id=draft.agency_id,
        actor=None,
        payload={"case_id": case_id, "decision_number": draft.decision_number, "reason": reason},
    )
    return draft


def _redraft(draft: Publication, *, case_id: int, reason: str, entry: JournalEntry | None) -> Publication:
    """A decision changed before its draft was published (行政处罚法 Art.48; SAMR 公示规定 Art.11): the
    draft is composed again from the case as changed, so that the clerk never publishes the old penalty.
    The clerk's redaction review starts over on the new text. The caller holds the draft's lock.
    Idempotent: a draft already redrafted for this same revision (`entry`) is left as it is."""
    if entry is not None and any(
        e.payload_data.get("trigger_entry") == entry.pk
        for e in JournalEntry.objects.filter(subject=subject_of(draft), event_type="publication.redrafted")
    ):
        return draft
    case = Case.objects.select_related("agency", "party", "item").get(pk=case_id)
    content = _content(case, draft.document, as_issued=False)
    for name, value in content.items():
        setattr(draft, name, value)
    draft.save(update_fields=list(content))
    record(
        event_type="publication.redrafted",
        subject=draft,
        agency_id=draft.agency_id,
        actor=None,
        payload={
            "case_id": case_id,
            "decision_number": draft.decision_number,
            "reason": reason,
            "penalty_display": draft.penalty_display,
            "trigger_entry": entry.pk if entry else None,
        },
    )
    return draft
