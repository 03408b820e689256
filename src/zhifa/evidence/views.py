"""Workbench pages for evidence: list, detail (with the custody record), download, and the plain upload
form for small files. Views are thin; every read of an item or its bytes is journaled by the services."""

from __future__ import annotations

import base64

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET

from zhifa.accounts.permissions import refusal_for
from zhifa.accounts.selectors import scope_for
from zhifa.core.errors import DomainError, NotFound
from zhifa.core.params import page_number, query_date
from zhifa.evidence import conf, recording, selectors, services
from zhifa.evidence.models import Evidence, EvidenceKind
from zhifa.evidence.services import METADATA_KEYS, MetadataError
from zhifa.evidence.tus import TUS_EXTENSIONS, TUS_VERSION
from zhifa.journal import events

PAGE_SIZE = 50
# Only these are shown in the browser; anything else (HTML, SVG, scripts …) is always a download.
INLINE_TYPES = ("image/jpeg", "image/png", "image/gif", "image/webp", "application/pdf")
INLINE_PREFIXES = ("audio/", "video/")
EVENT_LABELS = {
    "evidence.uploaded": "上传入库",
    "evidence.viewed": "查看",
    "evidence.downloaded": "下载原件",
    "evidence.superseded": "被更正",
    "evidence.verified": "完整性核验",
}


def _evidence(request: HttpRequest, evidence_id: int) -> Evidence:
    try:
        return selectors.evidence_get(scope=scope_for(request.user), evidence_id=evidence_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@login_required
@require_GET
def evidence_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    if kind not in EvidenceKind.values:
        kind = ""
    case_ref = request.GET.get("case_ref", "").strip()
    date_from = query_date(request.GET.get("from"), name="from", label="收集日期起")
    date_to = query_date(request.GET.get("to"), name="to", label="收集日期止")
    qs = selectors.evidence_list(
        scope=scope_for(request.user),
        kind=kind,
        case_ref=case_ref,
        collected_from=date_from,
        collected_to=date_to,
    )
    page = Paginator(qs, PAGE_SIZE).get_page(page_number(request.GET.get("page")))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "evidence/list.html",
        {
            "page": page,
            "kinds": EvidenceKind.choices,
            "kind": kind,
            "case_ref": case_ref,
            "date_from": date_from,
            "date_to": date_to,
            "query": query.urlencode(),
            "can_upload": getattr(request.user, "agency_id", None) is not None,
        },
    )


@login_required
@require_GET
def evidence_detail(request: HttpRequest, evidence_id: int) -> HttpResponse:
    evidence = _evidence(request, evidence_id)
    scope = scope_for(request.user)
    # Invariant 8: the read is journaled before the page shows anything (and so appears in the history).
    services.evidence_viewed(evidence=evidence, actor=request.user)
    history = [
        (entry, EVENT_LABELS.get(entry.event_type) or events.label(entry.event_type))
        for entry in selectors.custody_history(scope=scope, evidence=evidence)
    ]
    return render(
        request,
        "evidence/detail.html",
        {
            "evidence": evidence,
            "history": history,
            "same_bytes": list(selectors.same_bytes(scope=scope, evidence=evidence)[:20]),
            "corrections": list(evidence.superseded_by.all()),
            "inline": _inline_ok(evidence.content_type),
            "can_correct": getattr(request.user, "agency_id", None) == evidence.agency_id,
        },
    )


def _inline_ok(content_type: str) -> bool:
    return content_type in INLINE_TYPES or content_type.startswith(INLINE_PREFIXES)


def _file_response(request: HttpRequest, evidence_id: int, *, download: bool) -> FileResponse:
    evidence = _evidence(request, evidence_id)
    download = download or not _inline_ok(evidence.content_type)
    fh = services.evidence_open(evidence=evidence, actor=request.user, download=download)
    # FileResponse streams the storage file in blocks; nothing is read whole into memory.
    response = FileResponse(
        fh,
        as_attachment=download,
        filename=evidence.original_filename,
        content_type=evidence.content_type,
    )
    response["Content-Length"] = str(evidence.size)
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    # RFC 9530: the digest of the whole representation, so a client can check what it received.
    response["Repr-Digest"] = f"sha-256=:{base64.b64encode(bytes.fromhex(evidence.sha256)).decode()}:"
    return response


@login_required
@require_GET
def evidence_download(request: HttpRequest, evidence_id: int) -> FileResponse:
    return _file_response(request, evidence_id, download=True)


@login_required
@require_GET
def evidence_content(request: HttpRequest, evidence_id: int) -> FileResponse:
    return _file_response(request, evidence_id, download=False)


# --- the plain form (small files) ----------------------------------------------------------------------


@csrf_exempt
@login_required
def evidence_upload(request: HttpRequest) -> HttpResponse:
    """Spool every uploaded file to disk, whatever its size (Django keeps files under 2.5 MB in memory by
    default). The handlers must be set before anything reads request.POST, which the CSRF check does
    first; so this outer view is exempt and `_upload_form` does the CSRF check (the pattern Django
    documents for changing upload handlers). An oversized body is refused here, before it is parsed."""
    if request.method == "POST":
        if int(request.META.get("CONTENT_LENGTH") or 0) > conf.form_max_bytes() + conf.MIB:
            return _render_form(request, values={}, errors={"file": _too_large()}, status=413)
        request.upload_handlers = [TemporaryFileUploadHandler(request)]
    return _upload_form(request)


@csrf_protect
def _upload_form(request: HttpRequest) -> HttpResponse:
    agency = getattr(request.user, "agency", None)
    if agency is None:
        refusal = {"general": "只有执法主体的工作人员可以上传证据"}
        return _render_form(request, values={}, errors=refusal, status=403)
    why = refusal_for(request.user, action=services.UPLOAD)
    if why:
        return _render_form(request, values={}, errors={"general": why}, status=403)
    if request.method != "POST":
        values = {k: request.GET.get(k, "") for k in ("case_ref", "supersedes", "step")}
        return _render_form(request, values=values, errors={}, status=200)
    values = {k: request.POST.get(k, "") for k in METADATA_KEYS}
    values["collected_by"] = ",".join(request.POST.getlist("collected_by"))
    errors: dict[str, str] = {}
    uploaded = request.FILES.get("file")
    if not isinstance(uploaded, UploadedFile):
        errors["file"] = "请选择要上传的文件"
    else:
        values["filename"] = uploaded.name or ""
    try:
        metadata = services.evidence_metadata_parse(agency=agency, data=values)
        if isinstance(uploaded, UploadedFile):
            evidence = services.evidence_ingest_file(metadata=metadata, content=uploaded, actor=request.user)
            messages.success(request, f"证据已入库（编号 {evidence.pk}）")
            return redirect("evidence:detail", evidence_id=evidence.pk)
    except MetadataError as exc:
        errors.update(exc.errors)
    except DomainError as exc:
        errors[exc.field or "general"] = exc.message
    if "file" in errors:
        errors.pop("filename", None)
    return _render_form(request, values=values, errors=errors, status=400)


def _render_form(
    request: HttpRequest, *, values: dict[str, str], errors: dict[str, str], status: int
) -> HttpResponse:
    agency_id = getattr(request.user, "agency_id", None)
    officers = list(selectors.officers_for_upload(agency_id=agency_id)) if agency_id is not None else []
    chosen = {p for p in values.get("collected_by", "").split(",") if p}
    return render(
        request,
        "evidence/upload.html",
        {
            "values": values,
            "errors": errors,
            "can_upload": agency_id is not None and not refusal_for(request.user, action=services.UPLOAD),
            "kinds": EvidenceKind.choices,
            "steps": recording.step_choices(),
            "officers": [(o, str(o.pk) in chosen) for o in officers],
            "form_max": conf.human_size(conf.form_max_bytes()),
            "max_size": conf.human_size(conf.max_bytes()),
            "tus_endpoint": request.build_absolute_uri(reverse("evidence:tus")),
            "tus_version": TUS_VERSION,
            "tus_extensions": ",".join(TUS_EXTENSIONS),
            "in_progress": list(
                selectors.uploads_in_progress(scope=scope_for(request.user), user=request.user)[:20]
            ),
        },
        status=status,
    )


def _too_large() -> str:
    return f"表单上传的文件不能超过 {conf.human_size(conf.form_max_bytes())}；大文件请用断点续传（tus）接口"
