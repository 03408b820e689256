"""Evidence over REST: the list (by case, by kind, by date of collection), an item's metadata and its chain
of custody, and the caller's uploads in progress — the same selectors and services as the workbench, the
same scope. The bytes themselves travel by tus (resumable, evidence/tus.py), described in the OpenAPI
document by `TUS_PATHS` (it is not a django-ninja operation: it speaks tus headers, not JSON)."""

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.http import FileResponse, HttpRequest
from django.urls import reverse
from ninja import Router, Schema
from ninja.pagination import paginate

from zhifa.cases import selectors as case_selectors
from zhifa.core.api import ERRORS, Paging, scope_of
from zhifa.core.params import Day, Id
from zhifa.evidence import casefile, selectors, services
from zhifa.evidence.models import Evidence, EvidenceKind, Upload
from zhifa.evidence.views import EVENT_LABELS
from zhifa.journal.models import JournalEntry

router = Router(tags=["证据"])


class EvidenceOut(Schema):
    id: int
    agency_id: int
    case_ref: str
    step: str  # the case step a recording records (音像记录事项清单; evidence.recording)
    kind: str
    kind_label: str
    sha256: str
    sm3: str
    size: int
    content_type: str
    original_filename: str
    collected_at: datetime
    collected_place: str
    latitude: Decimal | None
    longitude: Decimal | None
    device_id: str
    collected_by: list[str]
    proves: str
    description: str
    uploaded_by: str | None
    uploaded_at: datetime
    supersedes_id: int | None
    download_url: str

    @staticmethod
    def resolve_kind_label(obj: Evidence) -> str:
        return EvidenceKind(obj.kind).label

    @staticmethod
    def resolve_collected_by(obj: Evidence) -> list[str]:
        return [o.name for o in obj.collected_by.all()]

    @staticmethod
    def resolve_uploaded_by(obj: Evidence) -> str | None:
        return str(obj.uploaded_by) if obj.uploaded_by_id else None

    @staticmethod
    def resolve_download_url(obj: Evidence) -> str:
        return reverse("evidence:download", args=[obj.pk])


class EvidenceDetailOut(EvidenceOut):
    corrected_by: list[int]

    @staticmethod
    def resolve_corrected_by(obj: Evidence) -> list[int]:
        return [e.pk for e in obj.superseded_by.all()]


class CustodyOut(Schema):
    """One journal entry about the item: upload, views, downloads, corrections, integrity checks."""

    entry_id: int
    event_type: str
    label: str
    actor: str
    occurred_at: datetime
    recorded_at: datetime

    @staticmethod
    def resolve_entry_id(obj: JournalEntry) -> int:
        return obj.pk

    @staticmethod
    def resolve_label(obj: JournalEntry) -> str:
        return EVENT_LABELS.get(obj.event_type, obj.event_type)

    @staticmethod
    def resolve_actor(obj: JournalEntry) -> str:
        return obj.actor_label


class UploadOut(Schema):
    id: str
    url: str
    length: int | None
    offset: int
    expires_at: datetime
    filename: str

    @staticmethod
    def resolve_id(obj: Upload) -> str:
        return str(obj.pk)

    @staticmethod
    def resolve_url(obj: Upload) -> str:
        return reverse("evidence:tus_upload", args=[obj.pk])

    @staticmethod
    def resolve_filename(obj: Upload) -> str:
        return str(obj.metadata.get("filename", "")) if isinstance(obj.metadata, dict) else ""


@router.get("/evidence", response={200: list[EvidenceOut], **ERRORS}, summary="证据列表")
@paginate(Paging)
def list_evidence(
    request: HttpRequest,
    kind: str = "",
    case_ref: str = "",
    collected_from: Day | None = None,
    collected_to: Day | None = None,
) -> Any:
    return selectors.evidence_list(
        scope=scope_of(request),
        kind=kind if kind in EvidenceKind.values else "",
        case_ref=case_ref.strip(),
        collected_from=collected_from,
        collected_to=collected_to,
    )


@router.get(
    "/evidence/uploads",
    response={200: list[UploadOut], **ERRORS},
    summary="我的未完成上传（tus，可续传）",
)
def my_uploads(request: HttpRequest) -> Any:
    return list(selectors.uploads_in_progress(scope=scope_of(request), user=request.user)[:200])


@router.get("/cases/{case_id}/evidence", response={200: list[EvidenceOut], **ERRORS}, summary="案件的证据")
@paginate(Paging)
def case_evidence(request: HttpRequest, case_id: Id) -> Any:
    scope = scope_of(request)
    case = case_selectors.case_get(scope=scope, case_id=case_id)
    return selectors.evidence_of_case(scope=scope, case=case)


@router.get(
    "/cases/{case_id}/case-file",
    response=ERRORS,
    summary="电子卷宗（ZIP）",
    description="一案一卷的电子卷宗：manifest.json、卷内目录（index.pdf）、文书 PDF 及其内容、"
    "证据原件或引用、办案记录及其默克尔包含证明和签名检查点；布局见 docs/case-file.md，"
    "可用 tools/verify_case_file.py 离线核验。"
    "仅限本案执法主体的执法人员、负责人及辖区监督人员；每次下载记入执法全过程记录。",
    openapi_extra={
        "responses": {
            200: {
                "description": "电子卷宗 ZIP",
                "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def case_file(request: HttpRequest, case_id: Id) -> FileResponse:
    case = case_selectors.case_get(scope=scope_of(request), case_id=case_id)
    package = casefile.download(case=case, actor=request.user)
    response = FileResponse(
        package.file, as_attachment=True, filename=package.filename, content_type="application/zip"
    )
    response["Content-Length"] = str(package.size)
    response["Cache-Control"] = "private, no-store"
    return response


@router.get("/evidence/{evidence_id}", response={200: EvidenceDetailOut, **ERRORS}, summary="证据元数据")
def get_evidence(request: HttpRequest, evidence_id: Id) -> Evidence:
    """Reading an item's record is journaled (`evidence.viewed`, mode api), as on the workbench."""
    evidence = selectors.evidence_get(scope=scope_of(request), evidence_id=evidence_id)
    services.evidence_viewed(evidence=evidence, actor=request.user, mode="api")
    return evidence


@router.get(
    "/evidence/{evidence_id}/custody", response={200: list[CustodyOut], **ERRORS}, summary="证据保管链"
)
def custody(request: HttpRequest, evidence_id: Id) -> Any:
    scope = scope_of(request)
    evidence = selectors.evidence_get(scope=scope, evidence_id=evidence_id)
    return list(selectors.custody_history(scope=scope, evidence=evidence))


# --- the tus endpoint, described for the OpenAPI document ----------------------------------------------

_TUS_HEADERS = {
    "Tus-Resumable": {
        "description": "协议版本，固定为 1.0.0",
        "schema": {"type": "string", "enum": ["1.0.0"]},
    },
}
_TUS_ERRORS = {
    "400": {"description": "请求头或元数据不正确（中文说明在正文）"},
    "401": {"description": "未认证：Authorization: Bearer <API 令牌>"},
    "403": {"description": "无权上传证据（角色不符）"},
    "404": {"description": "未找到该上传，或不是本人创建的上传"},
    "410": {"description": "上传已过期或已终止"},
    "412": {"description": "Tus-Resumable 版本不受支持"},
    "413": {"description": "超过 Tus-Max-Size"},
    "423": {"description": "该上传正由另一请求写入，请稍后以 HEAD 查询位置再续传"},
}
_TUS_DOC = (
    "tus 1.0.0 可续传上传（扩展：creation、creation-with-upload、creation-defer-length、checksum、"
    "termination、expiration）。认证用 `Authorization: Bearer <API 令牌>`。元数据（Upload-Metadata，值为 "
    "base64）：filename、kind、case_ref、collected_at、collected_place、latitude、longitude、device_id、"
    "proves、description、collected_by、supersedes。上传完成后即成为一件证据，"
    "其编号在响应头 X-Zhifa-Evidence-Id。"
)


def _header(name: str, description: str, *, required: bool = False) -> dict[str, Any]:
    return {
        "name": name,
        "in": "header",
        "required": required,
        "description": description,
        "schema": {"type": "string"},
    }


def tus_paths() -> dict[str, Any]:
    """OpenAPI path items for evidence/tus/ (creation) and evidence/tus/{upload_id} (HEAD, PATCH,
    DELETE), merged into /api/v1/openapi.json by zhifa.api."""
    tus = "/" + reverse("evidence:tus").lstrip("/")
    resumable = _header("Tus-Resumable", "1.0.0", required=True)
    upload_id = {
        "name": "upload_id",
        "in": "path",
        "required": True,
        "schema": {"type": "string", "format": "uuid"},
    }
    tag = ["证据"]
    return {
        tus: {
            "post": {
                "tags": tag,
                "summary": "创建可续传上传（tus creation）",
                "description": _TUS_DOC,
                "operationId": "evidence_tus_create",
                "parameters": [
                    resumable,
                    _header("Upload-Length", "文件总字节数（或 Upload-Defer-Length: 1）"),
                    _header("Upload-Defer-Length", "1：稍后再告知总长度"),
                    _header("Upload-Metadata", "逗号分隔的 键 base64值"),
                ],
                "responses": {
                    "201": {
                        "description": "已创建；Location 为该上传的地址（此后对它 HEAD/PATCH）",
                        "headers": {"Location": {"schema": {"type": "string"}}, **_TUS_HEADERS},
                    },
                    **_TUS_ERRORS,
                },
            },
        },
        tus + "{upload_id}": {
            "head": {
                "tags": tag,
                "summary": "查询已接收的字节数（tus HEAD）",
                "operationId": "evidence_tus_offset",
                "parameters": [resumable, upload_id],
                "responses": {
                    "200": {
                        "description": "Upload-Offset：已落盘的字节数；续传从此处开始",
                        "headers": {"Upload-Offset": {"schema": {"type": "integer"}}, **_TUS_HEADERS},
                    },
                    **_TUS_ERRORS,
                },
            },
            "patch": {
                "tags": tag,
                "summary": "追加数据（tus PATCH）",
                "operationId": "evidence_tus_append",
                "parameters": [
                    resumable,
                    upload_id,
                    _header(
                        "Upload-Offset", "本次数据的起始位置，须等于 HEAD 返回的 Upload-Offset", required=True
                    ),
                    _header("Upload-Checksum", "可选：sha1 / sha256 / sm3 及其 base64 摘要"),
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/offset+octet-stream": {"schema": {"type": "string", "format": "binary"}}
                    },
                },
                "responses": {
                    "204": {
                        "description": (
                            "已写入；Upload-Offset 为新的位置。"
                            "最后一块写入后，响应头 X-Zhifa-Evidence-Id 为证据编号"
                        ),
                        "headers": {"Upload-Offset": {"schema": {"type": "integer"}}, **_TUS_HEADERS},
                    },
                    "409": {"description": "Upload-Offset 与服务器记录不符"},
                    "415": {"description": "Content-Type 须为 application/offset+octet-stream"},
                    "460": {"description": "校验和不符，本次数据已丢弃"},
                    **_TUS_ERRORS,
                },
            },
            "delete": {
                "tags": tag,
                "summary": "终止上传（tus termination）",
                "operationId": "evidence_tus_terminate",
                "parameters": [resumable, upload_id],
                "responses": {"204": {"description": "已终止"}, **_TUS_ERRORS},
            },
        },
    }
