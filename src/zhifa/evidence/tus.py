"""tus 1.0.0 resumable upload server for evidence (tus-resumable-upload-protocol, protocol.md @30698e17).

Endpoints (mounted under `evidence/`):

    OPTIONS evidence/tus/          discovery: Tus-Version, Tus-Extension, Tus-Max-Size, Tus-Checksum-Algorithm
    POST    evidence/tus/          creation (+ creation-with-upload, creation-defer-length)
    HEAD    evidence/tus/<uuid>    current Upload-Offset (Cache-Control: no-store)
    PATCH   evidence/tus/<uuid>    append (Content-Type: application/offset+octet-stream), checksum
    DELETE  evidence/tus/<uuid>    termination

Extensions: creation, creation-with-upload, creation-defer-length, checksum (sha1, sha256, sm3; base64
digests as the spec requires, unlike drf-tus, tech-notes §4.3), termination, expiration. Not offered:
concatenation, checksum-trailer. `X-HTTP-Method-Override` is honoured (tus core).

Metadata (Upload-Metadata, values base64): filename, kind (photo|audio|video|document|electronic_data),
case_ref, collected_at (ISO 8601), collected_place, latitude, longitude, device_id, proves, description,
collected_by (officer ids, comma-separated), supersedes (id of the evidence this corrects). They are
validated at creation: a bad value is a 400 with a Chinese message before any byte is sent.

Authentication, and why these views are CSRF-exempt: tus clients (field devices, tus-js-client) cannot
send Django's CSRF token. A request is accepted with either
- `Authorization: Bearer <api token>` (accounts.services.api_token_authenticate) — field devices and other
  systems; a token is not sent by a browser on its own, so there is nothing to forge; or
- the workbench session plus the header `X-Requested-With: XMLHttpRequest` on POST, PATCH and DELETE. A
  cross-site page cannot add a custom header without a CORS preflight, which this server never grants,
  so the header proves the request came from our own pages (OWASP "custom request header" defence).
Failures are 401/403 answers, never a redirect to the login page (a tus client cannot follow one).

Every upload belongs to the user who created it (and that user's agency): another user, even of the same
agency, gets 404. The finished file becomes an Evidence row owned by the agency (uploads.py).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import re
import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from django.views.decorators.csrf import csrf_exempt

from zhifa.accounts.selectors import scope_for
from zhifa.accounts.services import TokenRefused, api_token_user
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.evidence import conf, selectors, uploads
from zhifa.evidence.models import Upload

TUS_VERSION = "1.0.0"
TUS_EXTENSIONS = (
    "creation",
    "creation-with-upload",
    "creation-defer-length",
    "checksum",
    "termination",
    "expiration",
)
OFFSET_CONTENT_TYPE = "application/offset+octet-stream"
UNSAFE = frozenset({"POST", "PATCH", "DELETE"})
EVIDENCE_HEADER = "X-Zhifa-Evidence-Id"
_KEY = re.compile(r"[\x21-\x7e]+")  # printable ASCII, no space (a comma is excluded by the split)
_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="zhifa"'}
_EXPOSE = (
    "Upload-Offset, Upload-Length, Upload-Defer-Length, Upload-Metadata, Upload-Expires, Location, "
    f"Tus-Version, Tus-Resumable, Tus-Extension, Tus-Max-Size, Tus-Checksum-Algorithm, {EVIDENCE_HEADER}"
)


def _response(status: int, message: str = "", headers: dict[str, str] | None = None) -> HttpResponse:
    """Every response but OPTIONS carries Tus-Resumable (tus core); errors explain themselves in Chinese."""
    response = HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    response["Tus-Resumable"] = TUS_VERSION
    response["Access-Control-Expose-Headers"] = _EXPOSE
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _error(exc: DomainError) -> HttpResponse:
    status = getattr(exc, "status", 403 if isinstance(exc, PermissionDenied) else 400)
    return _response(status, exc.message)


def _options() -> HttpResponse:
    """tus core "OPTIONS": discovery, answered without authentication (it reveals only limits)."""
    response = HttpResponse(status=204)
    response["Tus-Version"] = TUS_VERSION
    response["Tus-Extension"] = ",".join(TUS_EXTENSIONS)
    response["Tus-Max-Size"] = str(conf.max_bytes())
    response["Tus-Checksum-Algorithm"] = ",".join(uploads.CHECKSUM_ALGORITHMS)
    return response


def _method(request: HttpRequest) -> str:
    method = (request.method or "").upper()
    override = request.headers.get("X-HTTP-Method-Override", "").strip().upper()
    return override if method == "POST" and override else method


def _precondition(request: HttpRequest) -> HttpResponse | None:
    """tus core: a request without a supported Tus-Resumable gets 412 with Tus-Version."""
    if request.headers.get("Tus-Resumable") != TUS_VERSION:
        return _response(
            412,
            f"请求须带 Tus-Resumable: {TUS_VERSION} 头（本服务器支持的版本）",
            {"Tus-Version": TUS_VERSION},
        )
    return None


def _authenticate(request: HttpRequest, method: str) -> Any:
    """The caller (a User) or an error response; see the module docstring for the CSRF reasoning."""
    auth = request.headers.get("Authorization", "")
    if auth[:7].lower() == "bearer ":
        # The reason (expired on which date, revoked, unknown) reaches the device: a field officer's
        # upload that stops with "无效" alone cannot tell a rotation from a typo.
        try:
            return api_token_user(auth[7:].strip())
        except TokenRefused as exc:
            return _response(401, str(exc), _CHALLENGE)
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return _response(401, "请先登录工作台，或使用接口令牌（Authorization: Bearer …）", _CHALLENGE)
    if method in UNSAFE and request.headers.get("X-Requested-With") != "XMLHttpRequest":
        return _response(403, "使用登录会话上传时，请求须带 X-Requested-With: XMLHttpRequest 头")
    return user


def parse_metadata(header: str) -> dict[str, str]:
    """tus "Creation": `key base64value` pairs, comma-separated; keys unique ASCII; a value may be absent."""
    result: dict[str, str] = {}
    for pair in header.split(","):
        pair = pair.strip()
        if not pair:
            continue
        parts = pair.split(" ")
        if len(parts) > 2 or not _KEY.fullmatch(parts[0]):
            raise DomainError(f"Upload-Metadata 格式无效：“{pair[:50]}”")
        key = parts[0]
        if key in result:
            raise DomainError(f"Upload-Metadata 中的键“{key}”重复")
        try:
            value = base64.b64decode(parts[1], validate=True).decode("utf-8") if len(parts) == 2 else ""
        except (binascii.Error, UnicodeDecodeError) as exc:
            raise DomainError(f"Upload-Metadata 中“{key}”的值不是 UTF-8 文本的 Base64 编码") from exc
        result[key] = value
    return result


def encode_metadata(metadata: dict[str, str]) -> str:
    return ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" if v else k for k, v in metadata.items())


def _int_header(request: HttpRequest, name: str, *, required: bool) -> int | None:
    raw = request.headers.get(name)
    if raw is None:
        if required:
            raise DomainError(f"缺少 {name} 头")
        return None
    if not raw.strip().isdigit():
        raise DomainError(f"{name} 应为非负整数，收到“{raw[:30]}”")
    return int(raw)


def _checksum(request: HttpRequest) -> uploads.Checksum | None:
    """tus "Checksum": `Upload-Checksum: <algorithm> <base64 digest>`; unknown algorithm → 400."""
    raw = request.headers.get("Upload-Checksum")
    if raw is None:
        return None
    parts = raw.strip().split(" ")
    if len(parts) != 2:
        raise DomainError("Upload-Checksum 格式应为“算法 Base64摘要”，例如 sha256 47DEQpj8…")
    algorithm, encoded = parts
    if algorithm not in uploads.CHECKSUM_ALGORITHMS:
        raise DomainError(f"不支持的校验算法“{algorithm}”，可用：{', '.join(uploads.CHECKSUM_ALGORITHMS)}")
    try:
        digest = base64.b64decode(encoded, validate=True)
    except binascii.Error as exc:
        raise DomainError("Upload-Checksum 的摘要不是有效的 Base64") from exc
    return uploads.Checksum(algorithm, digest)


def _content_length(request: HttpRequest) -> int:
    raw = request.META.get("CONTENT_LENGTH") or "0"
    if not str(raw).isdigit():
        raise DomainError("Content-Length 无效")
    return int(raw)


def _state_headers(upload: Upload) -> dict[str, str]:
    headers = {"Upload-Offset": str(upload.offset)}
    if upload.length is None:
        headers["Upload-Defer-Length"] = "1"
    else:
        headers["Upload-Length"] = str(upload.length)
    if upload.completed_at is None:
        # tus "Expiration": RFC 9110 IMF-fixdate.
        headers["Upload-Expires"] = http_date(upload.expires_at.timestamp())
    if upload.evidence_id is not None:
        headers[EVIDENCE_HEADER] = str(upload.evidence_id)
    return headers


def _is_offset_body(request: HttpRequest) -> bool:
    return (request.content_type or "").split(";")[0].strip().lower() == OFFSET_CONTENT_TYPE


def _append(request: HttpRequest, upload: Upload, *, offset: int) -> uploads.AppendResult:
    return uploads.upload_append(
        upload=upload,
        offset=offset,
        body=request,  # WSGIRequest.read(n) streams: request.body/POST are never touched here
        content_length=_content_length(request),
        checksum=_checksum(request),
        declare_length=_int_header(request, "Upload-Length", required=False),
    )


@csrf_exempt
def collection(request: HttpRequest) -> HttpResponse:
    """`evidence/tus/`: OPTIONS and POST (tus "Creation")."""
    method = _method(request)
    if method == "OPTIONS":
        return _options()
    if method != "POST":
        return _response(405, "此地址只接受 POST（创建上传）和 OPTIONS", {"Allow": "POST, OPTIONS"})
    if (refused := _precondition(request)) is not None:
        return refused
    user = _authenticate(request, method)
    if isinstance(user, HttpResponse):
        return user
    try:
        length = _int_header(request, "Upload-Length", required=False)
        deferred = request.headers.get("Upload-Defer-Length")
        if length is None and deferred != "1":
            raise DomainError("须提供 Upload-Length，或 Upload-Defer-Length: 1")
        if length is not None and deferred is not None:
            raise DomainError("Upload-Length 与 Upload-Defer-Length 不能同时提供")
        if request.headers.get("Upload-Concat"):
            raise DomainError("本服务器不支持 concatenation 扩展")
        metadata = parse_metadata(request.headers.get("Upload-Metadata", ""))
        with_body = _content_length(request) > 0
        if with_body and not _is_offset_body(request):
            return _response(415, f"随创建请求上传数据时，Content-Type 须为 {OFFSET_CONTENT_TYPE}")
        upload = uploads.upload_create(actor=user, length=length, metadata=metadata)
    except DomainError as exc:
        return _error(exc)
    location = request.build_absolute_uri(reverse("evidence:tus_upload", args=[upload.id]))
    headers = {"Location": location}
    if with_body:  # tus "creation-with-upload"
        try:
            _append(request, upload, offset=0)
        except DomainError as exc:
            # The upload exists; the client learns how far it got with HEAD.
            response = _error(exc)
            response["Location"] = location
            return response
    headers.update(_state_headers(upload))
    if not with_body:
        headers.pop("Upload-Offset")
    return _response(201, headers=headers)


@csrf_exempt
def resource(request: HttpRequest, upload_id: uuid.UUID) -> HttpResponse:
    """`evidence/tus/<uuid>`: HEAD, PATCH, DELETE, OPTIONS."""
    method = _method(request)
    if method == "OPTIONS":
        return _options()
    if method not in ("HEAD", "PATCH", "DELETE"):
        return _response(
            405, "此地址只接受 HEAD、PATCH、DELETE 和 OPTIONS", {"Allow": "HEAD, PATCH, DELETE, OPTIONS"}
        )
    if (refused := _precondition(request)) is not None:
        return refused
    user = _authenticate(request, method)
    if isinstance(user, HttpResponse):
        return user
    upload = selectors.upload_get(scope=scope_for(user), user=user, upload_id=upload_id)
    if upload is None:
        return _response(404, "未找到该上传，或您无权访问")
    try:
        uploads.check_open(upload, now=timezone.now())
        if method == "HEAD":
            return _head(upload)
        if method == "DELETE":
            uploads.upload_terminate(upload=upload, actor=user)
            return _response(204)
        # PATCH (tus core)
        if not _is_offset_body(request):
            return _response(415, f"PATCH 的 Content-Type 须为 {OFFSET_CONTENT_TYPE}")
        offset = _int_header(request, "Upload-Offset", required=True)
        assert offset is not None
        result = _append(request, upload, offset=offset)
    except uploads.OffsetMismatch as exc:
        return _response(409, exc.message, {"Upload-Offset": str(upload.offset)})
    except DomainError as exc:
        return _error(exc)
    return _response(204, headers=_state_headers(result.upload))


def _head(upload: Upload) -> HttpResponse:
    if upload.length is not None and upload.offset == upload.length and upload.evidence_id is None:
        # A crash (or a failure) between the last byte and the evidence row: try again now.
        with contextlib.suppress(DomainError):  # the failure is kept on the upload row
            uploads.upload_finalize(upload=upload)
        upload.refresh_from_db()
    headers = _state_headers(upload)
    if upload.metadata:
        headers["Upload-Metadata"] = encode_metadata(upload.metadata)
    response = _response(200, headers=headers)
    response["Cache-Control"] = "no-store"  # tus core: HEAD responses must not be cached
    return response
