"""Evidence over REST (evidence/api.py): the list, a case's evidence, an item's metadata (the read
journaled, invariant 8) and its chain of custody, the caller's uploads in progress, and the tus endpoint
described in the OpenAPI document. Scoped like the workbench: another agency's item is a 404."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from zhifa.accounts.services import api_token_create
from zhifa.cases import services as case_services
from zhifa.evidence import services
from zhifa.evidence.models import Evidence
from zhifa.evidence.services import evidence_metadata_parse
from zhifa.evidence.tests.helpers import meta
from zhifa.journal.models import JournalEntry
from zhifa.testing import make_case_world, make_user

pytestmark = pytest.mark.django_db

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)) * 8


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _evidence(env: Any, **overrides: str) -> Evidence:
    metadata = evidence_metadata_parse(agency=env.world.agency_a, data=meta(env, kind="photo", **overrides))
    return services.evidence_ingest_file(
        metadata=metadata, content=SimpleUploadedFile("p.jpg", JPEG), actor=env.user_a
    )


def test_list_and_metadata_are_scoped_and_the_read_is_journaled(env: Any) -> None:
    client = Client()
    item = _evidence(env)
    listed = client.get("/api/v1/evidence", {"kind": "photo"}, headers=_auth(env.token_a))
    assert listed.status_code == 200 and [e["id"] for e in listed.json()["items"]] == [item.pk]
    assert client.get("/api/v1/evidence", headers=_auth(env.token_b)).json()["items"] == []

    detail = client.get(f"/api/v1/evidence/{item.pk}", headers=_auth(env.token_a))
    assert detail.status_code == 200
    body = detail.json()
    assert body["sha256"] == item.sha256 and body["kind_label"] == "照片"
    assert body["collected_by"] == ["李明", "赵强"] and body["download_url"].endswith(f"/{item.pk}/download/")
    viewed = JournalEntry.objects.filter(event_type="evidence.viewed", subject=f"evidence.evidence:{item.pk}")
    assert [e.payload_data["mode"] for e in viewed] == ["api"]

    assert client.get(f"/api/v1/evidence/{item.pk}", headers=_auth(env.token_b)).status_code == 404
    assert client.get(f"/api/v1/evidence/{item.pk}/custody", headers=_auth(env.token_b)).status_code == 404
    assert client.get("/api/v1/evidence/99999999999999999999", headers=_auth(env.token_a)).status_code == 404


def test_custody_lists_every_entry_about_the_item_with_its_label(env: Any) -> None:
    client = Client()
    item = _evidence(env)
    client.get(f"/api/v1/evidence/{item.pk}", headers=_auth(env.token_a))
    custody = client.get(f"/api/v1/evidence/{item.pk}/custody", headers=_auth(env.token_a))
    assert custody.status_code == 200
    assert [(e["event_type"], e["label"]) for e in custody.json()] == [
        ("evidence.uploaded", "上传入库"),
        ("evidence.viewed", "查看"),
    ]


def test_bad_list_parameters_are_refused_not_server_errors(env: Any) -> None:
    client = Client()
    for query in (
        {"collected_from": "2026-13-40"},
        {"collected_to": "9999-12-31"},
        {"offset": "-1"},
        {"limit": "0"},
    ):
        response = client.get("/api/v1/evidence", query, headers=_auth(env.token_a))
        assert response.status_code == 422, query
        assert response.json()["detail"].startswith("请求数据格式不正确")


def test_a_cases_evidence(isolated_store: Any) -> None:
    cw = make_case_world()
    party = case_services.party_create(
        agency=cw.world.agency_a, kind="natural_person", name="张三", address="江北"
    )
    case = case_services.case_open(
        agency=cw.world.agency_a,
        procedure="general",
        item=cw.world.item_a,
        party=party,
        title="销售不符合食品安全标准的食品",
        place=cw.world.township_a,
        discovered_on=date(2026, 3, 2),
        act_on=date(2026, 2, 20),
        officers=cw.officers[:2],
        lead_officer=cw.officers[0],
        actor=cw.officer_user,
    )
    data = {
        "filename": "现场照片.jpg",
        "kind": "photo",
        "collected_at": "2026-03-02T10:00:00+08:00",
        "collected_place": "江北区城关街道人民路 8 号",
        "proves": "当事人在经营场所销售过期食品",
        "collected_by": str(cw.officers[0].pk),
    }
    ours = services.evidence_ingest_file(
        metadata=evidence_metadata_parse(agency=cw.world.agency_a, data={**data, "case_ref": str(case.pk)}),
        content=SimpleUploadedFile("p.jpg", JPEG),
        actor=cw.officer_user,
    )
    services.evidence_ingest_file(  # another case's, and one filed under no case
        metadata=evidence_metadata_parse(agency=cw.world.agency_a, data={**data, "case_ref": "其他案件"}),
        content=SimpleUploadedFile("q.jpg", JPEG + b"1"),
        actor=cw.officer_user,
    )
    services.evidence_ingest_file(
        metadata=evidence_metadata_parse(agency=cw.world.agency_a, data=data),
        content=SimpleUploadedFile("r.jpg", JPEG + b"2"),
        actor=cw.officer_user,
    )
    client = Client()
    token = api_token_create(user=cw.officer_user, name="t", actor=None)[1]
    listed = client.get(f"/api/v1/cases/{case.pk}/evidence", headers=_auth(token))
    assert listed.status_code == 200 and [e["id"] for e in listed.json()["items"]] == [ours.pk]
    stranger = make_user(username="env_officer", role="officer", agency=cw.world.agency_b)
    other = api_token_create(user=stranger, name="t", actor=None)[1]
    assert client.get(f"/api/v1/cases/{case.pk}/evidence", headers=_auth(other)).status_code == 404


def test_uploads_in_progress_and_the_tus_endpoint_in_the_openapi_document(env: Any, tus_a: Any) -> None:
    created = tus_a.create(len(JPEG), meta(env, kind="photo", filename="半途.jpg"))
    assert created.status_code == 201
    client = Client()
    uploads = client.get("/api/v1/evidence/uploads", headers=_auth(env.token_a)).json()
    assert [(u["filename"], u["offset"], u["length"]) for u in uploads] == [("半途.jpg", 0, len(JPEG))]
    assert created["Location"].endswith(uploads[0]["url"])
    assert client.get("/api/v1/evidence/uploads", headers=_auth(env.token_b)).json() == []

    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"post"} <= set(paths["/evidence/tus/"])
    assert {"head", "patch", "delete"} <= set(paths["/evidence/tus/{upload_id}"])
    assert "Upload-Offset" in {p["name"] for p in paths["/evidence/tus/{upload_id}"]["patch"]["parameters"]}


def test_a_supervisor_reads_the_regions_evidence_but_may_not_upload(env: Any) -> None:
    """A supervisor (a region's scope, no agency) sees the evidence of the agencies below, read-only:
    the tus creation described in the OpenAPI document refuses the upload (403)."""
    item = _evidence(env)
    supervisor = make_user(username="sup_ev", role="supervisor", region=env.world.city)
    token = api_token_create(user=supervisor, name="t", actor=None)[1]
    client = Client()
    assert client.get(f"/api/v1/evidence/{item.pk}", headers=_auth(token)).status_code == 200
    refused = client.generic(
        "POST",
        "/evidence/tus/",
        b"",
        headers={**_auth(token), "Tus-Resumable": "1.0.0", "Upload-Length": "10"},
    )
    assert refused.status_code == 403 and "执法主体的工作人员" in refused.content.decode()
    assert client.get("/api/v1/evidence/uploads", headers=_auth(token)).json() == []
