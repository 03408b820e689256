"""Complaint writes (投诉举报): intake from the portal, and each handling step, journaled in the step's
transaction (keyword-only, atomic; a refused step leaves nothing written).

    received ──accept──▶ accepted ──route──▶ routed ──answer──▶ answered
        └──refuse──▶ refused                  (route again while open; convert while accepted/routed)

Who may do what (checked here, so the workbench and anything later meet the same rules):
- accept, refuse, route, convert into a supervision matter: a supervisor (监督人员) of a region containing
  the complaint's — the supervising body takes complaints from every channel (条例 第六条);
- answer: the agency it was routed to (its officers and heads), or the supervisors when the supervising
  body kept it; a supervisor does not answer in an agency's place (条例 第八条: 不得以监督代替行政执法);
- convert into a case lead: the agency it was routed to, whose case it would be;
- read the complainant's name and phone, open an attachment: those handling it (the region's supervisors,
  the officers and heads of the agency it was routed to), each read journaled (DESIGN.md invariant 8).

No journal payload carries the complainant's name, phone or the complaint's text: the journal is kept
forever and read widely by staff; the content and the answer are vouched for by their SHA-256."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone

from zhifa.accounts.models import Role
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.evidence import blobstore
from zhifa.evidence.conf import human_size
from zhifa.evidence.hashing import BLOCK, Hasher
from zhifa.journal.services import Attachment, record
from zhifa.lib.identifiers import check_phone
from zhifa.organizations.models import Agency, Region
from zhifa.supervision import conf, rules
from zhifa.supervision.models import (
    OPEN_STATUSES,
    Complaint,
    ComplaintAttachment,
    ComplaintConversion,
    ComplaintSequence,
    ComplaintStatus,
    ComplaintSubject,
    ConversionKind,
)
from zhifa.supervision.querycode import hash_query_code, new_query_code

CONTENT_MAX = 5000
ANSWER_MAX = 5000
REASON_MAX = 1000
NAME_MAX = 50
HANDLERS = frozenset({Role.OFFICER.value, Role.AGENCY_HEAD.value})


@dataclass(frozen=True)
class Submitted:
    complaint: Complaint
    query_code: str  # shown once on the receipt page, stored only hashed
    attachments: int = 0


@dataclass(frozen=True)
class _Checked:
    upload: File  # type: ignore[type-arg]
    filename: str
    content_type: str


# --- intake ------------------------------------------------------------------------------------------


def _clean_text(value: str, *, limit: int, label: str, field: str, required: bool) -> str:
    text = (value or "").replace("\r\n", "\n").strip()
    if required and not text:
        raise DomainError(f"请填写{label}", field=field)
    if len(text) > limit:
        raise DomainError(f"{label}不能超过 {limit} 字（现有 {len(text)} 字）", field=field)
    return text


def _check_attachments(files: Sequence[File]) -> list[_Checked]:  # type: ignore[type-arg]
    """Every file is checked before any is stored: count, size, sniffed type (never the client's)."""
    if len(files) > conf.attachment_max_count():
        raise DomainError(
            f"附件最多 {conf.attachment_max_count()} 个（收到 {len(files)} 个），请删减后重新选择",
            field="attachments",
        )
    checked = []
    limit, allowed = conf.attachment_max_bytes(), conf.attachment_types()
    for upload in files:
        name = blobstore_filename(getattr(upload, "name", "") or "附件")
        size = upload.size or 0
        if size <= 0:
            raise DomainError(f"附件“{name}”是空文件，请重新选择", field="attachments")
        if size > limit:
            raise DomainError(
                f"附件“{name}”大小为 {human_size(size)}，超过上限（每个附件不超过 {human_size(limit)}）；"
                "请压缩或拍摄较小的照片后重新选择",
                field="attachments",
            )
        upload.seek(0)
        head = upload.read(blobstore.SNIFF_BYTES)
        upload.seek(0)
        content_type = blobstore.sniff(head if isinstance(head, bytes) else head.encode())
        if content_type not in allowed:
            raise DomainError(
                f"附件“{name}”的文件类型不被接受（识别为 {content_type}）；只接受 {conf.type_labels()} 格式的"
                "图片或文件",
                field="attachments",
            )
        checked.append(_Checked(upload, name, content_type))
    return checked


def blobstore_filename(raw: str) -> str:
    """The name to keep and show: its last path part, no control characters, at most 255 characters."""
    name = raw.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return (name or "附件")[:255]


def attachment_fields(item: _Checked, blob: blobstore.StoredBlob) -> dict[str, Any]:
    """What an attachment row keeps of a stored file (a complaint's, a rectification report's): its
    digests and size from the blob store, its sniffed type and the name it was sent under."""
    return {
        "sha256": blob.sha256,
        "sm3": blob.sm3,
        "size": blob.size,
        "content_type": item.content_type,
        "original_filename": item.filename,
    }


def _store(item: _Checked) -> blobstore.StoredBlob:
    hasher = Hasher()
    with hasher.feeding():
        for block in item.upload.chunks(BLOCK):
            hasher.update(block)
    item.upload.seek(0)
    return blobstore.put(item.upload, hasher.digests())


def _next_receipt_number(region: Region, year: int) -> str:
    """TS-<region code>-<year>-<serial>: one series per region and year (the region code keeps numbers
    of two regions on one platform apart), the serial taken under the row lock of one UPDATE …
    RETURNING, held until the intake commits (a rollback gives the number back: no gap)."""
    conn = transaction.get_connection()
    q = conn.ops.quote_name
    sql = (
        f"UPDATE {q(ComplaintSequence._meta.db_table)} SET {q('last')} = {q('last')} + 1 "
        f"WHERE {q('region_id')} = %s AND {q('year')} = %s RETURNING {q('last')}"
    )
    for _ in range(3):
        with conn.cursor() as c:
            c.execute(sql, [region.pk, year])
            row = c.fetchone()
        if row is not None:
            return f"TS-{region.code}-{year}-{int(row[0]):06d}"
        try:
            with transaction.atomic():
                ComplaintSequence.objects.create(region=region, year=year, last=0)
        except IntegrityError:
            pass  # created concurrently: take it on the next round
    raise RuntimeError("could not allocate a complaint receipt number")


def complaint_submit(
    *,
    region: Region | None,
    agency_concerned: Agency | None,
    subject_kind: str,
    content: str,
    complainant_name: str = "",
    complainant_phone: str = "",
    attachments: Sequence[File] = (),  # type: ignore[type-arg]
    form_nonce: str,
    now: datetime | None = None,
) -> Submitted:
    """Take a complaint from the portal (no login). Everything is checked before anything is written;
    the attachments go to the blob store under their hash (a file stored for an intake that then fails
    is an unreferenced blob, never a half-written complaint)."""
    now = now or timezone.now()
    if agency_concerned is not None:
        if not agency_concerned.active:
            raise DomainError("所选执法主体已撤销，请重新选择或选择“不清楚”", field="agency")
        region = agency_concerned.region
    if region is None:
        raise DomainError("请选择被投诉举报的执法主体；不清楚的，请选择事发地区", field="region")
    if subject_kind not in ComplaintSubject.values:
        raise DomainError("请选择投诉举报的事项类别", field="subject_kind")
    content = _clean_text(content, limit=CONTENT_MAX, label="投诉举报内容", field="content", required=True)
    name = _clean_text(
        complainant_name, limit=NAME_MAX, label="姓名", field="complainant_name", required=False
    )
    phone = (complainant_phone or "").strip()
    if phone:
        checked_phone = check_phone(phone)
        if not checked_phone.ok:
            raise DomainError(checked_phone.error or "电话号码格式错误", field="complainant_phone")
        phone = checked_phone.normalized or phone
    if not form_nonce:
        raise DomainError("表单校验码无效，请刷新页面后重新提交", field="token")
    files = _check_attachments(attachments)
    reused = "该表单已经提交过，请勿重复提交。如需再次投诉举报，请重新打开投诉举报页面。"
    if Complaint.objects.filter(form_nonce=form_nonce).exists():
        raise DomainError(reused, field="token")
    stored = [(item, _store(item)) for item in files]
    code = new_query_code()
    received_on = timezone.localdate(now)
    try:
        with transaction.atomic():
            number = _next_receipt_number(region, received_on.year)
            due_on, provisional = rules.due(received_on, rules.accept_days(region, agency_concerned))
            complaint = Complaint.objects.create(
                receipt_number=number,
                region=region,
                agency_concerned=agency_concerned,
                subject_kind=subject_kind,
                content=content,
                complainant_name=name,
                complainant_phone=phone,
                query_code_hash=hash_query_code(code),
                form_nonce=form_nonce,
                received_at=now,
                received_on=received_on,
                accept_due_on=due_on,
                accept_due_provisional=provisional,
                due_on=due_on,
            )
            rows = {
                blob.sha256: ComplaintAttachment(complaint=complaint, **attachment_fields(item, blob))
                for item, blob in stored
            }
            ComplaintAttachment.objects.bulk_create(rows.values())
            record(
                event_type="complaint.received",
                subject=complaint,
                agency_id=None,
                actor=None,
                occurred_at=now,
                payload={
                    "receipt_number": number,
                    "region": region.code,
                    "subject_kind": subject_kind,
                    "agency_concerned": agency_concerned.pk if agency_concerned else None,
                    "anonymous": not (name or phone),
                    "content_sha256": hashlib.sha256(content.encode()).hexdigest(),
                    "attachments": len(rows),
                    "accept_due_on": due_on,
                    "provisional": provisional,
                },
                attachments=[
                    Attachment(sha256=a.sha256, name=a.original_filename, sm3=a.sm3, size=a.size)
                    for a in rows.values()
                ],
            )
    except IntegrityError as exc:
        # complaint.form_nonce: the same form posted twice at once; the second meets the constraint.
        raise DomainError(reused, field="token") from exc
    return Submitted(complaint, code, len(rows))


# --- permissions -------------------------------------------------------------------------------------


def is_region_supervisor(actor: Any, complaint: Complaint) -> bool:
    region = getattr(actor, "region", None)
    return (
        getattr(actor, "role", None) == Role.SUPERVISOR
        and isinstance(region, Region)
        and complaint.region.path.startswith(region.path)
    )


def is_routed_agency_handler(actor: Any, complaint: Complaint) -> bool:
    return (
        getattr(actor, "role", None) in HANDLERS
        and complaint.routed_to_id is not None
        and getattr(actor, "agency_id", None) == complaint.routed_to_id
    )


def may_read_identity(actor: Any, complaint: Complaint) -> bool:
    """Those handling it: the region's supervisors, and the officers and heads of the agency it was
    routed to. Not an administrator, not an agency it was not routed to."""
    return is_region_supervisor(actor, complaint) or is_routed_agency_handler(actor, complaint)


def may_answer(actor: Any, complaint: Complaint) -> bool:
    if complaint.routed_to_supervision:
        return is_region_supervisor(actor, complaint) or is_routed_agency_handler(actor, complaint)
    return is_routed_agency_handler(actor, complaint)


def _require_supervisor(actor: Any, complaint: Complaint, action: str) -> None:
    if not is_region_supervisor(actor, complaint):
        raise PermissionDenied(f"只有本区域的行政执法监督人员可以{action}（《行政执法监督条例》第六条）")


def _require_open(complaint: Complaint, action: str, allowed: Sequence[str]) -> None:
    if complaint.status in allowed:
        return
    label = ComplaintStatus(complaint.status).label
    if complaint.status in OPEN_STATUSES:
        raise DomainError(f"投诉举报{complaint.receipt_number}当前状态为“{label}”，不能{action}")
    raise DomainError(f"投诉举报{complaint.receipt_number}已办结（{label}），不能再{action}")


def _locked(complaint: Complaint) -> Complaint:
    # of=self: PostgreSQL locks no row on the nullable side of an outer join (routed_to).
    return (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("region", "routed_to")
        .get(pk=complaint.pk)
    )


def _late(on: date, due_on: date | None) -> bool:
    return due_on is not None and on > due_on


# --- handling steps ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RouteTarget:
    """Where a complaint goes: an agency, or the supervising body (`agency` None: the one registered over
    the complaint's region, if any; else the region's supervisors keep it)."""

    agency: Agency | None = None


def supervising_body_for(region: Region) -> Agency | None:
    """The 行政执法监督机构 over `region` (条例 第六条: the 司法行政部门 of the government): the nearest
    registered supervising body at or above it, or None when none is registered."""
    bodies = Agency.objects.filter(is_supervising_body=True, active=True).select_related("region")
    found = [b for b in bodies if region.path.startswith(b.region.path)]
    return max(found, key=lambda b: len(b.region.path)) if found else None


def complaint_accept(
    *, complaint: Complaint, actor: Any, route: RouteTarget | None = None, on: date | None = None
) -> Complaint:
    """Accept within the acceptance period (总局令第20号 第十四条: 7 working days by default); the answer
    clock starts (rules.complaint_answer_days). With `route`, routed in the same step."""
    on = on or timezone.localdate()
    with transaction.atomic():
        complaint = _locked(complaint)
        _require_supervisor(actor, complaint, "受理投诉举报")
        _require_open(complaint, "受理", [ComplaintStatus.RECEIVED])
        if on < complaint.received_on:
            raise DomainError("受理日期不能早于收到日期", field="on")
        due_on, provisional = rules.due(on, rules.answer_days(complaint.region, complaint.agency_concerned))
        late = _late(on, complaint.accept_due_on)
        complaint.status = ComplaintStatus.ACCEPTED
        complaint.decided_on, complaint.decided_by = on, actor
        complaint.answer_due_on, complaint.answer_due_provisional = due_on, provisional
        complaint.due_on = due_on
        complaint.save()
        record(
            event_type="complaint.accepted",
            subject=complaint,
            agency_id=complaint.routed_to_id,
            actor=actor,
            payload={
                "receipt_number": complaint.receipt_number,
                "on": on,
                "accept_due_on": complaint.accept_due_on,
                "late": late,
                "answer_due_on": due_on,
                "provisional": provisional,
                "rule": rules.ORDER_20_ART_14,
            },
        )
        if route is not None:
            complaint = _route(complaint, route, actor, on, reason="")
    return complaint


def complaint_refuse(*, complaint: Complaint, actor: Any, reason: str, on: date | None = None) -> Complaint:
    """Refuse, with the reason the complainant reads on the portal (总局令第20号 第十四条: 告知)."""
    on = on or timezone.localdate()
    reason = _clean_text(reason, limit=REASON_MAX, label="不予受理的理由", field="reason", required=True)
    with transaction.atomic():
        complaint = _locked(complaint)
        _require_supervisor(actor, complaint, "决定不予受理")
        _require_open(complaint, "决定不予受理", [ComplaintStatus.RECEIVED])
        if on < complaint.received_on:
            raise DomainError("决定日期不能早于收到日期", field="on")
        late = _late(on, complaint.accept_due_on)
        complaint.status = ComplaintStatus.REFUSED
        complaint.decided_on, complaint.decided_by = on, actor
        complaint.refuse_reason = reason
        complaint.due_on = None
        complaint.save()
        record(
            event_type="complaint.refused",
            subject=complaint,
            agency_id=complaint.routed_to_id,
            actor=actor,
            payload={
                "receipt_number": complaint.receipt_number,
                "on": on,
                "reason": reason,
                "accept_due_on": complaint.accept_due_on,
                "late": late,
                "rule": rules.ORDER_20_ART_14,
            },
        )
    return complaint


def _route(complaint: Complaint, target: RouteTarget, actor: Any, on: date, *, reason: str) -> Complaint:
    agency_to = target.agency
    to_supervision = agency_to is None or agency_to.is_supervising_body
    if agency_to is None:
        agency_to = supervising_body_for(complaint.region)
    else:
        if not agency_to.active:
            raise DomainError(f"“{agency_to.name}”已撤销，不能转交", field="route")
        supervised = getattr(getattr(actor, "region", None), "path", None)
        if not supervised or not agency_to.region.path.startswith(supervised):
            raise DomainError(f"“{agency_to.name}”不在您监督的区域内，不能转交", field="route")
    previous = complaint.routed_to_id
    complaint.routed_to = agency_to
    complaint.routed_to_supervision = to_supervision
    complaint.routed_on = on
    complaint.status = ComplaintStatus.ROUTED
    complaint.save()
    record(
        event_type="complaint.routed",
        subject=complaint,
        agency_id=complaint.routed_to_id,
        actor=actor,
        payload={
            "receipt_number": complaint.receipt_number,
            "to_agency": agency_to.pk if agency_to else None,
            "to_agency_name": agency_to.name if agency_to else "",
            "to_supervision": to_supervision,
            "previous_agency": previous,
            "reason": reason,
            "on": on,
        },
    )
    return complaint


def complaint_route(
    *, complaint: Complaint, actor: Any, target: RouteTarget, reason: str = "", on: date | None = None
) -> Complaint:
    """Send an accepted complaint to the agency responsible, or keep it with the supervising body when it
    is about an agency's own conduct; a routed one may be sent on again (with a reason) until answered."""
    on = on or timezone.localdate()
    reason = _clean_text(reason, limit=REASON_MAX, label="改派理由", field="reason", required=False)
    with transaction.atomic():
        complaint = _locked(complaint)
        _require_supervisor(actor, complaint, "转交投诉举报")
        _require_open(complaint, "转交", [ComplaintStatus.ACCEPTED, ComplaintStatus.ROUTED])
        if complaint.status == ComplaintStatus.ROUTED and not reason:
            raise DomainError("已转交的投诉举报改派其他机关，须说明理由", field="reason")
        return _route(complaint, target, actor, max(on, complaint.decided_on or on), reason=reason)


def complaint_answer(*, complaint: Complaint, actor: Any, answer: str, on: date | None = None) -> Complaint:
    """The handling agency's answer, which the complainant reads on the portal with the receipt number
    and the query code; the complaint is closed."""
    on = on or timezone.localdate()
    answer = _clean_text(answer, limit=ANSWER_MAX, label="答复内容", field="answer", required=True)
    with transaction.atomic():
        complaint = _locked(complaint)
        _require_open(complaint, "答复", [ComplaintStatus.ROUTED])
        if not may_answer(actor, complaint):
            if complaint.routed_to_supervision:
                raise PermissionDenied("该投诉举报由监督机构办理，只有本区域的监督人员可以答复")
            name = complaint.routed_to.name if complaint.routed_to else "承办机关"
            raise PermissionDenied(
                f"该投诉举报已转交“{name}”办理，由该机关的执法人员或负责人答复；监督机构不代替执法机关"
                "作出答复（《行政执法监督条例》第八条）"
            )
        if complaint.routed_on and on < complaint.routed_on:
            raise DomainError("答复日期不能早于转交日期", field="on")
        late = _late(on, complaint.answer_due_on)
        complaint.status = ComplaintStatus.ANSWERED
        complaint.answer, complaint.answered_on, complaint.answered_by = answer, on, actor
        complaint.due_on = None
        complaint.save()
        record(
            event_type="complaint.answered",
            subject=complaint,
            agency_id=complaint.routed_to_id,
            actor=actor,
            payload={
                "receipt_number": complaint.receipt_number,
                "on": on,
                "answer_due_on": complaint.answer_due_on,
                "late": late,
                "answer_sha256": hashlib.sha256(answer.encode()).hexdigest(),
                "rule": rules.ORDER_20_ART_21,
            },
        )
    return complaint


def complaint_convert(
    *, complaint: Complaint, actor: Any, kind: str, note: str, on: date | None = None
) -> ComplaintConversion:
    """Record that the complaint becomes a case lead (the routed agency's) or a supervision matter (the
    supervisors'): `complaint.converted` is the event the cases app (or the matters) may subscribe to;
    this app imports neither. The complaint itself still gets its answer."""
    on = on or timezone.localdate()
    if kind not in ConversionKind.values:
        raise DomainError("请选择转为案件线索或监督事项", field="kind")
    note = _clean_text(note, limit=REASON_MAX, label="线索或事项摘要", field="note", required=True)
    with transaction.atomic():
        complaint = _locked(complaint)
        label = ConversionKind(kind).label
        _require_open(complaint, label, [ComplaintStatus.ACCEPTED, ComplaintStatus.ROUTED])
        agency: Agency | None
        if kind == ConversionKind.CASE_LEAD:
            if complaint.routed_to is None or complaint.routed_to_supervision:
                raise DomainError("转为案件线索前，请先将投诉举报转交有管辖权的执法机关", field="kind")
            if not is_routed_agency_handler(actor, complaint):
                raise PermissionDenied(
                    f"只有承办机关“{complaint.routed_to.name}”的执法人员或负责人可以将其转为案件线索"
                )
            agency = complaint.routed_to
        else:
            _require_supervisor(actor, complaint, "将投诉举报转为监督事项")
            agency = (
                complaint.routed_to if not complaint.routed_to_supervision else complaint.agency_concerned
            )
        if ComplaintConversion.objects.filter(complaint=complaint, kind=kind).exists():
            raise DomainError(f"该投诉举报已{label}，不能重复转办", field="kind")
        conversion = ComplaintConversion.objects.create(
            complaint=complaint, kind=kind, agency=agency, note=note, converted_on=on, converted_by=actor
        )
        record(
            event_type="complaint.converted",
            subject=complaint,
            agency_id=complaint.routed_to_id,
            actor=actor,
            payload={
                "receipt_number": complaint.receipt_number,
                "kind": kind,
                "agency_id": agency.pk if agency else None,
                "agency_concerned": complaint.agency_concerned_id,
                "region": complaint.region.code,
                "subject_kind": complaint.subject_kind,
                "note": note,
                "on": on,
            },
        )
    return conversion


@dataclass(frozen=True)
class Identity:
    name: str
    phone: str

    @property
    def anonymous(self) -> bool:
        return not (self.name or self.phone)


def complaint_identity_read(*, complaint: Complaint, actor: Any) -> Identity:
    """The complainant's name and phone for one who handles it, after an explicit request; the read is
    journaled first (DESIGN.md invariant 8), and nothing of the identity goes into the entry."""
    if not may_read_identity(actor, complaint):
        raise PermissionDenied("只有办理该投诉举报的监督人员或承办机关的执法人员、负责人可以查看举报人信息")
    with transaction.atomic():
        record(
            event_type="complaint.identity_read",
            subject=complaint,
            agency_id=complaint.routed_to_id,
            actor=actor,
            payload={"receipt_number": complaint.receipt_number, "anonymous": complaint.anonymous},
        )
    return Identity(complaint.complainant_name, complaint.complainant_phone)


def complaint_attachment_open(*, attachment: ComplaintAttachment, actor: Any) -> File:  # type: ignore[type-arg]
    """Open an attachment's bytes for one who handles the complaint, after journaling the read."""
    complaint = attachment.complaint
    if not may_read_identity(actor, complaint):
        raise PermissionDenied("只有办理该投诉举报的人员可以查看附件")
    fh = blobstore.open_blob(attachment.sha256)
    try:
        with transaction.atomic():
            record(
                event_type="complaint.attachment_read",
                subject=complaint,
                agency_id=complaint.routed_to_id,
                actor=actor,
                payload={
                    "receipt_number": complaint.receipt_number,
                    "filename": attachment.original_filename,
                },
                attachments=[
                    Attachment(
                        sha256=attachment.sha256,
                        name=attachment.original_filename,
                        sm3=attachment.sm3,
                        size=attachment.size,
                    )
                ],
            )
    except BaseException:
        fh.close()
        raise
    return fh


# --- the daily job ----------------------------------------------------------------------------------


def complaint_deadlines_fill() -> int:
    """Compute the clocks left empty because their period ran into a year whose calendar was not loaded;
    returns how many were filled (the others wait for the next run)."""
    filled = 0
    pending = Complaint.objects.filter(status__in=OPEN_STATUSES, due_on__isnull=True).select_related(
        "region", "agency_concerned"
    )
    for c in pending:
        with transaction.atomic():
            c = (
                Complaint.objects.select_for_update(of=("self",))
                .select_related("region", "agency_concerned")
                .get(pk=c.pk)
            )
            if c.status == ComplaintStatus.RECEIVED and c.accept_due_on is None:
                due_on, prov = rules.due(c.received_on, rules.accept_days(c.region, c.agency_concerned))
                c.accept_due_on, c.accept_due_provisional = due_on, prov
            elif c.status != ComplaintStatus.RECEIVED and c.answer_due_on is None and c.decided_on:
                due_on, prov = rules.due(c.decided_on, rules.answer_days(c.region, c.agency_concerned))
                c.answer_due_on, c.answer_due_provisional = due_on, prov
            else:
                continue
            if due_on is None:
                continue
            c.due_on = due_on
            c.save(
                update_fields=[
                    "accept_due_on",
                    "accept_due_provisional",
                    "answer_due_on",
                    "answer_due_provisional",
                    "due_on",
                ]
            )
            filled += 1
    return filled
