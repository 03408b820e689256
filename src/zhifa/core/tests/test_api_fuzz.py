"""The REST API fuzzed from its own OpenAPI document (schemathesis, through WSGI, no server): with the
tokens of an officer and of a publicity clerk, every operation gets a few generated requests, valid and
invalid. No answer may be a server error, every status code must be documented for its operation, and
every body must match the documented schema. Bounded (a few examples per operation per role and mode)
and derandomized, so a run is reproducible and takes a minute or two."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from zhifa.accounts.services import api_token_create
from zhifa.cases import services as case_services
from zhifa.evidence import services as evidence_services
from zhifa.evidence.services import evidence_metadata_parse
from zhifa.publicity.registration import decision_register
from zhifa.publicity.tests.test_registration import licensing
from zhifa.testing import make_case_world, make_user

# tus PATCH bodies (evidence/tus.py, described in the OpenAPI document) are raw bytes.
schemathesis.serializer.alias("application/offset+octet-stream", "application/octet-stream")

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = 4  # per operation, role and mode: ~40 operations x 2 roles x 2 modes


def _world() -> tuple[dict[str, str], dict[str, int]]:
    """Tokens of two roles, and the ids of real rows, so that part of the run reaches past the lookups."""
    cw = make_case_world()
    party = case_services.party_create(
        agency=cw.world.agency_a, kind="natural_person", name="张三", address="江北市城关街道"
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
    clerk = make_user(username="fuzzclerk", role="publicity_clerk", agency=cw.world.agency_a)
    pub = decision_register(agency=cw.world.agency_a, decision=licensing(), actor=clerk)
    evidence = evidence_services.evidence_ingest_file(
        metadata=evidence_metadata_parse(
            agency=cw.world.agency_a,
            data={
                "filename": "现场照片.jpg",
                "kind": "photo",
                "case_ref": str(case.pk),
                "collected_at": "2026-03-02T10:00:00+08:00",
                "collected_place": "江北区城关街道人民路 8 号",
                "proves": "当事人在经营场所销售过期食品",
                "collected_by": str(cw.officers[0].pk),
            },
        ),
        content=SimpleUploadedFile("p.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256))),
        actor=cw.officer_user,
    )
    tokens = {
        role: api_token_create(user=user, name="fuzz", actor=None)[1]
        for role, user in (("officer", cw.officer_user), ("publicity_clerk", clerk))
    }
    known = {
        "case_id": case.pk,
        "agency_id": cw.world.agency_a.pk,
        "officer_id": cw.officers[0].pk,
        "item_id": cw.world.item_a.pk,
        "certificate_id": cw.officers[0].certificates.get().pk,
        "publication_id": pub.pk,
        "evidence_id": evidence.pk,
    }
    return tokens, known


def _run(
    operation: Any, token: str, mode: GenerationMode, seen: Counter[int], path: dict[str, int] | None = None
) -> None:
    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=path))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        response = case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
        seen[response.status_code] += 1

    run()


@pytest.fixture
def keep_test_connection() -> Iterator[None]:
    """The WSGI handler closes the database connection after each request, which would close the test's
    transaction; Django's test client disconnects the same receivers."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.slow
@pytest.mark.django_db
def test_api_fuzz_no_server_error_and_every_answer_documented(
    keep_test_connection: None, settings: Any, tmp_path: Path
) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "blobs")},
        },
    }
    settings.ZHIFA_EVIDENCE_UPLOAD_DIR = tmp_path / "uploads"
    tokens, known = _world()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    failures: list[str] = []
    seen: Counter[int] = Counter()
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for role, token in tokens.items():
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                try:
                    _run(operation, token, mode, seen)
                except Exception as exc:  # every failing operation is reported, not only the first
                    failures.append(f"{operation.label} [{role}, {mode.value}]: {exc}")
            # Then with the ids of real rows in the path: the endpoint itself meets the generated data.
            path = {name: known[name] for name in re.findall(r"{(\w+)}", operation.path) if name in known}
            if path:
                try:
                    _run(operation, token, GenerationMode.POSITIVE, seen, path)
                except Exception as exc:
                    failures.append(f"{operation.label} [{role}, known ids]: {exc}")
    assert not failures, "\n\n".join(failures)
    assert operations >= 40
    # The run reached the endpoints (not only the validation in front of them) and was refused too.
    print(f"schemathesis: {operations} operations, answers {dict(sorted(seen.items()))}")
    assert seen[200] > 0 and seen[404] > 0 and seen[422] > 0


def test_every_operation_documents_its_refusals(client: Any) -> None:
    """403, 404 and 422 (with `detail`, `rule`, `refusals`) on every operation of the API (core.api.ERRORS),
    so a calling system can rely on the shape of every refusal."""
    document = client.get("/api/v1/openapi.json").json()
    schemas = document["components"]["schemas"]
    operations = [
        (path, method, op)
        for path, item in document["paths"].items()
        if path.startswith("/api/v1/")
        for method, op in item.items()
    ]
    assert len(operations) >= 38
    for path, method, op in operations:
        assert {"400", "401", "403", "404", "422"} <= set(op["responses"]), (method, path)
        ref = op["responses"]["422"]["content"]["application/json"]["schema"]["$ref"]
        refused = schemas[ref.rsplit("/", 1)[1]]
        assert {"detail", "rule", "refusals"} <= set(refused["properties"]), (method, path)
