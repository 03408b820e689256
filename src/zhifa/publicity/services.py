"""The publicity clerk's work: confidentiality check and approval, publication, withdrawal,
correction, expiry and early stop — each journaled in its transaction."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhifa.accounts.models import Role
from zhifa.cases import rules as regional
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.journal.services import record
from zhifa.lib.chinese_numbers import to_chinese
from zhifa.lib.workdays import months_later
from zhifa.publicity import redaction, review, rules, search
from zhifa.publicity.models import Publication, PublicationStatus

CLERKS = (Role.PUBLICITY_CLERK, Role.ADMINISTRATOR)


def _require_clerk(actor: Any, pub: Publication) -> None:
    if actor is None:
        return  # system jobs (expiry)
    if getattr(actor, "role", None) not in CLERKS:
        raise PermissionDenied("只有公示管理员可以办理公示")
    if getattr(actor, "agency_id", None) not in (None, pub.agency_id):
        raise PermissionDenied("只能办理本机关的公示")


def _locked(pub: Publication) -> Publication:
    return (
        Publication.objects.select_for_update(of=("self",))
        .select_related("case", "case__party", "agency", "agency__region")
        .get(pk=pub.pk)
    )


def public_text(pub: Publication) -> str:
    return "\n".join(
        [
            pub.decision_number,
            pub.title,
            pub.party_display,
            pub.penalty_display,
            pub.agency.name,
            pub.redacted_text,
        ]
    )


def original_viewed(*, pub: Publication, actor: Any) -> None:
    """A staff read of the unredacted text is itself journaled (DESIGN.md invariant 8)."""
    with transaction.atomic():
        record(event_type="publication.original_viewed", subject=pub, agency_id=pub.agency_id, actor=actor)


def adjust_redaction(
    *,
    pub: Publication,
    action: str,
    reason: str,
    actor: Any,
    text: str = "",
    start: int = -1,
    end: int = -1,
    category: str = "",
) -> Publication:
    """The clerk's correction during the confidentiality check (保密审查): ``add`` hides the selected
    text, ``remove`` shows it again — at every place it occurs in the decision, so that a name the
    engine missed is not left in a later paragraph. The selection is the text itself (``text``, as
    selected on the side-by-side page or typed), optionally with the offsets of the occurrence the
    clerk selected (``start``/``end``, code points of the original), which must agree with it.

    The reason is required and goes into ``adjustments`` and the journal (the journal gets the
    positions and the category, never the text: it holds no personal data). Pseudonyms are renumbered
    so that each person keeps one (张某1/张某2), in the text and in the party shown in the summary."""
    if not reason.strip():
        raise DomainError("调整隐去项须说明理由", field="reason")
    if action not in ("add", "remove"):
        raise DomainError("操作应为 add 或 remove")
    with transaction.atomic():
        pub = _locked(pub)
        _require_clerk(actor, pub)
        if pub.status != PublicationStatus.DRAFT:
            raise DomainError("只能在公示前调整隐去项")
        chosen = review.selected_text(pub.original_text, text, start, end)
        if action == "add":
            policy = redaction.policy_for_agency(pub.agency_id)
            category = category or review.guess_category(chosen)
            spans, change = review.hide(pub.span_list, pub.original_text, chosen, category, policy)
        else:
            spans, change = review.show(pub.span_list, chosen)
        review.renumber(spans)
        # The party shown in the summary carries the party's pseudonym as the text now has it.
        party = _party_name(pub)
        if party and pub.party_display != party:
            pub.party_display = next(
                (
                    str(sp["replacement"])
                    for sp in spans
                    if sp["category"] == "person_name" and sp["original"] == party
                ),
                pub.party_display,
            )
        pub.redacted_text = review.render(pub.original_text, spans)
        pub.spans = json.dumps(spans, ensure_ascii=False)
        first = change.occurrences[0]
        adjustments = [
            *pub.adjustment_list,
            {
                "action": action,
                "text": chosen,
                "category": change.category,
                "occurrences": [list(o) for o in change.occurrences],
                "start": first[0],
                "end": first[1],
                "reason": reason.strip(),
                "by": str(actor),
                "at": timezone.now().isoformat(),
            },
        ]
        pub.adjustments = json.dumps(adjustments, ensure_ascii=False)
        pub.save(update_fields=["redacted_text", "spans", "adjustments", "party_display"])
        # The journal holds no personal data: the positions and the category, not the text.
        record(
            event_type="publication.redaction_adjusted",
            subject=pub,
            agency_id=pub.agency_id,
            actor=actor,
            payload={
                "action": action,
                "start": first[0],
                "end": first[1],
                "reason": reason.strip(),
                "category": change.category,
                "occurrences": [list(o) for o in change.occurrences],
            },
        )
    return pub


def _party_name(pub: Publication) -> str:
    if pub.case is not None:
        return pub.case.party.name
    return next((str(p["name"]) for p in pub.person_list if p.get("role", "party") == "party"), "")


def approve_and_publish(*, pub: Publication, actor: Any, on: date | None = None) -> Publication:
    """保密审查 passed: publish now. The public text's SHA-256 goes into the journal entry, so a receipt
    proves what was published when."""
    on = on or timezone.localdate()
    with transaction.atomic():
        pub = _locked(pub)
        _require_clerk(actor, pub)
        if pub.status != PublicationStatus.DRAFT:
            raise DomainError(f"该公示处于“{pub.get_status_display()}”状态，不能公示")
        # A registered penalty (no case here) is held to the same rule from its stored penalty kinds.
        why_not = rules.never_publish(pub.case) if pub.case else rules.warning_only(pub.penalty_kinds)
        if why_not:
            raise DomainError(why_not)
        text = public_text(pub)
        pub.sha256 = hashlib.sha256(text.encode()).hexdigest()
        pub.status = PublicationStatus.PUBLISHED
        pub.approved_by = actor if getattr(actor, "pk", None) else None
        pub.published_on = on
        pub.display_until = rules.display_until(
            pub.case,
            on,
            pub.restriction_until,
            agency=pub.agency,
            facts=rules.PenaltyFacts.of_publication(pub),
        )
        entry = record(
            event_type="publication.published",
            subject=pub,
            agency_id=pub.agency_id,
            actor=actor,
            payload={
                "decision_number": pub.decision_number,
                "version": pub.version,
                "published_on": on,
                "display_until": pub.display_until,
                "due_on": pub.due_on,
                "late": on > pub.due_on,
                "text_sha256": pub.sha256,
            },
        )
        pub.published_entry_id = entry.pk
        pub.save()
        search.index(pub.pk, text)
    return pub


def flag_for_withdrawal(
    *,
    pub: Publication,
    reason: str,
    actor: Any,
    on: date | None = None,
    trigger: str = "",
    trigger_entry_id: int | None = None,
    triggered_by: str = "",
) -> Publication:
    """The decision was changed, revoked, confirmed illegal or void: the 3-working-day clock starts
    (行政处罚法 Art.48; SAMR 公示规定 Art.11). The publication keeps the reason and what triggered it (the
    journal event, its entry, who took that step — or the person flagging it by hand): the clerk's queue
    shows them and the withdrawal states that reason unless the clerk words it anew."""
    if not reason.strip():
        raise DomainError("须说明应撤下的理由", field="reason")
    on = on or timezone.localdate()
    with transaction.atomic():
        pub = _locked(pub)
        if pub.status != PublicationStatus.PUBLISHED:
            raise DomainError("只有已公示的信息需要撤下")
        due = rules.withdraw_due(on)
        pub.withdraw_due = due.date
        pub.withdraw_cause = reason.strip()
        pub.withdraw_flagged_on = on
        pub.withdraw_trigger = trigger
        pub.withdraw_trigger_entry_id = trigger_entry_id
        pub.withdraw_flagged_by = triggered_by or (str(actor) if actor is not None else "")
        pub.save(
            update_fields=[
                "withdraw_due",
                "withdraw_cause",
                "withdraw_flagged_on",
                "withdraw_trigger",
                "withdraw_trigger_entry_id",
                "withdraw_flagged_by",
            ]
        )
        record(
            event_type="publication.withdrawal_due",
            subject=pub,
            agency_id=pub.agency_id,
            actor=actor,
            payload={
                "reason": pub.withdraw_cause,
                "due_on": due.date,
                "trigger": trigger,
                "trigger_entry_id": trigger_entry_id,
                "triggered_by": pub.withdraw_flagged_by,
            },
        )
    return pub


def withdraw(
    *, pub: Publication, reason: str = "", public_notice: bool, actor: Any, on: date | None = None
) -> Publication:
    """Take a published decision off the portal (DESIGN invariant 7: it stays in the journal with its
    reason). Without a reason of the clerk's own, the withdrawal states the reason it was flagged with
    (行政处罚法 Art.48: 公开说明理由); whether the public sees it is the clerk's `public_notice`."""
    on = on or timezone.localdate()
    with transaction.atomic():
        pub = _locked(pub)
        _require_clerk(actor, pub)
        if pub.status != PublicationStatus.PUBLISHED:
            raise DomainError("只有已公示的信息可以撤下")
        reason = reason.strip() or pub.withdraw_cause.strip()
        if not reason:
            raise DomainError("撤下须说明理由", field="reason")
        # A reason the public will read is redacted like the decision was (DESIGN invariant 7): it may be
        # the head's free text naming the party. The journal keeps it as given.
        shown = redaction.redact_for_publication(pub, reason).text if public_notice else reason
        pub.status = PublicationStatus.WITHDRAWN
        pub.withdrawn_on, pub.withdraw_reason, pub.public_notice = on, shown, public_notice
        pub.save(update_fields=["status", "withdrawn_on", "withdraw_reason", "public_notice"])
        search.unindex(pub.pk)
        record(
            event_type="publication.withdrawn",
            subject=pub,
            agency_id=pub.agency_id,
            actor=actor,
            payload={
                "reason": reason,
                **({"public_reason": shown} if shown != reason else {}),
                "public_notice": public_notice,
                "late": bool(pub.withdraw_due and on > pub.withdraw_due),
            },
        )
    return pub


def correct(
    *, pub: Publication, redacted_text: str, reason: str, actor: Any, on: date | None = None
) -> Publication:
    """Inaccurate information is corrected (SAMR 公示规定 Art.12): a new version replaces the old one on
    the portal; the old one stays in the journal."""
    if not reason.strip() or not redacted_text.strip():
        raise DomainError("更正须提供更正后的文本和理由")
    on = on or timezone.localdate()
    with transaction.atomic():
        old = _locked(pub)
        _require_clerk(actor, old)
        if old.status != PublicationStatus.PUBLISHED:
            raise DomainError("只有已公示的信息可以更正")
        old.status = PublicationStatus.SUPERSEDED
        old.save(update_fields=["status"])
        search.unindex(old.pk)
        new = Publication.objects.get(pk=old.pk)
        new.pk = None
        new.previous = old
        new.version = old.version + 1
        # The clerk's text goes through the redaction engine like the first version (SAMR 公示规定 Art.6;
        # DESIGN invariant 7): a correction must not bring back what the confidentiality check removed.
        new.redacted_text = _redacted(old, redacted_text.strip())
        new.status = PublicationStatus.PUBLISHED
        new.published_on = on
        text = public_text(new)
        new.sha256 = hashlib.sha256(text.encode()).hexdigest()
        new.save()
        entry = record(
            event_type="publication.corrected",
            subject=new,
            agency_id=new.agency_id,
            actor=actor,
            payload={
                "previous_id": old.pk,
                "version": new.version,
                "reason": reason.strip(),
                "text_sha256": new.sha256,
            },
        )
        new.published_entry_id = entry.pk
        new.save(update_fields=["published_entry_id"])
        search.index(new.pk, text)
    return new


def _redacted(pub: Publication, text: str) -> str:
    return redaction.redact_for_publication(pub, text).text


def expire_due(*, today: date | None = None) -> int:
    """Daily: items past their display period leave the portal (SAMR 公示规定 Art.13)."""
    today = today or timezone.localdate()
    count = 0
    for pk in list(
        Publication.objects.filter(status=PublicationStatus.PUBLISHED, display_until__lt=today).values_list(
            "pk", flat=True
        )
    ):
        with transaction.atomic():
            pub = Publication.objects.select_for_update().get(pk=pk)
            if pub.status != PublicationStatus.PUBLISHED:
                continue
            pub.status = PublicationStatus.EXPIRED
            pub.save(update_fields=["status"])
            search.unindex(pub.pk)
            record(
                event_type="publication.expired",
                subject=pub,
                agency_id=pub.agency_id,
                actor=None,
                payload={"display_until": pub.display_until},
            )
            count += 1
    return count


EARLY_STOP_CONDITIONS = {
    "obligations_fulfilled": "已经自觉履行行政处罚决定中规定的义务",
    "harm_removed": "已经主动消除危害后果和不良影响",
    "no_repeat": "未因同一类违法行为再次受到行政处罚",
    "not_listed": "未在经营异常名录和严重违法失信名单中",
}


def stop_early(
    *, pub: Publication, conditions: Mapping[str, bool], actor: Any, on: date | None = None
) -> Publication:
    """SAMR 公示规定 Art.14: on application, after the minimum period (3 months here), when all four
    conditions hold; never for the serious penalties it lists."""
    on = on or timezone.localdate()
    with transaction.atomic():
        pub = _locked(pub)
        _require_clerk(actor, pub)
        if pub.status != PublicationStatus.PUBLISHED or pub.published_on is None:
            raise DomainError("只有公示中的信息可以申请提前停止公示")
        if set(rules.PenaltyFacts.of_publication(pub).penalty_kinds) & rules.NEVER_EARLY_STOP:
            raise DomainError("该类处罚不得提前停止公示", rule="市场监督管理行政处罚信息公示规定第十四条")
        minimum = regional.int_value("publicity_early_stop_min_months", pub.agency)
        if on < months_later(pub.published_on, minimum):
            raise DomainError(
                f"公示未满{to_chinese(minimum)}个月，不得申请提前停止公示",
                rule="市场监督管理行政处罚信息公示规定第十四条",
            )
        missing = [label for key, label in EARLY_STOP_CONDITIONS.items() if not conditions.get(key)]
        if missing:
            raise DomainError(
                f"不符合提前停止公示条件：{'；'.join(missing)}",
                rule="市场监督管理行政处罚信息公示规定第十四条",
            )
        pub.status = PublicationStatus.STOPPED
        pub.save(update_fields=["status"])
        search.unindex(pub.pk)
        record(
            event_type="publication.stopped_early",
            subject=pub,
            agency_id=pub.agency_id,
            actor=actor,
            payload={"conditions": dict(conditions)},
        )
    return pub
