"""The electronic case file (电子卷宗; issue 17 part 8): one ZIP per case, verified offline by
tools/verify_case_file.py run as a separate process; a tampered package fails; the archive step refuses
an incomplete file (国办发〔2018〕118号 三（九）; SAMR 程序规定 Art.78); the API serves it to staff only."""

from __future__ import annotations

import io
import itertools
import json
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from zhifa.cases import documents, engine, services
from zhifa.cases.models import Case
from zhifa.cases.tests.conftest import DISCOVERED, PROPOSAL
from zhifa.evidence import casefile
from zhifa.evidence import services as evidence_services
from zhifa.journal.models import JournalEntry
from zhifa.journal.sequencer import integrate_batch
from zhifa.testing import make_case_world, make_user

pytestmark = pytest.mark.django_db

VERIFIER = Path(__file__).resolve().parents[4] / "tools" / "verify_case_file.py"
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(range(256)) * 8
STEPS = [
    ("file", date(2026, 3, 4), "head", {}),
    ("report", date(2026, 3, 20), "officer", None),
    ("serve_notice", date(2026, 3, 23), "head", {}),
    ("close_statement", date(2026, 3, 24), "head", {"waived": True, "summary": "书面放弃"}),
    ("decide", date(2026, 3, 25), "head", {}),
    ("serve_decision", date(2026, 3, 26), "head", {"method": "direct"}),
    # 罚缴分离 (行政处罚法 Art.67): the bank's receipt for the fine of PROPOSAL.
    ("record_payment", date(2026, 3, 27), "head", {"receipt_number": "CF-0001", "receipt_amount": "60000"}),
    ("close", date(2026, 3, 30), "head", {}),
]


@pytest.fixture
def cw():
    return make_case_world()


def _closed_case(cw) -> Case:
    party = services.party_create(
        agency=cw.world.agency_a,
        kind="legal_person",
        name="江北市某食品有限公司",
        address="江北市城关街道1号",
        credit_code="91350100M000100Y43",
    )
    case = services.case_open(
        agency=cw.world.agency_a,
        procedure="general",
        item=cw.world.item_a,
        party=party,
        title="销售不符合食品安全标准的食品",
        place=cw.world.township_a,
        discovered_on=DISCOVERED,
        act_on=date(2026, 2, 20),
        officers=cw.officers[:2],
        lead_officer=cw.officers[0],
        actor=cw.officer_user,
    )
    for name, on, who, data in STEPS:
        data = {**PROPOSAL, "benchmark_id": cw.benchmark.pk} if data is None else data
        actor = cw.head if who == "head" else cw.officer_user
        case = engine.execute(case=case, transition=name, actor=actor, data=data, on=on)
        if name == "report":
            _recording(cw, case)
    return case


def _recording(cw, case: Case) -> None:
    metadata = evidence_services.evidence_metadata_parse(
        agency=cw.world.agency_a,
        data={
            "filename": "现场检查录像.mp4",
            "kind": "video",
            "case_ref": case.case_number,
            "collected_at": "2026-03-05T10:00:00+08:00",
            "collected_place": "江北市城关街道1号",
            "proves": "当事人经营场所内销售不合格食品",
            "collected_by": ",".join(str(o.pk) for o in cw.officers[:2]),
        },
    )
    evidence_services.evidence_ingest_file(
        metadata=metadata, content=ContentFile(MP4, name="x.mp4"), actor=cw.officer_user
    )


def _verify(path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    # The verifier is a stand-alone script: run it as the public would, in its own process.
    return subprocess.run(
        [sys.executable, str(VERIFIER), str(path), *extra], capture_output=True, text=True, timeout=120
    )


def _archived(cw) -> Case:
    case = _closed_case(cw)
    # In use the PDFs are rendered right after each step commits and the sequencer signs a checkpoint
    # within a second; a test's transaction never commits, so both are done here.
    documents.render_pending()
    integrate_batch(force_checkpoint=True)
    case = engine.execute(case=case, transition="archive", actor=cw.head, on=date(2026, 4, 1))
    integrate_batch(force_checkpoint=True)
    return case


def _package(case: Case, tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    package = casefile.build(case=case)
    path = tmp_path / "case-file.zip"
    path.write_bytes(package.file.read())
    return path, package.manifest


def test_an_archived_case_file_is_verified_offline_118_3_9(cw, tmp_path):
    case = _archived(cw)
    assert case.state == "archived"
    path, manifest = _package(case, tmp_path)

    result = _verify(path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK:") and "NOT YET PROVEN" not in result.stdout

    # The layout (docs/case-file.md): every document's PDF and content in the order of the file, the
    # evidence, the entries with their proofs, the signed checkpoint, the 卷内目录 with page numbers.
    kinds = [d["kind"] for d in manifest["documents"]]
    assert kinds[0] == "filing" and "penalty_decision" in kinds and kinds[-1] == "closing"
    assert kinds.count("proof_of_service") == 2
    assert manifest["complete"] and not manifest["journal"]["pending"]
    pages = [(d["first_page"], d["last_page"]) for d in manifest["documents"]]
    assert pages[0][0] == 1 and all(b[0] == a[1] + 1 for a, b in itertools.pairwise(pages))
    assert [e["included"] for e in manifest["evidence"]] == [True]
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        from zhifa.lib.officialdoc import extract_text

        index_text = extract_text(z.read("index.pdf"))
    assert {"manifest.json", "index.pdf", "journal/entries.json", "journal/checkpoint.txt"} <= names
    assert f"evidence/{manifest['evidence'][0]['sha256']}" in names
    assert "卷内目录" in index_text and "行政处罚决定书" in index_text
    # The case's whole record is in the package: each step, the documents' renderings, the evidence.
    steps = JournalEntry.objects.filter(subject=f"cases.case:{case.pk}").count()
    assert manifest["journal"]["entries"] == steps + len(manifest["documents"]) + 1


def test_a_tampered_case_file_fails_verification(cw, tmp_path):
    case = _archived(cw)
    path, manifest = _package(case, tmp_path)
    decision = next(d for d in manifest["documents"] if d["kind"] == "penalty_decision")

    def rewrite(change: Any) -> Path:
        out: Path = tmp_path / f"tampered-{len(list(tmp_path.iterdir()))}.zip"
        with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w") as dst:
            files = {n: src.read(n) for n in src.namelist()}
            change(files)
            for n, data in files.items():
                dst.writestr(n, data)
        return out

    # A document's PDF altered: its hash no longer matches the manifest.
    def alter_pdf(files):
        files[decision["pdf"]] = files[decision["pdf"]].replace(b"%%EOF", b"%%EOF ")

    result = _verify(rewrite(alter_pdf))
    assert result.returncode == 1 and "altered" in result.stderr

    # The same, with the manifest "corrected" to match: the journal entry vouching for the PDF says no.
    def alter_pdf_and_manifest(files):
        import hashlib

        alter_pdf(files)
        m = json.loads(files["manifest.json"])
        digest = hashlib.sha256(files[decision["pdf"]]).hexdigest()
        for f in m["files"]:
            if f["path"] == decision["pdf"]:
                f["sha256"], f["size"] = digest, len(files[decision["pdf"]])
        for d in m["documents"]:
            if d["pdf"] == decision["pdf"]:
                d["pdf_sha256"] = digest
        files["manifest.json"] = json.dumps(m).encode()

    result = _verify(rewrite(alter_pdf_and_manifest))
    assert result.returncode == 1 and "vouches for" in result.stderr

    # A journal entry rewritten (its payload and its leaf, manifest re-hashed): the proof fails.
    def alter_entry(files):
        import base64
        import hashlib

        doc = json.loads(files["journal/entries.json"])
        item = doc["entries"][1]
        item["entry"]["actor_label"] = "他人"
        leaf = json.loads(base64.b64decode(item["leaf"]))
        leaf["actor_label"] = "他人"
        item["leaf"] = base64.b64encode(
            json.dumps(leaf, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()
        ).decode()
        files["journal/entries.json"] = json.dumps(doc, ensure_ascii=False).encode()
        m = json.loads(files["manifest.json"])
        for f in m["files"]:
            if f["path"] == "journal/entries.json":
                data = files["journal/entries.json"]
                f["sha256"], f["size"] = hashlib.sha256(data).hexdigest(), len(data)
        files["manifest.json"] = json.dumps(m).encode()

    result = _verify(rewrite(alter_entry))
    assert result.returncode == 1 and "signed root" in result.stderr

    # The checkpoint's signature altered (one byte), the manifest re-hashed: the Ed25519 check (the
    # verifier's own RFC 8032 arithmetic) refuses it.
    def alter_signature(files):
        import base64
        import hashlib

        body, _, sigs = files["journal/checkpoint.txt"].decode().partition("\n\n")
        name, _, sig = sigs.strip().rpartition(" ")
        raw = bytearray(base64.b64decode(sig))
        raw[10] ^= 1
        note = f"{body}\n\n{name} {base64.b64encode(bytes(raw)).decode()}\n".encode()
        files["journal/checkpoint.txt"] = note
        m = json.loads(files["manifest.json"])
        for f in m["files"]:
            if f["path"] == "journal/checkpoint.txt":
                f["sha256"], f["size"] = hashlib.sha256(note).hexdigest(), len(note)
        files["manifest.json"] = json.dumps(m).encode()

    result = _verify(rewrite(alter_signature))
    assert result.returncode == 1 and "signature is invalid" in result.stderr

    # A document taken out of the file (its files and its manifest rows): the archive entry, which names
    # the documents sealed at archiving, says the file is short of one.
    def drop_document(files):
        for key in (decision["pdf"], decision["content"]):
            del files[key]
        m = json.loads(files["manifest.json"])
        m["files"] = [f for f in m["files"] if f["path"] not in (decision["pdf"], decision["content"])]
        m["documents"] = [d for d in m["documents"] if d["pdf"] != decision["pdf"]]
        files["manifest.json"] = json.dumps(m).encode()

    result = _verify(rewrite(drop_document))
    assert result.returncode == 1 and "archive entry sealed" in result.stderr

    # A key other than the log's: the checkpoint's signature is refused.
    other = "zhifa.local/journal+00000000+AQ" + "A" * 42 + "="
    assert _verify(path, "--key", other).returncode == 1


def test_archive_refuses_a_case_whose_record_is_not_yet_under_a_signed_checkpoint_118_3_9(cw):
    case = _closed_case(cw)
    with pytest.raises(engine.TransitionRefused, match="尚未纳入已签名的检查点") as refused:
        engine.execute(case=case, transition="archive", actor=cw.head, on=date(2026, 4, 1))
    assert refused.value.refusals[0].article.startswith("国办发〔2018〕118号 三（九）")
    integrate_batch(force_checkpoint=True)
    case = engine.execute(case=case, transition="archive", actor=cw.head, on=date(2026, 4, 1))
    assert case.state == "archived"


def test_archive_refuses_a_case_file_missing_documents_and_service_proofs_samr_art78(cw):
    """A case brought to 结案 outside the steps (an imported case): no 告知书, 决定书 or 结案审批表 in its
    file, so no 送达回证 either — the archive step names each."""
    party = services.party_create(
        agency=cw.world.agency_a, kind="natural_person", name="张某", address="江北市城关街道2号"
    )
    case = services.case_open(
        agency=cw.world.agency_a,
        procedure="general",
        item=cw.world.item_a,
        party=party,
        title="销售过期食品",
        place=cw.world.township_a,
        discovered_on=DISCOVERED,
        act_on=date(2026, 2, 20),
        officers=cw.officers[:2],
        lead_officer=cw.officers[0],
        actor=cw.officer_user,
    )
    case = engine.execute(case=case, transition="file", actor=cw.head, on=date(2026, 3, 4))
    Case.objects.filter(pk=case.pk).update(
        state="closed", decision_number="江北市监罚〔2026〕99号", closed_on=date(2026, 3, 30)
    )
    integrate_batch(force_checkpoint=True)
    with pytest.raises(engine.TransitionRefused) as refused:
        engine.execute(
            case=Case.objects.get(pk=case.pk), transition="archive", actor=cw.head, on=date(2026, 4, 1)
        )
    message = str(refused.value)
    assert "缺少行政处罚事先告知书、行政处罚决定书、结案审批表" in message


def test_the_case_file_endpoint_serves_staff_of_the_case_only(cw, tmp_path):
    case = _closed_case(cw)
    integrate_batch(force_checkpoint=True)
    url = f"/api/v1/cases/{case.pk}/case-file"
    assert Client().get(url).status_code == 401

    clerk = make_user(username="clerk1", role="publicity_clerk", agency=cw.world.agency_a)
    other = make_user(username="other1", role="officer", agency=cw.world.agency_b)
    supervisor = make_user(username="sup1", role="supervisor", region=cw.world.city)
    for user, status in ((clerk, 403), (other, 404)):
        client = Client()
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == status, (user.role, response.content)
        assert "message" in response.json() or "detail" in response.json()

    for user in (cw.officer_user, supervisor):
        client = Client()
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/zip"
        with zipfile.ZipFile(io.BytesIO(response.getvalue())) as z:
            assert json.loads(z.read("manifest.json"))["case"]["id"] == case.pk
    # Each download is itself recorded (DESIGN.md invariant 8).
    assert JournalEntry.objects.filter(event_type="casefile.downloaded").count() == 2
    assert JournalEntry.objects.filter(event_type="casefile.downloaded", actor_id=clerk.pk).count() == 0


def test_the_case_detail_lists_its_violations(cw):
    case = _closed_case(cw)
    client = Client()
    client.force_login(cw.officer_user)
    body = client.get(f"/api/v1/cases/{case.pk}").json()
    [violation] = body["violations"]
    assert violation["item_code"] == cw.world.item_a.code
    assert violation["facts"] == PROPOSAL["facts"]
    assert violation["benchmark_tier"] == "minor"
    assert violation["ordinal"] == 1 and isinstance(violation["legal_basis"], str)
    assert violation["penalty_kinds"] == ["罚款"] and violation["fine_amount"] is not None


def test_the_case_page_links_the_case_file_for_those_who_may_take_it(cw):
    case = _closed_case(cw)
    link = f"/api/v1/cases/{case.pk}/case-file"
    client = Client()
    client.force_login(cw.head)
    assert link in client.get(f"/workbench/cases/{case.pk}/").content.decode()
    clerk = make_user(username="clerk2", role="publicity_clerk", agency=cw.world.agency_a)
    client.force_login(clerk)
    page = client.get(f"/workbench/cases/{case.pk}/")
    assert link not in page.content.decode()
