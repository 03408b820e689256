"""Evidence writes and the custody record.

- `evidence_metadata_parse` checks capture metadata (legal-rules §11) from either door, the tus
  Upload-Metadata or the plain form, and returns every problem at once in Chinese.
- `evidence_create` stores nothing itself: given a blob already in the store, it writes the Evidence row
  and its `evidence.uploaded` journal entry (with the SHA-256/SM3 attachment) in one transaction.
- `evidence_ingest_file` is the plain form's door (small files): hash, store, create.
- `evidence_open` is the only way to the bytes: it journals `evidence.viewed` or `evidence.downloaded`
  before the caller streams them (DESIGN.md invariant 8; 内蒙古办法 Art.24 access is recorded).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone

from zhifa.accounts.permissions import require_case_worker
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.core.params import parse_id
from zhifa.evidence import blobstore, conf
from zhifa.evidence.blobstore import StoredBlob
from zhifa.evidence.hashing import BLOCK, Hasher
from zhifa.evidence.models import AV_KINDS, Evidence, EvidenceKind
from zhifa.journal.models import JournalEntry
from zhifa.journal.services import Attachment, record
from zhifa.organizations.models import Agency
from zhifa.personnel.models import Officer

# The metadata keys understood from tus Upload-Metadata and from the form (same names in both).
METADATA_KEYS = (
    "filename",
    "kind",
    "case_ref",
    "step",
    "collected_at",
    "collected_place",
    "latitude",
    "longitude",
    "device_id",
    "proves",
    "description",
    "collected_by",
    "supersedes",
)
# A device clock a little ahead of the server's is not an error.
CLOCK_SKEW = timedelta(minutes=10)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_INLINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MULTILINE = frozenset({"proves", "description"})


class MetadataError(DomainError):
    """Invalid capture metadata: `errors` maps each field to its message; the message joins them all."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("；".join(self.errors.values()), field=next(iter(self.errors), None))


@dataclass(frozen=True)
class EvidenceMetadata:
    kind: str
    original_filename: str
    collected_at: datetime
    collected_by: tuple[Officer, ...]
    proves: str
    collected_place: str = ""
    case_ref: str = ""
    step: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    device_id: str = ""
    description: str = ""
    supersedes: Evidence | None = None


def _text(data: Mapping[str, str], key: str, *, limit: int, label: str, errors: dict[str, str]) -> str:
    raw = data.get(key) or ""
    # Multi-line fields keep their line breaks; single-line fields lose every control character.
    value = (_CONTROL_INLINE if key in _MULTILINE else _CONTROL).sub(" ", raw).strip()
    if len(value) > limit:
        errors[key] = f"{label}不能超过 {limit} 字"
    return value


def clean_filename(raw: str) -> str:
    """The last path component, without control characters (a client may send a full path)."""
    name = _CONTROL.sub("", raw.replace("\\", "/").rsplit("/", 1)[-1]).strip()
    return name[-255:] if len(name) > 255 else name


def _kind(raw: str, errors: dict[str, str]) -> str:
    raw = raw.strip()
    by_label = {str(label): value for value, label in EvidenceKind.choices}
    if raw in EvidenceKind.values:
        return raw
    if raw in by_label:
        return by_label[raw]
    choices = "、".join(f"{label}（{value}）" for value, label in EvidenceKind.choices)
    errors["kind"] = f"请选择证据种类：{choices}" if not raw else f"证据种类“{raw}”无效，可选：{choices}"
    return ""


def _step(raw: str, errors: dict[str, str]) -> str:
    """The case step the item records: a step code of a procedure (cases.engine), or empty."""
    from zhifa.evidence.recording import step_codes

    value = raw.strip()
    if value and value not in step_codes():
        errors["step"] = f"执法环节“{value[:40]}”不是办案步骤的代码（如 enforce 查封扣押）"
    return value


def _collected_at(raw: str, now: datetime, errors: dict[str, str]) -> datetime | None:
    raw = raw.strip()
    if not raw:
        errors["collected_at"] = "请填写采集时间（制作时间）"
        return None
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        errors["collected_at"] = (
            f"采集时间“{raw}”格式无效，应为 2025-03-01T14:30:00+08:00 或 2025-03-01 14:30"
        )
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)  # a device's local time, in the platform's time zone
    if value > now + CLOCK_SKEW:
        errors["collected_at"] = "采集时间晚于当前时间，请检查采集设备的时钟"
        return None
    return value


def _coordinate(raw: str, key: str, label: str, bound: int, errors: dict[str, str]) -> Decimal | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        errors[key] = f"{label}“{raw}”不是数字"
        return None
    if not value.is_finite() or not -bound <= value <= bound:
        errors[key] = f"{label}应在 -{bound} 到 {bound} 之间"
        return None
    return value.quantize(Decimal("0.000001"))


def _officers(raw: str, agency: Agency, errors: dict[str, str]) -> tuple[Officer, ...]:
    parts = [p.strip() for p in re.split(r"[,，\s]+", raw) if p.strip()]
    if not parts:
        errors["collected_by"] = "请至少指定一名采集人（制作人）"
        return ()
    bad = [p for p in parts if parse_id(p) is None]  # ids range-checked in one place (core/params.py)
    if bad:
        errors["collected_by"] = f"采集人应为执法人员编号，以逗号分隔：“{'、'.join(bad)}”无效"
        return ()
    ids = list(dict.fromkeys(int(p) for p in parts))
    found = {o.pk: o for o in Officer.objects.filter(pk__in=ids, agency=agency)}
    missing = [str(i) for i in ids if i not in found]
    if missing:
        errors["collected_by"] = f"采集人编号 {'、'.join(missing)} 不是{agency.name}的执法人员"
        return ()
    # Evidence is collected by officers on duty (行政处罚法 Art.42: 执法人员 with enforcement status): one
    # who has retired or left enforcement cannot be named, whichever way the evidence arrives.
    gone = [o.name for o in found.values() if o.status != Officer.Status.ACTIVE]
    if gone:
        errors["collected_by"] = f"{'、'.join(gone)}已不在执法岗位，不能作为采集人"
        return ()
    return tuple(found[i] for i in ids)


def _supersedes(raw: str, agency: Agency, errors: dict[str, str]) -> Evidence | None:
    raw = raw.strip()
    if not raw:
        return None
    old_id = parse_id(raw)
    old = Evidence.objects.filter(pk=old_id, agency=agency).first() if old_id is not None else None
    if old is None:
        errors["supersedes"] = f"要更正的证据“{raw}”不存在或不属于{agency.name}"
        return None
    newer = Evidence.objects.filter(supersedes=old).values_list("pk", flat=True).first()
    if newer is not None:
        errors["supersedes"] = f"证据 {old.pk} 已被证据 {newer} 更正，请更正最新的版本"
        return None
    return old


def evidence_metadata_parse(
    *, agency: Agency, data: Mapping[str, str], now: datetime | None = None
) -> EvidenceMetadata:
    """Check capture metadata against legal-rules §11: 制作方法 (kind), 制作时间 (collected_at),
    制作人 (collected_by), 证明对象 (proves) are required (最高法行政诉讼证据规定 Art.12; 交通运输行政执法
    程序规定 Art.37), and 制作地点 (collected_place) for audio-visual records. Raises MetadataError with
    every problem found."""
    now = now or timezone.now()
    errors: dict[str, str] = {}
    filename = clean_filename(data.get("filename") or data.get("name") or "")
    if not filename:
        errors["filename"] = "请提供文件名"
    kind = _kind(data.get("kind") or "", errors)
    collected_at = _collected_at(data.get("collected_at") or "", now, errors)
    collected_by = _officers(data.get("collected_by") or "", agency, errors)
    proves = _text(data, "proves", limit=2000, label="证明对象", errors=errors)
    if not proves and "proves" not in errors:
        errors["proves"] = "请填写证明对象（该证据用来证明什么）"
    place = _text(data, "collected_place", limit=300, label="采集地点", errors=errors)
    if not place and kind in AV_KINDS and "collected_place" not in errors:
        errors["collected_place"] = "照片、录音、录像须填写采集地点（制作地点）"
    latitude = _coordinate(data.get("latitude") or "", "latitude", "纬度", 90, errors)
    longitude = _coordinate(data.get("longitude") or "", "longitude", "经度", 180, errors)
    if (latitude is None) != (longitude is None) and not {"latitude", "longitude"} & errors.keys():
        errors["latitude"] = "经度和纬度须同时填写"
    case_ref = _text(data, "case_ref", limit=100, label="案件编号", errors=errors)
    device_id = _text(data, "device_id", limit=100, label="采集设备编号", errors=errors)
    step = _step(data.get("step") or "", errors)
    description = _text(data, "description", limit=2000, label="说明", errors=errors)
    supersedes = _supersedes(data.get("supersedes") or "", agency, errors)
    if supersedes is not None and not description:
        errors["description"] = "更正证据须在“说明”中写明更正原因"
    if errors:
        raise MetadataError(errors)
    assert collected_at is not None
    return EvidenceMetadata(
        kind=kind,
        original_filename=filename,
        collected_at=collected_at,
        collected_by=collected_by,
        proves=proves,
        collected_place=place,
        case_ref=case_ref,
        step=step,
        latitude=latitude,
        longitude=longitude,
        device_id=device_id,
        description=description,
        supersedes=supersedes,
    )


UPLOAD = "上传证据"


def require_uploader(*, actor: Any) -> Agency:
    """Evidence belongs to an agency and to its cases: only the agency's officers and heads bring it in
    (accounts.permissions; a supervisor reads, a clerk or a reviewer handles no case)."""
    agency = getattr(actor, "agency", None)
    if actor is None or not getattr(actor, "is_authenticated", False) or not isinstance(agency, Agency):
        raise PermissionDenied("只有执法主体的工作人员可以上传证据")
    require_case_worker(actor, action=UPLOAD, agency_id=agency.pk)
    return agency


def evidence_create(
    *,
    agency: Agency,
    metadata: EvidenceMetadata,
    blob: StoredBlob,
    content_type: str,
    actor: Any,
    via: str,
    upload_id: str | None = None,
) -> Evidence:
    """Write the Evidence row for a blob already in the store, with its journal entry, in one transaction.
    A correction also journals `evidence.superseded` on the item it corrects (DESIGN.md invariant 2)."""
    with transaction.atomic():
        old = metadata.supersedes
        try:
            with transaction.atomic():
                evidence = Evidence.objects.create(
                    agency=agency,
                    case_ref=metadata.case_ref,
                    step=metadata.step,
                    kind=metadata.kind,
                    sha256=blob.sha256,
                    sm3=blob.sm3,
                    size=blob.size,
                    content_type=content_type,
                    original_filename=metadata.original_filename,
                    collected_at=metadata.collected_at,
                    collected_place=metadata.collected_place,
                    latitude=metadata.latitude,
                    longitude=metadata.longitude,
                    device_id=metadata.device_id,
                    proves=metadata.proves,
                    description=metadata.description,
                    uploaded_by=actor,
                    uploaded_at=timezone.now(),
                    supersedes=old,
                )
        except IntegrityError as exc:
            # evidence_superseded_once: someone corrected the same item meanwhile.
            raise DomainError("要更正的证据刚刚已被他人更正，请更正最新的版本", field="supersedes") from exc
        evidence.collected_by.set(metadata.collected_by)
        entry = record(
            event_type="evidence.uploaded",
            subject=evidence,
            agency_id=agency.pk,
            actor=actor,
            payload={
                "kind": metadata.kind,
                "case_ref": metadata.case_ref,
                **({"step": metadata.step} if metadata.step else {}),
                "filename": metadata.original_filename,
                "content_type": content_type,
                "collected_at": metadata.collected_at,
                "collected_place": metadata.collected_place,
                "latitude": str(metadata.latitude) if metadata.latitude is not None else None,
                "longitude": str(metadata.longitude) if metadata.longitude is not None else None,
                "device_id": metadata.device_id,
                "collected_by": [{"id": o.pk, "name": o.name} for o in metadata.collected_by],
                "proves": metadata.proves,
                "supersedes": old.pk if old else None,
                "via": via,
                "upload_id": upload_id,
                "blob_reused": not blob.created,
            },
            attachments=[
                Attachment(sha256=blob.sha256, name=metadata.original_filename, sm3=blob.sm3, size=blob.size)
            ],
        )
        evidence.journal_entry_id = entry.pk
        evidence.save(update_fields=["journal_entry_id"])
        if old is not None:
            record(
                event_type="evidence.superseded",
                subject=old,
                agency_id=agency.pk,
                actor=actor,
                payload={"by": evidence.pk, "reason": metadata.description},
            )
    return evidence


def evidence_ingest_file(
    *,
    metadata: EvidenceMetadata,
    content: File,  # type: ignore[type-arg]
    actor: Any,
) -> Evidence:
    """The plain form's door: `content` is a Django UploadedFile (spooled to disk by the upload handler).
    Hash it streaming, store it under its hash, create the row."""
    agency = require_uploader(actor=actor)
    size = content.size or 0
    if size <= 0:
        raise DomainError("文件为空，请重新选择", field="file")
    if size > conf.form_max_bytes():
        raise DomainError(
            f"表单上传的文件不能超过 {conf.human_size(conf.form_max_bytes())}；大文件请用断点续传（tus）接口",
            field="file",
        )
    content.seek(0)
    head = content.read(blobstore.SNIFF_BYTES)
    content.seek(0)
    hasher = Hasher()
    with hasher.feeding():
        for block in content.chunks(BLOCK):
            hasher.update(block)
    content.seek(0)
    blob = blobstore.put(content, hasher.digests())
    return evidence_create(
        agency=agency,
        metadata=metadata,
        blob=blob,
        content_type=blobstore.sniff(head),
        actor=actor,
        via="form",
    )


def evidence_viewed(*, evidence: Evidence, actor: Any, mode: str = "page") -> JournalEntry:
    """Journal a staff read of an evidence item's record page (DESIGN.md invariant 8)."""
    with transaction.atomic():
        return record(
            event_type="evidence.viewed",
            subject=evidence,
            agency_id=evidence.agency_id,
            actor=actor,
            payload={"mode": mode},
        )


def evidence_open(*, evidence: Evidence, actor: Any, download: bool) -> File:  # type: ignore[type-arg]
    """Open the bytes for streaming, after journaling the read: `evidence.downloaded` for a download,
    `evidence.viewed` (mode inline) for viewing in the browser. The entry vouches for the digests served."""
    fh = blobstore.open_blob(evidence.sha256)
    try:
        with transaction.atomic():
            record(
                event_type="evidence.downloaded" if download else "evidence.viewed",
                subject=evidence,
                agency_id=evidence.agency_id,
                actor=actor,
                payload={} if download else {"mode": "inline"},
                attachments=[
                    Attachment(
                        sha256=evidence.sha256,
                        name=evidence.original_filename,
                        sm3=evidence.sm3,
                        size=evidence.size,
                    )
                ],
            )
    except BaseException:
        fh.close()
        raise
    return fh


def evidence_verify(*, evidence: Evidence, actor: Any) -> bool:
    """Hash the stored bytes again and journal the result (`evidence.verified`): an audit of the store."""
    digests = blobstore.verify(evidence.sha256)
    ok = (digests.sha256, digests.sm3, digests.size) == (evidence.sha256, evidence.sm3, evidence.size)
    with transaction.atomic():
        record(
            event_type="evidence.verified",
            subject=evidence,
            agency_id=evidence.agency_id,
            actor=actor,
            payload={"ok": ok, "sha256": digests.sha256, "sm3": digests.sm3, "size": digests.size},
        )
    return ok
